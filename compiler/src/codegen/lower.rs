//! One translator per function: Core expressions and values to CLIF.
//!
//! Core variables become Cranelift variables (the SSA builder places the block parameters),
//! join points become blocks with parameters, `Switch` becomes branches or jump tables. Only
//! `Expr::Tail` ends a function: a call there is a `return_call`, so a Mote loop is a jump in
//! constant stack.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::Context;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{Block, BlockArg, FuncRef, GlobalValue, InstBuilder, TrapCode, Type, Value};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataId, FuncId, Module};

use super::CodegenError;
use super::module::{MAX_APPLY, ModuleCx};
use super::switch::boolean_switch;
use super::value::{self, FALSE, TRUE, UNIT, aux, kind, offset};
use crate::core::ir::{Atom, Expr, FunId, JoinId, Lit, Prim, Value as CoreValue, Var};

/// The size and alignment of a scheduler's execution region (ABI.md, "Processes"): its
/// first word is the reduction budget.
const EXECUTION_REGION: i64 = 1 << 30;

/// The trap after a call that never returns (`mote_rt_crash`, `mote_rt_match_failure`, …).
pub(super) const UNREACHABLE: TrapCode = TrapCode::unwrap_user(1);

/// Lowers one function body (or a generated helper) into the `Context` it was made with.
pub(super) struct FunctionTranslator<'a, 'f, 'p, M: Module> {
    pub b: FunctionBuilder<'f>,
    pub cx: &'a mut ModuleCx<'p, M>,
    /// The value of each Core variable in scope. Core is in SSA form already (each variable
    /// bound once, where it dominates its uses; a join's parameters are its block's), so no
    /// Cranelift `Variable` and no phi search is needed: a loop's block gets only the
    /// parameters its join declares, even for a body lowered before the loop is sealed.
    vars: HashMap<Var, Value>,
    /// Variables known to hold immediates: their `dup` and `drop` are no-ops.
    pub(super) immediates: HashSet<Var>,
    joins: HashMap<JoinId, Block>,
    funcs: HashMap<FuncId, FuncRef>,
    data: HashMap<DataId, GlobalValue>,
    /// In a closure's code, the closure parameter: `Field` on it reads captured values.
    closure_param: Option<Var>,
    /// The function being lowered and the block its body starts at, after the entry's
    /// reduction: a tail call of the function itself jumps there (a loop, not a new frame).
    self_loop: Option<(FunId, Block)>,
    /// Emitting a rarely taken path: new blocks are laid out after the hot code.
    pub cold: bool,
}

impl<'a, 'f, 'p, M: Module> FunctionTranslator<'a, 'f, 'p, M> {
    pub(super) fn new(
        ctx: &'f mut Context,
        fctx: &'f mut FunctionBuilderContext,
        cx: &'a mut ModuleCx<'p, M>,
        closure_param: Option<Var>,
    ) -> Self {
        FunctionTranslator {
            b: FunctionBuilder::new(&mut ctx.func, fctx),
            cx,
            vars: HashMap::new(),
            immediates: HashSet::new(),
            joins: HashMap::new(),
            funcs: HashMap::new(),
            data: HashMap::new(),
            closure_param,
            self_loop: None,
            cold: false,
        }
    }

    /// A new block, cold when emitting a cold path.
    pub(super) fn new_block(&mut self) -> Block {
        let block = self.b.create_block();
        if self.cold {
            self.b.set_cold_block(block);
        }
        block
    }

    /// Seals every block and finishes the function.
    pub(super) fn finish(mut self) {
        self.b.seal_all_blocks();
        let config = self.cx.module.target_config();
        self.b.finalize(config);
    }

    /// Creates the entry block, with the signature's parameters, and starts there.
    pub(super) fn entry_block_params(&mut self) -> Vec<Value> {
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        self.b.seal_block(entry);
        self.b.block_params(entry).to_vec()
    }

    /// Lowers a global's initialiser (a function of no parameters).
    pub(super) fn lower_global(&mut self, body: &Expr) -> Result<(), CodegenError> {
        self.entry_block_params();
        self.count_reduction();
        self.expr(body)
    }

