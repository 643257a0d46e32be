//! Integers: a small word when the value fits in 63 bits, else a BIGINT object whose payload
//! is an inline `num_bigint::BigInt` (dropped by `mote_rt_free`). Every result is normalised:
//! a value that fits is always small, so equal integers have equal representations.

#![allow(non_snake_case)]

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};

use crate::error::crash;
use crate::heap::BIGINT_WORDS;
use crate::value::{
    Kind, NIL, alloc_object, bool_word, fits_small, is_ptr, just, kind_of, make_string, ptr, small, small_value, str_of,
};

/// A borrowed view of an Integer.
#[derive(Debug)]
pub enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

pub fn int_ref<'a>(v: u64) -> IntRef<'a> {
    if crate::value::is_small(v) {
        IntRef::Small(small_value(v))
    } else if is_ptr(v) && kind_of(v) == Kind::BigInt {
        // SAFETY: a BIGINT object holds an initialised BigInt at offset 8; the caller holds `v`.
        IntRef::Big(unsafe { &*(ptr(v).add(1) as *const BigInt) })
    } else {
        crash("bad argument: expected an Integer")
    }
}

pub fn to_bigint(v: u64) -> BigInt {
    match int_ref(v) {
        IntRef::Small(n) => BigInt::from(n),
        IntRef::Big(b) => b.clone(),
    }
}

/// The value as an `i64`, if it fits.
pub fn to_i64(v: u64) -> Option<i64> {
    match int_ref(v) {
        IntRef::Small(n) => Some(n),
        IntRef::Big(b) => i64::try_from(b).ok(),
    }
}

fn make_bigint(b: BigInt) -> u64 {
    let v = alloc_object(Kind::BigInt, 0, BIGINT_WORDS);
    // SAFETY: the payload has room for a BigInt and is 8-aligned, as BigInt requires.
    unsafe { std::ptr::write(ptr(v).add(1) as *mut BigInt, b) };
    v
}

#[inline]
pub fn int_from_i64(n: i64) -> u64 {
    if fits_small(n) { small(n) } else { big_from_i128(n.into()) }
}

/// The Integer of `n`: a small integer when it fits (decided inline; most results of the
/// primitives do), else a big one.
#[inline]
pub fn int_from_i128(n: i128) -> u64 {
    match i64::try_from(n) {
        Ok(m) if fits_small(m) => small(m),
        _ => big_from_i128(n),
    }
}

#[inline(never)]
fn big_from_i128(n: i128) -> u64 {
    make_bigint(BigInt::from(n))
}

pub fn int_from_big(b: BigInt) -> u64 {
    match i64::try_from(&b) {
        Ok(n) if fits_small(n) => small(n),
        _ => make_bigint(b),
    }
}

