//! Patterns: the type a pattern matches, and the variables it binds.

use std::sync::Arc;

use super::{Infer, arity};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Literal, Pat, PatKind};
use crate::types::ty::{Scheme, Type, prim};

impl Infer<'_, '_> {
    /// The type a pattern matches, binding its variables (monomorphically) as locals.
    pub fn pat(&mut self, p: &Pat) -> Type {
        match &p.kind {
            PatKind::Wildcard => self.fresh(),
            PatKind::Error => self.poison(),
            PatKind::Var(v) => {
                let t = self.fresh();
                self.locals.push((v.name.clone(), Scheme::mono(t.clone())));
                t
            }
            PatKind::Lit(l) => self.literal(l),
            PatKind::Con(name, args) => {
                let ct = self.lookup(name, name.span);
                let arg_types: Vec<Type> = args.iter().map(|a| self.pat(a)).collect();
                let result = self.fresh();
                let arity = arity(&self.unifier.zonk(&ct));
                if arity != args.len() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0154,
                            format!(
                                "the constructor `{}` takes {arity} argument{}, but this pattern gives {}",
                                name.full(),
                                if arity == 1 { "" } else { "s" },
                                args.len()
                            ),
                        )
                        .with_primary(p.span, "wrong number of arguments"),
                    );
                    return result;
                }
                self.expect(&ct, &Type::funs(arg_types, result.clone()), p.span);
                result
            }
            PatKind::As(v, inner) => {
                let t = self.pat(inner);
                self.locals.push((v.name.clone(), Scheme::mono(t.clone())));
                t
            }
            PatKind::Tuple(items) => {
                let ts = items.iter().map(|i| self.pat(i)).collect();
                Type::tuple(ts)
            }
            PatKind::List(items) => self.list_of(items, |me, p| (me.pat(p), p.span)),
            PatKind::Cons(head, tail) => {
                let ht = self.pat(head);
                let tt = self.pat(tail);
                let list = Type::list(ht);
                self.expect(&list, &tt, tail.span);
                list
            }
            PatKind::ListCons(heads, tail) => {
                let list = self.list_of(heads, |me, p| (me.pat(p), p.span));
                let tt = self.pat(tail);
                self.expect(&list, &tt, tail.span);
                list
            }
            PatKind::Record(fields) => {
                let mut row = Vec::new();
                for f in fields {
                    let t = match &f.pat {
                        Some(p) => self.pat(p),
                        None => {
                            let t = self.fresh();
                            self.locals.push((f.name.name.clone(), Scheme::mono(t.clone())));
                            t
                        }
                    };
                    row.push((Arc::from(f.name.name.as_str()), t));
                }
                let rest = self.fresh_row();
                Type::record(Type::row(row, rest))
            }
            PatKind::Map(entries) => {
                let (k, v) = (self.fresh(), self.fresh());
                for (key, value) in entries {
                    let kt = self.literal(key);
                    self.expect(&k, &kt, value.span);
                    let vt = self.pat(value);
                    self.expect(&v, &vt, value.span);
                }
                Type::apply(Type::con(prim::MAP), [k, v])
            }
            PatKind::Binary(segments) => self.binary(segments, |me, value| {
                let string = matches!(value.kind, PatKind::Lit(Literal::String(_)));
                (me.pat(value), value.span, string)
            }),
            PatKind::Typed(inner, annotation) => {
                let t = self.pat(inner);
                let declared = self.annotation(annotation);
                self.expect(&declared, &t, inner.span);
                declared
            }
        }
    }
}
