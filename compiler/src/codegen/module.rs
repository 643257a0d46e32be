//! The one lowering of a whole program, generic over `cranelift_module::Module`: it declares
//! every function and data object first, then defines the Mote functions, the globals' bodies,
//! the apply helpers, the SystemV entry points, and last the static tables (ABI.md's
//! `ProgramInfo`), whose contents (the atom table) are only known once all code is lowered.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use cranelift_codegen::Context;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{AbiParam, InstBuilder, Signature, UserFuncName};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};

use super::apply;
use super::arith::IntSlow;
use super::lower::FunctionTranslator;
use super::value::{self, UNIT, kind};
use super::{CodegenError, CodegenOptions};
use crate::core::ir::{FunId, Program};

/// The apply helpers `apply_1 ..= apply_MAX_APPLY` exist; a closure may have at most this many
/// parameters (a partial application holds fewer, and adding at most this many new arguments
/// to it is one more helper call).
pub(super) const MAX_APPLY: usize = 16;

/// What a lowering is for.
#[derive(Clone, Copy, Debug)]
pub(super) struct Options {
    /// Keep the CLIF text of every function (`--emit clif`).
    pub clif: bool,
    /// Also define C `main(argc, argv)` calling `mote_rt_start_main` (executables).
    pub c_main: bool,
    /// What the caller chose (see [`CodegenOptions`]).
    pub codegen: CodegenOptions,
}

/// The host ISA with Mote's settings.
pub(super) fn host_isa(pic: bool) -> Result<OwnedTargetIsa, CodegenError> {
    let mut flags = settings::builder();
    let set = |flags: &mut settings::Builder, name: &str, value: &str| {
        flags.set(name, value).map_err(|e| CodegenError::Cranelift(format!("setting {name}={value}: {e}")))
    };
    set(&mut flags, "opt_level", "speed")?;
    set(&mut flags, "preserve_frame_pointers", "true")?;
    // Frames are small; a probe only appears in a frame bigger than the guard page, so the
    // runtime's guard page always catches a stack overflow.
    set(&mut flags, "enable_probestack", "true")?;
    set(&mut flags, "probestack_strategy", "inline")?;
    set(&mut flags, "is_pic", if pic { "true" } else { "false" })?;
    set(&mut flags, "use_colocated_libcalls", "false")?;
    set(&mut flags, "enable_pinned_reg", "true")?;
    let builder = cranelift_native::builder().map_err(|m| CodegenError::UnsupportedHost(m.to_string()))?;
    builder.finish(settings::Flags::new(flags)).map_err(|e| CodegenError::UnsupportedHost(e.to_string()))
}

/// A Mote function's signature: the `tail` convention, `params` words in, one word out.
pub(super) fn tail_signature(params: usize) -> Signature {
    let mut sig = Signature::new(CallConv::Tail);
    sig.params.extend(std::iter::repeat_n(AbiParam::new(I64), params));
    sig.returns.push(AbiParam::new(I64));
    sig
}

/// Module-wide state shared by every function's translator: declarations, literal pools,
/// the atom table.
pub(super) struct ModuleCx<'p, M: Module> {
    pub module: M,
    pub program: &'p Program,
    /// The host's C convention, for runtime functions and entry points.
    pub system: CallConv,
    /// Indexed by [`FunId`].
    pub functions: Vec<FuncId>,
    /// Indexed by `GlobalId`: the 8-byte slot holding the global's value.
    pub global_slots: Vec<DataId>,
    /// `apply[n - 1]` is `apply_n`.
    pub apply: Vec<FuncId>,
    /// Whether Mote functions count reductions (see [`CodegenOptions::reductions`]).
    pub reductions: bool,
    /// Code for a closure of a function whose first parameter is not a closure.
    closure_wrappers: HashMap<FunId, FuncId>,
    pending_wrappers: Vec<(FunId, FuncId)>,
    /// The cold paths of inline integer operations (see [`IntSlow`]), by what they do, and in
    /// the order they were asked for (the order they are defined in).
    int_slow: HashMap<IntSlow, FuncId>,
    pending_int_slow: Vec<(IntSlow, FuncId)>,
    strings: HashMap<Arc<str>, DataId>,
    floats: HashMap<u64, DataId>,
    bigints: HashMap<String, DataId>,
    /// (slot, STRING of its digits), filled at start-up by `mote_rt_int_from_str`.
    bigint_inits: Vec<(DataId, DataId)>,
    atoms: Vec<Arc<str>>,
    atom_index: HashMap<Arc<str>, u32>,
    static_closures: HashMap<FunId, DataId>,
    clif: Option<String>,
}

