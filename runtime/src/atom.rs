//! The atom table: atom `i` is the word `(i << 3) | 0b010`. Numbers `0..n` are the program's
//! atoms (from `ProgramInfo`, in order); the runtime interns new ones after them. The table is
//! shared by every thread behind a read-write lock; atoms are never freed (as on the BEAM).

#![allow(non_snake_case)]

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::error::crash;
use crate::value::{atom, atom_index, bool_word, is_atom, make_string};

#[derive(Default)]
struct AtomTable {
    names: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u64>,
}

static TABLE: RwLock<Option<AtomTable>> = RwLock::new(None);

fn with_table<R>(f: impl FnOnce(&mut AtomTable) -> R) -> R {
    let mut guard = TABLE.write().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(AtomTable::default))
}

/// Replaces the table by the program's atoms (`mote_rt_init`).
pub fn reset(names: Vec<String>) {
    with_table(|t| {
        *t = AtomTable::default();
        for name in names {
            let name: Arc<str> = name.into();
            let i = t.names.len() as u64;
            t.names.push(name.clone());
            t.index.entry(name).or_insert(i);
        }
    });
}

/// The atom with this name, added to the table if new.
pub fn intern(name: &str) -> u64 {
    if let Some(&i) = TABLE.read().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(|t| t.index.get(name)) {
        return atom(i);
    }
    with_table(|t| {
        if let Some(&i) = t.index.get(name) {
            return atom(i);
        }
        let i = t.names.len() as u64;
        let name: Arc<str> = name.into();
        t.names.push(name.clone());
        t.index.insert(name, i);
        atom(i)
    })
}

/// The name of an atom.
pub fn name(v: u64) -> Arc<str> {
    if !is_atom(v) {
        crash("bad argument: expected an Atom");
    }
    let guard = TABLE.read().unwrap_or_else(|e| e.into_inner());
    match guard.as_ref().and_then(|t| t.names.get(atom_index(v) as usize)) {
        Some(n) => n.clone(),
        None => crash(&format!("unknown atom {}", atom_index(v))),
    }
}

/// Atoms ordered by name, as `stringLt`.
pub fn atom_cmp(a: u64, b: u64) -> Ordering {
    if a == b { Ordering::Equal } else { name(a).as_bytes().cmp(name(b).as_bytes()) }
}

/// An atom literal: `:ok`, or `:"node@host"` when the name is not `[a-z][A-Za-z0-9_']*`.
pub fn show_atom(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '\'');
    if plain { format!(":{name}") } else { format!(":{}", crate::string::show_string(name)) }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_atomEq(a: u64, b: u64) -> u64 {
    bool_word(atom_cmp(a, b) == Ordering::Equal)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_atomLt(a: u64, b: u64) -> u64 {
    bool_word(atom_cmp(a, b) == Ordering::Less)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_atomLe(a: u64, b: u64) -> u64 {
    bool_word(atom_cmp(a, b) != Ordering::Greater)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_atomGt(a: u64, b: u64) -> u64 {
    bool_word(atom_cmp(a, b) == Ordering::Greater)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_atomGe(a: u64, b: u64) -> u64 {
    bool_word(atom_cmp(a, b) != Ordering::Less)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_showAtom(a: u64) -> u64 {
    make_string(&show_atom(&name(a)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{FALSE, TRUE};

    #[test]
    fn program_atoms_then_interned_ones() {
        crate::program::test_tables();
        assert_eq!(intern("ok"), atom(0));
        assert_eq!(intern("node@host"), atom(2));
        let fresh = intern("fresh_atom_for_test");
        assert!(atom_index(fresh) >= 3);
        assert_eq!(intern("fresh_atom_for_test"), fresh);
        assert_eq!(&*name(fresh), "fresh_atom_for_test");
        assert_eq!(mote_atomLt(atom(1), atom(0)), TRUE); // "error" < "ok"
        assert_eq!(mote_atomEq(atom(1), atom(0)), FALSE);
    }

    #[test]
    fn show_atoms() {
        assert_eq!(show_atom("ok"), ":ok");
        assert_eq!(show_atom("don't_9"), ":don't_9");
        assert_eq!(show_atom("node@host"), ":\"node@host\"");
        assert_eq!(show_atom("Ok"), ":\"Ok\"");
        assert_eq!(show_atom(""), ":\"\"");
    }
}
