//! The names a module's imports bring into scope, unqualified and qualified.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{Entity, Ident, ImportList, Members, Module};

use super::scope::Interface;
use super::{Def, ImportTarget, Namespace};

/// One `import` as resolved: the names it brings.
#[derive(Debug, Clone)]
struct Imported {
    module: String,
    /// `X` in `import M as X`, else `M`.
    qualifier: String,
    /// `false` for `import M as X`: its names are in scope qualified only.
    unqualified: bool,
    span: Span,
    provided: Vec<(String, Def)>,
    /// Names an `import M (…)` lists, with the definitions each stands for.
    listed: Vec<(String, Span, Vec<Def>)>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportScope {
    imports: Vec<Imported>,
    unqualified: HashMap<(Namespace, String), Vec<Def>>,
    qualified: HashMap<(Namespace, String, String), Vec<Def>>,
    /// The constructors the imported interfaces export with each type.
    constructors: HashMap<Def, Vec<Def>>,
    used: HashSet<Def>,
    /// An import's module imports this one back (a cycle), so its interface is left out:
    /// names may be missing, and names not found are not reported.
    pub incomplete: bool,
}

impl ImportScope {
    /// `target(m)` is what an import of module `m` brings; an import of an unknown module is
    /// reported by the module's graph diagnostics, not here.
    pub fn build<'a>(
        module: &Module,
        target: &dyn Fn(&str) -> ImportTarget<'a>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> ImportScope {
        let mut scope = ImportScope::default();
        for import in &module.imports {
            let interface = match target(&import.module.name) {
                ImportTarget::Interface(interface) => interface,
                ImportTarget::Missing => continue,
                ImportTarget::Cyclic => {
                    scope.incomplete = true;
                    continue;
                }
            };
            let m = &import.module.name;
            let members_of = |def: &Def| -> Vec<Def> {
                let names = interface.constructors.get(&def.name).cloned().unwrap_or_default();
                names.iter().filter_map(|c| interface.get(Namespace::Constructor, c).cloned()).collect()
            };
            let mut everything: Vec<(String, Def)> = Vec::new();
            for ns in Namespace::ALL {
                for (name, def) in interface.entries(ns) {
                    everything.push((name.to_string(), def.clone()));
                    if ns == Namespace::Type {
                        scope.constructors.insert(def.clone(), members_of(def));
                    }
                }
            }
            let mut listed = Vec::new();
            let provided = match &import.list {
                None => everything,
                Some(ImportList::Only(items)) => {
                    let mut provided = Vec::new();
                    for item in items {
                        if let Some((name, span, defs)) = entity_defs(item, m, interface, &members_of, diagnostics) {
                            provided.extend(defs.iter().map(|d| (d.name.clone(), d.clone())));
                            listed.push((name, span, defs));
                        }
                    }
                    provided
                }
                Some(ImportList::Hiding(items)) => {
                    let mut hidden = HashSet::new();
                    for item in items {
                        if let Some((_, _, defs)) = entity_defs(item, m, interface, &members_of, diagnostics) {
                            hidden.extend(defs);
                        }
                    }
                    everything.into_iter().filter(|(_, d)| !hidden.contains(d)).collect()
                }
            };
            let qualifier = import.alias.as_ref().map_or(m, |a| &a.name).clone();
            let unqualified = import.alias.is_none();
            for (name, def) in &provided {
                let ns = def.namespace;
                let q = scope.qualified.entry((ns, qualifier.clone(), name.clone())).or_default();
                if !q.contains(def) {
                    q.push(def.clone());
                }
                if unqualified {
                    let u = scope.unqualified.entry((ns, name.clone())).or_default();
                    if !u.contains(def) {
                        u.push(def.clone());
                    }
                }
            }
            scope.imports.push(Imported {
                module: m.clone(),
                qualifier,
                unqualified,
                span: import.span,
                provided,
                listed,
            });
        }
        scope
    }

    /// The distinct definitions `name` may stand for unqualified.
    pub fn unqualified(&self, ns: Namespace, name: &str) -> &[Def] {
        self.unqualified.get(&(ns, name.to_string())).map_or(&[], Vec::as_slice)
    }

    pub fn qualified(&self, ns: Namespace, qualifier: &str, name: &str) -> &[Def] {
        self.qualified.get(&(ns, qualifier.to_string(), name.to_string())).map_or(&[], Vec::as_slice)
    }

