//! Inline fast paths for the integer primitives: small integers (`(n << 1) | 1`) are added,
//! subtracted, multiplied and compared in registers; a bignum operand or an overflow falls
//! back to the runtime's `mote_intAdd` etc., which normalise their results.
//!
//! On tagged words: `a + b - 1`, `a - b + 1` and `(a >> 1) * (b - 1) + 1` are the tagged sum,
//! difference and product, and the machine overflow flag of the middle step is exactly "the
//! result does not fit a small integer". Comparing tagged words orders them as the integers.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::I64;
use cranelift_codegen::ir::{Block, BlockArg, InstBuilder, Value};
use cranelift_module::Module;

use super::CodegenError;
use super::lower::FunctionTranslator;
use super::value::{self, TRUE};
use crate::core::ir::{Atom, Lit, Value as CoreValue, Var};

/// The primitives done inline on small integers, numbered as the runtime's cold path
/// `mote_rt_int_slow` numbers them (ABI.md, "Inline integer operations").
const INLINE: [&str; 8] = ["intAdd", "intSub", "intMul", "intEq", "intLt", "intLe", "intGt", "intGe"];

/// Whether the foreign primitive `name` is done inline on small integers (so releasing its
/// operands right after it is nothing on the fast path).
pub(super) fn is_inline(name: &str) -> bool {
    INLINE.contains(&name)
}

/// Whether the foreign primitive `name` always returns a Boolean (an immediate).
pub(super) fn returns_boolean(name: &str) -> bool {
    comparison(name).is_some()
}

