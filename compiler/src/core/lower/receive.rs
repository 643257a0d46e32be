//! `receive`: selective receive from the process's mailbox (runtime/ABI.md, "Receive").
//!
//! `receive { p_i | g_i -> e_i } after t -> e_t` is an `IO a` action, so a function of the
//! world token `w`:
//!
//! ```text
//! \w -> let t = …                                   (with `after` only)
//!       let matcher = \msg -> <clauses on msg: true when one takes it, else false>
//!       let msg = prim receive(matcher)             (or receiveAfter(matcher, t))
//!       if timedOut(msg) then e_t w                 (with `after` only)
//!       else <clauses on msg: the first that takes it runs e_i w>
//! ```
//!
//! The runtime scans the mailbox with the matcher and returns the first message it accepts;
//! generated code then matches that message again, in the same order with the same guards, to
//! bind the pattern's variables and run the body. The matcher has said some clause takes the
//! message, so the fall-through of the second match is unreachable (a match failure at the
//! `receive`).
//!
//! Messages are untyped and each clause's pattern was typed on its own, so a clause cannot
//! trust the message to have its pattern's type: before its decision tree reads the message, a
//! clause asks the runtime whether the message has the pattern's [`Shape`]. Clauses are
//! therefore matched one after the other, never merged into one decision tree (two clauses
//! may expect different types at the same position).
//!
//! The runtime is also given the *filter*: a shape every message some clause takes has (the
//! clauses' shapes as alternatives). It tests it itself, in the scan loop, so a selective
//! receive skips the messages no clause wants without calling the matcher. With one clause
//! the filter is that clause's shape, and neither match tests it again. When the shapes say
//! all there is to say (no guards; patterns that test only what a shape tests), there is no
//! matcher: the operand is `()` and the filter alone decides.

use super::Lowering;
use super::expr::list;
use super::matching::Row;
use crate::core::ir::{CtorId, Label, Lit, Prim, Test, Var};
use crate::core::term::Term;
use crate::prim;
use crate::resolve::{Namespace, PRIM, Target};
use crate::span::Span;
use crate::syntax::ast::{self, Literal, PatKind, Rhs, TypeKind};

/// What a message must look like before a clause's typed match may read it, as the runtime
/// checks it (`mote_rt_shape`). Built from the clause's pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Shape {
    /// Anything: a variable or `_`.
    Any,
    /// A value of a literal's type ([`kind`]); the typed match compares the value after.
    Kind(u8),
    /// Exactly this immediate word.
    Exact(Immediate),
    Tuple(Vec<Shape>),
    /// A constructor other than the list's (`Nil`, `Cons`) and the Booleans (a [`kind`]).
    Ctor(CtorId, Vec<Shape>),
    /// A record holding at least these labels (numbered as lowering numbers them until the
    /// program's final numbering, see [`Shape::term`]).
    Record(Vec<(Label, Shape)>),
    Cons(Box<Shape>, Box<Shape>),
    Nil,
    /// Any of these (none `Any`; none at all: no value has it): only as a `receive`'s
    /// filter.
    AnyOf(Vec<Shape>),
}

/// A literal whose run-time value is an immediate word, compared as a word.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Immediate {
    /// Within the small integers (see [`is_small`]).
    Int(num_bigint::BigInt),
    Char(char),
    Atom(String),
    Bool(bool),
}

impl Immediate {
    fn lit(&self) -> Lit {
        match self {
            Immediate::Int(n) => Lit::Int(n.clone()),
            Immediate::Char(c) => Lit::Char(*c),
            Immediate::Atom(a) => Lit::Atom(a.as_str().into()),
            Immediate::Bool(b) => Lit::Bool(*b),
        }
    }
}

/// The small-integer shapes of runtime/ABI.md: a value of one of the built-in types.
pub(super) mod kind {
    pub const INTEGER: u8 = 1;
    pub const FLOAT: u8 = 2;
    pub const CHAR: u8 = 3;
    pub const ATOM: u8 = 4;
    pub const STRING: u8 = 5;
    pub const BINARY: u8 = 6;
    pub const MAP: u8 = 7;
    pub const BOOLEAN: u8 = 8;
    pub const UNIT: u8 = 9;
}

