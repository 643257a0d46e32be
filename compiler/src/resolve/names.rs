//! Resolves every name a module's declarations mention: values, constructors and operators in
//! expressions and patterns, types and classes in signatures, constraints and instances.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{
    Constraint, Decl, DeclKind, Equation, Expr, ExprKind, FieldUpdate, Guard, Module, Name, Operator, Pat, PatKind,
    Rhs, Stmt, StmtKind, Type, TypeKind, UpdateValue,
};

use super::imports::ImportScope;
use super::scope::{Scope, pattern_vars};
use super::{Def, Namespace, PRIM, PRIM_TYPES, Target, did_you_mean, suggestions};

/// Resolves the references of `module`, then reports its unused imports.
pub fn resolve_module(
    module: &Module,
    scope: &Scope,
    imported: &mut ImportScope,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<Span, Target> {
    let mut resolver = Resolver { scope, imported, locals: Vec::new(), references: BTreeMap::new(), diagnostics };
    for decl in &module.decls {
        resolver.decl(decl);
    }
    let warnings = resolver.imported.unused_warnings();
    resolver.diagnostics.extend(warnings);
    resolver.references
}

struct Resolver<'a> {
    scope: &'a Scope,
    imported: &'a mut ImportScope,
    /// Innermost last: each frame maps a local name to its binding occurrence.
    locals: Vec<HashMap<String, Span>>,
    references: BTreeMap<Span, Target>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

fn is_constructor_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_uppercase() || c == ':')
}

