//! Closure conversion is checked three ways: a small Core interpreter runs hand-written
//! programs before and after [`convert`] (and after `rc::insert`) and must get the same result;
//! random programs with lambdas and local recursive functions must come out with none left,
//! well scoped and correctly counted by `rc`; and snapshots show the shape of the output.

use std::collections::HashMap;
use std::rc::Rc;

use proptest::prelude::*;

use super::convert;
use crate::core::ir::{Atom, CtorId, Expr, FunId, Function, JoinId, Lit, Prim, Program, Test, Value, Var};
use crate::core::rc::tests::{Gen, check_counts, fun, int, let_, prim, program, ret, switch, tail, v, var};
use crate::core::{print, rc};

/// A run-time value of the interpreter.
#[derive(Clone, Debug)]
pub(crate) enum Val {
    Int(i64),
    /// Fields are shared, as the compiled program shares them: a value built from itself
    /// (`let t = (x, x)` in a loop) stays small.
    Con(CtorId, Rc<Vec<Val>>),
    Tuple(Rc<Vec<Val>>),
    Fun(Rc<Code>),
}

#[derive(Debug)]
pub(crate) enum Code {
    Lambda(Vec<Var>, Expr, Env),
    /// Member `index` of a local recursive group; `Env` is the scope of the `letrec`.
    Rec(Rc<Vec<(Var, Vec<Var>, Expr)>>, usize, Env),
    Closure(FunId, Vec<Val>),
}

type Env = HashMap<Var, Val>;

/// At most this many characters of a printed result (a shared value can be huge as a tree).
const SHOWN: usize = 10_000;

/// First-order results compare by their text; functions all print alike. The text is cut
/// after [`SHOWN`] characters.
fn show(v: &Val) -> String {
    let mut out = String::new();
    show_into(v, &mut out);
    out
}

fn show_into(v: &Val, out: &mut String) {
    if out.len() > SHOWN {
        return;
    }
    let all = |vs: &[Val], out: &mut String| {
        for (i, v) in vs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            show_into(v, out);
        }
    };
    match v {
        Val::Int(n) => out.push_str(&n.to_string()),
        Val::Con(c, fields) => {
            out.push_str(&format!("#{}(", c.0));
            all(fields, out);
            out.push(')');
        }
        Val::Tuple(fields) => {
            out.push('(');
            all(fields, out);
            out.push(')');
        }
        Val::Fun(_) => out.push_str("<fun>"),
    }
}

/// A constructor value.
pub(crate) fn con(c: CtorId, fields: Vec<Val>) -> Val {
    Val::Con(c, Rc::new(fields))
}

struct Interp<'p> {
    program: &'p Program,
    fuel: u32,
}

type Joins = HashMap<JoinId, (Vec<Var>, Expr, Env)>;

