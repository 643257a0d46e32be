//! How processes end, and what their end tells others: exit signals along links, `Down`
//! messages to monitors, crash lines on stderr.

use std::sync::Arc;

use super::scheduler::{self, is_main};
use super::{Local, Process, RunState, pid_word, ref_word, table};
use crate::atom;
use crate::value::{drop_value, make_con, make_string, nullary};

/// Why a process ended (`Control.Process.ExitReason`), plus what only the runtime sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Normal,
    Shutdown,
    Killed,
    /// `exit` with another atom (the atom word).
    Exited(u64),
    /// A crash: `display` is the stderr text (`error: boom`), `message` what `Crashed` carries.
    Crashed {
        display: String,
        message: String,
    },
    NoProc,
    /// `main`'s entry returned a non-zero status (never seen by Mote code).
    Status(i64),
}

impl Reason {
    /// A crash whose stderr text and `Crashed` message are the same.
    pub fn crashed(text: impl Into<String>) -> Reason {
        let text = text.into();
        Reason::Crashed { display: text.clone(), message: text }
    }

    /// The reason an atom names (`processExit`, `processExitProc`).
    pub fn from_atom(a: u64) -> Reason {
        match &*atom::name(a) {
            "normal" => Reason::Normal,
            "shutdown" => Reason::Shutdown,
            "kill" => Reason::Killed,
            _ => Reason::Exited(a),
        }
    }

    /// How the reason reads on stderr.
    pub fn describe(&self) -> String {
        match self {
            Reason::Normal => "normal".into(),
            Reason::Shutdown => "shutdown".into(),
            Reason::Killed => "killed".into(),
            Reason::Exited(a) => format!("exit {}", atom::show_atom(&atom::name(*a))),
            Reason::Crashed { display, .. } => display.clone(),
            Reason::NoProc => "noproc".into(),
            Reason::Status(s) => format!("exit status {s}"),
        }
    }

    /// The `ExitReason` value (owned), built with the program's constructor ids.
    pub fn value(&self) -> u64 {
        let ids = crate::program::process_ctors();
        match self {
            Reason::Normal | Reason::Status(_) => nullary(ids.normal),
            Reason::Shutdown => nullary(ids.shutdown),
            Reason::Killed => nullary(ids.killed),
            Reason::NoProc => nullary(ids.no_proc),
            Reason::Exited(a) => make_con(ids.exited, &[*a]),
            Reason::Crashed { message, .. } => make_con(ids.crashed, &[make_string(message)]),
        }
    }
}

/// Puts an owned message in `p`'s mailbox, waking it if it waits; drops it if `p` has ended.
pub fn deliver(p: &Arc<Process>, msg: u64) {
    let mut shared = p.shared();
    if shared.state == RunState::Dead {
        drop(shared);
        drop_value(msg);
        return;
    }
    if matches!(shared.state, RunState::Waiting { .. }) && shared.messages.is_empty() {
        // SAFETY: the process waits and has nothing in `Shared::messages`, and we hold its
        // lock: the one case where a sender may use its queue (`Process::queue`).
        unsafe { p.queue() }.push_back(msg);
    } else {
        shared.messages.push_back(msg);
    }
    wake_locked(p, &mut shared);
}

/// Makes a waiting process runnable (with its lock held) and queues it.
fn wake_locked(p: &Arc<Process>, shared: &mut super::Shared) {
    if let RunState::Waiting { .. } = shared.state {
        shared.state = RunState::Runnable;
        scheduler::wake(p.clone());
    }
}

/// Wakes `p` if it waits: something it must look at (a kill, a timeout) arrived.
pub fn nudge(p: &Arc<Process>, shared: &mut super::Shared) {
    wake_locked(p, shared)
}

/// An exit signal from `from` to `to` with `reason`: along a link (`linked`), or sent by
/// `processExitProc` (`:kill` is then untrappable).
pub fn exit_signal(from: u64, to: &Arc<Process>, reason: &Reason, linked: bool) {
    let mut shared = to.shared();
    if shared.state == RunState::Dead {
        return;
    }
    if linked {
        shared.links.retain(|&l| l != from);
    }
    if !linked && *reason == Reason::Killed {
        to.set_kill(&mut shared, Some(Reason::Killed));
    } else if shared.trap_exit {
        let ids = crate::program::process_ctors();
        shared.messages.push_back(make_con(ids.exit, &[pid_word(from), reason.value()]));
    } else if *reason != Reason::Normal {
        if shared.kill.is_none() {
            to.set_kill(&mut shared, Some(reason.clone()));
        }
    } else {
        return;
    }
    wake_locked(to, &mut shared);
}

