//! Unification: solving meta variables, rows included, with levels for generalisation.
//!
//! Levels (Rémy's, as in OCaml): every meta variable records the `let` depth at which it was
//! created. Binding a variable lowers the levels of the variables in its solution to its own, so
//! after checking a binding at depth `d`, exactly the variables still above `d` are local to it
//! and may be generalised. No scan of the environment is needed.

use std::sync::Arc;

use super::ty::{Constraint, Kind, MetaVar, Scheme, Type};

/// Why two types do not unify. The types are as far as unification got, not zonked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnifyError {
    /// Different constructors (or a rigid variable against anything else).
    Mismatch(Type, Type),
    /// Binding the variable would make the type contain itself: `a ~ [a]`.
    Infinite(MetaVar, Type),
    /// A closed row lacks a field the other side has.
    MissingField(Arc<str>),
}

#[derive(Clone, Debug)]
struct VarInfo {
    solution: Option<Type>,
    level: u32,
    kind: Kind,
}

/// The store of meta variables and their solutions.
#[derive(Clone, Debug, Default)]
pub struct Unifier {
    vars: Vec<VarInfo>,
}

impl Unifier {
    pub fn new() -> Unifier {
        Unifier::default()
    }

    pub fn fresh(&mut self, level: u32, kind: Kind) -> Type {
        let v = MetaVar(self.vars.len() as u32);
        self.vars.push(VarInfo { solution: None, level, kind });
        Type::Meta(v)
    }

    pub fn level(&self, v: MetaVar) -> u32 {
        self.vars[v.0 as usize].level
    }

    pub fn kind(&self, v: MetaVar) -> &Kind {
        &self.vars[v.0 as usize].kind
    }

    pub fn solution(&self, v: MetaVar) -> Option<&Type> {
        self.vars[v.0 as usize].solution.as_ref()
    }

    /// Follows solutions at the root of `t` only.
    pub fn shallow(&self, t: &Type) -> Type {
        let mut t = t.clone();
        while let Type::Meta(v) = t {
            match self.solution(v) {
                Some(s) => t = s.clone(),
                None => break,
            }
        }
        t
    }

    /// Applies every solution, all the way down.
    pub fn zonk(&self, t: &Type) -> Type {
        t.replace(&mut |node| match node {
            Type::Meta(v) => self.solution(*v).map(|s| self.zonk(s)),
            _ => None,
        })
    }

    pub fn unify(&mut self, a: &Type, b: &Type) -> Result<(), UnifyError> {
        let a = self.shallow(a);
        let b = self.shallow(b);
        match (&a, &b) {
            (Type::Meta(x), Type::Meta(y)) if x == y => Ok(()),
            (Type::Meta(v), other) | (other, Type::Meta(v)) => self.bind(*v, other),
            (Type::Con(x), Type::Con(y)) if x == y => Ok(()),
            (Type::Rigid(x, _), Type::Rigid(y, _)) if x == y => Ok(()),
            (Type::Bound(x), Type::Bound(y)) if x == y => Ok(()),
            (Type::App(f1, a1), Type::App(f2, a2)) | (Type::Fun(f1, a1), Type::Fun(f2, a2)) => {
                self.unify(f1, f2)?;
                self.unify(a1, a2)
            }
            (Type::Record(r1), Type::Record(r2)) => self.unify(r1, r2),
            (Type::RowEmpty, Type::RowEmpty) => Ok(()),
            (Type::RowExtend(label, field, rest), other) | (other, Type::RowExtend(label, field, rest))
                if matches!(other, Type::RowExtend(..) | Type::RowEmpty | Type::Rigid(..)) =>
            {
                self.unify_row(label, field, rest, other)
            }
            _ => Err(UnifyError::Mismatch(a, b)),
        }
    }

    /// `( label :: field | rest ) ~ other`: find `label` in `other`, unify the fields, then the
    /// remainders.
    fn unify_row(&mut self, label: &Arc<str>, field: &Type, rest: &Type, other: &Type) -> Result<(), UnifyError> {
        let tail_before = self.row_tail(rest);
        let (other_field, other_rest) = self.extract(other, label)?;
        // Leijen's side condition: if extracting the label solved our own tail, the row would
        // have to contain itself (`r ~ ( l :: t | r )`).
        if let Some(v) = tail_before
            && self.solution(v).is_some()
        {
            return Err(UnifyError::Infinite(v, self.zonk(other)));
        }
        self.unify(field, &other_field)?;
        self.unify(rest, &other_rest)
    }

    /// `row` with `label` taken out: (its type, the rest of the row). An open tail grows to
    /// hold the label.
    fn extract(&mut self, row: &Type, label: &Arc<str>) -> Result<(Type, Type), UnifyError> {
        match self.shallow(row) {
            Type::RowExtend(l, field, rest) if l == *label => Ok(((*field).clone(), (*rest).clone())),
            Type::RowExtend(l, field, rest) => {
                let (found, remainder) = self.extract(&rest, label)?;
                Ok((found, Type::RowExtend(l, field, Arc::new(remainder))))
            }
            Type::Meta(v) => {
                let level = self.level(v);
                let found = self.fresh(level, Kind::Type);
                let remainder = self.fresh(level, Kind::Row);
                let extended = Type::RowExtend(label.clone(), Arc::new(found.clone()), Arc::new(remainder.clone()));
                self.bind(v, &extended)?;
                Ok((found, remainder))
            }
            _ => Err(UnifyError::MissingField(label.clone())),
        }
    }

