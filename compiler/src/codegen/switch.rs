//! `Switch` lowering: constructors by header id or immediate word (jump tables when dense),
//! literals by exact word or the runtime's structural equality, and a comparison switched on
//! right away as a branch on the comparison itself.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Block, InstBuilder, Value};
use cranelift_frontend::Switch;
use cranelift_module::Module;

use super::CodegenError;
use super::lower::{FunctionTranslator, UNREACHABLE, is_immediate_literal};
use super::value::{self, FALSE, TRUE, UNIT};
use crate::core::ir::{Atom, CtorId, Expr, Lit, Prim, Test, Value as CoreValue, Var};

impl<M: Module> FunctionTranslator<'_, '_, '_, M> {
    /// `let x = a < b in switch x { true -> …; false -> … }`: branches on the comparison
    /// itself, binding `x` to the constant each branch knows it to be.
    pub(super) fn compare_and_branch(
        &mut self,
        x: Var,
        branches: BooleanSwitch<'_>,
        drops: &[Var],
    ) -> Result<(), CodegenError> {
        let yes = self.b.create_block();
        let no = self.b.create_block();
        self.compare_branch(branches.name, branches.args, drops, yes, no)?;
        for (block, body, word) in [(yes, branches.yes, TRUE), (no, branches.no, FALSE)] {
            self.b.switch_to_block(block);
            self.b.seal_block(block);
            let w = self.iconst(word);
            self.bind(x, w);
            self.immediates.insert(x);
            match body {
                Some(body) => self.expr(body)?,
                // A switch without a default that has no arm for this truth value.
                None => {
                    self.b.ins().trap(UNREACHABLE);
                }
            }
        }
        Ok(())
    }

    pub(super) fn switch(
        &mut self,
        on: Var,
        arms: &[(Test, Expr)],
        default: Option<&Expr>,
    ) -> Result<(), CodegenError> {
        let v = self.var(on)?;
        let blocks: Vec<Block> = arms.iter().map(|_| self.b.create_block()).collect();
        let default_block = default.map(|_| self.b.create_block());
        match (arms.last(), default_block) {
            (None, None) => {
                self.b.ins().trap(UNREACHABLE);
                return Ok(());
            }
            (None, Some(d)) => {
                self.b.ins().jump(d, &[]);
            }
            _ => {
                let ctors: Option<Vec<CtorId>> =
                    arms.iter().map(|(t, _)| if let Test::Ctor(c) = t { Some(*c) } else { None }).collect();
                match ctors {
                    Some(ctors) => self.switch_ctors(v, &ctors, &blocks, default_block)?,
                    None => self.switch_tests(v, arms, &blocks, default_block)?,
                }
            }
        }
        for ((test, arm), block) in arms.iter().zip(&blocks) {
            self.b.switch_to_block(*block);
            self.b.seal_block(*block);
            // In an arm that matched an immediate literal, the scrutinee is that immediate:
            // its `dup`s and `drop`s there are no-ops.
            let learned = matches!(test, Test::Lit(lit) if is_immediate_literal(lit)) && self.immediates.insert(on);
            self.expr(arm)?;
            if learned {
                self.immediates.remove(&on);
            }
        }
        if let (Some(d), Some(block)) = (default, default_block) {
            self.b.switch_to_block(block);
            self.b.seal_block(block);
            self.expr(d)?;
        }
        Ok(())
    }

    fn arity(&self, c: CtorId) -> Result<u32, CodegenError> {
        let info = self.cx.program.constructors.get(c.0 as usize);
        Ok(info.ok_or_else(|| CodegenError::MalformedCore(format!("no constructor {}", c.0)))?.arity)
    }

    /// A switch on constructors: nullary ones are immediates (dispatched on the word rotated
    /// so consecutive ids are consecutive keys, for jump tables), others are dispatched on the
    /// header's constructor id. Without a default the last candidate needs no test.
    fn switch_ctors(
        &mut self,
        v: Value,
        ctors: &[CtorId],
        blocks: &[Block],
        default: Option<Block>,
    ) -> Result<(), CodegenError> {
        let mut immediate: Vec<(u128, Block)> = Vec::new();
        let mut boxed: Vec<(u128, Block)> = Vec::new();
        for (c, block) in ctors.iter().zip(blocks) {
            let key = u128::from(c.0);
            let list = if self.arity(*c)? == 0 { &mut immediate } else { &mut boxed };
            if !list.iter().any(|(k, _)| *k == key) {
                list.push((key, *block));
            }
        }
        // Rotating `(id << 3) | 0b110` right by 3 puts the tag in the top bits: no other
        // word (pointer, atom, char, integer) rotates to the same key.
        const IMMEDIATE_KEY: u128 = 0b110 << 61;
        let immediate: Vec<(u128, Block)> = immediate.into_iter().map(|(k, b)| (k | IMMEDIATE_KEY, b)).collect();
        match (immediate.is_empty(), boxed.is_empty()) {
            (false, true) => {
                let key = self.b.ins().rotr_imm_s(v, 3);
                self.dispatch(key, immediate, default);
            }
            (true, false) => match default {
                Some(d) => {
                    let object = self.b.create_block();
                    let is_ptr = self.is_pointer(v);
                    self.b.ins().brif(is_ptr, object, &[], d, &[]);
                    self.b.switch_to_block(object);
                    self.b.seal_block(object);
                    let id = self.header_aux(v);
                    self.dispatch(id, boxed, default);
                }
                None if boxed.len() == 1 => {
                    self.b.ins().jump(boxed[0].1, &[]);
                }
                None => {
                    let id = self.header_aux(v);
                    self.dispatch(id, boxed, None);
                }
            },
            _ => {
                let object = self.b.create_block();
                let word = self.b.create_block();
                let is_ptr = self.is_pointer(v);
                self.b.ins().brif(is_ptr, object, &[], word, &[]);
                self.b.switch_to_block(object);
                self.b.seal_block(object);
                if boxed.len() == 1 && default.is_none() {
                    self.b.ins().jump(boxed[0].1, &[]);
                } else {
                    let id = self.header_aux(v);
                    self.dispatch(id, boxed, default);
                }
                self.b.switch_to_block(word);
                self.b.seal_block(word);
                let key = self.b.ins().rotr_imm_s(v, 3);
                self.dispatch(key, immediate, default);
            }
        }
        Ok(())
    }

    /// Jumps to the block of `key` among `cases`; to `default` when none matches, or without
    /// a default, to the last case untested.
    fn dispatch(&mut self, key: Value, mut cases: Vec<(u128, Block)>, default: Option<Block>) {
        let otherwise = match default {
            Some(d) => d,
            None => cases.pop().expect("a switch without a default has a case").1,
        };
        if cases.is_empty() {
            self.b.ins().jump(otherwise, &[]);
            return;
        }
        let mut switch = Switch::new();
        for (k, block) in cases {
            switch.set_entry(k, block);
        }
        switch.emit(&mut self.b, key, otherwise);
    }

    /// A switch on literals (and constructors mixed with them): words compared exactly, other
    /// literals (strings, floats, bignums) by the runtime's structural equality, in order.
    fn switch_tests(
        &mut self,
        v: Value,
        arms: &[(Test, Expr)],
        blocks: &[Block],
        default: Option<Block>,
    ) -> Result<(), CodegenError> {
        let mut words: Vec<Option<i64>> = Vec::with_capacity(arms.len());
        for (t, _) in arms {
            words.push(self.word_test(t)?);
        }
        if words.iter().all(Option::is_some) {
            let mut cases: Vec<(u128, Block)> = Vec::new();
            for (w, block) in words.iter().zip(blocks) {
                let key = u128::from(w.expect("every test is a word") as u64);
                if !cases.iter().any(|(k, _)| *k == key) {
                    cases.push((key, *block));
                }
            }
            self.dispatch(v, cases, default);
            return Ok(());
        }
        for (i, ((t, _), block)) in arms.iter().zip(blocks).enumerate() {
            let last = i + 1 == arms.len();
            if last && default.is_none() {
                self.b.ins().jump(*block, &[]);
                break;
            }
            let next = if last { default.expect("checked above") } else { self.b.create_block() };
            let hit = match (words[i], t) {
                (Some(w), _) => self.b.ins().icmp_imm_s(IntCC::Equal, v, w),
                (None, Test::Lit(lit)) => {
                    let lit = self.literal(lit, false)?;
                    let eq = self.call_runtime("mote_rt_eq_any", &[v, lit], true).expect("declared with a result");
                    self.b.ins().icmp_imm_s(IntCC::Equal, eq, TRUE)
                }
                (None, Test::Ctor(c)) => {
                    // A boxed constructor: a pointer whose header holds its id.
                    let object = self.b.create_block();
                    let is_ptr = self.is_pointer(v);
                    self.b.ins().brif(is_ptr, object, &[], next, &[]);
                    self.b.switch_to_block(object);
                    self.b.seal_block(object);
                    let id = self.header_aux(v);
                    self.b.ins().icmp_imm_s(IntCC::Equal, id, i64::from(c.0))
                }
            };
            self.b.ins().brif(hit, *block, &[], next, &[]);
            if !last {
                self.b.switch_to_block(next);
                self.b.seal_block(next);
            }
        }
        Ok(())
    }

    /// The exact word a test compares with, when it is one.
    fn word_test(&mut self, t: &Test) -> Result<Option<i64>, CodegenError> {
        Ok(match t {
            Test::Ctor(c) => (self.arity(*c)? == 0).then(|| value::ctor_word(c.0)),
            Test::Lit(Lit::Int(n)) => value::small_int(n),
            Test::Lit(Lit::Char(c)) => Some(value::char_word(*c)),
            Test::Lit(Lit::Atom(a)) => Some(value::atom_word(self.cx.atom(a))),
            Test::Lit(Lit::Bool(b)) => Some(if *b { TRUE } else { FALSE }),
            Test::Lit(Lit::Unit) => Some(UNIT),
            Test::Lit(Lit::Float(_) | Lit::String(_)) => None,
        })
    }
}

