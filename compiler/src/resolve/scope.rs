//! A module's top-level definitions ([`Scope`]) and what it exports ([`Interface`]).

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{DeclKind, Entity, Members, Module, Pat, PatKind};

use super::imports::ImportScope;
use super::{Def, Namespace, PRIM, PRIM_TYPES};

/// The names a module defines at the top level, by namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub module: String,
    /// Per namespace (see [`Namespace::index`]): name -> span of the defining occurrence.
    defs: [BTreeMap<String, Span>; 4],
    /// Each data type or newtype's constructors, in declaration order.
    pub constructors: BTreeMap<String, Vec<String>>,
}

impl Scope {
    pub fn get(&self, namespace: Namespace, name: &str) -> Option<Def> {
        self.defs[namespace.index()].contains_key(name).then(|| Def::new(&self.module, name, namespace))
    }

    /// The names defined in `namespace`, with the spans that define them.
    pub fn names(&self, namespace: Namespace) -> impl Iterator<Item = (&str, Span)> {
        self.defs[namespace.index()].iter().map(|(n, s)| (n.as_str(), *s))
    }

    /// Collects the top-level definitions of `module`, reporting duplicates and signatures
    /// without a definition.
    pub fn collect(module: &Module, name: &str, diagnostics: &mut Vec<Diagnostic>) -> Scope {
        let mut scope = Scope { module: name.to_string(), ..Scope::default() };
        // The equation name of the previous declaration, to tell a continued function from a
        // function defined again further down.
        let mut previous_equation: Option<&str> = None;
        let mut equations: HashMap<&str, Span> = HashMap::new();
        let mut signatures = Vec::new();
        for decl in &module.decls {
            let mut this_equation = None;
            match &decl.kind {
                DeclKind::Equation(eq) => {
                    let n = eq.name.name.as_str();
                    this_equation = Some(n);
                    if previous_equation != Some(n) {
                        if let Some(&first) = equations.get(n) {
                            diagnostics.push(
                                Diagnostic::error(Code::E0103, format!("the equations of `{n}` must be together"))
                                    .with_primary(eq.name.span, "this equation is separated from the others")
                                    .with_secondary(first, "the first equation is here"),
                            );
                        } else {
                            scope.define(Namespace::Value, n, eq.name.span, diagnostics);
                            equations.insert(n, eq.name.span);
                        }
                    }
                }
                DeclKind::Signature { names, .. } => signatures.extend(names.iter()),
                DeclKind::PatternBinding { pat, .. } => {
                    let mut vars = Vec::new();
                    pattern_vars(pat, &mut vars);
                    for (v, span) in vars {
                        scope.define(Namespace::Value, &v, span, diagnostics);
                    }
                }
                DeclKind::Data { name, constructors, .. } => {
                    scope.define(Namespace::Type, &name.name, name.span, diagnostics);
                    for c in constructors {
                        scope.define(Namespace::Constructor, &c.name.name, c.name.span, diagnostics);
                    }
                    scope
                        .constructors
                        .insert(name.name.clone(), constructors.iter().map(|c| c.name.name.clone()).collect());
                }
                DeclKind::Newtype { name, constructor, .. } => {
                    scope.define(Namespace::Type, &name.name, name.span, diagnostics);
                    scope.define(Namespace::Constructor, &constructor.name.name, constructor.name.span, diagnostics);
                    scope.constructors.insert(name.name.clone(), vec![constructor.name.name.clone()]);
                }
                DeclKind::TypeSynonym { name, .. } => scope.define(Namespace::Type, &name.name, name.span, diagnostics),
                DeclKind::Class { name, body, .. } => {
                    scope.define(Namespace::Class, &name.name, name.span, diagnostics);
                    for d in body {
                        if let DeclKind::Signature { names, .. } = &d.kind {
                            for m in names {
                                scope.define(Namespace::Value, &m.name, m.span, diagnostics);
                            }
                        }
                    }
                }
                DeclKind::Fixity(f) if f.operator.name != f.function.name => {
                    let is_constructor = f.function.name.starts_with(|c: char| c.is_uppercase());
                    let ns = if is_constructor { Namespace::Constructor } else { Namespace::Value };
                    scope.define(ns, &f.operator.name, f.operator.span, diagnostics);
                }
                DeclKind::Foreign { name, .. } => scope.define(Namespace::Value, &name.name, name.span, diagnostics),
                DeclKind::Fixity(_) | DeclKind::Instance { .. } | DeclKind::Error => {}
            }
            previous_equation = this_equation;
        }
        for sig in signatures {
            if !scope.defs[Namespace::Value.index()].contains_key(&sig.name) {
                diagnostics.push(
                    Diagnostic::error(Code::E0104, format!("`{}` has a type signature but no definition", sig.name))
                        .with_primary(sig.span, "declared here")
                        .with_help(format!("define `{}` below its signature, or remove the signature", sig.name)),
                );
            }
        }
        scope
    }

