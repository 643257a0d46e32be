//! The built-in types (PureScript's `Prim`; see `stdlib/Prim.md`): no Mote source defines
//! them, every module sees them without an import. Name resolution and the type checker both
//! read their names from here.

pub const INTEGER: &str = "Integer";
pub const FLOAT: &str = "Float";
pub const CHAR: &str = "Char";
pub const STRING: &str = "String";
pub const ATOM: &str = "Atom";
pub const BOOLEAN: &str = "Boolean";
pub const BINARY: &str = "Binary";
pub const UNIT: &str = "Unit";
pub const LIST: &str = "List";
pub const MAP: &str = "Map";
pub const IO: &str = "IO";
pub const PID: &str = "Pid";
pub const REF: &str = "Ref";

/// The constructor of n-tuples: `Tuple2`, `Tuple3`, …
pub fn tuple(n: usize) -> String {
    format!("Tuple{n}")
}

/// Every built-in type constructor except the tuples.
pub const TYPES: &[&str] = &[INTEGER, FLOAT, CHAR, STRING, ATOM, BOOLEAN, BINARY, UNIT, LIST, MAP, IO, PID, REF];