    /// Lowers Mote function `f`, whose tail calls of itself become jumps back to the start
    /// of its body: the loop's back-edge takes a reduction as the entry does (unless the body
    /// takes one on every way to a call, see [`counts_before_calls`]), and the iteration
    /// reuses the frame (no epilogue and prologue per round).
    pub(super) fn lower_mote_function(&mut self, f: FunId, params: &[Var], body: &Expr) -> Result<(), CodegenError> {
        let values = self.entry_block_params();
        let start = self.b.create_block();
        for _ in params {
            self.b.append_block_param(start, I64);
        }
        self.b.ins().jump(start, &values.iter().map(|v| BlockArg::Value(*v)).collect::<Vec<_>>());
        // Sealed by `finish`, once every self tail call has jumped to it.
        self.b.switch_to_block(start);
        if !counts_before_calls(body) {
            self.count_reduction();
        }
        let values = self.b.block_params(start).to_vec();
        for (p, v) in params.iter().zip(values) {
            self.bind(*p, v);
        }
        self.self_loop = Some((f, start));
        self.expr(body)
    }

    /// A closure's code for a function that does not take the closure: drops the closure and
    /// tail-calls the function with the arguments.
    pub(super) fn lower_closure_wrapper(&mut self, f: FunId, arity: usize) -> Result<(), CodegenError> {
        let params = self.entry_block_params();
        debug_assert_eq!(params.len(), arity + 1);
        self.count_reduction();
        self.drop_value(params[0]);
        let callee = self.cx.functions[f.0 as usize];
        self.return_call(callee, &params[1..]);
        Ok(())
    }

    /// The base of the execution region the stack is in (ABI.md, "Processes"): its scheduler
    /// page. Only cold paths need it, so it is computed where it is used.
    pub(super) fn scheduler_page(&mut self) -> Value {
        let sp = self.b.ins().get_stack_pointer(I64);
        self.b.ins().band_imm_s(sp, -EXECUTION_REGION)
    }

    /// Where a SystemV entry point starts running Mote code (ABI.md, "Reductions"): keeps the
    /// caller's pinned register (callee-saved for it) and loads the budget from the scheduler
    /// page into it. Returns the caller's value for [`Self::leave_mote`].
    pub(super) fn enter_mote(&mut self) -> Option<Value> {
        if !self.cx.reductions {
            return None;
        }
        let caller = self.b.ins().get_pinned_reg(I64);
        let page = self.scheduler_page();
        let budget = self.load(page, 0);
        self.b.ins().set_pinned_reg(budget);
        Some(caller)
    }

    /// Gives the SystemV caller its pinned register back before an entry point returns.
    pub(super) fn leave_mote(&mut self, caller: Option<Value>) {
        if let Some(caller) = caller {
            self.b.ins().set_pinned_reg(caller);
        }
    }

