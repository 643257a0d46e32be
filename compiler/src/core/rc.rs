//! Reference-count insertion (Perceus: Reinking, Xie, de Moura, Leijen, "Perceus: Garbage Free
//! Reference Counting with Reuse", PLDI 2021), without reuse for now.
//!
//! Runs after `closure` (no [`Value::Lambda`] or [`Expr::LetRec`] is left). Every variable is
//! owned once when bound: a parameter (a closure's `self` too), a `let`, a join parameter. On
//! every path through a function each owned reference is consumed or dropped exactly once:
//! - A [`Value`] consumes one reference per occurrence of a variable among its operands, except
//!   the borrowed ones ([`Value::borrows_operands`]: `Field`, `RecordGet`, `Prim`) and a
//!   `Switch`'s scrutinee, which consume nothing. `dup x` precedes a value for each occurrence
//!   of `x` beyond the first, and one more when `x` is still used after it.
//! - A variable is dropped as soon as it is no longer needed: right after its binding when it is
//!   never used, at the start of each switch arm and `let` body that no longer mentions it, and
//!   at the start of a join body for an unused join parameter. Drops are never placed before a
//!   [`Expr::MatchFailure`] (the program ends there).
//! - A join body owns its free variables besides its parameters: [`Expr::Jump`] `j(a…)`
//!   consumes its arguments and those variables. So a variable is live at a jump if it is an
//!   argument or free in `j`'s body.
//!   A looping join's body jumps to itself too: what it owns is the least set that is enough
//!   for its own jumps (found by iteration), so every round hands the same variables on.
//! - [`Expr::Tail`] consumes its operands and nothing else is live. A borrowing value in tail
//!   position becomes `let t = value in drop …; t` so its operands can be dropped after it.
//!
//! The pass works bottom-up: each expression returns the set of variables it needs owned on
//! entry (its live variables, with jumps counting their join's free variables); a parent adds
//! drops where a variable live in it is dead in a child.
//!
//! [`Expr::Dup`] and [`Expr::Drop`] in the input are discarded: the pass derives all counting.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::free;
use super::ir::{Atom, Expr, Function, Global, JoinId, Program, Value, Var};

/// Inserts `dup` and `drop` in every function and global of `program`.
///
/// Panics on a [`Value::Lambda`] or [`Expr::LetRec`]: `closure::convert` must run first.
pub fn insert(program: Program) -> Program {
    let functions = program.functions.into_iter().map(function).collect();
    let globals = program
        .globals
        .into_iter()
        .map(|g| {
            let body = body(&[], g.body);
            Global { body, ..g }
        })
        .collect();
    Program { functions, globals, ..program }
}

/// Reference counting for one function.
pub fn function(f: Function) -> Function {
    let body = body(&f.params, f.body);
    Function { body, ..f }
}

/// `body` with counting, given that `params` are owned on entry.
fn body(params: &[Var], body: Expr) -> Expr {
    let mut counter = Counter { next_var: free::next_var(params, &body), joins: HashMap::new() };
    let (body, live) = counter.expr(body);
    drop_unused(params, &live, body)
}

type Live = BTreeSet<Var>;

#[derive(Debug)]
struct Counter {
    next_var: u32,
    /// The variables each join body in scope owns on entry (free in it, not its parameters).
    joins: HashMap<JoinId, Live>,
}

