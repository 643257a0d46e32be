//! `receive`: selective receive over the mailbox, with timeouts, and the shape test that
//! guards typed patterns against untyped messages.
//!
//! The process takes arrived messages into its private queue and offers each to the matcher,
//! oldest first; a message no clause takes stays where it is. Within one `receive`, messages
//! already offered are not offered again after the process wakes: the matcher depends only
//! on the message and on values fixed when the `receive` began.

use super::scheduler::{self, die_signalled};
use super::{Process, RunState, timer};
use crate::value::{
    FALSE, Kind, NIL, TRUE, UNIT, aux_of, dup, header_of, is_atom, is_char, is_nullary, is_object, is_ptr, is_small,
    small, small_value, word,
};

/// The shapes of ABI.md ("Receive"): small integers, and the tags of compound shapes
/// (`(tag, …)` tuples). The compiler's `core::lower::receive` builds them.
mod shape {
    pub const ANY: i64 = 0;
    pub const INTEGER: i64 = 1;
    pub const FLOAT: i64 = 2;
    pub const CHAR: i64 = 3;
    pub const ATOM: i64 = 4;
    pub const STRING: i64 = 5;
    pub const BINARY: i64 = 6;
    pub const MAP: i64 = 7;
    pub const BOOLEAN: i64 = 8;
    pub const UNIT: i64 = 9;
    pub const TUPLE: i64 = 10;
    pub const CTOR: i64 = 11;
    pub const RECORD: i64 = 12;
    pub const CONS: i64 = 13;
    pub const NIL: i64 = 14;
    pub const EXACT: i64 = 15;
    pub const ANY_OF: i64 = 16;
}

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

/// A condition every message that has a filter's shape meets, tested with a load or two:
/// most receives wait for a tuple or constructor tagged with an atom (or another immediate),
/// and most of the messages they skip are told apart right there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quick {
    /// Nothing cheap to test.
    Any,
    /// The very word.
    Word(u64),
    /// An object of this kind and aux (arity or constructor id) whose payload word `index`
    /// is `word`.
    Tagged { kind: Kind, aux: u16, index: usize, word: u64 },
}

impl Quick {
    pub(super) fn of(filter: u64) -> Quick {
        if is_small(filter) {
            return Quick::Any;
        }
        let exact = |s: u64| (!is_small(s) && small_value(word(s, 0)) == shape::EXACT).then(|| word(s, 1));
        let tagged = |kind: Kind, aux: u16, fields: u64| {
            let mut rest = fields;
            let mut index = 0;
            while let Some((s, next)) = next_shape(rest) {
                if let Some(word) = exact(s) {
                    return Quick::Tagged { kind, aux, index, word };
                }
                index += 1;
                rest = next;
            }
            Quick::Any
        };
        match small_value(word(filter, 0)) {
            shape::TUPLE => {
                let fields = word(filter, 1);
                let arity = crate::value::list_iter(fields).count();
                u16::try_from(arity).map_or(Quick::Any, |arity| tagged(Kind::Tuple, arity, fields))
            }
            shape::CTOR if word(filter, 2) != NIL => {
                let id = small_value(word(filter, 1)) as u16;
                tagged(Kind::Con, id, word(filter, 2))
            }
            shape::EXACT => Quick::Word(word(filter, 1)),
            _ => Quick::Any,
        }
    }

    #[inline]
    pub(super) fn passes(self, v: u64) -> bool {
        match self {
            Quick::Any => true,
            Quick::Word(w) => v == w,
            Quick::Tagged { kind, aux, index, word: w } => {
                is_ptr(v) && {
                    let h = header_of(v);
                    (h >> 32) as u8 == kind as u8 && (h >> 48) as u16 == aux && word(v, index) == w
                }
            }
        }
    }
}

/// Whether some clause takes `msg`: the filter (a shape) is tested here, the matcher (Mote
/// code) only for the messages that pass it; a matcher of `()` means the filter decides.
fn accepts(matcher: u64, filter: u64, quick: Quick, msg: u64) -> bool {
    quick.passes(msg)
        && has_shape(msg, filter)
        && (matcher == UNIT || crate::program::call_closure(dup(matcher), dup(msg)) == TRUE)
}

