//! Core: the explicit intermediate language between the checked program and code generation
//! (see [`ir`] for its invariants).

pub mod ir;