impl Resolver<'_> {
    // ---- lookup ----

    /// Resolves `name`, trying the namespaces in order; reports it when nothing matches.
    fn reference(&mut self, name: &Name, namespaces: &[Namespace]) {
        match self.lookup(name, namespaces) {
            Ok(target) => {
                self.references.insert(name.span, target);
            }
            Err(Some(ambiguous)) => {
                let options: Vec<String> = ambiguous.iter().map(|d| format!("`{}.{}`", d.module, d.name)).collect();
                self.diagnostics.push(
                    Diagnostic::error(Code::E0107, format!("`{}` is ambiguous", name.full()))
                        .with_primary(name.span, format!("could be {}", options.join(" or ")))
                        .with_help("qualify the name, or hide it from one of the imports"),
                );
            }
            Err(None) => self.unbound(name, namespaces[0]),
        }
    }

    /// `Err(Some(defs))` when several imports bring different definitions.
    /// The outcome of finding `found` among the imports: nothing (look further), the one
    /// definition (now used), or an ambiguity.
    fn pick(&mut self, found: Vec<Def>) -> Option<Result<Target, Option<Vec<Def>>>> {
        match found.len() {
            0 => None,
            1 => {
                let def = found.into_iter().next().expect("one definition");
                self.imported.mark_used(&def);
                Some(Ok(Target::Def(def)))
            }
            _ => Some(Err(Some(found))),
        }
    }

    fn lookup(&mut self, name: &Name, namespaces: &[Namespace]) -> Result<Target, Option<Vec<Def>>> {
        if let Some(q) = &name.qualifier {
            for &ns in namespaces {
                if *q == self.scope.module
                    && let Some(def) = self.scope.get(ns, &name.name)
                {
                    return Ok(Target::Def(def));
                }
                let found = self.imported.qualified(ns, q, &name.name).to_vec();
                if let Some(outcome) = self.pick(found) {
                    return outcome;
                }
            }
            return Err(None);
        }
        if namespaces.contains(&Namespace::Value)
            && let Some(span) = self.locals.iter().rev().find_map(|f| f.get(&name.name))
        {
            return Ok(Target::Local(*span));
        }
        for &ns in namespaces {
            if let Some(def) = self.scope.get(ns, &name.name) {
                return Ok(Target::Def(def));
            }
            let found = self.imported.unqualified(ns, &name.name).to_vec();
            if let Some(outcome) = self.pick(found) {
                return outcome;
            }
            if ns == Namespace::Type && PRIM_TYPES.contains(&name.name.as_str()) {
                return Ok(Target::Def(Def::new(PRIM, &name.name, ns)));
            }
        }
        Err(None)
    }

    fn unbound(&mut self, name: &Name, ns: Namespace) {
        if self.imported.incomplete {
            return;
        }
        let mut candidates: Vec<String> = self.imported.spellings(ns);
        candidates.extend(self.scope.names(ns).map(|(n, _)| n.to_string()));
        if ns == Namespace::Value {
            candidates.extend(self.locals.iter().flat_map(|f| f.keys().cloned()));
        }
        if ns == Namespace::Type {
            candidates.extend(PRIM_TYPES.iter().map(|s| s.to_string()));
        }
        let full = name.full();
        // `size` when only `Map.size` is in scope: the qualified spellings first.
        let suffix = format!(".{full}");
        let mut near: Vec<String> = candidates.iter().filter(|c| c.ends_with(&suffix)).take(3).cloned().collect();
        near.sort();
        for s in suggestions(&full, candidates.iter().map(String::as_str)) {
            if near.len() < 3 && !near.contains(&s) {
                near.push(s);
            }
        }
        let message = match &name.qualifier {
            Some(q) if !self.imported.has_qualifier(q) && *q != self.scope.module => {
                format!("`{full}` is not in scope: no import is named `{q}`")
            }
            _ => format!("the {} `{full}` is not in scope", ns.describe()),
        };
        let mut d = Diagnostic::error(Code::E0108, message).with_primary(name.span, "not found");
        if let Some(help) = did_you_mean(&near) {
            d = d.with_help(help);
        }
        self.diagnostics.push(d);
    }

    fn operator(&mut self, op: &Operator) {
        let name = &op.name;
        if name.qualifier.is_none() && name.name == ":" {
            return; // list cons: built in
        }
        if op.backticks {
            let ns = if is_constructor_name(&name.name) { Namespace::Constructor } else { Namespace::Value };
            self.reference(name, &[ns]);
        } else if name.name.starts_with(':') {
            self.reference(name, &[Namespace::Constructor, Namespace::Value]);
        } else {
            self.reference(name, &[Namespace::Value, Namespace::Constructor]);
        }
    }

    // ---- binders ----

    fn with_frame(&mut self, f: impl FnOnce(&mut Self)) {
        self.locals.push(HashMap::new());
        f(self);
        self.locals.pop();
    }

    fn bind(&mut self, name: &str, span: Span) {
        self.locals.last_mut().expect("binders are only added inside a frame").insert(name.to_string(), span);
    }

    /// Resolves a pattern's constructors and types, and binds its variables in the innermost frame.
    fn pat(&mut self, pat: &Pat) {
        match &pat.kind {
            PatKind::Var(v) => self.bind(&v.name, v.span),
            PatKind::As(v, p) => {
                self.bind(&v.name, v.span);
                self.pat(p);
            }
            PatKind::Con(name, ps) => {
                self.reference(name, &[Namespace::Constructor]);
                ps.iter().for_each(|p| self.pat(p));
            }
            PatKind::Tuple(ps) | PatKind::List(ps) => ps.iter().for_each(|p| self.pat(p)),
            PatKind::Cons(h, t) => {
                self.pat(h);
                self.pat(t);
            }
            PatKind::ListCons(hs, t) => {
                hs.iter().for_each(|p| self.pat(p));
                self.pat(t);
            }
            PatKind::Record(fields) => {
                for f in fields {
                    match &f.pat {
                        Some(p) => self.pat(p),
                        None => self.bind(&f.name.name, f.name.span),
                    }
                }
            }
            PatKind::Map(entries) => entries.iter().for_each(|(_, p)| self.pat(p)),
            PatKind::Binary(segments) => {
                // A size may name a variable bound by an earlier segment.
                for s in segments {
                    if let Some(size) = &s.size {
                        self.expr(size);
                    }
                    self.pat(&s.value);
                }
            }
            PatKind::Typed(p, t) => {
                self.pat(p);
                self.ty(t);
            }
            PatKind::Wildcard | PatKind::Lit(_) | PatKind::Error => {}
        }
    }

    /// Binds the names a `let`/`where` group defines (in the innermost frame), then resolves
    /// its bodies: the group is recursive.
    fn local_decls(&mut self, decls: &[Decl]) {
        for d in decls {
            match &d.kind {
                DeclKind::Equation(eq) => self.bind(&eq.name.name, eq.name.span),
                DeclKind::PatternBinding { pat, .. } => {
                    let mut vars = Vec::new();
                    pattern_vars(pat, &mut vars);
                    for (v, s) in vars {
                        self.bind(&v, s);
                    }
                }
                _ => {}
            }
        }
        for d in decls {
            self.decl(d);
        }
    }

    // ---- declarations ----

    fn decl(&mut self, decl: &Decl) {
        match &decl.kind {
            DeclKind::Signature { ty, .. } | DeclKind::Foreign { ty, .. } | DeclKind::TypeSynonym { ty, .. } => {
                self.ty(ty)
            }
            DeclKind::Equation(eq) => self.equation(eq),
            DeclKind::PatternBinding { pat, rhs, wheres } => {
                // The variables are bound by the enclosing scope; here only constructors and
                // types of the pattern are resolved.
                self.with_frame(|r| {
                    r.pat(pat);
                    r.locals.last_mut().expect("just pushed").clear();
                    r.local_decls(wheres);
                    r.rhs(rhs);
                });
            }
            DeclKind::Data { constructors, deriving, .. } => {
                for c in constructors {
                    c.args.iter().for_each(|t| self.ty(t));
                }
                deriving.iter().for_each(|n| self.reference(n, &[Namespace::Class]));
            }
            DeclKind::Newtype { constructor, deriving, .. } => {
                constructor.args.iter().for_each(|t| self.ty(t));
                deriving.iter().for_each(|n| self.reference(n, &[Namespace::Class]));
            }
            DeclKind::Class { context, body, .. } => {
                context.iter().for_each(|c| self.constraint(c));
                body.iter().for_each(|d| self.decl(d));
            }
            DeclKind::Instance { context, class, args, body } => {
                context.iter().for_each(|c| self.constraint(c));
                self.reference(class, &[Namespace::Class]);
                args.iter().for_each(|t| self.ty(t));
                body.iter().for_each(|d| self.decl(d));
            }
            DeclKind::Fixity(f) => {
                let ns = if is_constructor_name(&f.function.name) { Namespace::Constructor } else { Namespace::Value };
                self.reference(&f.function, &[ns]);
            }
            DeclKind::Error => {}
        }
    }

    fn equation(&mut self, eq: &Equation) {
        self.with_frame(|r| {
            eq.args.iter().for_each(|p| r.pat(p));
            r.with_frame(|r| {
                r.local_decls(&eq.wheres);
                r.rhs(&eq.rhs);
            });
        });
    }

    fn rhs(&mut self, rhs: &Rhs) {
        match rhs {
            Rhs::Plain(e) => self.expr(e),
            Rhs::Guarded(alternatives) => {
                for alt in alternatives {
                    self.with_frame(|r| {
                        for g in &alt.guards {
                            match g {
                                Guard::Bool(e) => r.expr(e),
                                Guard::Bind(p, e) => {
                                    r.expr(e);
                                    r.pat(p);
                                }
                                Guard::Let(decls) => r.local_decls(decls),
                            }
                        }
                        r.expr(&alt.body);
                    });
                }
            }
        }
    }

    /// `do` blocks and comprehension qualifiers: each binds for the ones after it.
    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            match &s.kind {
                StmtKind::Bind(p, e) => {
                    self.expr(e);
                    // A fresh frame, so `x <- f x` sees the outer `x` and later ones the new.
                    self.locals.push(HashMap::new());
                    self.pat(p);
                }
                StmtKind::Let(decls) => {
                    self.locals.push(HashMap::new());
                    self.local_decls(decls);
                }
                StmtKind::Expr(e) => self.expr(e),
                StmtKind::Error => {}
            }
        }
    }

    // ---- expressions ----

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Var(n) => {
                let ns = if is_constructor_name(&n.name) { Namespace::Constructor } else { Namespace::Value };
                self.reference(n, &[ns]);
            }
            ExprKind::Con(n) => self.reference(n, &[Namespace::Constructor]),
            ExprKind::Lit(_) | ExprKind::Wildcard | ExprKind::Hole(_) | ExprKind::Error => {}
            ExprKind::App(f, x) => {
                self.expr(f);
                self.expr(x);
            }
            ExprKind::OpChain(first, rest) => {
                self.expr(first);
                for (op, e) in rest {
                    self.operator(op);
                    self.expr(e);
                }
            }
            ExprKind::BinOp(op, a, b) => {
                self.expr(a);
                self.operator(op);
                self.expr(b);
            }
            ExprKind::Neg(e) | ExprKind::Access(e, _) => self.expr(e),
            ExprKind::Lambda(pats, body) => self.with_frame(|r| {
                pats.iter().for_each(|p| r.pat(p));
                r.expr(body);
            }),
            ExprKind::Case(scrutinees, alts) => {
                scrutinees.iter().for_each(|e| self.expr(e));
                self.alts(alts);
            }
            ExprKind::Receive(alts, after) => {
                self.alts(alts);
                if let Some(after) = after {
                    self.expr(&after.timeout);
                    self.expr(&after.body);
                }
            }
            ExprKind::If(c, t, e) => {
                self.expr(c);
                self.expr(t);
                self.expr(e);
            }
            ExprKind::Let(decls, body) => self.with_frame(|r| {
                r.local_decls(decls);
                r.expr(body);
            }),
            ExprKind::Do(stmts) => {
                let depth = self.locals.len();
                self.stmts(stmts);
                self.locals.truncate(depth);
            }
            ExprKind::Comprehension(body, stmts) => {
                let depth = self.locals.len();
                self.stmts(stmts);
                self.expr(body);
                self.locals.truncate(depth);
            }
            ExprKind::Record(fields) => {
                for f in fields {
                    match &f.value {
                        Some(e) => self.expr(e),
                        // `{ age }` means `{ age = age }`.
                        None => {
                            self.reference(&Name::unqualified(f.name.name.clone(), f.name.span), &[Namespace::Value])
                        }
                    }
                }
            }
            ExprKind::Update(e, updates) => {
                self.expr(e);
                self.updates(updates);
            }
            ExprKind::List(es) | ExprKind::Tuple(es) => es.iter().for_each(|e| self.expr(e)),
            ExprKind::ListCons(es, tail) => {
                es.iter().for_each(|e| self.expr(e));
                self.expr(tail);
            }
            ExprKind::Range { from, then, to } => {
                self.expr(from);
                then.iter().chain(to).for_each(|e| self.expr(e));
            }
            ExprKind::Map(entries) => {
                for (k, v) in entries {
                    self.expr(k);
                    self.expr(v);
                }
            }
            ExprKind::Binary(segments) => {
                for s in segments {
                    self.expr(&s.value);
                    if let Some(size) = &s.size {
                        self.expr(size);
                    }
                }
            }
            ExprKind::OpRef(op) => self.operator(op),
            ExprKind::LeftSection(e, op) | ExprKind::RightSection(op, e) => {
                self.operator(op);
                self.expr(e);
            }
            ExprKind::Typed(e, t) => {
                self.expr(e);
                self.ty(t);
            }
        }
    }

    fn alts(&mut self, alts: &[crate::syntax::ast::Alt]) {
        for alt in alts {
            self.with_frame(|r| {
                alt.pats.iter().for_each(|p| r.pat(p));
                r.rhs(&alt.rhs);
            });
        }
    }

    fn updates(&mut self, updates: &[FieldUpdate]) {
        for u in updates {
            match &u.value {
                UpdateValue::Set(e) => self.expr(e),
                UpdateValue::Nested(inner) => self.updates(inner),
            }
        }
    }

    // ---- types ----

    fn ty(&mut self, ty: &Type) {
        match &ty.kind {
            TypeKind::Con(n) => self.reference(n, &[Namespace::Type]),
            TypeKind::Var(_) | TypeKind::Error => {}
            TypeKind::App(a, b) | TypeKind::Fun(a, b) => {
                self.ty(a);
                self.ty(b);
            }
            TypeKind::Tuple(ts) => ts.iter().for_each(|t| self.ty(t)),
            TypeKind::List(t) | TypeKind::Forall(_, t) => self.ty(t),
            TypeKind::Record(row) => row.fields.iter().for_each(|(_, t)| self.ty(t)),
            TypeKind::Constrained(cs, t) => {
                cs.iter().for_each(|c| self.constraint(c));
                self.ty(t);
            }
        }
    }

    fn constraint(&mut self, c: &Constraint) {
        self.reference(&c.class, &[Namespace::Class]);
        c.args.iter().for_each(|t| self.ty(t));
    }
}
