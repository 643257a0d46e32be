//! Closure conversion and lambda lifting: after [`convert`], no [`Value::Lambda`] and no
//! [`Expr::LetRec`] is left, every function is top-level.
//!
//! - A lambda `\p… -> body` becomes a new function `closure: true` with parameters
//!   `[self, p…]` whose body starts with `let c_i = self[i]` for its free variables `c_0 <
//!   c_1 < …` (ascending variable order), and the lambda becomes `closure f(c_0, c_1, …)`.
//! - A group of local recursive functions `letrec f_k(p…) = b_k in rest` is lambda-lifted: each
//!   `f_k` becomes a top-level function taking the free variables `x…` of the whole group
//!   (ascending) before its own parameters. A saturated `apply f_k(a…)` becomes the direct
//!   `call f_k(x…, a…)`; wherever `f_k` is still used as a value, `let f_k = closure
//!   f_k$closure(x…)` is bound at the top of that scope (the rest, or a lifted body), where
//!   `f_k$closure` is closure code forwarding to the lifted function. A closure never
//!   captures itself, so no reference cycle is ever built (the runtime counts references).
//! - Known calls: `apply f(a…)` where `f` is bound to `closure g(…)` and `a…` saturates `g`
//!   becomes `call g(f, a…)` (or `call g(a…)` when `g` is not closure code and captures
//!   nothing).
//!
//! Variable numbering: a lifted function keeps the numbers of the function it came from (they
//! are unique there, so they stay unique in any part of it); a closure's captured variables
//! keep their numbers inside its code, bound by the field reads. The only new variables (each
//! closure code's `self`, the wrappers' variables) are numbered above the original function's
//! largest, so variables stay unique within each function.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::free;
use super::ir::{Atom, Expr, FunId, Function, Program, Value, Var};

/// Closure-converts and lambda-lifts every function and global of `program`. New functions
/// are appended after the existing ones (existing ids are unchanged), named after the function
/// or global they came from: `Main.f$lambda0`, `Main.f$rec1`, `Main.f$rec1$closure`.
pub fn convert(program: Program) -> Program {
    let Program { functions, globals, constructors, labels, main, process_ctors } = program;
    let mut lifter = Lifter {
        base: functions.len() as u32,
        signatures: functions.iter().map(|f| (f.params.len(), f.closure)).collect(),
        names: functions.iter().map(|f| f.name.clone()).chain(globals.iter().map(|g| g.name.clone())).collect(),
        lifted: Vec::new(),
        next_var: 0,
        owner: String::new(),
        counter: 0,
        local: HashMap::new(),
        known: HashMap::new(),
    };
    let mut converted = Vec::with_capacity(functions.len());
    for f in functions {
        lifter.start(&f.name, free::next_var(&f.params, &f.body));
        let body = lifter.expr(f.body);
        converted.push(Function { body, ..f });
    }
    let globals = globals
        .into_iter()
        .map(|g| {
            lifter.start(&g.name, free::next_var(&[], &g.body));
            let body = lifter.expr(g.body);
            super::ir::Global { body, ..g }
        })
        .collect();
    converted.extend(lifter.lifted);
    Program { functions: converted, globals, constructors, labels, main, process_ctors }
}

/// A lambda-lifted local function, in the scope of its `letrec`.
#[derive(Clone, Debug)]
struct Local {
    direct: FunId,
    /// The free variables of its group: the leading arguments of `direct`.
    extra: Vec<Var>,
    arity: usize,
    /// The closure code made when the function is first used as a value.
    wrapper: Option<FunId>,
}

/// A variable known to hold `closure fun(…)`.
#[derive(Clone, Copy, Debug)]
struct Known {
    fun: FunId,
    captures: bool,
}

#[derive(Debug)]
struct Lifter {
    /// Functions of the input program; lifted ones are numbered from here.
    base: u32,
    /// (parameter count, is closure code) of every function, input and lifted.
    signatures: Vec<(usize, bool)>,
    /// Every function and global name in use, to keep new names unique.
    names: HashSet<String>,
    lifted: Vec<Function>,
    /// The next free variable of the function being converted (shared by what is lifted from it).
    next_var: u32,
    /// The function or global being converted, for naming.
    owner: String,
    counter: u32,
    /// Variables are unique within the function being converted, so flat maps serve as scopes.
    local: HashMap<Var, Local>,
    known: HashMap<Var, Known>,
}

