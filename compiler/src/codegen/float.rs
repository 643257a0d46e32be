//! Float arithmetic inline: `floatAdd`, `floatSub` and `floatMul` on the boxed operands' `f64`s,
//! with the runtime's function called only to report a result that is not finite.
//!
//! A Float is a FLOAT object (runtime/ABI.md). When the code right after the operation drops
//! an operand whose box no one else holds (count 1), the result is written into that box: a
//! loop stepping a Float then neither allocates nor frees.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{F64, I32, I64};
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Value};
use cranelift_module::Module;

use super::CodegenError;
use super::lower::{FunctionTranslator, UNREACHABLE};
use super::value::{self, kind};
use crate::core::ir::{Atom, Var};

/// Whether `name` is a Float operation done inline.
pub(super) fn is_inline(name: &str) -> bool {
    matches!(name, "floatAdd" | "floatSub" | "floatMul")
}

impl<M: Module> FunctionTranslator<'_, '_, '_, M> {
    /// `name` (see [`is_inline`]) on borrowed `args`. `reuse` is an operand the code right
    /// after drops: its box holds the result when it is the only reference, and is dropped
    /// otherwise.
    pub(super) fn float_arith(&mut self, name: &str, args: &[Atom], reuse: Option<Var>) -> Result<Value, CodegenError> {
        let [a, b] = args else {
            return Err(CodegenError::MalformedCore(format!("`{name}` takes two operands")));
        };
        if !is_inline(name) {
            return Err(CodegenError::MalformedCore(format!("`{name}` is not a Float operation done inline")));
        }
        let (a, b) = (self.borrowed_atom(a)?, self.borrowed_atom(b)?);
        // The box the result goes into, then the result, which then is live across no call
        // (an `f64` live across one is spilled where it is made, on the hot path too).
        let check = self.b.create_block();
        let into = self.b.append_block_param(check, I64);
        let result = self.b.append_block_param(check, F64);
        match reuse.map(|v| self.var(v)).transpose()? {
            None => {
                let new = self.alloc_float();
                let r = self.float_op(name, a, b);
                self.b.ins().jump(check, &[new.into(), r.into()]);
            }
            Some(old) => {
                let count = self.b.ins().load(I32, MemFlagsData::trusted(), old, 0);
                let only = self.b.ins().icmp_imm_s(IntCC::Equal, count, 1);
                let in_place = self.b.create_block();
                let fresh = self.b.create_block();
                self.b.set_cold_block(fresh);
                self.b.ins().brif(only, in_place, &[], fresh, &[]);
                self.b.switch_to_block(in_place);
                self.b.seal_block(in_place);
                let r = self.float_op(name, a, b);
                self.b.ins().jump(check, &[old.into(), r.into()]);
                self.b.switch_to_block(fresh);
                self.b.seal_block(fresh);
                let new = self.alloc_float();
                let r = self.float_op(name, a, b);
                // Static (0) or shared: a decrement at most, never a free.
                self.drop_value(old);
                self.b.ins().jump(check, &[new.into(), r.into()]);
            }
        }
        self.b.switch_to_block(check);
        self.b.seal_block(check);
        // `r - r` is 0 for a finite `r` and NaN otherwise: not finite, the runtime's function
        // reports it and ends the process.
        let zero = self.b.ins().fsub(result, result);
        let not_finite = self.b.ins().fcmp(FloatCC::Unordered, zero, zero);
        let ok = self.b.create_block();
        let fail = self.b.create_block();
        self.b.set_cold_block(fail);
        self.b.ins().brif(not_finite, fail, &[], ok, &[]);
        self.b.switch_to_block(fail);
        self.b.seal_block(fail);
        self.call_runtime(&format!("mote_{name}"), &[a, b], true);
        self.b.ins().trap(UNREACHABLE);
        self.b.switch_to_block(ok);
        self.b.seal_block(ok);
        self.store(result, into, 8);
        Ok(into)
    }

    /// `name` on the `f64`s of the FLOAT boxes `a` and `b`.
    fn float_op(&mut self, name: &str, a: Value, b: Value) -> Value {
        let x = self.b.ins().load(F64, MemFlagsData::trusted(), a, 8);
        let y = self.b.ins().load(F64, MemFlagsData::trusted(), b, 8);
        match name {
            "floatAdd" => self.b.ins().fadd(x, y),
            "floatSub" => self.b.ins().fsub(x, y),
            _ => self.b.ins().fmul(x, y),
        }
    }

    /// A fresh FLOAT box with count 1, its value still to be stored.
    fn alloc_float(&mut self) -> Value {
        let bytes = self.iconst(16);
        let new = self.alloc(bytes);
        let header = self.iconst(value::header(1, kind::FLOAT, 0));
        self.store(header, new, 0);
        new
    }
}
