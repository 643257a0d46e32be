//! What a checked module tells the modules that import it: the types of its values and
//! constructors, its type constructors and synonyms, its classes and its instances.
//!
//! Invariant: nothing here holds a span, so a module's [`ModuleTypes`] compares equal across
//! edits that only move text or change function bodies without changing types; the database
//! relies on that to leave importers unchecked.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::classes::{ClassInfo, Instance};
use super::ty::{Kind, Scheme, Type};
use crate::resolve::Def;

/// A checked module's interface.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModuleTypes {
    /// Functions, foreign imports and class methods.
    pub values: BTreeMap<String, Scheme>,
    pub constructors: BTreeMap<String, CtorDef>,
    /// Data types, newtypes and synonyms.
    pub types: BTreeMap<String, TypeDef>,
    pub classes: BTreeMap<String, ClassDef>,
    /// The instances this module declares or derives. Instances are global: a module sees
    /// those of every module it imports, directly or not.
    pub instances: Vec<Instance>,
    /// Operators declared with `infixl 6 add as +`: the operator and what it aliases.
    pub aliases: BTreeMap<String, Def>,
}

/// A data constructor.
#[derive(Clone, Debug, PartialEq)]
pub struct CtorDef {
    /// `forall a. a -> Maybe a`
    pub scheme: Scheme,
    /// The full name of its type: `Prelude.Maybe`.
    pub ty: Arc<str>,
    /// Its position among its type's constructors.
    pub index: u32,
    pub arity: u32,
}

/// A type constructor or synonym.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// `Prelude.Maybe`.
    pub full: Arc<str>,
    pub kind: Kind,
    /// The constructors of a data type or newtype, in declaration order; empty for synonyms.
    pub constructors: Vec<String>,
    pub synonym: Option<Arc<Synonym>>,
}

/// `type Pair a = (a, a)`: the body over `Bound(0..params)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Synonym {
    pub params: u32,
    pub body: Type,
}

/// A class: its place in the hierarchy, its methods and which have defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub info: ClassInfo,
    /// Each method's scheme: the class variable is `Bound(0)` and the class constraint comes
    /// first (`show :: forall a. Show a => a -> String`).
    pub methods: Vec<(String, Scheme)>,
    /// The methods with a default definition in the class.
    pub defaults: Vec<String>,
}

/// What a type name in a written type stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeName {
    /// A type constructor, by its full name.
    Con(Arc<str>),
    Synonym(Arc<str>, Arc<Synonym>),
}

impl ModuleTypes {
    pub fn type_name(&self, name: &str) -> Option<TypeName> {
        let def = self.types.get(name)?;
        Some(match &def.synonym {
            Some(s) => TypeName::Synonym(def.full.clone(), s.clone()),
            None => TypeName::Con(def.full.clone()),
        })
    }
}

/// The full name of a type or class defined at `def`: built-in types keep their bare name.
pub fn full_name(def: &Def) -> Arc<str> {
    if def.module == crate::resolve::PRIM {
        def.name.as_str().into()
    } else {
        format!("{}.{}", def.module, def.name).into()
    }
}
