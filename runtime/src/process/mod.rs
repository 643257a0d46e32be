//! Processes: lightweight, stackful, each with a mailbox; links, monitors and names.
//!
//! A `Process` is shared (`Arc`) between the scheduler that runs it and every thread that sends
//! to it. What other threads may touch sits behind `Process::shared` (one lock per process):
//! arriving messages, pending exit signals, links, monitors of it, and its run state. What only
//! the process itself touches (`Process::local`: the messages it has taken in, its stack
//! image, its own monitors) needs no lock: a process runs on one scheduler thread at a time,
//! and once started it never moves (its stack image belongs to one of that scheduler's regions).
//!
//! Invariants:
//! - `local` is touched only by the process's home scheduler thread (the running process, or
//!   its scheduler while it is switched out).
//! - A process is in at most one run queue, and is queued only in state `Runnable`; whoever
//!   moves it from `Waiting` to `Runnable` queues it.
//! - Values in a mailbox are owned by it and were copied for this process: no other process
//!   counts references to them.

pub mod context;
pub mod copy;
pub mod prims;
pub mod receive;
pub mod scheduler;
mod signals;
mod table;
mod timer;

use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

pub use copy::{copy_value, freeze};
pub use signals::Reason;

use context::StackImage;

/// Pid words: `k = 2^59 + n` in the `…110` class (ABI.md).
const PID_BASE: u64 = 1 << 59;
/// Ref words: `k = 2^60 + n`.
const REF_BASE: u64 = 1 << 60;

pub fn pid_word(n: u64) -> u64 {
    ((PID_BASE + n) << 3) | 0b110
}

pub fn ref_word(n: u64) -> u64 {
    ((REF_BASE + n) << 3) | 0b110
}

/// The process number of a pid word.
pub fn pid_number(v: u64) -> Option<u64> {
    let k = v >> 3;
    (v & 7 == 0b110 && (PID_BASE..REF_BASE).contains(&k)).then(|| k - PID_BASE)
}

/// The number of a ref word.
pub fn ref_number(v: u64) -> Option<u64> {
    let k = v >> 3;
    (v & 7 == 0b110 && (REF_BASE..2 * REF_BASE).contains(&k)).then(|| k - REF_BASE)
}

static NEXT_REF: AtomicU64 = AtomicU64::new(1);

/// A new reference, unique in this run.
pub fn new_ref() -> u64 {
    NEXT_REF.fetch_add(1, Ordering::Relaxed)
}

/// What a process runs when it starts.
#[derive(Debug)]
pub enum Start {
    /// An `IO` action (a closure of the world token), owned by the process.
    Action(u64),
    /// The program's entry, for `main`.
    Entry(crate::start::Entry),
}

/// Where a process is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Queued or running.
    Runnable,
    /// Parked in `receive`; `timer` names the timeout armed for this wait (0: none).
    Waiting {
        timer: u64,
    },
    Dead,
}

/// What other threads may change: under the process's lock.
#[derive(Debug)]
pub struct Shared {
    pub state: RunState,
    /// Arrived and not yet taken in by the process.
    pub messages: VecDeque<u64>,
    /// An exit signal that ends the process at its next chance.
    pub kill: Option<Reason>,
    /// The timer whose timeout fired while the process waited.
    pub timed_out: u64,
    pub trap_exit: bool,
    pub links: Vec<u64>,
    /// Monitors of this process: (ref number, watcher pid number).
    pub monitored_by: Vec<(u64, u64)>,
    /// The registered name, an atom word.
    pub name: Option<u64>,
}

/// What only the process (or its scheduler while it is switched out) touches.
#[derive(Debug, Default)]
pub struct Local {
    pub image: StackImage,
    /// Which of its scheduler's execution regions the process runs on, chosen when it starts.
    pub region: usize,
    /// Set by the process as it ends; the scheduler finishes it.
    pub exit: Option<Reason>,
    /// Whether it ended by an exit signal (then it reports no crash of its own).
    pub signalled: bool,
    /// Monitors this process holds: (ref number, target pid number).
    pub monitors: Vec<(u64, u64)>,
    /// The last timer number used by `receive … after`.
    pub timers: u64,
    /// The process this one last sent to, so a process that keeps talking to one partner
    /// (a server, the next in a ring) finds it without the process table. Cleared when the
    /// process ends, so two partners never keep each other alive.
    pub partner: Option<Arc<Process>>,
}

