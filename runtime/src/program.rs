//! The program's tables (constructors, atoms, record labels), given once by generated code
//! through `mote_rt_init` and readable from any thread.
//!
//! The tables sit behind an `AtomicPtr`: a later `mote_rt_init` (the REPL loads a new program)
//! replaces them, and the old tables are leaked so a reader on another thread never sees freed
//! memory. Constructor ids 0–4 are the reserved ones of ABI.md whatever the table says.

use std::sync::atomic::{AtomicPtr, Ordering};

use crate::error::crash;
use crate::value::{CONS_ID, str_of};

/// The shim that applies a closure to one argument (ABI.md): consumes both.
pub type CallClosure = extern "C" fn(closure: u64, arg: u64) -> u64;

/// What generated code tells the runtime at start-up (ABI.md, "Runtime services").
#[repr(C)]
#[derive(Debug)]
pub struct ProgramInfo {
    pub ctor_count: u64,
    /// STRING values, indexed by constructor id (entries 0–4 are the reserved constructors).
    pub ctor_names: *const u64,
    pub ctor_arities: *const u32,
    pub atom_count: u64,
    /// STRING values: atom `i` is `atoms[i]`.
    pub atoms: *const u64,
    pub label_count: u64,
    /// STRING values: label id `i` is `labels[i]`.
    pub labels: *const u64,
    pub call_closure: Option<CallClosure>,
    /// The constructor ids of the messages the runtime builds (ABI.md, "The runtime's
    /// messages"): 8 entries, or null.
    pub process_ctors: *const u32,
}

/// The constructor ids of `Control.Process`'s `Down`, `Exit` and `ExitReason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessCtors {
    pub down: u16,
    pub exit: u16,
    pub normal: u16,
    pub shutdown: u16,
    pub killed: u16,
    pub exited: u16,
    pub crashed: u16,
    pub no_proc: u16,
}

/// The tables in Rust form.
#[derive(Debug)]
pub struct Tables {
    pub ctor_names: Vec<String>,
    pub ctor_arities: Vec<u32>,
    pub labels: Vec<String>,
    pub call_closure: Option<CallClosure>,
    pub process_ctors: Option<ProcessCtors>,
}

static TABLES: AtomicPtr<Tables> = AtomicPtr::new(std::ptr::null_mut());

const RESERVED_NAMES: [&str; 5] = ["()", "false", "true", "[]", ":"];

/// The current tables, if `mote_rt_init` has run.
pub fn tables() -> Option<&'static Tables> {
    let p = TABLES.load(Ordering::Acquire);
    // SAFETY: a non-null pointer here came from `Box::leak` in `install` and is never freed.
    unsafe { p.as_ref() }
}

/// Installs the tables (and resets the atom table to `atoms`).
pub fn install(tables: Tables, atoms: Vec<String>) {
    crate::atom::reset(atoms);
    let p = Box::leak(Box::new(tables));
    TABLES.store(p, Ordering::Release);
}

/// The number of fields of a boxed constructor.
#[inline]
pub fn arity(id: u16) -> u32 {
    if id == CONS_ID {
        return 2;
    }
    match tables().and_then(|t| t.ctor_arities.get(id as usize)) {
        Some(&a) => a,
        None => crash(&format!("unknown constructor id {id}")),
    }
}

/// The source name of a constructor.
pub fn ctor_name(id: u16) -> String {
    if let Some(name) = RESERVED_NAMES.get(id as usize) {
        return (*name).to_string();
    }
    match tables().and_then(|t| t.ctor_names.get(id as usize)) {
        Some(name) => name.clone(),
        None => format!("<constructor {id}>"),
    }
}

/// The name of a record label.
pub fn label_name(label: u64) -> String {
    match tables().and_then(|t| t.labels.get(label as usize)) {
        Some(name) => name.clone(),
        None => format!("<label {label}>"),
    }
}

/// The constructor ids of the runtime's messages; crashes when the program has none (it then
/// uses no process primitive that needs them).
pub fn process_ctors() -> ProcessCtors {
    match tables().and_then(|t| t.process_ctors) {
        Some(ids) => ids,
        None => crash("internal error: the program does not define Control.Process's messages"),
    }
}

