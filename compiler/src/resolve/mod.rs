//! Name resolution: which definition each name in a package's modules refers to.
//!
//! Pure functions over parsed modules (no salsa, no I/O). The caller passes every module of the
//! package, the standard library's included; [`resolve_package`] returns one [`Resolution`] per
//! module, in the order given. The stages, one file each:
//! - `graph`: the import graph; unknown modules and import cycles;
//! - `scope`: a module's top-level definitions and its exports (its [`Interface`]);
//! - `imports`: the names a module's imports bring into scope;
//! - `names`: every reference in declarations, expressions, patterns and types.
//!
//! Invariant: resolution never stops at the first error; a name that cannot be resolved is
//! left out of [`Resolution::references`] and reported once.

mod graph;
mod imports;
mod names;
mod scope;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::Module;

pub use graph::ImportGraph;
pub use imports::ImportScope;
pub use scope::{Interface, Scope, pattern_vars};

/// The module that holds the built-in types of stdlib/Prim.md.
pub const PRIM: &str = "Prim";

/// The built-in types, in scope in every module without an import.
pub use crate::prim::TYPES as PRIM_TYPES;

/// The kinds of names, each with its own namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Namespace {
    /// Functions, foreign imports, class methods, operator aliases of functions.
    Value,
    /// Data constructors and operator aliases of constructors.
    Constructor,
    /// Data types, newtypes, type synonyms, built-in types.
    Type,
    Class,
}

impl Namespace {
    pub const ALL: [Namespace; 4] = [Namespace::Value, Namespace::Constructor, Namespace::Type, Namespace::Class];

    fn index(self) -> usize {
        self as usize
    }

    /// How a message names an entity of this namespace.
    pub fn describe(self) -> &'static str {
        match self {
            Namespace::Value => "value",
            Namespace::Constructor => "constructor",
            Namespace::Type => "type",
            Namespace::Class => "class",
        }
    }
}

/// A top-level definition: `Data.Maybe.fromMaybe`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Def {
    pub module: String,
    pub name: String,
    pub namespace: Namespace,
}

impl Def {
    pub fn new(module: &str, name: &str, namespace: Namespace) -> Def {
        Def { module: module.to_string(), name: name.to_string(), namespace }
    }
}

/// What a reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Def(Def),
    /// A local binder (argument, `let`, `where`, pattern variable), by the span of its binding
    /// occurrence.
    Local(Span),
}

/// The outcome of resolving one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The module's name (`Main` when it has no header).
    pub module: String,
    pub scope: Scope,
    pub interface: Interface,
    /// Each resolved reference, by the span of the name.
    pub references: BTreeMap<Span, Target>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The module's name from its header; a module without one is `Main`.
pub fn module_name(module: &Module) -> String {
    module.header.as_ref().map_or_else(|| "Main".to_string(), |h| h.name.name.clone())
}

/// Resolves every module of a package. `modules` must include the standard library modules the
/// package imports. A later module of the same name shadows an earlier one (see `db::with_stdlib`).
pub fn resolve_package(modules: &[&Module]) -> Vec<Resolution> {
    let names: Vec<String> = modules.iter().map(|m| module_name(m)).collect();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        by_name.insert(name, i);
    }
    let graph = ImportGraph::build(modules, &names, &by_name);
    let mut diagnostics: Vec<Vec<Diagnostic>> = vec![Vec::new(); modules.len()];
    for (i, d) in graph.diagnostics.iter().cloned() {
        diagnostics[i].push(d);
    }

    let scopes: Vec<Scope> = modules
        .iter()
        .zip(&names)
        .zip(&mut diagnostics)
        .map(|((m, name), diags)| Scope::collect(m, name, diags))
        .collect();

    // Interfaces in dependency order: a module's exports may re-export what it imports.
    let mut interfaces: Vec<Option<Interface>> = vec![None; modules.len()];
    let mut import_scopes: Vec<Option<ImportScope>> = vec![None; modules.len()];
    for &i in &graph.order {
        let available = |j: usize| interfaces[j].as_ref();
        let mut imported = ImportScope::build(modules[i], &by_name, &available, &mut diagnostics[i]);
        let interface = Interface::exports(modules[i], &scopes[i], &mut imported, &mut diagnostics[i]);
        interfaces[i] = Some(interface);
        import_scopes[i] = Some(imported);
    }

    let mut out = Vec::with_capacity(modules.len());
    for (i, module) in modules.iter().enumerate() {
        let mut imported = import_scopes[i].take().expect("`graph.order` lists every module once");
        let mut diags = std::mem::take(&mut diagnostics[i]);
        let references = names::resolve_module(module, &scopes[i], &mut imported, &mut diags);
        diags.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
        out.push(Resolution {
            module: names[i].clone(),
            scope: scopes[i].clone(),
            interface: interfaces[i].take().expect("`graph.order` lists every module once"),
            references,
            diagnostics: diags,
        });
    }
    out
}

/// Levenshtein distance between two names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = if ca == cb { prev } else { prev + 1 };
            prev = row[j + 1];
            row[j + 1] = cost.min(row[j] + 1).min(prev + 1);
        }
    }
    row[b.len()]
}

/// Up to three candidates within edit distance 2 of `name`, nearest first.
fn suggestions<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, _)| d <= 2 && d < name.chars().count().max(2))
        .collect();
    found.sort();
    found.dedup();
    found.into_iter().take(3).map(|(_, c)| c.to_string()).collect()
}

/// "did you mean `a`, `b` or `c`?"
fn did_you_mean(found: &[String]) -> Option<String> {
    let quoted: Vec<String> = found.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}
