//! The last step of lowering: record labels renumbered in alphabetical order (the order the
//! runtime keeps a record's fields in), and globals renumbered into the order they run in.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ir::{Expr, GlobalId, Label, Program, Value};

/// Renumbers the labels of `program` (given as first-seen numbers by name in `labels`) and its
/// globals (`globals[old] = new`).
pub fn apply(program: &mut Program, labels: &BTreeMap<Arc<str>, Label>, globals: &[GlobalId]) {
    let relabel = numbering(labels);
    program.labels = labels.keys().cloned().collect();
    let fix = |e: &mut Expr| walk(e, &relabel, globals);
    for f in &mut program.functions {
        fix(&mut f.body);
    }
    for g in &mut program.globals {
        fix(&mut g.body);
    }
}

/// The final number of each label (indexed by its first-seen number).
pub fn numbering(labels: &BTreeMap<Arc<str>, Label>) -> Vec<Label> {
    // A BTreeMap iterates in name order: that is the new numbering.
    let mut relabel = vec![Label(0); labels.len()];
    for (new, (_, old)) in labels.iter().enumerate() {
        relabel[old.0 as usize] = Label(new as u32);
    }
    relabel
}

fn walk(e: &mut Expr, labels: &[Label], globals: &[GlobalId]) {
    match e {
        Expr::Let(_, v, body) => {
            value(v, labels, globals);
            walk(body, labels, globals);
        }
        Expr::LetRec(defs, body) => {
            for (_, _, d) in defs {
                walk(d, labels, globals);
            }
            walk(body, labels, globals);
        }
        Expr::Join { body, rest, .. } => {
            walk(body, labels, globals);
            walk(rest, labels, globals);
        }
        Expr::Switch { arms, default, .. } => {
            for (_, a) in arms {
                walk(a, labels, globals);
            }
            if let Some(d) = default {
                walk(d, labels, globals);
            }
        }
        Expr::Tail(v) => value(v, labels, globals),
        Expr::Dup(_, body) | Expr::Drop(_, body) => walk(body, labels, globals),
        Expr::Jump(..) | Expr::MatchFailure(_) => {}
    }
}

fn value(v: &mut Value, labels: &[Label], globals: &[GlobalId]) {
    let sort = |fields: &mut Vec<(Label, super::ir::Atom)>| {
        for (l, _) in fields.iter_mut() {
            *l = labels[l.0 as usize];
        }
        fields.sort_by_key(|(l, _)| *l);
    };
    match v {
        Value::Global(g) => *g = globals[g.0 as usize],
        Value::Record(fields) | Value::RecordUpdate(_, fields) => sort(fields),
        Value::RecordGet(_, l) => *l = labels[l.0 as usize],
        Value::Lambda(_, body) => walk(body, labels, globals),
        _ => {}
    }
}