fn read_process_ctors(p: *const u32) -> Option<ProcessCtors> {
    if p.is_null() {
        return None;
    }
    // SAFETY: a non-null `process_ctors` points to 8 entries (ABI.md).
    let ids = unsafe { std::slice::from_raw_parts(p, 8) };
    let id = |i: usize| u16::try_from(ids[i]).ok();
    Some(ProcessCtors {
        down: id(0)?,
        exit: id(1)?,
        normal: id(2)?,
        shutdown: id(3)?,
        killed: id(4)?,
        exited: id(5)?,
        crashed: id(6)?,
        no_proc: id(7)?,
    })
}

/// Applies a closure to one argument through the generated shim; consumes both.
pub fn call_closure(closure: u64, arg: u64) -> u64 {
    match tables().and_then(|t| t.call_closure) {
        Some(call) => call(closure, arg),
        None => crash("runtime not initialised: no closure shim"),
    }
}

fn strings(ptr: *const u64, count: u64) -> Vec<String> {
    if count == 0 || ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: ProgramInfo promises `count` STRING values at `ptr` (ABI.md).
    let words = unsafe { std::slice::from_raw_parts(ptr, count as usize) };
    words.iter().map(|&w| str_of(w).to_string()).collect()
}

/// `mote_rt_init`: stores the program's tables; called before anything else.
///
/// # Safety
/// `info` points to a valid `ProgramInfo` whose arrays have the lengths it states.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mote_rt_init(info: *const ProgramInfo) {
    // SAFETY: the caller passes a valid ProgramInfo (ABI.md).
    let info = unsafe { &*info };
    let arities = if info.ctor_count == 0 || info.ctor_arities.is_null() {
        Vec::new()
    } else {
        // SAFETY: `ctor_count` arities at `ctor_arities` (ABI.md).
        unsafe { std::slice::from_raw_parts(info.ctor_arities, info.ctor_count as usize) }.to_vec()
    };
    let tables = Tables {
        ctor_names: strings(info.ctor_names, info.ctor_count),
        ctor_arities: arities,
        labels: strings(info.labels, info.label_count),
        call_closure: info.call_closure,
        process_ctors: read_process_ctors(info.process_ctors),
    };
    install(tables, strings(info.atoms, info.atom_count));
}

/// One table for every unit test in the crate (tests share the process, so they share it).
#[cfg(test)]
pub(crate) fn test_tables() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ctors: [(&str, u32); 19] = [
            ("()", 0),
            ("false", 0),
            ("true", 0),
            ("[]", 0),
            (":", 2),
            ("Nothing", 0),
            ("Just", 1),
            ("Leaf", 0),
            ("Node", 3),
            ("Pair", 2),
            ("Box", 1),
            ("Down", 3),
            ("Exit", 2),
            ("Normal", 0),
            ("Shutdown", 0),
            ("Killed", 0),
            ("Exited", 1),
            ("Crashed", 1),
            ("NoProc", 0),
        ];
        let tables = Tables {
            ctor_names: ctors.iter().map(|c| c.0.to_string()).collect(),
            ctor_arities: ctors.iter().map(|c| c.1).collect(),
            labels: vec!["name".into(), "age".into()],
            call_closure: Some(test_call_closure),
            process_ctors: Some(test_ids::PROCESS),
        };
        install(tables, vec!["ok".into(), "error".into(), "node@host".into()]);
    });
}

/// A stand-in for the generated shim: a "closure" in tests is a CLOSURE object whose code
/// pointer is an `extern "C" fn(closure, arg) -> u64`.
#[cfg(test)]
extern "C" fn test_call_closure(closure: u64, arg: u64) -> u64 {
    let code = crate::value::word(closure, 0);
    // SAFETY: test closures store such a function pointer as their code word.
    let f: extern "C" fn(u64, u64) -> u64 = unsafe { std::mem::transmute(code as usize) };
    let r = f(closure, arg);
    crate::value::drop_value(closure);
    r
}

/// Test constructor ids (see `test_tables`).
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod test_ids {
    pub const NOTHING: u16 = 5;
    pub const JUST: u16 = 6;
    pub const LEAF: u16 = 7;
    pub const NODE: u16 = 8;
    pub const PAIR: u16 = 9;
    pub const BOX: u16 = 10;
    pub const PROCESS: super::ProcessCtors = super::ProcessCtors {
        down: 11,
        exit: 12,
        normal: 13,
        shutdown: 14,
        killed: 15,
        exited: 16,
        crashed: 17,
        no_proc: 18,
    };
}
