//! Expression inference: Hindley–Milner with let-polymorphism (levels), class constraints and
//! row-polymorphic records, over the fixity-resolved syntax tree.
//!
//! Inference never stops at the first error: a failed unification is reported with both types,
//! and what the error leaves unknown is *poisoned* so it causes no further reports; one run
//! reports every independent problem. Class constraints are collected with an evidence slot
//! each and solved, generalised or reported at binding boundaries (`solve`).
//!
//! Names are looked up through [`Env`]: locals first, then what name resolution says a name
//! refers to. Operators declared `infixl … as op` follow their alias. Patterns are in `pat`,
//! `do` blocks in `statements`, checking against a known type in `against`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::classes::{ClassEnv, Evidence, Given};
use super::convert::{TypeScope, VarSort};
use super::print;
use super::ty::{Constraint, Kind, Scheme, Type, prim};
use super::unify::{Unifier, UnifyError};
use crate::diagnostics::{Code, Diagnostic};
use crate::resolve::{Def, Namespace, Target};
use crate::span::Span;
use crate::syntax::ast::{Alt, Expr, ExprKind, Guard, Literal, Name, Rhs, Segment, StmtKind, Type as Ast, UpdateValue};

/// What the checker knows of the names a module can see.
pub struct Env<'a> {
    /// The module being checked.
    pub module: &'a str,
    /// What each name refers to, by the span of the name (name resolution's output).
    pub references: &'a BTreeMap<Span, Target>,
    /// The scheme of a value or constructor defined in another module.
    pub value: &'a dyn Fn(&Def) -> Option<Scheme>,
    /// What an operator declared with `infixl … as op` stands for.
    pub alias: &'a dyn Fn(&Def) -> Option<Def>,
    /// Type and class names, for annotations.
    pub scope: &'a TypeScope<'a>,
    pub classes: &'a ClassEnv,
    /// The class names the syntax itself uses: `do` needs `Monad`, ranges `Enum`.
    pub monad: Arc<str>,
    pub enumeration: Arc<str>,
    /// The names a typed hole may suggest: every value in scope with its scheme.
    pub in_scope: &'a dyn Fn() -> Vec<(String, Scheme)>,
    /// `negate`, which `-x` means.
    pub negate: Option<Scheme>,
}

impl std::fmt::Debug for Env<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env").field("module", &self.module).finish_non_exhaustive()
    }
}

/// A class constraint waiting to be solved: where it arose, and the slot its evidence goes in.
#[derive(Clone, Debug)]
pub(super) struct Wanted {
    pub c: Constraint,
    pub span: Span,
    pub slot: u32,
}

/// A typed hole, reported once its binding is inferred (so its type is as known as it gets).
struct Hole {
    name: String,
    span: Span,
    ty: Type,
    locals: Vec<(String, Scheme)>,
}

pub(super) struct Infer<'e, 'a> {
    pub env: &'e Env<'a>,
    pub unifier: Unifier,
    pub level: u32,
    /// Local variables, innermost last.
    pub locals: Vec<(String, Scheme)>,
    /// This module's top-level values checked so far, and those of the group being inferred.
    pub top: HashMap<String, Scheme>,
    /// Class constraints waiting to be solved or generalised.
    pub wanted: Vec<Wanted>,
    /// The evidence of each constraint slot, once solved.
    pub slots: Vec<Option<Evidence>>,
    /// Each use of an overloaded name, by its span, with one slot per constraint of its scheme.
    pub uses: Vec<(Span, Vec<u32>)>,
    /// The dictionary parameters each binding receives, by the span of its name.
    pub params: Vec<(Span, Vec<Constraint>)>,
    /// Members of groups of several bindings generalised together with dictionary
    /// parameters: (member, the group's first member).
    pub groups: Vec<(Span, Span)>,
    /// What the bindings being checked may assume: their signatures' constraints.
    pub givens: Vec<Given>,
    pub diagnostics: Vec<Diagnostic>,
    pub next_rigid: u32,
    /// Where the result type of the right-hand side being checked was written, if it was.
    pub origin: Option<Span>,
    holes: Vec<Hole>,
    /// Variables standing for something already reported (an unresolved name, a syntax
    /// error): what mentions them is not reported again.
    poisoned: Vec<super::ty::MetaVar>,
    /// Variables for the parts of a message that a `receive` pattern leaves unknown. Values
    /// are self-describing at run time, so `show`, `==` and `compare` on such a part, when
    /// nothing else fixes its type, use the runtime's generic versions instead of being
    /// ambiguous.
    dynamic: Vec<super::ty::MetaVar>,
}

