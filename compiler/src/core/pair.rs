//! Integer arithmetic on one operand brought together: in
//!
//! ```text
//! let a = x ± c₁ in join j(…) = (let b = x ± c₂ in body) in rest
//! let a = x ± c₁ in let r = call f(a) in let b = x ± c₂ in body
//! ```
//!
//! (`c₁`, `c₂` literals, `j` not looping), `b` is computed right after `a`, so code
//! generation tests that `x` is a small integer once for both (see
//! `codegen::arith::arith_pair`). These are the shapes a doubly recursive function has after
//! `unroll` and `peel`: `n - 1` is the argument of the first call, `n - 2` that of the second,
//! which runs after the first returns (after it, or at a join). Moving a pure operation
//! earlier is exact; on the ways that never get to it, `b` is computed for nothing.
//!
//! Runs after `narrow`, before reference counting.

use super::ir::{Atom, Expr, Lit, Prim, Program, Value, Var};

/// Brings such pairs together in every function and global.
pub fn pair(program: &mut Program) {
    for f in &mut program.functions {
        rewrite(&mut f.body);
    }
    for g in &mut program.globals {
        rewrite(&mut g.body);
    }
}

/// The operand `x` of `x + c`, `c + x` or `x - c` (`c` an Integer literal).
pub fn literal_operand(v: &Value) -> Option<Var> {
    let Value::Prim(Prim::Foreign(name), args) = v else { return None };
    let literal = |a: &Atom| matches!(a, Atom::Lit(Lit::Int(_)));
    match (name.as_ref(), args.as_slice()) {
        ("intAdd" | "intSub", [Atom::Var(x), c]) if literal(c) => Some(*x),
        ("intAdd", [c, Atom::Var(x)]) if literal(c) => Some(*x),
        _ => None,
    }
}

/// How far below `let a = x ± c₁` the second operation is looked for: this many `let`s and
/// joins (into their bodies).
const REACH: usize = 3;

fn rewrite(e: &mut Expr) {
    if let Expr::Let(_, v, body) = e
        && let Some(x) = literal_operand(v)
        && let Some((b, second)) = take(body, x, REACH)
    {
        let after = std::mem::take(body.as_mut());
        **body = Expr::Let(b, second, Box::new(after));
    }
    match e {
        Expr::Let(_, _, body) | Expr::Dup(_, body) | Expr::Drop(_, body) => rewrite(body),
        Expr::LetRec(group, body) => {
            for (_, _, b) in group {
                rewrite(b);
            }
            rewrite(body);
        }
        Expr::Join { body, rest, .. } => {
            rewrite(body);
            rewrite(rest);
        }
        Expr::Switch { arms, default, .. } => {
            for (_, arm) in arms {
                rewrite(arm);
            }
            if let Some(d) = default {
                rewrite(d);
            }
        }
        Expr::Jump(..) | Expr::Tail(_) | Expr::MatchFailure(_) => {}
    }
}

/// Removes the first `let b = x ± c` found within `steps` `let`s and non-looping joins (into
/// their bodies) from `e`, and returns it. Computing it earlier is exact: it is pure, cannot
/// fail, and uses only `x`, which is bound above `e`.
fn take(e: &mut Expr, x: Var, steps: usize) -> Option<(Var, Value)> {
    if steps == 0 {
        return None;
    }
    match e {
        Expr::Let(_, v, _) if literal_operand(v) == Some(x) => {
            let Expr::Let(b, v, body) = std::mem::take(e) else { unreachable!("matched above") };
            *e = *body;
            Some((b, v))
        }
        Expr::Let(_, _, body) | Expr::Join { looping: false, body, .. } => take(body, x, steps - 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
