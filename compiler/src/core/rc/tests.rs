//! Reference counting is checked by [`check_counts`], an abstract interpretation that walks every
//! path of every function and counts references per variable, over hand-written programs
//! (snapshots of the printed result) and over random well-scoped Core (proptest).
//!
//! The helpers here (program builders, the checker, [`erase`]) serve `closure`'s tests too.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use proptest::prelude::*;

use super::insert;
use crate::core::ir::{
    Atom, CtorId, CtorInfo, Expr, FunId, Function, Global, GlobalId, JoinId, Label, Lit, Prim, Program, Test, Value,
    Var,
};
use crate::core::print;

pub(crate) fn v(n: u32) -> Var {
    Var(n)
}

pub(crate) fn var(n: u32) -> Atom {
    Atom::Var(Var(n))
}

pub(crate) fn int(n: i64) -> Atom {
    Atom::Lit(Lit::Int(n.into()))
}

pub(crate) fn let_(x: u32, value: Value, body: Expr) -> Expr {
    Expr::Let(Var(x), value, Box::new(body))
}

pub(crate) fn tail(value: Value) -> Expr {
    Expr::Tail(value)
}

pub(crate) fn ret(x: u32) -> Expr {
    Expr::Tail(Value::Atom(var(x)))
}

pub(crate) fn switch(on: u32, arms: Vec<(Test, Expr)>, default: Option<Expr>) -> Expr {
    Expr::Switch { on: Var(on), arms, default: default.map(Box::new) }
}

/// The test `== n` of a switch arm.
pub(crate) fn int_test(n: i64) -> Test {
    Test::Lit(Lit::Int(n.into()))
}

/// `p` after a rewrite, as code generation sees it: reference counting inserted and checked,
/// printed.
pub(crate) fn counted_and_printed(p: Program) -> String {
    let p = crate::core::rc::insert(p);
    check_counts(&p).expect("reference counts of the rewritten program");
    crate::core::print::program(&p)
}

pub(crate) fn prim(name: &str, args: Vec<Atom>) -> Value {
    Value::Prim(Prim::Foreign(name.into()), args)
}

pub(crate) fn fun(name: &str, params: &[u32], body: Expr) -> Function {
    Function { name: name.to_string(), params: params.iter().map(|p| Var(*p)).collect(), body, closure: false }
}

/// A program of `functions` with the runtime's constructors, `Nothing`/`Just`, one label `x`
/// and one global.
/// `fib n = case n of 0 -> 0; 1 -> n; _ -> fib (n - 1) + fib (n - 2)`, the body of function 0
/// over parameter `v0`: the typical non-tail recursion.
pub(crate) fn fib_body() -> Expr {
    switch(
        0,
        vec![(Test::Lit(Lit::Int(0.into())), tail(Value::Atom(int(0)))), (Test::Lit(Lit::Int(1.into())), ret(0))],
        Some(let_(
            1,
            prim("intSub", vec![var(0), int(1)]),
            let_(
                2,
                Value::Call(FunId(0), vec![var(1)]),
                let_(
                    3,
                    prim("intSub", vec![var(0), int(2)]),
                    let_(4, Value::Call(FunId(0), vec![var(3)]), tail(prim("intAdd", vec![var(2), var(4)]))),
                ),
            ),
        )),
    )
}

pub(crate) fn program(functions: Vec<Function>) -> Program {
    let ctor = |name: &str, ty: &str, arity| CtorInfo { name: name.into(), ty: ty.into(), arity };
    let mut constructors = crate::core::lower::builtin_constructors();
    constructors.extend([ctor("Nothing", "Data.Maybe.Maybe", 0), ctor("Just", "Data.Maybe.Maybe", 1)]);
    Program {
        functions,
        globals: vec![Global { name: "Main.main".to_string(), body: tail(Value::Atom(Atom::Lit(Lit::Unit))) }],
        constructors,
        labels: vec![Arc::from("x")],
        main: GlobalId(0),
        process_ctors: None,
    }
}

/// Checks reference counts on every path of every function and global of `p`: each variable
/// gets +1 when bound, +1 per dup, -1 per drop and per consuming use; a borrowed use, a dup and
/// a drop need a count of at least 1; at each return every count is 0. Variables must be bound
/// once per path and used only when bound.
pub(crate) fn check_counts(p: &Program) -> Result<(), String> {
    for f in &p.functions {
        check_body(&f.params, &f.body).map_err(|e| format!("in {}: {e}", f.name))?;
    }
    for g in &p.globals {
        check_body(&[], &g.body).map_err(|e| format!("in {}: {e}", g.name))?;
    }
    Ok(())
}

