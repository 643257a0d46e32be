//! Types as users read them: `Show a => [a] -> [String]`, `{ name :: String | r } -> String`.

use std::fmt::Write;

use super::ty::{Constraint, Kind, MetaVar, Scheme, Type, prim};

/// Prints a scheme, naming its variables `a`, `b`, … (rows `r`, `r1`, …) in order of appearance.
pub fn scheme(s: &Scheme) -> String {
    let names = bound_names(&s.kinds);
    let mut out = String::new();
    match s.constraints.len() {
        0 => {}
        1 => {
            constraint(&mut out, &s.constraints[0], &names);
            out.push_str(" => ");
        }
        _ => {
            out.push('(');
            for (i, c) in s.constraints.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                constraint(&mut out, c, &names);
            }
            out.push_str(") => ");
        }
    }
    write_type(&mut out, &s.ty, &names, Prec::Top);
    out
}

/// Prints a type outside any scheme (in messages): unsolved variables print as `t0`, `t1`, ….
pub fn ty(t: &Type) -> String {
    let mut out = String::new();
    write_type(&mut out, t, &[], Prec::Top);
    out
}

/// Prints the types of one message: unsolved variables are named `a`, `b`, … in order of
/// appearance across all of them (skipping the names of signature variables they mention), so
/// the same unknown reads the same everywhere in the message.
pub fn tys(ts: &[&Type]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut metas: Vec<MetaVar> = Vec::new();
    for t in ts {
        t.walk(&mut |n| match n {
            Type::Rigid(_, name) => taken.push(name.to_string()),
            Type::Meta(v) if !metas.contains(v) => metas.push(*v),
            _ => {}
        });
    }
    let mut names = (0..).map(|i: usize| {
        let letter = char::from(b'a' + (i % 26) as u8);
        if i < 26 { letter.to_string() } else { format!("{letter}{}", i / 26) }
    });
    let named: Vec<(MetaVar, Type)> = metas
        .iter()
        .map(|&v| {
            let name = names.by_ref().find(|n| !taken.contains(n)).expect("names never run out");
            (v, Type::Rigid(u32::MAX, name.into()))
        })
        .collect();
    ts.iter()
        .map(|t| {
            let t = t.replace(&mut |n| match n {
                Type::Meta(v) => named.iter().find(|(m, _)| m == v).map(|(_, r)| r.clone()),
                _ => None,
            });
            ty(&t)
        })
        .collect()
}

fn bound_names(kinds: &[Kind]) -> Vec<String> {
    let mut types = 0;
    let mut rows = 0;
    kinds
        .iter()
        .map(|k| {
            if *k == Kind::Row {
                rows += 1;
                if rows == 1 { "r".to_string() } else { format!("r{}", rows - 1) }
            } else {
                let n = types;
                types += 1;
                let letter = char::from(b'a' + (n % 26) as u8);
                if n < 26 { letter.to_string() } else { format!("{letter}{}", n / 26) }
            }
        })
        .collect()
}

fn constraint(out: &mut String, c: &Constraint, names: &[String]) {
    let _ = write!(out, "{} ", short(&c.class));
    write_type(out, &c.ty, names, Prec::Arg);
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Prec {
    /// Anywhere: no parentheses needed.
    Top,
    /// Left of `->`.
    FunArg,
    /// An argument of a type application.
    Arg,
}

/// `Data.Maybe.Maybe` reads as `Maybe`.
pub fn short(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, n)| n)
}

fn write_type(out: &mut String, t: &Type, names: &[String], prec: Prec) {
    match t {
        Type::Meta(v) => {
            let _ = write!(out, "t{}", v.0);
        }
        Type::Bound(i) => match names.get(*i as usize) {
            Some(n) => out.push_str(n),
            None => {
                let _ = write!(out, "b{i}");
            }
        },
        Type::Rigid(_, name) => out.push_str(name),
        Type::Con(c) if c.as_ref() == prim::UNIT => out.push_str("()"),
        Type::Con(c) => out.push_str(short(c)),
        Type::Fun(a, b) => {
            let parens = prec > Prec::Top;
            if parens {
                out.push('(');
            }
            write_type(out, a, names, Prec::FunArg);
            out.push_str(" -> ");
            write_type(out, b, names, Prec::Top);
            if parens {
                out.push(')');
            }
        }
        Type::App(..) => {
            let (head, args) = t.spine();
            if let Type::Con(c) = head {
                if c.as_ref() == prim::LIST && args.len() == 1 {
                    out.push('[');
                    write_type(out, args[0], names, Prec::Top);
                    out.push(']');
                    return;
                }
                if c.strip_prefix("Tuple").and_then(|n| n.parse::<usize>().ok()) == Some(args.len()) {
                    out.push('(');
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        write_type(out, a, names, Prec::Top);
                    }
                    out.push(')');
                    return;
                }
            }
            let parens = prec >= Prec::Arg;
            if parens {
                out.push('(');
            }
            write_type(out, head, names, Prec::Arg);
            for a in args {
                out.push(' ');
                write_type(out, a, names, Prec::Arg);
            }
            if parens {
                out.push(')');
            }
        }
        Type::Record(row) => {
            out.push('{');
            let tail = write_fields(out, row, names);
            match tail {
                Some(tail) => {
                    out.push_str(" | ");
                    write_type(out, tail, names, Prec::Top);
                    out.push_str(" }");
                }
                None if out.ends_with('{') => out.push('}'),
                None => out.push_str(" }"),
            }
        }
        Type::RowEmpty => out.push_str("()"),
        Type::RowExtend(..) => {
            out.push('(');
            if let Some(tail) = write_fields(out, t, names) {
                out.push_str(" | ");
                write_type(out, tail, names, Prec::Top);
            }
            out.push_str(" )");
        }
    }
}

/// Writes ` a :: A, b :: B` (by label: a row is a set of fields, whatever order inference met
/// them in) and returns the open tail, if any.
fn write_fields<'t>(out: &mut String, mut row: &'t Type, names: &[String]) -> Option<&'t Type> {
    let mut fields: Vec<(&str, &Type)> = Vec::new();
    let tail = loop {
        match row {
            Type::RowExtend(label, field, rest) => {
                fields.push((label, field));
                row = rest;
            }
            Type::RowEmpty => break None,
            other => break Some(other),
        }
    };
    fields.sort_by_key(|(label, _)| *label);
    for (i, (label, field)) in fields.into_iter().enumerate() {
        out.push_str(if i == 0 { " " } else { ", " });
        let _ = write!(out, "{label} :: ");
        write_type(out, field, names, Prec::Top);
    }
    tail
}
