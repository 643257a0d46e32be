//! Written types (`Ast`) to checker types: names looked up through name resolution, synonyms
//! expanded, variables handed to the caller (a scheme's bound variables, a signature's rigid
//! ones, an instance head's parameters).

use std::sync::Arc;

use super::env::TypeName;
use super::print::short;
use super::ty::{Constraint, Kind, Scheme, Type};
use super::unify::{sort_constraints, substitute_bound};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Constraint as AstConstraint, Ident, Name, Type as Ast, TypeKind};

/// How names in written types are looked up.
pub struct TypeScope<'a> {
    /// A type constructor or synonym; `None` for a name that did not resolve (already
    /// reported by name resolution).
    pub type_name: &'a dyn Fn(&Name) -> Option<TypeName>,
    /// A class, by its full name.
    pub class_name: &'a dyn Fn(&Name) -> Option<Arc<str>>,
}

impl std::fmt::Debug for TypeScope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypeScope").finish_non_exhaustive()
    }
}

/// Where a type variable stands: rows are the tails of record types.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VarSort {
    Type,
    Row,
}

impl TypeScope<'_> {
    /// Converts `ty`, asking `var` for each type variable. Type errors in the written type
    /// (a synonym without its arguments) go to `diagnostics`; unresolved names become `error`.
    pub fn convert(
        &self,
        ty: &Ast,
        var: &mut dyn FnMut(&Ident, VarSort) -> Type,
        error: &mut dyn FnMut() -> Type,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Type {
        match &ty.kind {
            TypeKind::Var(v) => var(v, VarSort::Type),
            TypeKind::Con(_) | TypeKind::App(..) => {
                // The spine, so a synonym sees all its arguments at once.
                let mut args = Vec::new();
                let mut head = ty;
                while let TypeKind::App(f, a) = &head.kind {
                    args.push(&**a);
                    head = f;
                }
                args.reverse();
                let args: Vec<Type> = args.iter().map(|a| self.convert(a, var, error, diagnostics)).collect();
                let head_type = match &head.kind {
                    TypeKind::Con(n) => match (self.type_name)(n) {
                        Some(TypeName::Con(full)) => Type::Con(full),
                        Some(TypeName::Synonym(full, syn)) => {
                            let params = syn.params as usize;
                            if args.len() < params {
                                diagnostics.push(
                                    Diagnostic::error(
                                        Code::E0130,
                                        format!(
                                            "the type synonym `{}` needs {params} argument{}, but it is given {}",
                                            short(&full),
                                            if params == 1 { "" } else { "s" },
                                            args.len()
                                        ),
                                    )
                                    .with_primary(ty.span, "a synonym must be applied to all its parameters"),
                                );
                                return error();
                            }
                            let body = substitute_bound(&syn.body, &args[..params]);
                            return Type::apply(body, args[params..].iter().cloned());
                        }
                        None => error(),
                    },
                    _ => self.convert(head, var, error, diagnostics),
                };
                Type::apply(head_type, args)
            }
            TypeKind::Fun(a, b) => {
                let a = self.convert(a, var, error, diagnostics);
                let b = self.convert(b, var, error, diagnostics);
                Type::fun(a, b)
            }
            TypeKind::Tuple(items) => {
                let ts = items.iter().map(|i| self.convert(i, var, error, diagnostics)).collect();
                Type::tuple(ts)
            }
            TypeKind::List(t) => Type::list(self.convert(t, var, error, diagnostics)),
            TypeKind::Record(row) => {
                let fields: Vec<(Arc<str>, Type)> = row
                    .fields
                    .iter()
                    .map(|(n, t)| (Arc::from(n.name.as_str()), self.convert(t, var, error, diagnostics)))
                    .collect();
                let tail = match &row.tail {
                    Some(r) => var(r, VarSort::Row),
                    None => Type::RowEmpty,
                };
                Type::record(Type::row(fields, tail))
            }
            TypeKind::Forall(_, t) | TypeKind::Constrained(_, t) => self.convert(t, var, error, diagnostics),
            TypeKind::Error => error(),
        }
    }

    /// The constraints written in a type (`(Eq a, Show a) => …`, under a `forall` too).
    pub fn constraints<'t>(&self, ty: &'t Ast) -> Vec<&'t AstConstraint> {
        match &ty.kind {
            TypeKind::Forall(_, t) => self.constraints(t),
            TypeKind::Constrained(cs, t) => cs.iter().chain(self.constraints(t)).collect(),
            _ => Vec::new(),
        }
    }

    /// A signature as a scheme: its variables (explicitly or implicitly quantified) numbered in
    /// order of appearance in the type, its constraints in canonical order. Returns the
    /// variables' names too, for messages about rigid variables.
    pub fn scheme(&self, ty: &Ast, diagnostics: &mut Vec<Diagnostic>) -> (Scheme, Vec<String>) {
        let mut vars: Vec<(String, VarSort)> = Vec::new();
        let mut var = |v: &Ident, sort: VarSort| {
            let i = vars.iter().position(|(n, _)| *n == v.name).unwrap_or_else(|| {
                vars.push((v.name.clone(), sort));
                vars.len() - 1
            });
            if sort == VarSort::Row {
                vars[i].1 = VarSort::Row;
            }
            Type::Bound(i as u32)
        };
        // Unresolved names were reported by name resolution; what uses them is not reported
        // again (inference treats `Type::unresolved` as poisoned).
        let mut error = Type::unresolved;
        let body = self.convert(ty, &mut var, &mut error, diagnostics);
        let mut constraints = Vec::new();
        for c in self.constraints(ty) {
            let Some(class) = (self.class_name)(&c.class) else { continue };
            let Some(arg) = c.args.first() else { continue };
            let t = self.convert(arg, &mut var, &mut error, diagnostics);
            constraints.push(Constraint { class, ty: t });
        }
        sort_constraints(&mut constraints);
        let kinds = vars.iter().map(|(_, s)| if *s == VarSort::Row { Kind::Row } else { Kind::Type }).collect();
        let names = vars.into_iter().map(|(n, _)| n).collect();
        (Scheme { kinds, constraints, ty: body }, names)
    }
}
