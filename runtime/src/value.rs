//! The word encoding of ABI.md: immediates, object headers, and helpers that build and read
//! every kind of value from Rust.
//!
//! Invariant relied on by every safe helper here: a word handed to the runtime is a valid Mote
//! value (ABI.md), so a word with the pointer tag points to a live object with a correct header,
//! and the caller holds a reference to it for as long as it uses what a reader returns. Generated
//! code guarantees this; Rust callers keep it by only passing words built by this module.

use crate::error::crash;
use crate::heap;

/// `()`: the nullary constructor 0.
pub const UNIT: u64 = 6;
/// `false`: the nullary constructor 1.
pub const FALSE: u64 = 14;
/// `true`: the nullary constructor 2.
pub const TRUE: u64 = 22;
/// `[]`: the nullary constructor 3.
pub const NIL: u64 = 30;
/// The constructor id of `:` (a CON object with two fields).
pub const CONS_ID: u16 = 4;

/// Smallest and largest integers that fit in a small (63-bit) word.
pub const SMALL_MIN: i64 = -(1 << 62);
pub const SMALL_MAX: i64 = (1 << 62) - 1;

/// Object kinds (header bits 32–39).
#[repr(u8)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Con = 1,
    Tuple = 2,
    Closure = 3,
    Pap = 4,
    BigInt = 5,
    Float = 6,
    String = 7,
    Binary = 8,
    Map = 9,
    Record = 10,
}

impl Kind {
    fn from_u8(k: u8) -> Kind {
        match k {
            1 => Kind::Con,
            2 => Kind::Tuple,
            3 => Kind::Closure,
            4 => Kind::Pap,
            5 => Kind::BigInt,
            6 => Kind::Float,
            7 => Kind::String,
            8 => Kind::Binary,
            9 => Kind::Map,
            10 => Kind::Record,
            _ => crash(&format!("corrupt object header (kind {k})")),
        }
    }
}

// ---- immediates ----------------------------------------------------------------------------

pub fn is_small(v: u64) -> bool {
    v & 1 == 1
}

/// A small integer word; `n` must be within `SMALL_MIN..=SMALL_MAX`.
pub const fn small(n: i64) -> u64 {
    debug_assert!(SMALL_MIN <= n && n <= SMALL_MAX);
    ((n << 1) | 1) as u64
}

pub fn small_value(v: u64) -> i64 {
    (v as i64) >> 1
}

pub fn fits_small(n: i64) -> bool {
    (SMALL_MIN..=SMALL_MAX).contains(&n)
}

pub fn is_ptr(v: u64) -> bool {
    v & 7 == 0 && v != 0
}

pub fn is_atom(v: u64) -> bool {
    v & 7 == 0b010
}

pub fn atom(i: u64) -> u64 {
    (i << 3) | 0b010
}

pub fn atom_index(v: u64) -> u64 {
    v >> 3
}

pub fn is_char(v: u64) -> bool {
    v & 7 == 0b100
}

pub fn char_word(c: char) -> u64 {
    ((c as u64) << 3) | 0b100
}

pub fn char_value(v: u64) -> char {
    if !is_char(v) {
        crash("bad argument: expected a Char");
    }
    char::from_u32((v >> 3) as u32).unwrap_or_else(|| crash("bad argument: invalid Char"))
}

pub fn is_nullary(v: u64) -> bool {
    v & 7 == 0b110
}

pub fn nullary(id: u16) -> u64 {
    ((id as u64) << 3) | 0b110
}

pub fn nullary_id(v: u64) -> u16 {
    (v >> 3) as u16
}

pub fn bool_word(b: bool) -> u64 {
    if b { TRUE } else { FALSE }
}

pub fn bool_value(v: u64) -> bool {
    match v {
        TRUE => true,
        FALSE => false,
        _ => crash("bad argument: expected a Boolean"),
    }
}

// ---- headers -------------------------------------------------------------------------------

/// A header word with reference count 1.
pub fn header(kind: Kind, aux: u16) -> u64 {
    1 | ((kind as u64) << 32) | ((aux as u64) << 48)
}

pub fn ptr(v: u64) -> *mut u64 {
    v as *mut u64
}

pub fn header_of(v: u64) -> u64 {
    // SAFETY: `v` is a pointer word to a live object (module invariant); offset 0 is its header.
    unsafe { *ptr(v) }
}

