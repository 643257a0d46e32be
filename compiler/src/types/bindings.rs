//! Binding groups: the equations of functions and pattern bindings, at the top of a module or
//! in a `let`, `where` or guard.
//!
//! Bindings are split into strongly connected groups by what they refer to (Haskell 2010
//! §4.5.1), a reference to a binding with a signature not counting, and checked in dependency
//! order, so each group is generalised before its users see it. A group without signatures is
//! inferred monomorphically and generalised together; a binding with a signature is checked
//! against it, its type variables rigid and its constraints given.

use std::collections::HashMap;

use super::classes::{Evidence, Given};
use super::infer::{Infer, Wanted};
use super::ty::{Constraint, Scheme, Type};
use super::unify::{replace_metas, substitute_bound};
use crate::diagnostics::{Code, Diagnostic};
use crate::resolve::{Namespace, Target};
use crate::span::Span;
use crate::syntax::ast::{Decl, DeclKind, Equation};

/// A written type for a binding: the scheme, its variables' names, where it was written.
#[derive(Clone, Debug)]
pub struct Written {
    pub scheme: Scheme,
    pub names: Vec<String>,
    pub span: Span,
}

/// One function: its equations and its signature, if it has one.
#[derive(Debug)]
pub struct Unit<'d> {
    pub name: &'d str,
    /// The name in the first equation: what the binding's dictionary parameters are filed under.
    pub span: Span,
    pub equations: Vec<(&'d Equation, Span)>,
    pub signature: Option<Written>,
}

impl Unit<'_> {
    /// The text the unit covers.
    fn extent(&self) -> impl Iterator<Item = Span> + '_ {
        self.equations.iter().map(|(_, span)| *span)
    }
}

/// Where the checked schemes go.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Top,
    Local,
}

/// Groups equations by function, in order of first appearance. Equations of one function
/// that are not together were reported by name resolution; they are checked together here.
pub fn units<'d>(decls: &'d [Decl], signatures: &HashMap<String, Written>) -> Vec<Unit<'d>> {
    let mut units: Vec<Unit<'d>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for d in decls {
        if let DeclKind::Equation(eq) = &d.kind {
            match index.get(eq.name.name.as_str()) {
                Some(&i) => units[i].equations.push((eq, d.span)),
                None => {
                    index.insert(&eq.name.name, units.len());
                    units.push(Unit {
                        name: &eq.name.name,
                        span: eq.name.span,
                        equations: vec![(eq, d.span)],
                        signature: signatures.get(&eq.name.name).cloned(),
                    });
                }
            }
        }
    }
    units
}

impl Infer<'_, '_> {
    /// Local bindings of a `let`, `where` or guard.
    pub fn bindings(&mut self, decls: &[Decl]) {
        let mut signatures = HashMap::new();
        for d in decls {
            if let DeclKind::Signature { names, ty } = &d.kind {
                let (scheme, vars) = self.env.scope.scheme(ty, &mut self.diagnostics);
                for n in names {
                    let written = Written { scheme: scheme.clone(), names: vars.clone(), span: ty.span };
                    signatures.insert(n.name.clone(), written);
                }
            }
        }
        // Pattern-bound variables are monomorphic and visible to every binding of the group.
        let mut patterns = Vec::new();
        for d in decls {
            if let DeclKind::PatternBinding { pat, rhs, wheres } = &d.kind {
                let outer = self.locals.len();
                let pt = self.pat(pat);
                let bound: Vec<(String, Scheme)> = self.locals.drain(outer..).collect();
                self.locals.extend(bound);
                patterns.push((pat, rhs, wheres, pt));
            }
        }
        let units = units(decls, &signatures);
        self.check_units(&units, Level::Local);
        for (pat, rhs, wheres, pt) in patterns {
            let outer = self.locals.len();
            self.bindings(wheres);
            let t = self.fresh();
            self.rhs(rhs, &t);
            self.locals.truncate(outer);
            self.expect(&pt, &t, pat.span);
        }
    }

