//! Accumulating recursion: a function that returns an Integer sum or product of a call of
//! itself (`length (_ : xs) = 1 + length xs`, `product (x : xs) = x * product xs`,
//! `fib n = fib (n - 1) + fib (n - 2)`) is rewritten so that call becomes a loop.
//!
//! For such a function `f(p…)` (its only self-recursion in tail position through one
//! operator, `intAdd` or `intMul`), a twin `f$acc(p…, acc)` computes `acc ⊕ f(p…)`:
//! - a tail `let b = call f(a…) in let r = x ⊕ b in r` (either operand) becomes
//!   `let acc' = acc ⊕ x in call f$acc(a…, acc')`, a tail call of itself, which code
//!   generation turns into a jump: the recursion runs in constant stack;
//! - a tail call `call f(a…)` becomes `call f$acc(a…, acc)`;
//! - any other result `v` becomes `acc ⊕ v` (just `acc` for the operator's identity);
//! - every other call of `f` in it becomes `call f$acc(a…, e)`, `e` the identity (0 or 1);
//! - then, where such a call's result is only added to the accumulator, next in the same
//!   straight line (`let x = call f$acc(a…, e) in … let acc' = acc ⊕ x`), the call starts from
//!   the accumulator instead: `let acc' = call f$acc(a…, acc)`. fib's body becomes
//!   `let acc' = call fib$acc(n - 1, acc) in call fib$acc(n - 2, acc')`: the accumulator is not
//!   live across the call, and no sum is left after it (fib(32): 206M → 166M instructions).
//!
//! and `f` itself becomes `call f$acc(p…, e)`. Integers are unbounded (a small-integer
//! overflow promotes to a bignum), so `⊕` is associative and commutative and the result is
//! the same; the operands are evaluated in the same order, and both are pure.
//!
//! Runs after closure conversion (lifted local functions are top-level by then) and before
//! reference counting, on owned variables.

use super::free::{self, Fresh};
use super::ir::{Atom, Expr, FunId, Function, Lit, Prim, Program, Value, Var};

/// An operator the rewrite applies to, and its identity.
type Operator = (&'static str, i64);

const OPERATORS: [Operator; 2] = [("intAdd", 0), ("intMul", 1)];

/// Gives every function of `program` that returns `x ⊕ f(…)` of itself an accumulating twin
/// (appended after the existing functions, named `f$acc`), and makes it call the twin.
pub fn accumulate(program: &mut Program) {
    for i in 0..program.functions.len() {
        let f = &program.functions[i];
        let me = FunId(i as u32);
        if f.closure {
            continue;
        }
        let Some(operator) = operator_of(me, &f.body) else { continue };
        let twin = FunId(program.functions.len() as u32);
        let mut fresh = Fresh::after(&f.params, &f.body);
        let acc = fresh.var();
        let mut rewrite = Rewrite { me, twin, operator, acc, fresh };
        let body = rewrite.tail(f.body.clone());
        let body = rewrite.thread(body);
        let identity = rewrite.identity();
        let params: Vec<Var> = f.params.iter().copied().chain([rewrite.acc]).collect();
        let entry = Expr::Tail(Value::Call(twin, f.params.iter().map(|p| Atom::Var(*p)).chain([identity]).collect()));
        let name = format!("{}$acc", f.name);
        program.functions[i].body = entry;
        program.functions.push(Function { name, params, body, closure: false });
    }
}

/// A tail `let b = call me(a…) in x ⊕ b` (or `b ⊕ x`): the call's arguments, the other
/// operand and the operator.
struct Accumulation<'e> {
    args: &'e [Atom],
    other: &'e Atom,
    operator: Operator,
}

