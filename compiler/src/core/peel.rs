//! Base cases at the call site: a function whose body is a switch of one parameter, some of
//! whose arms only compute a little arithmetic (`fib 0 = 0`, `fib 1 = 1`, the `f$acc` twin's
//! `0 -> acc`), has those arms copied to each place that calls it outside a tail position. The
//! argument is tested there, the copied arm computes the result in place, and only the other
//! cases make the call.
//!
//! In a doubly recursive function this removes the calls that do the least work: the
//! accumulating `fib$acc` makes fib(n) calls for fib(n), fib(n - 2) of them with 0 or 1, and
//! each of those was a whole prologue, reduction and epilogue for one comparison.
//!
//! `let x = call f(a…) in rest` becomes
//!
//! ```text
//! join j(x) = rest in
//! switch aᵢ
//!   test₁ -> arm₁[params := a…] ending in jump j(result)
//!   …
//!   _ -> let y = call f(a…) in jump j(y)
//! ```
//!
//! An arm is copied when it is a few `let`s of atoms, Integer `+`, `-`, `*` (pure; a
//! small-integer overflow still promotes) and constructors or tuples over the parameters and
//! literals, ending in such a value (`make 0 = Node Leaf Leaf`). Arithmetic on two literals is folded. The arms' tests are literals or constructors,
//! all different, so testing the copied arms alone (in order) and calling for everything else
//! finds the arm the function itself would. Tail calls are left alone: a tail call of the
//! function itself is already a jump to its switch.
//!
//! Runs after `accumulate` (whose twins are the main beneficiaries) and before reference
//! counting, on owned variables.

use std::collections::HashMap;

use num_bigint::BigInt;

use super::free::{self, Fresh};
use super::ir::{Atom, Expr, FunId, JoinId, Lit, Prim, Program, Test, Value, Var};

/// At most this many `let`s in a copied arm: the copies are per call site.
const MAX_ARM_LETS: usize = 3;

/// Integer arithmetic on two literals, at compile time.
type Fold = fn(&BigInt, &BigInt) -> BigInt;

/// The arithmetic a copied arm may do, and how it folds on two literals.
const ARITHMETIC: [(&str, Fold); 3] = [("intAdd", |a, b| a + b), ("intSub", |a, b| a - b), ("intMul", |a, b| a * b)];

fn arithmetic(name: &str) -> Option<Fold> {
    ARITHMETIC.iter().find(|(op, _)| *op == name).map(|(_, f)| *f)
}

/// The copyable base cases of a function.
#[derive(Clone, Debug)]
struct Base {
    params: Vec<Var>,
    /// The index of the switched parameter.
    on: usize,
    /// The copyable arms, in the function's order.
    arms: Vec<(Test, Expr)>,
}

/// Copies the base cases of every function that has some to each of its non-tail calls.
pub fn peel(program: &mut Program) {
    let bases: HashMap<FunId, Base> = program
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.closure)
        .filter_map(|(i, f)| base_of(&f.params, &f.body).map(|b| (FunId(i as u32), b)))
        .collect();
    if bases.is_empty() {
        return;
    }
    for f in &mut program.functions {
        let mut fresh = Fresh::after(&f.params, &f.body);
        let body = std::mem::take(&mut f.body);
        f.body = rewrite(body, &bases, &mut fresh);
    }
}

/// The base cases of a function whose body is `switch param` over distinct literals or
/// constructors, if any arm can be copied.
fn base_of(params: &[Var], body: &Expr) -> Option<Base> {
    let Expr::Switch { on, arms, .. } = body else { return None };
    let index = params.iter().position(|p| p == on)?;
    let distinct = arms.iter().enumerate().all(|(i, (t, _))| arms[..i].iter().all(|(u, _)| u != t));
    if !distinct {
        return None;
    }
    let copied: Vec<(Test, Expr)> =
        arms.iter().filter(|(_, arm)| copyable(arm, params)).map(|(t, arm)| (t.clone(), arm.clone())).collect();
    (!copied.is_empty()).then(|| Base { params: params.to_vec(), on: index, arms: copied })
}

/// Whether `arm` is a few `let`s of simple values ending in one, reading only the
/// parameters, literals and its own `let`s.
fn copyable(arm: &Expr, params: &[Var]) -> bool {
    let mut e = arm;
    let mut lets = 0;
    let shape = loop {
        match e {
            Expr::Let(_, v, rest) if lets < MAX_ARM_LETS && simple(v) => {
                lets += 1;
                e = rest;
            }
            Expr::Tail(v) => break simple(v),
            _ => break false,
        }
    };
    shape && free::expr(arm).iter().all(|x| params.contains(x))
}

/// An atom, Integer arithmetic on atoms, or a constructor or tuple of atoms (an allocation,
/// as pure as the rest).
fn simple(v: &Value) -> bool {
    match v {
        Value::Atom(_) | Value::Con(..) | Value::Tuple(_) => true,
        Value::Prim(Prim::Foreign(name), args) => arithmetic(name).is_some() && args.len() == 2,
        _ => false,
    }
}