pub fn kind_of(v: u64) -> Kind {
    Kind::from_u8((header_of(v) >> 32) as u8)
}

/// The object's kind, or `None` for an immediate.
pub fn kind(v: u64) -> Option<Kind> {
    if is_ptr(v) { Some(kind_of(v)) } else { None }
}

pub fn aux_of(v: u64) -> u16 {
    (header_of(v) >> 48) as u16
}

pub fn count_of(v: u64) -> u32 {
    header_of(v) as u32
}

/// Payload word `i` (offset `8 + 8i`).
pub fn word(v: u64, i: usize) -> u64 {
    // SAFETY: callers only read words inside the object's payload, whose size the header gives.
    unsafe { *ptr(v).add(1 + i) }
}

/// Writes payload word `i` of an object being built.
pub fn set_word(v: u64, i: usize, w: u64) {
    // SAFETY: callers only write inside the payload of an object they have just allocated.
    unsafe { *ptr(v).add(1 + i) = w }
}

/// Allocates an object of `payload_words` words after the header, with count 1.
pub fn alloc_object(kind: Kind, aux: u16, payload_words: usize) -> u64 {
    let p = heap::alloc_words(1 + payload_words);
    // SAFETY: `p` is a fresh allocation of at least one word.
    unsafe { *p = header(kind, aux) };
    p as u64
}

// ---- reference counting --------------------------------------------------------------------

/// Adds a reference, as the inline `dup` of generated code does.
#[inline]
pub fn dup(v: u64) -> u64 {
    if is_ptr(v) {
        let p = ptr(v);
        // SAFETY: `v` is a live object (module invariant); counts are per process, not atomic.
        unsafe {
            if *p as u32 != 0 {
                *p += 1;
            }
        }
    }
    v
}

/// Releases a reference, as the inline `drop` of generated code does.
#[inline]
pub fn drop_value(v: u64) {
    if is_ptr(v) {
        let p = ptr(v);
        // SAFETY: `v` is a live object (module invariant); we own the reference we release.
        unsafe {
            match *p as u32 {
                0 => {}
                1 => heap::free_object(v),
                _ => *p -= 1,
            }
        }
    }
}

// ---- constructors, tuples, lists -----------------------------------------------------------

/// A constructor value: the immediate when it has no fields, else a CON object owning `fields`.
pub fn make_con(id: u16, fields: &[u64]) -> u64 {
    if fields.is_empty() {
        return nullary(id);
    }
    let v = alloc_object(Kind::Con, id, fields.len());
    for (i, &f) in fields.iter().enumerate() {
        set_word(v, i, f);
    }
    v
}

/// A tuple owning `fields`.
pub fn make_tuple(fields: &[u64]) -> u64 {
    let v = alloc_object(Kind::Tuple, fields.len() as u16, fields.len());
    for (i, &f) in fields.iter().enumerate() {
        set_word(v, i, f);
    }
    v
}

/// `head : tail`, owning both.
pub fn cons(head: u64, tail: u64) -> u64 {
    let v = alloc_object(Kind::Con, CONS_ID, 2);
    set_word(v, 0, head);
    set_word(v, 1, tail);
    v
}

/// `(head, tail)` of a cons cell, or `None` for `[]` (borrowed).
pub fn uncons(v: u64) -> Option<(u64, u64)> {
    if v == NIL {
        None
    } else if is_ptr(v) && kind_of(v) == Kind::Con && aux_of(v) == CONS_ID {
        Some((word(v, 0), word(v, 1)))
    } else {
        crash("bad argument: expected a list")
    }
}

/// The elements of a borrowed list, in order (borrowed).
pub fn list_iter(v: u64) -> impl Iterator<Item = u64> {
    let mut cur = v;
    std::iter::from_fn(move || {
        let (h, t) = uncons(cur)?;
        cur = t;
        Some(h)
    })
}

/// A list owning the given elements.
pub fn make_list(items: Vec<u64>) -> u64 {
    items.into_iter().rev().fold(NIL, |tail, h| cons(h, tail))
}

/// `[x]`, owning `x`: the optional results of PRIMITIVES.md.
pub fn just(x: u64) -> u64 {
    cons(x, NIL)
}