/// Matches `let b = call me(a…) in let r = x ⊕ b in r` or `let b = call me(a…) in x ⊕ b`.
fn accumulation(me: FunId, e: &Expr) -> Option<Accumulation<'_>> {
    let Expr::Let(b, Value::Call(f, args), rest) = e else { return None };
    if *f != me {
        return None;
    }
    let (name, operands) = match rest.as_ref() {
        Expr::Let(r, Value::Prim(Prim::Foreign(name), operands), last) if matches!(last.as_ref(), Expr::Tail(Value::Atom(Atom::Var(v))) if v == r) => {
            (name, operands)
        }
        Expr::Tail(Value::Prim(Prim::Foreign(name), operands)) => (name, operands),
        _ => return None,
    };
    let operator = *OPERATORS.iter().find(|(op, _)| **op == **name)?;
    let other = match operands.as_slice() {
        [Atom::Var(x), other] | [other, Atom::Var(x)] if x == b && other.var() != Some(*b) => other,
        _ => return None,
    };
    Some(Accumulation { args, other, operator })
}

/// The one operator the function's accumulating tail positions use (none if they use none,
/// or both).
fn operator_of(me: FunId, body: &Expr) -> Option<Operator> {
    let mut found: Vec<Operator> = Vec::new();
    tails(body, &mut |e| {
        if let Some(a) = accumulation(me, e) {
            found.push(a.operator);
        }
    });
    let first = *found.first()?;
    found.iter().all(|op| *op == first).then_some(first)
}

/// Calls `visit` on every expression in tail position: each suffix of a `let` chain that
/// ends the function (so a two-`let` pattern is seen whole), and the tails of every branch and
/// join body.
fn tails<'e>(e: &'e Expr, visit: &mut impl FnMut(&'e Expr)) {
    visit(e);
    match e {
        Expr::Let(_, _, body) | Expr::Dup(_, body) | Expr::Drop(_, body) => tails(body, visit),
        Expr::LetRec(_, rest) => tails(rest, visit),
        Expr::Join { body, rest, .. } => {
            tails(body, visit);
            tails(rest, visit);
        }
        Expr::Switch { arms, default, .. } => {
            for (_, arm) in arms {
                tails(arm, visit);
            }
            if let Some(default) = default {
                tails(default, visit);
            }
        }
        Expr::Jump(..) | Expr::Tail(_) | Expr::MatchFailure(_) => {}
    }
}

struct Rewrite {
    me: FunId,
    twin: FunId,
    operator: Operator,
    acc: Var,
    fresh: Fresh,
}

impl Rewrite {
    fn identity(&self) -> Atom {
        Atom::Lit(Lit::Int(self.operator.1.into()))
    }

    fn operate(&self, a: Atom, b: Atom) -> Value {
        Value::Prim(Prim::Foreign(self.operator.0.into()), vec![a, b])
    }

    /// `e` in tail position of the twin: its result accumulated.
    fn tail(&mut self, e: Expr) -> Expr {
        if let Some(a) = accumulation(self.me, &e) {
            let acc = self.fresh.var();
            let args = a.args.iter().cloned().chain([Atom::Var(acc)]).collect();
            let add = self.operate(Atom::Var(self.acc), a.other.clone());
            return Expr::Let(acc, add, Box::new(Expr::Tail(Value::Call(self.twin, args))));
        }
        match e {
            Expr::Let(x, v, body) => Expr::Let(x, self.value(v), Box::new(self.tail(*body))),
            Expr::Dup(x, body) => Expr::Dup(x, Box::new(self.tail(*body))),
            Expr::Drop(x, body) => Expr::Drop(x, Box::new(self.tail(*body))),
            Expr::LetRec(group, rest) => Expr::LetRec(group, Box::new(self.tail(*rest))),
            Expr::Join { id, params, looping, body, rest } => {
                Expr::Join { id, params, looping, body: Box::new(self.tail(*body)), rest: Box::new(self.tail(*rest)) }
            }
            Expr::Switch { on, arms, default } => Expr::Switch {
                on,
                arms: arms.into_iter().map(|(t, arm)| (t, self.tail(arm))).collect(),
                default: default.map(|d| Box::new(self.tail(*d))),
            },
            Expr::Tail(Value::Call(f, mut args)) if f == self.me => {
                args.push(Atom::Var(self.acc));
                Expr::Tail(Value::Call(self.twin, args))
            }
            Expr::Tail(Value::Atom(Atom::Lit(Lit::Int(n)))) if n == self.operator.1.into() => {
                Expr::Tail(Value::Atom(Atom::Var(self.acc)))
            }
            Expr::Tail(Value::Atom(a)) => {
                let r = self.fresh.var();
                let result = self.operate(Atom::Var(self.acc), a);
                Expr::Let(r, result, Box::new(Expr::Tail(Value::Atom(Atom::Var(r)))))
            }
            Expr::Tail(v) => {
                let v = self.value(v);
                let (t, r) = (self.fresh.var(), self.fresh.var());
                let result = self.operate(Atom::Var(self.acc), Atom::Var(t));
                Expr::Let(t, v, Box::new(Expr::Let(r, result, Box::new(Expr::Tail(Value::Atom(Atom::Var(r)))))))
            }
            e @ (Expr::Jump(..) | Expr::MatchFailure(_)) => e,
        }
    }