fn comparison(name: &str) -> Option<IntCC> {
    Some(match name {
        "intEq" => IntCC::Equal,
        "intLt" => IntCC::SignedLessThan,
        "intLe" => IntCC::SignedLessThanOrEqual,
        "intGt" => IntCC::SignedGreaterThan,
        "intGe" => IntCC::SignedGreaterThanOrEqual,
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
}

/// The cold path of an inline integer operation (ABI.md, "Inline integer operations"): a
/// SystemV function taking the operands that are not literals and calling `mote_rt_int_slow`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct IntSlow {
    /// The operation's index in [`INLINE`].
    op: u8,
    /// The operands that are literals (small-integer words).
    a: Option<i64>,
    b: Option<i64>,
    /// Which operands the cold path releases: bit 0 `a`, bit 1 `b`.
    release: i64,
}

impl IntSlow {
    /// How many parameters its function takes.
    pub(super) fn params(self) -> usize {
        usize::from(self.a.is_none()) + usize::from(self.b.is_none())
    }

    pub(super) fn symbol(self) -> String {
        let operand = |o: Option<i64>| o.map_or("_".to_string(), |w| (w >> 1).to_string());
        format!("mote.{}$slow${}${}${}", INLINE[self.op as usize], operand(self.a), operand(self.b), self.release)
    }
}

/// What `x + c` (`op` Add) or `x - c` (Sub) adds to `x`'s tagged word, for the small-integer
/// literal `c` whose word is `literal`: `±2c`.
fn literal_delta(op: Op, literal: Option<i64>) -> Option<i64> {
    match (op, literal) {
        (Op::Add, Some(w)) => Some(w - 1),
        (Op::Sub, Some(w)) => (w - 1).checked_neg(),
        _ => None,
    }
}

/// Whether `first` and `second` are `x ± c₁` and `x ± c₂` on the same variable with
/// small-integer literals: what [`FunctionTranslator::arith_pair`] does together.
pub(super) fn is_pair(first: &CoreValue, second: &CoreValue) -> bool {
    let small = |v: &CoreValue| match v {
        CoreValue::Prim(_, args) => args.iter().all(|a| match a {
            Atom::Lit(Lit::Int(n)) => value::small_int(n).is_some(),
            _ => true,
        }),
        _ => false,
    };
    let x = crate::core::pair::literal_operand(first);
    x.is_some() && x == crate::core::pair::literal_operand(second) && small(first) && small(second)
}

/// An operand: its value, and its tagged word when it is a small-integer literal.
#[derive(Clone, Copy)]
struct Operand {
    value: Value,
    small: Option<i64>,
    /// The variable it is read from, if it is one.
    var: Option<Var>,
}

impl<M: Module> FunctionTranslator<'_, '_, '_, M> {
    /// A foreign primitive: inline for the integer arithmetic and comparisons, a call of
    /// `mote_<name>` otherwise. Arguments are borrowed.
    ///
    /// `drops` are operands the code right after releases: when the fast path is taken they
    /// are small integers and releasing them is nothing, so only the slow path does it.
    pub(super) fn foreign(&mut self, name: &str, args: &[Atom], drops: &[Var]) -> Result<Value, CodegenError> {
        let op = match name {
            "intAdd" => Some(Op::Add),
            "intSub" => Some(Op::Sub),
            "intMul" => Some(Op::Mul),
            _ => None,
        };
        let cc = comparison(name);
        if let [a, b] = args
            && (op.is_some() || cc.is_some())
        {
            let a = self.operand(a)?;
            let b = self.operand(b)?;
            if let Some(op) = op {
                return self.arith(name, op, a, b, drops);
            }
            if let Some(cc) = cc {
                return self.compare(name, cc, a, b, drops);
            }
        }
        let values = self.borrowed_atoms(args)?;
        let result = self.call_foreign(name, &values)?;
        self.drop_all(drops)?;
        Ok(result)
    }

    fn drop_all(&mut self, vars: &[Var]) -> Result<(), CodegenError> {
        for v in vars {
            let v = self.var(*v)?;
            self.drop_value(v);
        }
        Ok(())
    }

    /// Branches to `yes` or `no` on the comparison primitive `name` (of `returns_boolean`).
    pub(super) fn compare_branch(
        &mut self,
        name: &str,
        args: &[Atom],
        drops: &[Var],
        yes: Block,
        no: Block,
    ) -> Result<(), CodegenError> {
        let a = self.operand(&args[0])?;
        let b = self.operand(&args[1])?;
        let cc =
            comparison(name).ok_or_else(|| CodegenError::MalformedCore(format!("`{name}` is not a comparison")))?;
        let exact = matches!(cc, IntCC::Equal) && (a.small.is_some() || b.small.is_some());
        let small = if exact { None } else { self.both_small(a, b) };
        let Some(small) = small else {
            let c = self.b.ins().icmp(cc, a.value, b.value);
            self.drop_all(drops)?;
            self.b.ins().brif(c, yes, &[], no, &[]);
            return Ok(());
        };
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        self.b.ins().brif(small, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        self.b.seal_block(fast);
        let c = self.b.ins().icmp(cc, a.value, b.value);
        self.b.ins().brif(c, yes, &[], no, &[]);
        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        let cold = std::mem::replace(&mut self.cold, true);
        let word = self.slow_call(name, a, b, drops)?;
        self.cold = cold;
        let c = self.b.ins().icmp_imm_s(IntCC::Equal, word, TRUE);
        self.b.ins().brif(c, yes, &[], no, &[]);
        Ok(())
    }

    fn borrowed_atoms(&mut self, args: &[Atom]) -> Result<Vec<Value>, CodegenError> {
        args.iter().map(|a| self.operand(a).map(|o| o.value)).collect()
    }

    fn operand(&mut self, a: &Atom) -> Result<Operand, CodegenError> {
        let small = match a {
            Atom::Lit(Lit::Int(n)) => value::small_int(n),
            _ => None,
        };
        let value = match small {
            Some(w) => self.iconst(w),
            None => self.borrowed_atom(a)?,
        };
        Ok(Operand { value, small, var: a.var() })
    }

    /// Non-zero when both operands are small integers.
    fn both_small(&mut self, a: Operand, b: Operand) -> Option<Value> {
        match (a.small, b.small) {
            (Some(_), Some(_)) => None,
            (Some(_), None) => Some(self.b.ins().band_imm_s(b.value, 1)),
            (None, Some(_)) => Some(self.b.ins().band_imm_s(a.value, 1)),
            (None, None) => {
                let both = self.b.ins().band(a.value, b.value);
                Some(self.b.ins().band_imm_s(both, 1))
            }
        }
    }

    fn arith(&mut self, name: &str, op: Op, a: Operand, b: Operand, drops: &[Var]) -> Result<Value, CodegenError> {
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let done = self.b.create_block();
        self.b.set_cold_block(slow);
        let result = self.b.append_block_param(done, I64);
        match self.both_small(a, b) {
            Some(small) => {
                self.b.ins().brif(small, fast, &[], slow, &[]);
            }
            None => {
                self.b.ins().jump(fast, &[]);
            }
        }
        self.b.switch_to_block(fast);
        self.b.seal_block(fast);
        // Adding a constant: compare before adding, which fuses into one compare-and-branch.
        let (sum, overflow) = match (literal_delta(op, b.small), op) {
            (Some(d), _) => {
                let overflow = self.overflows_by(a.value, d);
                (self.b.ins().iadd_imm_s(a.value, d), overflow)
            }
            (None, Op::Add) => {
                // a + (b - 1)
                let b1 = match b.small {
                    Some(w) => self.iconst(w - 1),
                    None => self.b.ins().iadd_imm_s(b.value, -1),
                };
                self.b.ins().sadd_overflow(a.value, b1)
            }
            (None, Op::Sub) => match b.small {
                // a - (b - 1): already tagged.
                Some(w) => {
                    let b1 = self.iconst(w - 1);
                    self.b.ins().ssub_overflow(a.value, b1)
                }
                // (a - b) is even; or-ing the tag in cannot overflow.
                None => {
                    let (d, overflow) = self.b.ins().ssub_overflow(a.value, b.value);
                    (self.b.ins().bor_imm_s(d, 1), overflow)
                }
            },
            (None, Op::Mul) => {
                let x = self.b.ins().sshr_imm_s(a.value, 1);
                let y2 = match b.small {
                    Some(w) => self.iconst(w - 1),
                    None => self.b.ins().iadd_imm_s(b.value, -1),
                };
                let (p, overflow) = self.b.ins().smul_overflow(x, y2);
                (self.b.ins().bor_imm_s(p, 1), overflow)
            }
        };
        self.b.ins().brif(overflow, slow, &[], done, &[sum.into()]);
        self.slow_path(slow, done, name, [a, b], drops)?;
        Ok(result)
    }

    /// Two operations `x ± c₁` and `x ± c₂` on one variable `x` (`core::pair` brings them
    /// together): `x` is tested for a small integer once, and both results come from one fast
    /// path, or both from the runtime. `drops` are those after the second.
    pub(super) fn arith_pair(
        &mut self,
        first: (&str, &[Atom]),
        second: (&str, &[Atom]),
        drops: &[Var],
    ) -> Result<(Value, Value), CodegenError> {
        let mut ops = Vec::with_capacity(2);
        for (name, args) in [first, second] {
            let [a, b] = args else {
                return Err(CodegenError::MalformedCore(format!("`{name}` takes two operands")));
            };
            let (a, b) = (self.operand(a)?, self.operand(b)?);
            let delta = match (name, a.small, b.small) {
                // `c + x` is `x + c`.
                ("intAdd", Some(w), None) => literal_delta(Op::Add, Some(w)),
                ("intAdd", None, Some(_)) => literal_delta(Op::Add, b.small),
                ("intSub", None, Some(_)) => literal_delta(Op::Sub, b.small),
                _ => None,
            };
            let delta = delta.ok_or_else(|| {
                CodegenError::MalformedCore(format!("`{name}` is not a small literal added or subtracted"))
            })?;
            ops.push((name, a, b, delta));
        }
        let x = if ops[0].1.small.is_none() { ops[0].1 } else { ops[0].2 };
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let done = self.b.create_block();
        self.b.set_cold_block(slow);
        let results = [I64, I64].map(|t| self.b.append_block_param(done, t));
        let small = self.b.ins().band_imm_s(x.value, 1);
        self.b.ins().brif(small, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        self.b.seal_block(fast);
        // One compare per direction: the larger change either way overflows first.
        let up = ops.iter().map(|o| o.3).max().filter(|d| *d > 0);
        let down = ops.iter().map(|o| o.3).min().filter(|d| *d < 0);
        let checks = [up, down].map(|d| d.map(|d| self.overflows_by(x.value, d)));
        for overflow in checks.into_iter().flatten() {
            let next = self.b.create_block();
            self.b.ins().brif(overflow, slow, &[], next, &[]);
            self.b.switch_to_block(next);
            self.b.seal_block(next);
        }
        let sums = [ops[0].3, ops[1].3].map(|d| BlockArg::from(self.b.ins().iadd_imm_s(x.value, d)));
        self.b.ins().jump(done, &sums);
        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        let cold = std::mem::replace(&mut self.cold, true);
        let (name, a, b, _) = ops[0];
        let big_first = self.slow_call(name, a, b, &[])?;
        let (name, a, b, _) = ops[1];
        let big_second = self.slow_call(name, a, b, drops)?;
        self.cold = cold;
        self.b.ins().jump(done, &[big_first.into(), big_second.into()]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        Ok((results[0], results[1]))
    }

    /// Non-zero when adding `d` (not 0) to the word `x` overflows.
    fn overflows_by(&mut self, x: Value, d: i64) -> Value {
        if d > 0 {
            self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, x, i64::MAX - d)
        } else {
            self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, i64::MIN - d)
        }
    }

    /// The cold path of an inline operation: the runtime's primitive `name` (which handles
    /// big integers and overflow), then on to `done` with its result.
    fn slow_path(
        &mut self,
        slow: Block,
        done: Block,
        name: &str,
        args: [Operand; 2],
        drops: &[Var],
    ) -> Result<(), CodegenError> {
        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        let cold = std::mem::replace(&mut self.cold, true);
        let big = self.slow_call(name, args[0], args[1], drops)?;
        self.cold = cold;
        self.b.ins().jump(done, &[big.into()]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        Ok(())
    }

    /// The runtime's cold path for the inline primitive `name` on `a` and `b`, which also
    /// releases `drops` (operands, as `lower::absorbed_drops` finds them): nothing the fast
    /// path uses is then live across a call, so it need not sit in a callee-saved register.
    fn slow_call(&mut self, name: &str, a: Operand, b: Operand, drops: &[Var]) -> Result<Value, CodegenError> {
        let op = INLINE
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| CodegenError::MalformedCore(format!("`{name}` is not done inline")))?;
        let mut release = 0;
        for &d in drops {
            if a.var == Some(d) && release & 1 == 0 {
                release |= 1;
            } else if b.var == Some(d) && release & 2 == 0 {
                release |= 2;
            } else {
                let message = format!("v{} is dropped after `{name}` but is not one of its operands", d.0);
                return Err(CodegenError::MalformedCore(message));
            }
        }
        // The cold path is a call of a small function holding the operation and any literal
        // operand: a constant passed here (in a register or stored) is one Cranelift hoists out
        // of a loop and keeps in a callee-saved register throughout, for a call that almost
        // never happens.
        let slow = IntSlow { op: op as u8, a: a.small, b: b.small, release };
        let id = self.cx.int_slow(slow)?;
        let args: Vec<Value> = [a, b].iter().filter(|o| o.small.is_none()).map(|o| o.value).collect();
        let r = self.func_ref(id);
        let call = self.b.ins().call(r, &args);
        Ok(self.b.inst_results(call)[0])
    }

    /// The body of the cold path `slow`: `mote_rt_int_slow(a, b, how)` with its literal
    /// operands and `how` filled in.
    pub(super) fn lower_int_slow(&mut self, slow: IntSlow) {
        let mut params = self.entry_block_params().into_iter();
        let mut operand = |t: &mut Self, small: Option<i64>| match small {
            Some(w) => t.iconst(w),
            None => params.next().expect("a parameter for each operand that is not a literal"),
        };
        let a = operand(self, slow.a);
        let b = operand(self, slow.b);
        let how = self.iconst(((slow.op as i64) << 2) | slow.release);
        let word = self.call_runtime("mote_rt_int_slow", &[a, b, how], true);
        self.b.ins().return_(&[word.expect("mote_rt_int_slow returns a word")]);
    }

    fn compare(&mut self, name: &str, cc: IntCC, a: Operand, b: Operand, drops: &[Var]) -> Result<Value, CodegenError> {
        // Equality with a small literal is exact on words: a bignum is never equal to it.
        let exact = matches!(cc, IntCC::Equal) && (a.small.is_some() || b.small.is_some());
        let small = if exact { None } else { self.both_small(a, b) };
        let Some(small) = small else {
            let c = self.b.ins().icmp(cc, a.value, b.value);
            self.drop_all(drops)?;
            return Ok(self.boolean(c));
        };
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let done = self.b.create_block();
        self.b.set_cold_block(slow);
        let result = self.b.append_block_param(done, cranelift_codegen::ir::types::I64);
        self.b.ins().brif(small, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        self.b.seal_block(fast);
        let c = self.b.ins().icmp(cc, a.value, b.value);
        let word = self.boolean(c);
        self.b.ins().jump(done, &[word.into()]);
        self.slow_path(slow, done, name, [a, b], drops)?;
        Ok(result)
    }
}