/// The constructor id and fields (borrowed) of a constructor value, or `None`.
pub fn con_parts(v: u64) -> Option<(u16, Vec<u64>)> {
    if is_nullary(v) {
        Some((nullary_id(v), Vec::new()))
    } else if is_ptr(v) && kind_of(v) == Kind::Con {
        let id = aux_of(v);
        let n = crate::program::arity(id) as usize;
        Some((id, (0..n).map(|i| word(v, i)).collect()))
    } else {
        None
    }
}

pub fn tuple_fields(v: u64) -> Vec<u64> {
    (0..aux_of(v) as usize).map(|i| word(v, i)).collect()
}

// ---- strings and binaries ------------------------------------------------------------------

fn make_bytes(kind: Kind, bytes: &[u8]) -> u64 {
    let v = alloc_object(kind, 0, 1 + bytes.len().div_ceil(8));
    set_word(v, 0, bytes.len() as u64);
    // SAFETY: the object has `len.div_ceil(8)` words after the length; sources do not overlap.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr(v).add(2) as *mut u8, bytes.len()) };
    v
}

fn bytes_of<'a>(v: u64, kind: Kind, what: &str) -> &'a [u8] {
    if !is_ptr(v) || kind_of(v) != kind {
        crash(&format!("bad argument: expected a {what}"));
    }
    let len = word(v, 0) as usize;
    // SAFETY: a STRING/BINARY object holds `len` bytes from offset 16; the caller holds `v`.
    unsafe { std::slice::from_raw_parts(ptr(v).add(2) as *const u8, len) }
}

pub fn make_string(s: &str) -> u64 {
    make_bytes(Kind::String, s.as_bytes())
}

/// The text of a borrowed STRING.
pub fn str_of<'a>(v: u64) -> &'a str {
    let bytes = bytes_of(v, Kind::String, "String");
    // SAFETY: STRING objects hold valid UTF-8: the compiler emits valid literals and every
    // runtime constructor of strings starts from a `&str`.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

pub fn make_binary(bytes: &[u8]) -> u64 {
    make_bytes(Kind::Binary, bytes)
}

pub fn binary_of<'a>(v: u64) -> &'a [u8] {
    bytes_of(v, Kind::Binary, "Binary")
}

// ---- floats and records --------------------------------------------------------------------

/// A FLOAT object; `x` must be finite (primitives crash before building a non-finite one).
pub fn make_float(x: f64) -> u64 {
    let v = alloc_object(Kind::Float, 0, 1);
    set_word(v, 0, x.to_bits());
    v
}

/// The double of a FLOAT object; a crash for anything else. Inline: every Float primitive
/// reads its operands with it.
#[inline]
pub fn float_of(v: u64) -> f64 {
    if !is_object(v, Kind::Float) {
        not_a_float();
    }
    f64::from_bits(word(v, 0))
}

#[cold]
#[inline(never)]
fn not_a_float() -> ! {
    crash("bad argument: expected a Float")
}

/// Whether `v` is an object of `kind`, read from the header's kind byte as it is (no check
/// that the byte names a kind, which [`kind_of`] makes).
#[inline]
pub fn is_object(v: u64, kind: Kind) -> bool {
    is_ptr(v) && (header_of(v) >> 32) as u8 == kind as u8
}

/// A record owning its values; `fields` are `(label id, value)` in any order.
pub fn make_record(fields: &[(u64, u64)]) -> u64 {
    let mut sorted = fields.to_vec();
    sorted.sort_by_key(|&(label, _)| label);
    let v = alloc_object(Kind::Record, sorted.len() as u16, 2 * sorted.len());
    for (i, &(label, value)) in sorted.iter().enumerate() {
        set_word(v, 2 * i, label);
        set_word(v, 2 * i + 1, value);
    }
    v
}

/// The `(label id, value)` pairs of a borrowed record, by label id.
pub fn record_fields(v: u64) -> Vec<(u64, u64)> {
    (0..aux_of(v) as usize).map(|i| (word(v, 2 * i), word(v, 2 * i + 1))).collect()
}

/// `mote_rt_record_get`: the value of a record's field, dup'ed (borrowed record).
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_record_get(r: u64, label: u64) -> u64 {
    if !is_ptr(r) || kind_of(r) != Kind::Record {
        crash("bad argument: expected a record");
    }
    let fields = record_fields(r);
    match fields.binary_search_by_key(&label, |&(l, _)| l) {
        Ok(i) => dup(fields[i].1),
        Err(_) => crash(&format!("record has no field {}", crate::program::label_name(label))),
    }
}

#[cfg(test)]
mod tests;