/// The tags of the compound shapes of runtime/ABI.md.
mod tag {
    pub const TUPLE: u8 = 10;
    pub const CTOR: u8 = 11;
    pub const RECORD: u8 = 12;
    pub const CONS: u8 = 13;
    pub const NIL: u8 = 14;
    pub const EXACT: u8 = 15;
    pub const ANY_OF: u8 = 16;
}

/// Whether an integer literal is a small integer word at run time (runtime/ABI.md, "Values"),
/// so a message equal to it is that very word.
fn is_small(n: &num_bigint::BigInt) -> bool {
    i64::try_from(n).is_ok_and(|n| (-(1 << 62)..1 << 62).contains(&n))
}

fn int(n: impl Into<num_bigint::BigInt>) -> Term {
    Term::Lit(Lit::Int(n.into()))
}

/// What a clause that takes the message does, from its body expression (its pattern's
/// variables bound).
pub(super) type Body<'l> = dyn FnMut(&mut Lowering<'_>, &ast::Expr) -> Term + 'l;

impl Shape {
    /// Whether the shape is a small integer: no start-up value is needed to pass it.
    fn is_immediate(&self) -> bool {
        matches!(self, Shape::Any | Shape::Kind(_) | Shape::Nil)
    }

    /// The Mote value the runtime reads: record labels renumbered by `label` (lowering's
    /// numbers to the program's), the fields sorted by the new numbers.
    pub(super) fn term(&self, label: &dyn Fn(Label) -> Label) -> Term {
        match self {
            Shape::Any => int(0),
            Shape::Kind(k) => int(*k),
            Shape::Nil => int(tag::NIL),
            Shape::Tuple(items) => {
                Term::Tuple(vec![int(tag::TUPLE), list(items.iter().map(|s| s.term(label)).collect())])
            }
            Shape::Ctor(c, fields) => {
                Term::Tuple(vec![int(tag::CTOR), int(c.0), list(fields.iter().map(|s| s.term(label)).collect())])
            }
            Shape::Record(fields) => {
                let mut fields: Vec<(Label, &Shape)> = fields.iter().map(|(l, s)| (label(*l), s)).collect();
                fields.sort_by_key(|(l, _)| *l);
                let entries = fields.into_iter().map(|(l, s)| Term::Tuple(vec![int(l.0), s.term(label)])).collect();
                Term::Tuple(vec![int(tag::RECORD), list(entries)])
            }
            Shape::Cons(head, tail) => Term::Tuple(vec![int(tag::CONS), head.term(label), tail.term(label)]),
            Shape::Exact(word) => Term::Tuple(vec![int(tag::EXACT), Term::Lit(word.lit())]),
            Shape::AnyOf(shapes) => {
                Term::Tuple(vec![int(tag::ANY_OF), list(shapes.iter().map(|s| s.term(label)).collect())])
            }
        }
    }
}