/// A comparison primitive whose Boolean is only switched on (see `compare_and_branch`).
pub(super) struct BooleanSwitch<'e> {
    name: &'e str,
    args: &'e [Atom],
    yes: Option<&'e Expr>,
    no: Option<&'e Expr>,
}

pub(super) fn boolean_switch<'e>(x: Var, v: &'e CoreValue, body: &'e Expr) -> Option<BooleanSwitch<'e>> {
    let CoreValue::Prim(Prim::Foreign(name), args) = v else { return None };
    if args.len() != 2 || !super::arith::returns_boolean(name) {
        return None;
    }
    let Expr::Switch { on, arms, default } = body else { return None };
    if *on != x || arms.is_empty() {
        return None;
    }
    let truth = |t: &Test| match t {
        Test::Ctor(c) if *c == CtorId::TRUE => Some(true),
        Test::Ctor(c) if *c == CtorId::FALSE => Some(false),
        Test::Lit(Lit::Bool(b)) => Some(*b),
        _ => None,
    };
    if arms.iter().any(|(t, _)| truth(t).is_none()) {
        return None;
    }
    let pick = |b: bool| arms.iter().find(|(t, _)| truth(t) == Some(b)).map(|(_, e)| e).or(default.as_deref());
    Some(BooleanSwitch { name, args, yes: pick(true), no: pick(false) })
}