/// A lowered program: the module (ready to finalize or emit) and its entry.
pub(super) struct Lowered<M> {
    pub module: M,
    /// `mote_program_main() -> i64` (SystemV).
    pub entry: FuncId,
    pub clif: Option<String>,
}

/// Lowers the whole program into `module`.
pub(super) fn lower_program<M: Module>(
    module: M,
    program: &Program,
    options: Options,
) -> Result<Lowered<M>, CodegenError> {
    let system = module.isa().default_call_conv();
    let mut cx = ModuleCx {
        module,
        program,
        system,
        functions: Vec::new(),
        global_slots: Vec::new(),
        apply: Vec::new(),
        reductions: options.codegen.reductions,
        closure_wrappers: HashMap::new(),
        pending_wrappers: Vec::new(),
        int_slow: HashMap::new(),
        pending_int_slow: Vec::new(),
        strings: HashMap::new(),
        floats: HashMap::new(),
        bigints: HashMap::new(),
        bigint_inits: Vec::new(),
        atoms: Vec::new(),
        atom_index: HashMap::new(),
        static_closures: HashMap::new(),
        clif: options.clif.then(String::new),
    };
    let mut ctx = cx.module.make_context();
    let mut fctx = FunctionBuilderContext::new();

    // Declare everything first, so any function can refer to any other.
    for f in &program.functions {
        let symbol = cx.unique_symbol(&f.name);
        let id = cx.module.declare_function(&symbol, Linkage::Local, &tail_signature(f.params.len()))?;
        cx.functions.push(id);
    }
    let mut global_inits = Vec::with_capacity(program.globals.len());
    for g in &program.globals {
        let slot = cx.module.declare_anonymous_data(true, false)?;
        let mut data = DataDescription::new();
        data.define_zeroinit(8);
        data.set_align(8);
        cx.module.define_data(slot, &data)?;
        cx.global_slots.push(slot);
        let symbol = cx.unique_symbol(&format!("{}$init", g.name));
        global_inits.push(cx.module.declare_function(&symbol, Linkage::Local, &tail_signature(0))?);
    }
    if program.main.0 as usize >= program.globals.len() {
        return Err(CodegenError::MalformedCore(format!("main is global {}, which does not exist", program.main.0)));
    }
    for n in 1..=MAX_APPLY {
        let id = cx.module.declare_function(&format!("mote.apply_{n}"), Linkage::Local, &tail_signature(n + 1))?;
        cx.apply.push(id);
    }
    let call_closure = {
        let sig = cx.system_signature(&[I64, I64], &[I64]);
        cx.module.declare_function("mote.call_closure", Linkage::Local, &sig)?
    };
    let entry = {
        let sig = cx.system_signature(&[], &[I64]);
        cx.module.declare_function("mote_program_main", Linkage::Export, &sig)?
    };
    let info = cx.module.declare_anonymous_data(false, false)?;

    // Mote code.
    for (i, f) in program.functions.iter().enumerate() {
        ctx.func.signature = tail_signature(f.params.len());
        let closure_param = if f.closure { f.params.first().copied() } else { None };
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, closure_param);
        t.lower_mote_function(FunId(i as u32), &f.params, &f.body)?;
        t.finish();
        cx.define(cx.functions[i], &f.name, &mut ctx)?;
    }
    for (g, &id) in program.globals.iter().zip(&global_inits) {
        ctx.func.signature = tail_signature(0);
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
        t.lower_global(&g.body)?;
        t.finish();
        cx.define(id, &format!("{}$init", g.name), &mut ctx)?;
    }
    for n in 1..=MAX_APPLY {
        ctx.func.signature = tail_signature(n + 1);
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
        apply::lower_apply(&mut t, n);
        t.finish();
        cx.define(cx.apply[n - 1], &format!("apply_{n}"), &mut ctx)?;
    }
    while let Some((f, id)) = cx.pending_wrappers.pop() {
        let arity = program.functions[f.0 as usize].params.len();
        ctx.func.signature = tail_signature(arity + 1);
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
        t.lower_closure_wrapper(f, arity)?;
        t.finish();
        cx.define(id, &format!("{}$closure", program.functions[f.0 as usize].name), &mut ctx)?;
    }
    for (slow, id) in std::mem::take(&mut cx.pending_int_slow) {
        ctx.func.signature = cx.int_slow_signature(slow);
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
        t.lower_int_slow(slow);
        t.finish();
        cx.define(id, &slow.symbol(), &mut ctx)?;
    }

    // Entry points (SystemV).
    ctx.func.signature = cx.system_signature(&[I64, I64], &[I64]);
    {
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
        let params = t.entry_block_params();
        let caller = t.enter_mote();
        let apply_1 = t.cx.apply[0];
        let result = t.call_function(apply_1, &params);
        t.leave_mote(caller);
        t.b.ins().return_(&[result]);
        t.finish();
    }
    cx.define(call_closure, "mote.call_closure", &mut ctx)?;

    ctx.func.signature = cx.system_signature(&[], &[I64]);
    {
        let inits = cx.bigint_inits.clone();
        let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
        t.entry_block_params();
        let caller = t.enter_mote();
        let info_addr = t.data_address(info);
        t.call_runtime("mote_rt_init", &[info_addr], false);
        for (slot, digits) in inits {
            let digits = t.data_address(digits);
            let n = t.call_runtime("mote_rt_int_from_str", &[digits], true).expect("declared with a result");
            let slot = t.data_address(slot);
            t.store(n, slot, 0);
            // Every process reads the slots: their counts must never change (ABI.md,
            // "Globals are frozen").
            t.call_runtime("mote_rt_freeze", &[n], false);
        }
        for (i, &init) in global_inits.iter().enumerate() {
            let v = t.call_function(init, &[]);
            let slot = t.cx.global_slots[i];
            let slot = t.data_address(slot);
            t.store(v, slot, 0);
            t.call_runtime("mote_rt_freeze", &[v], false);
        }
        let slot = t.cx.global_slots[program.main.0 as usize];
        let slot = t.data_address(slot);
        let main = t.load(slot, 0);
        t.dup(main);
        let world = t.iconst(UNIT);
        let apply_1 = t.cx.apply[0];
        let result = t.call_function(apply_1, &[main, world]);
        t.drop_value(result);
        t.leave_mote(caller);
        let zero = t.iconst(0);
        t.b.ins().return_(&[zero]);
        t.finish();
    }
    cx.define(entry, "mote_program_main", &mut ctx)?;

    if options.c_main {
        let main = {
            let sig = cx.system_signature(&[I32, I64], &[I32]);
            cx.module.declare_function("main", Linkage::Export, &sig)?
        };
        ctx.func.signature = cx.system_signature(&[I32, I64], &[I32]);
        {
            let mut t = FunctionTranslator::new(&mut ctx, &mut fctx, &mut cx, None);
            let params = t.entry_block_params();
            let entry_addr = t.function_address(entry);
            let status = t.call_start_main(params[0], params[1], entry_addr);
            t.b.ins().return_(&[status]);
            t.finish();
        }
        cx.define(main, "main", &mut ctx)?;
    }

    cx.define_tables(info, call_closure)?;
    Ok(Lowered { module: cx.module, entry, clif: cx.clif })
}

