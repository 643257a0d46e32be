use super::*;
use crate::program::test_ids::{BOX, JUST, LEAF, NODE, NOTHING, PAIR};
use crate::value::{
    Kind, alloc_object, atom, char_word, drop_value, make_binary, make_con, make_float, make_list, make_record,
    make_tuple, nullary, set_word,
};

/// Shows `v`, checks the text, and drops `v`.
fn shows(v: u64, expected: &str) {
    crate::program::test_tables();
    assert_eq!(show(v), expected);
    let r = mote_rt_show_any(v);
    assert_eq!(str_of(r), expected);
    drop_value(r);
    drop_value(v);
}

#[test]
fn immediates() {
    shows(small(42), "42");
    shows(small(-7), "-7");
    shows(UNIT, "()");
    shows(TRUE, "true");
    shows(FALSE, "false");
    shows(NIL, "[]");
    shows(char_word('\n'), "'\\n'");
    shows(atom(0), ":ok");
    shows(atom(2), ":\"node@host\"");
    shows(make_float(1.0e7), "1.0e7");
    shows(make_string("a\"b"), "\"a\\\"b\"");
    shows(make_binary(&[1, 2, 255]), "<<1,2,255>>");
    shows(
        crate::int::parse_int("-123456789012345678901234567890", 10).expect("literal"),
        "-123456789012345678901234567890",
    );
}

#[test]
fn nested_constructors_are_parenthesised() {
    crate::program::test_tables();
    shows(nullary(NOTHING), "Nothing");
    shows(make_con(JUST, &[small(1)]), "Just 1");
    shows(make_con(JUST, &[small(-1)]), "Just (-1)");
    shows(make_con(JUST, &[make_float(-0.5)]), "Just (-0.5)");
    shows(make_con(JUST, &[make_con(JUST, &[nullary(NOTHING)])]), "Just (Just Nothing)");
    let leaf = nullary(LEAF);
    let inner = make_con(NODE, &[leaf, small(1), leaf]);
    shows(make_con(NODE, &[inner, small(2), leaf]), "Node (Node Leaf 1 Leaf) 2 Leaf");
    shows(make_con(PAIR, &[make_string("x"), make_list(vec![small(1)])]), "Pair \"x\" [1]");
    shows(make_con(BOX, &[make_tuple(&[small(-1), TRUE])]), "Box (-1,true)");
    let big = crate::int::parse_int("-99999999999999999999", 10).expect("literal");
    shows(make_con(BOX, &[big]), "Box (-99999999999999999999)");
}

#[test]
fn lists_tuples_records_maps_functions() {
    crate::program::test_tables();
    shows(make_list(vec![small(1), small(-2), small(3)]), "[1,-2,3]");
    shows(make_list(vec![make_con(JUST, &[small(1)]), nullary(NOTHING)]), "[Just 1,Nothing]");
    shows(make_list(vec![char_word('a'), char_word('\'')]), "['a','\\'']");
    shows(make_tuple(&[small(1), make_string("a")]), "(1,\"a\")");
    shows(make_tuple(&[small(1), make_string("a"), atom(0)]), "(1,\"a\",:ok)");
    // Label 0 is "name", 1 is "age": shown by name.
    shows(make_record(&[(0, make_string("x")), (1, small(3))]), "{ age = 3, name = \"x\" }");
    shows(make_record(&[]), "{}");
    let m = crate::map::mote_mapSingleton(make_string("k"), small(1));
    shows(m, "#{\"k\" => 1}");
    shows(crate::map::mote_mapEmpty(), "#{}");
    let closure = alloc_object(Kind::Closure, 0, 2);
    set_word(closure, 0, 0);
    set_word(closure, 1, 1);
    shows(closure, "<function>");
}

#[test]
fn long_lists_show_in_constant_stack() {
    let l = make_list((0..200_000).map(small).collect());
    let text = show(l);
    assert!(text.starts_with("[0,1,2,") && text.ends_with(",199999]"));
    drop_value(l);
}
