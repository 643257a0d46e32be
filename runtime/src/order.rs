//! Structural equality and the total order of values (PRIMITIVES.md, "The order of values"),
//! with no `Eq`/`Ord` dictionary: map keys, literal patterns and `mote_rt_compare_any`.
//!
//! Values of one type always compare by the table of PRIMITIVES.md; values of different
//! kinds (which typed code never compares) are ordered by a fixed rank so the order stays
//! total. The last field of constructors and tuples is compared in a loop, not by recursion,
//! so long lists compare in constant stack.

use std::cmp::Ordering;

use crate::atom::atom_cmp;
use crate::error::crash;
use crate::int::{int_cmp, int_to_f64};
use crate::value::{
    Kind, aux_of, binary_of, char_value, is_atom, is_char, is_nullary, is_small, kind, nullary_id, record_fields,
    small, str_of, tuple_fields, word,
};

#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Rank {
    Number,
    Atom,
    Char,
    Constructor,
    Tuple,
    String,
    Binary,
    Record,
    Map,
    Function,
    /// Pids, then refs, each by creation.
    Process,
}

fn rank(v: u64) -> Rank {
    if is_small(v) {
        return Rank::Number;
    }
    if is_atom(v) {
        return Rank::Atom;
    }
    if is_char(v) {
        return Rank::Char;
    }
    if crate::process::pid_number(v).is_some() || crate::process::ref_number(v).is_some() {
        return Rank::Process;
    }
    if is_nullary(v) {
        return Rank::Constructor;
    }
    match kind(v) {
        Some(Kind::BigInt | Kind::Float) => Rank::Number,
        Some(Kind::Con) => Rank::Constructor,
        Some(Kind::Tuple) => Rank::Tuple,
        Some(Kind::String) => Rank::String,
        Some(Kind::Binary) => Rank::Binary,
        Some(Kind::Record) => Rank::Record,
        Some(Kind::Map) => Rank::Map,
        Some(Kind::Closure | Kind::Pap) => Rank::Function,
        None => crash("bad argument: not a value"),
    }
}

fn is_float(v: u64) -> bool {
    kind(v) == Some(Kind::Float)
}

fn compare_numbers(a: u64, b: u64) -> Ordering {
    match (is_float(a), is_float(b)) {
        (false, false) => int_cmp(a, b),
        (true, true) => crate::value::float_of(a).total_cmp(&crate::value::float_of(b)).then_zero(a, b),
        (true, false) => crate::value::float_of(a).total_cmp(&int_as_f64(b)),
        (false, true) => int_as_f64(a).total_cmp(&crate::value::float_of(b)),
    }
}

/// An Integer as a Float, infinite beyond the Float range (only to order the two).
fn int_as_f64(v: u64) -> f64 {
    int_to_f64(v).unwrap_or_else(|| if int_cmp(v, small(0)).is_lt() { f64::NEG_INFINITY } else { f64::INFINITY })
}

/// `0.0` and `-0.0` are one key: `total_cmp` orders them, so undo that for zeros.
trait ThenZero {
    fn then_zero(self, a: u64, b: u64) -> Ordering;
}

impl ThenZero for Ordering {
    fn then_zero(self, a: u64, b: u64) -> Ordering {
        if crate::value::float_of(a) == crate::value::float_of(b) { Ordering::Equal } else { self }
    }
}

/// A constructor's id and number of fields (0 for the immediate).
fn con_shape(v: u64) -> (u16, usize) {
    if is_nullary(v) { (nullary_id(v), 0) } else { (aux_of(v), crate::program::arity(aux_of(v)) as usize) }
}

/// Record fields ordered by label name.
fn fields_by_name(v: u64) -> Vec<(String, u64)> {
    let mut fields: Vec<(String, u64)> =
        record_fields(v).into_iter().map(|(l, x)| (crate::program::label_name(l), x)).collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    fields
}