impl Interp<'_> {
    fn call(&mut self, f: FunId, args: Vec<Val>) -> Result<Val, String> {
        let function = &self.program.functions[f.0 as usize];
        if function.params.len() != args.len() {
            return Err(format!("{} called with {} arguments", function.name, args.len()));
        }
        let env = function.params.iter().copied().zip(args).collect();
        self.expr(&function.body, env, &mut Joins::new())
    }

    fn apply(&mut self, f: &Val, args: Vec<Val>) -> Result<Val, String> {
        let Val::Fun(code) = f else { return Err(format!("applied {}", show(f))) };
        match &**code {
            Code::Lambda(params, body, env) => {
                let mut env = env.clone();
                env.extend(params.iter().copied().zip(args));
                self.expr(body, env, &mut Joins::new())
            }
            Code::Rec(group, index, scope) => {
                let mut env = scope.clone();
                for (i, (g, ..)) in group.iter().enumerate() {
                    env.insert(*g, Val::Fun(Rc::new(Code::Rec(group.clone(), i, scope.clone()))));
                }
                let (_, params, body) = &group[*index];
                env.extend(params.iter().copied().zip(args));
                self.expr(body, env, &mut Joins::new())
            }
            Code::Closure(fun, _) if self.program.functions[fun.0 as usize].closure => {
                self.call(*fun, std::iter::once(f.clone()).chain(args).collect())
            }
            Code::Closure(fun, _) => self.call(*fun, args),
        }
    }

    fn atom(&self, a: &Atom, env: &Env) -> Result<Val, String> {
        match a {
            Atom::Var(x) => env.get(x).cloned().ok_or(format!("unbound v{}", x.0)),
            Atom::Lit(Lit::Int(n)) => Ok(Val::Int(n.try_into().map_err(|_| "big literal")?)),
            Atom::Lit(Lit::Bool(b)) => Ok(con(if *b { CtorId::TRUE } else { CtorId::FALSE }, vec![])),
            Atom::Lit(_) => Ok(con(CtorId::UNIT, vec![])),
        }
    }

    fn atoms(&self, atoms: &[Atom], env: &Env) -> Result<Vec<Val>, String> {
        atoms.iter().map(|a| self.atom(a, env)).collect()
    }

    fn value(&mut self, v: &Value, env: &Env) -> Result<Val, String> {
        match v {
            Value::Atom(a) => self.atom(a, env),
            Value::Call(f, args) => {
                let args = self.atoms(args, env)?;
                self.call(*f, args)
            }
            Value::Apply(f, args) => {
                let f = self.atom(&Atom::Var(*f), env)?;
                let args = self.atoms(args, env)?;
                self.apply(&f, args)
            }
            Value::Prim(Prim::Foreign(name), args) => match (&**name, &self.atoms(args, env)?[..]) {
                ("intAdd", [Val::Int(a), Val::Int(b)]) => Ok(Val::Int(a + b)),
                ("intSub", [Val::Int(a), Val::Int(b)]) => Ok(Val::Int(a - b)),
                ("intEq", [Val::Int(a), Val::Int(b)]) => {
                    Ok(con(if a == b { CtorId::TRUE } else { CtorId::FALSE }, vec![]))
                }
                (name, args) => Err(format!("prim {name} of {}", args.len())),
            },
            Value::Con(c, args) => Ok(con(*c, self.atoms(args, env)?)),
            Value::Tuple(args) => Ok(Val::Tuple(Rc::new(self.atoms(args, env)?))),
            Value::Field(x, i) => {
                let fields = match self.atom(&Atom::Var(*x), env)? {
                    Val::Con(_, fields) | Val::Tuple(fields) => fields,
                    Val::Fun(code) => match &*code {
                        Code::Closure(_, captured) => Rc::new(captured.clone()),
                        _ => return Err("field of a lambda".to_string()),
                    },
                    Val::Int(_) => return Err("field of an integer".to_string()),
                };
                fields.get(*i as usize).cloned().ok_or("field out of range".to_string())
            }
            Value::Closure(f, captured) => Ok(Val::Fun(Rc::new(Code::Closure(*f, self.atoms(captured, env)?)))),
            Value::Lambda(params, body) => {
                Ok(Val::Fun(Rc::new(Code::Lambda(params.clone(), (**body).clone(), env.clone()))))
            }
            other => Err(format!("the interpreter does not run {other:?}")),
        }
    }

    fn expr(&mut self, e: &Expr, mut env: Env, joins: &mut Joins) -> Result<Val, String> {
        self.fuel = self.fuel.checked_sub(1).ok_or("out of fuel")?;
        match e {
            Expr::Let(x, v, body) => {
                let v = self.value(v, &env)?;
                env.insert(*x, v);
                self.expr(body, env, joins)
            }
            Expr::LetRec(group, rest) => {
                let group = Rc::new(group.clone());
                for (i, (f, ..)) in group.iter().enumerate() {
                    env.insert(*f, Val::Fun(Rc::new(Code::Rec(group.clone(), i, env.clone()))));
                }
                self.expr(rest, env, joins)
            }
            Expr::Join { id, params, body, rest, .. } => {
                joins.insert(*id, (params.clone(), (**body).clone(), env.clone()));
                self.expr(rest, env, joins)
            }
            Expr::Jump(j, args) => {
                let (params, body, mut join_env) = joins.get(j).cloned().ok_or("unknown join")?;
                join_env.extend(params.into_iter().zip(self.atoms(args, &env)?));
                self.expr(&body, join_env, joins)
            }
            Expr::Switch { on, arms, default } => {
                let on = self.atom(&Atom::Var(*on), &env)?;
                let arm = arms.iter().find(|(test, _)| match (test, &on) {
                    (Test::Ctor(c), Val::Con(d, _)) => c == d,
                    (Test::Lit(Lit::Int(n)), Val::Int(m)) => *n == (*m).into(),
                    _ => false,
                });
                match arm.map(|(_, arm)| arm).or(default.as_deref()) {
                    Some(arm) => self.expr(arm, env, joins),
                    None => Err("no arm matched".to_string()),
                }
            }
            Expr::Tail(v) => self.value(v, &env),
            Expr::Dup(_, rest) | Expr::Drop(_, rest) => self.expr(rest, env, joins),
            Expr::MatchFailure(at) => Err(format!("match failure at {at}")),
        }
    }
}

