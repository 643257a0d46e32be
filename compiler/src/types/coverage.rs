//! Finds every match of some declarations (function equations, `case`, lambdas, pattern
//! bindings) and checks each for missing and redundant cases (`matches`), with the
//! constructors name resolution and the checked modules know.
//!
//! `receive` is not checked (unmatched messages wait in the mailbox), nor are the patterns of
//! `<-` in guards, comprehensions and `do`, which may fail by design.

use std::collections::BTreeMap;

use super::bindings;
use super::env::{ModuleTypes, full_name};
use super::matches::{ConstructorTable, MatchKind, MatchRow, check_match};
use crate::diagnostics::Diagnostic;
use crate::resolve::{Def, Namespace, Target};
use crate::span::Span;
use crate::syntax::ast::{Decl, DeclKind, Expr, ExprKind, Guard, Name, Rhs, Stmt, StmtKind, UpdateValue};

/// The constructors of the data types a module can see.
pub struct Constructors<'a> {
    pub module: &'a str,
    pub references: &'a BTreeMap<Span, Target>,
    /// A module's types by name: this one's declared types, or a checked module's.
    pub types: &'a dyn Fn(&str) -> Option<&'a ModuleTypes>,
}

impl std::fmt::Debug for Constructors<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Constructors").field("module", &self.module).finish_non_exhaustive()
    }
}

impl Constructors<'_> {
    /// The constructor a name refers to, through an operator alias (`:|` for `Cons`).
    fn constructor(&self, name: &Name) -> Option<Def> {
        let Some(Target::Def(def)) = self.references.get(&name.span) else { return None };
        let mut def = def.clone();
        for _ in 0..8 {
            let types = (self.types)(&def.module)?;
            if types.constructors.contains_key(&def.name) {
                return Some(def);
            }
            def = types.aliases.get(&def.name)?.clone();
        }
        None
    }
}

impl ConstructorTable for Constructors<'_> {
    fn family(&self, ctor: &Name) -> Option<(String, Vec<(String, usize)>)> {
        let def = self.constructor(ctor)?;
        let types = (self.types)(&def.module)?;
        let info = types.constructors.get(&def.name)?;
        let (_, type_name) = info.ty.rsplit_once('.')?;
        let siblings = &types.types.get(type_name)?.constructors;
        let family =
            siblings.iter().filter_map(|c| Some((c.clone(), types.constructors.get(c)?.arity as usize))).collect();
        Some((full_name(&Def::new(&def.module, type_name, Namespace::Type)).to_string(), family))
    }

    fn position(&self, ctor: &Name, family: &[(String, usize)]) -> Option<usize> {
        let def = self.constructor(ctor)?;
        family.iter().position(|(name, _)| *name == def.name)
    }
}

/// Checks every match in `decls` (a module's, or one binding group's).
pub fn check_decls(table: &Constructors<'_>, decls: &[Decl]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    decls_matches(table, decls, &mut out);
    out
}

fn decls_matches(table: &Constructors<'_>, decls: &[Decl], out: &mut Vec<Diagnostic>) {
    let units = bindings::units(decls, &Default::default());
    for u in &units {
        let rows: Vec<MatchRow<'_>> = u
            .equations
            .iter()
            .map(|(eq, span)| MatchRow { pats: eq.args.iter().collect(), rhs: Some(&eq.rhs), span: *span })
            .collect();
        if !rows[0].pats.is_empty() || matches!(rows[0].rhs, Some(Rhs::Guarded(_))) {
            out.extend(check_match(table, MatchKind::Function(u.name), &rows, u.span));
        }
        for (eq, _) in &u.equations {
            decls_matches(table, &eq.wheres, out);
            rhs_matches(table, &eq.rhs, out);
        }
    }
    for d in decls {
        match &d.kind {
            DeclKind::PatternBinding { pat, rhs, wheres } => {
                let row = MatchRow { pats: vec![pat], rhs: None, span: d.span };
                out.extend(check_match(table, MatchKind::Binding, &[row], pat.span));
                decls_matches(table, wheres, out);
                rhs_matches(table, rhs, out);
            }
            DeclKind::Instance { body, .. } | DeclKind::Class { body, .. } => decls_matches(table, body, out),
            _ => {}
        }
    }
}

