//! Terms: the tree-shaped form the lowering builds before Core's A-normal form.
//!
//! Lowering a checked expression is easiest with nested expressions (`f (g x) (case y of …)`);
//! [`Normaliser`] then names every intermediate result and turns control flow in argument
//! position into join points, giving [`Expr`]. Application spines are flattened here, so a
//! known function applied to all its arguments becomes a direct [`Value::Call`], and a foreign
//! primitive's wrapper applied to all its arguments becomes the primitive itself.

use std::collections::HashMap;
use std::sync::Arc;

use super::ir::{Atom, CtorId, Expr, FunId, GlobalId, JoinId, Label, Lit, Prim, Test, Value, Var};

#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    Var(Var),
    Lit(Lit),
    Global(GlobalId),
    /// A top-level function as a value.
    Fun(FunId),
    /// Application of any term to arguments (flattened: the head is never an `App`).
    App(Box<Term>, Vec<Term>),
    Lam(Vec<Var>, Box<Term>),
    Let(Var, Box<Term>, Box<Term>),
    LetRec(Vec<(Var, Vec<Var>, Term)>, Box<Term>),
    Con(CtorId, Vec<Term>),
    Tuple(Vec<Term>),
    Record(Vec<(Label, Term)>),
    Update(Box<Term>, Vec<(Label, Term)>),
    Get(Box<Term>, Label),
    Field(Var, u32),
    Prim(Prim, Vec<Term>),
    Switch(Var, Vec<(Test, Term)>, Option<Box<Term>>),
    Join(JoinId, Vec<Var>, Box<Term>, Box<Term>),
    Jump(JoinId, Vec<Term>),
    Fail(Arc<str>),
}

impl Term {
    /// `head args`, merged into `head`'s own application if it is one. A lambda applied to at
    /// least as many arguments as it has parameters is reduced: its parameters are bound to the
    /// arguments in order (as a strict call evaluates them) and its body takes the rest, so a
    /// `do` block or `receive` run in place allocates no closure.
    pub fn app(head: Term, mut args: Vec<Term>) -> Term {
        if args.is_empty() {
            return head;
        }
        match head {
            Term::App(h, mut first) => {
                first.extend(args);
                Term::App(h, first)
            }
            Term::Lam(params, body) if params.len() <= args.len() => {
                let rest = args.split_off(params.len());
                let body = Term::app(*body, rest);
                params.into_iter().zip(args).rev().fold(body, |body, (p, a)| Term::let_(p, a, body))
            }
            head => Term::App(Box::new(head), args),
        }
    }

    /// The action `self` run with the world token `world`: the application pushed into every
    /// tail position, so a `do` block or `receive` there runs in place.
    pub fn run_with(self, world: Var) -> Term {
        match self {
            Term::Let(x, value, body) => Term::Let(x, value, Box::new(body.run_with(world))),
            Term::LetRec(defs, body) => Term::LetRec(defs, Box::new(body.run_with(world))),
            Term::Switch(x, arms, default) => Term::Switch(
                x,
                arms.into_iter().map(|(test, arm)| (test, arm.run_with(world))).collect(),
                default.map(|d| Box::new(d.run_with(world))),
            ),
            Term::Join(j, params, body, rest) => {
                Term::Join(j, params, Box::new(body.run_with(world)), Box::new(rest.run_with(world)))
            }
            // A jump's join has the application in its own body; a failure never returns.
            jump_or_fail @ (Term::Jump(..) | Term::Fail(_)) => jump_or_fail,
            action => Term::app(action, vec![Term::Var(world)]),
        }
    }

    pub fn let_(var: Var, value: Term, body: Term) -> Term {
        Term::Let(var, Box::new(value), Box::new(body))
    }

    pub fn bool(b: bool) -> Term {
        Term::Lit(Lit::Bool(b))
    }
}

/// How a top-level function may be called: its arity, and whether it only wraps a primitive.
#[derive(Clone, Debug)]
pub struct Callee {
    pub arity: usize,
    /// `Some((prim, operands))` when the function is `\a b … -> prim(a, b …)` over its first
    /// `operands` parameters (an `IO` primitive's wrapper takes the world token last, unused).
    pub primitive: Option<(Prim, usize)>,
}

