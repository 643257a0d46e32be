//! Snapshots of call sites with a function's base cases copied in (after `accumulate`, with
//! reference counting inserted, as code generation sees them), and the reference-count check
//! over each result.

use super::peel;
use crate::core::accumulate::accumulate;
use crate::core::ir::{Atom, CtorId, FunId, Lit, Program, Test, Value};
use proptest::prelude::*;

use crate::core::rc::tests::{
    Gen, check_counts, counted_and_printed, fib_body, fun, int, int_test, let_, prim, program, ret, switch, tail, var,
};

fn peeled(mut p: Program) -> String {
    accumulate(&mut p);
    peel(&mut p);
    counted_and_printed(p)
}

/// `fib$acc`'s call of itself from 0 tests the argument first: 0 gives 0 and 1 gives 1 (folded
/// from `0 + 1`) without a call.
#[test]
fn fib_calls_only_past_its_base_cases() {
    insta::assert_snapshot!(peeled(program(vec![fun("Main.fib", &[0], fib_body())])));
}

/// A caller of a function with a base case that reads another parameter and one that does not
/// qualify (a call): the first is copied with the argument in place, the second stays a call,
/// as do tail calls and calls on a literal argument.
#[test]
fn only_small_arithmetic_arms_are_copied() {
    // g n k = case n of 0 -> k * 2; 1 -> g 0 k; _ -> k
    let g = switch(
        0,
        vec![
            (int_test(0), tail(prim("intMul", vec![var(1), int(2)]))),
            (int_test(1), tail(Value::Call(FunId(0), vec![int(0), var(1)]))),
        ],
        Some(ret(1)),
    );
    // h x = let a = g x 5 in let b = g 3 a in g b b
    let h = let_(
        1,
        Value::Call(FunId(0), vec![var(0), int(5)]),
        let_(2, Value::Call(FunId(0), vec![int(3), var(1)]), tail(Value::Call(FunId(0), vec![var(2), var(2)]))),
    );
    insta::assert_snapshot!(peeled(program(vec![fun("Main.g", &[0, 1], g), fun("Main.h", &[0], h)])));
}

/// A function switching on a constructor (`len [] acc = acc`) has its empty case copied, as
/// is an arm that builds a constructor; a function whose tests repeat has none.
#[test]
fn constructor_arms_are_copied_and_odd_switches_left_alone() {
    // len xs acc = case xs of [] -> acc; _ -> 1
    let len = switch(0, vec![(Test::Ctor(CtorId::NIL), ret(1))], Some(tail(Value::Atom(int(1)))));
    // twice n = case n of 0 -> 1; 0 -> 2
    let twice = switch(
        0,
        vec![(int_test(0), tail(Value::Atom(int(1)))), (int_test(0), tail(Value::Atom(int(2))))],
        Some(tail(Value::Atom(int(3)))),
    );
    // wrap n = case n of 0 -> Just 5; _ -> Nothing: an allocation is copied too.
    let wrap = switch(
        0,
        vec![(int_test(0), tail(Value::Con(CtorId(6), vec![int(5)])))],
        Some(tail(Value::Con(CtorId(5), vec![]))),
    );
    // user xs n = let a = len xs n in let b = twice a in let c = wrap b in (a, c)
    let user = let_(
        2,
        Value::Call(FunId(0), vec![var(0), var(1)]),
        let_(
            3,
            Value::Call(FunId(1), vec![var(2)]),
            let_(4, Value::Call(FunId(2), vec![var(3)]), tail(Value::Tuple(vec![var(2), var(4)]))),
        ),
    );
    let p = program(vec![
        fun("Main.len", &[0, 1], len),
        fun("Main.twice", &[0], twice),
        fun("Main.wrap", &[0], wrap),
        fun("Main.user", &[0, 1], user),
    ]);
    let out = peeled(p);
    assert_eq!(out.matches("call Main.twice").count(), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn literal_arithmetic_folds() {
    let folded = super::fold(prim("intSub", vec![int(7), int(10)]));
    assert_eq!(folded, Value::Atom(Atom::Lit(Lit::Int((-3).into()))));
    let kept = super::fold(prim("intAdd", vec![var(0), int(1)]));
    assert_eq!(kept, prim("intAdd", vec![var(0), int(1)]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// On random well-scoped functions that start with a base case and call themselves (with
    /// any number of arguments, anywhere), copying base cases keeps the function well formed:
    /// reference counting inserted after it counts every reference exactly on every path.
    #[test]
    fn random_functions_stay_well_counted(choices in prop::collection::vec(any::<u32>(), 0..300)) {
        let mut p = program(vec![Gen::new(&choices).self_recursive("Main.random")]);
        peel(&mut p);
        let out = crate::core::rc::insert(p);
        if let Err(e) = check_counts(&out) {
            prop_assert!(false, "{e}\n{}", crate::core::print::program(&out));
        }
    }
}