    /// Checks `units` group by group, in dependency order, making each one's scheme visible.
    pub fn check_units(&mut self, units: &[Unit<'_>], level: Level) {
        for u in units {
            if let Some(sig) = &u.signature {
                self.define(u.name, sig.scheme.clone(), level);
            }
        }
        for group in groups(units, self.env.references, self.env.module, level) {
            match group.as_slice() {
                [one] if units[*one].signature.is_some() => {
                    let u = &units[*one];
                    let sig = u.signature.clone().expect("matched on a signature");
                    let (ty, givens) = self.skolemise(&sig.scheme, &sig.names, u.span);
                    self.check_signed(u, &ty, givens, sig.span);
                }
                _ => {
                    let members: Vec<&Unit<'_>> = group.iter().map(|&i| &units[i]).collect();
                    self.infer_unsigned(&members, level);
                }
            }
        }
    }

    fn define(&mut self, name: &str, scheme: Scheme, level: Level) {
        match level {
            Level::Top => {
                self.top.insert(name.to_string(), scheme);
            }
            Level::Local => self.locals.push((name.to_string(), scheme)),
        }
    }

    /// A signature's type with its variables rigid, and its constraints as the dictionaries
    /// the binding named at `owner` receives.
    pub fn skolemise(&mut self, scheme: &Scheme, names: &[String], owner: Span) -> (Type, Vec<Given>) {
        let rigids: Vec<Type> = (0..scheme.kinds.len())
            .map(|i| {
                self.next_rigid += 1;
                let name = names.get(i).map_or_else(|| format!("t{i}"), Clone::clone);
                Type::Rigid(self.next_rigid, name.into())
            })
            .collect();
        let ty = substitute_bound(&scheme.ty, &rigids);
        (ty, givens(&scheme.constraints, &rigids, owner))
    }

    /// Checks a binding against a type it must have, `givens` available.
    pub fn check_signed(&mut self, unit: &Unit<'_>, ty: &Type, givens: Vec<Given>, written: Span) {
        self.level += 1;
        let outer = std::mem::take(&mut self.wanted);
        let before = self.givens.len();
        self.params.push((unit.span, givens.iter().map(|(c, _)| c.clone()).collect()));
        self.givens.extend(givens);
        self.equations(unit, ty, Some(written));
        let wanted = std::mem::take(&mut self.wanted);
        let open = self.solve(wanted);
        self.givens.truncate(before);
        self.level -= 1;
        self.wanted = outer;
        self.settle(open);
    }

    /// Constraints a binding could not solve: those on variables of an enclosing binding wait
    /// for it; the others can never be decided.
    fn settle(&mut self, open: Vec<Wanted>) {
        for w in open {
            let ty = self.unifier.zonk(&w.c.ty);
            let mut outer = false;
            ty.walk(&mut |t| {
                if let Type::Meta(v) = t {
                    outer |= self.unifier.level(*v) <= self.level;
                }
            });
            if outer && self.level > 0 {
                self.wanted.push(w);
            } else {
                self.ambiguous(&w);
            }
        }
    }

    /// Infers a group of bindings without signatures, generalising them together.
    fn infer_unsigned(&mut self, members: &[&Unit<'_>], level: Level) {
        self.level += 1;
        let outer = std::mem::take(&mut self.wanted);
        let types: Vec<Type> = members.iter().map(|_| self.fresh()).collect();
        let depth = self.locals.len();
        for (u, t) in members.iter().zip(&types) {
            // Recursive uses see the group monomorphically.
            self.define(u.name, Scheme::mono(t.clone()), level);
        }
        for (u, t) in members.iter().zip(&types) {
            self.equations(u, t, None);
        }
        if level == Level::Local {
            self.locals.truncate(depth);
        }
        let wanted = std::mem::take(&mut self.wanted);
        let open = self.solve(wanted);
        let open = self.drop_implied(open);
        self.level -= 1;
        self.wanted = outer;
        // Generalised together: one scheme over all the members' types.
        let whole = match types.as_slice() {
            [one] => one.clone(),
            _ => Type::tuple(types.clone()),
        };
        let constraints = open.iter().map(|w| w.c.clone()).collect();
        let g = self.unifier.generalise_with(self.level, &whole, constraints);
        let owner = members[0].span;
        let mut deferred = Vec::new();
        for w in open {
            let ty = replace_metas(&self.unifier.zonk(&w.c.ty), &g.quantified);
            match g.scheme.constraints.iter().position(|c| c.class == w.c.class && c.ty == ty) {
                Some(index) => self.slots[w.slot as usize] = Some(Evidence::Param { owner, index: index as u32 }),
                None => deferred.push(w),
            }
        }
        self.settle(deferred);
        if !g.scheme.constraints.is_empty() {
            for u in members {
                self.params.push((u.span, g.scheme.constraints.clone()));
                if members.len() > 1 {
                    self.groups.push((u.span, owner));
                }
            }
        }
        for (i, u) in members.iter().enumerate() {
            let ty = match &g.scheme.ty {
                Type::App(..) if members.len() > 1 => g.scheme.ty.spine().1[i].clone(),
                other => other.clone(),
            };
            let scheme =
                normalise(Scheme { kinds: g.scheme.kinds.clone(), constraints: g.scheme.constraints.clone(), ty });
            self.define(u.name, scheme, level);
        }
    }

    /// Leaves out constraints that another one implies through its superclasses (`Eq a` when
    /// `Ord a` is there), taking their dictionary from it.
    fn drop_implied(&mut self, open: Vec<Wanted>) -> Vec<Wanted> {
        let types: Vec<Type> = open.iter().map(|w| self.unifier.zonk(&w.c.ty)).collect();
        let mut kept = Vec::new();
        for (i, w) in open.iter().enumerate() {
            let implied = open.iter().enumerate().find_map(|(j, other)| {
                let path = self.env.classes.super_path(&other.c.class, &w.c.class)?;
                (j != i && !path.is_empty() && types[i] == types[j]).then_some((other.slot, path))
            });
            match implied {
                Some((slot, path)) => {
                    let evidence = path.into_iter().fold(Evidence::Slot(slot), |e, k| Evidence::Super(Box::new(e), k));
                    self.slots[w.slot as usize] = Some(evidence);
                }
                None => kept.push(w.clone()),
            }
        }
        kept
    }

    /// Checks each equation of `unit` against `ty`: patterns against the parameters, the
    /// right-hand side against the result.
    fn equations(&mut self, unit: &Unit<'_>, ty: &Type, written: Option<Span>) {
        let arity = unit.equations[0].0.args.len();
        for (eq, span) in &unit.equations {
            if eq.args.len() != arity {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::E0150,
                        format!("the equations of `{}` have different numbers of arguments", unit.name),
                    )
                    .with_primary(eq.name.span, format!("this equation has {}", eq.args.len()))
                    .with_secondary(unit.span, format!("the first has {arity}")),
                );
                continue;
            }
            let depth = self.locals.len();
            let mut rest = ty.clone();
            for p in &eq.args {
                let (param, result) = self.split_function(&rest, unit, *span);
                let pt = self.pat(p);
                self.expect(&param, &pt, p.span);
                rest = result;
            }
            self.bindings(&eq.wheres);
            self.origin = written;
            self.rhs(&eq.rhs, &rest);
            self.origin = None;
            self.locals.truncate(depth);
        }
    }

