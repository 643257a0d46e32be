//! Snapshots of functions before and after the rewrite (with reference counting inserted, as
//! code generation sees them), and the reference-count check over each result.

use super::accumulate;
use crate::core::ir::{FunId, Program, Value};
use crate::core::rc::tests::{
    counted_and_printed, fib_body, fun, int, int_test, let_, prim, program, switch, tail, var,
};

fn rewritten(mut p: Program) -> String {
    accumulate(&mut p);
    counted_and_printed(p)
}

/// `fib n = fib (n - 1) + fib (n - 2)`: the second call becomes the loop, the first a call
/// of the twin from the accumulator (whose result the loop goes on from), the base cases add
/// to the accumulator.
#[test]
fn fib_loops_on_its_last_call() {
    insta::assert_snapshot!(rewritten(program(vec![fun("Main.fib", &[0], fib_body())])));
}

/// `fact n = if n == 0 then 1 else n * fact (n - 1)`, the recursive call as the second
/// operand: a product from 1.
#[test]
fn a_product_accumulates_from_one() {
    let body = switch(
        0,
        vec![(int_test(0), tail(Value::Atom(int(1))))],
        Some(let_(
            1,
            prim("intSub", vec![var(0), int(1)]),
            let_(2, Value::Call(FunId(0), vec![var(1)]), tail(prim("intMul", vec![var(0), var(2)]))),
        )),
    );
    insta::assert_snapshot!(rewritten(program(vec![fun("Main.fact", &[0], body)])));
}

/// A function whose recursion is not under one operator, or whose call's result is used
/// twice, is left alone.
#[test]
fn other_recursion_is_left_alone() {
    // f n = f n + f n, the same call's result on both sides.
    let twice = let_(1, Value::Call(FunId(0), vec![var(0)]), tail(prim("intAdd", vec![var(1), var(1)])));
    // g n = case n of 0 -> g 1 * 2; _ -> g 0 + 1: two operators.
    let mixed = switch(
        0,
        vec![(int_test(0), let_(1, Value::Call(FunId(1), vec![int(1)]), tail(prim("intMul", vec![var(1), int(2)]))))],
        Some(let_(2, Value::Call(FunId(1), vec![int(0)]), tail(prim("intAdd", vec![var(2), int(1)])))),
    );
    // h n = h (n - 1) - 1: not an operator the rewrite knows.
    let minus = let_(
        1,
        prim("intSub", vec![var(0), int(1)]),
        let_(2, Value::Call(FunId(2), vec![var(1)]), tail(prim("intSub", vec![var(2), int(1)]))),
    );
    let p = program(vec![fun("Main.f", &[0], twice), fun("Main.g", &[0], mixed), fun("Main.h", &[0], minus)]);
    let mut rewritten = p.clone();
    accumulate(&mut rewritten);
    assert_eq!(rewritten, p);
}

/// `g n = case n of 0 -> 0; _ -> let a = g (n - 1) in (a * 2) + g (n - 2)`: the first call's
/// result is not added to the accumulator as it is, so that call starts from 0.
#[test]
fn a_call_whose_result_is_used_otherwise_starts_from_the_identity() {
    let body = switch(
        0,
        vec![(int_test(0), tail(Value::Atom(int(0))))],
        Some(let_(
            1,
            prim("intSub", vec![var(0), int(1)]),
            let_(
                2,
                Value::Call(FunId(0), vec![var(1)]),
                let_(
                    3,
                    prim("intMul", vec![var(2), int(2)]),
                    let_(
                        4,
                        prim("intSub", vec![var(0), int(2)]),
                        let_(5, Value::Call(FunId(0), vec![var(4)]), tail(prim("intAdd", vec![var(3), var(5)]))),
                    ),
                ),
            ),
        )),
    );
    insta::assert_snapshot!(rewritten(program(vec![fun("Main.g", &[0], body)])));
}
