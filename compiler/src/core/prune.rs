//! Dead code: the functions and globals `main` cannot reach are emptied before code
//! generation, so a program compiles (and links) only what it uses of the standard library.

use std::collections::HashSet;

use super::ir::{Atom, Expr, FunId, GlobalId, Lit, Program, Value};

/// Empties every function and global that `program.main` does not reach.
pub fn prune(program: &mut Program) {
    let mut functions: HashSet<FunId> = HashSet::new();
    let mut globals: HashSet<GlobalId> = HashSet::new();
    let mut work_f: Vec<FunId> = Vec::new();
    let mut work_g: Vec<GlobalId> = vec![program.main];
    globals.insert(program.main);
    while !work_f.is_empty() || !work_g.is_empty() {
        let mut found = Found::default();
        if let Some(f) = work_f.pop() {
            found.expr(&program.functions[f.0 as usize].body);
        } else if let Some(g) = work_g.pop() {
            found.expr(&program.globals[g.0 as usize].body);
        }
        for f in found.functions {
            if functions.insert(f) {
                work_f.push(f);
            }
        }
        for g in found.globals {
            if globals.insert(g) {
                work_g.push(g);
            }
        }
    }
    let empty = || Expr::Tail(Value::Atom(Atom::Lit(Lit::Unit)));
    for (i, f) in program.functions.iter_mut().enumerate() {
        if !functions.contains(&FunId(i as u32)) {
            f.body = empty();
        }
    }
    for (i, g) in program.globals.iter_mut().enumerate() {
        if !globals.contains(&GlobalId(i as u32)) {
            g.body = empty();
        }
    }
}

#[derive(Default)]
struct Found {
    functions: Vec<FunId>,
    globals: Vec<GlobalId>,
}

impl Found {
    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Let(_, v, body) => {
                self.value(v);
                self.expr(body);
            }
            Expr::LetRec(defs, body) => {
                defs.iter().for_each(|(_, _, d)| self.expr(d));
                self.expr(body);
            }
            Expr::Join { body, rest, .. } => {
                self.expr(body);
                self.expr(rest);
            }
            Expr::Switch { arms, default, .. } => {
                arms.iter().for_each(|(_, a)| self.expr(a));
                if let Some(d) = default {
                    self.expr(d);
                }
            }
            Expr::Tail(v) => self.value(v),
            Expr::Dup(_, body) | Expr::Drop(_, body) => self.expr(body),
            Expr::Jump(..) | Expr::MatchFailure(_) => {}
        }
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Call(f, _) | Value::Closure(f, _) => self.functions.push(*f),
            Value::Global(g) => self.globals.push(*g),
            Value::Lambda(_, body) => self.expr(body),
            _ => {}
        }
    }
}
