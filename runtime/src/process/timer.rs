//! The timer service: a thread of its own that fires `receive … after` timeouts and
//! `sendAfter` messages, so no scheduler thread ever sleeps on a clock. Schedulers fire due
//! timers too, each time a process uses up its budget ([`fire_due`]): with a busy process on
//! every core, the timer thread may wait for the operating system to give it a core (more
//! than a millisecond on a loaded machine), while the schedulers get there within a budget.
//!
//! Timers sit in an ordered map by deadline, with an index by key so that cancelling (a
//! message arrived before the timeout; `cancelTimer`) is `O(log n)` and a busy server with a
//! timeout on every `receive` keeps only its live timers.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock, TryLockError};
use std::time::{Duration, Instant};

use super::{Process, RunState, signals, table};
use crate::int::{IntRef, int_ref};
use crate::value::drop_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    /// The timeout of a process's `receive`: (pid number, timer number).
    Timeout(u64, u64),
    /// A `sendAfter`, by ref number.
    Send(u64),
}

#[derive(Debug)]
enum Action {
    Timeout,
    /// Deliver the message (owned) to the pid number.
    Send {
        to: u64,
        msg: u64,
    },
}

#[derive(Debug, Default)]
struct Timers {
    by_deadline: BTreeMap<(Instant, u64), (Key, Action)>,
    by_key: HashMap<Key, (Instant, u64)>,
    seq: u64,
}

/// The instant `Service::soonest` counts from.
fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn nanos(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(epoch()).as_nanos()).unwrap_or(u64::MAX - 1)
}

impl Timers {
    fn soonest(&self) -> Option<Instant> {
        self.by_deadline.first_key_value().map(|(&(at, _), _)| at)
    }

    /// Removes the soonest timer if it is due at `now`.
    fn pop_due(&mut self, now: Instant) -> Option<(Key, Action)> {
        let first = self.by_deadline.first_entry().filter(|e| e.key().0 <= now)?;
        let (key, action) = first.remove();
        self.by_key.remove(&key);
        Some((key, action))
    }
}

// SAFETY: the message words a timer holds are owned by it (copied for their receiver) and
// touched by one thread at a time, under the lock or after removal.
unsafe impl Send for Timers {}

struct Service {
    timers: Mutex<Timers>,
    changed: Condvar,
    /// The soonest deadline of `timers`, in nanoseconds after [`epoch`] (`u64::MAX`: none),
    /// published with every change, so a scheduler sees without the lock whether one is due.
    soonest: AtomicU64,
}

impl Service {
    /// Publishes the soonest deadline of `t` (this service's timers, locked) after a change.
    fn publish(&self, t: &Timers) {
        self.soonest.store(t.soonest().map_or(u64::MAX, nanos), Ordering::Release);
    }

    /// Removes the soonest timer of `t` (locked) if it is due at `now`, and publishes.
    fn take_due(&self, t: &mut Timers, now: Instant) -> Option<(Key, Action)> {
        let due = t.pop_due(now)?;
        self.publish(t);
        Some(due)
    }
}

static SERVICE: OnceLock<&'static Service> = OnceLock::new();

fn service() -> &'static Service {
    SERVICE.get_or_init(|| {
        let s: &'static Service = Box::leak(Box::new(Service {
            timers: Mutex::new(Timers::default()),
            changed: Condvar::new(),
            soonest: AtomicU64::new(u64::MAX),
        }));
        std::thread::Builder::new()
            .name("mote-timers".into())
            .spawn(move || run(s))
            .unwrap_or_else(|_| crate::error::fatal("cannot start the timer thread"));
        s
    })
}

/// A delay in milliseconds from an Integer word: `Some(ms)` (a negative delay counts as 0), or
/// `None` for a delay too long to ever end (a positive bignum).
pub fn millis(v: u64) -> Option<u64> {
    match int_ref(v) {
        IntRef::Small(n) => Some(n.max(0) as u64),
        IntRef::Big(b) if b.sign() == num_bigint::Sign::Minus => Some(0),
        IntRef::Big(_) => None,
    }
}

