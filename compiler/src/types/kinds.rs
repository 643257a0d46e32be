//! Kind inference for type declarations: data types, newtypes, synonyms and classes.
//!
//! Every declared type constructor and every type parameter gets a kind variable; constructor
//! fields, synonym bodies and class method signatures give equations between kinds, solved by
//! unification. Kinds left open default to `Type` (Haskell 98), so `data Proxy a = Proxy` has
//! kind `Type -> Type`. Higher kinds come out of use: `class Functor f where map :: (a -> b) ->
//! f a -> f b` makes `f :: Type -> Type`. Rows have kind `Row`: `r` in `{ name :: String | r }`.

use std::collections::HashMap;
use std::sync::Arc;

use super::ty::Kind;
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{Constraint, Decl, DeclKind, Ident, Name, Type as Ast, TypeKind};

/// The kinds a group of declarations defines: type constructors by name, and classes by name
/// (the kind of their parameter).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kinds {
    pub types: HashMap<String, Kind>,
    pub classes: HashMap<String, Kind>,
}

/// Infers the kinds of the type and class declarations among `decls`, treated as one mutually
/// recursive group. `external` gives the kinds of type constructors and classes declared
/// elsewhere (imports, built-ins); a name it does not know gets an unconstrained kind here
/// (name resolution reports unknown names).
pub fn infer(
    decls: &[Decl],
    external: &dyn Fn(&Name) -> Option<Kind>,
    external_class: &dyn Fn(&Name) -> Option<Kind>,
) -> (Kinds, Vec<Diagnostic>) {
    let mut k = KindChecker { solutions: Vec::new(), diagnostics: Vec::new() };
    let mut done = Kinds::default();
    // Haskell 98's dependency analysis: each strongly connected group of declarations is
    // inferred and defaulted before the groups that use it, so a use never fixes the kind of a
    // type declared elsewhere.
    for group in groups(decls) {
        let mut types: HashMap<String, Kind> = HashMap::new();
        let mut classes: HashMap<String, Kind> = HashMap::new();
        let mut scopes: Vec<Scope> = Vec::new();
        for &d in &group {
            let scope = match &d.kind {
                DeclKind::Data { params, .. } | DeclKind::Newtype { params, .. } => k.params(params),
                DeclKind::TypeSynonym { params, .. } | DeclKind::Class { params, .. } => k.params(params),
                _ => Vec::new(),
            };
            match &d.kind {
                DeclKind::Data { name, .. } | DeclKind::Newtype { name, .. } => {
                    types.insert(name.name.clone(), k.arrows(&scope, Kind::Type));
                }
                DeclKind::TypeSynonym { name, .. } => {
                    let body = k.fresh();
                    types.insert(name.name.clone(), k.arrows(&scope, body));
                }
                DeclKind::Class { name, .. } => {
                    let param = scope.first().map_or_else(|| k.fresh(), |(_, kind)| kind.clone());
                    classes.insert(name.name.clone(), param);
                }
                _ => {}
            }
            scopes.push(scope);
        }
        let lookup = |n: &Name| -> Option<Kind> {
            if n.qualifier.is_none() {
                if let Some(kind) = types.get(&n.name) {
                    return Some(kind.clone());
                }
                if let Some(kind) = done.types.get(&n.name) {
                    return Some(kind.clone());
                }
            }
            external(n)
        };
        let lookup_class = |n: &Name| -> Option<Kind> {
            if n.qualifier.is_none()
                && let Some(kind) = done.classes.get(&n.name)
            {
                return Some(kind.clone());
            }
            external_class(n)
        };
        for (&d, scope) in group.iter().zip(scopes) {
            let mut scope = scope;
            match &d.kind {
                DeclKind::Data { constructors, .. } => {
                    for arg in constructors.iter().flat_map(|c| &c.args) {
                        k.expect(arg, &Kind::Type, &mut scope, &lookup, &lookup_class, &classes);
                    }
                }
                DeclKind::Newtype { constructor, .. } => {
                    for arg in &constructor.args {
                        k.expect(arg, &Kind::Type, &mut scope, &lookup, &lookup_class, &classes);
                    }
                }
                DeclKind::TypeSynonym { name, ty, .. } => {
                    let body = k.result_of(&types[&name.name], scope.len());
                    k.expect(ty, &body, &mut scope, &lookup, &lookup_class, &classes);
                }
                DeclKind::Class { context, body, .. } => {
                    for c in context {
                        k.constraint(c, &mut scope, &lookup, &lookup_class, &classes);
                    }
                    for method in body {
                        if let DeclKind::Signature { ty, .. } = &method.kind {
                            // Method signatures see the class parameter and bind their own variables.
                            let mut method_scope = scope.clone();
                            k.expect(ty, &Kind::Type, &mut method_scope, &lookup, &lookup_class, &classes);
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, kind) in types {
            done.types.insert(name, k.default(&kind));
        }
        for (name, kind) in classes {
            done.classes.insert(name, k.default(&kind));
        }
    }
    (done, k.diagnostics)
}

/// The type and class declarations among `decls`, in strongly connected groups ordered so that
/// a group comes after every group it refers to (Tarjan's algorithm emits them in that order).
fn groups(decls: &[Decl]) -> Vec<Vec<&Decl>> {
    let declared: Vec<(&str, &Decl)> = decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Data { name, .. }
            | DeclKind::Newtype { name, .. }
            | DeclKind::TypeSynonym { name, .. }
            | DeclKind::Class { name, .. } => Some((name.name.as_str(), d)),
            _ => None,
        })
        .collect();
    let index: HashMap<&str, usize> = declared.iter().enumerate().map(|(i, (n, _))| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = declared
        .iter()
        .map(|(_, d)| {
            let mut names = Vec::new();
            referenced_names(d, &mut names);
            names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect()
        })
        .collect();
    crate::graph::strongly_connected(&edges)
        .into_iter()
        .map(|scc| scc.into_iter().map(|i| declared[i].1).collect())
        .collect()
}

/// Unqualified type and class names a declaration mentions.
fn referenced_names(d: &Decl, out: &mut Vec<String>) {
    fn in_type(t: &Ast, out: &mut Vec<String>) {
        match &t.kind {
            TypeKind::Con(n) if n.qualifier.is_none() => out.push(n.name.clone()),
            TypeKind::App(a, b) | TypeKind::Fun(a, b) => {
                in_type(a, out);
                in_type(b, out);
            }
            TypeKind::Tuple(ts) => ts.iter().for_each(|t| in_type(t, out)),
            TypeKind::List(t) | TypeKind::Forall(_, t) => in_type(t, out),
            TypeKind::Record(row) => row.fields.iter().for_each(|(_, t)| in_type(t, out)),
            TypeKind::Constrained(cs, t) => {
                for c in cs {
                    out.push(c.class.name.clone());
                    c.args.iter().for_each(|a| in_type(a, out));
                }
                in_type(t, out);
            }
            _ => {}
        }
    }
    match &d.kind {
        DeclKind::Data { constructors, .. } => constructors.iter().flat_map(|c| &c.args).for_each(|t| in_type(t, out)),
        DeclKind::Newtype { constructor, .. } => constructor.args.iter().for_each(|t| in_type(t, out)),
        DeclKind::TypeSynonym { ty, .. } => in_type(ty, out),
        DeclKind::Class { context, body, .. } => {
            for c in context {
                out.push(c.class.name.clone());
            }
            for m in body {
                if let DeclKind::Signature { ty, .. } = &m.kind {
                    in_type(ty, out);
                }
            }
        }
        _ => {}
    }
}

/// The kind of a type written in a signature, with its free variables in scope at fresh kinds;
/// reports kind errors (`Maybe Maybe`, `Integer a`). For signatures of values: the result must
/// be `Type`.
pub fn check_signature(
    ty: &Ast,
    external: &dyn Fn(&Name) -> Option<Kind>,
    external_class: &dyn Fn(&Name) -> Option<Kind>,
) -> Vec<Diagnostic> {
    let mut k = KindChecker { solutions: Vec::new(), diagnostics: Vec::new() };
    let mut scope = Vec::new();
    k.expect(ty, &Kind::Type, &mut scope, external, external_class, &HashMap::new());
    k.diagnostics
}

struct KindChecker {
    solutions: Vec<Option<Kind>>,
    diagnostics: Vec<Diagnostic>,
}

/// Type variables in scope and their kinds.
type Scope = Vec<(String, Kind)>;

impl KindChecker {
    fn fresh(&mut self) -> Kind {
        self.solutions.push(None);
        Kind::Var(self.solutions.len() as u32 - 1)
    }

    fn params(&mut self, params: &[Ident]) -> Scope {
        params.iter().map(|p| (p.name.clone(), self.fresh())).collect()
    }

    fn arrows(&self, scope: &Scope, result: Kind) -> Kind {
        scope.iter().rev().fold(result, |acc, (_, k)| Kind::arrow(k.clone(), acc))
    }

    /// The kind left after applying a constructor of kind `k` to `arity` arguments.
    fn result_of(&self, k: &Kind, arity: usize) -> Kind {
        let mut k = self.shallow(k);
        for _ in 0..arity {
            match k {
                Kind::Arrow(_, result) => k = self.shallow(&result),
                _ => break,
            }
        }
        k
    }

    fn shallow(&self, k: &Kind) -> Kind {
        let mut k = k.clone();
        while let Kind::Var(v) = k {
            match &self.solutions[v as usize] {
                Some(s) => k = s.clone(),
                None => break,
            }
        }
        k
    }

    fn zonk(&self, k: &Kind) -> Kind {
        match self.shallow(k) {
            Kind::Arrow(a, b) => Kind::arrow(self.zonk(&a), self.zonk(&b)),
            other => other,
        }
    }

    /// Open kinds default to `Type`.
    fn default(&self, k: &Kind) -> Kind {
        match self.zonk(k) {
            Kind::Var(_) => Kind::Type,
            Kind::Arrow(a, b) => Kind::arrow(self.default(&a), self.default(&b)),
            other => other,
        }
    }

    fn occurs(&self, v: u32, k: &Kind) -> bool {
        match self.shallow(k) {
            Kind::Var(w) => v == w,
            Kind::Arrow(a, b) => self.occurs(v, &a) || self.occurs(v, &b),
            _ => false,
        }
    }

    fn unify(&mut self, a: &Kind, b: &Kind, span: Span) -> bool {
        let (a, b) = (self.shallow(a), self.shallow(b));
        match (&a, &b) {
            (Kind::Var(x), Kind::Var(y)) if x == y => true,
            (Kind::Var(v), other) | (other, Kind::Var(v)) => {
                if self.occurs(*v, other) {
                    let shown = self.default(other);
                    self.diagnostics.push(
                        Diagnostic::error(Code::E0131, "infinite kind")
                            .with_primary(span, format!("this would need a kind that contains itself: {shown}"))
                            .with_note("a type variable is applied to itself, as in `f f`"),
                    );
                    return false;
                }
                self.solutions[*v as usize] = Some(other.clone());
                true
            }
            (Kind::Type, Kind::Type) | (Kind::Row, Kind::Row) => true,
            (Kind::Arrow(a1, b1), Kind::Arrow(a2, b2)) => {
                let (a1, b1, a2, b2) = (Arc::clone(a1), Arc::clone(b1), Arc::clone(a2), Arc::clone(b2));
                self.unify(&a1, &a2, span) && self.unify(&b1, &b2, span)
            }
            _ => false,
        }
    }

    /// Checks that `ty` has kind `expected`, reporting a mismatch at `ty`.
    fn expect(
        &mut self,
        ty: &Ast,
        expected: &Kind,
        scope: &mut Scope,
        types: &dyn Fn(&Name) -> Option<Kind>,
        external_class: &dyn Fn(&Name) -> Option<Kind>,
        classes: &HashMap<String, Kind>,
    ) {
        let actual = self.kind_of(ty, scope, types, external_class, classes);
        let reported = self.diagnostics.len();
        if let Some(actual) = actual
            && !self.unify(&actual, expected, ty.span)
            && self.diagnostics.len() == reported
        {
            let (expected, actual) = (self.default(expected), self.default(&actual));
            self.diagnostics.push(
                Diagnostic::error(
                    Code::E0130,
                    format!("expected a type of kind `{expected}`, but this has kind `{actual}`"),
                )
                .with_primary(ty.span, format!("has kind `{actual}`"))
                .with_note(kind_hint(&expected, &actual, ty)),
            );
        }
    }

    fn constraint(
        &mut self,
        c: &Constraint,
        scope: &mut Scope,
        types: &dyn Fn(&Name) -> Option<Kind>,
        external_class: &dyn Fn(&Name) -> Option<Kind>,
        classes: &HashMap<String, Kind>,
    ) {
        let param = match (c.class.qualifier.as_ref(), classes.get(&c.class.name)) {
            (None, Some(k)) => Some(k.clone()),
            _ => external_class(&c.class),
        };
        let param = param.unwrap_or_else(|| self.fresh());
        for arg in &c.args {
            self.expect(arg, &param, scope, types, external_class, classes);
        }
    }

    /// The kind of `ty`, or `None` after an error inside it (already reported).
    fn kind_of(
        &mut self,
        ty: &Ast,
        scope: &mut Scope,
        types: &dyn Fn(&Name) -> Option<Kind>,
        external_class: &dyn Fn(&Name) -> Option<Kind>,
        classes: &HashMap<String, Kind>,
    ) -> Option<Kind> {
        match &ty.kind {
            TypeKind::Var(v) => Some(match scope.iter().rev().find(|(n, _)| *n == v.name) {
                Some((_, k)) => k.clone(),
                None => {
                    // Implicitly quantified: in scope for the rest of the signature.
                    let k = self.fresh();
                    scope.push((v.name.clone(), k.clone()));
                    k
                }
            }),
            TypeKind::Con(name) => Some(types(name).unwrap_or_else(|| self.fresh())),
            TypeKind::App(f, a) => {
                let fk = self.kind_of(f, scope, types, external_class, classes)?;
                let ak = self.kind_of(a, scope, types, external_class, classes)?;
                let result = self.fresh();
                let reported = self.diagnostics.len();
                if self.unify(&fk, &Kind::arrow(ak.clone(), result.clone()), ty.span) {
                    return Some(result);
                }
                if self.diagnostics.len() > reported {
                    return None;
                }
                let fk = self.default(&fk);
                let message = match fk {
                    Kind::Arrow(..) => format!(
                        "this type constructor of kind `{fk}` cannot take an argument of kind `{}`",
                        self.default(&ak)
                    ),
                    _ => format!("a type of kind `{fk}` cannot be applied to arguments"),
                };
                self.diagnostics.push(
                    Diagnostic::error(Code::E0130, message)
                        .with_primary(a.span, "this argument")
                        .with_secondary(f.span, format!("has kind `{fk}`")),
                );
                None
            }
            TypeKind::Fun(a, b) => {
                self.expect(a, &Kind::Type, scope, types, external_class, classes);
                self.expect(b, &Kind::Type, scope, types, external_class, classes);
                Some(Kind::Type)
            }
            TypeKind::Tuple(items) => {
                for item in items {
                    self.expect(item, &Kind::Type, scope, types, external_class, classes);
                }
                Some(Kind::Type)
            }
            TypeKind::List(elem) => {
                self.expect(elem, &Kind::Type, scope, types, external_class, classes);
                Some(Kind::Type)
            }
            TypeKind::Record(row) => {
                for (_, field) in &row.fields {
                    self.expect(field, &Kind::Type, scope, types, external_class, classes);
                }
                if let Some(tail) = &row.tail {
                    let as_type = Ast { kind: TypeKind::Var(tail.clone()), span: tail.span };
                    self.expect(&as_type, &Kind::Row, scope, types, external_class, classes);
                }
                Some(Kind::Type)
            }
            TypeKind::Forall(vars, body) => {
                let depth = scope.len();
                for v in vars {
                    let k = self.fresh();
                    scope.push((v.name.clone(), k));
                }
                let k = self.kind_of(body, scope, types, external_class, classes);
                scope.truncate(depth);
                k
            }
            TypeKind::Constrained(constraints, body) => {
                for c in constraints {
                    self.constraint(c, scope, types, external_class, classes);
                }
                self.kind_of(body, scope, types, external_class, classes)
            }
            TypeKind::Error => None,
        }
    }
}

fn kind_hint(expected: &Kind, actual: &Kind, ty: &Ast) -> String {
    match (expected, actual) {
        (Kind::Type, Kind::Arrow(..)) => {
            let mut head = ty;
            while let TypeKind::App(f, _) = &head.kind {
                head = f;
            }
            match &head.kind {
                TypeKind::Con(n) => {
                    format!("`{}` needs more arguments to be a type, as `Maybe Integer` is and `Maybe` is not", n.name)
                }
                _ => "this type constructor is missing arguments: `Maybe` alone is not a type, `Maybe Integer` is"
                    .to_string(),
            }
        }
        (Kind::Arrow(..), Kind::Type) => {
            "a type constructor that takes arguments is expected here, such as `Maybe` or `List`".to_string()
        }
        (_, Kind::Row) | (Kind::Row, _) => {
            "a row (the `| r` of a record type) and a type are different kinds".to_string()
        }
        _ => "the kinds of the two sides must be equal".to_string(),
    }
}

#[cfg(test)]
mod tests;