    /// The entry of a Mote function (ABI.md, "Reductions"): takes one reduction from the
    /// budget, which lives in the pinned register, and lets the runtime run other processes
    /// when the budget is spent. Off for code not run by the runtime's schedulers.
    pub(super) fn count_reduction(&mut self) {
        if !self.cx.reductions {
            return;
        }
        let budget = self.b.ins().get_pinned_reg(I64);
        let budget = self.b.ins().iadd_imm_s(budget, -1);
        self.b.ins().set_pinned_reg(budget);
        let spent = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, budget, 0);
        let yield_ = self.b.create_block();
        self.b.set_cold_block(yield_);
        let run = self.b.create_block();
        self.b.ins().brif(spent, yield_, &[], run, &[]);
        self.b.switch_to_block(yield_);
        self.b.seal_block(yield_);
        let fresh = self.call_runtime("mote_rt_yield", &[], true).expect("mote_rt_yield returns the budget");
        self.b.ins().set_pinned_reg(fresh);
        self.b.ins().jump(run, &[]);
        self.b.switch_to_block(run);
        self.b.seal_block(run);
    }

    // ---- references to other functions and data ----

    pub(super) fn func_ref(&mut self, id: FuncId) -> FuncRef {
        if let Some(r) = self.funcs.get(&id) {
            return *r;
        }
        let r = self.cx.module.declare_func_in_func(id, self.b.func);
        self.funcs.insert(id, r);
        r
    }

    pub(super) fn data_address(&mut self, id: DataId) -> Value {
        let gv = match self.data.get(&id) {
            Some(gv) => *gv,
            None => {
                let gv = self.cx.module.declare_data_in_func(id, self.b.func);
                self.data.insert(id, gv);
                gv
            }
        };
        self.b.ins().symbol_value(I64, gv)
    }

    pub(super) fn function_address(&mut self, id: FuncId) -> Value {
        let r = self.func_ref(id);
        self.b.ins().func_addr(I64, r)
    }

    /// A direct call of a generated function; its single result.
    pub(super) fn call_function(&mut self, id: FuncId, args: &[Value]) -> Value {
        let r = self.func_ref(id);
        let call = self.b.ins().call(r, args);
        self.b.inst_results(call)[0]
    }

    pub(super) fn return_call(&mut self, id: FuncId, args: &[Value]) {
        let r = self.func_ref(id);
        self.b.ins().return_call(r, args);
    }

    /// Calls the runtime function `name` with word arguments; its result if `result`.
    pub(super) fn call_runtime(&mut self, name: &str, args: &[Value], result: bool) -> Option<Value> {
        let params = vec![I64; args.len()];
        let returns: &[Type] = if result { &[I64] } else { &[] };
        let id = self.cx.runtime_function(name, &params, returns);
        // The runtime's names are fixed and their signatures consistent, so the declaration
        // can only fail for a foreign primitive used at two arities, which `call_foreign`
        // reports before getting here.
        let id = id.expect("runtime functions are declared with consistent signatures");
        let call = {
            let r = self.func_ref(id);
            self.b.ins().call(r, args)
        };
        result.then(|| self.b.inst_results(call)[0])
    }

    /// `mote_rt_start_main(argc, argv, entry) -> i32` (the C `main` of executables).
    pub(super) fn call_start_main(&mut self, argc: Value, argv: Value, entry: Value) -> Value {
        let id = self.cx.runtime_function("mote_rt_start_main", &[I32, I64, I64], &[I32]);
        let id = id.expect("mote_rt_start_main is declared once");
        let r = self.func_ref(id);
        let call = self.b.ins().call(r, &[argc, argv, entry]);
        self.b.inst_results(call)[0]
    }

    /// Calls a runtime function that never returns, then ends the block.
    fn call_no_return(&mut self, name: &str, args: &[Value]) {
        self.call_runtime(name, args, false);
        self.b.ins().trap(UNREACHABLE);
    }

    // ---- variables ----

    pub(super) fn bind(&mut self, var: Var, value: Value) {
        self.vars.insert(var, value);
    }

    pub(super) fn var(&mut self, var: Var) -> Result<Value, CodegenError> {
        self.vars
            .get(&var)
            .copied()
            .ok_or_else(|| CodegenError::MalformedCore(format!("variable v{} is unbound", var.0)))
    }

    /// An atom's value. A literal `owned` by its consumer gets its own reference (only the
    /// bignum literals, which live in slots, are counted).
    fn atom(&mut self, atom: &Atom, owned: bool) -> Result<Value, CodegenError> {
        match atom {
            Atom::Var(v) => self.var(*v),
            Atom::Lit(lit) => self.literal(lit, owned),
        }
    }

    /// An atom read but not consumed (an operand of a primitive).
    pub(super) fn borrowed_atom(&mut self, atom: &Atom) -> Result<Value, CodegenError> {
        self.atom(atom, false)
    }

    fn atoms(&mut self, atoms: &[Atom], owned: bool) -> Result<Vec<Value>, CodegenError> {
        atoms.iter().map(|a| self.atom(a, owned)).collect()
    }

    pub(super) fn literal(&mut self, lit: &Lit, owned: bool) -> Result<Value, CodegenError> {
        Ok(match lit {
            Lit::Int(n) => match value::small_int(n) {
                Some(w) => self.iconst(w),
                None => {
                    let slot = self.cx.bigint(n.to_string())?;
                    let slot = self.data_address(slot);
                    let v = self.load(slot, 0);
                    if owned {
                        self.dup(v);
                    }
                    v
                }
            },
            Lit::Float(f) => {
                let id = self.cx.float(*f)?;
                self.data_address(id)
            }
            Lit::Char(c) => self.iconst(value::char_word(*c)),
            Lit::String(s) => {
                let id = self.cx.string(s)?;
                self.data_address(id)
            }
            Lit::Atom(a) => {
                let i = self.cx.atom(a);
                self.iconst(value::atom_word(i))
            }
            Lit::Bool(b) => self.iconst(if *b { TRUE } else { FALSE }),
            Lit::Unit => self.iconst(UNIT),
        })
    }

    // ---- expressions ----

    /// Lowers `e`, which ends the current block (return, tail call, jump or trap).
    pub(super) fn expr(&mut self, mut e: &Expr) -> Result<(), CodegenError> {
        loop {
            match e {
                Expr::Let(x, v, body) => {
                    if let Expr::Let(y, second, after) = body.as_ref()
                        && super::arith::is_pair(v, second)
                        && let (CoreValue::Prim(Prim::Foreign(f), f_args), CoreValue::Prim(Prim::Foreign(s), s_args)) =
                            (v, second)
                    {
                        let (absorbed, rest) = absorbed_drops(second, after);
                        let (a, b) = self.arith_pair((f, f_args), (s, s_args), &absorbed)?;
                        self.bind(*x, a);
                        self.bind(*y, b);
                        e = rest;
                        continue;
                    }
                    let (absorbed, rest) = absorbed_drops(v, body);
                    if let CoreValue::Prim(Prim::Foreign(name), args) = v
                        && super::float::is_inline(name)
                    {
                        // The first operand dropped right after may hold the result (see
                        // `float`); the other is dropped as it would have been.
                        let value = self.float_arith(name, args, absorbed.first().copied())?;
                        for d in absorbed.iter().skip(1) {
                            let d = self.var(*d)?;
                            self.drop_value(d);
                        }
                        self.bind(*x, value);
                        e = rest;
                        continue;
                    }
                    if let Some(branches) = boolean_switch(*x, v, rest) {
                        return self.compare_and_branch(*x, branches, &absorbed);
                    }
                    let value = match v {
                        CoreValue::Prim(Prim::Foreign(name), args) => self.foreign(name, args, &absorbed)?,
                        _ => self.value(v)?,
                    };
                    self.bind(*x, value);
                    if is_immediate(v) {
                        self.immediates.insert(*x);
                    }
                    e = rest;
                }
                Expr::Dup(x, body) => {
                    if !self.immediates.contains(x) {
                        let v = self.var(*x)?;
                        self.dup(v);
                    }
                    e = body;
                }
                Expr::Drop(x, body) => {
                    if !self.immediates.contains(x) {
                        let v = self.var(*x)?;
                        self.drop_value(v);
                    }
                    e = body;
                }
                Expr::Tail(v) => return self.tail(v),
                Expr::Jump(j, args) => {
                    let block = *self
                        .joins
                        .get(j)
                        .ok_or_else(|| CodegenError::MalformedCore(format!("jump to unknown join j{}", j.0)))?;
                    let args: Vec<BlockArg> = self.atoms(args, true)?.into_iter().map(BlockArg::from).collect();
                    self.b.ins().jump(block, &args);
                    return Ok(());
                }
                Expr::Join { id, params, looping, body, rest } => {
                    let block = self.b.create_block();
                    for _ in params {
                        self.b.append_block_param(block, I64);
                    }
                    self.joins.insert(*id, block);
                    self.expr(rest)?;
                    self.b.switch_to_block(block);
                    if *looping {
                        // Sealed by `finish`, once the body has jumped back to it; a round
                        // takes a reduction, as a function's own loop does.
                        self.count_reduction();
                    } else {
                        self.b.seal_block(block);
                    }
                    let values = self.b.block_params(block).to_vec();
                    for (p, v) in params.iter().zip(values) {
                        self.bind(*p, v);
                    }
                    e = body;
                }
                Expr::Switch { on, arms, default } => return self.switch(*on, arms, default.as_deref()),
                Expr::MatchFailure(location) => {
                    let s = self.cx.string(location)?;
                    let s = self.data_address(s);
                    self.call_no_return("mote_rt_match_failure", &[s]);
                    return Ok(());
                }
                Expr::LetRec(..) => {
                    return Err(CodegenError::MalformedCore("LetRec is left after closure conversion".into()));
                }
            }
        }
    }

    /// The result of the function: calls become tail calls.
    fn tail(&mut self, v: &CoreValue) -> Result<(), CodegenError> {
        match v {
            CoreValue::Call(f, args) => {
                let values = self.atoms(args, true)?;
                match self.self_loop {
                    Some((me, start)) if me == *f => {
                        let values: Vec<BlockArg> = values.into_iter().map(BlockArg::Value).collect();
                        self.b.ins().jump(start, &values);
                    }
                    _ => {
                        let callee = self.known_function(*f, args.len())?;
                        self.return_call(callee, &values);
                    }
                }
            }
            CoreValue::Apply(f, args) if !args.is_empty() => {
                let (f, args) = self.apply_prefix(*f, args)?;
                let callee = self.cx.apply[args.len() - 1];
                let args: Vec<_> = std::iter::once(f).chain(args).collect();
                self.return_call(callee, &args);
            }
            _ => {
                let value = self.value(v)?;
                self.b.ins().return_(&[value]);
            }
        }
        Ok(())
    }

    fn known_function(&self, f: FunId, args: usize) -> Result<FuncId, CodegenError> {
        let function = self.cx.function(f)?;
        if function.params.len() != args {
            return Err(CodegenError::MalformedCore(format!(
                "`{}` takes {} arguments, called with {args}",
                function.name,
                function.params.len()
            )));
        }
        Ok(self.cx.functions[f.0 as usize])
    }

    /// Applies `f` to all but the last chunk (at most `MAX_APPLY`) of `args`, returning the
    /// function value and the arguments left for one last `apply_n`.
    fn apply_prefix(&mut self, f: Var, args: &[Atom]) -> Result<(Value, Vec<Value>), CodegenError> {
        let mut f = self.var(f)?;
        let mut args = self.atoms(args, true)?;
        while args.len() > MAX_APPLY {
            let rest = args.split_off(MAX_APPLY);
            let callee = self.cx.apply[MAX_APPLY - 1];
            let call: Vec<_> = std::iter::once(f).chain(args).collect();
            f = self.call_function(callee, &call);
            args = rest;
        }
        Ok((f, args))
    }

    /// Computes a Core value; the result is one owned reference.
    fn value(&mut self, v: &CoreValue) -> Result<Value, CodegenError> {
        match v {
            CoreValue::Atom(a) => self.atom(a, true),
            CoreValue::Call(f, args) => {
                let callee = self.known_function(*f, args.len())?;
                let args = self.atoms(args, true)?;
                Ok(self.call_function(callee, &args))
            }
            CoreValue::Apply(f, args) => {
                if args.is_empty() {
                    return self.var(*f);
                }
                let (f, args) = self.apply_prefix(*f, args)?;
                let callee = self.cx.apply[args.len() - 1];
                let args: Vec<_> = std::iter::once(f).chain(args).collect();
                Ok(self.call_function(callee, &args))
            }
            CoreValue::Prim(p, args) => self.prim(p, args),
            CoreValue::Con(c, args) => {
                let info = self.cx.program.constructors.get(c.0 as usize);
                let info = info.ok_or_else(|| CodegenError::MalformedCore(format!("no constructor {}", c.0)))?;
                if info.arity as usize != args.len() {
                    return Err(CodegenError::MalformedCore(format!(
                        "constructor `{}` has {} fields, built with {}",
                        info.name,
                        info.arity,
                        args.len()
                    )));
                }
                if args.is_empty() {
                    return Ok(self.iconst(value::ctor_word(c.0)));
                }
                let id = aux(c.0 as usize, "constructor id")?;
                let fields = self.atoms(args, true)?;
                Ok(self.alloc_object(kind::CON, id, &fields))
            }
            CoreValue::Tuple(args) => {
                if args.is_empty() {
                    return Ok(self.iconst(UNIT));
                }
                let n = aux(args.len(), "tuple arity")?;
                let fields = self.atoms(args, true)?;
                Ok(self.alloc_object(kind::TUPLE, n, &fields))
            }
            CoreValue::Record(fields) => {
                let n = aux(fields.len(), "record size")?;
                let mut words = Vec::with_capacity(2 * fields.len());
                for (label, a) in fields {
                    words.push(self.iconst(i64::from(label.0)));
                    words.push(self.atom(a, true)?);
                }
                Ok(self.alloc_object(kind::RECORD, n, &words))
            }
            CoreValue::RecordUpdate(r, fields) => {
                let record = self.var(*r)?;
                let mut updates = Vec::with_capacity(fields.len());
                for (label, a) in fields {
                    updates.push((i64::from(label.0), self.atom(a, true)?));
                }
                Ok(self.record_update(record, &updates))
            }
            CoreValue::RecordGet(r, label) => {
                let record = self.var(*r)?;
                let at = self.field_address(record, i64::from(label.0));
                let v = self.load(at, 8);
                self.dup(v);
                Ok(v)
            }
            CoreValue::Field(x, i) => {
                let object = self.var(*x)?;
                let base = if self.closure_param == Some(*x) { offset::CAPTURED } else { offset::FIELDS };
                let at = i32::try_from(*i).ok().and_then(|i| i.checked_mul(8)).and_then(|o| o.checked_add(base));
                let at = at.ok_or_else(|| CodegenError::Limit(format!("field {i} is out of range")))?;
                let v = self.load(object, at);
                self.dup(v);
                Ok(v)
            }
            CoreValue::Closure(f, captured) => {
                if captured.is_empty() {
                    let id = self.cx.static_closure(*f)?;
                    return Ok(self.data_address(id));
                }
                let arity = self.cx.closure_arity(*f)?;
                let code = self.cx.closure_code(*f)?;
                let n = aux(captured.len(), "number of captured values")?;
                let mut words = vec![self.function_address(code), self.iconst(arity as i64)];
                words.extend(self.atoms(captured, true)?);
                Ok(self.alloc_object(kind::CLOSURE, n, &words))
            }
            CoreValue::Global(g) => {
                let slot = *self
                    .cx
                    .global_slots
                    .get(g.0 as usize)
                    .ok_or_else(|| CodegenError::MalformedCore(format!("no global {}", g.0)))?;
                let slot = self.data_address(slot);
                let v = self.load(slot, 0);
                self.dup(v);
                Ok(v)
            }
            CoreValue::Lambda(..) => Err(CodegenError::MalformedCore("Lambda is left after closure conversion".into())),
        }
    }

    fn prim(&mut self, p: &Prim, args: &[Atom]) -> Result<Value, CodegenError> {
        let (name, result) = match p {
            Prim::Foreign(name) => return self.foreign(name, args, &[]),
            Prim::TimedOut => return self.timed_out(args),
            Prim::ShowAny => ("mote_rt_show_any", true),
            Prim::EqAny => ("mote_rt_eq_any", true),
            Prim::CompareAny => ("mote_rt_compare_any", true),
            Prim::Crash => ("mote_rt_crash", false),
            Prim::Receive => ("mote_rt_receive", true),
            Prim::ReceiveAfter => ("mote_rt_receive_after", true),
            Prim::Shape => ("mote_rt_shape", true),
        };
        let expected = p.operand_count().unwrap_or(args.len());
        if args.len() != expected {
            return Err(CodegenError::MalformedCore(format!("{p:?} takes {expected} operands, given {}", args.len())));
        }
        let args = self.atoms(args, false)?;
        let waits = matches!(p, Prim::Receive | Prim::ReceiveAfter);
        let page = (waits && self.cx.reductions).then(|| {
            // A receive may park the process: the budget goes through the scheduler page,
            // where the runtime puts a fresh one when it resumes the process.
            let page = self.scheduler_page();
            let budget = self.b.ins().get_pinned_reg(I64);
            self.store(budget, page, 0);
            page
        });
        let received = self.call_runtime(name, &args, result);
        if let Some(page) = page {
            let budget = self.load(page, 0);
            self.b.ins().set_pinned_reg(budget);
        }
        match received {
            // The runtime says "no message" with 0, which is no value and would look like a
            // pointer to `drop`: Core sees the timeout word instead (see `value::TIMEOUT`).
            Some(v) if *p == Prim::ReceiveAfter => {
                let timed_out = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                let timeout = self.iconst(value::TIMEOUT);
                Ok(self.b.ins().select(timed_out, timeout, v))
            }
            Some(v) => Ok(v),
            // `crash` never returns; the code after it is dead but must be well-formed.
            None => Ok(self.iconst(UNIT)),
        }
    }

    /// `timedOut(r)`: whether a `receiveAfter` result is the timeout word, inline.
    fn timed_out(&mut self, args: &[Atom]) -> Result<Value, CodegenError> {
        let [received] = args else {
            return Err(CodegenError::MalformedCore(format!("TimedOut takes 1 operand, given {}", args.len())));
        };
        let received = self.borrowed_atom(received)?;
        let timed_out = self.b.ins().icmp_imm_s(IntCC::Equal, received, value::TIMEOUT);
        Ok(self.boolean(timed_out))
    }

    /// Calls the runtime's `mote_<name>` with borrowed arguments.
    pub(super) fn call_foreign(&mut self, name: &str, args: &[Value]) -> Result<Value, CodegenError> {
        let symbol = format!("mote_{name}");
        let params = vec![I64; args.len()];
        let id = self.cx.runtime_function(&symbol, &params, &[I64]).map_err(|_| {
            CodegenError::MalformedCore(format!("the primitive `{name}` is used with different numbers of arguments"))
        })?;
        let r = self.func_ref(id);
        let call = self.b.ins().call(r, args);
        Ok(self.b.inst_results(call)[0])
    }

    /// The address of the label word of the field `label` of a record: a scan of the
    /// sorted fields, which type checking guarantees holds the label.
    fn field_address(&mut self, record: Value, label: i64) -> Value {
        let scan = self.b.create_block();
        let found = self.b.create_block();
        let at = self.b.append_block_param(scan, I64);
        let first = self.b.ins().iadd_imm_s(record, 8);
        self.b.ins().jump(scan, &[first.into()]);
        self.b.switch_to_block(scan);
        let l = self.load(at, 0);
        let is = self.b.ins().icmp_imm_s(IntCC::Equal, l, label);
        let next = self.b.ins().iadd_imm_s(at, 16);
        self.b.ins().brif(is, found, &[], scan, &[next.into()]);
        self.b.seal_block(scan);
        self.b.switch_to_block(found);
        self.b.seal_block(found);
        at
    }

    /// A copy of `record` (consumed) with `updates` (label id, owned value) replaced.
    fn record_update(&mut self, record: Value, updates: &[(i64, Value)]) -> Value {
        let header = self.load(record, 0);
        let n = self.b.ins().ushr_imm_s(header, 48);
        let size = self.b.ins().ishl_imm_s(n, 4);
        let bytes = self.b.ins().iadd_imm_s(size, 8);
        let copy = self.alloc(bytes);
        let counted = self.b.ins().band_imm_s(header, !0xffff_ffff_i64);
        let counted = self.b.ins().bor_imm_s(counted, 1);
        self.store(counted, copy, 0);
        // Copy every field, adding a reference to each value.
        let check = self.b.create_block();
        let body = self.b.create_block();
        let done = self.b.create_block();
        let i = self.b.append_block_param(check, I64);
        let start = self.iconst(8);
        self.b.ins().jump(check, &[start.into()]);
        self.b.switch_to_block(check);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, i, bytes);
        self.b.ins().brif(more, body, &[], done, &[]);
        self.b.switch_to_block(body);
        self.b.seal_block(body);
        let from = self.b.ins().iadd(record, i);
        let to = self.b.ins().iadd(copy, i);
        let l = self.load(from, 0);
        let v = self.load(from, 8);
        self.store(l, to, 0);
        self.store(v, to, 8);
        self.dup(v);
        let next = self.b.ins().iadd_imm_s(i, 16);
        self.b.ins().jump(check, &[next.into()]);
        self.b.seal_block(check);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        // Replace the updated fields: release the copied reference, store the new value.
        for &(label, v) in updates {
            let at = self.field_address(copy, label);
            let old = self.load(at, 8);
            self.drop_value(old);
            self.store(v, at, 8);
        }
        self.drop_value(record);
        copy
    }
}

