use super::*;
use crate::value::{FALSE, SMALL_MAX, SMALL_MIN, TRUE, drop_value, is_small};

fn s(n: i64) -> u64 {
    small(n)
}

fn big(text: &str) -> u64 {
    parse_int(text, 10).expect("a valid literal")
}

/// Runs `f` and checks the decimal text of its result, then drops it.
fn check(v: u64, expected: &str) {
    assert_eq!(show_int(v), expected);
    drop_value(v);
}

#[test]
fn promotion_at_the_boundary() {
    let max = s(SMALL_MAX);
    let over = mote_intAdd(max, s(1));
    assert!(!is_small(over), "2^62 - 1 + 1 is a bignum");
    assert_eq!(show_int(over), "4611686018427387904");
    let back = mote_intSub(over, s(1));
    assert!(is_small(back), "2^62 - 1 comes back small");
    assert_eq!(back, max);
    drop_value(over);

    let min = s(SMALL_MIN);
    let under = mote_intSub(min, s(1));
    assert!(!is_small(under));
    assert_eq!(show_int(under), "-4611686018427387905");
    let back = mote_intAdd(under, s(1));
    assert_eq!(back, min);
    drop_value(under);
    let neg = mote_intNegate(min);
    assert!(!is_small(neg));
    check(neg, "4611686018427387904");
}

#[test]
fn multiplication_overflow() {
    let p = mote_intMul(s(SMALL_MAX), s(SMALL_MAX));
    assert_eq!(show_int(p), "21267647932558653957237540927630737409");
    let q = mote_intQuot(p, s(SMALL_MAX));
    assert_eq!(q, s(SMALL_MAX));
    drop_value(p);
    check(mote_intMul(s(1 << 40), s(-(1 << 40))), "-1208925819614629174706176");
    let x = big("100000000000000000000");
    check(mote_intMul(x, x), "10000000000000000000000000000000000000000");
    let y = mote_intDiv(x, x);
    assert_eq!(y, s(1));
    drop_value(x);
}

#[test]
fn euclidean_division() {
    let cases = [(7, 2, 3, 1), (-7, 2, -4, 1), (7, -2, -3, 1), (-7, -2, 4, 1), (6, 3, 2, 0), (-6, 3, -2, 0)];
    for (a, b, q, r) in cases {
        assert_eq!(small_value(mote_intDiv(s(a), s(b))), q, "{a} div {b}");
        assert_eq!(small_value(mote_intMod(s(a), s(b))), r, "{a} mod {b}");
    }
    assert_eq!(small_value(mote_intQuot(s(-7), s(2))), -3);
    assert_eq!(small_value(mote_intRem(s(-7), s(2))), -1);
    assert_eq!(small_value(mote_intRem(s(7), s(-2))), 1);
    // The same on bignums.
    let a = big("-70000000000000000000000");
    let b = big("20000000000000000000000");
    assert_eq!(small_value(mote_intDiv(a, b)), -4);
    check(mote_intMod(a, b), "10000000000000000000000");
    assert_eq!(small_value(mote_intQuot(a, b)), -3);
    check(mote_intRem(a, b), "-10000000000000000000000");
    let nb = mote_intNegate(b);
    assert_eq!(small_value(mote_intDiv(a, nb)), 4);
    check(mote_intMod(a, nb), "10000000000000000000000");
    for v in [a, b, nb] {
        drop_value(v);
    }
    // SMALL_MIN div -1 leaves the small range.
    check(mote_intDiv(s(SMALL_MIN), s(-1)), "4611686018427387904");
}

#[test]
fn comparisons_and_bits() {
    let b = big("99999999999999999999");
    assert_eq!(mote_intLt(s(5), b), TRUE);
    assert_eq!(mote_intGt(s(5), b), FALSE);
    assert_eq!(mote_intEq(b, b), TRUE);
    assert_eq!(mote_intLe(s(-1), s(-1)), TRUE);
    assert_eq!(mote_intGe(s(-2), s(-1)), FALSE);
    drop_value(b);
    assert_eq!(small_value(mote_intAnd(s(12), s(10))), 8);
    assert_eq!(small_value(mote_intOr(s(12), s(10))), 14);
    assert_eq!(small_value(mote_intXor(s(12), s(10))), 6);
    assert_eq!(small_value(mote_intNot(s(5))), -6);
    assert_eq!(small_value(mote_intAnd(s(-1), s(255))), 255);
    let big_neg = big("-36893488147419103232"); // -2^65
    assert_eq!(small_value(mote_intAnd(big_neg, s((1 << 40) - 1))), 0);
    check(mote_intAnd(big_neg, s(-1 << 40)), "-36893488147419103232");
    check(mote_intXor(big_neg, s(-1)), "36893488147419103231");
    check(mote_intOr(big_neg, s(1)), "-36893488147419103231");
    drop_value(big_neg);
}

