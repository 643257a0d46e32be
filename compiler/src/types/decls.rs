//! A module's declarations, before any function body is looked at: kinds, synonyms, data
//! constructors, classes and their methods, instance heads, deriving clauses, signatures,
//! foreign imports and operator aliases.
//!
//! What comes out depends only on declarations, never on bodies, so the database can keep it
//! when a body changes.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::classes::{ClassInfo, Instance};
use super::convert::{TypeScope, VarSort};
use super::env::{ClassDef, CtorDef, ModuleTypes, Synonym, TypeDef, TypeName, full_name};
use super::kinds;
use super::print::short;
use super::ty::{Constraint, Kind, Scheme, Type, prim};
use crate::diagnostics::{Code, Diagnostic};
use crate::resolve::{Def, Namespace, PRIM, Target};
use crate::span::Span;
use crate::syntax::ast::{Decl, DeclKind, Ident, Module, Name, Type as Ast, TypeKind};

/// A module's declared types.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Declared {
    /// What function bodies are checked against; holds no span.
    pub env: DeclEnv,
    /// Derived instances, with their field types (over the type's parameters), to be checked
    /// once every instance is known.
    pub derived: Vec<Derived>,
    /// The instances written in this module, in order.
    pub written_instances: Vec<WrittenInstance>,
}

/// The types a module's declarations give, without spans: an edit that moves text or changes
/// a function body leaves it equal, so the bodies checked against it are not checked again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeclEnv {
    /// Everything but the inferred types of bindings without signatures.
    pub types: ModuleTypes,
    /// Each signature: its scheme and its variables' names.
    pub signatures: BTreeMap<String, Signature>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    pub scheme: Scheme,
    pub names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WrittenInstance {
    /// Its position in `types.instances`.
    pub instance: usize,
    /// The declaration.
    pub span: Span,
    /// `Show (Maybe a)`: where messages about the instance point.
    pub head: Span,
    /// The names of the head's type variables, for messages.
    pub vars: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// Its position in `types.instances`.
    pub instance: usize,
    pub fields: Vec<Type>,
    /// The class name in the `deriving` clause.
    pub span: Span,
}

/// The classes that `deriving` can write.
pub const DERIVABLE: [&str; 3] = ["Prelude.Eq", "Prelude.Ord", "Prelude.Show"];

/// What the declarations of other modules look like to this one.
pub struct Imported<'a> {
    pub module: &'a str,
    pub references: &'a BTreeMap<Span, Target>,
    /// The declared types of another module, by name.
    pub other: &'a dyn Fn(&str) -> Option<&'a ModuleTypes>,
}

impl std::fmt::Debug for Imported<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imported").field("module", &self.module).finish_non_exhaustive()
    }
}

impl Imported<'_> {
    pub fn def(&self, name: &Name) -> Option<&Def> {
        match self.references.get(&name.span)? {
            Target::Def(d) => Some(d),
            Target::Local(_) => None,
        }
    }
}

/// The kind of a built-in type.
pub fn prim_kind(name: &str) -> Kind {
    match name {
        prim::LIST | prim::IO => Kind::arrow(Kind::Type, Kind::Type),
        prim::MAP => Kind::arrow(Kind::Type, Kind::arrow(Kind::Type, Kind::Type)),
        _ => Kind::Type,
    }
}

