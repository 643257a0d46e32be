//! The Mote runtime: the library generated code calls.
//!
//! Architecture invariant: generated code talks to the runtime only through the `extern "C"`
//! functions of runtime/ABI.md (`mote_rt_*` services and `mote_<primitive>`), all listed by
//! `symbols::symbols()`; the compiler crate never links against runtime internals.
//!
//! Values are 64-bit words (`value`), objects live in per-thread size-class heaps (`heap`) and
//! are reference counted Perceus-style (see README.md). Every word that reaches the runtime is
//! assumed to be a valid value as ABI.md defines it; the helpers of `value` rely on that.
//! Processes run on schedulers, one thread per core (`process`; DESIGN.md decisions 5–7).

pub mod atom;
pub mod binary;
pub mod char;
pub mod error;
pub mod float;
pub mod generic;
pub mod heap;
pub mod int;
pub mod io;
pub mod map;
pub mod order;
pub mod process;
pub mod program;
pub mod start;
pub mod string;
pub mod symbols;
pub mod value;

pub use program::ProgramInfo;
pub use symbols::symbols;

/// The allocator of everything the runtime allocates outside process heaps (processes, stack
/// images, mailboxes, timers). Processes are made on one scheduler and often end on another,
/// and the system allocator serialises such cross-thread frees on a lock per arena; mimalloc
/// returns them to the owning thread's free list without one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
