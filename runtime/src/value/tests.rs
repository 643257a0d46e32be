use super::*;

#[test]
fn immediates_round_trip() {
    for n in [0, 1, -1, 42, SMALL_MAX, SMALL_MIN] {
        let w = small(n);
        assert!(is_small(w) && !is_ptr(w));
        assert_eq!(small_value(w), n);
    }
    for c in ['a', '\0', 'の', '\u{10FFFF}'] {
        let w = char_word(c);
        assert!(is_char(w) && !is_atom(w) && !is_ptr(w));
        assert_eq!(char_value(w), c);
    }
    let a = atom(7);
    assert!(is_atom(a) && !is_char(a));
    assert_eq!(atom_index(a), 7);
    assert_eq!((UNIT, FALSE, TRUE, NIL), (nullary(0), nullary(1), nullary(2), nullary(3)));
    assert_eq!((UNIT, FALSE, TRUE, NIL), (6, 14, 22, 30));
    assert_eq!(nullary_id(nullary(1234)), 1234);
    assert!(bool_value(bool_word(true)) && !bool_value(bool_word(false)));
}

#[test]
fn objects_round_trip() {
    let start = heap::live_objects();
    let s = make_string("héllo");
    assert_eq!(kind(s), Some(Kind::String));
    assert_eq!(count_of(s), 1);
    assert_eq!(str_of(s), "héllo");
    let b = make_binary(&[1, 2, 255]);
    assert_eq!(binary_of(b), &[1, 2, 255]);
    let f = make_float(-2.5);
    assert_eq!(float_of(f), -2.5);
    let t = make_tuple(&[small(1), dup(s)]);
    assert_eq!(aux_of(t), 2);
    assert_eq!(tuple_fields(t), vec![small(1), s]);
    assert_eq!(count_of(s), 2);
    let l = make_list(vec![small(1), small(2), small(3)]);
    assert_eq!(list_iter(l).map(small_value).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(uncons(NIL), None);
    let r = make_record(&[(1, small(3)), (0, dup(s))]);
    assert_eq!(record_fields(r), vec![(0, s), (1, small(3))]);
    let age = mote_rt_record_get(r, 1);
    assert_eq!(age, small(3));
    let name = mote_rt_record_get(r, 0);
    assert_eq!(count_of(s), 4);
    drop_value(name);
    for v in [s, b, f, t, l, r] {
        drop_value(v);
    }
    assert_eq!(heap::live_objects(), start);
}

#[test]
fn constructors() {
    crate::program::test_tables();
    use crate::program::test_ids::{JUST, NOTHING};
    assert_eq!(make_con(NOTHING, &[]), nullary(NOTHING));
    let j = make_con(JUST, &[small(5)]);
    assert_eq!(con_parts(j), Some((JUST, vec![small(5)])));
    assert_eq!(con_parts(nullary(NOTHING)), Some((NOTHING, vec![])));
    assert_eq!(con_parts(small(1)), None);
    drop_value(j);
}

#[test]
fn static_objects_are_never_counted() {
    // A literal the compiler emits in a data section: count 0.
    let lit: [u64; 3] = [(Kind::String as u64) << 32, 2, u64::from_le_bytes(*b"hi\0\0\0\0\0\0")];
    let v = lit.as_ptr() as u64;
    assert_eq!(str_of(v), "hi");
    dup(v);
    drop_value(v);
    drop_value(v);
    assert_eq!(count_of(v), 0);
}
