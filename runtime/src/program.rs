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
}

/// The tables in Rust form.
#[derive(Debug)]
pub struct Tables {
    pub ctor_names: Vec<String>,
    pub ctor_arities: Vec<u32>,
    pub labels: Vec<String>,
    pub call_closure: Option<CallClosure>,
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
    };
    install(tables, strings(info.atoms, info.atom_count));
}

/// One table for every unit test in the crate (tests share the process, so they share it).
#[cfg(test)]
pub(crate) fn test_tables() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ctors: [(&str, u32); 11] = [
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
        ];
        let tables = Tables {
            ctor_names: ctors.iter().map(|c| c.0.to_string()).collect(),
            ctor_arities: ctors.iter().map(|c| c.1).collect(),
            labels: vec!["name".into(), "age".into()],
            call_closure: Some(test_call_closure),
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
}
