//! Generic `show` of any value (`mote_rt_show_any`): the REPL's printer and derived `Show`.
//!
//! The formats agree with the Prelude's `Show` instances: lists `[1,2]`, tuples `(1,"a")`,
//! maps `#{"k" => 1,"j" => 2}`, `Just (-1)`, `Node Leaf 2 Leaf`. A constructor with arguments
//! is parenthesised in argument position (precedence 11), and a negative number there too (the
//! Prelude parenthesises negatives above precedence 6). Records `{ age = 3, name = "x" }`, by
//! label name; closures `<function>`.

use crate::atom::{name as atom_name, show_atom};
use crate::binary::show_binary;
use crate::char::show_char;
use crate::float::show_float;
use crate::int::{int_cmp, show_int};
use crate::string::show_string;
use crate::value::{
    CONS_ID, FALSE, Kind, NIL, TRUE, UNIT, aux_of, binary_of, char_value, float_of, is_atom, is_char, is_nullary,
    is_small, kind, list_iter, make_string, nullary_id, record_fields, small, str_of, tuple_fields, word,
};

/// The text of a value at the top level.
pub fn show(v: u64) -> String {
    let mut out = String::new();
    show_prec(v, 0, &mut out);
    out
}

fn parens(cond: bool, out: &mut String, body: impl FnOnce(&mut String)) {
    if cond {
        out.push('(');
    }
    body(out);
    if cond {
        out.push(')');
    }
}

fn separated(items: impl Iterator<Item = u64>, sep: &str, out: &mut String, mut each: impl FnMut(u64, &mut String)) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        each(item, out);
    }
}

/// Appends the text of `v` in a context of precedence `d` (0 top level, 11 an argument).
pub fn show_prec(v: u64, d: u32, out: &mut String) {
    if is_small(v) {
        return parens(d > 6 && int_cmp(v, small(0)).is_lt(), out, |o| o.push_str(&show_int(v)));
    }
    if is_char(v) {
        return out.push_str(&show_char(char_value(v)));
    }
    if is_atom(v) {
        return out.push_str(&show_atom(&atom_name(v)));
    }
    if let Some(n) = crate::process::pid_number(v) {
        return out.push_str(&crate::process::show_pid(n));
    }
    if let Some(n) = crate::process::ref_number(v) {
        return out.push_str(&format!("#Ref<0.{n}>"));
    }
    if is_nullary(v) {
        return out.push_str(match v {
            UNIT => "()",
            FALSE => "false",
            TRUE => "true",
            NIL => "[]",
            _ => return out.push_str(&crate::program::ctor_name(nullary_id(v))),
        });
    }
    match kind(v) {
        None => out.push_str("<invalid value>"),
        Some(Kind::BigInt) => parens(d > 6 && int_cmp(v, small(0)).is_lt(), out, |o| o.push_str(&show_int(v))),
        Some(Kind::Float) => {
            let x = float_of(v);
            parens(d > 6 && x < 0.0, out, |o| o.push_str(&show_float(x)))
        }
        Some(Kind::String) => out.push_str(&show_string(str_of(v))),
        Some(Kind::Binary) => out.push_str(&show_binary(binary_of(v))),
        Some(Kind::Closure | Kind::Pap) => out.push_str("<function>"),
        Some(Kind::Con) if aux_of(v) == CONS_ID => {
            out.push('[');
            separated(list_iter(v), ",", out, |x, o| show_prec(x, 0, o));
            out.push(']');
        }
        Some(Kind::Con) => {
            let id = aux_of(v);
            parens(d > 10, out, |o| {
                o.push_str(&crate::program::ctor_name(id));
                for i in 0..crate::program::arity(id) as usize {
                    o.push(' ');
                    show_prec(word(v, i), 11, o);
                }
            })
        }
        Some(Kind::Tuple) => {
            out.push('(');
            separated(tuple_fields(v).into_iter(), ",", out, |x, o| show_prec(x, 0, o));
            out.push(')');
        }
        Some(Kind::Record) => {
            let mut fields: Vec<(String, u64)> =
                record_fields(v).into_iter().map(|(l, x)| (crate::program::label_name(l), x)).collect();
            if fields.is_empty() {
                return out.push_str("{}");
            }
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            out.push_str("{ ");
            for (i, (label, x)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(label);
                out.push_str(" = ");
                show_prec(*x, 0, out);
            }
            out.push_str(" }");
        }
        Some(Kind::Map) => {
            out.push_str("#{");
            for (i, (k, x)) in crate::map::entries(v).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                show_prec(k, 0, out);
                out.push_str(" => ");
                show_prec(x, 0, out);
            }
            out.push('}');
        }
    }
}

/// `mote_rt_show_any`: generic `show` (borrowed argument).
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_show_any(v: u64) -> u64 {
    make_string(&show(v))
}

/// `showAnyPrec d v`: generic `showPrec` (borrowed arguments): the text of `v` in a context
/// of precedence `d` (a small Integer; 11 for a constructor's argument), as derived `Show`
/// instances give it.
#[unsafe(no_mangle)]
pub extern "C" fn mote_showAnyPrec(d: u64, v: u64) -> u64 {
    let d = if crate::value::is_small(d) { crate::value::small_value(d).clamp(0, 11) as u32 } else { 11 };
    let mut out = String::new();
    show_prec(v, d, &mut out);
    make_string(&out)
}

#[cfg(test)]
mod tests;
