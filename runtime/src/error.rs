//! Crashes: the ways a process ends abnormally.
//!
//! A crash ends the *current process* with reason `Crashed message` (the scheduler tells its
//! links and monitors; a process other than `main` prints one line on stderr and the program
//! goes on; `main` crashing ends the program with status 1). Outside any process (a runtime
//! unit test, or a bug before the schedulers start) a crash ends the program with the line
//! `main crashed: <reason>`.

use crate::io::flush_stdout;
use crate::process::Reason;
use crate::process::scheduler::{die, in_process};
use crate::value::{Kind, is_ptr, kind_of, str_of};

/// Ends the current process with `reason` (the same text on stderr and in `Crashed`).
pub fn crash(reason: &str) -> ! {
    crash_with(Reason::crashed(reason))
}

/// Ends the current process with `reason`.
pub fn crash_with(reason: Reason) -> ! {
    if in_process() {
        die(reason)
    }
    fatal(&reason.describe())
}

/// Ends the program: for failures outside any process.
pub fn fatal(reason: &str) -> ! {
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
    let message = text_of(message);
    crash_with(Reason::Crashed { display: format!("error: {message}"), message })
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