/// Collects the declared types of `module`.
pub fn declare(module: &Module, imported: &Imported<'_>, diagnostics: &mut Vec<Diagnostic>) -> Declared {
    let this = imported.module;
    let mut out = Declared::default();

    // Kinds first: they do not need types.
    let external_kind = |n: &Name| -> Option<Kind> {
        let def = imported.def(n)?;
        if def.module == PRIM {
            return Some(prim_kind(&def.name));
        }
        if def.module == this {
            return None;
        }
        Some((imported.other)(&def.module)?.types.get(&def.name)?.kind.clone())
    };
    let external_class = |n: &Name| -> Option<Kind> {
        let def = imported.def(n)?;
        Some((imported.other)(&def.module)?.classes.get(&def.name)?.info.param_kind.clone())
    };
    let (kinds, kind_errors) = kinds::infer(&module.decls, &external_kind, &external_class);
    diagnostics.extend(kind_errors);

    // Local types, filled as synonyms are converted (a synonym may use another).
    let local: RefCell<BTreeMap<String, TypeDef>> = RefCell::new(BTreeMap::new());
    for d in &module.decls {
        let (name, ctors) = match &d.kind {
            DeclKind::Data { name, constructors, .. } => {
                (name, constructors.iter().map(|c| c.name.name.clone()).collect::<Vec<_>>())
            }
            DeclKind::Newtype { name, constructor, .. } => (name, vec![constructor.name.name.clone()]),
            _ => continue,
        };
        let kind = kinds.types.get(&name.name).cloned().unwrap_or(Kind::Type);
        let full = full_name(&Def::new(this, &name.name, Namespace::Type));
        local.borrow_mut().insert(name.name.clone(), TypeDef { full, kind, constructors: ctors, synonym: None });
    }
    let type_name = |n: &Name| -> Option<TypeName> {
        let def = imported.def(n)?;
        if def.namespace != Namespace::Type {
            return None;
        }
        if def.module == PRIM {
            return Some(TypeName::Con(def.name.as_str().into()));
        }
        if def.module == this {
            return local.borrow().get(&def.name).map(|t| match &t.synonym {
                Some(s) => TypeName::Synonym(t.full.clone(), s.clone()),
                None => TypeName::Con(t.full.clone()),
            });
        }
        (imported.other)(&def.module)?.type_name(&def.name)
    };
    let class_name = |n: &Name| -> Option<Arc<str>> {
        let def = imported.def(n)?;
        (def.namespace == Namespace::Class).then(|| full_name(def))
    };
    let scope = TypeScope { type_name: &type_name, class_name: &class_name };

    synonyms(module, imported, &scope, &kinds, &local, diagnostics);
    constructors(module, this, &scope, &kinds, &mut out, diagnostics);

    // Signatures see this module's kinds before the imported ones.
    let local_kind = |n: &Name| -> Option<Kind> {
        match imported.def(n) {
            Some(def) if def.module == this => kinds.types.get(&def.name).cloned(),
            _ => external_kind(n),
        }
    };
    let local_class = |n: &Name| -> Option<Kind> {
        match imported.def(n) {
            Some(def) if def.module == this => kinds.classes.get(&def.name).cloned(),
            _ => external_class(n),
        }
    };
    for d in &module.decls {
        match &d.kind {
            DeclKind::Signature { names, ty } => {
                diagnostics.extend(kinds::check_signature(ty, &local_kind, &local_class));
                let (scheme, vars) = scope.scheme(ty, diagnostics);
                for n in names {
                    out.env.types.values.insert(n.name.clone(), scheme.clone());
                    out.env
                        .signatures
                        .insert(n.name.clone(), Signature { scheme: scheme.clone(), names: vars.clone() });
                }
            }
            DeclKind::Foreign { name, ty } => {
                let (scheme, _) = scope.scheme(ty, diagnostics);
                out.env.types.values.insert(name.name.clone(), scheme);
            }
            DeclKind::Class { context, name, params, body } => {
                class(this, context, name, params, body, &scope, &kinds, &mut out, diagnostics);
            }
            DeclKind::Instance { context, class, args, .. } => {
                if let Some((instance, vars)) = instance_head(context, class, args, d.span, &scope, diagnostics) {
                    let head = args.iter().fold(class.span, |s, a| s.to(a.span));
                    let kind_of = |full: &str| -> Option<Kind> {
                        match full.rsplit_once('.') {
                            None if full == "->" => Some(Kind::arrow(Kind::Type, Kind::arrow(Kind::Type, Kind::Type))),
                            None if full.starts_with("Tuple") => {
                                let n: usize = full["Tuple".len()..].parse().ok()?;
                                Some((0..n).fold(Kind::Type, |k, _| Kind::arrow(Kind::Type, k)))
                            }
                            None => Some(prim_kind(full)),
                            Some((m, n)) if m == this => kinds.types.get(n).cloned(),
                            Some((m, n)) => Some((imported.other)(m)?.types.get(n)?.kind.clone()),
                        }
                    };
                    let class_kind = match instance.class.rsplit_once('.') {
                        Some((m, n)) if m == this => kinds.classes.get(n).cloned(),
                        Some((m, n)) => {
                            (imported.other)(m).and_then(|t| Some(t.classes.get(n)?.info.param_kind.clone()))
                        }
                        None => None,
                    };
                    if let (Some(want), Some(has)) = (class_kind, kind_of(&instance.head)) {
                        let mut applied = has.clone();
                        for _ in 0..instance.arity {
                            applied = match applied {
                                Kind::Arrow(_, result) => (*result).clone(),
                                other => other,
                            };
                        }
                        if applied != want {
                            diagnostics.push(
                                Diagnostic::error(
                                    Code::E0130,
                                    format!(
                                        "`{}` is for types of kind `{want}`, but this is of kind `{applied}`",
                                        class.name
                                    ),
                                )
                                .with_primary(head, format!("`{}` has kind `{has}`", short(&instance.head)))
                                .with_note("an instance's type, applied to its variables, must have the kind of the class's parameter"),
                            );
                            continue;
                        }
                    }
                    let written = WrittenInstance { instance: out.env.types.instances.len(), span: d.span, head, vars };
                    out.written_instances.push(written);
                    out.env.types.instances.push(instance);
                }
            }
            DeclKind::Fixity(f) if f.operator.name != f.function.name => {
                if let Some(def) = imported.def(&f.function) {
                    out.env.types.aliases.insert(f.operator.name.clone(), def.clone());
                }
            }
            _ => {}
        }
    }
    out.env.types.types = local.borrow().clone();
    out
}