impl<'db> Lowering<'db> {
    /// `receive alts after …` as an `IO` action (see the module documentation).
    pub(super) fn receive(&mut self, m: usize, span: Span, alts: &[ast::Alt], after: Option<&ast::After>) -> Term {
        let world = self.fresh.var();
        let filter = self.receive_filter(m, alts);
        // With one clause, the runtime's filter is its shape: the matches need not test it.
        let checked = alts.len() == 1;
        // The matcher: whether some clause, guards included, takes the message; none when the
        // filter decides alone.
        let matcher_term = if alts.iter().all(|alt| self.decided_by_shape(m, alt)) {
            Term::Lit(Lit::Unit)
        } else {
            let msg = self.fresh.var();
            let mut accept = |_: &mut Lowering<'_>, _: &ast::Expr| Term::bool(true);
            let accepts = self.receive_clauses(m, msg, alts, checked, Term::bool(false), &mut accept);
            Term::Lam(vec![msg], Box::new(accepts))
        };
        let matcher = self.fresh.var();
        // The message taken, matched again to run its clause.
        let received = self.fresh.var();
        let mut run = |me: &mut Lowering<'_>, body: &ast::Expr| {
            let action = me.expr(m, body);
            Term::app(action, vec![Term::Var(world)])
        };
        let fail = Term::Fail(self.location(m, span));
        let taken = self.receive_clauses(m, received, alts, checked, fail, &mut run);
        let body = match after {
            None => Term::let_(received, Term::Prim(Prim::Receive, vec![Term::Var(matcher), filter]), taken),
            Some(after) => {
                let timeout = self.fresh.var();
                let timed_out = self.fresh.var();
                let on_timeout = self.expr(m, &after.body);
                let on_timeout = Term::app(on_timeout, vec![Term::Var(world)]);
                let wait = Term::Prim(Prim::ReceiveAfter, vec![Term::Var(matcher), filter, Term::Var(timeout)]);
                let check =
                    Term::Switch(timed_out, vec![(Test::Ctor(CtorId::TRUE), on_timeout)], Some(Box::new(taken)));
                let body = Term::let_(
                    received,
                    wait,
                    Term::let_(timed_out, Term::Prim(Prim::TimedOut, vec![Term::Var(received)]), check),
                );
                // The timeout is computed before the wait, each time the action runs.
                let t = self.expr(m, &after.timeout);
                Term::let_(timeout, t, body)
            }
        };
        let body = Term::let_(matcher, matcher_term, body);
        Term::Lam(vec![world], Box::new(body))
    }

    /// The filter operand: the shape of the messages some clause may take (see the module
    /// documentation).
    fn receive_filter(&mut self, m: usize, alts: &[ast::Alt]) -> Term {
        let mut shapes: Vec<Shape> = Vec::new();
        for alt in alts {
            // A clause of several patterns (not written by the parser) filters nothing.
            let shape = match alt.pats.as_slice() {
                [pat] => self.shape(m, pat),
                _ => Shape::Any,
            };
            if shape == Shape::Any {
                return self.shape_value(m, Shape::Any);
            }
            if !shapes.contains(&shape) {
                shapes.push(shape);
            }
        }
        let filter = match shapes.len() {
            // No clause takes any message.
            0 => Shape::AnyOf(Vec::new()),
            1 => shapes.pop().expect("one shape"),
            _ => Shape::AnyOf(shapes),
        };
        self.shape_value(m, filter)
    }

    /// Whether a clause takes exactly the messages of its shape: no guards, and a pattern that
    /// tests nothing a shape does not (see [`Lowering::shape_decides`]).
    fn decided_by_shape(&mut self, m: usize, alt: &ast::Alt) -> bool {
        matches!(alt.rhs, Rhs::Plain(_)) && matches!(alt.pats.as_slice(), [pat] if self.shape_decides(m, pat))
    }

    /// Whether a value has the pattern's [`Shape`] exactly when the pattern matches it.
    fn shape_decides(&mut self, m: usize, pat: &ast::Pat) -> bool {
        match &pat.kind {
            PatKind::Wildcard | PatKind::Var(_) => true,
            PatKind::Error => false,
            PatKind::As(_, p) | PatKind::Typed(p, _) => self.shape_decides(m, p),
            PatKind::Lit(_) => matches!(self.shape(m, pat), Shape::Exact(_)),
            PatKind::Con(name, args) => {
                self.ctor_of(m, name).is_some() && args.iter().all(|p| self.shape_decides(m, p))
            }
            PatKind::Tuple(items) | PatKind::List(items) => items.iter().all(|p| self.shape_decides(m, p)),
            PatKind::Cons(h, t) => self.shape_decides(m, h) && self.shape_decides(m, t),
            PatKind::ListCons(items, tail) => {
                items.iter().all(|p| self.shape_decides(m, p)) && self.shape_decides(m, tail)
            }
            PatKind::Record(fields) => fields.iter().all(|f| f.pat.as_ref().is_none_or(|p| self.shape_decides(m, p))),
            PatKind::Map(_) | PatKind::Binary(_) => false,
        }
    }

    /// The clauses tried in order on `msg`: each checks the message's shape (unless `checked`:
    /// the runtime has), matches its pattern, then its guards; `leaf` builds what runs when a
    /// clause takes the message (from the clause's body, its pattern's variables bound), `none`
    /// what runs when none does.
    fn receive_clauses(
        &mut self,
        m: usize,
        msg: Var,
        alts: &[ast::Alt],
        checked: bool,
        none: Term,
        leaf: &mut Body<'_>,
    ) -> Term {
        let Some((alt, rest)) = alts.split_first() else { return none };
        if rest.is_empty() {
            return self.receive_clause(m, msg, alt, checked, none, leaf);
        }
        let next = self.fresh.join();
        let others = self.receive_clauses(m, msg, rest, checked, none, leaf);
        let this = self.receive_clause(m, msg, alt, checked, Term::Jump(next, Vec::new()), leaf);
        Term::Join(next, Vec::new(), Box::new(others), Box::new(this))
    }

    /// One clause on `msg`; `fail` (cheap to copy) when it does not take the message.
    fn receive_clause(
        &mut self,
        m: usize,
        msg: Var,
        alt: &ast::Alt,
        checked: bool,
        fail: Term,
        leaf: &mut Body<'_>,
    ) -> Term {
        // Every pattern of the clause is matched against the message.
        let row = Row {
            pats: alt.pats.iter().map(|p| self.pattern(m, p)).collect(),
            binds: Vec::new(),
            clause: 0,
            guarded: matches!(alt.rhs, Rhs::Guarded(_)),
        };
        let occs = vec![msg; alt.pats.len()];
        let mut body = |me: &mut Lowering<'_>, _: usize, fail: Term| match &alt.rhs {
            Rhs::Plain(e) => leaf(me, e),
            Rhs::Guarded(alts) => me.guarded_with(m, alts, fail, leaf),
        };
        let mut matched = self.decision(m, occs, vec![row], fail.clone(), &mut body);
        if checked && alt.pats.len() == 1 {
            return matched;
        }
        for pat in alt.pats.iter().rev() {
            let shape = self.shape(m, pat);
            if shape == Shape::Any {
                continue;
            }
            let shape = self.shape_value(m, shape);
            let ok = self.fresh.var();
            matched = Term::let_(
                ok,
                Term::Prim(Prim::Shape, vec![Term::Var(msg), shape]),
                Term::Switch(ok, vec![(Test::Ctor(CtorId::TRUE), matched)], Some(Box::new(fail.clone()))),
            );
        }
        matched
    }

    /// The shape a pattern's typed match needs the value to have.
    pub(super) fn shape(&mut self, m: usize, pat: &ast::Pat) -> Shape {
        let list = |items: Vec<Shape>, tail: Shape| {
            items.into_iter().rev().fold(tail, |acc, s| Shape::Cons(Box::new(s), Box::new(acc)))
        };
        match &pat.kind {
            PatKind::Wildcard | PatKind::Error | PatKind::Var(_) => Shape::Any,
            PatKind::As(_, p) => self.shape(m, p),
            // `(n :: Integer)`: nothing reads the value, but the body takes it for an Integer.
            PatKind::Typed(p, ty) => match self.shape(m, p) {
                Shape::Any => self.type_shape(m, ty),
                shape => shape,
            },
            PatKind::Lit(l) => match l {
                Literal::Int(n) if is_small(n) => Shape::Exact(Immediate::Int(n.clone())),
                Literal::Int(_) => Shape::Kind(kind::INTEGER),
                Literal::Float(_) => Shape::Kind(kind::FLOAT),
                Literal::Char(c) => Shape::Exact(Immediate::Char(*c)),
                Literal::Atom(a) => Shape::Exact(Immediate::Atom(a.clone())),
                Literal::String(_) => Shape::Kind(kind::STRING),
                Literal::Bool(b) => Shape::Exact(Immediate::Bool(*b)),
            },
            PatKind::Con(name, args) => {
                let fields: Vec<Shape> = args.iter().map(|p| self.shape(m, p)).collect();
                match self.ctor_of(m, name) {
                    Some(CtorId::FALSE) => Shape::Exact(Immediate::Bool(false)),
                    Some(CtorId::TRUE) => Shape::Exact(Immediate::Bool(true)),
                    Some(CtorId::UNIT) => Shape::Kind(kind::UNIT),
                    Some(CtorId::NIL) => Shape::Nil,
                    Some(CtorId::CONS) => {
                        let mut fields = fields.into_iter();
                        let head = fields.next().unwrap_or(Shape::Any);
                        let tail = fields.next().unwrap_or(Shape::Any);
                        Shape::Cons(Box::new(head), Box::new(tail))
                    }
                    Some(c) => Shape::Ctor(c, fields),
                    // A name the checker could not resolve: the match tests nothing either.
                    None => Shape::Any,
                }
            }
            PatKind::Tuple(items) if items.is_empty() => Shape::Kind(kind::UNIT),
            PatKind::Tuple(items) => Shape::Tuple(items.iter().map(|p| self.shape(m, p)).collect()),
            PatKind::List(items) => {
                let items = items.iter().map(|p| self.shape(m, p)).collect();
                list(items, Shape::Nil)
            }
            PatKind::Cons(h, t) => Shape::Cons(Box::new(self.shape(m, h)), Box::new(self.shape(m, t))),
            PatKind::ListCons(items, tail) => {
                let items = items.iter().map(|p| self.shape(m, p)).collect();
                let tail = self.shape(m, tail);
                list(items, tail)
            }
            PatKind::Record(fields) => Shape::Record(
                fields
                    .iter()
                    .map(|f| {
                        let s = f.pat.as_ref().map_or(Shape::Any, |p| self.shape(m, p));
                        (self.label(&f.name.name), s)
                    })
                    .collect(),
            ),
            PatKind::Map(_) => Shape::Kind(kind::MAP),
            PatKind::Binary(_) => Shape::Kind(kind::BINARY),
        }
    }

    /// The shape of the values of a built-in type written in a pattern's annotation; `Any`
    /// for other types, whose patterns say what they test.
    fn type_shape(&self, m: usize, ty: &ast::Type) -> Shape {
        let TypeKind::Con(name) = &ty.kind else { return Shape::Any };
        let Some(Target::Def(def)) = self.modules[m].references.get(&name.span) else { return Shape::Any };
        if def.module != PRIM || def.namespace != Namespace::Type {
            return Shape::Any;
        }
        let kind = match def.name.as_str() {
            prim::INTEGER => kind::INTEGER,
            prim::FLOAT => kind::FLOAT,
            prim::CHAR => kind::CHAR,
            prim::ATOM => kind::ATOM,
            prim::STRING => kind::STRING,
            prim::BINARY => kind::BINARY,
            prim::MAP => kind::MAP,
            prim::BOOLEAN => kind::BOOLEAN,
            prim::UNIT => kind::UNIT,
            _ => return Shape::Any,
        };
        Shape::Kind(kind)
    }

    /// A shape as an operand: a small integer, or a start-up global (one per distinct shape,
    /// built when the program's labels are numbered, see `Lowering::finish`).
    fn shape_value(&mut self, m: usize, shape: Shape) -> Term {
        if shape.is_immediate() {
            return shape.term(&|l| l);
        }
        if let Some(&g) = self.shapes.get(&shape) {
            return Term::Global(g);
        }
        // `$` keeps the name apart from Mote's names.
        let name = format!("{}.receive$shape{}", self.modules[m].name, self.shapes.len());
        let g = self.new_global(name);
        self.shapes.insert(shape, g);
        Term::Global(g)
    }
}
