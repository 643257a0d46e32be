//! Copying a value into another process, and freezing the values all processes share.
//!
//! Counts are not atomic, so two processes never count the same object: a message or a
//! spawned action is copied (static objects, count 0, are shared as they are), and the
//! program's globals are frozen (made static) once computed.

use crate::heap::{Shape, alloc_words, shape};
use crate::value::{Kind, count_of, header_of, is_ptr, kind_of, ptr, word};

fn shared_as_is(v: u64) -> bool {
    !is_ptr(v) || count_of(v) == 0
}

/// A deep copy of a borrowed value, owned by the caller. Iterative: a long list copies in
/// constant stack. An immediate (most messages of a ring or a counter) is its own copy, and
/// is decided inline.
#[inline]
pub fn copy_value(v: u64) -> u64 {
    if shared_as_is(v) { v } else { copy_object(v) }
}

#[inline(never)]
fn copy_object(v: u64) -> u64 {
    let mut root = 0u64;
    // The root is copied first, outside the work list, so a message with no objects inside
    // (a tagged tuple of immediates) allocates nothing but its copy.
    let mut first_object = Some((&raw mut root, v));
    let mut work: Vec<(*mut u64, u64)> = Vec::new();
    while let Some((slot, src)) = first_object.take().or_else(|| work.pop()) {
        let Shape { first, count, stride, words } = shape(src);
        let dst = alloc_words(words);
        // SAFETY: `dst` is a fresh block of `words` words and `src` a live object of that
        // size; the header gets count 1, the rest is copied as is and fixed up below.
        unsafe {
            std::ptr::copy_nonoverlapping(ptr(src), dst, words);
            *dst = (header_of(src) & !0xffff_ffff) | 1;
            if kind_of(src) == Kind::BigInt {
                let big = &*(ptr(src).add(1) as *const num_bigint::BigInt);
                std::ptr::write(dst.add(1) as *mut num_bigint::BigInt, big.clone());
            }
        }
        for i in 0..count {
            let at = first + stride * i;
            let f = word(src, at);
            if !shared_as_is(f) {
                // SAFETY: payload word `at` lies inside the new object.
                work.push((unsafe { dst.add(1 + at) }, f));
            }
        }
        // SAFETY: `slot` is the root or a field of an object built above, still unfilled.
        unsafe { *slot = dst as u64 };
    }
    root
}

/// Makes `v` and everything reachable from it static (count 0): never counted, never freed.
pub fn freeze(v: u64) {
    let mut work = vec![v];
    while let Some(v) = work.pop() {
        if shared_as_is(v) {
            continue;
        }
        let Shape { first, count, stride, .. } = shape(v);
        // SAFETY: `v` is a live object; only its count changes.
        unsafe { *ptr(v) &= !0xffff_ffff };
        work.extend((0..count).map(|i| word(v, first + stride * i)));
    }
}

/// `mote_rt_freeze`: a global or big literal has been computed (ABI.md, "Globals are frozen").
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_freeze(v: u64) {
    freeze(v)
}
