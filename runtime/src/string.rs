//! Strings: packed UTF-8. Positions and lengths count characters (scalar values), and every
//! position is clamped to the string, so no string primitive crashes on a position.

#![allow(non_snake_case)]

use std::cmp::Ordering;

use crate::int::{IntRef, int_ref};
use crate::value::{
    NIL, binary_of, bool_word, char_value, char_word, just, list_iter, make_binary, make_list, make_string, small,
    str_of,
};

/// Appends `c` as it appears inside a literal quoted by `quote` (`"` or `'`).
pub fn escape_char(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// A string literal: `"` + text + `"`, with the escapes of PRIMITIVES.md.
pub fn show_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        escape_char(&mut out, c, '"');
    }
    out.push('"');
    out
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showString(s: u64) -> u64 {
    make_string(&show_string(str_of(s)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringAppend(a: u64, b: u64) -> u64 {
    let (a, b) = (str_of(a), str_of(b));
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    make_string(&s)
}

fn cmp(a: u64, b: u64) -> Ordering {
    str_of(a).as_bytes().cmp(str_of(b).as_bytes())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringEq(a: u64, b: u64) -> u64 {
    bool_word(str_of(a) == str_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringLt(a: u64, b: u64) -> u64 {
    bool_word(cmp(a, b) == Ordering::Less)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringLe(a: u64, b: u64) -> u64 {
    bool_word(cmp(a, b) != Ordering::Greater)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringGt(a: u64, b: u64) -> u64 {
    bool_word(cmp(a, b) == Ordering::Greater)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringGe(a: u64, b: u64) -> u64 {
    bool_word(cmp(a, b) != Ordering::Less)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringLength(s: u64) -> u64 {
    small(str_of(s).chars().count() as i64)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringByteLength(s: u64) -> u64 {
    small(str_of(s).len() as i64)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringToChars(s: u64) -> u64 {
    make_list(str_of(s).chars().map(char_word).collect())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringFromChars(cs: u64) -> u64 {
    let s: String = list_iter(cs).map(char_value).collect();
    make_string(&s)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringConcat(ss: u64) -> u64 {
    let s: String = list_iter(ss).map(str_of).collect();
    make_string(&s)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringJoinWith(sep: u64, ss: u64) -> u64 {
    let parts: Vec<&str> = list_iter(ss).map(str_of).collect();
    make_string(&parts.join(str_of(sep)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringContains(pattern: u64, s: u64) -> u64 {
    bool_word(str_of(s).contains(str_of(pattern)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringStartsWith(prefix: u64, s: u64) -> u64 {
    bool_word(str_of(s).starts_with(str_of(prefix)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringEndsWith(suffix: u64, s: u64) -> u64 {
    bool_word(str_of(s).ends_with(str_of(suffix)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringIndexOf(pattern: u64, s: u64) -> u64 {
    let s = str_of(s);
    match s.find(str_of(pattern)) {
        Some(byte) => just(small(s[..byte].chars().count() as i64)),
        None => NIL,
    }
}

/// A character position clamped to `0..=len` (an Integer of any size).
fn clamp_position(v: u64, len: usize) -> usize {
    match int_ref(v) {
        IntRef::Small(n) => n.clamp(0, len as i64) as usize,
        IntRef::Big(b) if b.sign() == num_bigint::Sign::Minus => 0,
        IntRef::Big(_) => len,
    }
}

/// The byte offset of character position `i` (at most the length).
fn byte_offset(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}

/// Characters `start..end` of `s`, clamped.
pub fn slice(s: &str, start: u64, end: u64) -> &str {
    let len = s.chars().count();
    let (start, end) = (clamp_position(start, len), clamp_position(end, len));
    if end <= start {
        return "";
    }
    let from = byte_offset(s, start);
    let to = from + byte_offset(&s[from..], end - start);
    &s[from..to]
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringSlice(start: u64, end: u64, s: u64) -> u64 {
    make_string(slice(str_of(s), start, end))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringSplit(sep: u64, s: u64) -> u64 {
    let (sep, s) = (str_of(sep), str_of(s));
    if sep.is_empty() {
        return make_list(s.chars().map(|c| make_string(c.encode_utf8(&mut [0; 4]))).collect());
    }
    make_list(s.split(sep).map(make_string).collect())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringToUpper(s: u64) -> u64 {
    make_string(&str_of(s).to_uppercase())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringToLower(s: u64) -> u64 {
    make_string(&str_of(s).to_lowercase())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringTrim(s: u64) -> u64 {
    make_string(str_of(s).trim())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringReplaceAll(pattern: u64, replacement: u64, s: u64) -> u64 {
    let (pattern, s) = (str_of(pattern), str_of(s));
    if pattern.is_empty() {
        return make_string(s);
    }
    make_string(&s.replace(pattern, str_of(replacement)))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringToUtf8(s: u64) -> u64 {
    make_binary(str_of(s).as_bytes())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_stringFromUtf8(b: u64) -> u64 {
    match std::str::from_utf8(binary_of(b)) {
        Ok(s) => just(make_string(s)),
        Err(_) => NIL,
    }
}

#[cfg(test)]
mod tests;
