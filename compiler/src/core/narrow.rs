//! Switch arms that cannot match are removed, from what the code around a switch has already
//! ruled out about the Integer it tests.
//!
//! `peel` and `unroll` leave such arms behind: in fib's unrolled loop, the copy of the body
//! tests `n - 1` against `0` and `1` in the default arm of a switch of `n` against `0` and `1`.
//! There `n` is neither, so `n - 1` is not `0`, and that arm is dead; every round paid a compare
//! and a branch for it.
//!
//! What is known of a variable is a [`Fact`]: that it is a given Integer, or that it is none of
//! a few. Facts come from switches (an arm's literal; what the default's arms have ruled out)
//! and from Integer literals, and go through `let`s of atoms and through adding or subtracting
//! a literal (exact, since Integers never wrap). A join's parameter has the facts all of its
//! jumps agree on; a looping join's, those that its entry and its own rounds agree on, found
//! by iterating from its entry's facts down to a fixed point (each round can only forget).
//!
//! Runs after `peel`, before reference counting (so there are no `dup`s or `drop`s yet).

use std::collections::{BTreeSet, HashMap};

use num_bigint::BigInt;

use super::ir::{Atom, Expr, JoinId, Lit, Prim, Program, Test, Value, Var};

/// At most this many excluded Integers are kept for a variable.
const MAX_EXCLUDED: usize = 16;

/// At most this many rounds of a looping join's fixed point; when it has not settled by then,
/// the join's parameters are taken to be unknown.
const MAX_ROUNDS: usize = 8;

/// What is known of an Integer variable.
#[derive(Clone, Debug, PartialEq)]
enum Fact {
    Is(BigInt),
    IsNot(BTreeSet<BigInt>),
}

impl Fact {
    /// What both facts say (the meet: what holds whichever of the two was true).
    fn meet(&self, other: &Fact) -> Option<Fact> {
        let fact = match (self, other) {
            (Fact::Is(a), Fact::Is(b)) if a == b => Fact::Is(a.clone()),
            (Fact::Is(_), Fact::Is(_)) => return None,
            (Fact::Is(k), Fact::IsNot(set)) | (Fact::IsNot(set), Fact::Is(k)) => {
                Fact::IsNot(set.iter().filter(|e| *e != k).cloned().collect())
            }
            (Fact::IsNot(a), Fact::IsNot(b)) => Fact::IsNot(a.intersection(b).cloned().collect()),
        };
        fact.useful()
    }

    /// The same fact of `x + by`.
    fn shifted(&self, by: &BigInt) -> Fact {
        match self {
            Fact::Is(k) => Fact::Is(k + by),
            Fact::IsNot(set) => Fact::IsNot(set.iter().map(|e| e + by).collect()),
        }
    }

    fn useful(self) -> Option<Fact> {
        match &self {
            Fact::IsNot(set) if set.is_empty() => None,
            _ => Some(self),
        }
    }

    fn rules_out(&self, k: &BigInt) -> bool {
        match self {
            Fact::Is(is) => is != k,
            Fact::IsNot(set) => set.contains(k),
        }
    }
}

/// The facts of a join's parameters, over the jumps seen so far: `None` for a parameter
/// nothing is known of.
type Params = Vec<Option<Fact>>;

/// Removes the dead switch arms of every function and global.
pub fn narrow(program: &mut Program) {
    for f in &mut program.functions {
        f.body = Narrow::default().expr(std::mem::take(&mut f.body));
    }
    for g in &mut program.globals {
        g.body = Narrow::default().expr(std::mem::take(&mut g.body));
    }
}

#[derive(Default)]
struct Narrow {
    facts: HashMap<Var, Fact>,
    /// For each join, the meet of the facts its jumps pass (absent: no jump seen yet).
    jumps: HashMap<JoinId, Params>,
}

impl Narrow {
    fn expr(&mut self, e: Expr) -> Expr {
        match e {
            Expr::Let(x, v, body) => {
                let fact = self.value_fact(&v);
                self.restore(x, &fact);
                Expr::Let(x, v, Box::new(self.expr(*body)))
            }
            Expr::Dup(x, body) => Expr::Dup(x, Box::new(self.expr(*body))),
            Expr::Drop(x, body) => Expr::Drop(x, Box::new(self.expr(*body))),
            Expr::Jump(j, args) => {
                let passed: Params = args.iter().map(|a| self.atom_fact(a)).collect();
                let met = match self.jumps.remove(&j) {
                    None => passed,
                    Some(seen) => seen.iter().zip(&passed).map(|(a, b)| a.as_ref()?.meet(b.as_ref()?)).collect(),
                };
                self.jumps.insert(j, met);
                Expr::Jump(j, args)
            }
            Expr::Join { id, params, looping: false, body, rest } => {
                let rest = self.expr(*rest);
                let entry = self.jumps.remove(&id);
                self.bind(&params, entry.as_ref());
                let body = self.expr(*body);
                Expr::Join { id, params, looping: false, body: Box::new(body), rest: Box::new(rest) }
            }
            Expr::Join { id, params, looping: true, body, rest } => {
                let rest = self.expr(*rest);
                let entry = self.jumps.remove(&id);
                let body = self.looping_body(id, &params, entry, *body);
                Expr::Join { id, params, looping: true, body: Box::new(body), rest: Box::new(rest) }
            }
            Expr::Switch { on, arms, default } => self.switch(on, arms, default),
            Expr::LetRec(group, body) => {
                // Local functions are code of their own: nothing known here holds in them.
                let group = group.into_iter().map(|(f, ps, b)| (f, ps, Narrow::default().expr(b))).collect();
                Expr::LetRec(group, Box::new(self.expr(*body)))
            }
            e @ (Expr::Tail(_) | Expr::MatchFailure(_)) => e,
        }
    }