impl<'e, 'a> Infer<'e, 'a> {
    pub fn new(env: &'e Env<'a>) -> Infer<'e, 'a> {
        Infer {
            env,
            unifier: Unifier::new(),
            level: 0,
            locals: Vec::new(),
            top: HashMap::new(),
            wanted: Vec::new(),
            slots: Vec::new(),
            uses: Vec::new(),
            params: Vec::new(),
            groups: Vec::new(),
            givens: Vec::new(),
            diagnostics: Vec::new(),
            next_rigid: 0,
            origin: None,
            holes: Vec::new(),
            poisoned: Vec::new(),
            dynamic: Vec::new(),
        }
    }

    /// A type for something already reported, which should not cause more reports.
    pub fn poison(&mut self) -> Type {
        let t = self.fresh();
        if let Type::Meta(v) = t {
            self.poisoned.push(v);
        }
        t
    }

    /// Whether `t` (zonked) depends on something already reported: a poisoned variable, or a
    /// written type that did not resolve ([`Type::unresolved`]).
    pub fn is_poisoned(&self, t: &Type) -> bool {
        let mut found = false;
        t.walk(&mut |n| {
            found |= match n {
                Type::Meta(v) => self.poisoned.contains(v),
                Type::Con(_) => n.is_unresolved(),
                _ => false,
            }
        });
        found
    }

    /// Marks what is still unknown in `t` as caused by an error already reported.
    pub fn poison_type(&mut self, t: &Type) {
        self.unifier.zonk(t).walk(&mut |n| {
            if let Type::Meta(v) = n {
                self.poisoned.push(*v);
            }
        });
    }

    pub fn fresh(&mut self) -> Type {
        self.unifier.fresh(self.level, Kind::Type)
    }

    fn fresh_row(&mut self) -> Type {
        self.unifier.fresh(self.level, Kind::Row)
    }

    /// Unifies `found` with `expected`, reporting a mismatch at `span`.
    pub fn expect(&mut self, expected: &Type, found: &Type, span: Span) {
        self.expect_from(expected, found, span, None);
    }

    /// [`expect`](Self::expect), saying where the expectation was written (a signature).
    pub fn expect_from(&mut self, expected: &Type, found: &Type, span: Span, origin: Option<Span>) {
        if let Err(e) = self.unifier.unify(expected, found) {
            let expected_t = self.unifier.zonk(expected);
            let found_t = self.unifier.zonk(found);
            if self.is_poisoned(&expected_t) || self.is_poisoned(&found_t) {
                return;
            }
            let (a, b) = match &e {
                UnifyError::Mismatch(a, b) => (a.clone(), b.clone()),
                _ => (Type::RowEmpty, Type::RowEmpty),
            };
            let shown = print::tys(&[&expected_t, &found_t, &a, &b]);
            let (expected, found) = (shown[0].clone(), shown[1].clone());
            let mut d = match e {
                UnifyError::Infinite(..) => Diagnostic::error(Code::E0151, "infinite type")
                    .with_primary(span, format!("this would need `{expected}` to equal `{found}`"))
                    .with_note("a value would have to contain itself, as in `x = [x]`"),
                UnifyError::MissingField(label) => {
                    Diagnostic::error(Code::E0153, format!("the record has no field `{label}`"))
                        .with_primary(span, format!("expected `{expected}`, found `{found}`"))
                }
                UnifyError::Mismatch(a, b) => {
                    let mut d = Diagnostic::error(Code::E0150, format!("expected `{expected}`, found `{found}`"))
                        .with_primary(span, format!("this has type `{found}`"));
                    if expected != shown[2] || found != shown[3] {
                        d = d.with_note(format!("`{}` and `{}` do not match", shown[2], shown[3]));
                    }
                    if let Some(rigid) = [&a, &b].into_iter().find_map(|t| match t {
                        Type::Rigid(_, name) => Some(name.clone()),
                        _ => None,
                    }) {
                        d = d.with_note(format!(
                            "`{rigid}` is a type variable of a signature: the caller picks it, so the code \
                             must work for every type, not only this one"
                        ));
                    }
                    d
                }
            };
            if let Some(origin) = origin {
                d = d.with_secondary(origin, format!("`{expected}` is expected because of this type"));
            }
            self.diagnostics.push(d);
            // What is still unknown in the two types stays unknown because of this error: no
            // "ambiguous type" for it later.
            self.poison_type(&expected_t);
            self.poison_type(&found_t);
        }
    }