impl Lifter {
    fn start(&mut self, owner: &str, next_var: u32) {
        self.owner = owner.to_string();
        self.counter = 0;
        self.next_var = next_var;
        self.local.clear();
        self.known.clear();
    }

    fn fresh(&mut self) -> Var {
        self.next_var += 1;
        Var(self.next_var - 1)
    }

    fn name(&mut self, what: &str) -> String {
        loop {
            let name = format!("{}${what}{}", self.owner, self.counter);
            self.counter += 1;
            // `lower` names closure code `NAME$closure`; keep that name free for the wrapper too.
            if !self.names.contains(&name) && !self.names.contains(&format!("{name}$closure")) {
                self.names.insert(name.clone());
                return name;
            }
        }
    }

    /// Adds a function. A lifted local function is declared before its body is converted (calls
    /// in the body need its id) with a placeholder body, replaced by [`Lifter::define`].
    fn declare(&mut self, function: Function) -> FunId {
        let id = FunId(self.base + self.lifted.len() as u32);
        self.signatures.push((function.params.len(), function.closure));
        self.lifted.push(function);
        id
    }

    fn define(&mut self, id: FunId, body: Expr) {
        self.lifted[(id.0 - self.base) as usize].body = body;
    }

    fn expr(&mut self, e: Expr) -> Expr {
        match e {
            Expr::Let(x, v, body) => {
                let v = self.value(v);
                if let Value::Closure(fun, captured) = &v {
                    self.known.insert(x, Known { fun: *fun, captures: !captured.is_empty() });
                }
                Expr::Let(x, v, Box::new(self.expr(*body)))
            }
            Expr::LetRec(group, rest) => self.letrec(group, *rest),
            Expr::Join { id, params, looping, body, rest } => {
                Expr::Join { id, params, looping, body: Box::new(self.expr(*body)), rest: Box::new(self.expr(*rest)) }
            }
            Expr::Switch { on, arms, default } => Expr::Switch {
                on,
                arms: arms.into_iter().map(|(test, arm)| (test, self.expr(arm))).collect(),
                default: default.map(|d| Box::new(self.expr(*d))),
            },
            Expr::Tail(v) => Expr::Tail(self.value(v)),
            Expr::Dup(x, rest) => Expr::Dup(x, Box::new(self.expr(*rest))),
            Expr::Drop(x, rest) => Expr::Drop(x, Box::new(self.expr(*rest))),
            e @ (Expr::Jump(..) | Expr::MatchFailure(_)) => e,
        }
    }

    fn value(&mut self, v: Value) -> Value {
        match v {
            Value::Lambda(params, body) => self.lambda(params, *body),
            Value::Apply(f, args) => {
                if let Some(local) = self.local.get(&f).filter(|l| l.arity == args.len()) {
                    let extra = local.extra.iter().map(|x| Atom::Var(*x));
                    return Value::Call(local.direct, extra.chain(args).collect());
                }
                if let Some(known) = self.known.get(&f) {
                    let (params, closure) = self.signatures[known.fun.0 as usize];
                    if closure && params == args.len() + 1 {
                        return Value::Call(known.fun, std::iter::once(Atom::Var(f)).chain(args).collect());
                    }
                    if !closure && !known.captures && params == args.len() {
                        return Value::Call(known.fun, args);
                    }
                }
                Value::Apply(f, args)
            }
            v => v,
        }
    }

    fn lambda(&mut self, params: Vec<Var>, body: Expr) -> Value {
        let body = self.expr(body);
        let mut captured = free::expr(&body);
        for p in &params {
            captured.remove(p);
        }
        let this = self.fresh();
        let captured: Vec<Var> = captured.into_iter().collect();
        let body = read_captured(this, &captured, body);
        let name = self.name("lambda");
        let fun =
            self.declare(Function { name, params: std::iter::once(this).chain(params).collect(), body, closure: true });
        Value::Closure(fun, captured.into_iter().map(Atom::Var).collect())
    }