fn rewrite(e: Expr, bases: &HashMap<FunId, Base>, fresh: &mut Fresh) -> Expr {
    match e {
        Expr::Let(x, Value::Call(f, args), rest) => {
            let rest = Box::new(rewrite(*rest, bases, fresh));
            let peeled =
                bases.get(&f).filter(|base| base.params.len() == args.len()).and_then(|base| match &args[base.on] {
                    Atom::Var(on) => Some((base, *on)),
                    Atom::Lit(_) => None,
                });
            let Some((base, on)) = peeled else {
                return Expr::Let(x, Value::Call(f, args), rest);
            };
            let join = fresh.join();
            let arms =
                base.arms.iter().map(|(test, arm)| (test.clone(), copy(test, arm, base, &args, join, fresh))).collect();
            let y = fresh.var();
            let call = Expr::Let(y, Value::Call(f, args), Box::new(Expr::Jump(join, vec![Atom::Var(y)])));
            let switch = Expr::Switch { on, arms, default: Some(Box::new(call)) };
            Expr::Join { id: join, params: vec![x], looping: false, body: rest, rest: Box::new(switch) }
        }
        Expr::Let(x, v, rest) => Expr::Let(x, v, Box::new(rewrite(*rest, bases, fresh))),
        Expr::LetRec(group, rest) => Expr::LetRec(group, Box::new(rewrite(*rest, bases, fresh))),
        Expr::Join { id, params, looping, body, rest } => Expr::Join {
            id,
            params,
            looping,
            body: Box::new(rewrite(*body, bases, fresh)),
            rest: Box::new(rewrite(*rest, bases, fresh)),
        },
        Expr::Switch { on, arms, default } => Expr::Switch {
            on,
            arms: arms.into_iter().map(|(t, arm)| (t, rewrite(arm, bases, fresh))).collect(),
            default: default.map(|d| Box::new(rewrite(*d, bases, fresh))),
        },
        Expr::Dup(x, rest) => Expr::Dup(x, Box::new(rewrite(*rest, bases, fresh))),
        Expr::Drop(x, rest) => Expr::Drop(x, Box::new(rewrite(*rest, bases, fresh))),
        e @ (Expr::Tail(_) | Expr::Jump(..) | Expr::MatchFailure(_)) => e,
    }
}

/// A copy of a base-case arm (for `test`) at a call with `args`: parameters replaced by the
/// arguments (the switched one by the literal the arm matched), its `let`s by fresh
/// variables, its result jumped to `join`.
fn copy(test: &Test, arm: &Expr, base: &Base, args: &[Atom], join: JoinId, fresh: &mut Fresh) -> Expr {
    let mut names: HashMap<Var, Atom> = base.params.iter().copied().zip(args.iter().cloned()).collect();
    // In an arm that matched an immediate literal, the switched parameter is that literal.
    if let Test::Lit(lit @ (Lit::Int(_) | Lit::Char(_))) = test {
        names.insert(base.params[base.on], Atom::Lit(lit.clone()));
    }
    let mut lets = Vec::new();
    let mut e = arm;
    let result = loop {
        match e {
            Expr::Let(x, v, rest) => {
                match fold(substitute(v, &names)) {
                    Value::Atom(a) => {
                        names.insert(*x, a);
                    }
                    v => {
                        let y = fresh.var();
                        names.insert(*x, Atom::Var(y));
                        lets.push((y, v));
                    }
                }
                e = rest;
            }
            Expr::Tail(v) => break fold(substitute(v, &names)),
            _ => unreachable!("a copyable arm is lets ending in a value"),
        }
    };
    let end = match result {
        Value::Atom(a) => Expr::Jump(join, vec![a]),
        v => {
            let r = fresh.var();
            Expr::Let(r, v, Box::new(Expr::Jump(join, vec![Atom::Var(r)])))
        }
    };
    lets.into_iter().rev().fold(end, |body, (y, v)| Expr::Let(y, v, Box::new(body)))
}

fn substitute(v: &Value, names: &HashMap<Var, Atom>) -> Value {
    let atom = |a: &Atom| match a {
        Atom::Var(x) => names.get(x).cloned().unwrap_or_else(|| a.clone()),
        Atom::Lit(_) => a.clone(),
    };
    match v {
        Value::Atom(a) => Value::Atom(atom(a)),
        Value::Prim(p, args) => Value::Prim(p.clone(), args.iter().map(atom).collect()),
        Value::Con(c, args) => Value::Con(*c, args.iter().map(atom).collect()),
        Value::Tuple(args) => Value::Tuple(args.iter().map(atom).collect()),
        _ => unreachable!("a copyable arm holds atoms, arithmetic, constructors and tuples only"),
    }
}

/// Integer arithmetic on two literals, computed.
fn fold(v: Value) -> Value {
    if let Value::Prim(Prim::Foreign(name), args) = &v
        && let [Atom::Lit(Lit::Int(a)), Atom::Lit(Lit::Int(b))] = args.as_slice()
        && let Some(op) = arithmetic(name)
    {
        return Value::Atom(Atom::Lit(Lit::Int(op(a, b))));
    }
    v
}

#[cfg(test)]
mod tests;