    /// The parameter and result of a function type, for an equation with one more argument.
    fn split_function(&mut self, ty: &Type, unit: &Unit<'_>, span: Span) -> (Type, Type) {
        if let Type::Fun(a, b) = self.unifier.shallow(ty) {
            return ((*a).clone(), (*b).clone());
        }
        let (param, result) = (self.fresh(), self.fresh());
        if self.unifier.unify(ty, &Type::fun(param.clone(), result.clone())).is_err() {
            let shown = super::print::tys(&[&self.unifier.zonk(ty)]).remove(0);
            self.diagnostics.push(
                Diagnostic::error(Code::E0150, format!("`{}` has more arguments than its type allows", unit.name))
                    .with_primary(span, format!("its type is `{shown}` here, not a function")),
            );
        }
        (param, result)
    }
}

/// The strongly connected groups of `units`, each after those it refers to, by what
/// `references` (name resolution's) says their names refer to.
pub fn groups(
    units: &[Unit<'_>],
    references: &std::collections::BTreeMap<Span, Target>,
    module: &str,
    level: Level,
) -> Vec<Vec<usize>> {
    let by_name: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.name, i)).collect();
    let binder: HashMap<Span, usize> =
        units.iter().enumerate().flat_map(|(i, u)| u.equations.iter().map(move |(eq, _)| (eq.name.span, i))).collect();
    let edges: Vec<Vec<usize>> = units
        .iter()
        .map(|u| {
            let mut out: Vec<usize> = Vec::new();
            for extent in u.extent() {
                let inside = references.range(Span { start: extent.start, end: 0 }..);
                for (span, target) in inside.take_while(|(s, _)| s.start < extent.end) {
                    if span.end > extent.end {
                        continue;
                    }
                    let to = match (target, level) {
                        (Target::Local(s), Level::Local) => binder.get(s).copied(),
                        (Target::Def(d), Level::Top) if d.module == module && d.namespace == Namespace::Value => {
                            by_name.get(d.name.as_str()).copied()
                        }
                        _ => None,
                    };
                    if let Some(to) = to
                        && units[to].signature.is_none()
                        && !out.contains(&to)
                    {
                        out.push(to);
                    }
                }
            }
            out
        })
        .collect();
    crate::graph::strongly_connected(&edges)
}

/// Constraints over bound variables, at the types `with`, as the dictionaries the binding (or
/// instance) named at `owner` receives, in order.
pub fn givens(constraints: &[Constraint], with: &[Type], owner: Span) -> Vec<Given> {
    constraints
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let c = Constraint { class: c.class.clone(), ty: substitute_bound(&c.ty, with) };
            (c, Evidence::Param { owner, index: i as u32 })
        })
        .collect()
}

/// Renumbers a scheme's variables in order of appearance in its type (then its constraints),
/// dropping those that appear in neither.
pub fn normalise(scheme: Scheme) -> Scheme {
    let mut order: Vec<u32> = Vec::new();
    let mut visit = |t: &Type| {
        t.walk(&mut |n| {
            if let Type::Bound(i) = n
                && !order.contains(i)
            {
                order.push(*i);
            }
        })
    };
    visit(&scheme.ty);
    scheme.constraints.iter().for_each(|c| visit(&c.ty));
    if order.iter().enumerate().all(|(i, &b)| i as u32 == b) && order.len() == scheme.kinds.len() {
        return scheme;
    }
    let renumber = |t: &Type| {
        t.replace(&mut |n| match n {
            Type::Bound(i) => order.iter().position(|b| b == i).map(|p| Type::Bound(p as u32)),
            _ => None,
        })
    };
    Scheme {
        kinds: order.iter().map(|&i| scheme.kinds[i as usize].clone()).collect(),
        constraints: scheme
            .constraints
            .iter()
            .map(|c| Constraint { class: c.class.clone(), ty: renumber(&c.ty) })
            .collect(),
        ty: renumber(&scheme.ty),
    }
}
