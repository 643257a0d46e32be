use super::*;
use crate::value::{TRUE, drop_value, small_value};

fn with<R>(text: &str, f: impl FnOnce(u64) -> R) -> R {
    let s = make_string(text);
    let r = f(s);
    drop_value(s);
    r
}

fn strings(list: u64) -> Vec<String> {
    let out = list_iter(list).map(|s| str_of(s).to_string()).collect();
    drop_value(list);
    out
}

#[test]
fn length_counts_characters() {
    assert_eq!(with("héllo の", |s| small_value(mote_stringLength(s))), 7);
    assert_eq!(with("héllo の", |s| small_value(mote_stringByteLength(s))), 10);
    assert_eq!(with("", |s| small_value(mote_stringLength(s))), 0);
}

#[test]
fn slices_by_character_and_clamps() {
    let cases: [(i64, i64, &str); 7] =
        [(0, 2, "hé"), (1, 4, "éll"), (4, 100, "o の"), (-5, 1, "h"), (3, 3, ""), (5, 2, ""), (6, 7, "の")];
    for (start, end, expected) in cases {
        let got = with("héllo の", |s| {
            let r = mote_stringSlice(small(start), small(end), s);
            let out = str_of(r).to_string();
            drop_value(r);
            out
        });
        assert_eq!(got, expected, "slice {start} {end}");
    }
    let huge = crate::int::parse_int("100000000000000000000", 10).expect("literal");
    assert_eq!(with("abc", |s| slice(str_of(s), small(1), huge).to_string()), "bc");
    drop_value(huge);
}

#[test]
fn show_escapes() {
    assert_eq!(show_string("hi"), "\"hi\"");
    assert_eq!(show_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(show_string("\n\t\r\0"), "\"\\n\\t\\r\\0\"");
    assert_eq!(show_string("\u{1b}[0m\u{7f}"), "\"\\u{1b}[0m\\u{7f}\"");
    assert_eq!(show_string("it's é の"), "\"it's é の\"");
}

#[test]
fn split_join_and_search() {
    assert_eq!(with("a//b", |s| with("/", |sep| strings(mote_stringSplit(sep, s)))), ["a", "", "b"]);
    assert_eq!(with("", |s| with("/", |sep| strings(mote_stringSplit(sep, s)))), [""]);
    assert_eq!(with("hé!", |s| with("", |sep| strings(mote_stringSplit(sep, s)))), ["h", "é", "!"]);
    let list = make_list(vec![make_string("a"), make_string("b"), make_string("c")]);
    let joined = with(", ", |sep| mote_stringJoinWith(sep, list));
    assert_eq!(str_of(joined), "a, b, c");
    let concat = mote_stringConcat(list);
    assert_eq!(str_of(concat), "abc");
    for v in [list, joined, concat] {
        drop_value(v);
    }
    let found = with("héllo", |s| with("l", |p| mote_stringIndexOf(p, s)));
    assert_eq!(list_iter(found).map(small_value).collect::<Vec<_>>(), [2]);
    drop_value(found);
    assert_eq!(with("abc", |s| with("x", |p| mote_stringIndexOf(p, s))), NIL);
    assert_eq!(with("abc", |s| with("", |p| mote_stringContains(p, s))), TRUE);
    assert_eq!(with("abc", |s| with("ab", |p| mote_stringStartsWith(p, s))), TRUE);
    assert_eq!(with("abc", |s| with("bc", |p| mote_stringEndsWith(p, s))), TRUE);
}

#[test]
fn transformations() {
    let run = |f: extern "C" fn(u64) -> u64, text: &str| {
        with(text, |s| {
            let r = f(s);
            let out = str_of(r).to_string();
            drop_value(r);
            out
        })
    };
    assert_eq!(run(mote_stringToUpper, "straße"), "STRASSE");
    assert_eq!(run(mote_stringToLower, "ÀB"), "àb");
    assert_eq!(run(mote_stringTrim, " \t x y \n"), "x y");
    assert_eq!(run(mote_showString, "a\n"), "\"a\\n\"");
    let replaced = with("a-b-c", |s| with("-", |p| with("+=", |r| mote_stringReplaceAll(p, r, s))));
    assert_eq!(str_of(replaced), "a+=b+=c");
    drop_value(replaced);
    let unchanged = with("abc", |s| with("", |p| with("x", |r| mote_stringReplaceAll(p, r, s))));
    assert_eq!(str_of(unchanged), "abc");
    drop_value(unchanged);
    let chars = with("hé", |s| mote_stringToChars(s));
    assert_eq!(list_iter(chars).map(char_value).collect::<String>(), "hé");
    let back = mote_stringFromChars(chars);
    assert_eq!(str_of(back), "hé");
    drop_value(chars);
    drop_value(back);
    let bytes = with("é", |s| mote_stringToUtf8(s));
    assert_eq!(binary_of(bytes), "é".as_bytes());
    let text = mote_stringFromUtf8(bytes);
    assert_eq!(list_iter(text).map(|s| str_of(s).to_string()).collect::<Vec<_>>(), ["é"]);
    drop_value(text);
    drop_value(bytes);
    let bad = make_binary(&[0xff]);
    assert_eq!(mote_stringFromUtf8(bad), NIL);
    drop_value(bad);
}
