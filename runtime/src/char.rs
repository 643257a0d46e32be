//! Characters: Unicode scalar values, immediate words.

#![allow(non_snake_case)]

use crate::error::crash;
use crate::int::to_i64;
use crate::string::escape_char;
use crate::value::{bool_word, char_value, char_word, make_string, small};

#[unsafe(no_mangle)]
pub extern "C" fn mote_charEq(a: u64, b: u64) -> u64 {
    bool_word(char_value(a) == char_value(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charLt(a: u64, b: u64) -> u64 {
    bool_word(char_value(a) < char_value(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charLe(a: u64, b: u64) -> u64 {
    bool_word(char_value(a) <= char_value(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charGt(a: u64, b: u64) -> u64 {
    bool_word(char_value(a) > char_value(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charGe(a: u64, b: u64) -> u64 {
    bool_word(char_value(a) >= char_value(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charToCode(c: u64) -> u64 {
    small(char_value(c) as i64)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charFromCode(n: u64) -> u64 {
    match to_i64(n).and_then(|n| u32::try_from(n).ok()).and_then(char::from_u32) {
        Some(c) => char_word(c),
        None => crash(&format!("charFromCode: {} is not a Unicode scalar value", crate::int::show_int(n))),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charIsAlpha(c: u64) -> u64 {
    bool_word(char_value(c).is_alphabetic())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charIsSpace(c: u64) -> u64 {
    bool_word(char_value(c).is_whitespace())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charIsUpper(c: u64) -> u64 {
    bool_word(char_value(c).is_uppercase())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charIsLower(c: u64) -> u64 {
    bool_word(char_value(c).is_lowercase())
}

/// The single-character mapping, or `c` when the mapping has several characters.
fn single(c: char, mut mapping: impl Iterator<Item = char>) -> char {
    match (mapping.next(), mapping.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charToUpper(c: u64) -> u64 {
    let c = char_value(c);
    char_word(single(c, c.to_uppercase()))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_charToLower(c: u64) -> u64 {
    let c = char_value(c);
    char_word(single(c, c.to_lowercase()))
}

/// A char literal: `'a'`, `'\''`, `'"'`, `'\n'`.
pub fn show_char(c: char) -> String {
    let mut out = String::from("'");
    escape_char(&mut out, c, '\'');
    out.push('\'');
    out
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showChar(c: u64) -> u64 {
    make_string(&show_char(char_value(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_char_escapes() {
        assert_eq!(show_char('a'), "'a'");
        assert_eq!(show_char('\''), "'\\''");
        assert_eq!(show_char('"'), "'\"'");
        assert_eq!(show_char('\n'), "'\\n'");
        assert_eq!(show_char('\\'), "'\\\\'");
        assert_eq!(show_char('\u{1b}'), "'\\u{1b}'");
        assert_eq!(show_char('の'), "'の'");
    }

    #[test]
    fn case_mappings() {
        assert_eq!(char_value(mote_charToUpper(char_word('ß'))), 'ß');
        assert_eq!(char_value(mote_charToUpper(char_word('é'))), 'É');
        assert_eq!(char_value(mote_charToLower(char_word('A'))), 'a');
        assert_eq!(mote_charFromCode(small(0x41)), char_word('A'));
        assert_eq!(mote_charToCode(char_word('の')), small(0x306E));
    }
}