    /// The unsolved variable that ends a row, if it is open.
    fn row_tail(&self, row: &Type) -> Option<MetaVar> {
        match self.shallow(row) {
            Type::RowExtend(_, _, rest) => self.row_tail(&rest),
            Type::Meta(v) => Some(v),
            _ => None,
        }
    }

    fn bind(&mut self, v: MetaVar, t: &Type) -> Result<(), UnifyError> {
        let t = self.zonk(t);
        if t.mentions(v) {
            return Err(UnifyError::Infinite(v, t));
        }
        let level = self.level(v);
        self.lower_levels(&t, level);
        self.vars[v.0 as usize].solution = Some(t);
        Ok(())
    }

    /// After `v := t`, the variables of `t` live as long as `v` does. (`t` is zonked, so its
    /// variables are all unsolved.)
    fn lower_levels(&mut self, t: &Type, level: u32) {
        t.walk(&mut |node| {
            if let Type::Meta(v) = node {
                let info = &mut self.vars[v.0 as usize];
                info.level = info.level.min(level);
            }
        });
    }

    /// Quantifies the variables of `ty` created deeper than `level`. Constraints that mention
    /// only such variables move into the scheme; the others are returned, to be solved or
    /// deferred by the enclosing binding.
    pub fn generalise(&mut self, level: u32, ty: &Type, constraints: Vec<Constraint>) -> (Scheme, Vec<Constraint>) {
        let g = self.generalise_with(level, ty, constraints);
        (g.scheme, g.deferred)
    }

    /// [`generalise`](Self::generalise), also saying which variables became which bound
    /// variables, so the caller can tell which of its constraints the scheme's are.
    pub fn generalise_with(&mut self, level: u32, ty: &Type, constraints: Vec<Constraint>) -> Generalised {
        let ty = self.zonk(ty);
        let mut quantified: Vec<MetaVar> = Vec::new();
        self.collect_generalisable(&ty, level, &mut quantified);
        let mut kept = Vec::new();
        let mut deferred = Vec::new();
        for c in constraints {
            let cty = self.zonk(&c.ty);
            let mut vars = Vec::new();
            self.collect_generalisable(&cty, level, &mut vars);
            if !vars.is_empty() && vars.iter().all(|v| quantified.contains(v)) {
                kept.push(Constraint { class: c.class, ty: cty });
            } else {
                deferred.push(Constraint { class: c.class, ty: cty });
            }
        }
        let kinds: Vec<Kind> = quantified.iter().map(|v| self.kind(*v).clone()).collect();
        let replace = |t: &Type| replace_metas(t, &quantified);
        let mut constraints: Vec<Constraint> =
            kept.iter().map(|c| Constraint { class: c.class.clone(), ty: replace(&c.ty) }).collect();
        sort_constraints(&mut constraints);
        Generalised { scheme: Scheme { kinds, constraints, ty: replace(&ty) }, deferred, quantified }
    }

    /// The unsolved variables of `t` (zonked) created deeper than `level`, in order of appearance.
    fn collect_generalisable(&self, t: &Type, level: u32, out: &mut Vec<MetaVar>) {
        t.walk(&mut |node| {
            if let Type::Meta(v) = node
                && self.level(*v) > level
                && !out.contains(v)
            {
                out.push(*v);
            }
        });
    }

    /// A fresh copy of the scheme's type at `level`, with its constraints.
    pub fn instantiate(&mut self, scheme: &Scheme, level: u32) -> (Type, Vec<Constraint>) {
        let fresh: Vec<Type> = scheme.kinds.iter().map(|k| self.fresh(level, k.clone())).collect();
        let ty = substitute_bound(&scheme.ty, &fresh);
        let constraints = scheme
            .constraints
            .iter()
            .map(|c| Constraint { class: c.class.clone(), ty: substitute_bound(&c.ty, &fresh) })
            .collect();
        (ty, constraints)
    }
}

/// The outcome of [`Unifier::generalise_with`].
#[derive(Debug)]
pub struct Generalised {
    pub scheme: Scheme,
    pub deferred: Vec<Constraint>,
    /// The meta variable that became `Bound(i)`, at index `i`.
    pub quantified: Vec<MetaVar>,
}

/// Puts a scheme's constraints in their canonical order, without repeats: by the first bound
/// variable they mention (the order the variables appear in the type), then by class name.
/// Dictionary parameters follow this order.
pub fn sort_constraints(constraints: &mut Vec<Constraint>) {
    let key = |c: &Constraint| {
        let mut first = u32::MAX;
        c.ty.walk(&mut |t| {
            if let Type::Bound(i) = t {
                first = first.min(*i);
            }
        });
        let short = c.class.rsplit_once('.').map_or(&*c.class, |(_, n)| n).to_string();
        (first, short, format!("{:?}", c.ty))
    };
    constraints.sort_by_cached_key(key);
    constraints.dedup();
}

/// Replaces each listed meta variable by the bound variable of its index.
pub fn replace_metas(t: &Type, vars: &[MetaVar]) -> Type {
    t.replace(&mut |node| match node {
        Type::Meta(v) => vars.iter().position(|x| x == v).map(|i| Type::Bound(i as u32)),
        _ => None,
    })
}

/// Replaces `Bound(i)` by `with[i]`.
pub fn substitute_bound(t: &Type, with: &[Type]) -> Type {
    t.replace(&mut |node| match node {
        Type::Bound(i) => with.get(*i as usize).cloned(),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
