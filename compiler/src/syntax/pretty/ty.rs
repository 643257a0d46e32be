//! Types, constraints and class contexts.

use super::*;

use TypeKind as T;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TypeLevel {
    /// `forall a. t`, `C a => t`
    Top,
    /// `a -> b`
    Fun,
    /// `Maybe a`
    App,
    /// `a`, `[a]`, `(a, b)`, `{ x :: a }`
    Atom,
}

fn level(t: &Type) -> TypeLevel {
    match &t.kind {
        T::Forall(..) | T::Constrained(..) => TypeLevel::Top,
        T::Fun(..) => TypeLevel::Fun,
        T::App(..) => TypeLevel::App,
        _ => TypeLevel::Atom,
    }
}

impl Printer<'_> {
    pub(super) fn ty(&mut self, t: &Type, want: TypeLevel) {
        if level(t) < want {
            self.w("(");
            self.ty_bare(t);
            self.w(")");
        } else {
            self.ty_bare(t);
        }
    }

    fn ty_bare(&mut self, t: &Type) {
        match &t.kind {
            T::Var(v) => self.w(&v.name),
            T::Con(name) => self.w(&name.full()),
            T::App(f, a) => {
                self.ty(f, TypeLevel::App);
                self.w(" ");
                self.ty(a, TypeLevel::Atom);
            }
            T::Fun(a, b) => {
                self.ty(a, TypeLevel::App);
                self.w(" -> ");
                self.ty(b, TypeLevel::Fun);
            }
            T::Tuple(items) => {
                self.w("(");
                self.commas(items, |p, i| p.ty(i, TypeLevel::Top));
                self.w(")");
            }
            T::List(item) => {
                self.w("[");
                self.ty(item, TypeLevel::Top);
                self.w("]");
            }
            T::Record(row) => {
                if row.fields.is_empty() && row.tail.is_none() {
                    return self.w("{}");
                }
                self.w("{ ");
                self.commas(&row.fields, |p, (name, t)| {
                    p.w(&name.name);
                    p.w(" :: ");
                    p.ty(t, TypeLevel::Top);
                });
                if let Some(tail) = &row.tail {
                    self.w(if row.fields.is_empty() { "| " } else { " | " });
                    self.w(&tail.name);
                }
                self.w(" }");
            }
            T::Forall(vars, body) => {
                self.w("forall");
                for v in vars {
                    self.w(" ");
                    self.w(&v.name);
                }
                self.w(". ");
                self.ty(body, TypeLevel::Top);
            }
            T::Constrained(context, body) => {
                self.context(context);
                self.ty(body, TypeLevel::Top);
            }
            T::Error => self.w("?error"),
        }
    }

    /// `Show a => `, `(Eq a, Show a) => `, or `() => ` for an empty context.
    pub(super) fn context(&mut self, context: &[Constraint]) {
        if let [only] = context {
            self.constraint(only);
        } else {
            self.w("(");
            self.commas(context, |p, c| p.constraint(c));
            self.w(")");
        }
        self.w(" => ");
    }

    fn constraint(&mut self, c: &Constraint) {
        self.w(&c.class.full());
        for a in &c.args {
            self.w(" ");
            self.ty(a, TypeLevel::Atom);
        }
    }
}
