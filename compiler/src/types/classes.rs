//! Type classes: the class and instance environment, overlap checking, and constraint solving
//! that produces evidence — the dictionary each use of an overloaded name resolves to, which the
//! code generator passes (DESIGN.md decision 3: dictionary passing, specialised where known).
//!
//! Classes have one parameter. An instance head is a type constructor applied to distinct type
//! variables (`instance Show a => Show (Maybe a)`), as in Haskell 98, so at most one instance
//! matches a constraint whose type has a known head, and overlap is decided by the head alone.

use std::collections::HashMap;
use std::sync::Arc;

use super::ty::{Constraint, Kind, Type};
use super::unify::{Unifier, substitute_bound};
use crate::span::Span;

/// Where an instance comes from: its index in the environment.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct InstanceId(pub u32);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassInfo {
    pub name: Arc<str>,
    pub param_kind: Kind,
    /// `Eq` for `class Eq a => Ord a`, in declaration order: a dictionary of `Ord` holds one of
    /// each, at these positions.
    pub superclasses: Vec<Arc<str>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub class: Arc<str>,
    /// The head's type constructor: `Maybe` in `Show (Maybe a)`.
    pub head: Arc<str>,
    /// The number of type variables the head applies the constructor to (`Bound(0..arity)`).
    pub arity: u32,
    /// `Show a` in `instance Show a => Show (Maybe a)`, over the head's variables.
    pub context: Vec<Constraint>,
}

/// How a constraint is satisfied.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Evidence {
    /// An instance, applied to the evidence for its context.
    Instance(InstanceId, Vec<Evidence>),
    /// The `index`th dictionary that the binding named at `owner` receives (from its
    /// signature's or its inferred constraints).
    Param { owner: Span, index: u32 },
    /// The superclass at `index` of another dictionary: `Eq a` from `Ord a`.
    Super(Box<Evidence>, usize),
    /// The runtime's generic implementation of the class (`show`, `==`, `compare` by a value's
    /// shape), for a part of a received message whose type nothing fixes.
    Dynamic(Arc<str>),
    /// A constraint still being solved, by its slot in the checker's table; replaced by the
    /// slot's evidence before a module's elaboration is handed on.
    Slot(u32),
}

/// A constraint that a binding may assume (from its signature, or an instance's context) and
/// the dictionary that satisfies it.
pub type Given = (Constraint, Evidence);

/// Why a constraint could not be solved.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Unsolved {
    /// No instance for a type with a known head: `Show (Integer -> Integer)`.
    NoInstance(Constraint),
    /// The type is still an unknown variable: the constraint waits (or is ambiguous).
    Unknown(Constraint),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassEnv {
    classes: HashMap<Arc<str>, ClassInfo>,
    instances: Vec<Instance>,
    /// (class, head constructor) -> instance.
    by_head: HashMap<(Arc<str>, Arc<str>), InstanceId>,
}

impl ClassEnv {
    pub fn new() -> ClassEnv {
        ClassEnv::default()
    }

    pub fn add_class(&mut self, class: ClassInfo) {
        self.classes.insert(class.name.clone(), class);
    }

    pub fn class(&self, name: &str) -> Option<&ClassInfo> {
        self.classes.get(name)
    }

    pub fn instance(&self, id: InstanceId) -> &Instance {
        &self.instances[id.0 as usize]
    }

    /// Adds an instance; an instance for the same class and head constructor is an overlap,
    /// returned as the earlier instance's id.
    pub fn add_instance(&mut self, instance: Instance) -> Result<InstanceId, InstanceId> {
        let key = (instance.class.clone(), instance.head.clone());
        if let Some(&existing) = self.by_head.get(&key) {
            return Err(existing);
        }
        let id = InstanceId(self.instances.len() as u32);
        self.instances.push(instance);
        self.by_head.insert(key, id);
        Ok(id)
    }

    /// Solves `wanted` from the `given` constraints (superclasses included) and the instances.
    /// Types are read through `unifier`'s solutions. A constraint on a still-unknown type fails
    /// with [`Unsolved::Unknown`] at the top; inside an instance's context it is handed to
    /// `residual`, which returns the evidence that will stand for it (context reduction:
    /// `Show [t]` becomes `Show t`).
    pub fn entail(
        &self,
        unifier: &Unifier,
        given: &[Given],
        wanted: &Constraint,
        residual: &mut dyn FnMut(Constraint) -> Evidence,
    ) -> Result<Evidence, Unsolved> {
        self.entail_depth(unifier, given, wanted, residual, 0)
    }

    fn entail_depth(
        &self,
        u: &Unifier,
        given: &[Given],
        wanted: &Constraint,
        residual: &mut dyn FnMut(Constraint) -> Evidence,
        depth: usize,
    ) -> Result<Evidence, Unsolved> {
        let ty = u.zonk(&wanted.ty);
        let wanted = Constraint { class: wanted.class.clone(), ty };
        // Givens first: inside `f :: Ord a => …`, `Eq a` is the superclass of the given `Ord a`.
        for (g, evidence) in given {
            if let Some(path) = self.super_path(&g.class, &wanted.class)
                && u.zonk(&g.ty) == wanted.ty
            {
                return Ok(path.into_iter().fold(evidence.clone(), |e, index| Evidence::Super(Box::new(e), index)));
            }
        }
        // Instance contexts only shrink types, so this bounds runaway recursion on bad input.
        if depth > 64 {
            return Err(Unsolved::NoInstance(wanted));
        }
        let (head, args) = wanted.ty.spine();
        let head_name: Arc<str> = match head {
            Type::Con(c) => c.clone(),
            Type::Fun(..) => "->".into(),
            Type::Record(_) => "Record".into(),
            Type::Meta(_) if depth == 0 => return Err(Unsolved::Unknown(wanted.clone())),
            Type::Meta(_) => return Ok(residual(wanted)),
            _ => return Err(Unsolved::NoInstance(wanted.clone())),
        };
        let args: Vec<Type> = match head {
            Type::Fun(a, b) => vec![(**a).clone(), (**b).clone()],
            _ => args.into_iter().cloned().collect(),
        };
        let Some(&id) = self.by_head.get(&(wanted.class.clone(), head_name)) else {
            return Err(Unsolved::NoInstance(wanted));
        };
        let instance = self.instance(id);
        if args.len() != instance.arity as usize {
            return Err(Unsolved::NoInstance(wanted));
        }
        let mut evidence = Vec::with_capacity(instance.context.len());
        for c in &instance.context {
            let needed = Constraint { class: c.class.clone(), ty: substitute_bound(&c.ty, &args) };
            evidence.push(self.entail_depth(u, given, &needed, residual, depth + 1)?);
        }
        Ok(Evidence::Instance(id, evidence))
    }

    /// The superclass indices leading from `from` to `to` (empty when equal), if `to` is
    /// `from` or one of its superclasses.
    pub fn super_path(&self, from: &str, to: &str) -> Option<Vec<usize>> {
        if from == to {
            return Some(Vec::new());
        }
        let class = self.classes.get(from)?;
        for (i, sup) in class.superclasses.iter().enumerate() {
            if let Some(mut rest) = self.super_path(sup, to) {
                rest.insert(0, i);
                return Some(rest);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
