//! Name resolution: which definition each name in a package's modules refers to.
//!
//! Pure functions over parsed modules (no salsa, no I/O), one module at a time: a module is
//! resolved from its own tree, its [`Scope`] and the [`Interface`]s of the modules it imports
//! ([`resolve_module`]), so that the database re-resolves only the modules an edit touches.
//! [`resolve_package`] does the same for a whole package at once. The stages, one file each:
//! - `graph`: the import graph around one module; unknown modules and import cycles;
//! - `scope`: a module's top-level definitions and its exports (its [`Interface`]);
//! - `imports`: the names a module's imports bring into scope;
//! - `names`: every reference in declarations, expressions, patterns and types;
//! - `package`: every module of a package, in dependency order.
//!
//! Invariant: resolution never stops at the first error; a name that cannot be resolved is
//! left out of [`Resolution::references`] and reported once.

mod graph;
mod imports;
mod names;
mod package;
mod scope;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::span::Span;
use crate::syntax::ast::Module;

pub use graph::{ImportCycle, reachable, reported_cycle};
pub use imports::ImportScope;
pub use package::resolve_package;
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

/// What an import's module is to the module importing it.
#[derive(Debug, Clone, Copy)]
pub enum ImportTarget<'a> {
    /// The package has no module of that name: reported (E0100) by the importing module.
    Missing,
    /// The module imports the importing one back, directly or not. Its interface may depend
    /// on the importer's, so it is left out: the importer is resolved without its names.
    Cyclic,
    Interface(&'a Interface),
}

/// A module's top-level definitions, with the duplicates and lonely signatures among them.
pub fn collect_scope(module: &Module) -> (Scope, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let scope = Scope::collect(module, &module_name(module), &mut diagnostics);
    (scope, diagnostics)
}

/// What a module exports, given its `scope` and what each of its imports is (`target`).
/// Problems with the imports and exports are left to [`resolve_module`] to report: importers
/// need only the interface.
pub fn module_interface<'i>(module: &Module, scope: &Scope, target: &dyn Fn(&str) -> ImportTarget<'i>) -> Interface {
    let mut ignored = Vec::new();
    let mut imported = ImportScope::build(module, target, &mut ignored);
    Interface::exports(module, scope, &mut imported, &mut ignored)
}

/// Resolves one module, given its `scope` (and the diagnostics collecting it gave), what each
/// of its imports is (`target`), the names of the package's modules (suggestions for an
/// unknown import) and the import cycle it reports, if any.
pub fn resolve_module<'i>(
    module: &Module,
    scope: &Scope,
    scope_diagnostics: &[Diagnostic],
    target: &dyn Fn(&str) -> ImportTarget<'i>,
    modules: &[&str],
    cycle: Option<&ImportCycle>,
) -> Resolution {
    let exists = |m: &str| !matches!(target(m), ImportTarget::Missing);
    let mut diagnostics = graph::unknown_modules(module, &exists, modules.iter().copied());
    diagnostics.extend(cycle.and_then(|c| graph::cycle_diagnostic(module, c)));
    diagnostics.extend_from_slice(scope_diagnostics);
    let mut imported = ImportScope::build(module, target, &mut diagnostics);
    let interface = Interface::exports(module, scope, &mut imported, &mut diagnostics);
    let references = names::resolve_module(module, scope, &mut imported, &mut diagnostics);
    diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
    Resolution { module: scope.module.clone(), scope: scope.clone(), interface, references, diagnostics }
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