/// Converts the module's synonyms, each after those it uses; a cycle is an error.
fn synonyms(
    module: &Module,
    imported: &Imported<'_>,
    scope: &TypeScope<'_>,
    kinds: &kinds::Kinds,
    local: &RefCell<BTreeMap<String, TypeDef>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let synonyms: Vec<(&Ident, &Vec<Ident>, &Ast)> = module
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::TypeSynonym { name, params, ty } => Some((name, params, ty)),
            _ => None,
        })
        .collect();
    let index: HashMap<&str, usize> = synonyms.iter().enumerate().map(|(i, (n, ..))| (n.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = synonyms
        .iter()
        .map(|(_, _, ty)| {
            let mut used = Vec::new();
            type_names(ty, &mut used);
            used.iter()
                .filter_map(|n| imported.def(n))
                .filter(|d| d.module == imported.module && d.namespace == Namespace::Type)
                .filter_map(|d| index.get(d.name.as_str()).copied())
                .collect()
        })
        .collect();
    for group in crate::graph::strongly_connected(&edges) {
        let cyclic = group.len() > 1 || edges[group[0]].contains(&group[0]);
        for &i in &group {
            let (name, params, ty) = synonyms[i];
            let kind = kinds.types.get(&name.name).cloned().unwrap_or(Kind::Type);
            let full = full_name(&Def::new(imported.module, &name.name, Namespace::Type));
            if cyclic {
                let others: Vec<String> =
                    group.iter().filter(|&&j| j != i).map(|&j| format!("`{}`", synonyms[j].0.name)).collect();
                let mut d =
                    Diagnostic::error(Code::E0132, format!("the type synonym `{}` refers to itself", name.name))
                        .with_primary(name.span, "a synonym is an abbreviation, so it cannot be recursive")
                        .with_help("use `data` or `newtype` for a recursive type");
                if !others.is_empty() {
                    d = d.with_note(format!("through {}", others.join(", ")));
                }
                diagnostics.push(d);
                // Stands for nothing, so uses do not report again.
                local
                    .borrow_mut()
                    .insert(name.name.clone(), TypeDef { full, kind, constructors: Vec::new(), synonym: None });
                continue;
            }
            let mut error = Type::unresolved;
            let mut var = |v: &Ident, _: VarSort| match params.iter().position(|p| p.name == v.name) {
                Some(i) => Type::Bound(i as u32),
                // An unbound variable in a synonym body: kind inference reports it.
                None => Type::unresolved(),
            };
            let body = scope.convert(ty, &mut var, &mut error, diagnostics);
            let synonym = Arc::new(Synonym { params: params.len() as u32, body });
            local
                .borrow_mut()
                .insert(name.name.clone(), TypeDef { full, kind, constructors: Vec::new(), synonym: Some(synonym) });
        }
    }
}

/// The type constructor names a written type uses.
fn type_names<'t>(t: &'t Ast, out: &mut Vec<&'t Name>) {
    match &t.kind {
        TypeKind::Con(n) => out.push(n),
        TypeKind::App(a, b) | TypeKind::Fun(a, b) => {
            type_names(a, out);
            type_names(b, out);
        }
        TypeKind::Tuple(ts) => ts.iter().for_each(|t| type_names(t, out)),
        TypeKind::List(t) | TypeKind::Forall(_, t) | TypeKind::Constrained(_, t) => type_names(t, out),
        TypeKind::Record(row) => row.fields.iter().for_each(|(_, t)| type_names(t, out)),
        TypeKind::Var(_) | TypeKind::Error => {}
    }
}

/// The parameters' kinds, from the type constructor's kind.
fn param_kinds(kind: &Kind, n: usize) -> Vec<Kind> {
    let mut out = Vec::with_capacity(n);
    let mut k = kind;
    while out.len() < n {
        match k {
            Kind::Arrow(a, b) => {
                out.push((**a).clone());
                k = b;
            }
            _ => out.push(Kind::Type),
        }
    }
    out
}