    /// A looping join's body, narrowed with the facts its parameters have on every round: from
    /// the entry's facts, each try of the body forgets what its jumps back do not pass on, until
    /// a try passes on all it was given. Only the last try's jumps to other joins count.
    fn looping_body(&mut self, id: JoinId, params: &[Var], entry: Option<Params>, body: Expr) -> Expr {
        if let Some(mut assumed) = entry {
            for _ in 0..MAX_ROUNDS {
                let outer = self.jumps.clone();
                self.bind(params, Some(&assumed));
                let narrowed = self.expr(body.clone());
                let back = self.jumps.remove(&id).unwrap_or_else(|| assumed.clone());
                let next: Params =
                    assumed.iter().zip(&back).map(|(a, b)| a.as_ref().and_then(|a| a.meet(b.as_ref()?))).collect();
                if next == assumed {
                    return narrowed;
                }
                self.jumps = outer;
                assumed = next;
            }
        }
        // Never entered (dead code), or not settled: narrowed knowing nothing of the parameters.
        self.bind(params, None);
        let narrowed = self.expr(body);
        self.jumps.remove(&id);
        narrowed
    }

    fn switch(&mut self, on: Var, mut arms: Vec<(Test, Expr)>, default: Option<Box<Expr>>) -> Expr {
        let known = self.facts.get(&on).cloned();
        // Known to be `k`: the arm testing `k` is the switch.
        if let Some(Fact::Is(k)) = &known
            && let Some(i) = arms.iter().position(|(test, _)| matches!(test, Test::Lit(Lit::Int(l)) if l == k))
        {
            return self.expr(arms.swap_remove(i).1);
        }
        let live = |test: &Test| match (test, &known) {
            (Test::Lit(Lit::Int(k)), Some(fact)) => !fact.rules_out(k),
            _ => true,
        };
        let (arms, dead): (Vec<_>, Vec<_>) = arms.into_iter().partition(|(test, _)| live(test));
        // An arm that is the only one left of a switch without a default is the switch itself
        // (reached only when it matches); a switch with nothing left but its default is the
        // default.
        if !dead.is_empty() && arms.is_empty() {
            match default {
                Some(d) => return self.expr(*d),
                None => return self.switch_arms(on, dead, None, known),
            }
        }
        self.switch_arms(on, arms, default, known)
    }

    fn switch_arms(
        &mut self,
        on: Var,
        arms: Vec<(Test, Expr)>,
        default: Option<Box<Expr>>,
        known: Option<Fact>,
    ) -> Expr {
        let mut ruled_out = match &known {
            Some(Fact::IsNot(set)) => set.clone(),
            _ => BTreeSet::new(),
        };
        let arms = arms
            .into_iter()
            .map(|(test, arm)| {
                if let Test::Lit(Lit::Int(k)) = &test {
                    self.facts.insert(on, Fact::Is(k.clone()));
                    ruled_out.insert(k.clone());
                }
                let arm = self.expr(arm);
                self.restore(on, &known);
                (test, arm)
            })
            .collect();
        let default = default.map(|d| {
            if ruled_out.len() <= MAX_EXCLUDED
                && let Some(fact) = Fact::IsNot(ruled_out).useful()
                && !matches!(known, Some(Fact::Is(_)))
            {
                self.facts.insert(on, fact);
            }
            let d = self.expr(*d);
            self.restore(on, &known);
            Box::new(d)
        });
        Expr::Switch { on, arms, default }
    }

    fn restore(&mut self, x: Var, fact: &Option<Fact>) {
        match fact {
            Some(f) => self.facts.insert(x, f.clone()),
            None => self.facts.remove(&x),
        };
    }

    fn bind(&mut self, params: &[Var], facts: Option<&Params>) {
        for (i, p) in params.iter().enumerate() {
            match facts.and_then(|fs| fs.get(i).cloned().flatten()) {
                Some(f) => self.facts.insert(*p, f),
                None => self.facts.remove(p),
            };
        }
    }

    fn atom_fact(&self, a: &Atom) -> Option<Fact> {
        match a {
            Atom::Var(x) => self.facts.get(x).cloned(),
            Atom::Lit(Lit::Int(k)) => Some(Fact::Is(k.clone())),
            Atom::Lit(_) => None,
        }
    }

    /// What is known of `let x = v`: a literal, a copy, or a literal added or subtracted.
    fn value_fact(&self, v: &Value) -> Option<Fact> {
        match v {
            Value::Atom(a) => self.atom_fact(a),
            Value::Prim(Prim::Foreign(name), args) if args.len() == 2 => {
                let literal = |a: &Atom| match a {
                    Atom::Lit(Lit::Int(k)) => Some(k.clone()),
                    _ => None,
                };
                let (x, by) = match (name.as_ref(), &args[0], &args[1]) {
                    ("intAdd", x, c) | ("intAdd", c, x) if literal(c).is_some() => (x, literal(c)?),
                    ("intSub", x, c) => (x, -literal(c)?),
                    _ => return None,
                };
                self.atom_fact(x).map(|f| f.shifted(&by))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
