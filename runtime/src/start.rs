//! Program start: `mote_rt_start_main` starts the schedulers, runs the generated entry as the
//! main process and returns its status when it ends.
//!
//! Every scheduler thread has an alternate signal stack and the SIGSEGV/SIGBUS handler runs
//! there: a fault in the guard of a scheduler's execution region is a stack overflow of the
//! process running on it, which then crashes alone (`stack overflow`); any other fault is a
//! runtime bug and ends the program with one line. Rust panics (a runtime bug) crash the
//! process they happen in, through the panic hook, never as a Rust panic message or an abort.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::OnceLock;

use crate::error::{crash, exit_now};
use crate::io::{flush_stdout, try_flush_stdout, write_fd};

/// The entry generated code provides: `mote_program_main`.
pub type Entry = extern "C" fn() -> i64;

const ALT_STACK_BYTES: usize = 1 << 16;

static ARGS: OnceLock<Vec<String>> = OnceLock::new();

/// The program's command-line arguments (the program name first).
pub fn args() -> &'static [String] {
    ARGS.get().map_or(&[], Vec::as_slice)
}

/// Writes one line with async-signal-safe calls only, then exits.
fn report_from_signal(reason: &[u8]) -> ! {
    try_flush_stdout();
    write_fd(2, b"main crashed: ");
    write_fd(2, reason);
    write_fd(2, b"\n");
    exit_now(1)
}

extern "C" fn on_fault(_signal: c_int, info: *mut libc::siginfo_t, _context: *mut c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers of SIGSEGV/SIGBUS.
    let addr = unsafe { (*info).si_addr() } as usize;
    if crate::process::scheduler::in_guard(addr) && crate::process::scheduler::in_process() {
        // Leave the handler for the scheduler: the process's frames are abandoned. SA_NODEFER
        // keeps the signal unblocked for the next overflow.
        crate::process::scheduler::die(crate::process::Reason::crashed("stack overflow"))
    }
    report_from_signal(b"segmentation fault (runtime bug)")
}

fn install_fault_handlers() {
    for signal in [libc::SIGSEGV, libc::SIGBUS] {
        // SAFETY: a zeroed sigaction is a valid starting point; we fill in handler and flags.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown panic".to_string()
        };
        crash(&format!("internal error: {message}"))
    }));
}

/// Gives the calling thread an alternate signal stack, so the fault handler can run when the
/// thread's own stack is exhausted.
pub(crate) fn install_alt_stack() {
    // SAFETY: a fresh anonymous mapping; `sigaltstack` only records where it is.
    unsafe {
        let mem = libc::mmap(
            std::ptr::null_mut(),
            ALT_STACK_BYTES,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if mem == libc::MAP_FAILED {
            crash("cannot allocate the signal stack");
        }
        let stack = libc::stack_t { ss_sp: mem, ss_flags: 0, ss_size: ALT_STACK_BYTES };
        libc::sigaltstack(&stack, std::ptr::null_mut());
    }
}

/// Runs `entry` as the main process and returns its status.
pub fn run(entry: Entry) -> i32 {
    install_fault_handlers();
    let status = crate::process::scheduler::run_main(entry);
    flush_stdout();
    status
}

/// `mote_rt_start_main(argc, argv, entry)`: the C `main` of a Mote executable (and what the JIT
/// calls). Runs `entry` on the main stack and returns the exit status.
///
/// # Safety
/// `argv` holds `argc` valid C strings (or is null when `argc` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_rt_start_main(argc: c_int, argv: *const *const c_char, entry: Entry) -> c_int {
    let args = (0..argc.max(0) as usize)
        .filter(|_| !argv.is_null())
        // SAFETY: the caller promises `argc` valid C strings at `argv`.
        .map(|i| unsafe { CStr::from_ptr(*argv.add(i)) }.to_string_lossy().into_owned())
        .collect();
    let _ = ARGS.set(args);
    install_panic_hook();
    run(entry)
}

/// Runs a program compiled in memory (`mote run`): as `mote_rt_start_main`, with `args` as
/// the program's arguments. Returns the exit status.
pub fn start_jit(args: Vec<String>, entry: Entry) -> i32 {
    let _ = ARGS.set(args);
    install_panic_hook();
    run(entry)
}

#[cfg(test)]
mod tests;
