//! Unrolling is checked three ways: snapshots of the shape (after `accumulate`, with `peel`
//! and reference counting as code generation sees them); the Core interpreter of the closure
//! tests runs functions before and after and must get the same result; and on random
//! self-recursive functions the result stays well formed and exactly counted.

use proptest::prelude::*;

use super::unroll;
use crate::core::accumulate::accumulate;
use crate::core::closure::tests::{Val, con, run_with_fuel};
use crate::core::ir::{CtorId, Expr, FunId, Function, Program, Test, Value, Var};
use crate::core::peel::peel;
use crate::core::rc::tests::{
    Gen, check_counts, counted_and_printed, fib_body, fun, int, let_, prim, program, ret, switch, tail, var,
};

fn unrolled(mut p: Program) -> String {
    accumulate(&mut p);
    unroll(&mut p);
    peel(&mut p);
    counted_and_printed(p)
}

/// `fib$acc`'s call of itself becomes a loop in place (`join rec`), whose results continue
/// after the call and whose own tail call jumps back; the copy's call of `fib$acc` is left,
/// its base cases copied by `peel`.
#[test]
fn fib_inlines_its_own_call_as_a_loop() {
    insta::assert_snapshot!(unrolled(program(vec![fun("Main.fib", &[0], fib_body())])));
}

/// `size t = case t of Leaf -> 0; Node l r -> size l + size r + 1` as Core (constructor 5
/// has two fields): two calls of itself, so each is replaced by a copy; a copy's own calls
/// stay calls.
fn tree_size() -> Expr {
    switch(
        0,
        vec![(Test::Ctor(CtorId::NIL), tail(Value::Atom(int(0))))],
        Some(let_(
            1,
            Value::Field(Var(0), 0),
            let_(
                2,
                Value::Field(Var(0), 1),
                let_(
                    3,
                    Value::Call(FunId(0), vec![var(1)]),
                    let_(
                        4,
                        Value::Call(FunId(0), vec![var(2)]),
                        let_(
                            5,
                            prim("intAdd", vec![var(3), var(4)]),
                            let_(6, prim("intAdd", vec![var(5), int(1)]), ret(6)),
                        ),
                    ),
                ),
            ),
        )),
    )
}

#[test]
fn each_call_of_itself_gets_a_copy() {
    let mut p = program(vec![fun("Main.size", &[0], tree_size())]);
    unroll(&mut p);
    peel(&mut p);
    insta::assert_snapshot!(counted_and_printed(p));
}

/// A function too big to copy, closure code, and a function whose only call of itself is a
/// tail call are left alone.
#[test]
fn big_functions_closures_and_loops_are_left_alone() {
    // A chain of lets longer than MAX_SIZE allows to copy, then a call of itself.
    let long = (1..=super::MAX_SIZE as u32)
        .rev()
        .fold(let_(1000, Value::Call(FunId(0), vec![var(0)]), ret(1000)), |body, i| {
            let_(i, Value::Atom(int(i64::from(i))), body)
        });
    let closure = Function {
        closure: true,
        ..fun("Main.code", &[0, 1], let_(2, Value::Call(FunId(1), vec![var(0), var(1)]), ret(2)))
    };
    let looping = switch(0, vec![(Test::Ctor(CtorId::NIL), ret(0))], Some(tail(Value::Call(FunId(2), vec![var(0)]))));
    let p = program(vec![fun("Main.long", &[0], long), closure, fun("Main.loop", &[0], looping)]);
    let mut q = p.clone();
    unroll(&mut q);
    assert_eq!(p, q);
}

/// `run_with_fuel` of the first function on the arguments `args` makes, on a thread with room
/// for the interpreter (it nests a Rust call per step).
fn run(p: &Program, args: impl FnOnce() -> Vec<Val> + Send + 'static, fuel: u32) -> String {
    let p = p.clone();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run_with_fuel(&p, FunId(0), args(), fuel))
        .expect("a thread for the interpreter")
        .join()
        .expect("the interpreter returns")
}

fn ints(p: &Program, n: i64) -> String {
    run(p, move || vec![Val::Int(n)], 10_000_000)
}

/// fib and the tree walk give the same results before and after (accumulate, unroll and
/// peel, then reference counting).
#[test]
fn unrolled_functions_compute_the_same() {
    let p = program(vec![fun("Main.fib", &[0], fib_body())]);
    let mut q = p.clone();
    accumulate(&mut q);
    unroll(&mut q);
    peel(&mut q);
    let q = crate::core::rc::insert(q);
    for n in 0..16 {
        assert_eq!(ints(&q, n), ints(&p, n), "fib {n}");
    }
    assert_eq!(ints(&q, 15), "610");

    // A tree of depth d: Node (tree (d - 1)) (tree (d - 1)), Leaf at 0 (`[]`).
    fn tree(d: u32) -> Val {
        if d == 0 { con(CtorId::NIL, vec![]) } else { con(CtorId::CONS, vec![tree(d - 1), tree(d - 1)]) }
    }
    let p = program(vec![fun("Main.size", &[0], tree_size())]);
    let mut q = p.clone();
    unroll(&mut q);
    peel(&mut q);
    let q = crate::core::rc::insert(q);
    for d in 0..6 {
        let size = |p: &Program| run(p, move || vec![tree(d)], 10_000_000);
        assert_eq!(size(&q), size(&p), "tree of depth {d}");
    }
    assert_eq!(run(&q, || vec![tree(5)], 10_000_000), "31");
}

proptest! {
    // Most random functions call themselves with another number of arguments than they take,
    // or are too big to copy: only those the pass changes are tested (about one in twelve).
    #![proptest_config(ProptestConfig { cases: 300, max_global_rejects: 20_000, ..ProptestConfig::default() })]

    /// Random well-scoped functions that call themselves anywhere (with any number of
    /// arguments) and are unrolled: then peeled and counted, they are well formed and exactly
    /// counted, and where the original returns within its fuel, the unrolled one returns the
    /// same.
    #[test]
    fn random_functions_unroll_to_the_same(choices in prop::collection::vec(any::<u32>(), 0..100), arg in 0u32..3) {
        let f = Gen::new(&choices).self_recursive("Main.random");
        let arity = f.params.len();
        let args = move || vec![con(CtorId(arg), vec![]); arity];
        let p = program(vec![f]);
        let mut q = p.clone();
        unroll(&mut q);
        prop_assume!(q != p);
        let expected = run(&p, args, 3_000);
        peel(&mut q);
        let q = crate::core::rc::insert(q);
        match check_counts(&q) {
            // The checker walks every path, and a copy multiplies them: too many to walk says
            // nothing either way.
            Err(e) if e.ends_with("path budget exhausted") => prop_assume!(false),
            Err(e) => prop_assert!(false, "{e}\n{}", crate::core::print::program(&q)),
            Ok(()) => {}
        }
        // Errors name variables, which the copies rename: an error must stay an error.
        let actual = run(&q, args, 12_000);
        if expected.starts_with("error") {
            prop_assert!(actual.starts_with("error") || expected == "error: out of fuel", "{actual}, was {expected}");
        } else {
            prop_assert_eq!(actual, expected);
        }
    }
}
