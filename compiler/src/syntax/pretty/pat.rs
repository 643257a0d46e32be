//! Patterns.
//!
//! The levels follow the grammar: `Pat` (`:` and other constructor operators) > `BPat`
//! (constructor application, negative literal) > `APat`. Patterns left of `<-` are parsed as
//! expressions and converted; every pattern prints in a form that reads back either way, except
//! as-patterns and constructor operators other than `:`.

use super::ty::TypeLevel;
use super::*;

use PatKind as P;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum PatLevel {
    /// `x : xs`
    Top,
    /// `Just x`, `-1`
    Con,
    /// `x`, `(x : xs)`, `[a, b]`
    Atom,
}

fn level(p: &Pat) -> PatLevel {
    match &p.kind {
        P::Cons(..) => PatLevel::Top,
        P::Con(name, args) if is_symbolic(&name.name) && args.len() == 2 => PatLevel::Top,
        P::Con(_, args) if !args.is_empty() => PatLevel::Con,
        P::Lit(l) if is_negative(l) => PatLevel::Con,
        _ => PatLevel::Atom,
    }
}

impl Printer<'_> {
    pub(super) fn pat(&mut self, p: &Pat, want: PatLevel) {
        if level(p) < want {
            self.w("(");
            self.pat_bare(p);
            self.w(")");
        } else {
            self.pat_bare(p);
        }
    }

    fn pat_bare(&mut self, p: &Pat) {
        match &p.kind {
            P::Wildcard => self.w("_"),
            P::Var(v) => self.w(&binder(v)),
            P::Lit(l) => self.w(&literal(l)),
            // `x :| xs`: constructor operators associate to the right, like `:`.
            P::Con(name, args) if is_symbolic(&name.name) && args.len() == 2 => {
                self.pat(&args[0], PatLevel::Con);
                self.w(" ");
                self.w(&name.full());
                self.w(" ");
                self.pat(&args[1], PatLevel::Top);
            }
            P::Con(name, args) => {
                self.w(&value_name(name));
                for a in args {
                    self.w(" ");
                    if matches!(a.kind, P::Record(_)) {
                        // Left of `<-` this is parsed as an expression, where `C { a }` would
                        // update `C`.
                        self.w("(");
                        self.pat_bare(a);
                        self.w(")");
                    } else {
                        self.pat(a, PatLevel::Atom);
                    }
                }
            }
            P::As(name, inner) => {
                self.w(&name.name);
                self.w("@");
                // `x@:ok` would lex `@:` as one operator.
                if matches!(inner.kind, P::Lit(Literal::Atom(_))) {
                    self.w("(");
                    self.pat_bare(inner);
                    self.w(")");
                } else {
                    self.pat(inner, PatLevel::Atom);
                }
            }
            P::Tuple(items) => {
                self.w("(");
                self.commas(items, |p, i| p.pat(i, PatLevel::Top));
                self.w(")");
            }
            P::List(items) => {
                self.w("[");
                self.commas(items, |p, i| p.pat(i, PatLevel::Top));
                self.w("]");
            }
            P::Cons(head, tail) => {
                self.pat(head, PatLevel::Con);
                self.w(" : ");
                self.pat(tail, PatLevel::Top);
            }
            P::ListCons(heads, tail) => {
                self.w("[");
                self.commas(heads, |p, i| p.pat(i, PatLevel::Top));
                self.w(" | ");
                self.pat(tail, PatLevel::Top);
                self.w("]");
            }
            P::Record(fields) => self.record(fields, |p, f| {
                p.w(&f.name.name);
                if let Some(v) = &f.pat {
                    p.w(" = ");
                    p.pat(v, PatLevel::Top);
                }
            }),
            P::Map(entries) => {
                self.w("#{");
                self.commas(entries, |p, (k, v)| {
                    p.w(&literal(k));
                    p.w(" := ");
                    p.pat(v, PatLevel::Top);
                });
                self.w("}");
            }
            P::Binary(segments) => self.binary(segments, |p, v| {
                // A closing `>>` would glue to the `:` or `>>` after it (`x@<<1>>:8`); a record
                // is no segment value left of `<-`, where patterns are parsed as expressions.
                let closes_binary = p.render_inline(|p| p.pat(v, PatLevel::Atom)).ends_with('>');
                if closes_binary || matches!(v.kind, P::Record(_)) {
                    p.w("(");
                    p.pat_bare(v);
                    p.w(")");
                } else {
                    p.pat(v, PatLevel::Atom);
                }
            }),
            P::Typed(inner, t) => {
                self.w("(");
                self.pat(inner, PatLevel::Top);
                self.w(" :: ");
                self.ty(t, TypeLevel::Top);
                self.w(")");
            }
            P::Error => self.w("?error"),
        }
    }
}
