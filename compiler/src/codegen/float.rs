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
use super::value::kind;
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
        let (a, b) = (self.borrowed_atom(a)?, self.borrowed_atom(b)?);
        let flags = MemFlagsData::trusted();
        let x = self.b.ins().load(F64, flags, a, 8);
        let y = self.b.ins().load(F64, flags, b, 8);
        let r = match name {
            "floatAdd" => self.b.ins().fadd(x, y),
            "floatSub" => self.b.ins().fsub(x, y),
            "floatMul" => self.b.ins().fmul(x, y),
            _ => return Err(CodegenError::MalformedCore(format!("`{name}` is not a Float operation done inline"))),
        };
        // Not finite (infinite or NaN): the runtime's function reports it and ends the process.
        let magnitude = self.b.ins().fabs(r);
        let infinity = self.b.ins().f64const(f64::INFINITY);
        let finite = self.b.ins().fcmp(FloatCC::LessThan, magnitude, infinity);
        let ok = self.b.create_block();
        let fail = self.b.create_block();
        self.b.set_cold_block(fail);
        self.b.ins().brif(finite, ok, &[], fail, &[]);
        self.b.switch_to_block(fail);
        self.b.seal_block(fail);
        self.call_runtime(&format!("mote_{name}"), &[a, b], true);
        self.b.ins().trap(UNREACHABLE);
        self.b.switch_to_block(ok);
        self.b.seal_block(ok);
        let bits = self.b.ins().bitcast(I64, MemFlagsData::new(), r);
        let Some(reused) = reuse else {
            return Ok(self.alloc_object(kind::FLOAT, 0, &[bits]));
        };
        let old = self.var(reused)?;
        let count = self.b.ins().load(I32, flags, old, 0);
        let only = self.b.ins().icmp_imm_s(IntCC::Equal, count, 1);
        let in_place = self.b.create_block();
        let fresh = self.b.create_block();
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, I64);
        self.b.ins().brif(only, in_place, &[], fresh, &[]);
        self.b.switch_to_block(in_place);
        self.b.seal_block(in_place);
        self.store(bits, old, 8);
        self.b.ins().jump(done, &[old.into()]);
        self.b.switch_to_block(fresh);
        self.b.seal_block(fresh);
        let new = self.alloc_object(kind::FLOAT, 0, &[bits]);
        self.drop_value(old);
        self.b.ins().jump(done, &[new.into()]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        Ok(result)
    }
}
