//! Floats: IEEE doubles that are always finite. A primitive whose IEEE result would be
//! infinite or NaN crashes instead, so `floatEq` is an equivalence and `floatLt` a total order.

#![allow(non_snake_case)]

use crate::error::crash;
use crate::int::int_from_integral_f64;
use crate::value::{NIL, bool_word, float_of, just, make_float, make_string, str_of};

fn finite(x: f64, what: &str) -> u64 {
    if x.is_finite() { make_float(x) } else { crash(&format!("{what}: the result is not a finite Float")) }
}

fn op1(a: u64, what: &str, f: impl Fn(f64) -> f64) -> u64 {
    finite(f(float_of(a)), what)
}

fn op2(a: u64, b: u64, what: &str, f: impl Fn(f64, f64) -> f64) -> u64 {
    finite(f(float_of(a), float_of(b)), what)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatAdd(a: u64, b: u64) -> u64 {
    op2(a, b, "floatAdd", |x, y| x + y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatSub(a: u64, b: u64) -> u64 {
    op2(a, b, "floatSub", |x, y| x - y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatMul(a: u64, b: u64) -> u64 {
    op2(a, b, "floatMul", |x, y| x * y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatDiv(a: u64, b: u64) -> u64 {
    if float_of(b) == 0.0 {
        crash("division by zero");
    }
    op2(a, b, "floatDiv", |x, y| x / y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatNegate(a: u64) -> u64 {
    op1(a, "floatNegate", |x| -x)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatEq(a: u64, b: u64) -> u64 {
    bool_word(float_of(a) == float_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatLt(a: u64, b: u64) -> u64 {
    bool_word(float_of(a) < float_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatLe(a: u64, b: u64) -> u64 {
    bool_word(float_of(a) <= float_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatGt(a: u64, b: u64) -> u64 {
    bool_word(float_of(a) > float_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatGe(a: u64, b: u64) -> u64 {
    bool_word(float_of(a) >= float_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatFloor(a: u64) -> u64 {
    int_from_integral_f64(float_of(a).floor())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatCeiling(a: u64) -> u64 {
    int_from_integral_f64(float_of(a).ceil())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatRound(a: u64) -> u64 {
    int_from_integral_f64(float_of(a).round())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatTruncate(a: u64) -> u64 {
    int_from_integral_f64(float_of(a).trunc())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatSqrt(a: u64) -> u64 {
    op1(a, "floatSqrt", f64::sqrt)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatExp(a: u64) -> u64 {
    op1(a, "floatExp", f64::exp)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatLog(a: u64) -> u64 {
    op1(a, "floatLog", f64::ln)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatPow(b: u64, x: u64) -> u64 {
    op2(b, x, "floatPow", f64::powf)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatSin(a: u64) -> u64 {
    op1(a, "floatSin", f64::sin)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatCos(a: u64) -> u64 {
    op1(a, "floatCos", f64::cos)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatTan(a: u64) -> u64 {
    op1(a, "floatTan", f64::tan)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatAtan2(y: u64, x: u64) -> u64 {
    op2(y, x, "floatAtan2", f64::atan2)
}

/// Whether `s` is an optional sign, digits, an optional `.digits` and an optional exponent.
fn is_float_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if !digits(&mut i) {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

pub fn parse_float(s: &str) -> Option<f64> {
    if !is_float_syntax(s) {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_floatParse(s: u64) -> u64 {
    match parse_float(str_of(s)) {
        Some(x) => just(make_float(x)),
        None => NIL,
    }
}

/// Haskell's `show` for a Double: the shortest digits that read back, plain when
/// `0.1 <= |x| < 10^7` (always with a `.`), else scientific with one digit before the point.
pub fn show_float(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || (0.1..1.0e7).contains(&a) {
        // Debug prints the shortest round-trip digits, plain in this range, with ".0" if needed.
        return format!("{x:?}");
    }
    let s = format!("{x:e}");
    match s.split_once('e') {
        Some((mantissa, exponent)) if !mantissa.contains('.') => format!("{mantissa}.0e{exponent}"),
        _ => s,
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showFloat(a: u64) -> u64 {
    make_string(&show_float(float_of(a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_float_matches_haskell() {
        let cases: [(f64, &str); 14] = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1234567.0, "1234567.0"),
            (0.01, "1.0e-2"),
            (12345678.0, "1.2345678e7"),
            (1.0e7, "1.0e7"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0e22, "1.0e22"),
            (5.0e-324, "5.0e-324"),
            (-1.5e-5, "-1.5e-5"),
            (9999999.0, "9999999.0"),
            (0.30000000000000004, "0.30000000000000004"),
        ];
        for (x, s) in cases {
            assert_eq!(show_float(x), s, "show of {x:e}");
        }
    }

    #[test]
    fn parse_float_syntax() {
        assert_eq!(parse_float("3"), Some(3.0));
        assert_eq!(parse_float("-1.5"), Some(-1.5));
        assert_eq!(parse_float("2.3e-3"), Some(2.3e-3));
        assert_eq!(parse_float("+2E3"), Some(2000.0));
        for bad in ["", "1.", ".5", "1e", "inf", "nan", " 1", "1e999", "1_0", "0x10"] {
            assert_eq!(parse_float(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rounding_and_conversions() {
        use crate::value::{drop_value, small_value};
        let f = make_float(2.5);
        assert_eq!(small_value(mote_floatRound(f)), 3);
        drop_value(f);
        let f = make_float(-2.5);
        assert_eq!(small_value(mote_floatRound(f)), -3);
        assert_eq!(small_value(mote_floatFloor(f)), -3);
        assert_eq!(small_value(mote_floatCeiling(f)), -2);
        assert_eq!(small_value(mote_floatTruncate(f)), -2);
        drop_value(f);
        let f = make_float(1.0e20);
        let n = mote_floatFloor(f);
        assert_eq!(crate::int::show_int(n), "100000000000000000000");
        drop_value(n);
        drop_value(f);
    }
}
