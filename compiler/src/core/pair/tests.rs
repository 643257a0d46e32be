//! Pairing is checked on the shapes it moves and those it leaves, and on fib through every
//! pass that code generation sees, `narrow` included (the same results, exact counts); the
//! random functions of `narrow`'s tests go through it too.

use super::pair;
use crate::core::accumulate::accumulate;
use crate::core::closure::tests::run_ints;
use crate::core::ir::{Expr, FunId, JoinId, Value, Var};
use crate::core::narrow::narrow;
use crate::core::peel::peel;
use crate::core::rc::tests::{check_counts, fib_body, fun, int, let_, prim, program, ret, switch, var};
use crate::core::unroll::unroll;

fn paired(body: Expr) -> Expr {
    let mut p = program(vec![fun("Main.f", &[0, 1], body)]);
    pair(&mut p);
    p.functions.swap_remove(0).body
}

fn join(body: Expr, rest: Expr, looping: bool) -> Expr {
    Expr::Join { id: JoinId(0), params: vec![Var(9)], looping, body: Box::new(body), rest: Box::new(rest) }
}

fn jump(x: u32) -> Expr {
    Expr::Jump(JoinId(0), vec![var(x)])
}

fn minus(x: u32, c: i64) -> Value {
    prim("intSub", vec![var(x), int(c)])
}

/// `let a = x - 1 in join j(r) = (let b = x - 2 in …) in …`: `b` moves up to `a`; so it does
/// from after a call.
#[test]
fn the_second_operation_moves_up_to_the_first() {
    let inner = let_(3, minus(0, 2), ret(3));
    let before = let_(2, minus(0, 1), join(inner, jump(2), false));
    let after = let_(2, minus(0, 1), let_(3, minus(0, 2), join(ret(3), jump(2), false)));
    assert_eq!(paired(before), after);

    let call = |x, body| let_(4, Value::Call(FunId(0), vec![var(x), int(0)]), body);
    let before = let_(2, minus(0, 1), call(2, let_(3, prim("intAdd", vec![int(5), var(0)]), ret(3))));
    let after = let_(2, minus(0, 1), let_(3, prim("intAdd", vec![int(5), var(0)]), call(2, ret(3))));
    assert_eq!(paired(before), after);
}

/// Not into a looping join (its body runs every round), not past a switch, not on another
/// operand, not a multiplication, and not further than `REACH` away.
#[test]
fn other_shapes_are_left_alone() {
    let unchanged = [
        let_(2, minus(0, 1), join(let_(3, minus(0, 2), ret(3)), jump(2), true)),
        let_(2, minus(0, 1), switch(1, vec![], Some(let_(3, minus(0, 2), ret(3))))),
        let_(2, minus(0, 1), let_(3, minus(1, 2), ret(3))),
        let_(2, minus(0, 1), let_(3, prim("intMul", vec![var(0), int(2)]), ret(3))),
        let_(
            2,
            minus(0, 1),
            let_(
                4,
                Value::Atom(int(0)),
                let_(5, Value::Atom(int(0)), let_(6, Value::Atom(int(0)), let_(3, minus(0, 2), ret(3)))),
            ),
        ),
    ];
    for e in unchanged {
        assert_eq!(paired(e.clone()), e);
    }
}

/// fib through accumulate, unroll, peel, narrow and pair, then reference counting: the same
/// results, and every count exact.
#[test]
fn paired_fib_computes_the_same() {
    let p = program(vec![fun("Main.fib", &[0], fib_body())]);
    let mut q = p.clone();
    accumulate(&mut q);
    unroll(&mut q);
    peel(&mut q);
    narrow(&mut q);
    pair(&mut q);
    let q = crate::core::rc::insert(q);
    check_counts(&q).unwrap_or_else(|e| panic!("{e}\n{}", crate::core::print::program(&q)));
    for n in 0..16 {
        assert_eq!(run_ints(&q, vec![n], 10_000_000), run_ints(&p, vec![n], 10_000_000), "fib {n}");
    }
}
