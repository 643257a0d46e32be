//! Recursion unrolled into itself: a function's own calls outside tail position are replaced by
//! a copy of its body, a few levels deep, so the work of several calls runs in one frame.
//!
//! A doubly recursive function spends much of its time in calls: after `accumulate`, fib(32)
//! still makes two million calls of `fib$acc`, each a prologue, an epilogue and the saving of
//! the registers live across it. With three levels inlined, the same work makes 0.67M calls;
//! the innermost copy still calls the function. C compilers do this to such a function,
//! several levels deep.
//!
//! The copy is a loop, since the function's own tail calls loop: in `f(p…)`,
//! `let x = call f(a…) in rest` becomes
//!
//! ```text
//! join k(x) = rest in
//! join rec l(p'…) = body[p := p'], each result v a `jump k(v)`, each tail call f(b…) a `jump l(b…)`
//! in jump l(a…)
//! ```
//!
//! (a plain `join` when the body has no tail call of `f`: it then runs once).
//!
//! with every variable and join of the copy renamed, and the copy's own calls of `f` unrolled
//! again, one level less. A tail call of another function in the copy is no longer in tail
//! position: it becomes a call whose result jumps to `k`.
//!
//! The copies grow with the number of calls of itself a function makes: a function is unrolled
//! only as deep as keeps it under `MAX_SIZE` nodes, and at most `DEPTH` levels.
//!
//! Runs after `accumulate` (whose twins are the main beneficiaries) and before `peel` (which
//! then copies the base cases to the innermost calls) and reference counting.

use std::collections::HashMap;

use super::free::Fresh;
use super::ir::{Atom, Expr, FunId, JoinId, Label, Program, Value, Var};

/// At most this many levels of a function's own call are inlined. fib(36) takes 31.7, 28.6,
/// 26.1 and 28.6 ms at one to four levels (C: 14.8 ms; hyperfine, 40 runs each). Each level
/// keeps its loop's values live across the innermost call: at three, Cranelift's allocator
/// keeps the innermost counter on the stack. (While the reduction budget was decremented in
/// memory, two to four levels took up to 2.6 times as long as one; see runtime/ABI.md,
/// "Reductions".)
const DEPTH: u32 = 3;

/// At most this many nodes (see [`size`]) in an unrolled function.
const MAX_SIZE: usize = 200;

/// Unrolls every function that calls itself outside tail position.
pub fn unroll(program: &mut Program) {
    for i in 0..program.functions.len() {
        let f = &program.functions[i];
        let me = FunId(i as u32);
        if f.closure {
            continue;
        }
        let calls = own_calls(me, f.params.len(), &f.body);
        let depth = depth(size(&f.body), calls);
        if depth == 0 {
            continue;
        }
        let mut unroll =
            Unroll { me, params: f.params.clone(), original: f.body.clone(), fresh: Fresh::after(&f.params, &f.body) };
        let body = std::mem::take(&mut program.functions[i].body);
        program.functions[i].body = unroll.inline_calls(body, depth);
    }
}

/// How many levels deep a function of `size` nodes with `calls` calls of itself outside tail
/// position is unrolled: level `d` adds `calls^d` copies.
fn depth(size: usize, calls: usize) -> u32 {
    let mut total = size;
    let mut copies = 1usize;
    let mut depth = 0;
    while calls > 0 && depth < DEPTH {
        copies = copies.saturating_mul(calls);
        total = total.saturating_add(copies.saturating_mul(size));
        if total > MAX_SIZE {
            break;
        }
        depth += 1;
    }
    depth
}

/// The calls of `me` (with `arity` arguments) outside tail position in `e`.
fn own_calls(me: FunId, arity: usize, e: &Expr) -> usize {
    match e {
        Expr::Let(_, Value::Call(f, args), rest) if is_own_call(me, arity, *f, args) => 1 + own_calls(me, arity, rest),
        Expr::Let(_, _, rest) | Expr::Dup(_, rest) | Expr::Drop(_, rest) => own_calls(me, arity, rest),
        Expr::Join { body, rest, .. } => own_calls(me, arity, body) + own_calls(me, arity, rest),
        Expr::Switch { arms, default, .. } => {
            arms.iter().map(|(_, arm)| arm).chain(default.as_deref()).map(|arm| own_calls(me, arity, arm)).sum()
        }
        Expr::LetRec(..) | Expr::Tail(_) | Expr::Jump(..) | Expr::MatchFailure(_) => 0,
    }
}