fn rhs_matches(table: &Constructors<'_>, rhs: &Rhs, out: &mut Vec<Diagnostic>) {
    match rhs {
        Rhs::Plain(e) => expr_matches(table, e, out),
        Rhs::Guarded(alternatives) => {
            for g in alternatives {
                for guard in &g.guards {
                    match guard {
                        Guard::Bool(e) | Guard::Bind(_, e) => expr_matches(table, e, out),
                        Guard::Let(decls) => decls_matches(table, decls, out),
                    }
                }
                expr_matches(table, &g.body, out);
            }
        }
    }
}

fn stmts_matches(table: &Constructors<'_>, stmts: &[Stmt], out: &mut Vec<Diagnostic>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Bind(_, e) | StmtKind::Expr(e) => expr_matches(table, e, out),
            StmtKind::Let(decls) => decls_matches(table, decls, out),
            StmtKind::Error => {}
        }
    }
}

fn expr_matches(table: &Constructors<'_>, e: &Expr, out: &mut Vec<Diagnostic>) {
    let mut walk = |e: &Expr| expr_matches(table, e, out);
    match &e.kind {
        ExprKind::Case(scrutinees, alts) => {
            scrutinees.iter().for_each(&mut walk);
            let rows: Vec<MatchRow<'_>> = alts
                .iter()
                .map(|a| MatchRow { pats: a.pats.iter().collect(), rhs: Some(&a.rhs), span: a.span })
                .collect();
            if alts.iter().all(|a| a.pats.len() == scrutinees.len()) {
                // `case x of`, not the whole expression.
                let head = scrutinees.last().map_or(e.span, |s| Span { start: e.span.start, end: s.span.end });
                out.extend(check_match(table, MatchKind::Case, &rows, head));
            }
            for a in alts {
                rhs_matches(table, &a.rhs, out);
            }
        }
        ExprKind::Receive(alts, after) => {
            for a in alts {
                rhs_matches(table, &a.rhs, out);
            }
            if let Some(after) = after {
                expr_matches(table, &after.timeout, out);
                expr_matches(table, &after.body, out);
            }
        }
        ExprKind::Lambda(pats, body) => {
            let row = MatchRow { pats: pats.iter().collect(), rhs: None, span: e.span };
            out.extend(check_match(table, MatchKind::Lambda, &[row], e.span));
            expr_matches(table, body, out);
        }
        ExprKind::Let(decls, body) => {
            decls_matches(table, decls, out);
            expr_matches(table, body, out);
        }
        ExprKind::Do(stmts) => stmts_matches(table, stmts, out),
        ExprKind::Comprehension(head, quals) => {
            stmts_matches(table, quals, out);
            expr_matches(table, head, out);
        }
        ExprKind::App(a, b) | ExprKind::BinOp(_, a, b) => {
            walk(a);
            walk(b);
        }
        ExprKind::If(c, t, f) => {
            walk(c);
            walk(t);
            walk(f);
        }
        ExprKind::OpChain(first, rest) => {
            walk(first);
            rest.iter().for_each(|(_, e)| walk(e));
        }
        ExprKind::Neg(x) | ExprKind::Access(x, _) | ExprKind::Typed(x, _) => walk(x),
        ExprKind::LeftSection(x, _) | ExprKind::RightSection(_, x) => walk(x),
        ExprKind::List(items) | ExprKind::Tuple(items) => items.iter().for_each(walk),
        ExprKind::ListCons(items, tail) => {
            items.iter().for_each(&mut walk);
            walk(tail);
        }
        ExprKind::Range { from, then, to } => {
            walk(from);
            then.iter().chain(to).for_each(|e| walk(e));
        }
        ExprKind::Record(fields) => fields.iter().filter_map(|f| f.value.as_ref()).for_each(walk),
        ExprKind::Update(record, updates) => {
            walk(record);
            updates_matches(table, updates, out);
        }
        ExprKind::Map(entries) => {
            for (k, v) in entries {
                walk(k);
                walk(v);
            }
        }
        ExprKind::Binary(segments) => segments.iter().for_each(|s| walk(&s.value)),
        ExprKind::Var(_)
        | ExprKind::Con(_)
        | ExprKind::Lit(_)
        | ExprKind::OpRef(_)
        | ExprKind::Wildcard
        | ExprKind::Hole(_)
        | ExprKind::Error => {}
    }
}

fn updates_matches(table: &Constructors<'_>, updates: &[crate::syntax::ast::FieldUpdate], out: &mut Vec<Diagnostic>) {
    for u in updates {
        match &u.value {
            UpdateValue::Set(e) => expr_matches(table, e, out),
            UpdateValue::Nested(inner) => updates_matches(table, inner, out),
        }
    }
}