    /// The result of applying a function of type `f` to arguments: each argument is checked
    /// against its parameter on its own, so a mismatch names the argument and the two types.
    fn apply(&mut self, f: Type, args: impl IntoIterator<Item = (Type, Span)>, head: Span) -> Type {
        let mut f = f;
        for (arg, span) in args {
            if let Type::Meta(v) = self.unifier.shallow(&f)
                && self.poisoned.contains(&v)
            {
                // Applying something already reported: the result is unknown, quietly.
                f = self.poison();
                continue;
            }
            let (param, result) = match self.unifier.shallow(&f) {
                Type::Fun(param, result) => ((*param).clone(), (*result).clone()),
                other => {
                    let (param, result) = (self.fresh(), self.fresh());
                    if self.unifier.unify(&other, &Type::fun(param.clone(), result.clone())).is_err() {
                        self.poison_type(&param);
                        self.poison_type(&result);
                        if self.is_poisoned(&self.unifier.zonk(&other)) {
                            f = result;
                            continue;
                        }
                        let shown = print::tys(&[&self.unifier.zonk(&other)]).remove(0);
                        self.diagnostics.push(
                            Diagnostic::error(Code::E0150, format!("`{shown}` is not a function"))
                                .with_primary(head, format!("this has type `{shown}`"))
                                .with_secondary(span, "but it is given this argument"),
                        );
                    }
                    (param, result)
                }
            };
            self.expect(&param, &arg, span);
            f = result;
        }
        f
    }

    pub fn instantiate(&mut self, scheme: &Scheme, span: Span) -> Type {
        let (ty, constraints) = self.unifier.instantiate(scheme, self.level);
        if !constraints.is_empty() {
            let slots = constraints.into_iter().map(|c| self.want(c, span)).collect();
            self.uses.push((span, slots));
        }
        ty
    }

    /// Records a constraint to solve; returns its slot.
    pub fn want(&mut self, c: Constraint, span: Span) -> u32 {
        let slot = self.slots.len() as u32;
        self.slots.push(None);
        self.wanted.push(Wanted { c, span, slot });
        slot
    }

    /// A constraint the syntax itself needs (`Monad m` for `do`), recorded as a use at `span`.
    fn want_use(&mut self, class: Arc<str>, ty: Type, span: Span) {
        let slot = self.want(Constraint { class, ty }, span);
        self.uses.push((span, vec![slot]));
    }

    fn lookup(&mut self, name: &Name, span: Span) -> Type {
        if name.qualifier.is_none() && name.name == ":" {
            // List cons is built in: `a -> [a] -> [a]`.
            let a = self.fresh();
            return Type::funs([a.clone(), Type::list(a.clone())], Type::list(a));
        }
        if name.qualifier.is_none()
            && let Some((_, scheme)) = self.locals.iter().rev().find(|(n, _)| *n == name.name)
        {
            let scheme = scheme.clone();
            return self.instantiate(&scheme, span);
        }
        match self.env.references.get(&name.span) {
            Some(Target::Def(def)) => match self.global(def) {
                Some(scheme) => self.instantiate(&scheme, span),
                None => self.poison(),
            },
            // Unresolved names were reported by name resolution.
            _ => self.poison(),
        }
    }

