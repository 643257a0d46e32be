//! The word encodings of runtime/ABI.md, and the inline code that works on them: tagging,
//! `dup`/`drop`, loads and stores of object fields, allocation of objects.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Value};
use cranelift_module::Module;
use num_bigint::BigInt;

use super::CodegenError;
use super::lower::FunctionTranslator;

/// `()`, the world token.
pub(super) const UNIT: i64 = 6;
pub(super) const FALSE: i64 = 14;
pub(super) const TRUE: i64 = 22;
/// The timeout word (Core's result of `receiveAfter` when the time passed): `k = 2^32` in the
/// `…110` class, where no constructor id (`k < 2^32`), pid (`2^59 + n`) or ref (`2^60 + n`)
/// lies, so it is no value; an immediate, so `dup` and `drop` leave it alone.
pub(super) const TIMEOUT: i64 = (1 << 35) | 0b110;

/// Object kinds, bits 32–39 of the header.
pub(super) mod kind {
    pub const CON: u8 = 1;
    pub const TUPLE: u8 = 2;
    pub const CLOSURE: u8 = 3;
    pub const PAP: u8 = 4;
    pub const FLOAT: u8 = 6;
    pub const STRING: u8 = 7;
    pub const RECORD: u8 = 10;
}

/// Byte offsets inside objects.
pub(super) mod offset {
    /// CLOSURE: the code pointer; PAP: the closure applied.
    pub const CODE: i32 = 8;
    pub const PAP_CLOSURE: i32 = 8;
    /// CLOSURE: the number of parameters, not counting the closure.
    pub const ARITY: i32 = 16;
    /// The first field of a CON or TUPLE.
    pub const FIELDS: i32 = 8;
    /// The first captured value of a CLOSURE.
    pub const CAPTURED: i32 = 24;
    /// The first held argument of a PAP.
    pub const HELD: i32 = 16;
}

/// A header word: the reference count (0 = static), the kind, the `aux` field.
pub(super) fn header(count: u32, kind: u8, aux: u16) -> i64 {
    (u64::from(count) | (u64::from(kind) << 32) | (u64::from(aux) << 48)) as i64
}

/// The `aux` field for `what`, or the limit error: it is 16 bits wide.
pub(super) fn aux(n: usize, what: &str) -> Result<u16, CodegenError> {
    u16::try_from(n).map_err(|_| CodegenError::Limit(format!("{what} {n} does not fit the 16-bit aux field")))
}

/// The immediate of a small integer, or `None` when `n` needs a bignum.
pub(super) fn small_int(n: &BigInt) -> Option<i64> {
    let n = i64::try_from(n).ok()?;
    const LIMIT: i64 = 1 << 62;
    (-LIMIT..LIMIT).contains(&n).then_some((n << 1) | 1)
}

pub(super) fn ctor_word(id: u32) -> i64 {
    (i64::from(id) << 3) | 0b110
}

pub(super) fn atom_word(index: u32) -> i64 {
    (i64::from(index) << 3) | 0b010
}

pub(super) fn char_word(c: char) -> i64 {
    (i64::from(u32::from(c)) << 3) | 0b100
}

/// Loads and stores of object words: always 8-aligned, and only ever done on values known to
/// be pointers to live objects.
fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl<M: Module> FunctionTranslator<'_, '_, '_, M> {
    pub(super) fn iconst(&mut self, n: i64) -> Value {
        self.b.ins().iconst(I64, n)
    }

    pub(super) fn load(&mut self, ptr: Value, offset: i32) -> Value {
        self.b.ins().load(I64, trusted(), ptr, offset)
    }

    pub(super) fn store(&mut self, value: Value, ptr: Value, offset: i32) {
        self.b.ins().store(trusted(), value, ptr, offset);
    }

    /// Non-zero when `v` is a pointer to a heap object (low three bits clear).
    pub(super) fn is_pointer(&mut self, v: Value) -> Value {
        let low = self.b.ins().band_imm_s(v, 7);
        self.b.ins().icmp_imm_s(IntCC::Equal, low, 0)
    }

    /// `dup v`: if `v` is a pointer and its count is non-zero, add one.
    pub(super) fn dup(&mut self, v: Value) {
        let object = self.new_block();
        let counted = self.new_block();
        let done = self.new_block();
        let is_ptr = self.is_pointer(v);
        self.b.ins().brif(is_ptr, object, &[], done, &[]);
        self.b.switch_to_block(object);
        self.b.seal_block(object);
        let count = self.b.ins().load(I32, trusted(), v, 0);
        self.b.ins().brif(count, counted, &[], done, &[]);
        self.b.switch_to_block(counted);
        self.b.seal_block(counted);
        let more = self.b.ins().iadd_imm_s(count, 1);
        self.b.ins().store(trusted(), more, v, 0);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
    }

    /// `drop v`: if `v` is a pointer and its count is non-zero, free it at 1, else subtract one.
    pub(super) fn drop_value(&mut self, v: Value) {
        let object = self.new_block();
        let counted = self.new_block();
        let free = self.new_block();
        let decrement = self.new_block();
        let done = self.new_block();
        self.b.set_cold_block(free);
        let is_ptr = self.is_pointer(v);
        self.b.ins().brif(is_ptr, object, &[], done, &[]);
        self.b.switch_to_block(object);
        self.b.seal_block(object);
        let count = self.b.ins().load(I32, trusted(), v, 0);
        self.b.ins().brif(count, counted, &[], done, &[]);
        self.b.switch_to_block(counted);
        self.b.seal_block(counted);
        let last = self.b.ins().icmp_imm_s(IntCC::Equal, count, 1);
        self.b.ins().brif(last, free, &[], decrement, &[]);
        self.b.switch_to_block(free);
        self.b.seal_block(free);
        self.call_runtime("mote_rt_free", &[v], false);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(decrement);
        self.b.seal_block(decrement);
        let less = self.b.ins().iadd_imm_s(count, -1);
        self.b.ins().store(trusted(), less, v, 0);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
    }

    /// A fresh object of `bytes` bytes (header included), from the runtime's allocator.
    pub(super) fn alloc(&mut self, bytes: Value) -> Value {
        self.call_runtime("mote_rt_alloc", &[bytes], true).expect("mote_rt_alloc is declared with a result")
    }

    /// A fresh object with count 1: the header, then `words` from offset 8.
    pub(super) fn alloc_object(&mut self, kind: u8, aux: u16, words: &[Value]) -> Value {
        let bytes = self.iconst(8 * (words.len() as i64 + 1));
        let object = self.alloc(bytes);
        let header = self.iconst(header(1, kind, aux));
        self.store(header, object, 0);
        for (i, w) in words.iter().enumerate() {
            self.store(*w, object, 8 * (i as i32 + 1));
        }
        object
    }

    /// The `aux` field of an object's header.
    pub(super) fn header_aux(&mut self, object: Value) -> Value {
        let header = self.load(object, 0);
        self.b.ins().ushr_imm_s(header, 48)
    }

    /// A Boolean word from a comparison result.
    pub(super) fn boolean(&mut self, condition: Value) -> Value {
        let t = self.iconst(TRUE);
        let f = self.iconst(FALSE);
        self.b.ins().select(condition, t, f)
    }
}