fn check_body(params: &[Var], body: &Expr) -> Result<(), String> {
    let mut path = Path::default();
    for p in params {
        path.bind(*p)?;
    }
    let mut budget = 200_000;
    path.walk(body, &mut budget)
}

#[derive(Clone, Default)]
struct Path<'e> {
    counts: HashMap<Var, i64>,
    bound: HashSet<Var>,
    joins: HashMap<JoinId, (&'e [Var], &'e Expr, bool)>,
    /// The counts on entry to each looping join whose body this path is in: a jump back
    /// must leave the same (its parameters bound afresh, the body's own variables released).
    rounds: HashMap<JoinId, HashMap<Var, i64>>,
}

impl<'e> Path<'e> {
    fn bind(&mut self, x: Var) -> Result<(), String> {
        if !self.bound.insert(x) {
            return Err(format!("v{} bound twice", x.0));
        }
        self.counts.insert(x, 1);
        Ok(())
    }

    fn alive(&self, x: Var, what: &str) -> Result<(), String> {
        match self.counts.get(&x) {
            Some(n) if *n >= 1 => Ok(()),
            Some(_) => Err(format!("{what} of v{} after its last reference", x.0)),
            None => Err(format!("{what} of unbound v{}", x.0)),
        }
    }

    fn add(&mut self, x: Var, what: &str, delta: i64) -> Result<(), String> {
        self.alive(x, what)?;
        *self.counts.get_mut(&x).expect("alive") += delta;
        Ok(())
    }

    /// A jump back to looping join `j` (its arguments consumed): every variable has the count
    /// it had on entry to the round (`entry`), the parameters, about to be bound afresh, and
    /// the variables bound in the round none.
    fn next_round(&self, j: JoinId, params: &[Var], entry: &HashMap<Var, i64>) -> Result<(), String> {
        let mut counts: Vec<_> = self.counts.iter().collect();
        counts.sort();
        for (x, n) in counts {
            let expected = if params.contains(x) { 0 } else { entry.get(x).copied().unwrap_or(0) };
            if *n != expected {
                return Err(format!("v{} has count {n} at a jump back to j{}, {expected} on entry", x.0, j.0));
            }
        }
        Ok(())
    }

    fn value(&mut self, v: &Value) -> Result<(), String> {
        if matches!(v, Value::Lambda(..)) {
            return Err("lambda left".to_string());
        }
        for x in v.operands() {
            if v.borrows_operands() { self.alive(x, "borrowed use") } else { self.add(x, "consuming use", -1) }?;
        }
        Ok(())
    }

    fn walk(&mut self, e: &'e Expr, budget: &mut u32) -> Result<(), String> {
        *budget = budget.checked_sub(1).ok_or("path budget exhausted")?;
        match e {
            Expr::Let(x, v, body) => {
                self.value(v)?;
                self.bind(*x)?;
                self.walk(body, budget)
            }
            Expr::Dup(x, rest) => {
                self.add(*x, "dup", 1)?;
                self.walk(rest, budget)
            }
            Expr::Drop(x, rest) => {
                self.add(*x, "drop", -1)?;
                self.walk(rest, budget)
            }
            Expr::Switch { on, arms, default } => {
                self.alive(*on, "switch")?;
                for arm in arms.iter().map(|(_, arm)| arm).chain(default.as_deref()) {
                    self.clone().walk(arm, budget)?;
                }
                Ok(())
            }
            Expr::Join { id, params, looping, body, rest } => {
                self.joins.insert(*id, (params, body, *looping));
                self.walk(rest, budget)
            }
            Expr::Jump(j, args) => {
                let (params, body, looping) = *self.joins.get(j).ok_or(format!("jump to unknown j{}", j.0))?;
                if params.len() != args.len() {
                    return Err(format!("jump to j{} with {} arguments", j.0, args.len()));
                }
                for x in args.iter().filter_map(Atom::var) {
                    self.add(x, "jump argument", -1)?;
                }
                if let Some(entry) = self.rounds.get(j) {
                    return self.next_round(*j, params, entry);
                }
                for p in params {
                    self.bind(*p)?;
                }
                if looping {
                    self.rounds.insert(*j, self.counts.clone());
                }
                self.walk(body, budget)
            }
            Expr::Tail(v) => {
                self.value(v)?;
                let mut leaked: Vec<_> = self.counts.iter().filter(|(_, n)| **n != 0).collect();
                leaked.sort();
                match leaked.first() {
                    None => Ok(()),
                    Some((x, n)) => Err(format!("v{} ends with count {n} (at `{}`)", x.0, print_value(v))),
                }
            }
            Expr::MatchFailure(_) => Ok(()),
            Expr::LetRec(..) => Err("letrec left".to_string()),
        }
    }
}