    /// The scheme of a top-level value or constructor, following operator aliases.
    pub fn global(&self, def: &Def) -> Option<Scheme> {
        let mut def = def.clone();
        for _ in 0..8 {
            if def.module == self.env.module
                && def.namespace == Namespace::Value
                && let Some(s) = self.top.get(&def.name)
            {
                return Some(s.clone());
            }
            if let Some(s) = (self.env.value)(&def) {
                return Some(s);
            }
            def = (self.env.alias)(&def)?;
        }
        None
    }

    fn literal(&self, lit: &Literal) -> Type {
        Type::con(match lit {
            Literal::Int(_) => prim::INTEGER,
            Literal::Float(_) => prim::FLOAT,
            Literal::Char(_) => prim::CHAR,
            Literal::String(_) => prim::STRING,
            Literal::Atom(_) => prim::ATOM,
            Literal::Bool(_) => prim::BOOLEAN,
        })
    }

    fn named(&mut self, name: &str, span: Span) -> Type {
        self.lookup(&Name::unqualified(name, span), span)
    }

    pub fn expr(&mut self, e: &Expr) -> Type {
        let span = e.span;
        match &e.kind {
            ExprKind::Var(n) | ExprKind::Con(n) => self.lookup(n, span),
            ExprKind::Lit(l) => self.literal(l),
            ExprKind::App(f, a) => {
                let ft = self.expr(f);
                if let ExprKind::Lambda(pats, body) = &a.kind
                    && let Type::Fun(param, result) = self.unifier.shallow(&ft)
                {
                    // A lambda argument is checked against the parameter, so a mistake in it
                    // is reported where it is, not as two function types that differ.
                    self.check_lambda(pats, body, &param, a.span);
                    return (*result).clone();
                }
                let at = self.expr(a);
                self.apply(ft, [(at, a.span)], f.span)
            }
            ExprKind::BinOp(op, l, r) => {
                // `(_ + 1)`, `(_ + _)`: each `_` operand is an argument of a function.
                let ot = self.lookup(&op.name, op.name.span);
                let mut params = Vec::new();
                let lt = self.operand(l, &mut params);
                let rt = self.operand(r, &mut params);
                let result = self.apply(ot, [(lt, l.span), (rt, r.span)], op.name.span);
                Type::funs(params, result)
            }
            ExprKind::OpChain(first, rest) => {
                // Only reached when fixities were not resolved; associate left to go on.
                let mut acc = (**first).clone();
                for (op, operand) in rest {
                    let s = acc.span.to(operand.span);
                    acc = Expr::new(ExprKind::BinOp(op.clone(), Box::new(acc), Box::new(operand.clone())), s);
                }
                self.expr(&acc)
            }
            ExprKind::Neg(inner) => {
                let t = self.expr(inner);
                let negate = match &self.env.negate {
                    Some(scheme) => self.instantiate(&scheme.clone(), span),
                    None => self.fresh(),
                };
                let result = self.fresh();
                self.expect(&negate, &Type::fun(t, result.clone()), span);
                result
            }
            ExprKind::Lambda(pats, body) => {
                let depth = self.locals.len();
                let args: Vec<Type> = pats.iter().map(|p| self.pat(p)).collect();
                let bt = self.expr(body);
                self.locals.truncate(depth);
                Type::funs(args, bt)
            }
            ExprKind::If(c, t, f) => {
                let mut params = Vec::new();
                let ct = self.operand(c, &mut params);
                self.expect(&Type::con(prim::BOOLEAN), &ct, c.span);
                let tt = self.expr(t);
                let ft = self.expr(f);
                self.expect(&tt, &ft, f.span);
                Type::funs(params, tt)
            }
            ExprKind::Case(scrutinees, alts) => {
                // `case _ of` is a function of the scrutinee.
                let mut params = Vec::new();
                let ts: Vec<Type> = scrutinees.iter().map(|s| self.operand(s, &mut params)).collect();
                let result = self.fresh();
                self.alts(alts, &ts, &result, None);
                Type::funs(params, result)
            }
            ExprKind::Receive(alts, after) => {
                // `receive` is an action of the process that runs it: `Process a`, that is `IO a`.
                let returned = self.fresh();
                let result = Type::app(Type::con(prim::IO), returned);
                for alt in alts {
                    // Each clause matches the message's runtime shape on its own terms; what its
                    // pattern leaves unknown is known only at run time (see `dynamic`).
                    let message = self.fresh();
                    let depth = self.locals.len();
                    for p in &alt.pats {
                        let pt = self.pat(p);
                        self.expect(&message, &pt, p.span);
                    }
                    self.unifier.zonk(&message).walk(&mut |n| {
                        if let Type::Meta(v) = n {
                            self.dynamic.push(*v);
                        }
                    });
                    self.rhs(&alt.rhs, &result);
                    self.locals.truncate(depth);
                }
                if let Some(after) = after {
                    let t = self.expr(&after.timeout);
                    self.expect(&Type::con(prim::INTEGER), &t, after.timeout.span);
                    let b = self.expr(&after.body);
                    self.expect(&result, &b, after.body.span);
                }
                result
            }
            ExprKind::Let(decls, body) => {
                let depth = self.locals.len();
                self.bindings(decls);
                let t = self.expr(body);
                self.locals.truncate(depth);
                t
            }
            ExprKind::Do(stmts) => self.stmts(stmts, span, None),
            ExprKind::Tuple(items) => {
                let ts = items.iter().map(|i| self.expr(i)).collect();
                Type::tuple(ts)
            }
            ExprKind::List(items) => self.list_of(items, |me, e| (me.expr(e), e.span)),
            ExprKind::ListCons(heads, tail) => {
                let list = self.list_of(heads, |me, e| (me.expr(e), e.span));
                let tt = self.expr(tail);
                self.expect(&list, &tt, tail.span);
                list
            }
            ExprKind::Range { from, then, to } => {
                let elem = self.expr(from);
                for e in [then, to].into_iter().flatten() {
                    let t = self.expr(e);
                    self.expect(&elem, &t, e.span);
                }
                self.want_use(self.env.enumeration.clone(), elem.clone(), span);
                Type::list(elem)
            }
            ExprKind::Comprehension(head, quals) => {
                let depth = self.locals.len();
                for q in quals {
                    match &q.kind {
                        StmtKind::Bind(p, source) => {
                            let st = self.expr(source);
                            let pt = self.pat(p);
                            self.expect(&Type::list(pt), &st, source.span);
                        }
                        StmtKind::Let(decls) => self.bindings(decls),
                        StmtKind::Expr(cond) => {
                            let t = self.expr(cond);
                            self.expect(&Type::con(prim::BOOLEAN), &t, cond.span);
                        }
                        StmtKind::Error => {}
                    }
                }
                let ht = self.expr(head);
                self.locals.truncate(depth);
                Type::list(ht)
            }
            ExprKind::Record(fields) => {
                let mut row = Vec::new();
                for f in fields {
                    let t = match &f.value {
                        Some(v) => self.expr(v),
                        None => self.named(&f.name.name, f.name.span),
                    };
                    row.push((Arc::from(f.name.name.as_str()), t));
                }
                Type::record(Type::row(row, Type::RowEmpty))
            }
            ExprKind::Access(record, field) => {
                // `_.name` is `\r -> r.name`.
                let mut params = Vec::new();
                let rt = self.operand(record, &mut params);
                let ft = self.fresh();
                let rest = self.fresh_row();
                let wanted = Type::record(Type::row([(Arc::from(field.name.as_str()), ft.clone())], rest));
                self.expect(&wanted, &rt, record.span);
                Type::funs(params, ft)
            }
            ExprKind::Update(record, updates) => {
                // `_ { x = 1 }` is `\r -> r { x = 1 }`.
                let mut params = Vec::new();
                let rt = self.operand(record, &mut params);
                if let Type::Fun(..) = self.unifier.shallow(&rt) {
                    // `f { a = 1 }` reads as an update of `f`; the user meant an argument.
                    self.diagnostics.push(
                        Diagnostic::error(Code::E0150, "a record update needs a record, but this is a function")
                            .with_primary(
                                record.span,
                                format!("this has type `{}`", print::tys(&[&self.unifier.zonk(&rt)])[0]),
                            )
                            .with_help(
                                "to pass a record literal to a function, put it in parentheses: `f ({ a = 1 })`",
                            ),
                    );
                    return self.poison();
                }
                self.update(&rt, updates);
                Type::funs(params, rt)
            }
            ExprKind::Map(entries) => {
                let (k, v) = (self.fresh(), self.fresh());
                for (key, value) in entries {
                    let kt = self.expr(key);
                    self.expect(&k, &kt, key.span);
                    let vt = self.expr(value);
                    self.expect(&v, &vt, value.span);
                }
                Type::apply(Type::con(prim::MAP), [k, v])
            }
            ExprKind::Binary(segments) => self.binary(segments, |me, value| {
                let string = matches!(value.kind, ExprKind::Lit(Literal::String(_)));
                (me.expr(value), value.span, string)
            }),
            ExprKind::OpRef(op) => self.lookup(&op.name, span),
            ExprKind::LeftSection(left, op) => {
                let ot = self.lookup(&op.name, op.name.span);
                let lt = self.expr(left);
                let (b, result) = (self.fresh(), self.fresh());
                self.expect(&ot, &Type::funs([lt, b.clone()], result.clone()), span);
                Type::fun(b, result)
            }
            ExprKind::RightSection(op, right) => {
                let ot = self.lookup(&op.name, op.name.span);
                let rt = self.expr(right);
                let (a, result) = (self.fresh(), self.fresh());
                self.expect(&ot, &Type::funs([a.clone(), rt], result.clone()), span);
                Type::fun(a, result)
            }
            ExprKind::Typed(inner, annotation) => {
                let t = self.expr(inner);
                let declared = self.annotation(annotation);
                self.expect(&declared, &t, inner.span);
                declared
            }
            ExprKind::Hole(name) => {
                let t = self.fresh();
                let locals = self.locals.clone();
                self.holes.push(Hole { name: name.clone(), span, ty: t.clone(), locals });
                t
            }
            ExprKind::Wildcard => self.fresh(),
            ExprKind::Error => self.poison(),
        }
    }