/// The number of expressions and values in `e`: what a copy costs.
fn size(e: &Expr) -> usize {
    match e {
        Expr::Let(_, _, rest) => 2 + size(rest),
        Expr::Dup(_, rest) | Expr::Drop(_, rest) => 1 + size(rest),
        Expr::Join { body, rest, .. } => 1 + size(body) + size(rest),
        Expr::Switch { arms, default, .. } => {
            1 + arms.iter().map(|(_, arm)| arm).chain(default.as_deref()).map(size).sum::<usize>()
        }
        Expr::LetRec(group, rest) => 1 + group.iter().map(|(_, _, body)| size(body)).sum::<usize>() + size(rest),
        Expr::Tail(_) | Expr::Jump(..) | Expr::MatchFailure(_) => 1,
    }
}

/// One function being unrolled.
struct Unroll {
    me: FunId,
    params: Vec<Var>,
    /// The body as it was: what each level copies.
    original: Expr,
    fresh: Fresh,
}

impl Unroll {
    /// `e` with its calls of the function outside tail position replaced by `depth` levels of
    /// copies.
    fn inline_calls(&mut self, e: Expr, depth: u32) -> Expr {
        if depth == 0 {
            return e;
        }
        match e {
            Expr::Let(x, Value::Call(f, args), rest) if is_own_call(self.me, self.params.len(), f, &args) => {
                let rest = self.inline_calls(*rest, depth);
                let (k, l) = (self.fresh.join(), self.fresh.join());
                let params: Vec<Var> = (0..self.params.len()).map(|_| self.fresh.var()).collect();
                let names = self.params.iter().copied().zip(params.iter().copied()).collect();
                let arity = self.params.len();
                let mut copy =
                    BodyCopy { me: self.me, arity, fresh: &mut self.fresh, names, joins: HashMap::new(), k, l };
                let copy = copy.expr(&self.original);
                let looping = jumps_to(&copy, l);
                let body = self.inline_calls(copy, depth - 1);
                let inner =
                    Expr::Join { id: l, params, looping, body: Box::new(body), rest: Box::new(Expr::Jump(l, args)) };
                Expr::Join { id: k, params: vec![x], looping: false, body: Box::new(rest), rest: Box::new(inner) }
            }
            Expr::Let(x, v, rest) => Expr::Let(x, v, Box::new(self.inline_calls(*rest, depth))),
            Expr::Dup(x, rest) => Expr::Dup(x, Box::new(self.inline_calls(*rest, depth))),
            Expr::Drop(x, rest) => Expr::Drop(x, Box::new(self.inline_calls(*rest, depth))),
            Expr::Join { id, params, looping, body, rest } => Expr::Join {
                id,
                params,
                looping,
                body: Box::new(self.inline_calls(*body, depth)),
                rest: Box::new(self.inline_calls(*rest, depth)),
            },
            Expr::Switch { on, arms, default } => Expr::Switch {
                on,
                arms: arms.into_iter().map(|(t, arm)| (t, self.inline_calls(arm, depth))).collect(),
                default: default.map(|d| Box::new(self.inline_calls(*d, depth))),
            },
            e @ (Expr::LetRec(..) | Expr::Tail(_) | Expr::Jump(..) | Expr::MatchFailure(_)) => e,
        }
    }
}

/// Whether `call f(args)` is a call of the function `me` of `arity` parameters.
fn is_own_call(me: FunId, arity: usize, f: FunId, args: &[Atom]) -> bool {
    f == me && args.len() == arity
}

/// One copy of the function's body: its variables and joins renamed (those bound in it get
/// fresh ones), as the body of the loop `l` inlined where the call's result continues at `k`.
struct BodyCopy<'u> {
    me: FunId,
    arity: usize,
    fresh: &'u mut Fresh,
    /// The new name of each variable of the body seen so far (the parameters to start with).
    names: HashMap<Var, Var>,
    joins: HashMap<JoinId, JoinId>,
    k: JoinId,
    l: JoinId,
}