#[derive(Debug)]
pub struct Process {
    pub pid: u64,
    shared: Mutex<Shared>,
    local: UnsafeCell<Local>,
    /// Messages taken in from `Shared::messages`, oldest first: see [`Process::queue`].
    queue: UnsafeCell<VecDeque<u64>>,
    start: Mutex<Option<Start>>,
    /// The scheduler the process runs on once started; `usize::MAX` before.
    pub home: AtomicUsize,
    /// Whether `Shared::kill` holds a signal: written under the lock with it, read without,
    /// so the scheduler and `receive` look at the lock only when a signal is there.
    signalled: AtomicBool,
}

// SAFETY: `local` is only touched by one thread at a time (module invariant); the rest is
// behind locks or atomic.
unsafe impl Sync for Process {}
// SAFETY: as above; the values a process owns are its own and move with it.
unsafe impl Send for Process {}

impl Process {
    pub fn new(start: Start) -> Arc<Process> {
        let pid = table::fresh_pid();
        Arc::new(Process {
            pid,
            shared: Mutex::new(Shared {
                state: RunState::Runnable,
                messages: VecDeque::new(),
                kill: None,
                timed_out: 0,
                trap_exit: false,
                links: Vec::new(),
                monitored_by: Vec::new(),
                name: None,
            }),
            local: UnsafeCell::new(Local::default()),
            queue: UnsafeCell::new(VecDeque::new()),
            start: Mutex::new(Some(start)),
            home: AtomicUsize::new(usize::MAX),
            signalled: AtomicBool::new(false),
        })
    }

    pub fn shared(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The process-private state.
    ///
    /// # Safety
    /// Only the process's home scheduler thread calls this, and never keeps two of the
    /// returned borrows alive at once.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn local(&self) -> &mut Local {
        // SAFETY: see the function's contract.
        unsafe { &mut *self.local.get() }
    }

    /// The process's queue of taken-in messages, oldest first. It is the running process's
    /// (or its scheduler's while it is switched out), with one exception: while the process
    /// is `Waiting` and `Shared::messages` is empty, a sender holding the process's lock puts
    /// a message here directly (`signals::deliver`), so the woken `receive` finds it without
    /// taking the lock again. A waiting process does not touch its queue, and it runs again
    /// only after the sender has queued it, so the two never meet.
    ///
    /// # Safety
    /// The caller is the running process, its scheduler while it is switched out, or a sender
    /// holding the lock that has seen `Waiting` with no messages in `Shared`.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn queue(&self) -> &mut VecDeque<u64> {
        // SAFETY: as the caller promises, one thread at a time.
        unsafe { &mut *self.queue.get() }
    }

    /// Sets (or clears) the pending exit signal; `shared` is this process's locked state.
    pub fn set_kill(&self, shared: &mut Shared, reason: Option<Reason>) {
        self.signalled.store(reason.is_some(), Ordering::Release);
        shared.kill = reason;
    }

    /// Whether an exit signal is pending (without taking the lock).
    pub fn signalled(&self) -> bool {
        self.signalled.load(Ordering::Acquire)
    }

    /// Takes the pending exit signal, if there is one.
    pub fn take_kill(&self) -> Option<Reason> {
        if !self.signalled.load(Ordering::Acquire) {
            return None;
        }
        let mut shared = self.shared();
        let reason = shared.kill.take();
        self.signalled.store(false, Ordering::Release);
        reason
    }

    /// Whether it has run (then it stays on scheduler `home`).
    pub fn started(&self) -> bool {
        self.home.load(Ordering::Acquire) != usize::MAX
    }

    pub fn take_start(&self) -> Option<Start> {
        self.start.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    pub fn word(&self) -> u64 {
        pid_word(self.pid)
    }

    /// `<0.SLOT.GENERATION>`.
    pub fn show(&self) -> String {
        show_pid(self.pid)
    }
}

/// `<0.SLOT.GENERATION>` (see `table`).
pub fn show_pid(n: u64) -> String {
    let (slot, generation) = table::split(n);
    format!("<0.{slot}.{generation}>")
}
#[cfg(test)]
mod tests;