/// Fresh names for one program.
#[derive(Debug, Default)]
pub struct Fresh {
    next_var: u32,
    next_join: u32,
}

impl Fresh {
    pub fn var(&mut self) -> Var {
        self.next_var += 1;
        Var(self.next_var)
    }

    pub fn join(&mut self) -> JoinId {
        self.next_join += 1;
        JoinId(self.next_join)
    }
}

/// What a term in tail position does with its value.
#[derive(Clone, Copy)]
enum Ret {
    Return,
    Jump(JoinId),
}

enum Frame {
    Let(Var, Value),
    LetRec(Vec<(Var, Vec<Var>, Expr)>),
    /// Control flow in argument position: `term` runs, then jumps to `join` with its result,
    /// whose body is everything after this frame.
    Split {
        join: JoinId,
        result: Var,
        term: Term,
    },
}

/// Turns terms into A-normal form.
pub struct Normaliser<'a> {
    pub fresh: &'a mut Fresh,
    pub callees: &'a [Callee],
    /// The closure-code wrapper of each function of non-zero arity (`\self a… -> f a…`).
    pub wrappers: &'a HashMap<FunId, FunId>,
}

impl std::fmt::Debug for Normaliser<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normaliser").finish_non_exhaustive()
    }
}

impl Normaliser<'_> {
    /// A function body.
    pub fn body(&mut self, term: Term) -> Expr {
        self.tail(term, Ret::Return)
    }

    fn tail(&mut self, term: Term, ret: Ret) -> Expr {
        match term {
            Term::Let(x, value, body) => {
                let mut frames = Vec::new();
                let v = self.value(*value, &mut frames);
                frames.push(Frame::Let(x, v));
                let rest = self.tail(*body, ret);
                self.wrap(frames, rest)
            }
            Term::LetRec(defs, body) => {
                let defs = self.functions(defs);
                Expr::LetRec(defs, Box::new(self.tail(*body, ret)))
            }
            Term::Switch(on, arms, default) => Expr::Switch {
                on,
                arms: arms.into_iter().map(|(t, e)| (t, self.tail(e, ret))).collect(),
                default: default.map(|d| Box::new(self.tail(*d, ret))),
            },
            Term::Join(id, params, body, rest) => Expr::Join {
                id,
                params,
                looping: false,
                body: Box::new(self.tail(*body, ret)),
                rest: Box::new(self.tail(*rest, ret)),
            },
            Term::Jump(id, args) => {
                let mut frames = Vec::new();
                let args = args.into_iter().map(|a| self.atom(a, &mut frames)).collect();
                self.wrap(frames, Expr::Jump(id, args))
            }
            Term::Fail(location) => Expr::MatchFailure(location),
            term => {
                let mut frames = Vec::new();
                let v = self.value(term, &mut frames);
                let end = match ret {
                    Ret::Return => Expr::Tail(v),
                    Ret::Jump(j) => match v {
                        Value::Atom(a) => Expr::Jump(j, vec![a]),
                        v => {
                            let r = self.fresh.var();
                            Expr::Let(r, v, Box::new(Expr::Jump(j, vec![Atom::Var(r)])))
                        }
                    },
                };
                self.wrap(frames, end)
            }
        }
    }

    fn functions(&mut self, defs: Vec<(Var, Vec<Var>, Term)>) -> Vec<(Var, Vec<Var>, Expr)> {
        defs.into_iter().map(|(v, params, body)| (v, params, self.tail(body, Ret::Return))).collect()
    }

    fn wrap(&mut self, frames: Vec<Frame>, end: Expr) -> Expr {
        let mut acc = end;
        for frame in frames.into_iter().rev() {
            acc = match frame {
                Frame::Let(x, v) => Expr::Let(x, v, Box::new(acc)),
                Frame::LetRec(defs) => Expr::LetRec(defs, Box::new(acc)),
                Frame::Split { join, result, term } => {
                    let rest = self.tail(term, Ret::Jump(join));
                    Expr::Join {
                        id: join,
                        params: vec![result],
                        looping: false,
                        body: Box::new(acc),
                        rest: Box::new(rest),
                    }
                }
            };
        }
        acc
    }

    fn atom(&mut self, term: Term, frames: &mut Vec<Frame>) -> Atom {
        match self.value(term, frames) {
            Value::Atom(a) => a,
            v => {
                let x = self.fresh.var();
                frames.push(Frame::Let(x, v));
                Atom::Var(x)
            }
        }
    }

    fn var(&mut self, term: Term, frames: &mut Vec<Frame>) -> Var {
        match self.atom(term, frames) {
            Atom::Var(v) => v,
            Atom::Lit(l) => {
                let x = self.fresh.var();
                frames.push(Frame::Let(x, Value::Atom(Atom::Lit(l))));
                x
            }
        }
    }

    fn atoms(&mut self, terms: Vec<Term>, frames: &mut Vec<Frame>) -> Vec<Atom> {
        terms.into_iter().map(|t| self.atom(t, frames)).collect()
    }

    fn value(&mut self, term: Term, frames: &mut Vec<Frame>) -> Value {
        match term {
            Term::Var(v) => Value::Atom(Atom::Var(v)),
            Term::Lit(l) => Value::Atom(Atom::Lit(l)),
            Term::Global(g) => Value::Global(g),
            Term::Fun(f) => self.function_value(f, frames),
            Term::App(head, args) => self.application(*head, args, frames),
            Term::Lam(params, body) => Value::Lambda(params, Box::new(self.tail(*body, Ret::Return))),
            Term::Let(x, value, body) => {
                let v = self.value(*value, frames);
                frames.push(Frame::Let(x, v));
                self.value(*body, frames)
            }
            Term::LetRec(defs, body) => {
                let defs = self.functions(defs);
                frames.push(Frame::LetRec(defs));
                self.value(*body, frames)
            }
            Term::Con(c, args) => Value::Con(c, self.atoms(args, frames)),
            Term::Tuple(items) => Value::Tuple(self.atoms(items, frames)),
            Term::Record(fields) => Value::Record(fields.into_iter().map(|(l, t)| (l, self.atom(t, frames))).collect()),
            Term::Update(record, fields) => {
                let r = self.var(*record, frames);
                Value::RecordUpdate(r, fields.into_iter().map(|(l, t)| (l, self.atom(t, frames))).collect())
            }
            Term::Get(record, label) => Value::RecordGet(self.var(*record, frames), label),
            Term::Field(v, i) => Value::Field(v, i),
            Term::Prim(p, args) => Value::Prim(p, self.atoms(args, frames)),
            control @ (Term::Switch(..) | Term::Join(..) | Term::Jump(..) | Term::Fail(_)) => {
                let result = self.fresh.var();
                frames.push(Frame::Split { join: self.fresh.join(), result, term: control });
                Value::Atom(Atom::Var(result))
            }
        }
    }

    fn function_value(&mut self, f: FunId, frames: &mut Vec<Frame>) -> Value {
        let callee = &self.callees[f.0 as usize];
        if callee.arity == 0 {
            return self.application(Term::Fun(f), Vec::new(), frames);
        }
        Value::Closure(self.wrappers[&f], Vec::new())
    }

    fn application(&mut self, head: Term, args: Vec<Term>, frames: &mut Vec<Frame>) -> Value {
        let Term::Fun(f) = head else {
            let h = self.var(head, frames);
            let args = self.atoms(args, frames);
            return Value::Apply(h, args);
        };
        let callee = self.callees[f.0 as usize].clone();
        if args.len() < callee.arity {
            // A partial application: the closure of `f`, applied (the runtime keeps the
            // arguments until the rest arrive).
            let args = self.atoms(args, frames);
            let clo = self.fresh.var();
            frames.push(Frame::Let(clo, Value::Closure(self.wrappers[&f], Vec::new())));
            return Value::Apply(clo, args);
        }
        let mut args = self.atoms(args, frames);
        let extra = args.split_off(callee.arity);
        let call = match callee.primitive {
            Some((prim, operands)) => {
                args.truncate(operands);
                Value::Prim(prim, args)
            }
            None => Value::Call(f, args),
        };
        if extra.is_empty() {
            return call;
        }
        let r = self.fresh.var();
        frames.push(Frame::Let(r, call));
        Value::Apply(r, extra)
    }
}