/// The `Drop`s right after `let x = prim a b` of its own operands, when the primitive is done
/// inline (see `arith::FunctionTranslator::foreign` and `float`), and the expression after them.
fn absorbed_drops<'e>(v: &CoreValue, body: &'e Expr) -> (Vec<Var>, &'e Expr) {
    let mut absorbed = Vec::new();
    let mut rest = body;
    let CoreValue::Prim(Prim::Foreign(name), args) = v else { return (absorbed, rest) };
    if args.len() != 2 || !(super::arith::is_inline(name) || super::float::is_inline(name)) {
        return (absorbed, rest);
    }
    while let Expr::Drop(d, next) = rest {
        if absorbed.contains(d) || !args.iter().any(|a| a.var() == Some(*d)) {
            break;
        }
        absorbed.push(*d);
        rest = next;
    }
    (absorbed, rest)
}

/// Whether a value is always an immediate word (so `dup`/`drop` of it are no-ops).
fn is_immediate(v: &CoreValue) -> bool {
    match v {
        CoreValue::Atom(Atom::Lit(lit)) => is_immediate_literal(lit),
        CoreValue::Con(_, args) | CoreValue::Tuple(args) => args.is_empty(),
        CoreValue::Prim(Prim::Foreign(name), _) => super::arith::returns_boolean(name),
        CoreValue::Prim(Prim::EqAny | Prim::Shape | Prim::TimedOut, _) => true,
        _ => false,
    }
}