impl<M: Module> ModuleCx<'_, M> {
    /// Defines the function in `ctx` as `id`, keeping its CLIF text if asked to.
    fn define(&mut self, id: FuncId, name: &str, ctx: &mut Context) -> Result<(), CodegenError> {
        if let Some(text) = &mut self.clif {
            let _ = writeln!(text, "; {name}\n{}", ctx.func.display());
        }
        ctx.func.name = UserFuncName::user(0, id.as_u32());
        let defined = self.module.define_function(id, ctx);
        self.module.clear_context(ctx);
        Ok(defined?)
    }

    /// A symbol for a Mote name that cannot clash with a C symbol or another declaration:
    /// C symbols have no `.`, qualified Mote names always do.
    fn unique_symbol(&self, name: &str) -> String {
        let base = if name.contains('.') { name.to_string() } else { format!("mote.{name}") };
        let mut symbol = base.clone();
        let mut n = 1;
        while self.module.get_name(&symbol).is_some() {
            symbol = format!("{base}${n}");
            n += 1;
        }
        symbol
    }

    pub(super) fn system_signature(
        &self,
        params: &[cranelift_codegen::ir::Type],
        returns: &[cranelift_codegen::ir::Type],
    ) -> Signature {
        let mut sig = Signature::new(self.system);
        sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(returns.iter().map(|t| AbiParam::new(*t)));
        sig
    }

    /// The runtime function `name` (SystemV). The module keeps one declaration per name and
    /// refuses a second with another signature.
    pub(super) fn runtime_function(
        &mut self,
        name: &str,
        params: &[cranelift_codegen::ir::Type],
        returns: &[cranelift_codegen::ir::Type],
    ) -> Result<FuncId, CodegenError> {
        let sig = self.system_signature(params, returns);
        Ok(self.module.declare_function(name, Linkage::Import, &sig)?)
    }

    /// A read-only data object of `words` (and trailing `bytes`), 8-aligned.
    fn static_data(&mut self, bytes: Vec<u8>) -> Result<DataId, CodegenError> {
        let id = self.module.declare_anonymous_data(false, false)?;
        let mut data = DataDescription::new();
        data.define(bytes.into_boxed_slice());
        data.set_align(8);
        self.module.define_data(id, &data)?;
        Ok(id)
    }

    /// A static STRING object (count 0) holding `s`.
    pub(super) fn string(&mut self, s: &Arc<str>) -> Result<DataId, CodegenError> {
        if let Some(id) = self.strings.get(s) {
            return Ok(*id);
        }
        let mut bytes = Vec::with_capacity(16 + s.len());
        bytes.extend(value::header(0, kind::STRING, 0).to_le_bytes());
        bytes.extend((s.len() as u64).to_le_bytes());
        bytes.extend(s.as_bytes());
        bytes.resize(bytes.len().next_multiple_of(8), 0);
        let id = self.static_data(bytes)?;
        self.strings.insert(s.clone(), id);
        Ok(id)
    }

    /// A static FLOAT object (count 0).
    pub(super) fn float(&mut self, f: f64) -> Result<DataId, CodegenError> {
        if let Some(id) = self.floats.get(&f.to_bits()) {
            return Ok(*id);
        }
        let mut bytes = Vec::with_capacity(16);
        bytes.extend(value::header(0, kind::FLOAT, 0).to_le_bytes());
        bytes.extend(f.to_bits().to_le_bytes());
        let id = self.static_data(bytes)?;
        self.floats.insert(f.to_bits(), id);
        Ok(id)
    }

    /// The slot holding a bignum literal, computed at start-up from its digits.
    pub(super) fn bigint(&mut self, digits: String) -> Result<DataId, CodegenError> {
        if let Some(id) = self.bigints.get(&digits) {
            return Ok(*id);
        }
        let slot = self.module.declare_anonymous_data(true, false)?;
        let mut data = DataDescription::new();
        data.define_zeroinit(8);
        data.set_align(8);
        self.module.define_data(slot, &data)?;
        let text = self.string(&Arc::from(digits.as_str()))?;
        self.bigint_inits.push((slot, text));
        self.bigints.insert(digits, slot);
        Ok(slot)
    }

    /// The number of an atom in the program's atom table.
    pub(super) fn atom(&mut self, name: &Arc<str>) -> u32 {
        if let Some(i) = self.atom_index.get(name) {
            return *i;
        }
        let i = self.atoms.len() as u32;
        self.atoms.push(name.clone());
        self.atom_index.insert(name.clone(), i);
        i
    }

    pub(super) fn function(&self, f: FunId) -> Result<&'_ crate::core::ir::Function, CodegenError> {
        self.program
            .functions
            .get(f.0 as usize)
            .ok_or_else(|| CodegenError::MalformedCore(format!("no function {}", f.0)))
    }

    /// The number of parameters of a closure of `f`, not counting the closure.
    pub(super) fn closure_arity(&self, f: FunId) -> Result<usize, CodegenError> {
        let function = self.function(f)?;
        let arity = function.params.len() - usize::from(function.closure);
        if arity == 0 || arity > MAX_APPLY {
            return Err(CodegenError::Limit(format!(
                "`{}` is used as a function value with {arity} parameters; closures take 1 to {MAX_APPLY}",
                function.name
            )));
        }
        Ok(arity)
    }

    /// The code of a closure of `f`: `f` itself when it takes the closure first, else a
    /// wrapper that drops the closure argument and tail-calls `f`.
    pub(super) fn closure_code(&mut self, f: FunId) -> Result<FuncId, CodegenError> {
        let function = self.function(f)?;
        if function.closure {
            return Ok(self.functions[f.0 as usize]);
        }
        if let Some(id) = self.closure_wrappers.get(&f) {
            return Ok(*id);
        }
        let arity = function.params.len();
        let symbol = self.unique_symbol(&format!("{}$closure", function.name));
        let id = self.module.declare_function(&symbol, Linkage::Local, &tail_signature(arity + 1))?;
        self.closure_wrappers.insert(f, id);
        self.pending_wrappers.push((f, id));
        Ok(id)
    }

    /// The signature of the cold path `slow`: its operands that are not literals in, a word out.
    fn int_slow_signature(&self, slow: IntSlow) -> Signature {
        self.system_signature(&vec![I64; slow.params()], &[I64])
    }

    /// The function doing the cold path `slow` (declared the first time it is asked for,
    /// defined after the program's functions).
    pub(super) fn int_slow(&mut self, slow: IntSlow) -> Result<FuncId, CodegenError> {
        if let Some(id) = self.int_slow.get(&slow) {
            return Ok(*id);
        }
        let symbol = self.unique_symbol(&slow.symbol());
        let id = self.module.declare_function(&symbol, Linkage::Local, &self.int_slow_signature(slow))?;
        self.int_slow.insert(slow, id);
        self.pending_int_slow.push((slow, id));
        Ok(id)
    }

    /// The static CLOSURE object (count 0, nothing captured) of `f`.
    pub(super) fn static_closure(&mut self, f: FunId) -> Result<DataId, CodegenError> {
        if let Some(id) = self.static_closures.get(&f) {
            return Ok(*id);
        }
        let arity = self.closure_arity(f)?;
        let code = self.closure_code(f)?;
        let id = self.module.declare_anonymous_data(false, false)?;
        let mut data = DataDescription::new();
        let mut bytes = Vec::with_capacity(24);
        bytes.extend(value::header(0, kind::CLOSURE, 0).to_le_bytes());
        bytes.extend(0u64.to_le_bytes());
        bytes.extend((arity as u64).to_le_bytes());
        data.define(bytes.into_boxed_slice());
        data.set_align(8);
        let code = self.module.declare_func_in_data(code, &mut data);
        data.write_function_addr(value::offset::CODE as u32, code);
        self.module.define_data(id, &data)?;
        self.static_closures.insert(f, id);
        Ok(id)
    }

    /// A read-only array of pointers to STRING objects.
    fn string_table(&mut self, strings: &[Arc<str>]) -> Result<DataId, CodegenError> {
        let ids = strings.iter().map(|s| self.string(s)).collect::<Result<Vec<_>, _>>()?;
        let id = self.module.declare_anonymous_data(false, false)?;
        let mut data = DataDescription::new();
        // Never empty: some object formats dislike zero-sized data.
        data.define(vec![0u8; 8 * ids.len().max(1)].into_boxed_slice());
        data.set_align(8);
        for (i, s) in ids.into_iter().enumerate() {
            let gv = self.module.declare_data_in_data(s, &mut data);
            data.write_data_addr(8 * i as u32, gv, 0);
        }
        self.module.define_data(id, &data)?;
        Ok(id)
    }

    /// The constructor, atom and label tables and `ProgramInfo` (ABI.md).
    fn define_tables(&mut self, info: DataId, call_closure: FuncId) -> Result<(), CodegenError> {
        let program = self.program;
        let names: Vec<Arc<str>> = program.constructors.iter().map(|c| c.name.clone()).collect();
        let ctor_names = self.string_table(&names)?;
        let mut arities: Vec<u8> = program.constructors.iter().flat_map(|c| c.arity.to_le_bytes()).collect();
        arities.resize(arities.len().next_multiple_of(8).max(8), 0);
        let ctor_arities = self.static_data(arities)?;
        let labels = self.string_table(&program.labels)?;
        let atom_names = self.atoms.clone();
        let atoms = self.string_table(&atom_names)?;

        let process_ctors = match &program.process_ctors {
            Some(ctors) => {
                let ids = ctors.iter().map(|c| c.map_or(u32::MAX, |c| c.0));
                Some(self.static_data(ids.flat_map(u32::to_le_bytes).collect())?)
            }
            None => None,
        };

        let mut data = DataDescription::new();
        let words: [u64; 9] =
            [program.constructors.len() as u64, 0, 0, atom_names.len() as u64, 0, program.labels.len() as u64, 0, 0, 0];
        data.define(words.iter().flat_map(|w| w.to_le_bytes()).collect::<Vec<u8>>().into_boxed_slice());
        data.set_align(8);
        for (offset, table) in [(8, ctor_names), (16, ctor_arities), (32, atoms), (48, labels)] {
            let gv = self.module.declare_data_in_data(table, &mut data);
            data.write_data_addr(offset, gv, 0);
        }
        let shim = self.module.declare_func_in_data(call_closure, &mut data);
        data.write_function_addr(56, shim);
        // `process_ctors` stays null when the program has no `Control.Process`.
        if let Some(table) = process_ctors {
            let gv = self.module.declare_data_in_data(table, &mut data);
            data.write_data_addr(64, gv, 0);
        }
        self.module.define_data(info, &data)?;
        Ok(())
    }
}
