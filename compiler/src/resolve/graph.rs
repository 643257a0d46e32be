//! The import graph of a package: which module imports which, unknown modules, and cycles.

use std::collections::{HashMap, VecDeque};

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::Module;

use super::{did_you_mean, suggestions};

#[derive(Debug)]
pub struct ImportGraph {
    /// `edges[i]`: the modules `i` imports, as (index of the import, index of the module).
    pub edges: Vec<Vec<(usize, usize)>>,
    /// Every module once, each after the modules it imports (cycles aside): Tarjan's order.
    pub order: Vec<usize>,
    /// Diagnostics by module index.
    pub diagnostics: Vec<(usize, Diagnostic)>,
}

impl ImportGraph {
    pub fn build(modules: &[&Module], names: &[String], by_name: &HashMap<&str, usize>) -> ImportGraph {
        let mut diagnostics = Vec::new();
        let mut edges = vec![Vec::new(); modules.len()];
        for (i, module) in modules.iter().enumerate() {
            for (k, import) in module.imports.iter().enumerate() {
                match by_name.get(import.module.name.as_str()) {
                    Some(&j) => edges[i].push((k, j)),
                    None => {
                        let near = suggestions(&import.module.name, by_name.keys().copied());
                        let mut d =
                            Diagnostic::error(Code::E0100, format!("there is no module `{}`", import.module.name))
                                .with_primary(import.module.span, "imported here");
                        if let Some(help) = did_you_mean(&near) {
                            d = d.with_help(help);
                        }
                        diagnostics.push((i, d));
                    }
                }
            }
        }
        let successors: Vec<Vec<usize>> = edges.iter().map(|out| out.iter().map(|&(_, w)| w).collect()).collect();
        let sccs = crate::graph::strongly_connected(&successors);
        let mut order = Vec::with_capacity(modules.len());
        for scc in &sccs {
            order.extend(scc.iter().copied());
            let cyclic = scc.len() > 1 || edges[scc[0]].iter().any(|&(_, j)| j == scc[0]);
            if !cyclic {
                continue;
            }
            let start = *scc.iter().min().expect("an SCC is never empty");
            let path = cycle_through(start, scc, &edges);
            let text: Vec<&str> = path.iter().map(|&(m, _)| names[m].as_str()).chain([names[start].as_str()]).collect();
            let first_import = path[0].1;
            let import = &modules[start].imports[first_import];
            diagnostics.push((
                start,
                Diagnostic::error(Code::E0101, format!("import cycle: {}", text.join(" -> ")))
                    .with_primary(import.module.span, "this import is part of the cycle")
                    .with_note("modules cannot import each other in a cycle; move the shared definitions to a module both import"),
            ));
        }
        ImportGraph { edges, order, diagnostics }
    }
}

/// A shortest cycle from `start` back to itself inside `scc`, as (module, index of the import
/// it follows) steps.
fn cycle_through(start: usize, scc: &[usize], edges: &[Vec<(usize, usize)>]) -> Vec<(usize, usize)> {
    // Breadth-first search over the SCC's modules; `came_from[j]` = (module, import index).
    let mut came_from: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(m) = queue.pop_front() {
        for &(k, j) in &edges[m] {
            if !scc.contains(&j) || came_from.contains_key(&j) {
                continue;
            }
            came_from.insert(j, (m, k));
            if j == start {
                queue.clear();
                break;
            }
            queue.push_back(j);
        }
    }
    let mut path = Vec::new();
    let mut at = start;
    loop {
        let &(m, k) = came_from.get(&at).expect("every module of an SCC lies on a cycle through `start`");
        path.push((m, k));
        at = m;
        if at == start {
            break;
        }
    }
    path.reverse();
    path
}