fn compare_sequences(a: &[u64], b: &[u64]) -> Ordering {
    for (&x, &y) in a.iter().zip(b) {
        match compare(x, y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

/// The total structural order.
pub fn compare(mut a: u64, mut b: u64) -> Ordering {
    loop {
        if a == b {
            return Ordering::Equal;
        }
        let (ra, rb) = (rank(a), rank(b));
        if ra != rb {
            return ra.cmp(&rb);
        }
        match ra {
            Rank::Number => return compare_numbers(a, b),
            Rank::Atom => return atom_cmp(a, b),
            Rank::Char => return char_value(a).cmp(&char_value(b)),
            Rank::String => return str_of(a).as_bytes().cmp(str_of(b).as_bytes()),
            Rank::Binary => return binary_of(a).cmp(binary_of(b)),
            Rank::Function => crash("functions cannot be compared"),
            Rank::Process => return (a >> 3).cmp(&(b >> 3)),
            Rank::Record => {
                let (fa, fb) = (fields_by_name(a), fields_by_name(b));
                for ((na, xa), (nb, xb)) in fa.iter().zip(&fb) {
                    match na.cmp(nb).then_with(|| compare(*xa, *xb)) {
                        Ordering::Equal => {}
                        other => return other,
                    }
                }
                return fa.len().cmp(&fb.len());
            }
            Rank::Map => {
                let order = crate::map::size(a).cmp(&crate::map::size(b));
                if order != Ordering::Equal {
                    return order;
                }
                let (ea, eb) = (crate::map::entries(a), crate::map::entries(b));
                for (&(ka, va), &(kb, vb)) in ea.iter().zip(&eb) {
                    match compare(ka, kb).then_with(|| compare(va, vb)) {
                        Ordering::Equal => {}
                        other => return other,
                    }
                }
                return Ordering::Equal;
            }
            Rank::Tuple => {
                let (fa, fb) = (tuple_fields(a), tuple_fields(b));
                if fa.len() != fb.len() || fa.is_empty() {
                    return compare_sequences(&fa, &fb);
                }
                let last = fa.len() - 1;
                match compare_sequences(&fa[..last], &fb[..last]) {
                    Ordering::Equal => (a, b) = (fa[last], fb[last]),
                    other => return other,
                }
            }
            Rank::Constructor => {
                let ((ida, na), (idb, nb)) = (con_shape(a), con_shape(b));
                if ida != idb {
                    return ida.cmp(&idb);
                }
                if na == 0 || na != nb {
                    return na.cmp(&nb);
                }
                for i in 0..na - 1 {
                    match compare(word(a, i), word(b, i)) {
                        Ordering::Equal => {}
                        other => return other,
                    }
                }
                (a, b) = (word(a, na - 1), word(b, na - 1));
            }
        }
    }
}

/// Structural equality: the order's `Equal`.
pub fn equal(a: u64, b: u64) -> bool {
    compare(a, b) == Ordering::Equal
}

/// `mote_rt_eq_any`: structural equality, a Boolean word.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_eq_any(a: u64, b: u64) -> u64 {
    crate::value::bool_word(equal(a, b))
}

/// `mote_rt_compare_any`: -1, 0 or 1 as a small integer.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_compare_any(a: u64, b: u64) -> u64 {
    small(compare(a, b) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::test_ids::{JUST, NOTHING};
    use crate::value::{
        FALSE, NIL, TRUE, UNIT, atom, char_word, drop_value, make_con, make_float, make_list, make_string, make_tuple,
        nullary,
    };

    #[test]
    fn order_of_values() {
        crate::program::test_tables();
        let ints = |xs: &[i64]| make_list(xs.iter().map(|&x| small(x)).collect());
        let cases: Vec<(u64, u64, Ordering)> = vec![
            (small(1), small(2), Ordering::Less),
            (FALSE, TRUE, Ordering::Less),
            (UNIT, UNIT, Ordering::Equal),
            (char_word('a'), char_word('b'), Ordering::Less),
            (atom(1), atom(0), Ordering::Less),
            (make_string("ab"), make_string("abc"), Ordering::Less),
            (make_string("é"), make_string("z"), Ordering::Greater),
            (NIL, ints(&[1]), Ordering::Less),
            (ints(&[1, 2]), ints(&[1, 3]), Ordering::Less),
            (ints(&[1, 2, 3]), ints(&[1, 2]), Ordering::Greater),
            (nullary(NOTHING), make_con(JUST, &[small(0)]), Ordering::Less),
            (make_con(JUST, &[small(2)]), make_con(JUST, &[small(1)]), Ordering::Greater),
            (make_tuple(&[small(1), make_string("b")]), make_tuple(&[small(1), make_string("a")]), Ordering::Greater),
            (make_float(0.0), make_float(-0.0), Ordering::Equal),
            (make_float(-1.5), make_float(2.0), Ordering::Less),
        ];
        for (a, b, expected) in cases {
            assert_eq!(compare(a, b), expected, "{} vs {}", crate::generic::show(a), crate::generic::show(b));
            assert_eq!(compare(b, a), expected.reverse());
            drop_value(a);
            drop_value(b);
        }
    }

    #[test]
    fn long_lists_compare_in_constant_stack() {
        let a = make_list((0..1_000_000).map(small).collect());
        let b = make_list((0..1_000_000).map(small).collect());
        assert!(equal(a, b));
        drop_value(a);
        drop_value(b);
    }
}