fn run(p: &Program, f: FunId, args: Vec<Val>) -> String {
    run_with_fuel(p, f, args, 100_000)
}

/// What `f` of `p` returns for `args`, printed, or `error: …`; at most `fuel` steps.
pub(crate) fn run_with_fuel(p: &Program, f: FunId, args: Vec<Val>, fuel: u32) -> String {
    let mut interp = Interp { program: p, fuel };
    interp.call(f, args).map_or_else(|e| format!("error: {e}"), |v| show(&v))
}

/// `run_with_fuel` of the first function on Integers, on a thread with room for the
/// interpreter (it nests a Rust call per step).
pub(crate) fn run_ints(p: &Program, args: Vec<i64>, fuel: u32) -> String {
    let p = p.clone();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || run_with_fuel(&p, FunId(0), args.into_iter().map(Val::Int).collect(), fuel))
        .expect("a thread for the interpreter")
        .join()
        .expect("the interpreter returns")
}

/// Runs `f` of `p` before conversion, after it and after reference counting; checks the three
/// agree, nothing is left to convert and the counts are exact. Returns the converted program.
fn converts(p: Program, f: FunId, args: Vec<Val>) -> Program {
    let expected = run(&p, f, args.clone());
    assert!(!expected.starts_with("error"), "{expected}");
    let converted = convert(p);
    assert_eq!(run(&converted, f, args.clone()), expected, "after conversion:\n{}", print::program(&converted));
    let counted = rc::insert(converted.clone());
    check_counts(&counted).unwrap_or_else(|e| panic!("{e}\n{}", print::program(&counted)));
    assert_eq!(run(&counted, f, args), expected);
    converted
}

fn is_zero(result: u32, n: u32, then: Expr, otherwise: Expr) -> Expr {
    let_(
        result,
        prim("intEq", vec![var(n), int(0)]),
        switch(result, vec![(Test::Ctor(CtorId::TRUE), then)], Some(otherwise)),
    )
}

fn list(items: &[i64]) -> Val {
    items.iter().rev().fold(con(CtorId::NIL, vec![]), |tail, n| con(CtorId::CONS, vec![Val::Int(*n), tail]))
}

/// `run n = let k = 10; add = \x -> x + k; go i acc = if i == 0 then acc else go (i-1) (add acc) in go n 0`
fn counter() -> Program {
    let add = Value::Lambda(vec![v(2)], Box::new(tail(prim("intAdd", vec![var(2), var(1)]))));
    let go = is_zero(
        5,
        3,
        ret(4),
        let_(
            6,
            prim("intSub", vec![var(3), int(1)]),
            let_(7, Value::Apply(v(10), vec![var(4)]), tail(Value::Apply(v(20), vec![var(6), var(7)]))),
        ),
    );
    let body = let_(
        1,
        Value::Atom(int(10)),
        let_(
            10,
            add,
            Expr::LetRec(
                vec![(v(20), vec![v(3), v(4)], go)],
                Box::new(tail(Value::Apply(v(20), vec![var(0), int(0)]))),
            ),
        ),
    );
    program(vec![fun("Main.run", &[0], body)])
}

#[test]
fn lambda_and_local_loop() {
    let converted = converts(counter(), FunId(0), vec![Val::Int(3)]);
    let counted = rc::insert(converted.clone());
    let functions = |p: &Program| p.functions.iter().map(|f| print::function(p, f)).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(format!(
        "{}\n--- with reference counts:\n\n{}",
        functions(&converted),
        functions(&counted)
    ));
}