/// Whether `lit`'s value is an immediate word (so a variable equal to it needs no counting).
pub(super) fn is_immediate_literal(lit: &Lit) -> bool {
    match lit {
        Lit::Int(n) => value::small_int(n).is_some(),
        Lit::Char(_) | Lit::Atom(_) | Lit::Bool(_) | Lit::Unit => true,
        Lit::Float(_) | Lit::String(_) => false,
    }
}

/// Whether every way through `body` from its start that calls or applies anything (its own
/// tail call included) first enters a looping join, whose every round takes a reduction; a way
/// that returns without a call needs none. Such a function's start need not take a reduction
/// of its own: a loop or a recursion through it goes through a call, so through a count.
fn counts_before_calls(body: &Expr) -> bool {
    fn walk(e: &Expr, joins: &mut HashMap<JoinId, bool>) -> bool {
        match e {
            Expr::Let(_, v, body) => !calls(v) && walk(body, joins),
            Expr::Dup(_, body) | Expr::Drop(_, body) => walk(body, joins),
            Expr::Join { id, looping, body, rest, .. } => {
                let counted = *looping || walk(body, joins);
                joins.insert(*id, counted);
                walk(rest, joins)
            }
            Expr::Jump(j, _) => joins.get(j).copied().unwrap_or(false),
            Expr::Switch { arms, default, .. } => {
                arms.iter().all(|(_, arm)| walk(arm, joins)) && default.as_deref().is_none_or(|d| walk(d, joins))
            }
            Expr::Tail(v) => !calls(v),
            Expr::MatchFailure(_) => true,
            Expr::LetRec(..) => false,
        }
    }
    fn calls(v: &CoreValue) -> bool {
        matches!(v, CoreValue::Call(..) | CoreValue::Apply(..) | CoreValue::Lambda(..))
    }
    walk(body, &mut HashMap::new())
}