/// Finishes a process that has ended: frees its mailbox, frees its name, signals its links and
/// monitors, reports a crash. Runs on its scheduler, with the process switched out for good.
pub fn finish(p: &Arc<Process>, local: &mut Local, reason: Reason) {
    let (messages, links, monitored_by, name) = {
        let mut shared = p.shared();
        shared.state = RunState::Dead;
        p.set_kill(&mut shared, None);
        (
            std::mem::take(&mut shared.messages),
            std::mem::take(&mut shared.links),
            std::mem::take(&mut shared.monitored_by),
            shared.name.take(),
        )
    };
    // SAFETY: the process has ended and is switched out for good; `Dead` (set above, under the
    // lock) keeps senders away from its queue.
    for m in messages.into_iter().chain(unsafe { p.queue() }.drain(..)) {
        drop_value(m);
    }
    if let Some(name) = name {
        table::forget(name, p.pid);
    }
    local.partner = None;
    for (r, target) in std::mem::take(&mut local.monitors) {
        forget_monitor(target, r);
    }
    table::remove(p.pid);
    let main = is_main(p.pid);
    if let Reason::Crashed { display, .. } = &reason
        && !main
        && !local.signalled
    {
        crate::io::write_stderr_line(&format!("process {} crashed: {}", p.show(), display.replace('\n', " ")));
    }
    for l in links {
        if let Some(t) = table::lookup(l) {
            exit_signal(p.pid, &t, &reason, true);
        }
    }
    for (r, watcher) in monitored_by {
        if let Some(w) = table::lookup(watcher) {
            let ids = crate::program::process_ctors();
            deliver(&w, make_con(ids.down, &[ref_word(r), p.word(), reason.value()]));
        }
    }
    if main {
        let status = match &reason {
            Reason::Normal => 0,
            Reason::Status(s) => *s as i32,
            other => {
                crate::io::flush_stdout();
                crate::io::write_stderr_line(&format!("main crashed: {}", other.describe().replace('\n', " ")));
                1
            }
        };
        scheduler::main_ended(status);
    }
}

/// Links `me` and `other` both ways. False when `other` has ended.
pub fn link(me: &Arc<Process>, other: &Arc<Process>) -> bool {
    if Arc::ptr_eq(me, other) {
        return true;
    }
    // Lock in pid order, so two processes linking each other cannot deadlock.
    let (first, second) = if me.pid < other.pid { (me, other) } else { (other, me) };
    let mut a = first.shared();
    let mut b = second.shared();
    let (mine, theirs) = if me.pid < other.pid { (&mut a, &mut b) } else { (&mut b, &mut a) };
    if theirs.state == RunState::Dead {
        return false;
    }
    if !mine.links.contains(&other.pid) {
        mine.links.push(other.pid);
    }
    if !theirs.links.contains(&me.pid) {
        theirs.links.push(me.pid);
    }
    true
}

pub fn unlink(me: &Arc<Process>, other_pid: u64) {
    me.shared().links.retain(|&l| l != other_pid);
    if let Some(o) = table::lookup(other_pid) {
        o.shared().links.retain(|&l| l != me.pid);
    }
}

/// Removes monitor `r` from the process numbered `target`, if it lives.
pub fn forget_monitor(target: u64, r: u64) {
    if let Some(t) = table::lookup(target) {
        t.shared().monitored_by.retain(|&(m, _)| m != r);
    }
}

/// Makes `watcher` monitor `target` with ref number `r`. False when `target` has ended.
pub fn monitor(watcher: u64, target: &Arc<Process>, r: u64) -> bool {
    let mut shared = target.shared();
    if shared.state == RunState::Dead {
        return false;
    }
    shared.monitored_by.push((r, watcher));
    true
}