impl Counter {
    /// `e` with counting, and the variables it needs owned on entry.
    fn expr(&mut self, e: Expr) -> (Expr, Live) {
        match e {
            Expr::Let(x, v, body) => {
                let (body, mut live) = self.expr(*body);
                let mut dead = Vec::new();
                if !live.remove(&x) {
                    dead.push(x);
                }
                let operands = v.operands();
                if v.borrows_operands() {
                    dead.extend(operands.iter().filter(|y| !live.contains(y)));
                    let body = drops(dead, body);
                    live.extend(operands);
                    (Expr::Let(x, v, Box::new(body)), live)
                } else {
                    let body = drops(dead, body);
                    let e = dups(&operands, &live, Expr::Let(x, v, Box::new(body)));
                    live.extend(operands);
                    (e, live)
                }
            }
            Expr::Tail(v) if v.borrows_operands() && !v.operands().is_empty() => {
                let t = Var(self.next_var);
                self.next_var += 1;
                self.expr(Expr::Let(t, v, Box::new(Expr::Tail(Value::Atom(Atom::Var(t))))))
            }
            Expr::Tail(v) => {
                check_converted(&v);
                let operands = v.operands();
                let e = dups(&operands, &Live::new(), Expr::Tail(v));
                (e, operands.into_iter().collect())
            }
            Expr::Jump(j, args) => {
                let owned_by_join = self.joins.get(&j).cloned().unwrap_or_default();
                let operands: Vec<Var> = args.iter().filter_map(Atom::var).collect();
                let e = dups(&operands, &owned_by_join, Expr::Jump(j, args));
                let mut live = owned_by_join;
                live.extend(operands);
                (e, live)
            }
            Expr::Join { id, params, looping, body, rest } => {
                let (body, body_live) = if looping { self.loop_body(id, &params, *body) } else { self.expr(*body) };
                let body = drop_unused(&params, &body_live, body);
                self.joins.insert(id, free::without(body_live, &params));
                let (rest, live) = self.expr(*rest);
                (Expr::Join { id, params, looping, body: Box::new(body), rest: Box::new(rest) }, live)
            }
            Expr::Switch { on, arms, default } => {
                let arms: Vec<_> = arms.into_iter().map(|(test, arm)| (test, self.expr(arm))).collect();
                let default = default.map(|d| self.expr(*d));
                let mut live: Live = arms.iter().flat_map(|(_, (_, l))| l.iter().copied()).collect();
                live.extend(default.iter().flat_map(|(_, l)| l.iter().copied()));
                live.insert(on);
                let enter = |(arm, arm_live): (Expr, Live)| -> Expr {
                    if matches!(arm, Expr::MatchFailure(_)) {
                        return arm;
                    }
                    drops(live.difference(&arm_live).copied().collect(), arm)
                };
                let arms = arms.into_iter().map(|(test, arm)| (test, enter(arm))).collect();
                let default = default.map(|d| Box::new(enter(d)));
                (Expr::Switch { on, arms, default }, live)
            }
            Expr::Dup(_, rest) | Expr::Drop(_, rest) => self.expr(*rest),
            e @ Expr::MatchFailure(_) => (e, Live::new()),
            Expr::LetRec(..) => panic!("rc::insert runs after closure::convert: no letrec is left"),
        }
    }

    /// The body of a looping join with counting, and the variables it needs owned on entry.
    /// A jump back to the join hands over what the body owns, which is what the body needs:
    /// that set is found by iterating from nothing until it stops growing (each round can only
    /// add variables, and there are finitely many).
    fn loop_body(&mut self, id: JoinId, params: &[Var], body: Expr) -> (Expr, Live) {
        let mut owned = Live::new();
        loop {
            self.joins.insert(id, owned.clone());
            let (counted, live) = self.expr(body.clone());
            let needed = free::without(live.clone(), params);
            if needed == owned {
                return (counted, live);
            }
            owned = needed;
        }
    }
}

fn check_converted(v: &Value) {
    assert!(!matches!(v, Value::Lambda(..)), "rc::insert runs after closure::convert: no lambda is left");
}

/// `e` preceded by the dups the consuming `operands` need: one per occurrence beyond the
/// first, one more for a variable in `kept` (still owned after `e` consumes it, or consumed a
/// further time by what `e` transfers ownership to, as a jump's join body).
fn dups(operands: &[Var], kept: &Live, e: Expr) -> Expr {
    if let Expr::Let(_, v, _) = &e {
        check_converted(v);
    }
    let mut uses: BTreeMap<Var, usize> = BTreeMap::new();
    for y in operands {
        *uses.entry(*y).or_default() += 1;
    }
    let mut e = e;
    for (y, n) in uses.into_iter().rev() {
        for _ in 0..(n - 1 + usize::from(kept.contains(&y))) {
            e = Expr::Dup(y, Box::new(e));
        }
    }
    e
}

/// `e` preceded by a drop of each of `dead` (in ascending order, duplicates dropped once).
fn drops(mut dead: Vec<Var>, e: Expr) -> Expr {
    dead.sort();
    dead.dedup();
    dead.into_iter().rev().fold(e, |e, x| Expr::Drop(x, Box::new(e)))
}

/// `body` preceded by a drop of each of `params` it does not use.
fn drop_unused(params: &[Var], live: &Live, body: Expr) -> Expr {
    if matches!(body, Expr::MatchFailure(_)) {
        return body;
    }
    drops(params.iter().filter(|p| !live.contains(p)).copied().collect(), body)
}

#[cfg(test)]
pub(crate) mod tests;