    /// An operand that may be an anonymous argument `_`, which adds a parameter.
    fn operand(&mut self, e: &Expr, params: &mut Vec<Type>) -> Type {
        if let ExprKind::Wildcard = e.kind {
            let t = self.fresh();
            params.push(t.clone());
            return t;
        }
        self.expr(e)
    }

    /// `[a, b, …]`: every item checked against one element type.
    fn list_of<T>(&mut self, items: &[T], mut check: impl FnMut(&mut Self, &T) -> (Type, Span)) -> Type {
        let elem = self.fresh();
        for item in items {
            let (t, span) = check(self, item);
            self.expect(&elem, &t, span);
        }
        Type::list(elem)
    }

    /// `<<…>>` as an expression or a pattern: each segment's value (its type and span, and
    /// whether it is a string literal, by `value`) has the type its specifiers say: `Binary`
    /// for `/binary`, `Float` for `/float`, else `Integer`; a string literal is its UTF-8 bytes.
    /// Sizes are Integers.
    fn binary<T>(
        &mut self,
        segments: &[Segment<T>],
        mut value: impl FnMut(&mut Self, &T) -> (Type, Span, bool),
    ) -> Type {
        for s in segments {
            let (t, span, string) = value(self, &s.value);
            let spec = |name: &str| s.specs.iter().any(|i| i.name == name);
            let expected = if spec("binary") || spec("bytes") || spec("bits") {
                prim::BINARY
            } else if spec("float") {
                prim::FLOAT
            } else if string {
                prim::STRING
            } else {
                prim::INTEGER
            };
            self.expect(&Type::con(expected), &t, span);
            if let Some(size) = &s.size {
                let t = self.expr(size);
                self.expect(&Type::con(prim::INTEGER), &t, size.span);
            }
        }
        Type::con(prim::BINARY)
    }