    fn define(&mut self, namespace: Namespace, name: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) {
        let defs = &mut self.defs[namespace.index()];
        if let Some(&first) = defs.get(name) {
            diagnostics.push(
                Diagnostic::error(Code::E0102, format!("the {} `{name}` is defined twice", namespace.describe()))
                    .with_primary(span, "defined again here")
                    .with_secondary(first, "first defined here"),
            );
        } else {
            defs.insert(name.to_string(), span);
        }
    }
}

/// The variables a pattern binds, with their spans, in source order.
pub fn pattern_vars(pat: &Pat, out: &mut Vec<(String, Span)>) {
    match &pat.kind {
        PatKind::Var(v) => out.push((v.name.clone(), v.span)),
        PatKind::As(v, p) => {
            out.push((v.name.clone(), v.span));
            pattern_vars(p, out);
        }
        PatKind::Con(_, ps) | PatKind::Tuple(ps) | PatKind::List(ps) => ps.iter().for_each(|p| pattern_vars(p, out)),
        PatKind::Cons(h, t) => {
            pattern_vars(h, out);
            pattern_vars(t, out);
        }
        PatKind::ListCons(hs, t) => {
            hs.iter().for_each(|p| pattern_vars(p, out));
            pattern_vars(t, out);
        }
        PatKind::Record(fields) => {
            for f in fields {
                match &f.pat {
                    Some(p) => pattern_vars(p, out),
                    None => out.push((f.name.name.clone(), f.name.span)),
                }
            }
        }
        PatKind::Map(entries) => entries.iter().for_each(|(_, p)| pattern_vars(p, out)),
        PatKind::Binary(segments) => segments.iter().for_each(|s| pattern_vars(&s.value, out)),
        PatKind::Typed(p, _) => pattern_vars(p, out),
        PatKind::Wildcard | PatKind::Lit(_) | PatKind::Error => {}
    }
}

/// What a module exports: the names another module's `import` can bring in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interface {
    /// Per namespace: exported name -> the definition it stands for.
    entries: [BTreeMap<String, Def>; 4],
    /// Exported types' exported constructors: `T(..)` or `T(A, B)`.
    pub constructors: BTreeMap<String, Vec<String>>,
}

impl Interface {
    pub fn get(&self, namespace: Namespace, name: &str) -> Option<&Def> {
        self.entries[namespace.index()].get(name)
    }

    pub fn entries(&self, namespace: Namespace) -> impl Iterator<Item = (&str, &Def)> {
        self.entries[namespace.index()].iter().map(|(n, d)| (n.as_str(), d))
    }

    fn add(&mut self, name: &str, def: Def) {
        self.entries[def.namespace.index()].insert(name.to_string(), def);
    }

