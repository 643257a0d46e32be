//! Pattern matching compiled to decision trees (Maranget, "Compiling pattern matching to
//! good decision trees", 2008): the clause matrix is split on one column at a time, each
//! scrutinee part is tested once per path, and a clause's body is reached without re-testing
//! what earlier tests established. Map and binary patterns, which test by lookup and by
//! reading a size, are matched one after the other inside the row that has them.

use num_bigint::BigInt;

use super::Lowering;
use crate::core::ir::{CtorId, Label, Lit, Prim, Test, Var};
use crate::core::term::Term;
use crate::resolve::{Namespace, Target};
use crate::span::Span;
use crate::syntax::ast::{self, Literal, PatKind};

/// A pattern, with the sugar gone.
#[derive(Clone, Debug)]
pub(super) enum P<'a> {
    Any,
    /// A variable (or `x@p`): binds the value at this span, then matches `p`.
    Bind(Span, Box<P<'a>>),
    Ctor(CtorId, Vec<P<'a>>),
    Tuple(Vec<P<'a>>),
    Lit(Lit),
    Record(Vec<(Label, P<'a>)>),
    /// A map or binary pattern: matched on its own.
    Sequential(&'a ast::Pat),
}

/// One row of the clause matrix.
#[derive(Clone, Debug)]
pub(super) struct Row<'a> {
    pub pats: Vec<P<'a>>,
    pub binds: Vec<(Span, Var)>,
    /// Which clause the row comes from.
    pub clause: usize,
    /// Whether the clause has guards, which may fail and fall through to the next rows.
    pub guarded: bool,
}

/// What reaching a clause does: the clause's index, the variables its patterns bound, and
/// where to go when its guards all fail.
pub(super) type Leaf<'l> = dyn FnMut(&mut Lowering<'_>, usize, Term) -> Term + 'l;

fn literal(lit: &Literal) -> Lit {
    match lit {
        Literal::Int(n) => Lit::Int(n.clone()),
        Literal::Float(f) => Lit::Float(*f),
        Literal::Char(c) => Lit::Char(*c),
        Literal::String(s) => Lit::String(s.as_str().into()),
        Literal::Atom(a) => Lit::Atom(a.as_str().into()),
        Literal::Bool(b) => Lit::Bool(*b),
    }
}

/// The Core literal for a source literal.
pub(super) fn lit(l: &Literal) -> Lit {
    literal(l)
}

impl<'db> Lowering<'db> {
    /// The simplified form of a source pattern.
    pub(super) fn pattern<'a>(&mut self, m: usize, pat: &'a ast::Pat) -> P<'a> {
        let list = |items: Vec<P<'a>>, tail: P<'a>| {
            items.into_iter().rev().fold(tail, |acc, p| P::Ctor(CtorId::CONS, vec![p, acc]))
        };
        match &pat.kind {
            PatKind::Wildcard | PatKind::Error => P::Any,
            PatKind::Var(v) => P::Bind(v.span, Box::new(P::Any)),
            PatKind::As(v, p) => P::Bind(v.span, Box::new(self.pattern(m, p))),
            PatKind::Lit(Literal::Bool(b)) => P::Ctor(if *b { CtorId::TRUE } else { CtorId::FALSE }, Vec::new()),
            PatKind::Lit(l) => P::Lit(literal(l)),
            PatKind::Con(name, args) => {
                let args = args.iter().map(|p| self.pattern(m, p)).collect();
                match self.ctor_of(m, name) {
                    Some(c) => P::Ctor(c, args),
                    None => P::Any,
                }
            }
            PatKind::Tuple(items) if items.is_empty() => P::Any,
            PatKind::Tuple(items) => P::Tuple(items.iter().map(|p| self.pattern(m, p)).collect()),
            PatKind::List(items) => {
                let items = items.iter().map(|p| self.pattern(m, p)).collect();
                list(items, P::Ctor(CtorId::NIL, Vec::new()))
            }
            PatKind::Cons(h, t) => P::Ctor(CtorId::CONS, vec![self.pattern(m, h), self.pattern(m, t)]),
            PatKind::ListCons(items, tail) => {
                let items = items.iter().map(|p| self.pattern(m, p)).collect();
                let tail = self.pattern(m, tail);
                list(items, tail)
            }
            PatKind::Record(fields) => {
                let mut out: Vec<(Label, P<'a>)> = fields
                    .iter()
                    .map(|f| {
                        let p = match &f.pat {
                            Some(p) => self.pattern(m, p),
                            None => P::Bind(f.name.span, Box::new(P::Any)),
                        };
                        (self.label(&f.name.name), p)
                    })
                    .collect();
                out.sort_by_key(|(l, _)| *l);
                P::Record(out)
            }
            PatKind::Map(_) | PatKind::Binary(_) => P::Sequential(pat),
            PatKind::Typed(p, _) => self.pattern(m, p),
        }
    }

    /// The constructor a name in module `m` refers to.
    pub(super) fn ctor_of(&self, m: usize, name: &ast::Name) -> Option<CtorId> {
        if name.qualifier.is_none() && name.name == ":" {
            return Some(CtorId::CONS);
        }
        match self.modules[m].references.get(&name.span) {
            Some(Target::Def(def)) if def.namespace == Namespace::Constructor => self.ctors.get(def).copied(),
            Some(Target::Def(def)) => {
                let target = self.alias_target(def)?;
                self.ctors.get(target).copied()
            }
            _ => None,
        }
    }

    /// Compiles the clause matrix `rows` over the scrutinee variables `occs`. `fail` (a jump
    /// or a match failure: cheap to copy) runs when no row matches.
    pub(super) fn decision(
        &mut self,
        m: usize,
        occs: Vec<Var>,
        mut rows: Vec<Row<'_>>,
        fail: Term,
        leaf: &mut Leaf<'_>,
    ) -> Term {
        if rows.is_empty() {
            return fail;
        }
        for row in &mut rows {
            peel(row, &occs);
        }
        let Some(col) = rows[0].pats.iter().position(|p| !matches!(p, P::Any)) else {
            // The first row matches: its guards may still fail, falling to the rest.
            let first = rows.remove(0);
            return self.reach(m, first, occs, rows, fail, leaf);
        };
        let o = occs[col];
        match &rows[0].pats[col] {
            P::Tuple(items) => {
                let n = items.len();
                let fields: Vec<Var> = (0..n).map(|_| self.fresh.var()).collect();
                let rows = rows
                    .into_iter()
                    .map(|mut r| {
                        let p = std::mem::replace(&mut r.pats[col], P::Any);
                        let subs = match p {
                            P::Tuple(items) => items,
                            _ => vec![P::Any; n],
                        };
                        r.pats.splice(col..=col, subs);
                        r
                    })
                    .collect();
                let mut new_occs = occs.clone();
                new_occs.splice(col..=col, fields.iter().copied());
                let body = self.decision(m, new_occs, rows, fail, leaf);
                bind_fields(&fields, body, |i| Term::Field(o, i))
            }
            P::Record(_) => {
                let mut labels: Vec<Label> = Vec::new();
                for r in &rows {
                    if let P::Record(fs) = &r.pats[col] {
                        labels.extend(fs.iter().map(|(l, _)| *l));
                    }
                }
                labels.sort();
                labels.dedup();
                let fields: Vec<Var> = labels.iter().map(|_| self.fresh.var()).collect();
                let rows = rows
                    .into_iter()
                    .map(|mut r| {
                        let p = std::mem::replace(&mut r.pats[col], P::Any);
                        let subs: Vec<P<'_>> = match p {
                            P::Record(fs) => labels
                                .iter()
                                .map(|l| fs.iter().find(|(k, _)| k == l).map_or(P::Any, |(_, p)| p.clone()))
                                .collect(),
                            _ => vec![P::Any; labels.len()],
                        };
                        r.pats.splice(col..=col, subs);
                        r
                    })
                    .collect();
                let mut new_occs = occs.clone();
                new_occs.splice(col..=col, fields.iter().copied());
                let body = self.decision(m, new_occs, rows, fail, leaf);
                let labels2 = labels.clone();
                bind_fields(&fields, body, |i| Term::Get(Box::new(Term::Var(o)), labels2[i as usize]))
            }
            P::Ctor(first, _) => {
                let ty = self.constructors[first.0 as usize].ty.clone();
                let all = self.type_ctors.get(&ty).cloned().unwrap_or_default();
                let mut seen: Vec<CtorId> = Vec::new();
                for r in &rows {
                    if let P::Ctor(c, _) = &r.pats[col]
                        && !seen.contains(c)
                    {
                        seen.push(*c);
                    }
                }
                let mut arms = Vec::new();
                for &c in &seen {
                    let arity = self.constructors[c.0 as usize].arity as usize;
                    let fields: Vec<Var> = (0..arity).map(|_| self.fresh.var()).collect();
                    let specialised: Vec<Row<'_>> = rows
                        .iter()
                        .filter_map(|r| {
                            let subs = match &r.pats[col] {
                                P::Ctor(k, ps) if *k == c => ps.clone(),
                                P::Ctor(..) => return None,
                                _ => vec![P::Any; arity],
                            };
                            let mut r = r.clone();
                            r.pats.splice(col..=col, subs);
                            Some(r)
                        })
                        .collect();
                    let mut new_occs = occs.clone();
                    new_occs.splice(col..=col, fields.iter().copied());
                    let body = self.decision(m, new_occs, specialised, fail.clone(), leaf);
                    arms.push((Test::Ctor(c), bind_fields(&fields, body, |i| Term::Field(o, i))));
                }
                let complete = !all.is_empty() && all.iter().all(|c| seen.contains(c));
                let default = if complete {
                    None
                } else {
                    let rest: Vec<Row<'_>> = rows.into_iter().filter(|r| !matches!(r.pats[col], P::Ctor(..))).collect();
                    Some(Box::new(self.decision(m, occs, rest, fail, leaf)))
                };
                Term::Switch(o, arms, default)
            }
            P::Lit(_) => {
                let mut seen: Vec<Lit> = Vec::new();
                for r in &rows {
                    if let P::Lit(l) = &r.pats[col]
                        && !seen.contains(l)
                    {
                        seen.push(l.clone());
                    }
                }
                let mut arms = Vec::new();
                for l in &seen {
                    let specialised: Vec<Row<'_>> = rows
                        .iter()
                        .filter_map(|r| match &r.pats[col] {
                            P::Lit(k) if k == l => {
                                let mut r = r.clone();
                                r.pats[col] = P::Any;
                                Some(r)
                            }
                            P::Lit(_) => None,
                            _ => Some(r.clone()),
                        })
                        .collect();
                    let body = self.decision(m, occs.clone(), specialised, fail.clone(), leaf);
                    arms.push((Test::Lit(l.clone()), body));
                }
                let rest: Vec<Row<'_>> = rows.into_iter().filter(|r| !matches!(r.pats[col], P::Lit(_))).collect();
                let default = self.decision(m, occs, rest, fail, leaf);
                Term::Switch(o, arms, Some(Box::new(default)))
            }
            P::Sequential(pat) => {
                // This row alone: its map or binary pattern, then the rest of its columns;
                // the other rows when it fails.
                let pat = *pat;
                let mut first = rows.remove(0);
                first.pats[col] = P::Any;
                let j = self.fresh.join();
                let others = self.decision(m, occs.clone(), rows, fail, leaf);
                let mut then = |me: &mut Lowering<'_>| {
                    me.decision(m, occs.clone(), vec![first.clone()], Term::Jump(j, Vec::new()), leaf)
                };
                let test = self.sequential(m, o, pat, Term::Jump(j, Vec::new()), &mut then);
                Term::Join(j, Vec::new(), Box::new(others), Box::new(test))
            }
            P::Any | P::Bind(..) => unreachable!("peel leaves neither `Any` chosen nor a `Bind`"),
        }
    }

    /// Reaching `row`'s clause; `rest` is tried when its guards fail.
    fn reach(
        &mut self,
        m: usize,
        row: Row<'_>,
        occs: Vec<Var>,
        rest: Vec<Row<'_>>,
        fail: Term,
        leaf: &mut Leaf<'_>,
    ) -> Term {
        for (span, v) in &row.binds {
            self.locals.insert(*span, *v);
        }
        if rest.is_empty() || !row.guarded {
            return leaf(self, row.clause, fail);
        }
        let j = self.fresh.join();
        let others = self.decision(m, occs, rest, fail, leaf);
        for (span, v) in &row.binds {
            self.locals.insert(*span, *v);
        }
        let body = leaf(self, row.clause, Term::Jump(j, Vec::new()));
        Term::Join(j, Vec::new(), Box::new(others), Box::new(body))
    }

    /// Matches `value` against one pattern, test after test; `then` builds what runs when it
    /// matches (with the pattern's variables bound), `fail` runs when it does not.
    pub(super) fn match_one(
        &mut self,
        m: usize,
        value: Var,
        pat: &ast::Pat,
        fail: Term,
        then: &mut dyn FnMut(&mut Lowering<'_>) -> Term,
    ) -> Term {
        let p = self.pattern(m, pat);
        let row = Row { pats: vec![p], binds: Vec::new(), clause: 0, guarded: false };
        let mut leaf = |me: &mut Lowering<'_>, _clause: usize, _fail: Term| then(me);
        self.decision(m, vec![value], vec![row], fail, &mut leaf)
    }

    /// A map or binary pattern on `value`.
    fn sequential(
        &mut self,
        m: usize,
        value: Var,
        pat: &ast::Pat,
        fail: Term,
        then: &mut dyn FnMut(&mut Lowering<'_>) -> Term,
    ) -> Term {
        match &pat.kind {
            PatKind::Map(entries) => self.map_entries(m, value, entries, fail, then),
            PatKind::Binary(segments) => self.binary_segments(m, value, segments, BigInt::from(0), fail, then),
            _ => then(self),
        }
    }

    fn map_entries(
        &mut self,
        m: usize,
        map: Var,
        entries: &[(Literal, ast::Pat)],
        fail: Term,
        then: &mut dyn FnMut(&mut Lowering<'_>) -> Term,
    ) -> Term {
        let Some(((key, pat), rest)) = entries.split_first() else { return then(self) };
        // `mapLookup k m` is `[v]` or `[]`.
        let found = self.fresh.var();
        let v = self.fresh.var();
        let lookup = Term::Prim(Prim::Foreign("mapLookup".into()), vec![Term::Lit(literal(key)), Term::Var(map)]);
        let fail2 = fail.clone();
        let mut inner = |me: &mut Lowering<'_>| me.map_entries(m, map, rest, fail2.clone(), then);
        let matched = self.match_one(m, v, pat, fail.clone(), &mut inner);
        let cons = bind_fields(&[v], matched, |i| Term::Field(found, i));
        Term::let_(found, lookup, Term::Switch(found, vec![(Test::Ctor(CtorId::CONS), cons)], Some(Box::new(fail))))
    }

    /// Binary segments from byte `offset` (an Integer expression) on.
    fn binary_segments(
        &mut self,
        m: usize,
        bin: Var,
        segments: &[ast::Segment<ast::Pat>],
        offset: BigInt,
        fail: Term,
        then: &mut dyn FnMut(&mut Lowering<'_>) -> Term,
    ) -> Term {
        self.segments_from(m, bin, segments, Term::Lit(Lit::Int(offset)), fail, then)
    }

    fn segments_from(
        &mut self,
        m: usize,
        bin: Var,
        segments: &[ast::Segment<ast::Pat>],
        offset: Term,
        fail: Term,
        then: &mut dyn FnMut(&mut Lowering<'_>) -> Term,
    ) -> Term {
        let size_var = self.fresh.var();
        let size_term = Term::Prim(Prim::Foreign("binarySize".into()), vec![Term::Var(bin)]);
        let Some((seg, rest)) = segments.split_first() else {
            // Every byte must be consumed.
            let done = self.fresh.var();
            let eq = Term::Prim(Prim::Foreign("intEq".into()), vec![Term::Var(size_var), offset]);
            let ok = then(self);
            return Term::let_(
                size_var,
                size_term,
                Term::let_(done, eq, Term::Switch(done, vec![(Test::Ctor(CtorId::TRUE), ok)], Some(Box::new(fail)))),
            );
        };
        let spec = |n: &str| seg.specs.iter().any(|s| s.name == n);
        let is_binary = spec("binary") || spec("bytes") || spec("bits");
        let is_float = spec("float");
        let flags = i64::from(spec("little")) | (i64::from(spec("signed")) << 1);
        let off = self.fresh.var();
        // The segment's length in bytes: its size (bits for numbers, bytes for binaries), the
        // rest of the binary for a last `/binary` without one.
        let len = self.fresh.var();
        let len_term = match (&seg.size, is_binary) {
            (Some(size), true) => self.expr(m, size),
            (Some(size), false) => {
                let bits = self.expr(m, size);
                Term::Prim(Prim::Foreign("intDiv".into()), vec![bits, Term::Lit(Lit::Int(8.into()))])
            }
            (None, true) => Term::Prim(Prim::Foreign("intSub".into()), vec![Term::Var(size_var), Term::Var(off)]),
            (None, false) => Term::Lit(Lit::Int(if is_float { 8 } else { 1 }.into())),
        };
        let end = self.fresh.var();
        let fits = self.fresh.var();
        let value = self.fresh.var();
        let read = if is_binary {
            Term::Prim(Prim::Foreign("binarySlice".into()), vec![Term::Var(bin), Term::Var(off), Term::Var(len)])
        } else {
            let bits = Term::Prim(Prim::Foreign("intMul".into()), vec![Term::Var(len), Term::Lit(Lit::Int(8.into()))]);
            let name = if is_float { "binaryGetFloat" } else { "binaryGetInt" };
            Term::Prim(
                Prim::Foreign(name.into()),
                vec![Term::Var(bin), Term::Var(off), bits, Term::Lit(Lit::Int(flags.into()))],
            )
        };
        let fail2 = fail.clone();
        let mut next = |me: &mut Lowering<'_>| me.segments_from(m, bin, rest, Term::Var(end), fail2.clone(), then);
        let matched = match &seg.value.kind {
            PatKind::Lit(Literal::String(s)) => {
                // A string segment matches its UTF-8 bytes.
                let want = self.fresh.var();
                let same = self.fresh.var();
                let bytes =
                    Term::Prim(Prim::Foreign("stringToUtf8".into()), vec![Term::Lit(Lit::String(s.as_str().into()))]);
                let slice = Term::Prim(
                    Prim::Foreign("binarySlice".into()),
                    vec![Term::Var(bin), Term::Var(off), Term::Var(len)],
                );
                let cont = next(self);
                Term::let_(
                    want,
                    bytes,
                    Term::let_(
                        value,
                        slice,
                        Term::let_(
                            same,
                            Term::Prim(Prim::Foreign("binaryEq".into()), vec![Term::Var(want), Term::Var(value)]),
                            Term::Switch(same, vec![(Test::Ctor(CtorId::TRUE), cont)], Some(Box::new(fail.clone()))),
                        ),
                    ),
                )
            }
            _ => Term::let_(value, read, self.match_one(m, value, &seg.value, fail.clone(), &mut next)),
        };
        let len_term = match &seg.value.kind {
            PatKind::Lit(Literal::String(s)) => Term::Lit(Lit::Int(s.len().into())),
            _ => len_term,
        };
        Term::let_(
            off,
            offset,
            Term::let_(
                size_var,
                size_term,
                Term::let_(
                    len,
                    len_term,
                    Term::let_(
                        end,
                        Term::Prim(Prim::Foreign("intAdd".into()), vec![Term::Var(off), Term::Var(len)]),
                        Term::let_(
                            fits,
                            Term::Prim(Prim::Foreign("intLe".into()), vec![Term::Var(end), Term::Var(size_var)]),
                            Term::Switch(fits, vec![(Test::Ctor(CtorId::TRUE), matched)], Some(Box::new(fail))),
                        ),
                    ),
                ),
            ),
        )
    }
}

/// Moves the variables and `x@p` bindings at the front of each column into the row's
/// bindings.
fn peel(row: &mut Row<'_>, occs: &[Var]) {
    for (i, p) in row.pats.iter_mut().enumerate() {
        while let P::Bind(span, inner) = p {
            row.binds.push((*span, occs[i]));
            let inner = std::mem::replace(&mut **inner, P::Any);
            *p = inner;
        }
    }
}

/// `let f0 = get(0) in let f1 = get(1) in … body`.
fn bind_fields(fields: &[Var], body: Term, get: impl Fn(u32) -> Term) -> Term {
    fields.iter().enumerate().rev().fold(body, |acc, (i, f)| Term::let_(*f, get(i as u32), acc))
}
