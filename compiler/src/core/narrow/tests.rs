//! Narrowing is checked on fib as the passes before it leave it (a snapshot; `pair`'s tests
//! run it), on small functions for each way a fact is learned or forgotten, and on random
//! functions of Integer switches, arithmetic and joins, run before and after by the Core
//! interpreter of the closure tests.

use proptest::prelude::*;

use super::narrow;
use crate::core::accumulate::accumulate;
use crate::core::closure::tests::run_ints as run;
use crate::core::ir::{Atom, Expr, JoinId, Program, Value, Var};
use crate::core::peel::peel;
use crate::core::rc::tests::{
    counted_and_printed, fib_body, fun, int, int_test, let_, prim, program, ret, switch, tail, var,
};
use crate::core::unroll::unroll;

fn narrowed(mut p: Program) -> Program {
    narrow(&mut p);
    p
}

/// The first function's body after narrowing.
fn body(e: Expr) -> Expr {
    narrowed(program(vec![fun("Main.f", &[0, 1], e)])).functions.swap_remove(0).body
}

fn jump(j: u32, args: Vec<Atom>) -> Expr {
    Expr::Jump(JoinId(j), args)
}

fn join(id: u32, params: &[u32], looping: bool, body: Expr, rest: Expr) -> Expr {
    Expr::Join {
        id: JoinId(id),
        params: params.iter().map(|p| Var(*p)).collect(),
        looping,
        body: Box::new(body),
        rest: Box::new(rest),
    }
}

/// In fib unrolled three levels, the innermost copy's test of `n - 1` against `0` is gone: it
/// is in the default arm of the switch of `n` against `0` and `1`.
#[test]
fn fib_loses_the_test_its_switch_rules_out() {
    let mut p = program(vec![fun("Main.fib", &[0], fib_body())]);
    accumulate(&mut p);
    unroll(&mut p);
    peel(&mut p);
    let before = crate::core::print::program(&p);
    narrow(&mut p);
    let after = crate::core::print::program(&p);
    assert_eq!(before.matches("      0 ->").count(), after.matches("      0 ->").count() + 1, "{after}");
    insta::assert_snapshot!(counted_and_printed(p));
}

/// `switch x { 0 -> 0; 1 -> 1; _ -> let y = x - 1 in switch y { 0 -> 10; 7 -> 70; _ -> 99 } }`:
/// `y` is not `0` where it is tested.
#[test]
fn a_default_rules_out_its_arms_through_subtraction() {
    let inner = switch(
        2,
        vec![(int_test(0), tail(Value::Atom(int(10)))), (int_test(7), tail(Value::Atom(int(70))))],
        Some(tail(Value::Atom(int(99)))),
    );
    let e = switch(
        0,
        vec![(int_test(0), tail(Value::Atom(int(0)))), (int_test(1), tail(Value::Atom(int(1))))],
        Some(let_(2, prim("intSub", vec![var(0), int(1)]), inner.clone())),
    );
    let Expr::Switch { default: Some(d), .. } = body(e) else { panic!("the outer switch stays") };
    let inner = switch(2, vec![(int_test(7), tail(Value::Atom(int(70))))], Some(tail(Value::Atom(int(99)))));
    assert_eq!(*d, let_(2, prim("intSub", vec![var(0), int(1)]), inner));
}

/// In the arm `3 ->`, `x + 1` is `4`: its switch is the arm testing `4`. A switch whose arms
/// are all ruled out is its default.
#[test]
fn a_known_integer_picks_its_arm() {
    let arms = |on| {
        switch(
            on,
            vec![(int_test(4), tail(Value::Atom(int(40)))), (int_test(5), tail(Value::Atom(int(50))))],
            Some(ret(1)),
        )
    };
    let e = switch(0, vec![(int_test(3), let_(2, prim("intAdd", vec![int(1), var(0)]), arms(2)))], Some(ret(1)));
    let Expr::Switch { arms: a, .. } = body(e) else { panic!("the outer switch stays") };
    assert_eq!(a[0].1, let_(2, prim("intAdd", vec![int(1), var(0)]), tail(Value::Atom(int(40)))));

    let e = switch(0, vec![(int_test(9), let_(2, Value::Atom(var(0)), arms(2)))], Some(ret(1)));
    let Expr::Switch { arms: a, .. } = body(e) else { panic!("the outer switch stays") };
    assert_eq!(a[0].1, let_(2, Value::Atom(var(0)), ret(1)));
}

