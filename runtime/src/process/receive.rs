//! `receive`: selective receive over the mailbox, with timeouts, and the shape test that
//! guards typed patterns against untyped messages.
//!
//! The process takes arrived messages into its private queue and offers each to the matcher,
//! oldest first; a message no clause takes stays where it is. Within one `receive`, messages
//! already offered are not offered again after the process wakes: the matcher depends only
//! on the message and on values fixed when the `receive` began.

use std::sync::Arc;

use super::scheduler::{self, current, die_signalled};
use super::{Process, RunState, timer};
use crate::value::{
    FALSE, Kind, NIL, TRUE, UNIT, aux_of, dup, is_atom, is_char, is_nullary, is_ptr, is_small, kind_of, small_value,
    uncons, word,
};

/// How long a `receive` waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    Forever,
    /// Scan once.
    Poll,
    Millis(u64),
}

fn wait_of(ms: u64) -> Wait {
    match timer::millis(ms) {
        Some(0) => Wait::Poll,
        Some(n) => Wait::Millis(n),
        None => Wait::Forever,
    }
}

fn accepts(matcher: u64, msg: u64) -> bool {
    crate::program::call_closure(dup(matcher), dup(msg)) == TRUE
}

fn running() -> Arc<Process> {
    current().unwrap_or_else(|| crate::error::fatal("receive outside a process"))
}

/// The message taken, or `None` when the wait ran out.
fn receive(matcher: u64, wait: Wait) -> Option<u64> {
    let p = running();
    let mut offered = 0usize;
    let mut timer = 0u64;
    loop {
        let (kill, timed_out) = {
            let mut shared = p.shared();
            // SAFETY: the running process owns its local state.
            let local = unsafe { p.local() };
            local.queue.extend(shared.messages.drain(..));
            (shared.kill.take(), timer != 0 && shared.timed_out == timer)
        };
        if let Some(reason) = kill {
            timer::cancel_timeout(p.pid, timer);
            drop(p);
            die_signalled(reason);
        }
        loop {
            // SAFETY: as above; the borrow ends before the matcher runs Mote code.
            let next = unsafe { p.local() }.queue.get(offered).copied();
            let Some(msg) = next else { break };
            if accepts(matcher, msg) {
                // SAFETY: as above.
                let taken = unsafe { p.local() }.queue.remove(offered);
                timer::cancel_timeout(p.pid, timer);
                return taken;
            }
            offered += 1;
        }
        if wait == Wait::Poll || timed_out {
            return None;
        }
        {
            let mut shared = p.shared();
            if !shared.messages.is_empty() || shared.kill.is_some() {
                continue;
            }
            if let Wait::Millis(ms) = wait
                && timer == 0
            {
                // SAFETY: as above.
                let local = unsafe { p.local() };
                local.timers += 1;
                timer = local.timers;
                timer::arm_timeout(&p, timer, ms);
            }
            shared.state = RunState::Waiting { timer };
        }
        scheduler::park();
    }
}

/// `mote_rt_receive`: waits for a message the matcher accepts.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_receive(matcher: u64) -> u64 {
    receive(matcher, Wait::Forever).expect("a receive without a timeout returns a message")
}

/// `mote_rt_receive_after`: as `mote_rt_receive`, or 0 when `ms` milliseconds pass first.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_receive_after(matcher: u64, ms: u64) -> u64 {
    receive(matcher, wait_of(ms)).unwrap_or(0)
}

/// Whether `v` has the shape `s` (ABI.md, "Receive").
pub fn has_shape(v: u64, s: u64) -> bool {
    if is_small(s) {
        return match small_value(s) {
            0 => true,
            1 => is_small(v) || (is_ptr(v) && kind_of(v) == Kind::BigInt),
            2 => is_ptr(v) && kind_of(v) == Kind::Float,
            3 => is_char(v),
            4 => is_atom(v),
            5 => is_ptr(v) && kind_of(v) == Kind::String,
            6 => is_ptr(v) && kind_of(v) == Kind::Binary,
            7 => is_ptr(v) && kind_of(v) == Kind::Map,
            8 => v == TRUE || v == FALSE,
            9 => v == UNIT,
            14 => v == NIL,
            _ => false,
        };
    }
    let tag = small_value(word(s, 0));
    match tag {
        10 => {
            let shapes = word(s, 1);
            if !is_ptr(v) || kind_of(v) != Kind::Tuple {
                return false;
            }
            fields_have_shapes(v, aux_of(v) as usize, shapes)
        }
        11 => {
            let id = small_value(word(s, 1)) as u64;
            let shapes = word(s, 2);
            if shapes == NIL {
                return is_nullary(v) && v >> 3 == id;
            }
            if !is_ptr(v) || kind_of(v) != Kind::Con || aux_of(v) as u64 != id {
                return false;
            }
            fields_have_shapes(v, crate::program::arity(id as u16) as usize, shapes)
        }
        12 => {
            if !is_ptr(v) || kind_of(v) != Kind::Record {
                return false;
            }
            let n = aux_of(v) as usize;
            let mut wanted = word(s, 1);
            while let Some((entry, rest)) = uncons(wanted) {
                let (label, shape) = (word(entry, 0), word(entry, 1));
                let label = small_value(label) as u64;
                let found = (0..n).find(|&i| word(v, 2 * i) == label).map(|i| word(v, 2 * i + 1));
                match found {
                    Some(field) if has_shape(field, shape) => {}
                    _ => return false,
                }
                wanted = rest;
            }
            true
        }
        13 => {
            is_ptr(v)
                && kind_of(v) == Kind::Con
                && aux_of(v) == crate::value::CONS_ID
                && has_shape(word(v, 0), word(s, 1))
                && has_shape(word(v, 1), word(s, 2))
        }
        _ => false,
    }
}

fn fields_have_shapes(v: u64, arity: usize, shapes: u64) -> bool {
    let mut rest = shapes;
    for i in 0..arity {
        match uncons(rest) {
            Some((s, next)) => {
                if !has_shape(word(v, i), s) {
                    return false;
                }
                rest = next;
            }
            None => return false,
        }
    }
    rest == NIL
}

/// `mote_rt_shape`: a Boolean word.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_shape(v: u64, shape: u64) -> u64 {
    crate::value::bool_word(has_shape(v, shape))
}