impl BodyCopy<'_> {
    fn expr(&mut self, e: &Expr) -> Expr {
        match e {
            Expr::Let(x, v, rest) => {
                let v = self.value(v);
                let y = self.fresh.var();
                self.names.insert(*x, y);
                Expr::Let(y, v, Box::new(self.expr(rest)))
            }
            Expr::Dup(x, rest) => Expr::Dup(self.names[x], Box::new(self.expr(rest))),
            Expr::Drop(x, rest) => Expr::Drop(self.names[x], Box::new(self.expr(rest))),
            Expr::Join { id, params, looping, body, rest } => {
                let fresh = self.fresh.join();
                self.joins.insert(*id, fresh);
                let renamed: Vec<Var> = params
                    .iter()
                    .map(|p| {
                        let q = self.fresh.var();
                        self.names.insert(*p, q);
                        q
                    })
                    .collect();
                let body = self.expr(body);
                let rest = self.expr(rest);
                Expr::Join { id: fresh, params: renamed, looping: *looping, body: Box::new(body), rest: Box::new(rest) }
            }
            Expr::Jump(j, args) => Expr::Jump(self.joins[j], self.atoms(args)),
            Expr::Switch { on, arms, default } => Expr::Switch {
                on: self.names[on],
                arms: arms.iter().map(|(t, arm)| (t.clone(), self.expr(arm))).collect(),
                default: default.as_deref().map(|d| Box::new(self.expr(d))),
            },
            Expr::Tail(Value::Call(f, args)) if is_own_call(self.me, self.arity, *f, args) => {
                Expr::Jump(self.l, self.atoms(args))
            }
            Expr::Tail(Value::Atom(a)) => Expr::Jump(self.k, vec![self.atom(a)]),
            Expr::Tail(v) => {
                let v = self.value(v);
                let r = self.fresh.var();
                Expr::Let(r, v, Box::new(Expr::Jump(self.k, vec![Atom::Var(r)])))
            }
            Expr::MatchFailure(location) => Expr::MatchFailure(location.clone()),
            Expr::LetRec(..) => unreachable!("unroll runs after closure conversion: no letrec is left"),
        }
    }

    fn atom(&self, a: &Atom) -> Atom {
        match a {
            Atom::Var(x) => Atom::Var(self.names[x]),
            Atom::Lit(_) => a.clone(),
        }
    }

    fn atoms(&self, atoms: &[Atom]) -> Vec<Atom> {
        atoms.iter().map(|a| self.atom(a)).collect()
    }

    /// `v` with its variables renamed.
    fn value(&self, v: &Value) -> Value {
        let fields = |fields: &[(Label, Atom)]| fields.iter().map(|(label, a)| (*label, self.atom(a))).collect();
        let names = &self.names;
        match v {
            Value::Atom(a) => Value::Atom(self.atom(a)),
            Value::Call(f, args) => Value::Call(*f, self.atoms(args)),
            Value::Apply(f, args) => Value::Apply(names[f], self.atoms(args)),
            Value::Prim(p, args) => Value::Prim(p.clone(), self.atoms(args)),
            Value::Con(c, args) => Value::Con(*c, self.atoms(args)),
            Value::Tuple(args) => Value::Tuple(self.atoms(args)),
            Value::Record(fs) => Value::Record(fields(fs)),
            Value::RecordUpdate(r, fs) => Value::RecordUpdate(names[r], fields(fs)),
            Value::RecordGet(r, label) => Value::RecordGet(names[r], *label),
            Value::Field(x, i) => Value::Field(names[x], *i),
            Value::Closure(f, captured) => Value::Closure(*f, self.atoms(captured)),
            Value::Global(g) => Value::Global(*g),
            Value::Lambda(..) => unreachable!("unroll runs after closure conversion: no lambda is left"),
        }
    }
}

/// Whether `e` jumps to `j` anywhere.
fn jumps_to(e: &Expr, j: JoinId) -> bool {
    match e {
        Expr::Jump(k, _) => *k == j,
        Expr::Let(_, _, rest) | Expr::Dup(_, rest) | Expr::Drop(_, rest) => jumps_to(rest, j),
        Expr::Join { body, rest, .. } => jumps_to(body, j) || jumps_to(rest, j),
        Expr::Switch { arms, default, .. } => {
            arms.iter().map(|(_, arm)| arm).chain(default.as_deref()).any(|arm| jumps_to(arm, j))
        }
        Expr::LetRec(..) | Expr::Tail(_) | Expr::MatchFailure(_) => false,
    }
}

#[cfg(test)]
mod tests;
