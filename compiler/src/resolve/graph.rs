//! The import graph as one module sees it: unknown modules, and the import cycle it reports.
//!
//! Generic over how modules are named (indices in [`super::resolve_package`], source files in
//! the database), so that both answer the same questions the same way, one module at a time.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::Module;

use super::{did_you_mean, suggestions};

/// Every module reachable from `start` through one import or more, `start` itself only when
/// it lies on a cycle. `imports(m)` are the modules `m` imports that the package has.
pub fn reachable<N: Copy + Eq + Hash>(start: N, imports: impl Fn(N) -> Vec<N>) -> Vec<N> {
    let mut seen: HashSet<N> = HashSet::new();
    let mut out = Vec::new();
    let mut stack = imports(start);
    while let Some(m) = stack.pop() {
        if seen.insert(m) {
            out.push(m);
            stack.extend(imports(m));
        }
    }
    out
}

/// A module's import cycle, as its message shows it: reported by one module of the cycle only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportCycle {
    /// The index, among the reporting module's imports, of the import the cycle leaves by.
    pub first_import: usize,
    /// The modules' names from the reporting module back to it: `A -> B -> A` is `[A, B, A]`.
    pub path: Vec<String>,
}

/// The cycle `start` reports, if it is the first module of its strongly connected component
/// `scc` (every module that `start` reaches and that reaches it back, `start` included) in
/// the package's order, `position`. The path is a shortest one; `imports(m)` lists, in
/// source order, (index of the import, module) for each import of `m` the package has.
pub fn reported_cycle<N: Copy + Eq + Hash>(
    start: N,
    scc: &[N],
    position: impl Fn(N) -> usize,
    imports: impl Fn(N) -> Vec<(usize, N)>,
    name: impl Fn(N) -> String,
) -> Option<ImportCycle> {
    if scc.iter().any(|&m| position(m) < position(start)) {
        return None;
    }
    // Breadth-first search over the component; `came_from[j]` = (module, import index).
    let mut came_from: HashMap<N, (N, usize)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    'search: while let Some(m) = queue.pop_front() {
        for (k, j) in imports(m) {
            if !scc.contains(&j) || came_from.contains_key(&j) {
                continue;
            }
            came_from.insert(j, (m, k));
            if j == start {
                break 'search;
            }
            queue.push_back(j);
        }
    }
    let mut steps = Vec::new();
    let mut at = start;
    loop {
        let &(m, k) = came_from.get(&at)?;
        steps.push((m, k));
        at = m;
        if at == start {
            break;
        }
    }
    steps.reverse();
    let mut path: Vec<String> = steps.iter().map(|&(m, _)| name(m)).collect();
    path.push(name(start));
    Some(ImportCycle { first_import: steps[0].1, path })
}

/// E0100 for each import of a module that `exists` does not know, with the nearest of the
/// package's `names` as a suggestion.
pub fn unknown_modules<'a>(
    module: &Module,
    exists: &dyn Fn(&str) -> bool,
    names: impl IntoIterator<Item = &'a str> + Clone,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for import in module.imports.iter().filter(|i| !exists(&i.module.name)) {
        let near = suggestions(&import.module.name, names.clone());
        let mut d = Diagnostic::error(Code::E0100, format!("there is no module `{}`", import.module.name))
            .with_primary(import.module.span, "imported here");
        if let Some(help) = did_you_mean(&near) {
            d = d.with_help(help);
        }
        diagnostics.push(d);
    }
    diagnostics
}

/// E0101 for `cycle`, at the import of `module` the cycle leaves by.
pub fn cycle_diagnostic(module: &Module, cycle: &ImportCycle) -> Option<Diagnostic> {
    let import = module.imports.get(cycle.first_import)?;
    Some(
        Diagnostic::error(Code::E0101, format!("import cycle: {}", cycle.path.join(" -> ")))
            .with_primary(import.module.span, "this import is part of the cycle")
            .with_note(
                "modules cannot import each other in a cycle; move the shared definitions to a module both import",
            ),
    )
}
