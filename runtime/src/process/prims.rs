//! The process primitives of stdlib/PRIMITIVES.md ("Processes", "Time"; pids and refs).

#![allow(non_snake_case)]

use std::sync::Arc;

use super::scheduler::{self, current, die, end_if_killed};
use super::signals::{self, Reason};
use super::{Process, Start, copy_value, pid_number, pid_word, ref_number, ref_word, show_pid, table, timer};
use crate::error::crash;
use crate::value::{NIL, UNIT, bool_value, bool_word, is_atom, just, make_string, make_tuple};

fn me() -> Arc<Process> {
    current().unwrap_or_else(|| crate::error::fatal("a process primitive ran outside any process"))
}

fn pid_of(v: u64) -> u64 {
    pid_number(v).unwrap_or_else(|| crash("bad argument: expected a Pid"))
}

fn ref_of(v: u64) -> u64 {
    ref_number(v).unwrap_or_else(|| crash("bad argument: expected a Ref"))
}

fn atom_of(v: u64) -> u64 {
    if !is_atom(v) {
        crash("bad argument: expected an Atom");
    }
    v
}

/// Starts a process running a copy of `action`; links or monitors it before it can run.
fn spawn(action: u64, link: bool, monitor: Option<u64>) -> Arc<Process> {
    let parent = me();
    let child = Process::new(Start::Action(copy_value(action)));
    table::insert(&child);
    if link {
        signals::link(&parent, &child);
    }
    if let Some(r) = monitor {
        signals::monitor(parent.pid, &child, r);
        // SAFETY: the running process owns its local state.
        unsafe { parent.local() }.monitors.push((r, child.pid));
    }
    scheduler::spawn(child.clone());
    child
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processSpawn(action: u64) -> u64 {
    spawn(action, false, None).word()
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processSpawnLink(action: u64) -> u64 {
    spawn(action, true, None).word()
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processSpawnMonitor(action: u64) -> u64 {
    let r = super::new_ref();
    let child = spawn(action, false, Some(r));
    make_tuple(&[child.word(), ref_word(r)])
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processSelf() -> u64 {
    scheduler::running_process("processSelf").word()
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processIsAlive(pid: u64) -> u64 {
    let n = pid_of(pid);
    bool_word(table::lookup(n).is_some_and(|p| p.shared().state != super::RunState::Dead))
}

/// Sends a copy of `msg` to pid number `to`, if it lives.
fn send(to: u64, msg: u64) {
    let me = scheduler::running_process("processSend");
    // SAFETY: the running process owns its local state; nothing below borrows it again.
    let local = unsafe { me.local() };
    if local.partner.as_ref().is_none_or(|p| p.pid != to) {
        local.partner = table::lookup(to);
    }
    // A partner that has ended since is `Dead`: `deliver` drops the message, as for no process.
    if let Some(p) = &local.partner {
        signals::deliver(p, copy_value(msg));
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processSend(pid: u64, msg: u64) -> u64 {
    send(pid_of(pid), msg);
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processSendNamed(name: u64, msg: u64) -> u64 {
    let name = atom_of(name);
    match table::whereis(name) {
        Some(pid) => send(pid, msg),
        None => crash(&format!("no process is registered as {}", crate::generic::show(name))),
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processLink(pid: u64) -> u64 {
    let n = pid_of(pid);
    let p = me();
    let linked = table::lookup(n).is_some_and(|other| signals::link(&p, &other));
    if !linked {
        signals::exit_signal(n, &p, &Reason::NoProc, true);
        end_if_killed(p);
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processUnlink(pid: u64) -> u64 {
    let n = pid_of(pid);
    signals::unlink(&me(), n);
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processMonitor(pid: u64) -> u64 {
    let n = pid_of(pid);
    let p = me();
    let r = super::new_ref();
    let watching = table::lookup(n).is_some_and(|target| signals::monitor(p.pid, &target, r));
    if watching {
        // SAFETY: the running process owns its local state.
        unsafe { p.local() }.monitors.push((r, n));
    } else {
        let ids = crate::program::process_ctors();
        let down = crate::value::make_con(ids.down, &[ref_word(r), pid, Reason::NoProc.value()]);
        signals::deliver(&p, down);
    }
    ref_word(r)
}

/// Stops monitor `r` of the running process, if it is active.
fn demonitor(r: u64) {
    let p = me();
    // SAFETY: the running process owns its local state.
    let local = unsafe { p.local() };
    if let Some(i) = local.monitors.iter().position(|&(m, _)| m == r) {
        let (_, target) = local.monitors.swap_remove(i);
        signals::forget_monitor(target, r);
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processDemonitor(r: u64) -> u64 {
    demonitor(ref_of(r));
    UNIT
}

/// Whether `msg` is the `Down` of monitor `r`.
fn is_down_of(msg: u64, r: u64) -> bool {
    let ids = crate::program::process_ctors();
    crate::value::con_parts(msg).is_some_and(|(id, fields)| id == ids.down && fields.first() == Some(&ref_word(r)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processDemonitorFlush(r: u64) -> u64 {
    let n = ref_of(r);
    demonitor(n);
    let p = me();
    let mut shared = p.shared();
    // SAFETY: the running process owns its queue.
    let queue = unsafe { p.queue() };
    queue.extend(shared.messages.drain(..));
    drop(shared);
    if let Some(i) = queue.iter().position(|&m| is_down_of(m, n))
        && let Some(m) = queue.remove(i)
    {
        crate::value::drop_value(m);
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processExit(reason: u64) -> u64 {
    die(Reason::from_atom(atom_of(reason)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processExitProc(pid: u64, reason: u64) -> u64 {
    let n = pid_of(pid);
    let reason = Reason::from_atom(atom_of(reason));
    let p = me();
    if let Some(target) = table::lookup(n) {
        signals::exit_signal(p.pid, &target, &reason, false);
    }
    if n == p.pid {
        // A signal to oneself takes effect at once.
        end_if_killed(p);
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processTrapExit(on: u64) -> u64 {
    let on = bool_value(on);
    let p = me();
    let mut shared = p.shared();
    bool_word(std::mem::replace(&mut shared.trap_exit, on))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processRegister(name: u64, pid: u64) -> u64 {
    let name = atom_of(name);
    let n = pid_of(pid);
    let Some(p) = table::lookup(n) else { crash("register: the process has ended") };
    if let Err(why) = table::register(name, &p) {
        // The crash abandons this frame: let go of the process first.
        drop(p);
        crash(&format!("register {}: {why}", crate::generic::show(name)));
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processUnregister(name: u64) -> u64 {
    let name = atom_of(name);
    if !table::unregister(name) {
        crash(&format!("unregister: {} is not registered", crate::generic::show(name)));
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_processWhereis(name: u64) -> u64 {
    match table::whereis(atom_of(name)) {
        Some(pid) => just(pid_word(pid)),
        None => NIL,
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_refMake() -> u64 {
    ref_word(super::new_ref())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_timerSendAfter(ms: u64, pid: u64, msg: u64) -> u64 {
    let to = pid_of(pid);
    let r = super::new_ref();
    timer::send_after(r, timer::millis(ms), to, copy_value(msg));
    ref_word(r)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_timerCancel(r: u64) -> u64 {
    timer::cancel_send(ref_of(r));
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_pidEq(a: u64, b: u64) -> u64 {
    bool_word(pid_of(a) == pid_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showPid(p: u64) -> u64 {
    make_string(&show_pid(pid_of(p)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_refEq(a: u64, b: u64) -> u64 {
    bool_word(ref_of(a) == ref_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showRef(r: u64) -> u64 {
    make_string(&format!("#Ref<0.{}>", ref_of(r)))
}
