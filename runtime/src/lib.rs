//! The Mote runtime.
//!
//! Architecture invariant: generated code talks to the runtime only through `extern "C"`
//! primitives declared here; the compiler crate never links against runtime internals.
//!
//! Values, per-process heaps, the scheduler and mailboxes arrive with the code generator
//! (see `runtime/README.md` for the plan and DESIGN.md decisions 4–7).