/// A join's parameter has what all its jumps agree on: two jumps of `x`, where `x` is not `0`,
/// keep that; a jump of `0` and one of `1` agree on nothing.
#[test]
fn a_join_keeps_what_its_jumps_agree_on() {
    let tested = switch(3, vec![(int_test(0), tail(Value::Atom(int(0))))], Some(ret(3)));
    let agreeing = switch(
        0,
        vec![(int_test(0), tail(Value::Atom(int(5))))],
        Some(join(
            0,
            &[3],
            false,
            tested.clone(),
            switch(1, vec![(int_test(1), jump(0, vec![var(0)]))], Some(jump(0, vec![var(0)]))),
        )),
    );
    let Expr::Switch { default: Some(d), .. } = body(agreeing) else { panic!() };
    let Expr::Join { body: b, .. } = *d else { panic!("the join stays") };
    assert_eq!(*b, ret(3), "p is never 0");

    let disagreeing = join(
        0,
        &[3],
        false,
        tested.clone(),
        switch(1, vec![(int_test(1), jump(0, vec![int(0)]))], Some(jump(0, vec![int(1)]))),
    );
    let Expr::Join { body: b, .. } = body(disagreeing) else { panic!("the join stays") };
    assert_eq!(*b, tested);
}

/// A looping join keeps only what its rounds pass on: counting `k` down from 3 forgets that
/// `k` is 3 (its test stays), while `n`, handed on as it came (not 0 nor 1), stays known.
#[test]
fn a_loop_keeps_only_what_its_rounds_pass_on() {
    // l(n, k) = switch k { 0 -> n; _ -> let k2 = k - 1 in switch n { 0 -> -1; _ -> jump l(n, k2) } }
    let round = switch(
        3,
        vec![(int_test(0), ret(2))],
        Some(let_(
            4,
            prim("intSub", vec![var(3), int(1)]),
            switch(2, vec![(int_test(0), tail(Value::Atom(int(-1))))], Some(jump(0, vec![var(2), var(4)]))),
        )),
    );
    let e = switch(
        0,
        vec![(int_test(0), tail(Value::Atom(int(0)))), (int_test(1), tail(Value::Atom(int(1))))],
        Some(join(0, &[2, 3], true, round, jump(0, vec![var(0), int(3)]))),
    );
    let Expr::Switch { default: Some(d), .. } = body(e.clone()) else { panic!() };
    let Expr::Join { body: b, .. } = *d else { panic!("the join stays") };
    let expected = switch(
        3,
        vec![(int_test(0), ret(2))],
        Some(let_(4, prim("intSub", vec![var(3), int(1)]), jump(0, vec![var(2), var(4)]))),
    );
    assert_eq!(*b, expected);
    let p = program(vec![fun("Main.f", &[0, 1], e)]);
    for x in 0..4 {
        let args = vec![x, 0];
        assert_eq!(run(&narrowed(p.clone()), args.clone(), 1000), run(&p, args, 1000));
    }
}

/// Random functions of two Integer parameters: lets of literals, copies and `±` a literal,
/// switches on small literals, joins (some looping) of one or two parameters, jumps.
struct IntGen<'c> {
    choices: &'c [u32],
    next: usize,
    next_var: u32,
    next_join: u32,
}

