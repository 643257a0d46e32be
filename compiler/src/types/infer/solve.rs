//! Constraint solving and the reports that come out of it: missing instances, ambiguous
//! types, typed holes.

use super::{Infer, Wanted};
use crate::diagnostics::{Code, Diagnostic};
use crate::types::classes::{Evidence, Unsolved};
use crate::types::print;
use crate::types::ty::{Constraint, Scheme, Type};

impl Infer<'_, '_> {
    /// Solves what the givens and instances can solve, reducing constraints on partly known
    /// types to constraints on their unknown parts, and reports what can never be solved.
    /// Returns the constraints still on unknown types, to generalise or defer.
    pub fn solve(&mut self, wanted: Vec<Wanted>) -> Vec<Wanted> {
        let env = self.env;
        let mut work = wanted;
        let mut open = Vec::new();
        while let Some(w) = work.pop() {
            let mut residual = Vec::new();
            let slots = &mut self.slots;
            let result = env.classes.entail(&self.unifier, &self.givens, &w.c, &mut |c| {
                let slot = slots.len() as u32;
                slots.push(None);
                residual.push(Wanted { c, span: w.span, slot });
                Evidence::Slot(slot)
            });
            match result {
                Ok(evidence) => {
                    self.slots[w.slot as usize] = Some(evidence);
                    work.extend(residual);
                }
                Err(Unsolved::Unknown(_)) => open.push(w),
                Err(Unsolved::NoInstance(_)) if self.is_poisoned(&self.unifier.zonk(&w.c.ty)) => {}
                Err(Unsolved::NoInstance(failed)) => self.no_instance(&failed, &w),
            }
        }
        open.reverse();
        open
    }

    fn no_instance(&mut self, failed: &Constraint, w: &Wanted) {
        let shown = constraint(failed);
        let mut d = Diagnostic::error(Code::E0155, format!("no instance for `{shown}`"));
        let whole = constraint(&Constraint { class: w.c.class.clone(), ty: self.unifier.zonk(&w.c.ty) });
        d = if whole == shown {
            d.with_primary(w.span, format!("this needs `{shown}`"))
        } else {
            d.with_primary(w.span, format!("this needs `{whole}`, which needs `{shown}`"))
        };
        if let (Type::Rigid(_, name), _) = failed.ty.spine() {
            d = d.with_help(format!(
                "add `{shown}` to the constraints of the signature or instance that introduces `{name}`: `{} {name} => …`",
                print::short(&failed.class)
            ));
        } else if matches!(failed.ty, Type::Fun(..)) {
            d = d.with_note("functions have no instances of this class");
        }
        self.diagnostics.push(d);
    }

    pub fn ambiguous(&mut self, w: &Wanted) {
        let ty = self.unifier.zonk(&w.c.ty);
        if self.is_poisoned(&ty) {
            return;
        }
        if let Type::Meta(v) = ty
            && self.dynamic.contains(&v)
            && DYNAMIC.contains(&&*w.c.class)
        {
            self.slots[w.slot as usize] = Some(Evidence::Dynamic(w.c.class.clone()));
            return;
        }
        let shown = constraint(&Constraint { class: w.c.class.clone(), ty: self.unifier.zonk(&w.c.ty) });
        self.diagnostics.push(
            Diagnostic::error(Code::E0156, format!("ambiguous type: `{shown}` cannot be decided"))
                .with_primary(w.span, "the type this needs is not determined by how it is used")
                .with_help("add a type annotation, such as `(x :: Integer)`"),
        );
        // One report per unknown: other constraints on it are the same problem.
        self.poison_type(&ty);
    }

    /// Reports the typed holes found so far, with the names in scope whose type fits.
    pub fn report_holes(&mut self) {
        for hole in std::mem::take(&mut self.holes) {
            let ty = self.unifier.zonk(&hole.ty);
            let mut fits: Vec<String> = Vec::new();
            // Everything fits a type nothing is known of: no list then.
            let known = !matches!(ty, Type::Meta(_));
            let top: Vec<(String, Scheme)> = self.top.iter().map(|(n, s)| (n.clone(), s.clone())).collect();
            let candidates = hole.locals.iter().rev().cloned().chain(top).chain((self.env.in_scope)());
            for (name, scheme) in candidates.filter(|_| known) {
                if fits.len() >= 8 || fits.contains(&name) {
                    continue;
                }
                // A trial unification on a copy: the hole's type must not be changed by it.
                let mut trial = self.unifier.clone();
                let (candidate, constraints) = trial.instantiate(&scheme, u32::MAX);
                if trial.unify(&ty, &candidate).is_err() {
                    continue;
                }
                let satisfiable = constraints.iter().all(|c| {
                    !matches!(
                        self.env.classes.entail(&trial, &self.givens, c, &mut |_| Evidence::Slot(0)),
                        Err(Unsolved::NoInstance(_))
                    )
                });
                if satisfiable {
                    fits.push(name);
                }
            }
            let mut d = Diagnostic::error(
                Code::E0157,
                format!("typed hole `?{}` has type `{}`", hole.name, print::tys(&[&ty]).remove(0)),
            )
            .with_primary(hole.span, "fill this hole");
            if !fits.is_empty() {
                let listed: Vec<String> = fits.iter().map(|f| format!("`{f}`")).collect();
                d = d.with_note(format!("in scope and fitting: {}", listed.join(", ")));
            }
            self.diagnostics.push(d);
        }
    }
}

/// The classes the runtime implements for any value, by its shape.
const DYNAMIC: [&str; 3] = ["Prelude.Show", "Prelude.Eq", "Prelude.Ord"];

/// `Show (Maybe a)`, as a message prints it.
fn constraint(c: &Constraint) -> String {
    let ty = print::tys(&[&c.ty]).remove(0);
    let bracketed = match &c.ty {
        Type::Fun(..) => false,
        Type::App(..) => ty.starts_with(['[', '(']) && ty.ends_with([']', ')']),
        _ => true,
    };
    let ty = if bracketed { ty } else { format!("({ty})") };
    format!("{} {ty}", print::short(&c.class))
}
