//! Crashes: the ways a process ends abnormally.
//!
//! Today the only process is `main`, so a crash ends the program: stdout is flushed, one line
//! `main crashed: <reason>` goes to stderr, and the exit status is 1. Never a Rust panic
//! message: `start.rs` routes panics here too. The scheduler will turn these into the ending of
//! the current process only.

use crate::io::flush_stdout;
use crate::value::{Kind, is_ptr, kind_of, str_of};

/// Ends the current process (today: the program) with `reason`.
pub fn crash(reason: &str) -> ! {
    flush_stdout();
    let line = format!("main crashed: {}\n", reason.replace('\n', " "));
    crate::io::write_fd(2, line.as_bytes());
    exit_now(1)
}

/// Exits at once, without unwinding (we may be on a foreign stack or inside generated code).
pub fn exit_now(status: i32) -> ! {
    // SAFETY: `_exit` ends the process; nothing runs afterwards, and stdout was flushed.
    unsafe { libc::_exit(status) }
}

fn text_of(v: u64) -> String {
    if is_ptr(v) && kind_of(v) == Kind::String { str_of(v).to_string() } else { crate::generic::show(v) }
}

/// `mote_rt_crash`: `error "…"`, reason `error: <message>`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_crash(message: u64) -> ! {
    crash(&format!("error: {}", text_of(message)))
}

/// `processCrash :: String -> a`: the primitive behind `error`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_processCrash(message: u64) -> u64 {
    mote_rt_crash(message)
}

/// `mote_rt_match_failure`: no clause matched; `location` is a STRING.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_match_failure(location: u64) -> ! {
    crash(&format!("no clause matched at {}", text_of(location)))
}

/// `mote_rt_overflow`: a guard page was hit.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_overflow() -> ! {
    crash("stack overflow")
}

/// `mote_rt_apply_fail`: a value that is not a function was applied (a compiler bug).
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_apply_fail(f: u64) -> ! {
    crash(&format!("internal error: applied a value that is not a function: {}", crate::generic::show(f)))
}

/// `mote_rt_exit`: flush stdout and exit with `status`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_exit(status: i64) -> ! {
    flush_stdout();
    exit_now(status as i32)
}