    fn letrec(&mut self, group: Vec<(Var, Vec<Var>, Expr)>, rest: Expr) -> Expr {
        let names: Vec<Var> = group.iter().map(|(f, ..)| *f).collect();
        // The group's free variables, as they will be after conversion: a use of an enclosing
        // lifted function stands for its extra arguments.
        let mut extra = BTreeSet::new();
        for (_, params, body) in &group {
            for v in free::expr(body) {
                if names.contains(&v) || params.contains(&v) {
                    continue;
                }
                match self.local.get(&v) {
                    Some(outer) => extra.extend(outer.extra.iter().copied()),
                    None => {
                        extra.insert(v);
                    }
                }
            }
        }
        let extra: Vec<Var> = extra.into_iter().collect();
        let mut ids = Vec::with_capacity(group.len());
        for (f, params, _) in &group {
            let name = self.name("rec");
            let arity = params.len();
            let params = extra.iter().chain(params).copied().collect();
            let direct = self.declare(Function { name, params, body: Expr::MatchFailure("".into()), closure: false });
            self.local.insert(*f, Local { direct, extra: extra.clone(), arity, wrapper: None });
            ids.push(direct);
        }
        for ((_, _, body), direct) in group.into_iter().zip(ids) {
            let body = self.expr(body);
            // A lifted body is a new function: every local function it uses as a value, of
            // this group or an enclosing one, is bound afresh inside it.
            let mut used: Vec<Var> = self.local.keys().copied().collect();
            used.sort();
            let body = self.bind_as_values(&used, body);
            self.define(direct, body);
        }
        let rest = self.expr(rest);
        self.bind_as_values(&names, rest)
    }

    /// Binds `f = closure f$closure(extra…)` at the top of `body` for each lifted `f` of
    /// `names` that `body` still uses as a value (is free in).
    fn bind_as_values(&mut self, names: &[Var], body: Expr) -> Expr {
        let used = free::expr(&body);
        let mut body = body;
        for f in names.iter().rev().filter(|f| used.contains(f)) {
            let wrapper = self.wrapper(*f);
            let extra = self.local[f].extra.iter().map(|x| Atom::Var(*x)).collect::<Vec<_>>();
            self.known.insert(*f, Known { fun: wrapper, captures: !extra.is_empty() });
            body = Expr::Let(*f, Value::Closure(wrapper, extra), Box::new(body));
        }
        body
    }

    /// The closure code of lifted `f`: `f$closure(self, p…) = let x_i = self[i] … in call f(x…, p…)`.
    fn wrapper(&mut self, f: Var) -> FunId {
        let local = self.local[&f].clone();
        if let Some(wrapper) = local.wrapper {
            return wrapper;
        }
        let this = self.fresh();
        let extra: Vec<Var> = local.extra.iter().map(|_| self.fresh()).collect();
        let params: Vec<Var> = (0..local.arity).map(|_| self.fresh()).collect();
        let args = extra.iter().chain(&params).map(|v| Atom::Var(*v)).collect();
        let body = read_captured(this, &extra, Expr::Tail(Value::Call(local.direct, args)));
        let name = format!("{}$closure", self.lifted[(local.direct.0 - self.base) as usize].name);
        self.names.insert(name.clone());
        let wrapper =
            self.declare(Function { name, params: std::iter::once(this).chain(params).collect(), body, closure: true });
        self.local.get_mut(&f).expect("wrapper of a lifted local function in scope").wrapper = Some(wrapper);
        wrapper
    }
}

/// `let c_0 = this[0] in let c_1 = this[1] in … body`.
fn read_captured(this: Var, captured: &[Var], body: Expr) -> Expr {
    captured
        .iter()
        .enumerate()
        .rev()
        .fold(body, |body, (i, c)| Expr::Let(*c, Value::Field(this, i as u32), Box::new(body)))
}

#[cfg(test)]
pub(crate) mod tests;
