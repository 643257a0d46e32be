//! `do` blocks, in any monad (`bind` and `discard` as the Prelude defines them).

use super::Infer;
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{Stmt, StmtKind};
use crate::types::print;
use crate::types::ty::Type;

impl Infer<'_, '_> {
    /// A `do` block; with the type it is `expected` to have (an action `m a`), its last
    /// statement is checked against it, so a wrong result is reported there.
    pub(super) fn stmts(&mut self, stmts: &[Stmt], span: Span, expected: Option<(&Type, Option<Span>)>) -> Type {
        let depth = self.locals.len();
        let monad = self.fresh();
        let expected = expected.filter(|(t, _)| matches!(self.unifier.shallow(t), Type::App(..)));
        if let Some((t, _)) = expected {
            let a = self.fresh();
            // Known to be an application: this only names its parts.
            let _ = self.unifier.unify(&Type::app(monad.clone(), a), t);
        }
        let mut last = None;
        for (i, s) in stmts.iter().enumerate() {
            let is_last = i + 1 == stmts.len();
            match &s.kind {
                StmtKind::Expr(e) if is_last && expected.is_some() => {
                    let (t, origin) = expected.expect("matched on `is_some`");
                    self.check_against(e, t, origin);
                    last = Some(t.clone());
                }
                StmtKind::Expr(e) => {
                    let t = self.expr(e);
                    let a = self.fresh();
                    self.action(&monad, a, &t, e.span, false);
                    if is_last {
                        last = Some(t);
                    }
                }
                StmtKind::Bind(p, e) => {
                    let t = self.expr(e);
                    let pt = self.pat(p);
                    self.action(&monad, pt, &t, e.span, true);
                }
                StmtKind::Let(decls) => self.bindings(decls),
                StmtKind::Error => {}
            }
        }
        self.want_use(self.env.monad.clone(), monad.clone(), span);
        self.locals.truncate(depth);
        last.unwrap_or_else(|| {
            let a = self.fresh();
            Type::app(monad, a)
        })
    }

    /// A statement of a `do` block: an action `m a` of the block's monad. A statement that
    /// cannot be an action at all (`name <- "Ann"`) gets a message of its own.
    fn action(&mut self, monad: &Type, result: Type, found: &Type, span: Span, bound: bool) {
        let shallow = self.unifier.shallow(found);
        if !matches!(shallow, Type::App(..) | Type::Meta(_)) && !self.is_poisoned(&self.unifier.zonk(found)) {
            let shown = print::tys(&[&self.unifier.zonk(found)]).remove(0);
            let help = if bound {
                "`<-` takes the result of an action; to name a plain value, write `let x = …`"
            } else {
                "a plain value is not a statement; `pure x` is the action that returns `x`"
            };
            self.diagnostics.push(
                Diagnostic::error(
                    Code::E0150,
                    format!("a `do` statement must be an action, but this has type `{shown}`"),
                )
                .with_primary(span, "not an action")
                .with_help(help),
            );
            self.poison_type(&result);
            return;
        }
        self.expect(&Type::app(monad.clone(), result), found, span);
    }
}
