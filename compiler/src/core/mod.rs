//! Core: the explicit intermediate language between the checked program and code generation
//! (see [`ir`] for its invariants). `lower` builds it, through [`term`]'s tree form.

mod accumulate;
pub mod closure;
pub mod free;
pub mod ir;
pub mod lower;
mod narrow;
pub mod pair;
mod peel;
pub mod print;
mod prune;
pub mod rc;
mod relabel;
pub mod term;
mod unroll;

/// Lowered Core made ready for code generation: closures converted, accumulating recursion
/// turned into loops, a function's own calls unrolled into it, base cases copied to call sites,
/// switch arms that cannot match removed, arithmetic on one operand brought together,
/// reference counting inserted.
pub fn prepare(mut program: ir::Program) -> ir::Program {
    prune::prune(&mut program);
    let mut program = closure::convert(program);
    accumulate::accumulate(&mut program);
    unroll::unroll(&mut program);
    peel::peel(&mut program);
    narrow::narrow(&mut program);
    pair::pair(&mut program);
    rc::insert(program)
}