fn print_value(v: &Value) -> String {
    print::expr(&program(Vec::new()), &tail(v.clone())).trim_end().to_string()
}

/// `e` without dups and drops, and with `let t = v in t` folded back into `v` (what `insert`
/// makes of a borrowing value in tail position).
pub(crate) fn erase(e: &Expr) -> Expr {
    match e {
        Expr::Let(x, v, body) => match erase(body) {
            Expr::Tail(Value::Atom(Atom::Var(t))) if t == *x => Expr::Tail(v.clone()),
            body => Expr::Let(*x, v.clone(), Box::new(body)),
        },
        Expr::Dup(_, rest) | Expr::Drop(_, rest) => erase(rest),
        Expr::Switch { on, arms, default } => Expr::Switch {
            on: *on,
            arms: arms.iter().map(|(t, arm)| (t.clone(), erase(arm))).collect(),
            default: default.as_deref().map(|d| Box::new(erase(d))),
        },
        Expr::Join { id, params, looping, body, rest } => Expr::Join {
            id: *id,
            params: params.clone(),
            looping: *looping,
            body: Box::new(erase(body)),
            rest: Box::new(erase(rest)),
        },
        e => e.clone(),
    }
}

fn checked(p: Program) -> String {
    let before: Vec<Expr> = p.functions.iter().map(|f| erase(&f.body)).collect();
    let out = insert(p);
    check_counts(&out).unwrap_or_else(|e| panic!("{e}\n{}", print::program(&out)));
    let after: Vec<Expr> = out.functions.iter().map(|f| erase(&f.body)).collect();
    assert_eq!(before, after, "insert changed more than reference counts");
    out.functions.iter().map(|f| print::function(&out, f)).collect::<Vec<_>>().join("\n")
}

fn cons() -> Test {
    Test::Ctor(CtorId::CONS)
}

fn nil() -> Test {
    Test::Ctor(CtorId::NIL)
}

/// `map f xs`: `f` is dup'ed for the recursive call, `xs` dropped after its fields are read.
#[test]
fn list_map() {
    let map = fun(
        "Main.map",
        &[0, 1],
        switch(
            1,
            vec![
                (nil(), tail(Value::Con(CtorId::NIL, vec![]))),
                (
                    cons(),
                    let_(
                        2,
                        Value::Field(v(1), 0),
                        let_(
                            3,
                            Value::Field(v(1), 1),
                            let_(
                                4,
                                Value::Apply(v(0), vec![var(2)]),
                                let_(
                                    5,
                                    Value::Call(FunId(0), vec![var(0), var(3)]),
                                    tail(Value::Con(CtorId::CONS, vec![var(4), var(5)])),
                                ),
                            ),
                        ),
                    ),
                ),
            ],
            None,
        ),
    );
    insta::assert_snapshot!(checked(program(vec![map])));
}

/// One arm uses `y`, the other drops it; `x` (the scrutinee) is dropped in both.
#[test]
fn switch_arm_drops() {
    let f =
        fun("Main.pick", &[0, 1], switch(0, vec![(Test::Ctor(CtorId::TRUE), ret(1))], Some(tail(Value::Atom(int(0))))));
    insta::assert_snapshot!(checked(program(vec![f])));
}

/// The join body owns `y`: the jump that passes `y` as an argument too dups it; the other
/// arm's `z` is dropped there; `x` is used by the second arm's constructor after the switch.
#[test]
fn join_owns_free_variables() {
    let body = let_(5, Value::Tuple(vec![var(4), var(1)]), ret(5));
    let rest = switch(
        0,
        vec![(Test::Ctor(CtorId::TRUE), Expr::Jump(JoinId(0), vec![var(1)]))],
        Some(let_(3, Value::Con(CtorId::CONS, vec![var(0), var(2)]), Expr::Jump(JoinId(0), vec![var(3)]))),
    );
    let f = fun(
        "Main.join",
        &[0, 1, 2],
        Expr::Join { id: JoinId(0), params: vec![v(4)], looping: false, body: Box::new(body), rest: Box::new(rest) },
    );
    insta::assert_snapshot!(checked(program(vec![f])));
}

