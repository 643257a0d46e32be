//! A whole package resolved at once, module by module, as the database does it one query at a
//! time: for tests and tools that hold every module already.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::syntax::ast::Module;

use super::graph::{reachable, reported_cycle};
use super::{ImportTarget, Interface, Resolution, Scope, collect_scope, module_interface, module_name, resolve_module};

/// Resolves every module of a package. `modules` must include the standard library modules the
/// package imports. A later module of the same name shadows an earlier one (see `db::with_stdlib`).
pub fn resolve_package(modules: &[&Module]) -> Vec<Resolution> {
    let names: Vec<String> = modules.iter().map(|m| module_name(m)).collect();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        by_name.insert(name, i);
    }
    let known: Vec<&str> = by_name.keys().copied().collect();
    // `imports[i]`: (index of the import, module) for each import of `i` the package has.
    let imports: Vec<Vec<(usize, usize)>> = modules
        .iter()
        .map(|m| {
            let found = m.imports.iter().enumerate();
            found.filter_map(|(k, import)| Some((k, *by_name.get(import.module.name.as_str())?))).collect()
        })
        .collect();
    let successors: Vec<Vec<usize>> = imports.iter().map(|out| out.iter().map(|&(_, j)| j).collect()).collect();
    let reach: Vec<HashSet<usize>> =
        (0..modules.len()).map(|i| reachable(i, |m| successors[m].clone()).into_iter().collect()).collect();
    let scopes: Vec<(Scope, Vec<Diagnostic>)> = modules.iter().map(|m| collect_scope(m)).collect();

    // Interfaces in dependency order: a module's exports may re-export what it imports. A
    // module of a cycle is resolved without the imports that lead back to it.
    let graph = Graph { by_name: &by_name, reach: &reach };
    let mut interfaces: Vec<Option<Interface>> = vec![None; modules.len()];
    for i in crate::graph::strongly_connected(&successors).into_iter().flatten() {
        let interface = module_interface(modules[i], &scopes[i].0, &|m| {
            // Strongly connected components come after the components they reach: a module
            // that does not import `i` back is done before it.
            graph.target(&interfaces, i, m).expect("a module's acyclic imports come before it")
        });
        interfaces[i] = Some(interface);
    }

    modules
        .iter()
        .enumerate()
        .map(|(i, module)| {
            let scc: Vec<usize> = reach[i].iter().copied().filter(|&j| reach[j].contains(&i)).collect();
            let cycle = if scc.is_empty() {
                None
            } else {
                reported_cycle(i, &scc, |m| m, |m| imports[m].clone(), |m| names[m].clone())
            };
            let target = |m: &str| graph.target(&interfaces, i, m).expect("every interface is known");
            let (scope, scope_diagnostics) = &scopes[i];
            resolve_module(module, scope, scope_diagnostics, &target, &known, cycle.as_ref())
        })
        .collect()
}

/// The package's modules by name, and what each reaches through its imports.
struct Graph<'a> {
    by_name: &'a HashMap<&'a str, usize>,
    reach: &'a [HashSet<usize>],
}

impl Graph<'_> {
    /// What an import of module `m` in module `i` is, given the interfaces known so far;
    /// `None` when that module's interface is not known yet.
    fn target<'i>(&self, interfaces: &'i [Option<Interface>], i: usize, m: &str) -> Option<ImportTarget<'i>> {
        let Some(&j) = self.by_name.get(m) else { return Some(ImportTarget::Missing) };
        if self.reach[j].contains(&i) {
            return Some(ImportTarget::Cyclic);
        }
        interfaces[j].as_ref().map(ImportTarget::Interface)
    }
}
