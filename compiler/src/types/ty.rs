//! The checker's types, kinds, constraints and schemes.
//!
//! One `Type` represents ordinary types and rows alike (rows have kind `Row`), as in PureScript
//! and Leijen's "Extensible records with scoped labels": a record type is `Record` applied to a
//! row, and a row is a chain of `RowExtend` ending in `RowEmpty` (closed) or a variable (open).
//! Subtrees are shared (`Arc`, so checked modules can live in the salsa database), since substitution and instantiation copy types constantly.

use std::fmt;
use std::sync::Arc;

/// A unification variable, solved by the [`Unifier`](super::unify::Unifier).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct MetaVar(pub u32);

/// Kinds: `Type`, `Row`, `k1 -> k2`, and kind variables during kind inference.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Kind {
    Type,
    Row,
    Arrow(Arc<Kind>, Arc<Kind>),
    Var(u32),
}

impl Kind {
    pub fn arrow(from: Kind, to: Kind) -> Kind {
        Kind::Arrow(Arc::new(from), Arc::new(to))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Type => f.write_str("Type"),
            Kind::Row => f.write_str("Row"),
            Kind::Var(v) => write!(f, "k{v}"),
            Kind::Arrow(a, b) => match **a {
                Kind::Arrow(..) => write!(f, "({a}) -> {b}"),
                _ => write!(f, "{a} -> {b}"),
            },
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Type {
    /// A unification variable.
    Meta(MetaVar),
    /// A type variable bound by a scheme, numbered from 0; only inside a [`Scheme`].
    Bound(u32),
    /// A rigid (skolem) variable: the `a` of a signature while its binding is checked. The
    /// name is the user's, for messages.
    Rigid(u32, Arc<str>),
    /// A type constructor by its full name: `Integer`, `Data.Maybe.Maybe`, `List`, `Tuple2`.
    Con(Arc<str>),
    App(Arc<Type>, Arc<Type>),
    Fun(Arc<Type>, Arc<Type>),
    /// `Record` applied to a row.
    Record(Arc<Type>),
    RowEmpty,
    /// `( label :: field | rest )`
    RowExtend(Arc<str>, Arc<Type>, Arc<Type>),
}

pub use crate::prim;

/// The name of [`Type::unresolved`]: not a name a program can write.
const UNRESOLVED: &str = "?";

impl Type {
    pub fn con(name: &str) -> Type {
        Type::Con(name.into())
    }

    /// Stands for a written type that did not resolve (already reported) where no unification
    /// variable can: in schemes and declarations. Inference treats it as poisoned.
    pub fn unresolved() -> Type {
        Type::Con(UNRESOLVED.into())
    }

    pub fn is_unresolved(&self) -> bool {
        matches!(self, Type::Con(c) if &**c == UNRESOLVED)
    }

    pub fn app(f: Type, a: Type) -> Type {
        Type::App(Arc::new(f), Arc::new(a))
    }

    /// `f a b …`
    pub fn apply(f: Type, args: impl IntoIterator<Item = Type>) -> Type {
        args.into_iter().fold(f, Type::app)
    }

    pub fn fun(a: Type, b: Type) -> Type {
        Type::Fun(Arc::new(a), Arc::new(b))
    }

    /// `a -> b -> … -> result`
    pub fn funs(args: impl IntoIterator<Item = Type, IntoIter: DoubleEndedIterator>, result: Type) -> Type {
        args.into_iter().rev().fold(result, |acc, a| Type::fun(a, acc))
    }

    pub fn list(elem: Type) -> Type {
        Type::app(Type::con(prim::LIST), elem)
    }

    pub fn tuple(items: Vec<Type>) -> Type {
        if items.is_empty() {
            return Type::con(prim::UNIT);
        }
        let con = Type::Con(prim::tuple(items.len()).into());
        Type::apply(con, items)
    }

    pub fn record(row: Type) -> Type {
        Type::Record(Arc::new(row))
    }

    /// A row from fields and a tail (`RowEmpty` for a closed row).
    pub fn row(fields: impl IntoIterator<Item = (Arc<str>, Type), IntoIter: DoubleEndedIterator>, tail: Type) -> Type {
        fields.into_iter().rev().fold(tail, |rest, (label, ty)| Type::RowExtend(label, Arc::new(ty), Arc::new(rest)))
    }

    /// The head constructor and arguments of an application spine: `Map k v` gives
    /// (`Map`, [k, v]).
    pub fn spine(&self) -> (&Type, Vec<&Type>) {
        let mut args = Vec::new();
        let mut head = self;
        while let Type::App(f, a) = head {
            args.push(&**a);
            head = f;
        }
        args.reverse();
        (head, args)
    }

    /// Whether the meta variable occurs anywhere in the type (without following solutions).
    pub fn mentions(&self, v: MetaVar) -> bool {
        let mut found = false;
        self.walk(&mut |t| found |= *t == Type::Meta(v));
        found
    }

    /// Calls `f` on every node, parents before children.
    pub fn walk(&self, f: &mut impl FnMut(&Type)) {
        f(self);
        match self {
            Type::Meta(_) | Type::Bound(_) | Type::Rigid(..) | Type::Con(_) | Type::RowEmpty => {}
            Type::App(a, b) | Type::Fun(a, b) | Type::RowExtend(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Type::Record(r) => r.walk(f),
        }
    }

    /// A copy with every node for which `f` gives a replacement replaced (and not descended
    /// into); the rest of the tree is rebuilt around the replacements.
    pub fn replace(&self, f: &mut impl FnMut(&Type) -> Option<Type>) -> Type {
        if let Some(t) = f(self) {
            return t;
        }
        match self {
            Type::Meta(_) | Type::Bound(_) | Type::Rigid(..) | Type::Con(_) | Type::RowEmpty => self.clone(),
            Type::App(a, b) => Type::App(Arc::new(a.replace(f)), Arc::new(b.replace(f))),
            Type::Fun(a, b) => Type::Fun(Arc::new(a.replace(f)), Arc::new(b.replace(f))),
            Type::Record(r) => Type::Record(Arc::new(r.replace(f))),
            Type::RowExtend(l, t, r) => Type::RowExtend(l.clone(), Arc::new(t.replace(f)), Arc::new(r.replace(f))),
        }
    }
}

/// A class constraint on a type: `Show a`. Classes take one parameter (DESIGN.md decision 3).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Constraint {
    pub class: Arc<str>,
    pub ty: Type,
}

/// A type scheme: `forall vars. constraints => ty`, the bound variables appearing as
/// `Type::Bound(i)` with `kinds[i]`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Scheme {
    pub kinds: Vec<Kind>,
    pub constraints: Vec<Constraint>,
    pub ty: Type,
}

impl Scheme {
    /// A type with no quantified variables.
    pub fn mono(ty: Type) -> Scheme {
        Scheme { kinds: Vec::new(), constraints: Vec::new(), ty }
    }
}