    pub fn unique_unqualified(&self, ns: Namespace, name: &str) -> Option<Def> {
        match self.unqualified(ns, name) {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// Every name in scope through imports in `ns`, as written (`x` or `M.x`), for suggestions.
    pub fn spellings(&self, ns: Namespace) -> Vec<String> {
        let mut out: Vec<String> = self.unqualified.keys().filter(|(n, _)| *n == ns).map(|(_, s)| s.clone()).collect();
        out.extend(self.qualified.keys().filter(|(n, _, _)| *n == ns).map(|(_, q, s)| format!("{q}.{s}")));
        out
    }

    pub fn has_qualifier(&self, qualifier: &str) -> bool {
        self.imports.iter().any(|i| i.qualifier == qualifier)
    }

    pub fn constructors_of(&self, ty: &Def) -> Vec<Def> {
        self.constructors.get(ty).cloned().unwrap_or_default()
    }

    pub fn mark_used(&mut self, def: &Def) {
        self.used.insert(def.clone());
    }

    pub fn imports_module(&self, name: &str) -> bool {
        self.imports.iter().any(|i| i.module == name || i.qualifier == name)
    }

    /// What `module M` in an export list re-exports: the names imports of `M` (or imports
    /// aliased `M`) bring unqualified, each type with its constructors.
    pub fn brought_by(&self, name: &str) -> Vec<(String, Def, Option<Vec<String>>)> {
        let mut out = BTreeMap::new();
        for import in self.imports.iter().filter(|i| i.unqualified && (i.module == name || i.qualifier == name)) {
            for (n, def) in &import.provided {
                let members = (def.namespace == Namespace::Type).then(|| {
                    let ctors = self.constructors_of(def);
                    ctors.into_iter().filter(|c| import.provided.iter().any(|(_, d)| d == c)).map(|c| c.name).collect()
                });
                out.insert((def.namespace, n.clone()), (n.clone(), def.clone(), members));
            }
        }
        out.into_values().collect()
    }

    /// Warnings for imports none of whose names is used, and listed names that are unused.
    pub fn unused_warnings(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for import in &self.imports {
            if import.provided.is_empty() {
                continue;
            }
            if !import.provided.iter().any(|(_, d)| self.used.contains(d)) {
                out.push(
                    Diagnostic::warning(Code::E0109, format!("unused import of `{}`", import.module))
                        .with_primary(import.span, "none of the names this imports is used")
                        .with_help("remove the import"),
                );
                continue;
            }
            for (name, span, defs) in &import.listed {
                if !defs.iter().any(|d| self.used.contains(d)) {
                    out.push(
                        Diagnostic::warning(
                            Code::E0109,
                            format!("`{name}` is imported from `{}` but not used", import.module),
                        )
                        .with_primary(*span, "unused")
                        .with_help(format!("remove `{name}` from the import list")),
                    );
                }
            }
        }
        out
    }
}

/// The definitions an entry of an import list stands for (a type with the constructors it
/// names), or `None` after reporting that the module does not export it.
fn entity_defs(
    item: &Entity,
    module: &str,
    interface: &Interface,
    members_of: &dyn Fn(&Def) -> Vec<Def>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, Span, Vec<Def>)> {
    let missing = |id: &Ident, what: &str, diagnostics: &mut Vec<Diagnostic>| {
        let mut d = Diagnostic::error(Code::E0106, format!("module `{module}` does not export {what} `{}`", id.name))
            .with_primary(id.span, "not exported");
        let near = super::suggestions(
            &id.name,
            Namespace::ALL.iter().flat_map(|&ns| interface.entries(ns).map(|(n, _)| n)).collect::<Vec<_>>(),
        );
        if let Some(help) = super::did_you_mean(&near) {
            d = d.with_help(help);
        }
        diagnostics.push(d);
    };
    match item {
        Entity::Value(id) => {
            let def =
                interface.get(Namespace::Value, &id.name).or_else(|| interface.get(Namespace::Constructor, &id.name));
            match def {
                Some(def) => Some((id.name.clone(), id.span, vec![def.clone()])),
                None => {
                    missing(id, "a value", diagnostics);
                    None
                }
            }
        }
        Entity::Class(id) => match interface.get(Namespace::Class, &id.name) {
            Some(def) => Some((id.name.clone(), id.span, vec![def.clone()])),
            None => {
                missing(id, "a class", diagnostics);
                None
            }
        },
        Entity::Type { name, members, .. } => {
            let Some(def) = interface.get(Namespace::Type, &name.name) else {
                missing(name, "a type", diagnostics);
                return None;
            };
            let all = members_of(def);
            let mut defs = vec![def.clone()];
            match members {
                None => {}
                Some(Members::All) => defs.extend(all),
                Some(Members::Some(listed)) => {
                    for m in listed {
                        match all.iter().find(|c| c.name == m.name) {
                            Some(c) => defs.push(c.clone()),
                            None => missing(m, &format!("a constructor of `{}` named", name.name), diagnostics),
                        }
                    }
                }
            }
            Some((name.name.clone(), name.span, defs))
        }
        Entity::Module(m) => {
            diagnostics.push(
                Diagnostic::error(Code::E0106, format!("an import list cannot name a module (`module {}`)", m.name))
                    .with_primary(m.span, "only exports can re-export a module"),
            );
            None
        }
    }
}
