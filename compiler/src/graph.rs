//! Graph algorithms the stages share: strongly connected components for import cycles, kind
//! inference groups and (later) binding groups.

/// Tarjan's strongly connected components of a graph given as successor lists. Each component
/// lists its nodes in increasing order, and comes after every component it reaches: for a
/// "depends on" graph, dependencies first.
pub fn strongly_connected(successors: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        successors: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    // Recursion depth is the length of the longest dependency chain: modules and declarations,
    // never expressions.
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.successors[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().expect("`v` is still on the stack");
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            component.sort_unstable();
            s.out.push(component);
        }
    }
    let n = successors.len();
    let mut s = State {
        successors,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_after_what_they_reach() {
        // 0 -> 1 -> 2 -> 1, 3 alone, 4 -> 0
        let graph = vec![vec![1], vec![2], vec![1], vec![], vec![0]];
        assert_eq!(strongly_connected(&graph), vec![vec![1, 2], vec![0], vec![3], vec![4]]);
    }

    #[test]
    fn self_loops_and_empty_graphs() {
        assert_eq!(strongly_connected(&[vec![0]]), vec![vec![0]]);
        assert!(strongly_connected(&[]).is_empty());
    }
}