    /// `e` with the accumulator threaded through the twin's own calls: where
    /// `let x = call f$acc(a…, e)` is followed (in the same straight line, before any other use
    /// of `x` or of the accumulator) by `let acc' = acc ⊕ x`, the call starts from the
    /// accumulator instead, `let acc' = call f$acc(a…, acc)`, and the `⊕` goes. The
    /// accumulator is then not live across the call, nor is its sum computed after it.
    fn thread(&self, e: Expr) -> Expr {
        match e {
            Expr::Let(x, Value::Call(f, mut args), body) if f == self.twin && args.last() == Some(&self.identity()) => {
                match self.take_accumulation(x, *body) {
                    Ok((sum, body)) => {
                        *args.last_mut().expect("a twin's call has its accumulator") = Atom::Var(self.acc);
                        Expr::Let(sum, Value::Call(f, args), Box::new(self.thread(body)))
                    }
                    Err(body) => Expr::Let(x, Value::Call(f, args), Box::new(self.thread(body))),
                }
            }
            Expr::Let(x, v, body) => Expr::Let(x, v, Box::new(self.thread(*body))),
            Expr::Dup(x, body) => Expr::Dup(x, Box::new(self.thread(*body))),
            Expr::Drop(x, body) => Expr::Drop(x, Box::new(self.thread(*body))),
            Expr::LetRec(group, rest) => Expr::LetRec(group, Box::new(self.thread(*rest))),
            Expr::Join { id, params, looping, body, rest } => Expr::Join {
                id,
                params,
                looping,
                body: Box::new(self.thread(*body)),
                rest: Box::new(self.thread(*rest)),
            },
            Expr::Switch { on, arms, default } => Expr::Switch {
                on,
                arms: arms.into_iter().map(|(t, arm)| (t, self.thread(arm))).collect(),
                default: default.map(|d| Box::new(self.thread(*d))),
            },
            e @ (Expr::Tail(_) | Expr::Jump(..) | Expr::MatchFailure(_)) => e,
        }
    }

    /// In the `let` chain `e`, the first `let` that reads `x` or the accumulator, if it is
    /// `let sum = acc ⊕ x` (either order) and `x` is not used after it: `sum` and `e` without
    /// that `let`. Otherwise `e` unchanged.
    fn take_accumulation(&self, x: Var, e: Expr) -> Result<(Var, Expr), Expr> {
        let Expr::Let(y, v, rest) = e else { return Err(e) };
        let operands = v.operands();
        if !operands.contains(&x) && !operands.contains(&self.acc) {
            return match self.take_accumulation(x, *rest) {
                Ok((sum, rest)) => Ok((sum, Expr::Let(y, v, Box::new(rest)))),
                Err(rest) => Err(Expr::Let(y, v, Box::new(rest))),
            };
        }
        let (acc, read) = (Atom::Var(self.acc), Atom::Var(x));
        let sums = [self.operate(acc.clone(), read.clone()), self.operate(read, acc)];
        if sums.contains(&v) && !free::expr(&rest).contains(&x) { Ok((y, *rest)) } else { Err(Expr::Let(y, v, rest)) }
    }

    /// A value of the twin: a call of the function becomes a call of the twin from the
    /// identity.
    fn value(&self, v: Value) -> Value {
        match v {
            Value::Call(f, mut args) if f == self.me => {
                args.push(self.identity());
                Value::Call(self.twin, args)
            }
            v => v,
        }
    }
}

#[cfg(test)]
mod tests;