#[test]
fn shifts() {
    assert_eq!(small_value(mote_intShiftLeft(s(-5), s(-1))), -3);
    assert_eq!(small_value(mote_intShiftLeft(s(3), s(2))), 12);
    assert_eq!(small_value(mote_intShiftLeft(s(-1), s(-100))), -1);
    assert_eq!(small_value(mote_intShiftLeft(s(7), s(-100))), 0);
    let v = mote_intShiftLeft(s(1), s(100));
    assert_eq!(show_int(v), "1267650600228229401496703205376");
    assert_eq!(small_value(mote_intShiftLeft(v, s(-99))), 2);
    drop_value(v);
    check(mote_intShiftLeft(s(1), s(62)), "4611686018427387904");
}

#[test]
fn parse_and_format() {
    assert_eq!(mote_intParse(s(10), crate::value::make_string("12x")), crate::value::NIL);
    assert_eq!(parse_int("-42", 10), Some(s(-42)));
    assert_eq!(parse_int("+ff", 16), Some(s(255)));
    assert_eq!(parse_int("FF", 16), Some(s(255)));
    assert_eq!(parse_int("z", 36), Some(s(35)));
    for bad in ["", "-", "1_000", "0x10", " 1", "12a"] {
        assert_eq!(parse_int(bad, 10), None, "{bad:?}");
    }
    check(big("123456789012345678901234567890"), "123456789012345678901234567890");
    assert_eq!(format_int(s(255), 16), "ff");
    assert_eq!(format_int(s(-5), 2), "-101");
    let v = big("-340282366920938463463374607431768211456");
    assert_eq!(format_int(v, 16), "-100000000000000000000000000000000");
    drop_value(v);
}

#[test]
fn to_float_rounds_to_nearest() {
    assert_eq!(int_to_f64(s(3)), Some(3.0));
    let v = big("9007199254740993"); // 2^53 + 1: a tie, rounds to even
    assert_eq!(int_to_f64(v), Some(9007199254740992.0));
    drop_value(v);
    let v = big("9007199254740995"); // 2^53 + 3: rounds up to even
    assert_eq!(int_to_f64(v), Some(9007199254740996.0));
    drop_value(v);
    let v = big("-100000000000000000000000");
    assert_eq!(int_to_f64(v), Some(-1e23));
    drop_value(v);
    let v = mote_intShiftLeft(s(1), s(1024));
    assert_eq!(int_to_f64(v), None);
    drop_value(v);
    let v = int_from_integral_f64(-1.0e30);
    assert_eq!(int_to_f64(v), Some(-1.0e30));
    drop_value(v);
}

/// `mote_rt_int_slow` on the two operands.
fn slow(a: u64, b: u64, how: u64) -> u64 {
    mote_rt_int_slow(a, b, how)
}

#[test]
fn the_cold_path_of_inline_operations_releases_what_it_is_told() {
    let start = crate::heap::live_objects();
    let a = big("100000000000000000000");
    let b = big("-3");
    // intAdd (0), releasing both operands.
    let sum = slow(a, b, 0b11);
    check(sum, "99999999999999999997");
    assert_eq!(crate::heap::live_objects(), start, "both operands were released");

    // intLt (4) on a bignum, releasing only the second operand.
    let a = big("-100000000000000000000");
    let b = big("100000000000000000000");
    assert_eq!(slow(a, b, (4 << 2) | 0b10), TRUE);
    assert_eq!(crate::heap::live_objects(), start + 1, "the first operand is still held");
    // intMul (2) of small operands whose product is a bignum, releasing nothing.
    let product = slow(s(SMALL_MAX), s(4), 2 << 2);
    check(product, "18446744073709551612");
    // intGe (7): the last of the numbered primitives.
    assert_eq!(slow(a, s(0), (7 << 2) | 0b01), FALSE);
    assert_eq!(crate::heap::live_objects(), start);
}
