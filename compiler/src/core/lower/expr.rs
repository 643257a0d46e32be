//! Expressions, right-hand sides and local bindings to terms: every piece of sugar goes here.

use std::collections::HashMap;

use super::matching::{Row, lit};
use super::receive::Body;
use super::{Lowering, Top};
use crate::core::ir::{CtorId, Lit, Prim, Test, Var};
use crate::core::term::Term;
use crate::resolve::{Def, Namespace, Target};
use crate::span::Span;
use crate::syntax::ast::{self, Decl, DeclKind, Equation, ExprKind, Guard, Rhs, StmtKind, UpdateValue};
use crate::types::check::Dict;

/// Where a clause of a function or `case` goes once its patterns matched.
enum Clause<'a> {
    Equation(&'a Equation),
    Alt(&'a ast::Alt),
}

impl<'db> Lowering<'db> {
    /// A function (or value) defined by `equations`, with its dictionary parameters `dicts`
    /// (already registered): its parameters and body.
    pub(super) fn equations(&mut self, m: usize, equations: &[&Equation], dicts: Vec<Var>) -> (Vec<Var>, Term) {
        let first = equations[0];
        let args: Vec<Var> = first.args.iter().map(|_| self.fresh.var()).collect();
        let fail = Term::Fail(self.location(m, first.name.span));
        let body = if args.is_empty() && equations.len() == 1 {
            self.clause_body(m, &Clause::Equation(first), fail)
        } else {
            let rows: Vec<Row<'_>> = equations
                .iter()
                .enumerate()
                .map(|(i, eq)| Row {
                    pats: eq.args.iter().map(|p| self.pattern(m, p)).collect(),
                    binds: Vec::new(),
                    clause: i,
                    guarded: matches!(eq.rhs, Rhs::Guarded(_)),
                })
                .collect();
            let clauses: Vec<Clause<'_>> = equations.iter().map(|e| Clause::Equation(e)).collect();
            let mut leaf = |me: &mut Lowering<'_>, i: usize, fail: Term| me.clause_body(m, &clauses[i], fail);
            self.decision(m, args.clone(), rows, fail, &mut leaf)
        };
        (dicts.into_iter().chain(args).collect(), body)
    }

    /// A top-level binding: dictionary parameters registered under its name, then its equations.
    pub(super) fn binding(&mut self, m: usize, equations: &[&Equation]) -> (Vec<Var>, Term) {
        let owner = equations[0].name.span;
        let count = self.modules[m].elaboration.params.get(&owner).map_or(0, Vec::len);
        let dicts: Vec<Var> = (0..count).map(|_| self.fresh.var()).collect();
        // A recursive use may name any of the equations as its binder. In a group generalised
        // together, every member takes the same dictionaries, and the group's evidence names
        // its first member: inside this member, all of them mean this member's parameters.
        let elaboration = &self.modules[m].elaboration;
        let group = elaboration.groups.get(&owner).copied();
        let members: Vec<Span> = group
            .map(|g| elaboration.groups.iter().filter(|&(_, o)| *o == g).map(|(s, _)| *s).collect())
            .unwrap_or_default();
        for span in equations.iter().map(|eq| eq.name.span).chain(members) {
            self.dict_params.insert(span, dicts.clone());
        }
        self.equations(m, equations, dicts)
    }

    fn clause_body(&mut self, m: usize, clause: &Clause<'_>, fail: Term) -> Term {
        match clause {
            Clause::Equation(eq) => self.with_wheres(m, &eq.wheres, |me| me.rhs(m, &eq.rhs, fail)),
            Clause::Alt(alt) => self.rhs(m, &alt.rhs, fail),
        }
    }

    /// `= e`, or guarded alternatives tried in order; `fail` when every guard fails.
    pub(super) fn rhs(&mut self, m: usize, rhs: &Rhs, fail: Term) -> Term {
        match rhs {
            Rhs::Plain(e) => self.expr(m, e),
            Rhs::Guarded(alts) => self.guarded(m, alts, fail),
        }
    }

    fn guarded(&mut self, m: usize, alts: &[ast::GuardedExpr], fail: Term) -> Term {
        self.guarded_with(m, alts, fail, &mut |me: &mut Lowering<'_>, body: &ast::Expr| me.expr(m, body))
    }

    /// Guarded alternatives tried in order, `body` building what the first whose guards hold
    /// runs from its expression; `fail` when every guard fails.
    pub(super) fn guarded_with(
        &mut self,
        m: usize,
        alts: &[ast::GuardedExpr],
        fail: Term,
        body: &mut Body<'_>,
    ) -> Term {
        let Some((first, rest)) = alts.split_first() else { return fail };
        if rest.is_empty() {
            return self.guards(m, &first.guards, &first.body, fail, body);
        }
        let j = self.fresh.join();
        let others = self.guarded_with(m, rest, fail, body);
        let this = self.guards(m, &first.guards, &first.body, Term::Jump(j, Vec::new()), body);
        Term::Join(j, Vec::new(), Box::new(others), Box::new(this))
    }

    fn guards(&mut self, m: usize, guards: &[Guard], expr: &ast::Expr, fail: Term, body: &mut Body<'_>) -> Term {
        let Some((g, rest)) = guards.split_first() else { return body(self, expr) };
        match g {
            Guard::Bool(cond) => {
                let c = self.expr(m, cond);
                let b = self.fresh.var();
                let then = self.guards(m, rest, expr, fail.clone(), body);
                Term::let_(b, c, Term::Switch(b, vec![(Test::Ctor(CtorId::TRUE), then)], Some(Box::new(fail))))
            }
            Guard::Bind(pat, e) => {
                let value = self.expr(m, e);
                let v = self.fresh.var();
                let fail2 = fail.clone();
                let mut then = |me: &mut Lowering<'_>| me.guards(m, rest, expr, fail2.clone(), body);
                let matched = self.match_one(m, v, pat, fail, &mut then);
                Term::let_(v, value, matched)
            }
            Guard::Let(decls) => self.with_wheres(m, decls, |me| me.guards(m, rest, expr, fail, body)),
        }
    }

    /// Local bindings (`let`, `where`) around what `body` builds, in dependency order: each
    /// strongly connected group of functions is one `LetRec`, values are `Let`s.
    pub(super) fn with_wheres(&mut self, m: usize, decls: &[Decl], body: impl FnOnce(&mut Self) -> Term) -> Term {
        self.local_bindings(m, decls, Box::new(body))
    }

    #[allow(clippy::type_complexity)]
    fn local_bindings(&mut self, m: usize, decls: &[Decl], body: Box<dyn FnOnce(&mut Self) -> Term + '_>) -> Term {
        let units = crate::types::bindings::units(decls, &HashMap::new());
        let patterns: Vec<&Decl> = decls.iter().filter(|d| matches!(d.kind, DeclKind::PatternBinding { .. })).collect();
        if units.is_empty() && patterns.is_empty() {
            return body(self);
        }
        // Binders: each unit's name, each pattern binding's variables.
        enum Item<'a> {
            Unit(Vec<&'a Equation>, Span),
            Pattern(&'a Decl),
        }
        let mut items: Vec<Item<'_>> = Vec::new();
        let mut binder_of: HashMap<Span, usize> = HashMap::new();
        for u in &units {
            let eqs: Vec<&Equation> = u.equations.iter().map(|(e, _)| *e).collect();
            for e in &eqs {
                binder_of.insert(e.name.span, items.len());
            }
            items.push(Item::Unit(eqs, u.span));
        }
        for d in &patterns {
            if let DeclKind::PatternBinding { pat, .. } = &d.kind {
                let mut vars = Vec::new();
                crate::resolve::pattern_vars(pat, &mut vars);
                for (_, span) in vars {
                    binder_of.insert(span, items.len());
                }
            }
            items.push(Item::Pattern(d));
        }
        // Fresh variables for every binder first: bodies may refer to any of them.
        for item in &items {
            match item {
                Item::Unit(eqs, _) => {
                    let v = self.fresh.var();
                    for e in eqs {
                        self.locals.insert(e.name.span, v);
                    }
                }
                Item::Pattern(d) => {
                    if let DeclKind::PatternBinding { pat, .. } = &d.kind {
                        let mut vars = Vec::new();
                        crate::resolve::pattern_vars(pat, &mut vars);
                        for (_, span) in vars {
                            let v = self.fresh.var();
                            self.locals.insert(span, v);
                        }
                    }
                }
            }
        }
        // Dependencies: which items each item's text refers to.
        let refs = self.modules[m].references;
        let successors: Vec<Vec<usize>> = items
            .iter()
            .map(|i| match i {
                Item::Unit(eqs, _) => eqs.iter().map(|e| equation_extent(e)).collect::<Vec<Span>>(),
                Item::Pattern(d) => vec![d.span],
            })
            .map(|extents| {
                let mut out: Vec<usize> = Vec::new();
                for extent in extents {
                    for (_, target) in refs.range(
                        Span { start: extent.start, end: extent.start }..Span { start: extent.end, end: extent.end },
                    ) {
                        if let Target::Local(b) = target
                            && let Some(&i) = binder_of.get(b)
                            && !out.contains(&i)
                        {
                            out.push(i);
                        }
                    }
                }
                out
            })
            .collect();
        let groups = crate::graph::strongly_connected(&successors);
        // Build from the innermost (last group) outwards.
        let mut defs: Vec<Box<dyn FnOnce(&mut Self, Term) -> Term + '_>> = Vec::new();
        for group in groups {
            let functions: Vec<usize> = group
                .iter()
                .copied()
                .filter(|&i| matches!(&items[i], Item::Unit(eqs, _) if !eqs[0].args.is_empty() || self.has_dicts(m, eqs[0].name.span)))
                .collect();
            if !functions.is_empty() {
                let mut rec = Vec::new();
                for &i in &functions {
                    if let Item::Unit(eqs, owner) = &items[i] {
                        let v = self.locals[owner];
                        let (params, body) = self.binding(m, eqs);
                        rec.push((v, params, body));
                    }
                }
                defs.push(Box::new(move |_, rest| Term::LetRec(rec, Box::new(rest))));
            }
            for &i in &group {
                match &items[i] {
                    Item::Unit(eqs, owner) if !functions.contains(&i) => {
                        let v = self.locals[owner];
                        let (_, value) = self.binding(m, eqs);
                        defs.push(Box::new(move |_, rest| Term::let_(v, value, rest)));
                    }
                    Item::Pattern(d) => {
                        let DeclKind::PatternBinding { pat, rhs, wheres } = &d.kind else { continue };
                        let fail = Term::Fail(self.location(m, d.span));
                        let value = self.with_wheres(m, wheres, |me| me.rhs(m, rhs, fail.clone()));
                        let whole = self.fresh.var();
                        let mut vars = Vec::new();
                        crate::resolve::pattern_vars(pat, &mut vars);
                        let targets: Vec<Var> = vars.iter().map(|(_, s)| self.locals[s]).collect();
                        let spans: Vec<Span> = vars.iter().map(|(_, s)| *s).collect();
                        let pat = pat.clone();
                        defs.push(Box::new(move |me, rest| {
                            // Match, then bind each variable to what the pattern bound.
                            let j = me.fresh.join();
                            let mut then = |me: &mut Lowering<'_>| {
                                Term::Jump(j, spans.iter().map(|s| Term::Var(me.locals[s])).collect())
                            };
                            let matched = me.match_one(m, whole, &pat, fail, &mut then);
                            // Restore the names the rest of the scope uses.
                            for (s, t) in spans.iter().zip(&targets) {
                                me.locals.insert(*s, *t);
                            }
                            Term::let_(whole, value, Term::Join(j, targets.clone(), Box::new(rest), Box::new(matched)))
                        }));
                    }
                    _ => {}
                }
            }
        }
        let mut out = body(self);
        for def in defs.into_iter().rev() {
            out = def(self, out);
        }
        out
    }

    /// A recursive use of an overloaded binding inside its own definition: the type checker
    /// gives it no dictionaries (the use is monomorphic), so it passes on the binding's own.
    fn own_dicts(&self, owner: Span) -> Vec<Term> {
        self.dict_params.get(&owner).map(|vs| vs.iter().map(|v| Term::Var(*v)).collect()).unwrap_or_default()
    }

    fn has_dicts(&self, m: usize, owner: Span) -> bool {
        self.modules[m].elaboration.params.get(&owner).is_some_and(|p| !p.is_empty())
    }

    pub(super) fn expr(&mut self, m: usize, e: &ast::Expr) -> Term {
        match &e.kind {
            ExprKind::Var(name) => self.name(m, name),
            ExprKind::Con(name) => self.constructor(m, name, Vec::new()),
            ExprKind::Lit(l) => Term::Lit(lit(l)),
            ExprKind::App(..) => {
                let (head, args) = e.spine();
                let args: Vec<Term> = args.into_iter().map(|a| self.expr(m, a)).collect();
                match &head.kind {
                    ExprKind::Con(name) => self.constructor(m, name, args),
                    _ => {
                        let h = self.expr(m, head);
                        Term::app(h, args)
                    }
                }
            }
            ExprKind::OpChain(first, _) => self.expr(m, first),
            ExprKind::BinOp(op, l, r) => self.anonymous(m, &[l, r], |me, parts| {
                let [l, r]: [Term; 2] = parts.try_into().expect("two operands");
                me.operator(m, op, vec![l, r], op.name.span)
            }),
            ExprKind::Neg(inner) => {
                if let ExprKind::Lit(ast::Literal::Int(n)) = &inner.kind {
                    return Term::Lit(Lit::Int(-n.clone()));
                }
                if let ExprKind::Lit(ast::Literal::Float(f)) = &inner.kind {
                    return Term::Lit(Lit::Float(-f));
                }
                let x = self.expr(m, inner);
                let negate = self.global(m, &Def::new("Prelude", "negate", Namespace::Value), e.span);
                Term::app(negate, vec![x])
            }
            ExprKind::Lambda(pats, body) => {
                let params: Vec<Var> = pats.iter().map(|_| self.fresh.var()).collect();
                let fail = Term::Fail(self.location(m, e.span));
                let rows = vec![Row {
                    pats: pats.iter().map(|p| self.pattern(m, p)).collect(),
                    binds: Vec::new(),
                    clause: 0,
                    guarded: false,
                }];
                let mut leaf = |me: &mut Lowering<'_>, _: usize, _: Term| me.expr(m, body);
                let body = self.decision(m, params.clone(), rows, fail, &mut leaf);
                Term::Lam(params, Box::new(body))
            }
            ExprKind::Case(scrutinees, alts) => {
                let refs: Vec<&ast::Expr> = scrutinees.iter().collect();
                self.anonymous(m, &refs, |me, parts| {
                    let vars: Vec<Var> = parts.iter().map(|_| me.fresh.var()).collect();
                    let fail = Term::Fail(me.location(m, e.span));
                    let rows: Vec<Row<'_>> = alts
                        .iter()
                        .enumerate()
                        .map(|(i, a)| Row {
                            pats: a.pats.iter().map(|p| me.pattern(m, p)).collect(),
                            binds: Vec::new(),
                            clause: i,
                            guarded: matches!(a.rhs, Rhs::Guarded(_)),
                        })
                        .collect();
                    let clauses: Vec<Clause<'_>> = alts.iter().map(Clause::Alt).collect();
                    let mut leaf = |me: &mut Lowering<'_>, i: usize, fail: Term| me.clause_body(m, &clauses[i], fail);
                    let tree = me.decision(m, vars.clone(), rows, fail, &mut leaf);
                    vars.into_iter().zip(parts).rev().fold(tree, |acc, (v, t)| Term::let_(v, t, acc))
                })
            }
            ExprKind::If(c, t, f) => self.anonymous(m, &[c], |me, parts| {
                let b = me.fresh.var();
                let cond = parts.into_iter().next().expect("one condition");
                let then = me.expr(m, t);
                let otherwise = me.expr(m, f);
                Term::let_(b, cond, Term::Switch(b, vec![(Test::Ctor(CtorId::TRUE), then)], Some(Box::new(otherwise))))
            }),
            ExprKind::Let(decls, body) => self.with_wheres(m, decls, |me| me.expr(m, body)),
            ExprKind::Do(stmts) => self.do_block(m, e.span, stmts),
            ExprKind::Receive(alts, after) => self.receive(m, e.span, alts, after.as_ref()),
            ExprKind::Record(fields) => {
                let mut out: Vec<(crate::core::ir::Label, Term)> = fields
                    .iter()
                    .map(|f| {
                        let value = match &f.value {
                            Some(v) => self.expr(m, v),
                            None => self.name(m, &ast::Name::unqualified(f.name.name.clone(), f.name.span)),
                        };
                        (self.label(&f.name.name), value)
                    })
                    .collect();
                out.sort_by_key(|(l, _)| *l);
                Term::Record(out)
            }
            ExprKind::Access(record, field) => self.anonymous(m, &[record], |me, parts| {
                let r = parts.into_iter().next().expect("one record");
                Term::Get(Box::new(r), me.label(&field.name))
            }),
            ExprKind::Update(record, updates) => self.anonymous(m, &[record], |me, parts| {
                let r = parts.into_iter().next().expect("one record");
                let v = me.fresh.var();
                let updated = me.update(m, v, updates);
                Term::let_(v, r, updated)
            }),
            ExprKind::List(items) => {
                let items: Vec<Term> = items.iter().map(|i| self.expr(m, i)).collect();
                list(items)
            }
            ExprKind::ListCons(heads, tail) => {
                let heads: Vec<Term> = heads.iter().map(|i| self.expr(m, i)).collect();
                let tail = self.expr(m, tail);
                heads.into_iter().rev().fold(tail, |acc, h| Term::Con(CtorId::CONS, vec![h, acc]))
            }
            ExprKind::Range { from, then, to } => {
                let from = self.expr(m, from);
                let Some(to) = to else { return self.crash("an endless range `[a..]` has no end to stop at") };
                let to = self.expr(m, to);
                match then {
                    None => {
                        let range = self.global(m, &Def::new("Prelude", "range", Namespace::Value), e.span);
                        Term::app(range, vec![from, to])
                    }
                    Some(then) => {
                        let then = self.expr(m, then);
                        let range = self.global(m, &Def::new("Prelude", "rangeStep", Namespace::Value), e.span);
                        Term::app(range, vec![from, then, to])
                    }
                }
            }
            ExprKind::Comprehension(head, stmts) => {
                self.comprehension(m, head, stmts, Term::Con(CtorId::NIL, Vec::new()))
            }
            ExprKind::Tuple(items) if items.is_empty() => Term::Lit(Lit::Unit),
            ExprKind::Tuple(items) => Term::Tuple(items.iter().map(|i| self.expr(m, i)).collect()),
            ExprKind::Map(entries) => {
                let mut acc = Term::Prim(Prim::Foreign("mapEmpty".into()), Vec::new());
                for (k, v) in entries {
                    let k = self.expr(m, k);
                    let v = self.expr(m, v);
                    let prev = self.fresh.var();
                    acc = Term::let_(
                        prev,
                        acc,
                        Term::Prim(Prim::Foreign("mapInsert".into()), vec![k, v, Term::Var(prev)]),
                    );
                }
                acc
            }
            ExprKind::Binary(segments) => self.binary(m, segments),
            ExprKind::OpRef(op) => self.operator(m, op, Vec::new(), e.span),
            ExprKind::LeftSection(l, op) => {
                let l = self.expr(m, l);
                self.operator(m, op, vec![l], op.name.span)
            }
            ExprKind::RightSection(op, r) => {
                let r = self.expr(m, r);
                let v = self.fresh.var();
                let x = self.fresh.var();
                let applied = self.operator(m, op, vec![Term::Var(x), Term::Var(v)], op.name.span);
                Term::let_(v, r, Term::Lam(vec![x], Box::new(applied)))
            }
            ExprKind::Wildcard => Term::Lit(Lit::Unit),
            ExprKind::Hole(name) => self.crash(&format!("the typed hole ?{name} was reached")),
            ExprKind::Typed(inner, _) => self.expr(m, inner),
            ExprKind::Error => self.crash("this code did not parse"),
        }
    }

    pub(super) fn crash(&self, message: &str) -> Term {
        Term::Prim(Prim::Crash, vec![Term::Lit(Lit::String(message.into()))])
    }

    /// Operands that may be `_`: each `_` becomes a parameter of a lambda around the whole.
    fn anonymous(
        &mut self,
        m: usize,
        operands: &[&ast::Expr],
        build: impl FnOnce(&mut Self, Vec<Term>) -> Term,
    ) -> Term {
        let mut params = Vec::new();
        let parts: Vec<Term> = operands
            .iter()
            .map(|o| {
                if let ExprKind::Wildcard = o.kind {
                    let v = self.fresh.var();
                    params.push(v);
                    Term::Var(v)
                } else {
                    self.expr(m, o)
                }
            })
            .collect();
        let body = build(self, parts);
        if params.is_empty() { body } else { Term::Lam(params, Box::new(body)) }
    }

    /// A value name at a use.
    fn name(&mut self, m: usize, name: &ast::Name) -> Term {
        self.name_at(m, name, name.span)
    }

    /// A value name whose use the type checker filed at `span`.
    fn name_at(&mut self, m: usize, name: &ast::Name, span: Span) -> Term {
        match self.modules[m].references.get(&name.span).cloned() {
            Some(Target::Local(binder)) => {
                let v = self.locals.get(&binder).copied();
                let head = v.map_or(Term::Lit(Lit::Unit), Term::Var);
                let mut dicts = self.use_dicts(m, span);
                if dicts.is_empty() {
                    dicts = self.own_dicts(binder);
                }
                Term::app(head, dicts)
            }
            Some(Target::Def(def)) if def.namespace == Namespace::Constructor => self.constructor(m, name, Vec::new()),
            Some(Target::Def(def)) => self.global(m, &def, span),
            None => self.crash(&format!("`{}` is not defined", name.full())),
        }
    }

    /// The dictionaries a use at `span` receives.
    fn use_dicts(&mut self, m: usize, span: Span) -> Vec<Term> {
        let dicts = self.modules[m].elaboration.uses.get(&span).cloned().unwrap_or_default();
        dicts.iter().map(|d| self.dict(d)).collect()
    }

    /// A top-level value at a use (following operator aliases), with its dictionaries.
    pub(super) fn global(&mut self, m: usize, def: &Def, span: Span) -> Term {
        let mut def = def.clone();
        for _ in 0..8 {
            if let Some(c) = self.ctors.get(&def).copied() {
                return self.ctor_value(c, Vec::new());
            }
            if let Some(top) = self.tops.get(&def).cloned() {
                let dicts = self.modules[m].elaboration.uses.get(&span).cloned().unwrap_or_default();
                return match top {
                    Top::Fun(f) => {
                        let mut dicts: Vec<Term> = dicts.iter().map(|d| self.dict(d)).collect();
                        if dicts.is_empty()
                            && let Some(owner) = self.owners.get(&def).copied()
                        {
                            dicts = self.own_dicts(owner);
                        }
                        Term::app(Term::Fun(f), dicts)
                    }
                    Top::Global(g) => Term::Global(g),
                    Top::Method { class, field } => self.method(&class, field, &def.name, &dicts),
                };
            }
            let Some(next) = self.alias_target(&def) else {
                break;
            };
            def = next.clone();
        }
        self.crash(&format!("`{}.{}` has no definition", def.module, def.name))
    }

    /// A class method at a use: the instance's own function when the instance is known,
    /// else the field of the dictionary.
    fn method(&mut self, class: &std::sync::Arc<str>, field: u32, name: &str, dicts: &[Dict]) -> Term {
        let Some((first, rest)) = dicts.split_first() else {
            return self.crash(&format!("no dictionary for `{name}`"));
        };
        let rest: Vec<Term> = rest.iter().map(|d| self.dict(d)).collect();
        if let Dict::Instance { class: c, head, args } = first
            && c == class
            && let Some(super::InstanceImpl::Written { methods, .. }) =
                self.instances.get(&(c.clone(), head.clone())).cloned()
        {
            if let Some(top) = methods.get(name) {
                let ctx: Vec<Term> = args.iter().map(|d| self.dict(d)).collect();
                let head = match top {
                    Top::Fun(f) => Term::app(Term::Fun(*f), ctx),
                    Top::Global(g) => Term::Global(*g),
                    Top::Method { .. } => Term::Lit(Lit::Unit),
                };
                return Term::app(head, rest);
            }
            if let Some(&default) = self.defaults.get(&(class.clone(), name.to_string())) {
                let d = self.dict(first);
                return Term::app(Term::Fun(default), std::iter::once(d).chain(rest).collect());
            }
        }
        let d = self.dict(first);
        let v = self.fresh.var();
        Term::app(Term::let_(v, d, Term::Field(v, field)), rest)
    }

    /// A constructor applied to `args` (a function when it needs more).
    fn constructor(&mut self, m: usize, name: &ast::Name, args: Vec<Term>) -> Term {
        match self.ctor_of(m, name) {
            Some(c) => self.ctor_value(c, args),
            None => match self.modules[m].references.get(&name.span).cloned() {
                Some(Target::Def(def)) => {
                    let f = self.global(m, &def, name.span);
                    Term::app(f, args)
                }
                _ => self.crash(&format!("`{}` is not a constructor", name.full())),
            },
        }
    }

    pub(super) fn ctor_value(&mut self, c: CtorId, mut args: Vec<Term>) -> Term {
        let arity = self.constructors[c.0 as usize].arity as usize;
        if args.len() >= arity {
            let extra = args.split_off(arity);
            return Term::app(Term::Con(c, args), extra);
        }
        let f = match self.ctor_wrappers.get(&c) {
            Some(f) => *f,
            None => {
                let name = format!("{}.{}", self.constructors[c.0 as usize].ty, self.constructors[c.0 as usize].name);
                let f = self.new_function(name, arity);
                let params: Vec<Var> = (0..arity).map(|_| self.fresh.var()).collect();
                let body = Term::Con(c, params.iter().map(|v| Term::Var(*v)).collect());
                self.define_function(f, params, body);
                self.ctor_wrappers.insert(c, f);
                f
            }
        };
        Term::app(Term::Fun(f), args)
    }

    /// An operator applied to some operands.
    /// `span` is where the type checker filed the operator's use: the operator itself, or the
    /// whole `(+)`.
    fn operator(&mut self, m: usize, op: &ast::Operator, args: Vec<Term>, span: Span) -> Term {
        if op.name.qualifier.is_none() && op.name.name == ":" {
            return self.ctor_value(CtorId::CONS, args);
        }
        let head = match self.modules[m].references.get(&op.name.span).cloned() {
            Some(Target::Def(def)) if def.namespace == Namespace::Constructor => {
                return self.constructor(m, &op.name, args);
            }
            Some(Target::Def(def))
                if args.len() == 2
                    && def.module == "Prelude"
                    && ["&&", "||", "conj", "disj"].contains(&def.name.as_str()) =>
            {
                // `&&` and `||` on Booleans evaluate their right operand only when needed.
                let mut args = args.into_iter();
                let (l, r) = (args.next().expect("two operands"), args.next().expect("two operands"));
                let b = self.fresh.var();
                let (on_true, on_false) =
                    if def.name == "&&" || def.name == "conj" { (r, Term::bool(false)) } else { (Term::bool(true), r) };
                return Term::let_(
                    b,
                    l,
                    Term::Switch(b, vec![(Test::Ctor(CtorId::TRUE), on_true)], Some(Box::new(on_false))),
                );
            }
            Some(_) => self.name_at(m, &op.name, span),
            None => self.crash(&format!("`{}` is not defined", op.name.full())),
        };
        Term::app(head, args)
    }

    fn update(&mut self, m: usize, record: Var, updates: &[ast::FieldUpdate]) -> Term {
        let mut fields: Vec<(crate::core::ir::Label, Term)> = Vec::new();
        for u in updates {
            let label = self.label(&u.name.name);
            let value = match &u.value {
                UpdateValue::Set(e) => self.expr(m, e),
                UpdateValue::Nested(inner) => {
                    let v = self.fresh.var();
                    let updated = self.update(m, v, inner);
                    Term::let_(v, Term::Get(Box::new(Term::Var(record)), label), updated)
                }
            };
            fields.push((label, value));
        }
        fields.sort_by_key(|(l, _)| *l);
        Term::Update(Box::new(Term::Var(record)), fields)
    }

    /// `[e | quals]` in front of `tail` (Wadler's translation: no appends).
    fn comprehension(&mut self, m: usize, head: &ast::Expr, quals: &[ast::Stmt], tail: Term) -> Term {
        let Some((q, rest)) = quals.split_first() else {
            let h = self.expr(m, head);
            return Term::Con(CtorId::CONS, vec![h, tail]);
        };
        match &q.kind {
            StmtKind::Expr(cond) => {
                let c = self.expr(m, cond);
                let b = self.fresh.var();
                let then = self.comprehension(m, head, rest, tail.clone());
                Term::let_(b, c, Term::Switch(b, vec![(Test::Ctor(CtorId::TRUE), then)], Some(Box::new(tail))))
            }
            StmtKind::Let(decls) => self.with_wheres(m, decls, |me| me.comprehension(m, head, rest, tail)),
            StmtKind::Bind(pat, source) => {
                // letrec go us = case us of [] -> tail; u : us' -> case u of pat -> [e | rest] ++ go us'; _ -> go us'
                let source = self.expr(m, source);
                let go = self.fresh.var();
                let us = self.fresh.var();
                let u = self.fresh.var();
                let more = self.fresh.var();
                // The rest of the list: `go us'` (a small term, copied where needed).
                let next = Term::app(Term::Var(go), vec![Term::Var(more)]);
                let after = next.clone();
                let mut then = |me: &mut Lowering<'_>| me.comprehension(m, head, rest, after.clone());
                let matched = self.match_one(m, u, pat, next, &mut then);
                let cons = Term::let_(u, Term::Field(us, 0), Term::let_(more, Term::Field(us, 1), matched));
                let body = Term::Switch(us, vec![(Test::Ctor(CtorId::CONS), cons)], Some(Box::new(tail)));
                Term::LetRec(vec![(go, vec![us], body)], Box::new(Term::app(Term::Var(go), vec![source])))
            }
            StmtKind::Error => self.crash("this code did not parse"),
        }
    }

    fn binary(&mut self, m: usize, segments: &[ast::Segment<ast::Expr>]) -> Term {
        let mut parts = Vec::new();
        for s in segments {
            let spec = |n: &str| s.specs.iter().any(|i| i.name == n);
            let flags = i64::from(spec("little")) | (i64::from(spec("signed")) << 1);
            let part = match (&s.value.kind, spec("binary") || spec("bytes") || spec("bits")) {
                (_, true) => self.expr(m, &s.value),
                (ExprKind::Lit(ast::Literal::String(text)), false) => {
                    Term::Prim(Prim::Foreign("stringToUtf8".into()), vec![Term::Lit(Lit::String(text.as_str().into()))])
                }
                _ => {
                    let value = self.expr(m, &s.value);
                    let default_bits = if spec("float") { 64 } else { 8 };
                    let bits = match &s.size {
                        Some(size) => self.expr(m, size),
                        None => Term::Lit(Lit::Int(default_bits.into())),
                    };
                    let name = if spec("float") { "binaryFromFloat" } else { "binaryFromInt" };
                    Term::Prim(Prim::Foreign(name.into()), vec![value, bits, Term::Lit(Lit::Int(flags.into()))])
                }
            };
            parts.push(part);
        }
        let list = list(parts);
        Term::Prim(Prim::Foreign("binaryConcat".into()), vec![list])
    }

    /// A `do` block: straight-line code for `IO`, `bind` calls for any other monad.
    fn do_block(&mut self, m: usize, span: Span, stmts: &[ast::Stmt]) -> Term {
        let dict = self.modules[m].elaboration.uses.get(&span).and_then(|d| d.first().cloned());
        let io = matches!(&dict, Some(Dict::Instance { head, .. }) if &**head == "IO");
        if io {
            let world = self.fresh.var();
            let body = self.io_stmts(m, stmts, world);
            return Term::Lam(vec![world], Box::new(body));
        }
        let Some(dict) = dict else { return self.crash("a do block without a monad") };
        self.monad_stmts(m, &dict, stmts)
    }

    fn io_stmts(&mut self, m: usize, stmts: &[ast::Stmt], world: Var) -> Term {
        let Some((s, rest)) = stmts.split_first() else { return Term::Lit(Lit::Unit) };
        match &s.kind {
            StmtKind::Expr(e) if rest.is_empty() => {
                let action = self.expr(m, e);
                Term::app(action, vec![Term::Var(world)])
            }
            StmtKind::Expr(e) => {
                let action = self.expr(m, e);
                let ignored = self.fresh.var();
                let after = self.io_stmts(m, rest, world);
                Term::let_(ignored, Term::app(action, vec![Term::Var(world)]), after)
            }
            StmtKind::Bind(pat, e) => {
                let action = self.expr(m, e);
                let x = self.fresh.var();
                let fail = Term::Fail(self.location(m, s.span));
                let mut then = |me: &mut Lowering<'_>| me.io_stmts(m, rest, world);
                let matched = self.match_one(m, x, pat, fail, &mut then);
                Term::let_(x, Term::app(action, vec![Term::Var(world)]), matched)
            }
            StmtKind::Let(decls) => self.with_wheres(m, decls, |me| me.io_stmts(m, rest, world)),
            StmtKind::Error => self.crash("this code did not parse"),
        }
    }

    fn monad_stmts(&mut self, m: usize, dict: &Dict, stmts: &[ast::Stmt]) -> Term {
        let Some((s, rest)) = stmts.split_first() else { return Term::Lit(Lit::Unit) };
        let bind_field = self.classes.get("Prelude.Monad").map_or(1, |c| c.info.superclasses.len() as u32);
        let bind = |me: &mut Self, action: Term, k: Term| {
            let d = me.dict(dict);
            let v = me.fresh.var();
            Term::app(Term::let_(v, d, Term::Field(v, bind_field)), vec![action, k])
        };
        match &s.kind {
            StmtKind::Expr(e) if rest.is_empty() => self.expr(m, e),
            StmtKind::Expr(e) => {
                let action = self.expr(m, e);
                let ignored = self.fresh.var();
                let after = self.monad_stmts(m, dict, rest);
                bind(self, action, Term::Lam(vec![ignored], Box::new(after)))
            }
            StmtKind::Bind(pat, e) => {
                let action = self.expr(m, e);
                let x = self.fresh.var();
                let fail = Term::Fail(self.location(m, s.span));
                let mut then = |me: &mut Lowering<'_>| me.monad_stmts(m, dict, rest);
                let matched = self.match_one(m, x, pat, fail, &mut then);
                bind(self, action, Term::Lam(vec![x], Box::new(matched)))
            }
            StmtKind::Let(decls) => self.with_wheres(m, decls, |me| me.monad_stmts(m, dict, rest)),
            StmtKind::Error => self.crash("this code did not parse"),
        }
    }
}

/// `[a, b, …]`.
pub(super) fn list(items: Vec<Term>) -> Term {
    items.into_iter().rev().fold(Term::Con(CtorId::NIL, Vec::new()), |acc, h| Term::Con(CtorId::CONS, vec![h, acc]))
}

/// The text an equation covers, for finding the local names it refers to.
fn equation_extent(eq: &Equation) -> Span {
    let mut end = eq.name.span.end;
    let mut grow = |s: Span| end = end.max(s.end);
    match &eq.rhs {
        Rhs::Plain(e) => grow(e.span),
        Rhs::Guarded(alts) => alts.iter().for_each(|a| grow(a.span)),
    }
    for w in &eq.wheres {
        grow(w.span);
    }
    Span { start: eq.name.span.start, end }
}