/// Ends the running process if an exit signal is pending, cancelling the timeout `timer`.
fn die_if_killed(p: &Process, timer: u64) {
    if p.signalled() {
        die_now(p, timer);
    }
}

#[cold]
#[inline(never)]
fn die_now(p: &Process, timer: u64) {
    if let Some(reason) = p.take_kill() {
        timer::cancel_timeout(p.pid, timer);
        die_signalled(reason);
    }
}

/// What `receive` does after offering every message it has taken in.
enum Next {
    /// Offer again: messages were taken in, or a signal was handled.
    Offer,
    /// The wait ran out (or `after 0` found nothing).
    TimedOut,
    /// Nothing arrived: the process is `Waiting` and parks.
    Park,
}

/// The message taken, or `None` when the wait ran out.
///
/// One pass: offer the messages taken in and not offered yet; when none is taken, look at
/// the shared mailbox under the lock once, and either take in what arrived (and offer it) or,
/// with nothing there, wait. The process parks inside this function, so its frame is part of
/// every waiting process's saved stack: the rarer work lives in functions of their own.
fn receive(matcher: u64, filter: u64, wait: Wait) -> Option<u64> {
    let p = scheduler::running_process("receive");
    die_if_killed(p, 0);
    let mut offered = 0usize;
    let mut timer = 0u64;
    loop {
        if let Some(taken) = scan(p, matcher, filter, &mut offered, timer) {
            return Some(taken);
        }
        match take_in_or_wait(p, wait, &mut timer) {
            Next::Offer => {}
            Next::TimedOut => return None,
            Next::Park => scheduler::park(),
        }
    }
}

/// Offers the messages from `offered` on to the matcher; takes the first it accepts (and
/// cancels the receive's timeout), or leaves `offered` past the last. Not inlined: the frame
/// of `receive` is part of every waiting process's stack image, so it keeps only what lives
/// across the wait (the filter's quick test is made here, each time, rather than kept there).
#[inline(never)]
fn scan(p: &Process, matcher: u64, filter: u64, offered: &mut usize, timer: u64) -> Option<u64> {
    // SAFETY: the running process owns its queue.
    if *offered >= unsafe { p.queue() }.len() {
        return None;
    }
    let quick = Quick::of(filter);
    loop {
        // SAFETY: the running process owns its queue; the borrow ends before the matcher runs
        // Mote code.
        let msg = *unsafe { p.queue() }.get(*offered)?;
        if accepts(matcher, filter, quick, msg) {
            // SAFETY: as above.
            let queue = unsafe { p.queue() };
            // Mostly the oldest: a receive that takes what comes.
            let taken = if *offered == 0 { queue.pop_front() } else { queue.remove(*offered) };
            timer::cancel_timeout(p.pid, timer);
            return taken;
        }
        *offered += 1;
    }
}

/// Under the process's lock: handles a pending signal, takes in what arrived, or finds the
/// wait over, or marks the process `Waiting` (arming its timeout on the first wait).
#[inline(never)]
fn take_in_or_wait(p: &Process, wait: Wait, timer: &mut u64) -> Next {
    let mut shared = p.shared();
    if shared.kill.is_some() {
        drop(shared);
        die_now(p, *timer);
        return Next::Offer;
    }
    if !shared.messages.is_empty() {
        // SAFETY: the running process owns its queue.
        unsafe { p.queue() }.extend(shared.messages.drain(..));
        return Next::Offer;
    }
    if wait == Wait::Poll || (*timer != 0 && shared.timed_out == *timer) {
        return Next::TimedOut;
    }
    if let Wait::Millis(ms) = wait
        && *timer == 0
    {
        // SAFETY: the running process owns its local state.
        let local = unsafe { p.local() };
        local.timers += 1;
        *timer = local.timers;
        timer::arm_timeout(p, *timer, ms);
    }
    shared.state = RunState::Waiting { timer: *timer };
    Next::Park
}

