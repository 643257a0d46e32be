//! Program start: `mote_rt_start_main` runs the generated entry on a big stack with a guard
//! page, and turns every abnormal end into one line `main crashed: <reason>` and status 1.
//!
//! The stack is mmap'd (1 GiB reserved, `MAP_NORESERVE`, so pages are committed only when
//! touched) with a `PROT_NONE` guard region below it, and the entry runs on a pthread given
//! exactly that stack. A SIGSEGV/SIGBUS handler on an alternate signal stack tells a fault in
//! the guard (`stack overflow`) from any other (`segmentation fault (runtime bug)`); both exit
//! at once. Rust panics (a runtime bug) are reported the same way by a panic hook, never as a
//! Rust panic message or an abort.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{crash, exit_now};
use crate::io::{flush_stdout, try_flush_stdout, write_fd};

/// The entry generated code provides: `mote_program_main`.
pub type Entry = extern "C" fn() -> i64;

/// The main stack: reserved, committed lazily.
pub const MAIN_STACK_BYTES: usize = 1 << 30;
/// The guard region below it: large enough that no frame jumps over it.
const GUARD_BYTES: usize = 1 << 20;
const ALT_STACK_BYTES: usize = 1 << 16;

/// The guard region of the main stack, `[lo, hi)`, for the fault handler.
static GUARD_LO: AtomicUsize = AtomicUsize::new(0);
static GUARD_HI: AtomicUsize = AtomicUsize::new(0);

static ARGS: OnceLock<Vec<String>> = OnceLock::new();

/// The program's command-line arguments (the program name first).
pub fn args() -> &'static [String] {
    ARGS.get().map_or(&[], Vec::as_slice)
}

/// Writes the crash line with async-signal-safe calls only, then exits.
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
    let (lo, hi) = (GUARD_LO.load(Ordering::Relaxed), GUARD_HI.load(Ordering::Relaxed));
    if lo <= addr && addr < hi {
        report_from_signal(b"stack overflow")
    } else {
        report_from_signal(b"segmentation fault (runtime bug)")
    }
}

fn install_fault_handlers() {
    for signal in [libc::SIGSEGV, libc::SIGBUS] {
        // SAFETY: a zeroed sigaction is a valid starting point; we fill in handler and flags.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
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
fn install_alt_stack() {
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

struct Start {
    entry: Entry,
    status: i64,
}

extern "C" fn trampoline(arg: *mut c_void) -> *mut c_void {
    install_alt_stack();
    // SAFETY: `run` passes a pointer to a `Start` that outlives the thread (it joins it).
    let start = unsafe { &mut *(arg as *mut Start) };
    start.status = (start.entry)();
    std::ptr::null_mut()
}

/// Runs `entry` on a fresh stack of `stack_bytes` (plus the guard) and returns its status.
pub fn run(entry: Entry, stack_bytes: usize) -> i32 {
    install_fault_handlers();
    let total = stack_bytes + GUARD_BYTES;
    // SAFETY: reserving address space; MAP_NORESERVE commits pages only when touched.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            total,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        crash("cannot reserve the main stack");
    }
    // SAFETY: the guard is the lowest part of the mapping we own.
    if unsafe { libc::mprotect(base, GUARD_BYTES, libc::PROT_NONE) } != 0 {
        crash("cannot protect the stack guard");
    }
    GUARD_LO.store(base as usize, Ordering::Relaxed);
    GUARD_HI.store(base as usize + GUARD_BYTES, Ordering::Relaxed);
    let mut start = Start { entry, status: 0 };
    // SAFETY: the attribute is initialised before use and destroyed after; the stack region
    // is ours and outlives the thread, which we join before unmapping it.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        libc::pthread_attr_init(&mut attr);
        libc::pthread_attr_setstack(&mut attr, (base as *mut u8).add(GUARD_BYTES) as *mut c_void, stack_bytes);
        let mut thread: libc::pthread_t = std::mem::zeroed();
        let arg = &mut start as *mut Start as *mut c_void;
        if libc::pthread_create(&mut thread, &attr, trampoline, arg) != 0 {
            crash("cannot start the main thread");
        }
        libc::pthread_attr_destroy(&mut attr);
        libc::pthread_join(thread, std::ptr::null_mut());
        libc::munmap(base, total);
    }
    GUARD_LO.store(0, Ordering::Relaxed);
    GUARD_HI.store(0, Ordering::Relaxed);
    flush_stdout();
    start.status as i32
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
    run(entry, MAIN_STACK_BYTES)
}

/// Runs a program compiled in memory (`mote run`): as `mote_rt_start_main`, with `args` as
/// the program's arguments. Returns the exit status.
pub fn start_jit(args: Vec<String>, entry: Entry) -> i32 {
    let _ = ARGS.set(args);
    install_panic_hook();
    run(entry, MAIN_STACK_BYTES)
}

#[cfg(test)]
mod tests;
