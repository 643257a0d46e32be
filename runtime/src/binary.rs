//! Binaries: byte strings, and the helpers the compiler uses for binary literals and patterns
//! (ABI.md, last section). `flags`: bit 0 little-endian (else big-endian), bit 1 signed.

#![allow(non_snake_case)]

use num_bigint::{BigInt, Sign};

use crate::error::crash;
use crate::int::{IntRef, int_from_big, int_ref, to_i64};
use crate::value::{binary_of, bool_word, float_of, list_iter, make_binary, make_float, make_string, small};

const LITTLE: i64 = 1;
const SIGNED: i64 = 2;

/// `<<1,2,255>>`.
pub fn show_binary(bytes: &[u8]) -> String {
    let items: Vec<String> = bytes.iter().map(u8::to_string).collect();
    format!("<<{}>>", items.join(","))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_binaryEq(a: u64, b: u64) -> u64 {
    bool_word(binary_of(a) == binary_of(b))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showBinary(b: u64) -> u64 {
    make_string(&show_binary(binary_of(b)))
}

fn small_arg(v: u64, what: &str) -> i64 {
    to_i64(v).unwrap_or_else(|| crash(&format!("bad argument: {what} out of range")))
}

/// A size in bits, as a byte count.
fn byte_count(bits: u64) -> usize {
    let bits = small_arg(bits, "binary size");
    if bits < 0 || bits % 8 != 0 {
        crash(&format!("bad argument: binary size {bits} is not a whole number of bytes"));
    }
    (bits / 8) as usize
}

/// `mote_binaryFromInt(value, bits, flags)`: the low `bits` bits of `value`, two's complement.
#[unsafe(no_mangle)]
pub extern "C" fn mote_binaryFromInt(value: u64, bits: u64, flags: u64) -> u64 {
    let n = byte_count(bits);
    let little = small_arg(flags, "flags") & LITTLE != 0;
    let (mut bytes, negative) = match int_ref(value) {
        IntRef::Small(x) => (x.to_le_bytes().to_vec(), x < 0),
        IntRef::Big(b) => (b.to_signed_bytes_le(), b.sign() == Sign::Minus),
    };
    bytes.resize(n, if negative { 0xff } else { 0 });
    if !little {
        bytes.reverse();
    }
    make_binary(&bytes)
}

/// `mote_binaryFromFloat(value, bits, flags)`: IEEE 754 single (32) or double (64).
#[unsafe(no_mangle)]
pub extern "C" fn mote_binaryFromFloat(value: u64, bits: u64, flags: u64) -> u64 {
    let x = float_of(value);
    let little = small_arg(flags, "flags") & LITTLE != 0;
    let mut bytes = match byte_count(bits) {
        4 => (x as f32).to_be_bytes().to_vec(),
        8 => x.to_be_bytes().to_vec(),
        n => crash(&format!("bad argument: a Float has 32 or 64 bits, not {}", n * 8)),
    };
    if little {
        bytes.reverse();
    }
    make_binary(&bytes)
}

/// `mote_binaryConcat(list of Binary)`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_binaryConcat(list: u64) -> u64 {
    let bytes: Vec<u8> = list_iter(list).flat_map(|b| binary_of(b).iter().copied()).collect();
    make_binary(&bytes)
}

/// `mote_binarySize(b)`: the number of bytes.
#[unsafe(no_mangle)]
pub extern "C" fn mote_binarySize(b: u64) -> u64 {
    small(binary_of(b).len() as i64)
}

/// The `len` bytes at `offset`, or a crash when they are not all there.
fn bytes_at<'a>(b: u64, offset: u64, len: usize) -> &'a [u8] {
    let bytes = binary_of(b);
    let offset = small_arg(offset, "binary offset");
    match usize::try_from(offset).ok().and_then(|o| bytes.get(o..o.checked_add(len)?)) {
        Some(slice) => slice,
        None => crash(&format!("bad argument: {len} bytes at offset {offset} of a binary of {}", bytes.len())),
    }
}

/// `mote_binaryGetInt(b, byte_offset, bits, flags) -> Integer`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_binaryGetInt(b: u64, offset: u64, bits: u64, flags: u64) -> u64 {
    let n = byte_count(bits);
    let flags = small_arg(flags, "flags");
    let mut bytes = bytes_at(b, offset, n).to_vec();
    if flags & LITTLE == 0 {
        bytes.reverse();
    }
    let value = if flags & SIGNED != 0 {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    int_from_big(value)
}

/// `mote_binaryGetFloat(b, byte_offset, bits, flags) -> Float`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_binaryGetFloat(b: u64, offset: u64, bits: u64, flags: u64) -> u64 {
    let n = byte_count(bits);
    let little = small_arg(flags, "flags") & LITTLE != 0;
    let mut bytes = bytes_at(b, offset, n).to_vec();
    if little {
        bytes.reverse();
    }
    let x = match n {
        4 => f32::from_be_bytes(bytes.try_into().expect("4 bytes")) as f64,
        8 => f64::from_be_bytes(bytes.try_into().expect("8 bytes")),
        _ => crash(&format!("bad argument: a Float has 32 or 64 bits, not {}", n * 8)),
    };
    if !x.is_finite() {
        crash("binaryGetFloat: not a finite Float");
    }
    make_float(x)
}

/// `mote_binarySlice(b, byte_offset, length) -> Binary`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_binarySlice(b: u64, offset: u64, length: u64) -> u64 {
    let len = small_arg(length, "binary length");
    if len < 0 {
        crash("bad argument: negative binary length");
    }
    make_binary(bytes_at(b, offset, len as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{drop_value, small_value};

    fn bin(bytes: &[u8]) -> u64 {
        make_binary(bytes)
    }

    #[test]
    fn ints_round_trip() {
        let b = mote_binaryFromInt(small(-2), small(16), small(0));
        assert_eq!(binary_of(b), &[0xff, 0xfe]);
        assert_eq!(small_value(mote_binaryGetInt(b, small(0), small(16), small(SIGNED))), -2);
        assert_eq!(small_value(mote_binaryGetInt(b, small(0), small(16), small(0))), 0xfffe);
        assert_eq!(small_value(mote_binaryGetInt(b, small(0), small(16), small(LITTLE))), 0xfeff);
        drop_value(b);
        let b = mote_binaryFromInt(small(0x1234), small(16), small(LITTLE));
        assert_eq!(binary_of(b), &[0x34, 0x12]);
        drop_value(b);
        let b = mote_binaryFromInt(small(258), small(8), small(0));
        assert_eq!(binary_of(b), &[2]);
        drop_value(b);
        let b = bin(&[0xff; 8]);
        let n = mote_binaryGetInt(b, small(0), small(64), small(0));
        assert_eq!(crate::int::show_int(n), "18446744073709551615");
        drop_value(n);
        drop_value(b);
    }

    #[test]
    fn floats_slices_and_concat() {
        let x = make_float(1.5);
        let b = mote_binaryFromFloat(x, small(64), small(0));
        let y = mote_binaryGetFloat(b, small(0), small(64), small(0));
        assert_eq!(float_of(y), 1.5);
        let s = mote_binarySlice(b, small(0), small(2));
        assert_eq!(binary_of(s), &[0x3f, 0xf8]);
        let list = crate::value::make_list(vec![bin(&[1, 2]), bin(&[]), bin(&[255])]);
        let c = mote_binaryConcat(list);
        assert_eq!(show_binary(binary_of(c)), "<<1,2,255>>");
        assert_eq!(show_binary(&[]), "<<>>");
        for v in [x, b, y, s, list, c] {
            drop_value(v);
        }
    }
}