/// Borrowed operands: a prim reading `x` twice and `x` returned afterwards; a field read in tail
/// position is bound first so its record can be dropped; an unused parameter is dropped on entry.
#[test]
fn borrowed_operands() {
    let f = fun(
        "Main.borrow",
        &[0, 1, 2],
        let_(3, prim("intAdd", vec![var(0), var(0)]), let_(4, Value::Tuple(vec![var(3), var(0)]), ret(4))),
    );
    let g = fun("Main.first", &[0], tail(Value::Field(v(0), 0)));
    insta::assert_snapshot!(checked(program(vec![f, g])));
}

/// The checker catches what it is for.
#[test]
fn checker_rejects_leaks_and_double_drops() {
    let leak = fun("leak", &[0, 1], ret(0));
    assert!(check_counts(&program(vec![leak])).unwrap_err().contains("v1 ends with count 1"));
    let twice = fun("twice", &[0], tail(Value::Tuple(vec![var(0), var(0)])));
    assert!(check_counts(&program(vec![twice])).unwrap_err().contains("after its last reference"));
    let borrowed = fun("borrowed", &[0], Expr::Drop(v(0), Box::new(tail(Value::Field(v(0), 0)))));
    assert!(check_counts(&program(vec![borrowed])).unwrap_err().contains("borrowed use"));
}

#[test]
fn insert_is_idempotent() {
    let f = fun("f", &[0, 1], switch(0, vec![(Test::Ctor(CtorId::TRUE), ret(1))], Some(ret(0))));
    let once = insert(program(vec![f]));
    assert_eq!(insert(once.clone()), once);
}

/// Random well-scoped Core, built from a list of choices (so proptest shrinks the list).
pub(crate) struct Gen<'c> {
    choices: &'c [u32],
    next: usize,
    next_var: u32,
    next_join: u32,
    /// Whether to make lambdas and local recursive functions too (input of `closure`).
    closures: bool,
}

impl<'c> Gen<'c> {
    pub(crate) fn new(choices: &'c [u32]) -> Self {
        Gen { choices, next: 0, next_var: 0, next_join: 0, closures: false }
    }

    pub(crate) fn with_closures(choices: &'c [u32]) -> Self {
        Gen { closures: true, ..Gen::new(choices) }
    }

    /// A number below `n`; 0 once the choices run out, which ends the expression soon.
    pub(crate) fn pick(&mut self, n: u32) -> u32 {
        let c = self.choices.get(self.next).map_or(0, |c| c % n);
        self.next += 1;
        c
    }

    pub(crate) fn fresh(&mut self) -> Var {
        self.next_var += 1;
        Var(self.next_var - 1)
    }

    /// A function of up to three parameters.
    pub(crate) fn function(&mut self, name: &str) -> Function {
        let params: Vec<Var> = (0..self.pick(4)).map(|_| self.fresh()).collect();
        let body = self.expr(&params, &[], 0);
        Function { name: name.to_string(), params, body, closure: false }
    }

    /// A function of one to four parameters that starts with a base case (a switch of its
    /// first one) and calls itself (as `FunId(0)`, with any number of arguments) anywhere.
    pub(crate) fn self_recursive(&mut self, name: &str) -> Function {
        let params: Vec<Var> = (0..=self.pick(3)).map(|_| self.fresh()).collect();
        let base = tail(Value::Atom(self.atom(&params)));
        let arms = vec![(Test::Ctor(CtorId(0)), base), (Test::Ctor(CtorId(1)), self.expr(&params, &[], 1))];
        let default = Some(Box::new(self.expr(&params, &[], 1)));
        let body = Expr::Switch { on: params[0], arms, default };
        Function { name: name.to_string(), params, body, closure: false }
    }

    pub(crate) fn atom(&mut self, scope: &[Var]) -> Atom {
        if scope.is_empty() || self.pick(5) == 0 {
            int(i64::from(self.pick(3)))
        } else {
            Atom::Var(scope[self.pick(scope.len() as u32) as usize])
        }
    }

    fn atoms(&mut self, scope: &[Var], max: u32) -> Vec<Atom> {
        (0..self.pick(max + 1)).map(|_| self.atom(scope)).collect()
    }