/// The Integer equal to an integral, finite `x`.
pub fn int_from_integral_f64(x: f64) -> u64 {
    if x.abs() < 4.0e18 {
        return int_from_i64(x as i64);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let magnitude = BigInt::from(mantissa) << (exponent as u64);
    int_from_big(if x < 0.0 { -magnitude } else { magnitude })
}

/// The nearest Float (ties to even); `None` beyond the Float range.
pub fn int_to_f64(v: u64) -> Option<f64> {
    let b = match int_ref(v) {
        IntRef::Small(n) => return Some(n as f64),
        IntRef::Big(b) => b,
    };
    let bits = b.bits();
    let shift = bits.saturating_sub(64);
    let magnitude = b.magnitude();
    let mut top = u64::try_from(&(magnitude >> shift)).expect("64 high bits fit in a u64");
    if shift > 0 && magnitude.trailing_zeros().is_some_and(|z| z < shift) {
        top |= 1; // sticky bit: below the rounding position, so ties break correctly
    }
    let x = top as f64 * 2f64.powi(shift as i32);
    let x = if b.sign() == Sign::Minus { -x } else { x };
    x.is_finite().then_some(x)
}

/// Applies `small` when both are small (with the result as i128), else `big`.
fn binary(a: u64, b: u64, small_op: impl Fn(i64, i64) -> i128, big_op: impl Fn(BigInt, BigInt) -> BigInt) -> u64 {
    match (int_ref(a), int_ref(b)) {
        (IntRef::Small(x), IntRef::Small(y)) => int_from_i128(small_op(x, y)),
        _ => int_from_big(big_op(to_bigint(a), to_bigint(b))),
    }
}

pub fn int_cmp(a: u64, b: u64) -> Ordering {
    match (int_ref(a), int_ref(b)) {
        (IntRef::Small(x), IntRef::Small(y)) => x.cmp(&y),
        (IntRef::Big(x), IntRef::Big(y)) => x.cmp(y),
        (IntRef::Small(x), IntRef::Big(y)) => BigInt::from(x).cmp(y),
        (IntRef::Big(x), IntRef::Small(y)) => x.cmp(&BigInt::from(y)),
    }
}

fn is_zero(v: u64) -> bool {
    matches!(int_ref(v), IntRef::Small(0))
}

fn check_divisor(b: u64) {
    if is_zero(b) {
        crash("division by zero");
    }
}

/// Euclidean quotient and remainder: `a == b * q + r`, `0 <= r < |b|`.
fn big_div_euclid(a: BigInt, b: BigInt) -> (BigInt, BigInt) {
    let (mut q, mut r) = (&a / &b, &a % &b);
    if r.sign() == Sign::Minus {
        if b.sign() == Sign::Plus {
            q -= 1;
            r += &b;
        } else {
            q += 1;
            r -= &b;
        }
    }
    (q, r)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intAdd(a: u64, b: u64) -> u64 {
    binary(a, b, |x, y| x as i128 + y as i128, |x, y| x + y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intSub(a: u64, b: u64) -> u64 {
    binary(a, b, |x, y| x as i128 - y as i128, |x, y| x - y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intMul(a: u64, b: u64) -> u64 {
    binary(a, b, |x, y| x as i128 * y as i128, |x, y| x * y)
}

/// The primitives whose small-integer case generated code does inline, numbered for
/// [`mote_rt_int_slow`] (ABI.md, "Inline integer operations").
const INLINE_PRIMITIVES: [extern "C" fn(u64, u64) -> u64; 8] =
    [mote_intAdd, mote_intSub, mote_intMul, mote_intEq, mote_intLt, mote_intLe, mote_intGt, mote_intGe];

/// The cold path of an inline integer operation: primitive `how >> 2` of [`INLINE_PRIMITIVES`]
/// on borrowed `a` and `b`, then releases `a` (if bit 0 of `how` is set) and `b` (bit 1). Doing
/// the releases here leaves generated code nothing to keep across the call, so the operands of
/// the fast path need not live in callee-saved registers.
///
/// `a` and `b` are live Integers; the caller holds the references it asks to release.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_int_slow(a: u64, b: u64, how: u64) -> u64 {
    let release = how & 3;
    let Some(primitive) = INLINE_PRIMITIVES.get((how >> 2) as usize) else {
        crash("internal error: no inline integer operation with this number");
    };
    let result = primitive(a, b);
    if release & 1 != 0 {
        crate::value::drop_value(a);
    }
    if release & 2 != 0 {
        crate::value::drop_value(b);
    }
    result
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intNegate(a: u64) -> u64 {
    match int_ref(a) {
        IntRef::Small(x) => int_from_i64(-x),
        IntRef::Big(x) => int_from_big(-x),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intDiv(a: u64, b: u64) -> u64 {
    check_divisor(b);
    binary(a, b, |x, y| x.div_euclid(y) as i128, |x, y| big_div_euclid(x, y).0)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intMod(a: u64, b: u64) -> u64 {
    check_divisor(b);
    binary(a, b, |x, y| x.rem_euclid(y) as i128, |x, y| big_div_euclid(x, y).1)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intQuot(a: u64, b: u64) -> u64 {
    check_divisor(b);
    binary(a, b, |x, y| x as i128 / y as i128, |x, y| x / y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intRem(a: u64, b: u64) -> u64 {
    check_divisor(b);
    binary(a, b, |x, y| x as i128 % y as i128, |x, y| x % y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intEq(a: u64, b: u64) -> u64 {
    bool_word(int_cmp(a, b) == Ordering::Equal)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intLt(a: u64, b: u64) -> u64 {
    bool_word(int_cmp(a, b) == Ordering::Less)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intLe(a: u64, b: u64) -> u64 {
    bool_word(int_cmp(a, b) != Ordering::Greater)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intGt(a: u64, b: u64) -> u64 {
    bool_word(int_cmp(a, b) == Ordering::Greater)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intGe(a: u64, b: u64) -> u64 {
    bool_word(int_cmp(a, b) != Ordering::Less)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intAnd(a: u64, b: u64) -> u64 {
    binary(a, b, |x, y| (x & y) as i128, |x, y| x & y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intOr(a: u64, b: u64) -> u64 {
    binary(a, b, |x, y| (x | y) as i128, |x, y| x | y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intXor(a: u64, b: u64) -> u64 {
    binary(a, b, |x, y| (x ^ y) as i128, |x, y| x ^ y)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intNot(a: u64) -> u64 {
    match int_ref(a) {
        IntRef::Small(x) => int_from_i64(!x),
        IntRef::Big(x) => int_from_big(!x),
    }
}

/// The largest left shift we attempt: beyond it the result would not fit in memory.
const MAX_SHIFT: i64 = 1 << 32;

#[unsafe(no_mangle)]
pub extern "C" fn mote_intShiftLeft(a: u64, n: u64) -> u64 {
    let negative = to_bigint(a).sign() == Sign::Minus;
    let Some(n) = to_i64(n) else {
        // A shift by more than 2^63 bits: right shifts end at 0 or -1, left ones cannot fit.
        if to_bigint(n).sign() == Sign::Minus {
            return small(if negative { -1 } else { 0 });
        }
        crash("intShiftLeft: shift too large")
    };
    if n > MAX_SHIFT {
        if is_zero(a) {
            return small(0);
        }
        crash("intShiftLeft: shift too large");
    }
    match int_ref(a) {
        IntRef::Small(x) if (0..=64).contains(&n) => int_from_i128((x as i128) << n),
        IntRef::Small(x) if n < 0 => small(if n <= -63 { x >> 62 } else { x >> -n }),
        _ if n >= 0 => int_from_big(to_bigint(a) << (n as u64)),
        _ => int_from_big(to_bigint(a) >> n.unsigned_abs()),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intToFloat(a: u64) -> u64 {
    match int_to_f64(a) {
        Some(x) => crate::value::make_float(x),
        None => crash("intToFloat: beyond the Float range"),
    }
}

fn check_base(base: u64, what: &str) -> u32 {
    match to_i64(base) {
        Some(b @ 2..=36) => b as u32,
        _ => crash(&format!("{what}: bad base {}", crate::int::show_int(base))),
    }
}

/// Parses an optional sign and digits of `base`; `None` unless all of `s` is that.
pub fn parse_int(s: &str, base: u32) -> Option<u64> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let magnitude = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(int_from_big(if negative { -magnitude } else { magnitude }))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intParse(base: u64, s: u64) -> u64 {
    let base = check_base(base, "intParse");
    match parse_int(str_of(s), base) {
        Some(n) => just(n),
        None => NIL,
    }
}

pub fn format_int(v: u64, base: u32) -> String {
    match int_ref(v) {
        IntRef::Small(n) if base == 10 => n.to_string(),
        IntRef::Small(n) => BigInt::from(n).to_str_radix(base),
        IntRef::Big(b) => b.to_str_radix(base),
    }
}

/// The decimal text of an Integer.
pub fn show_int(v: u64) -> String {
    format_int(v, 10)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_intFormat(base: u64, n: u64) -> u64 {
    let base = check_base(base, "intFormat");
    make_string(&format_int(n, base))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showInteger(n: u64) -> u64 {
    make_string(&show_int(n))
}

/// `mote_rt_int_from_str`: an Integer from a STRING of decimal digits (big literals).
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_int_from_str(s: u64) -> u64 {
    match parse_int(str_of(s), 10) {
        Some(n) => n,
        None => crash(&format!("internal error: bad integer literal {:?}", str_of(s))),
    }
}

#[cfg(test)]
mod tests;