    /// The exports of `module`: its export list resolved against its definitions and imports,
    /// or every definition when there is no list. Exported imports count as used.
    pub fn exports(
        module: &Module,
        scope: &Scope,
        imported: &mut ImportScope,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Interface {
        let mut interface = Interface::default();
        let exports = module.header.as_ref().and_then(|h| h.exports.as_ref());
        let Some(exports) = exports else {
            interface.export_all_defined(scope);
            return interface;
        };
        for entity in exports {
            match entity {
                Entity::Value(id) => {
                    let found = [Namespace::Value, Namespace::Constructor]
                        .into_iter()
                        .find_map(|ns| lookup_export(scope, imported, ns, &id.name));
                    match found {
                        Some(def) => interface.add(&id.name, def),
                        None if imported.incomplete => {}
                        None => diagnostics.push(not_in_scope(Namespace::Value, &id.name, id.span)),
                    }
                }
                Entity::Class(id) => match lookup_export(scope, imported, Namespace::Class, &id.name) {
                    Some(def) => interface.add(&id.name, def),
                    None if imported.incomplete => {}
                    None => diagnostics.push(not_in_scope(Namespace::Class, &id.name, id.span)),
                },
                Entity::Type { name, members, .. } => {
                    let Some(def) = lookup_export(scope, imported, Namespace::Type, &name.name) else {
                        if !imported.incomplete {
                            diagnostics.push(not_in_scope(Namespace::Type, &name.name, name.span));
                        }
                        continue;
                    };
                    let all: Vec<Def> = if def.module == scope.module {
                        let names = scope.constructors.get(&name.name).cloned().unwrap_or_default();
                        names.iter().map(|c| Def::new(&scope.module, c, Namespace::Constructor)).collect()
                    } else {
                        imported.constructors_of(&def)
                    };
                    let chosen: Vec<Def> = match members {
                        None => Vec::new(),
                        Some(Members::All) => all,
                        Some(Members::Some(listed)) => listed
                            .iter()
                            .filter_map(|m| {
                                let found = all.iter().find(|d| d.name == m.name).cloned();
                                if found.is_none() {
                                    diagnostics.push(
                                        Diagnostic::error(
                                            Code::E0105,
                                            format!("`{}` is not a constructor of `{}`", m.name, name.name),
                                        )
                                        .with_primary(m.span, "exported here"),
                                    );
                                }
                                found
                            })
                            .collect(),
                    };
                    imported.mark_used(&def);
                    for c in &chosen {
                        imported.mark_used(c);
                        interface.add(&c.name, c.clone());
                    }
                    interface.constructors.insert(name.name.clone(), chosen.iter().map(|c| c.name.clone()).collect());
                    interface.add(&name.name, def);
                }
                Entity::Module(m) if m.name == scope.module => interface.export_all_defined(scope),
                Entity::Module(m) => {
                    let brought = imported.brought_by(&m.name);
                    if brought.is_empty() && !imported.imports_module(&m.name) {
                        diagnostics.push(
                            Diagnostic::error(
                                Code::E0105,
                                format!("cannot re-export module `{}`: it is not imported", m.name),
                            )
                            .with_primary(m.span, "exported here"),
                        );
                    }
                    for (name, def, members) in brought {
                        imported.mark_used(&def);
                        if let Some(members) = members {
                            interface.constructors.insert(name.clone(), members);
                        }
                        interface.add(&name, def);
                    }
                }
            }
        }
        interface
    }

    fn export_all_defined(&mut self, scope: &Scope) {
        for ns in Namespace::ALL {
            for (name, _) in scope.names(ns) {
                self.add(name, Def::new(&scope.module, name, ns));
            }
        }
        self.constructors.extend(scope.constructors.clone());
    }
}

/// `name` as the module sees it: its own definition first, then an import, then a built-in type.
fn lookup_export(scope: &Scope, imported: &mut ImportScope, ns: Namespace, name: &str) -> Option<Def> {
    if let Some(def) = scope.get(ns, name) {
        return Some(def);
    }
    if let Some(def) = imported.unique_unqualified(ns, name) {
        imported.mark_used(&def);
        return Some(def);
    }
    (ns == Namespace::Type && PRIM_TYPES.contains(&name)).then(|| Def::new(PRIM, name, Namespace::Type))
}

fn not_in_scope(ns: Namespace, name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(Code::E0105, format!("cannot export the {} `{name}`: it is not in scope", ns.describe()))
        .with_primary(span, "exported here")
}
