//! Free variables and variable numbering of Core expressions, shared by `closure` and `rc`.
//!
//! [`expr`] is syntactic: a [`Expr::Join`] contributes the free variables of its body (minus
//! its parameters) and of its rest, a [`Expr::Jump`] only its arguments. That is exact for a
//! well-formed function, where every jump sits inside the `Join` it targets. `rc` needs more
//! precision (what a jump consumes) and computes its own liveness on top of this idea.

use std::collections::BTreeSet;

use super::ir::{Atom, Expr, JoinId, Value, Var};

/// The variables free in `e`, in ascending order.
pub fn expr(e: &Expr) -> BTreeSet<Var> {
    let mut free = BTreeSet::new();
    add_expr(e, &mut free);
    free
}

/// The variables free in `v`, in ascending order.
pub fn value(v: &Value) -> BTreeSet<Var> {
    let mut free = BTreeSet::new();
    add_value(v, &mut free);
    free
}

fn add_expr(e: &Expr, free: &mut BTreeSet<Var>) {
    match e {
        Expr::Let(x, v, body) => {
            let mut inner = expr(body);
            inner.remove(x);
            free.extend(inner);
            add_value(v, free);
        }
        Expr::LetRec(group, rest) => {
            let mut inner = expr(rest);
            for (_, params, body) in group {
                inner.extend(without(expr(body), params));
            }
            free.extend(without(inner, &group.iter().map(|(f, ..)| *f).collect::<Vec<_>>()));
        }
        Expr::Join { params, body, rest, .. } => {
            free.extend(without(expr(body), params));
            add_expr(rest, free);
        }
        Expr::Jump(_, args) => free.extend(args.iter().filter_map(Atom::var)),
        Expr::Switch { on, arms, default } => {
            free.insert(*on);
            for (_, arm) in arms {
                add_expr(arm, free);
            }
            if let Some(default) = default {
                add_expr(default, free);
            }
        }
        Expr::Tail(v) => add_value(v, free),
        Expr::Dup(x, rest) | Expr::Drop(x, rest) => {
            free.insert(*x);
            add_expr(rest, free);
        }
        Expr::MatchFailure(_) => {}
    }
}

fn add_value(v: &Value, free: &mut BTreeSet<Var>) {
    match v {
        Value::Lambda(params, body) => free.extend(without(expr(body), params)),
        _ => free.extend(v.operands()),
    }
}

/// `set` less `removed`.
pub fn without(mut set: BTreeSet<Var>, removed: &[Var]) -> BTreeSet<Var> {
    for v in removed {
        set.remove(v);
    }
    set
}

/// One above the largest variable bound or used anywhere in `params` and `body` (nested
/// lambdas and local functions included): the first number free for a new variable.
pub fn next_var(params: &[Var], body: &Expr) -> u32 {
    let mut max = Max { var: params.iter().map(|v| v.0 + 1).max().unwrap_or(0), join: 0 };
    max.expr(body);
    max.var
}

/// One above the largest join point defined or jumped to anywhere in `body`: the first number
/// free for a new join point.
pub fn next_join(body: &Expr) -> u32 {
    let mut max = Max { var: 0, join: 0 };
    max.expr(body);
    max.join
}

/// New variables and join points for a pass that adds some to a function.
#[derive(Debug)]
pub struct Fresh {
    var: u32,
    join: u32,
}

impl Fresh {
    /// Numbers free in a function of `params` and `body`.
    pub fn after(params: &[Var], body: &Expr) -> Fresh {
        Fresh { var: next_var(params, body), join: next_join(body) }
    }

    pub fn var(&mut self) -> Var {
        self.var += 1;
        Var(self.var - 1)
    }

    pub fn join(&mut self) -> JoinId {
        self.join += 1;
        JoinId(self.join - 1)
    }
}

/// The largest variable and join point numbers seen, plus one.
struct Max {
    var: u32,
    join: u32,
}

impl Max {
    fn var(&mut self, v: Var) {
        self.var = self.var.max(v.0 + 1);
    }

    fn join(&mut self, j: JoinId) {
        self.join = self.join.max(j.0 + 1);
    }

    fn vars(&mut self, vs: &[Var]) {
        for v in vs {
            self.var(*v);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Let(x, v, body) => {
                self.var(*x);
                self.value(v);
                self.expr(body);
            }
            Expr::LetRec(group, rest) => {
                for (f, params, body) in group {
                    self.var(*f);
                    self.vars(params);
                    self.expr(body);
                }
                self.expr(rest);
            }
            Expr::Join { id, params, body, rest, .. } => {
                self.join(*id);
                self.vars(params);
                self.expr(body);
                self.expr(rest);
            }
            Expr::Jump(j, args) => {
                self.join(*j);
                self.vars(&args.iter().filter_map(Atom::var).collect::<Vec<_>>());
            }
            Expr::Switch { on, arms, default } => {
                self.var(*on);
                for (_, arm) in arms {
                    self.expr(arm);
                }
                if let Some(default) = default {
                    self.expr(default);
                }
            }
            Expr::Tail(v) => self.value(v),
            Expr::Dup(x, rest) | Expr::Drop(x, rest) => {
                self.var(*x);
                self.expr(rest);
            }
            Expr::MatchFailure(_) => {}
        }
    }

    fn value(&mut self, v: &Value) {
        if let Value::Lambda(params, body) = v {
            self.vars(params);
            self.expr(body);
        } else {
            self.vars(&v.operands());
        }
    }
}