/// Data constructors' schemes, and derived instances.
fn constructors(
    module: &Module,
    this: &str,
    scope: &TypeScope<'_>,
    kinds: &kinds::Kinds,
    out: &mut Declared,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for d in &module.decls {
        let (name, params, ctors, deriving) = match &d.kind {
            DeclKind::Data { name, params, constructors, deriving } => {
                (name, params, constructors.iter().collect::<Vec<_>>(), deriving)
            }
            DeclKind::Newtype { name, params, constructor, deriving } => (name, params, vec![constructor], deriving),
            _ => continue,
        };
        let full = full_name(&Def::new(this, &name.name, Namespace::Type));
        let kind = kinds.types.get(&name.name).cloned().unwrap_or(Kind::Type);
        let pkinds = param_kinds(&kind, params.len());
        let result = Type::apply(Type::Con(full.clone()), (0..params.len() as u32).map(Type::Bound));
        let mut fields = Vec::new();
        for (index, c) in ctors.iter().enumerate() {
            let mut error = Type::unresolved;
            let mut var = |v: &Ident, _: VarSort| match params.iter().position(|p| p.name == v.name) {
                Some(i) => Type::Bound(i as u32),
                None => Type::unresolved(),
            };
            let args: Vec<Type> = c.args.iter().map(|a| scope.convert(a, &mut var, &mut error, diagnostics)).collect();
            fields.extend(args.iter().cloned());
            let scheme =
                Scheme { kinds: pkinds.clone(), constraints: Vec::new(), ty: Type::funs(args, result.clone()) };
            out.env.types.constructors.insert(
                c.name.name.clone(),
                CtorDef { scheme, ty: full.clone(), index: index as u32, arity: c.args.len() as u32 },
            );
        }
        for class in deriving {
            let Some(class_full) = (scope.class_name)(class) else { continue };
            if !DERIVABLE.contains(&&*class_full) {
                diagnostics.push(
                    Diagnostic::error(Code::E0162, format!("`{}` cannot be derived", short(&class_full)))
                        .with_primary(class.span, "only `Eq`, `Ord` and `Show` can be derived")
                        .with_help(format!("write `instance {} {}` by hand", short(&class_full), name.name)),
                );
                continue;
            }
            let context = params
                .iter()
                .zip(&pkinds)
                .enumerate()
                .filter(|(_, (_, k))| **k == Kind::Type)
                .map(|(i, _)| Constraint { class: class_full.clone(), ty: Type::Bound(i as u32) })
                .collect();
            let instance = Instance { class: class_full, head: full.clone(), arity: params.len() as u32, context };
            out.derived.push(Derived {
                instance: out.env.types.instances.len(),
                fields: fields.clone(),
                span: class.span,
            });
            out.env.types.instances.push(instance);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn class(
    this: &str,
    context: &[crate::syntax::ast::Constraint],
    name: &Ident,
    params: &[Ident],
    body: &[Decl],
    scope: &TypeScope<'_>,
    kinds: &kinds::Kinds,
    out: &mut Declared,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let full = full_name(&Def::new(this, &name.name, Namespace::Class));
    let param = params.first().map(|p| p.name.as_str()).unwrap_or("");
    let superclasses = context.iter().filter_map(|c| (scope.class_name)(&c.class)).collect();
    let param_kind = kinds.classes.get(&name.name).cloned().unwrap_or(Kind::Type);
    let mut methods = Vec::new();
    let mut defaults = Vec::new();
    for d in body {
        match &d.kind {
            DeclKind::Signature { names, ty } => {
                let mut vars: Vec<(String, VarSort)> = vec![(param.to_string(), VarSort::Type)];
                let mut var = |v: &Ident, sort: VarSort| {
                    let i = vars.iter().position(|(n, _)| *n == v.name).unwrap_or_else(|| {
                        vars.push((v.name.clone(), sort));
                        vars.len() - 1
                    });
                    Type::Bound(i as u32)
                };
                let mut error = Type::unresolved;
                let body_ty = scope.convert(ty, &mut var, &mut error, diagnostics);
                let mut own = Vec::new();
                for c in scope.constraints(ty) {
                    let (Some(class), Some(arg)) = ((scope.class_name)(&c.class), c.args.first()) else { continue };
                    own.push(Constraint { class, ty: scope.convert(arg, &mut var, &mut error, diagnostics) });
                }
                super::unify::sort_constraints(&mut own);
                let mut constraints = vec![Constraint { class: full.clone(), ty: Type::Bound(0) }];
                constraints.extend(own);
                let kinds = vars
                    .iter()
                    .enumerate()
                    .map(|(i, (_, s))| match (i, s) {
                        (0, _) => param_kind.clone(),
                        (_, VarSort::Row) => Kind::Row,
                        _ => Kind::Type,
                    })
                    .collect::<Vec<_>>();
                let mut mentions = false;
                body_ty.walk(&mut |t| mentions |= *t == Type::Bound(0));
                if !mentions {
                    for n in names {
                        diagnostics.push(
                            Diagnostic::error(
                                Code::E0156,
                                format!("the method `{}` does not mention the class variable `{param}`", n.name),
                            )
                            .with_primary(ty.span, "no use of it could tell which instance to take")
                            .with_help(format!("give it a parameter or result that involves `{param}`")),
                        );
                    }
                }
                let scheme = Scheme { kinds, constraints, ty: body_ty };
                for n in names {
                    methods.push((n.name.clone(), scheme.clone()));
                    out.env.types.values.insert(n.name.clone(), scheme.clone());
                }
            }
            DeclKind::Equation(eq) if !defaults.contains(&eq.name.name) => defaults.push(eq.name.name.clone()),
            _ => {}
        }
    }
    let info = ClassInfo { name: full, param_kind, superclasses };
    out.env.types.classes.insert(name.name.clone(), ClassDef { info, methods, defaults });
}

/// `instance (Show a) => Show (Maybe a)`: a class, and a type constructor applied to distinct
/// variables (Haskell 98).
fn instance_head(
    context: &[crate::syntax::ast::Constraint],
    class: &Name,
    args: &[Ast],
    span: Span,
    scope: &TypeScope<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Instance, Vec<String>)> {
    let class_full = (scope.class_name)(class)?;
    let [arg] = args else {
        diagnostics.push(
            Diagnostic::error(Code::E0161, "an instance is for exactly one type")
                .with_primary(span, format!("`{}` has one parameter", class.name)),
        );
        return None;
    };
    let bad = |why: &str| {
        Diagnostic::error(Code::E0161, format!("invalid instance head for `{}`", class.name))
            .with_primary(arg.span, why.to_string())
            .with_note(
                "an instance head is a type constructor applied to distinct type variables, as in `Show (Maybe a)`",
            )
    };
    // The head constructor and its arguments, which must be distinct variables.
    let (head, vars): (Arc<str>, Vec<&Ident>) = {
        let mut spine = Vec::new();
        let mut h = arg;
        while let TypeKind::App(f, a) = &h.kind {
            spine.push(&**a);
            h = f;
        }
        spine.reverse();
        let head: Arc<str> = match &h.kind {
            TypeKind::Con(n) => match (scope.type_name)(n) {
                Some(TypeName::Con(full)) => full,
                Some(TypeName::Synonym(..)) => {
                    diagnostics.push(bad("this is a type synonym; instances are for the types themselves"));
                    return None;
                }
                None => return None,
            },
            TypeKind::Fun(a, b) => {
                spine = vec![&**a, &**b];
                "->".into()
            }
            TypeKind::List(t) => {
                spine = vec![&**t];
                prim::LIST.into()
            }
            TypeKind::Tuple(items) => {
                spine = items.iter().collect();
                if items.is_empty() { prim::UNIT.into() } else { prim::tuple(items.len()).into() }
            }
            TypeKind::Var(_) => {
                diagnostics.push(bad("the type is a bare variable"));
                return None;
            }
            _ => {
                diagnostics.push(bad("this type cannot have instances"));
                return None;
            }
        };
        let mut vars = Vec::new();
        for a in spine {
            match &a.kind {
                TypeKind::Var(v) if vars.iter().all(|w: &&Ident| w.name != v.name) => vars.push(v),
                TypeKind::Var(_) => {
                    diagnostics.push(bad("a type variable appears twice"));
                    return None;
                }
                _ => {
                    diagnostics.push(bad("the arguments of the type must be type variables"));
                    return None;
                }
            }
        }
        (head, vars)
    };
    let mut constraints = Vec::new();
    for c in context {
        let Some(cclass) = (scope.class_name)(&c.class) else { continue };
        let Some(TypeKind::Var(v)) = c.args.first().map(|a| &a.kind) else { continue };
        let Some(i) = vars.iter().position(|w| w.name == v.name) else { continue };
        constraints.push(Constraint { class: cclass, ty: Type::Bound(i as u32) });
    }
    let names = vars.iter().map(|v| v.name.clone()).collect();
    Some((Instance { class: class_full, head, arity: vars.len() as u32, context: constraints }, names))
}
