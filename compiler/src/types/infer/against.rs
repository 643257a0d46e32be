//! Checking against a type known beforehand (a signature's, a parameter's), so that an error
//! is reported at the part of the expression that is wrong: lambdas, record literals, `if` and
//! `case` branches, `let` bodies, `do` blocks.

use std::collections::HashMap;
use std::sync::Arc;

use super::Infer;
use crate::span::Span;
use crate::syntax::ast::{Expr, ExprKind, Pat};
use crate::types::ty::{Type, prim};

impl Infer<'_, '_> {
    /// `\p1 p2 -> body` against the function type `expected`: patterns against its parameters,
    /// the body against its result.
    pub(super) fn check_lambda(&mut self, pats: &[Pat], body: &Expr, expected: &Type, span: Span) {
        let depth = self.locals.len();
        let mut rest = expected.clone();
        for p in pats {
            let (param, result) = match self.unifier.shallow(&rest) {
                Type::Fun(a, b) => ((*a).clone(), (*b).clone()),
                other => {
                    let (a, b) = (self.fresh(), self.fresh());
                    if self.unifier.unify(&other, &Type::fun(a.clone(), b.clone())).is_err() {
                        // More parameters than the expected type has: compare the whole lambda.
                        self.locals.truncate(depth);
                        let lambda = Expr::new(ExprKind::Lambda(pats.to_vec(), Box::new(body.clone())), span);
                        let t = self.expr(&lambda);
                        self.expect(expected, &t, span);
                        return;
                    }
                    (a, b)
                }
            };
            let pt = self.pat(p);
            self.expect(&param, &pt, p.span);
            rest = result;
        }
        let bt = self.expr(body);
        self.expect(&rest, &bt, body.span);
        self.locals.truncate(depth);
    }

    /// Checks `e` against a type known beforehand. A record literal is checked field by field,
    /// so a wrong field is reported at the field, not at the whole literal.
    pub(super) fn check_against(&mut self, e: &Expr, expected: &Type, origin: Option<Span>) {
        match &e.kind {
            ExprKind::If(c, t, f) if !matches!(c.kind, ExprKind::Wildcard) => {
                let ct = self.expr(c);
                self.expect(&Type::con(prim::BOOLEAN), &ct, c.span);
                self.check_against(t, expected, origin);
                self.check_against(f, expected, origin);
                return;
            }
            ExprKind::Case(scrutinees, alts) if !scrutinees.iter().any(|s| matches!(s.kind, ExprKind::Wildcard)) => {
                let ts: Vec<Type> = scrutinees.iter().map(|s| self.expr(s)).collect();
                self.alts(alts, &ts, expected, origin);
                return;
            }
            ExprKind::Let(decls, body) => {
                let depth = self.locals.len();
                self.bindings(decls);
                self.check_against(body, expected, origin);
                self.locals.truncate(depth);
                return;
            }
            ExprKind::Do(stmts) => {
                let t = self.stmts(stmts, e.span, Some((expected, origin)));
                self.expect_from(expected, &t, e.span, origin);
                return;
            }
            _ => {}
        }
        if let ExprKind::Record(fields) = &e.kind
            && let Type::Record(row) = self.unifier.shallow(expected)
        {
            let mut wanted: HashMap<String, Type> = HashMap::new();
            let mut rest = self.unifier.shallow(&row);
            while let Type::RowExtend(label, field, tail) = rest {
                wanted.entry(label.to_string()).or_insert_with(|| (*field).clone());
                rest = self.unifier.shallow(&tail);
            }
            let before = self.diagnostics.len();
            let mut row = Vec::new();
            for f in fields {
                let (t, span) = match &f.value {
                    Some(v) => (self.expr(v), v.span),
                    None => (self.named(&f.name.name, f.name.span), f.name.span),
                };
                if let Some(w) = wanted.get(&f.name.name) {
                    self.expect_from(w, &t, span, origin);
                }
                row.push((Arc::from(f.name.name.as_str()), t));
            }
            if self.diagnostics.len() == before {
                // Fields missing or extra: the literal as a whole.
                let t = Type::record(Type::row(row, Type::RowEmpty));
                self.expect_from(expected, &t, e.span, origin);
            }
            return;
        }
        let t = self.expr(e);
        self.expect_from(expected, &t, e.span, origin);
    }
}