    fn update(&mut self, record: &Type, updates: &[crate::syntax::ast::FieldUpdate]) {
        for u in updates {
            let ft = self.fresh();
            let rest = self.fresh_row();
            let wanted = Type::record(Type::row([(Arc::from(u.name.name.as_str()), ft.clone())], rest));
            self.expect(&wanted, record, u.name.span);
            match &u.value {
                UpdateValue::Set(v) => {
                    let vt = self.expr(v);
                    self.expect(&ft, &vt, v.span);
                }
                UpdateValue::Nested(inner) => self.update(&ft, inner),
            }
        }
    }

    /// The alternatives of a `case` on values of types `scrutinees`, each giving `result`
    /// (written where `origin` is, if it was).
    fn alts(&mut self, alts: &[Alt], scrutinees: &[Type], result: &Type, origin: Option<Span>) {
        for alt in alts {
            if alt.pats.len() != scrutinees.len() {
                let d = Diagnostic::error(
                    Code::E0150,
                    format!(
                        "this alternative has {} pattern{}, but the `case` matches {} value{}",
                        alt.pats.len(),
                        if alt.pats.len() == 1 { "" } else { "s" },
                        scrutinees.len(),
                        if scrutinees.len() == 1 { "" } else { "s" }
                    ),
                )
                .with_primary(alt.span, "one pattern per value, separated by commas");
                self.diagnostics.push(d);
            }
            self.origin = origin;
            self.alt(alt, scrutinees, result);
        }
        self.origin = None;
    }