/// `mote_rt_receive`: waits for a message that has the filter's shape and the matcher accepts.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_receive(matcher: u64, filter: u64) -> u64 {
    receive(matcher, filter, Wait::Forever).expect("a receive without a timeout returns a message")
}

/// `mote_rt_receive_after`: as `mote_rt_receive`, or 0 when `ms` milliseconds pass first.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_receive_after(matcher: u64, filter: u64, ms: u64) -> u64 {
    receive(matcher, filter, wait_of(ms)).unwrap_or(0)
}

/// The next item of a shape list (built by the compiler: a proper list).
#[inline]
fn next_shape(list: u64) -> Option<(u64, u64)> {
    (list != NIL).then(|| (word(list, 0), word(list, 1)))
}

/// Whether `v` has the shape `s` (ABI.md, "Receive"). The shapes most receives test (any,
/// Integer, an exact word such as an atom or a literal) are decided inline; the rest, which
/// recurse through fields, in [`has_compound_shape`].
#[inline]
pub fn has_shape(v: u64, s: u64) -> bool {
    if s == ANY_SHAPE {
        return true;
    }
    if s == INTEGER_SHAPE {
        return is_small(v) || is_object(v, Kind::BigInt);
    }
    if !is_small(s) && word(s, 0) == EXACT_SHAPE {
        return v == word(s, 1);
    }
    has_compound_shape(v, s)
}

/// The shape words tested inline by [`has_shape`]: `ANY` and `INTEGER` as small integers,
/// and the tag of `(EXACT, word)`.
const ANY_SHAPE: u64 = small(shape::ANY);
const INTEGER_SHAPE: u64 = small(shape::INTEGER);
const EXACT_SHAPE: u64 = small(shape::EXACT);

#[inline(never)]
fn has_compound_shape(v: u64, s: u64) -> bool {
    if is_small(s) {
        return match small_value(s) {
            shape::ANY => true,
            shape::INTEGER => is_small(v) || is_object(v, Kind::BigInt),
            shape::FLOAT => is_object(v, Kind::Float),
            shape::CHAR => is_char(v),
            shape::ATOM => is_atom(v),
            shape::STRING => is_object(v, Kind::String),
            shape::BINARY => is_object(v, Kind::Binary),
            shape::MAP => is_object(v, Kind::Map),
            shape::BOOLEAN => v == TRUE || v == FALSE,
            shape::UNIT => v == UNIT,
            shape::NIL => v == NIL,
            _ => false,
        };
    }
    match small_value(word(s, 0)) {
        shape::TUPLE => is_object(v, Kind::Tuple) && fields_have_shapes(v, aux_of(v) as usize, word(s, 1)),
        shape::CTOR => {
            let id = small_value(word(s, 1)) as u64;
            let shapes = word(s, 2);
            if shapes == NIL {
                return is_nullary(v) && v >> 3 == id;
            }
            is_object(v, Kind::Con)
                && aux_of(v) as u64 == id
                && fields_have_shapes(v, crate::program::arity(id as u16) as usize, shapes)
        }
        shape::RECORD => {
            if !is_object(v, Kind::Record) {
                return false;
            }
            let n = aux_of(v) as usize;
            let mut wanted = word(s, 1);
            while let Some((entry, rest)) = next_shape(wanted) {
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
        shape::CONS => {
            is_object(v, Kind::Con)
                && aux_of(v) == crate::value::CONS_ID
                && has_shape(word(v, 0), word(s, 1))
                && has_shape(word(v, 1), word(s, 2))
        }
        shape::EXACT => v == word(s, 1),
        shape::ANY_OF => {
            let mut rest = word(s, 1);
            while let Some((shape, next)) = next_shape(rest) {
                if has_shape(v, shape) {
                    return true;
                }
                rest = next;
            }
            false
        }
        _ => false,
    }
}

fn fields_have_shapes(v: u64, arity: usize, shapes: u64) -> bool {
    let mut rest = shapes;
    for i in 0..arity {
        match next_shape(rest) {
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