    pub(crate) fn value(&mut self, scope: &[Var], depth: u32) -> Value {
        let some_var = |g: &mut Self| (!scope.is_empty()).then(|| scope[g.pick(scope.len() as u32) as usize]);
        match self.pick(if self.closures && depth <= 5 { 14 } else { 12 }) {
            0 => Value::Atom(self.atom(scope)),
            1 => Value::Call(FunId(0), self.atoms(scope, 3)),
            2 => match some_var(self) {
                Some(f) => Value::Apply(f, self.atoms(scope, 2)),
                None => Value::Global(GlobalId(0)),
            },
            3 => prim("intAdd", self.atoms(scope, 2)),
            4 => Value::Con(CtorId::CONS, vec![self.atom(scope), self.atom(scope)]),
            5 => Value::Tuple(self.atoms(scope, 3)),
            6 => match some_var(self) {
                Some(x) => Value::Field(x, self.pick(2)),
                None => Value::Tuple(vec![]),
            },
            7 => match some_var(self) {
                Some(x) => Value::RecordGet(x, Label(0)),
                None => Value::Record(vec![(Label(0), int(1))]),
            },
            8 => match some_var(self) {
                Some(x) => Value::RecordUpdate(x, vec![(Label(0), self.atom(scope))]),
                None => Value::Global(GlobalId(0)),
            },
            9 => Value::Record(vec![(Label(0), self.atom(scope))]),
            10 => Value::Closure(FunId(0), self.atoms(scope, 2)),
            12 => {
                let params: Vec<Var> = (0..=self.pick(2)).map(|_| self.fresh()).collect();
                let body = self.expr(&[scope, &params].concat(), &[], depth + 1);
                Value::Lambda(params, Box::new(body))
            }
            _ => Value::Global(GlobalId(0)),
        }
    }

    /// An expression using only `scope`, jumping only to `joins` (id, arity).
    pub(crate) fn expr(&mut self, scope: &[Var], joins: &[(JoinId, usize)], depth: u32) -> Expr {
        let choice = if depth > 5 { self.pick(2) * 2 } else { self.pick(if self.closures { 11 } else { 10 }) };
        let choice = match choice {
            4 | 5 if scope.is_empty() => 1,
            7 | 8 if joins.is_empty() => 2,
            c => c,
        };
        match choice {
            1..=3 => {
                let value = self.value(scope, depth);
                let x = self.fresh();
                let scope = [scope, &[x]].concat();
                Expr::Let(x, value, Box::new(self.expr(&scope, joins, depth)))
            }
            4 | 5 => {
                let on = scope[self.pick(scope.len() as u32) as usize];
                let arms =
                    (0..=self.pick(3)).map(|i| (Test::Ctor(CtorId(i)), self.expr(scope, joins, depth + 1))).collect();
                let default = (self.pick(2) == 0).then(|| Box::new(self.expr(scope, joins, depth + 1)));
                Expr::Switch { on, arms, default }
            }
            6 => {
                let id = JoinId(self.next_join);
                self.next_join += 1;
                let params: Vec<Var> = (0..self.pick(3)).map(|_| self.fresh()).collect();
                let this = [(id, params.len())];
                // A looping join's body may jump to itself, handing on what it owns.
                let looping = self.pick(2) == 0;
                let body_joins = if looping { [joins, &this].concat() } else { joins.to_vec() };
                let body = self.expr(&[scope, &params].concat(), &body_joins, depth + 1);
                let rest = self.expr(scope, &[joins, &this].concat(), depth + 1);
                Expr::Join { id, params, looping, body: Box::new(body), rest: Box::new(rest) }
            }
            7 | 8 => {
                let (j, arity) = joins[self.pick(joins.len() as u32) as usize];
                Expr::Jump(j, (0..arity).map(|_| self.atom(scope)).collect())
            }
            9 if self.pick(4) == 0 => Expr::MatchFailure("Main.mote:1:1".into()),
            10 => {
                let names: Vec<Var> = (0..=self.pick(2)).map(|_| self.fresh()).collect();
                let inner = [scope, &names].concat();
                let group = names
                    .iter()
                    .map(|f| {
                        let params: Vec<Var> = (0..=self.pick(2)).map(|_| self.fresh()).collect();
                        let body = self.expr(&[&inner, &params[..]].concat(), &[], depth + 1);
                        (*f, params, body)
                    })
                    .collect();
                Expr::LetRec(group, Box::new(self.expr(&inner, joins, depth + 1)))
            }
            _ => Expr::Tail(self.value(scope, depth)),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// On random well-scoped functions, every path counts every reference exactly, and only
    /// dups and drops were added.
    #[test]
    fn random_functions_count_exactly(choices in prop::collection::vec(any::<u32>(), 0..300)) {
        let f = Gen::new(&choices).function("Main.random");
        let before = erase(&f.body);
        let out = insert(program(vec![f]));
        if let Err(e) = check_counts(&out) {
            prop_assert!(false, "{e}\n{}", print::program(&out));
        }
        prop_assert_eq!(before, erase(&out.functions[0].body));
    }
}