impl IntGen<'_> {
    fn pick(&mut self, n: u32) -> u32 {
        let c = self.choices.get(self.next).map_or(0, |c| c % n);
        self.next += 1;
        c
    }

    fn literal(&mut self) -> i64 {
        i64::from(self.pick(4)) - 1
    }

    fn atom(&mut self, scope: &[Var]) -> Atom {
        if self.pick(4) == 0 { int(self.literal()) } else { Atom::Var(scope[self.pick(scope.len() as u32) as usize]) }
    }

    fn expr(&mut self, scope: &[Var], joins: &[(JoinId, usize)], depth: u32) -> Expr {
        let choice = if depth > 6 { 0 } else { self.pick(9) };
        match choice {
            1 | 2 => {
                let x = Var(self.next_var);
                self.next_var += 1;
                let value = match self.pick(3) {
                    0 => Value::Atom(self.atom(scope)),
                    1 => prim("intAdd", vec![self.atom(scope), int(self.literal())]),
                    _ => prim("intSub", vec![self.atom(scope), int(self.literal())]),
                };
                Expr::Let(x, value, Box::new(self.expr(&[scope, &[x]].concat(), joins, depth)))
            }
            3 | 4 => {
                let on = scope[self.pick(scope.len() as u32) as usize];
                let arms = (0..=self.pick(3))
                    .map(|_| (int_test(self.literal()), self.expr(scope, joins, depth + 1)))
                    .collect();
                let default = (self.pick(3) != 0).then(|| Box::new(self.expr(scope, joins, depth + 1)));
                Expr::Switch { on, arms, default }
            }
            5 => {
                let id = JoinId(self.next_join);
                self.next_join += 1;
                let params: Vec<Var> = (0..=self.pick(2)).map(|i| Var(1000 + 10 * id.0 + i)).collect();
                let this = [(id, params.len())];
                let looping = self.pick(2) == 0;
                let inner = [scope, &params].concat();
                let body = if looping {
                    // A loop that ends: out at 0, else counting its first parameter down
                    // (whether a round jumps back, and with what, is random).
                    let down = Var(self.next_var);
                    self.next_var += 1;
                    let joins = [joins, &this].concat();
                    let out = self.expr(&inner, &joins[..joins.len() - 1], depth + 1);
                    let round = self.expr(&[&inner[..], &[down]].concat(), &joins, depth + 1);
                    let round = Expr::Let(down, prim("intSub", vec![Atom::Var(params[0]), int(1)]), Box::new(round));
                    Expr::Switch { on: params[0], arms: vec![(int_test(0), out)], default: Some(Box::new(round)) }
                } else {
                    self.expr(&inner, joins, depth + 1)
                };
                let rest = self.expr(scope, &[joins, &this].concat(), depth + 1);
                Expr::Join { id, params, looping, body: Box::new(body), rest: Box::new(rest) }
            }
            6 | 7 if !joins.is_empty() => {
                // Mostly the innermost join: a loop's own round.
                let i = if self.pick(2) == 0 { joins.len() - 1 } else { self.pick(joins.len() as u32) as usize };
                let (j, arity) = joins[i];
                Expr::Jump(j, (0..arity).map(|_| self.atom(scope)).collect())
            }
            _ => Expr::Tail(Value::Atom(self.atom(scope))),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Narrowing only removes what cannot run: where the original returns (or fails) within
    /// its fuel, the narrowed function returns the same, on every argument tried; and so does
    /// the function after `pair`.
    #[test]
    fn random_functions_narrow_to_the_same(choices in prop::collection::vec(any::<u32>(), 0..200)) {
        let mut g = IntGen { choices: &choices, next: 0, next_var: 2, next_join: 0 };
        let p = program(vec![fun("Main.f", &[0, 1], g.expr(&[Var(0), Var(1)], &[], 0))]);
        let q = narrowed(p.clone());
        // `pair` moves the same functions' arithmetic about: it must not change a result either.
        let mut r = p.clone();
        crate::core::pair::pair(&mut r);
        for x in -3..4 {
            for y in [-1, 2] {
                let args = vec![x, y];
                let expected = run(&p, args.clone(), 2_000);
                if expected != "error: out of fuel" {
                    prop_assert_eq!(run(&q, args.clone(), 2_000), expected.clone(), "{}", crate::core::print::program(&q));
                    prop_assert_eq!(run(&r, args, 2_000), expected, "{}", crate::core::print::program(&r));
                }
            }
        }
    }
}
