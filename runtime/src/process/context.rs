//! Execution regions and the context switch.
//!
//! A scheduler runs its processes on one execution region (ABI.md, "Processes"): `REGION_BYTES`
//! aligned to `REGION_BYTES`, so generated code entered from Rust finds the region's reduction
//! budget by masking its stack pointer. The region's first page is the scheduler page, then a
//! guard, then the stack. Only one process's frames are in the region at a time; the others wait as copies of
//! the used part of their stack (`StackImage`), copied back before they resume, at the same
//! addresses, so pointers into a stack stay valid.
//!
//! The switch saves the callee-saved registers on the stack being left and its stack pointer
//! in `*save`, then loads `load` and pops the registers saved there: what the System V ABI
//! requires a call to preserve, and nothing else (Mote code keeps no state in flags or the
//! floating-point control word across calls).

use std::arch::naked_asm;

use crate::error::crash;

/// The size and alignment of an execution region.
pub const REGION_BITS: u32 = 30;
pub const REGION_BYTES: usize = 1 << REGION_BITS;
/// The scheduler page, at the region's base: `+0` the reduction budget generated code starts
/// with when Rust calls it (ABI.md, "Reductions").
const PAGE_BYTES: usize = 4096;
/// Below the stack: a fault here is a stack overflow.
pub const GUARD_BYTES: usize = 1 << 20;

/// One scheduler's execution region.
#[derive(Debug)]
pub struct Region {
    base: usize,
}

impl Region {
    /// Reserves a region (lazily committed) with its guard.
    pub fn reserve() -> Region {
        // Reserve twice the size and keep the aligned half: mmap gives page alignment only.
        let span = 2 * REGION_BYTES;
        // SAFETY: reserving address space; MAP_NORESERVE commits pages only when touched.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                span,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if raw == libc::MAP_FAILED {
            crash("cannot reserve an execution region");
        }
        let raw = raw as usize;
        let base = (raw + REGION_BYTES - 1) & !(REGION_BYTES - 1);
        // SAFETY: both trimmed pieces lie in the mapping just made and are not used.
        unsafe {
            if base > raw {
                libc::munmap(raw as *mut libc::c_void, base - raw);
            }
            let end = base + REGION_BYTES;
            if raw + span > end {
                libc::munmap(end as *mut libc::c_void, raw + span - end);
            }
            if libc::mprotect((base + PAGE_BYTES) as *mut libc::c_void, GUARD_BYTES, libc::PROT_NONE) != 0 {
                crash("cannot protect a stack guard");
            }
        }
        Region { base }
    }

    /// The highest address of the stack (exclusive), 16-aligned.
    pub fn top(&self) -> usize {
        self.base + REGION_BYTES
    }

    /// The guard, `[lo, hi)`.
    pub fn guard(&self) -> (usize, usize) {
        (self.base + PAGE_BYTES, self.base + PAGE_BYTES + GUARD_BYTES)
    }

    /// The reduction budget generated code starts with when Rust calls into it.
    pub fn budget(&self) -> *mut i64 {
        self.base as *mut i64
    }
}

/// The used part of a process's stack while it waits: `bytes` were at `[sp, top)`.
#[derive(Debug, Default)]
pub struct StackImage {
    pub sp: usize,
    pub bytes: Vec<u8>,
}

impl StackImage {
    /// Copies `[sp, top)` out of the region.
    pub fn save(&mut self, sp: usize, top: usize) {
        let len = top - sp;
        self.sp = sp;
        self.bytes.clear();
        if self.bytes.capacity() > 4 * len.max(512) {
            self.bytes.shrink_to(len);
        }
        // SAFETY: `[sp, top)` is the stack of the process that just switched out, in our region.
        self.bytes.extend_from_slice(unsafe { std::slice::from_raw_parts(sp as *const u8, len) });
    }

    /// Asks the processor to start loading the image into its cache, ahead of `restore`.
    pub fn prefetch(&self) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let range = self.bytes.as_ptr_range();
        // From the start of the first cache line, so the last one is not missed.
        let mut line = range.start.wrapping_sub(range.start as usize % 64);
        while line < range.end {
            // SAFETY: a prefetch is a hint that never faults; the address is in the image.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(line.cast()) };
            line = line.wrapping_add(64);
        }
    }

    /// Copies the image back to where it was. Must run on another stack than the region's.
    pub fn restore(&self) {
        // SAFETY: the destination is `[sp, top)` of the region the image was saved from, which
        // no running code uses now (the scheduler runs on its thread's own stack).
        unsafe { std::ptr::copy_nonoverlapping(self.bytes.as_ptr(), self.sp as *mut u8, self.bytes.len()) };
    }
}

/// Saves the callee-saved registers and the stack pointer in `*save`, and continues the
/// context whose stack pointer is `load`.
///
/// # Safety
/// `load` is a stack pointer saved by this function (or made by `initial_frame`) whose stack
/// holds its frames.
#[unsafe(naked)]
pub unsafe extern "C" fn switch(save: *mut usize, load: usize) {
    naked_asm!(
        "push rbp",
        "push rbx",
        "push r12",
        "push r13",
        "push r14",
        "push r15",
        "mov [rdi], rsp",
        "mov rsp, rsi",
        "pop r15",
        "pop r14",
        "pop r13",
        "pop r12",
        "pop rbx",
        "pop rbp",
        "ret",
    )
}

/// The first code a process runs: calls `start(arg)` with `arg` from r12; `start` never
/// returns.
#[unsafe(naked)]
unsafe extern "C" fn entry_trampoline() {
    naked_asm!("mov rdi, r12", "and rsp, -16", "call r13", "ud2")
}

/// Writes the frame `switch` pops to start a process: `start(arg)` on an empty stack at
/// `top`. Returns the stack pointer to load.
///
/// # Safety
/// `top` is the 16-aligned top of a stack no code is using.
pub unsafe fn initial_frame(top: usize, start: extern "C" fn(usize) -> !, arg: usize) -> usize {
    let sp = top - 8 * 8;
    let frame: [usize; 8] = [
        0,                                      // r15
        0,                                      // r14
        start as usize,                         // r13
        arg,                                    // r12
        0,                                      // rbx
        0,                                      // rbp: ends frame-pointer walks
        entry_trampoline as *const () as usize, // return address
        0,                                      // padding
    ];
    // SAFETY: the caller gives us the unused top of a stack.
    unsafe { std::ptr::copy_nonoverlapping(frame.as_ptr(), sp as *mut usize, frame.len()) };
    sp
}

#[cfg(not(target_arch = "x86_64"))]
compile_error!("the Mote runtime's context switch is written for x86-64");
