//! Dead code: the functions and globals `main` cannot reach are removed before code
//! generation, so a program compiles (and links) only what it uses of the standard library.
//!
//! Constructors are never removed or renumbered: the runtime prints any value by its
//! constructor's name and builds messages with constructors the program may never name
//! (`Program::process_ctors`), so the constructor table stays whole.

use std::collections::HashSet;

use super::ir::{Expr, FunId, GlobalId, Program, Value};

/// Removes every function and global that `program.main` does not reach (the rest keep their
/// order, renumbered).
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
    let mut fun_ids = vec![None; program.functions.len()];
    let mut kept_functions = Vec::new();
    for (i, f) in std::mem::take(&mut program.functions).into_iter().enumerate() {
        if functions.contains(&FunId(i as u32)) {
            fun_ids[i] = Some(FunId(kept_functions.len() as u32));
            kept_functions.push(f);
        }
    }
    let mut global_ids = vec![None; program.globals.len()];
    let mut kept_globals = Vec::new();
    for (i, g) in std::mem::take(&mut program.globals).into_iter().enumerate() {
        if globals.contains(&GlobalId(i as u32)) {
            global_ids[i] = Some(GlobalId(kept_globals.len() as u32));
            kept_globals.push(g);
        }
    }
    let renumber = Renumber { functions: &fun_ids, globals: &global_ids };
    for f in &mut kept_functions {
        renumber.expr(&mut f.body);
    }
    for g in &mut kept_globals {
        renumber.expr(&mut g.body);
    }
    program.main = global_ids[program.main.0 as usize].expect("main is reachable from itself");
    program.functions = kept_functions;
    program.globals = kept_globals;
}

/// New numbers of the functions and globals kept (every reference is to a kept one).
struct Renumber<'a> {
    functions: &'a [Option<FunId>],
    globals: &'a [Option<GlobalId>],
}

impl Renumber<'_> {
    fn expr(&self, e: &mut Expr) {
        match e {
            Expr::Let(_, v, body) => {
                self.value(v);
                self.expr(body);
            }
            Expr::LetRec(defs, body) => {
                defs.iter_mut().for_each(|(_, _, d)| self.expr(d));
                self.expr(body);
            }
            Expr::Join { body, rest, .. } => {
                self.expr(body);
                self.expr(rest);
            }
            Expr::Switch { arms, default, .. } => {
                arms.iter_mut().for_each(|(_, a)| self.expr(a));
                if let Some(d) = default {
                    self.expr(d);
                }
            }
            Expr::Tail(v) => self.value(v),
            Expr::Dup(_, body) | Expr::Drop(_, body) => self.expr(body),
            Expr::Jump(..) | Expr::MatchFailure(_) => {}
        }
    }

    fn value(&self, v: &mut Value) {
        match v {
            Value::Call(f, _) | Value::Closure(f, _) => {
                *f = self.functions[f.0 as usize].expect("a reached function is kept");
            }
            Value::Global(g) => *g = self.globals[g.0 as usize].expect("a reached global is kept"),
            Value::Lambda(_, body) => self.expr(body),
            _ => {}
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