/// Arms a timer `ms` from now. A deadline past what the clock can name never comes: the timer
/// is not armed, and its action is returned.
fn arm(key: Key, ms: u64, action: Action) -> Option<Action> {
    let s = service();
    let Some(deadline) = Instant::now().checked_add(Duration::from_millis(ms)) else { return Some(action) };
    let mut t = s.timers.lock().unwrap_or_else(|e| e.into_inner());
    t.seq += 1;
    let at = (deadline, t.seq);
    let first = t.by_deadline.keys().next().is_none_or(|&k| at < k);
    t.by_deadline.insert(at, (key, action));
    t.by_key.insert(key, at);
    s.publish(&t);
    drop(t);
    if first {
        s.changed.notify_one();
    }
    None
}

/// Removes a timer; its action, if it had not fired.
fn cancel(key: Key) -> Option<Action> {
    let s = service();
    let mut t = s.timers.lock().unwrap_or_else(|e| e.into_inner());
    let at = t.by_key.remove(&key)?;
    let removed = t.by_deadline.remove(&at).map(|(_, action)| action);
    s.publish(&t);
    removed
}

/// Arms the timeout `timer` of `p`'s current `receive`.
pub fn arm_timeout(p: &Process, timer: u64, ms: u64) {
    arm(Key::Timeout(p.pid, timer), ms, Action::Timeout);
}

/// Cancels the timeout `timer` (0: none) of process `pid`.
pub fn cancel_timeout(pid: u64, timer: u64) {
    if timer != 0 {
        cancel(Key::Timeout(pid, timer));
    }
}

/// `sendAfter`: delivers `msg` (owned) to pid number `to` after `ms` (`None`: never), as ref
/// number `r`.
pub fn send_after(r: u64, ms: Option<u64>, to: u64, msg: u64) {
    let unarmed = match ms {
        Some(ms) => arm(Key::Send(r), ms, Action::Send { to, msg }),
        None => Some(Action::Send { to, msg }),
    };
    if let Some(Action::Send { msg, .. }) = unarmed {
        drop_value(msg);
    }
}

/// `cancelTimer`.
pub fn cancel_send(r: u64) {
    if let Some(Action::Send { msg, .. }) = cancel(Key::Send(r)) {
        drop_value(msg);
    }
}

fn fire(key: Key, action: Action) {
    match (key, action) {
        (Key::Timeout(pid, timer), Action::Timeout) => {
            if let Some(p) = table::lookup(pid) {
                let mut shared = p.shared();
                if shared.state == (RunState::Waiting { timer }) {
                    shared.timed_out = timer;
                    signals::nudge(&p, &mut shared);
                }
            }
        }
        (_, Action::Send { to, msg }) => match table::lookup(to) {
            Some(p) => signals::deliver(&p, msg),
            None => drop_value(msg),
        },
        (Key::Send(_), Action::Timeout) => {}
    }
}

fn run(s: &'static Service) {
    let mut t = s.timers.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        if let Some((key, action)) = s.take_due(&mut t, now) {
            drop(t);
            fire(key, action);
            t = s.timers.lock().unwrap_or_else(|e| e.into_inner());
            continue;
        }
        t = match t.soonest() {
            Some(at) => s.changed.wait_timeout(t, at - now).unwrap_or_else(|e| e.into_inner()).0,
            None => s.changed.wait(t).unwrap_or_else(|e| e.into_inner()),
        };
    }
}

/// Fires the timers that are due, unless another thread holds the timers (then it is at it,
/// or arming one). Called by a scheduler between two processes' budgets: a clock read and an
/// atomic load when nothing is due.
pub fn fire_due() {
    let Some(s) = SERVICE.get() else { return };
    let soonest = s.soonest.load(Ordering::Acquire);
    if soonest == u64::MAX || nanos(Instant::now()) < soonest {
        return;
    }
    loop {
        let mut t = match s.timers.try_lock() {
            Ok(t) => t,
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            Err(TryLockError::WouldBlock) => return,
        };
        let Some((key, action)) = s.take_due(&mut t, Instant::now()) else { return };
        drop(t);
        fire(key, action);
    }
}

#[cfg(test)]
mod tests;