    fn alt(&mut self, alt: &Alt, scrutinees: &[Type], result: &Type) {
        let depth = self.locals.len();
        for (p, t) in alt.pats.iter().zip(scrutinees) {
            let pt = self.pat(p);
            self.expect(t, &pt, p.span);
        }
        self.rhs(&alt.rhs, result);
        self.locals.truncate(depth);
    }

    pub fn rhs(&mut self, rhs: &Rhs, result: &Type) {
        // Only the right-hand side of the binding whose type was written sees where.
        let origin = self.origin.take();
        match rhs {
            Rhs::Plain(e) => self.check_against(e, result, origin),
            Rhs::Guarded(alternatives) => {
                for g in alternatives {
                    let depth = self.locals.len();
                    for guard in &g.guards {
                        match guard {
                            Guard::Bool(e) => {
                                let t = self.expr(e);
                                self.expect(&Type::con(prim::BOOLEAN), &t, e.span);
                            }
                            Guard::Bind(p, e) => {
                                let t = self.expr(e);
                                let pt = self.pat(p);
                                self.expect(&pt, &t, e.span);
                            }
                            Guard::Let(decls) => self.bindings(decls),
                        }
                    }
                    self.check_against(&g.body, result, origin);
                    self.locals.truncate(depth);
                }
            }
        }
    }

    /// A written type (an annotation), its variables rigid.
    fn annotation(&mut self, ty: &Ast) -> Type {
        let mut vars: HashMap<String, Type> = HashMap::new();
        let mut next = self.next_rigid;
        let unifier = &mut self.unifier;
        let level = self.level;
        let mut var = |v: &crate::syntax::ast::Ident, _: VarSort| {
            vars.entry(v.name.clone())
                .or_insert_with(|| {
                    next += 1;
                    Type::Rigid(next, v.name.as_str().into())
                })
                .clone()
        };
        let poisoned = &mut self.poisoned;
        let mut error = || {
            let t = unifier.fresh(level, Kind::Type);
            if let Type::Meta(v) = t {
                poisoned.push(v);
            }
            t
        };
        let t = self.env.scope.convert(ty, &mut var, &mut error, &mut self.diagnostics);
        self.next_rigid = next;
        t
    }
}

/// The number of arrows in a constructor's type.
fn arity(t: &Type) -> usize {
    match t {
        Type::Fun(_, rest) => 1 + arity(rest),
        _ => 0,
    }
}

mod against;
mod pat;
mod solve;
mod statements;
#[cfg(test)]
mod tests;