/// Mutually recursive `even`/`odd` capturing `step`, `even` passed to a top-level `map` as a value.
#[test]
fn mutual_recursion_used_as_value() {
    let map = fun(
        "Main.map",
        &[0, 1],
        switch(
            1,
            vec![(Test::Ctor(CtorId::NIL), tail(Value::Con(CtorId::NIL, vec![])))],
            Some(let_(
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
            )),
        ),
    );
    let parity = |n: u32, yes: CtorId, other: u32| {
        is_zero(
            n + 1,
            n,
            tail(Value::Con(yes, vec![])),
            let_(n + 2, prim("intSub", vec![var(n), var(0)]), tail(Value::Apply(v(other), vec![var(n + 2)]))),
        )
    };
    let body = Expr::LetRec(
        vec![(v(10), vec![v(20)], parity(20, CtorId::TRUE, 11)), (v(11), vec![v(30)], parity(30, CtorId::FALSE, 10))],
        Box::new(tail(Value::Call(FunId(0), vec![var(10), var(1)]))),
    );
    let p = program(vec![map, fun("Main.run", &[0, 1], body)]);
    let converted = converts(p, FunId(1), vec![Val::Int(1), list(&[0, 1, 4, 7])]);
    insta::assert_snapshot!(print::program(&converted));
}

/// A local loop inside a lambda (capturing the lambda's parameter and an outer variable), a
/// lambda inside a local function calling it, and a known call of a closure.
#[test]
fn nested_lambdas_and_loops() {
    let loop_body = is_zero(
        11,
        10,
        ret(2),
        let_(
            12,
            prim("intSub", vec![var(10), int(1)]),
            let_(13, Value::Apply(v(3), vec![var(12)]), tail(prim("intAdd", vec![var(13), var(0)]))),
        ),
    );
    let mk = Value::Lambda(
        vec![v(2)],
        Box::new(Expr::LetRec(vec![(v(3), vec![v(10)], loop_body)], Box::new(tail(Value::Apply(v(3), vec![int(3)]))))),
    );
    let thunk = Value::Lambda(
        vec![v(24)],
        Box::new(let_(25, prim("intSub", vec![var(21), int(1)]), tail(Value::Apply(v(20), vec![var(25)])))),
    );
    let count_body = is_zero(
        22,
        21,
        tail(Value::Atom(int(0))),
        let_(
            23,
            thunk,
            let_(26, Value::Apply(v(23), vec![Atom::Lit(Lit::Unit)]), tail(prim("intAdd", vec![var(26), int(1)]))),
        ),
    );
    let body = let_(
        1,
        mk,
        Expr::LetRec(
            vec![(v(20), vec![v(21)], count_body)],
            Box::new(let_(
                30,
                Value::Apply(v(1), vec![var(0)]),
                let_(31, Value::Apply(v(20), vec![var(30)]), tail(Value::Tuple(vec![var(30), var(31)]))),
            )),
        ),
    );
    let converted = converts(program(vec![fun("Main.run", &[0], body)]), FunId(0), vec![Val::Int(2)]);
    insta::assert_snapshot!(print::program(&converted));
}

/// An unsaturated use of a local function keeps `apply` on its closure; names stay unique.
#[test]
fn partial_application_uses_the_closure() {
    let body = Expr::LetRec(
        vec![(v(1), vec![v(2), v(3)], tail(Value::Tuple(vec![var(2), var(3), var(0)])))],
        Box::new(let_(4, Value::Apply(v(1), vec![int(1)]), ret(4))),
    );
    let taken = Function { name: "Main.run$rec0".to_string(), params: vec![], body: ret(0), closure: false };
    let converted = convert(program(vec![fun("Main.run", &[0], body), taken]));
    insta::assert_snapshot!(print::program(&converted));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Random programs with lambdas and local recursive functions: none is left, every function
    /// is well scoped (the reference-count checker rejects unbound and twice-bound variables)
    /// and `rc` counts the result exactly.
    #[test]
    fn random_programs_convert(choices in prop::collection::vec(any::<u32>(), 0..300)) {
        let f = Gen::with_closures(&choices).function("Main.random");
        let converted = rc::insert(convert(program(vec![f])));
        if let Err(e) = check_counts(&converted) {
            prop_assert!(false, "{e}\n{}", print::program(&converted));
        }
        let names: std::collections::HashSet<_> = converted.functions.iter().map(|f| &f.name).collect();
        prop_assert_eq!(names.len(), converted.functions.len());
    }
}
