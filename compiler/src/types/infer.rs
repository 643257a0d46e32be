//! Expression inference: Hindley–Milner with let-polymorphism (levels), class constraints and
//! row-polymorphic records, over the fixity-resolved syntax tree.
//!
//! Inference never stops at the first error: a failed unification is reported with both types
//! and the node gets a fresh type, so one run reports every independent problem. Class
//! constraints are collected as they arise and solved (or generalised) at `let` boundaries and
//! at the end.
//!
//! Names are looked up through [`Env`]: locals first, then the caller's `globals` (what name
//! resolution put in scope). Operators are looked up by their symbol, which the environment
//! maps to the aliased function's scheme.

use std::collections::HashMap;
use std::sync::Arc;

use super::classes::{ClassEnv, Unsolved};
use super::print;
use super::ty::{Constraint, Kind, Scheme, Type, prim};
use super::unify::{Unifier, UnifyError};
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast::{
    Alt, Decl, DeclKind, Expr, ExprKind, Guard, Literal, Name, Pat, PatKind, Rhs, Segment, Stmt, StmtKind, Type as Ast,
    TypeKind, UpdateValue,
};

/// What the checker knows of the names a module can see.
pub struct Env<'a> {
    /// Values (functions, class methods, operators by symbol) and constructors by name.
    pub globals: &'a dyn Fn(&Name) -> Option<Scheme>,
    /// Type constructors by name, for annotations: their full name.
    pub types: &'a dyn Fn(&Name) -> Option<Arc<str>>,
    pub classes: &'a ClassEnv,
}

impl std::fmt::Debug for Env<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env").finish_non_exhaustive()
    }
}

/// Infers the principal type of `expr`, generalised: what `:type` in the REPL shows.
pub fn infer_expr(env: &Env<'_>, expr: &Expr) -> (Scheme, Vec<Diagnostic>) {
    let mut infer = Infer::new(env);
    infer.level = 1;
    let ty = infer.expr(expr);
    let wanted = std::mem::take(&mut infer.wanted);
    let wanted = infer.simplify(wanted);
    let (scheme, deferred) = infer.unifier.generalise(0, &ty, wanted);
    for c in deferred {
        infer.ambiguous(&c, expr.span);
    }
    (scheme, infer.diagnostics)
}

struct Infer<'e, 'a> {
    env: &'e Env<'a>,
    unifier: Unifier,
    level: u32,
    /// Local variables, innermost last.
    locals: Vec<(String, Scheme)>,
    /// Class constraints waiting to be solved or generalised, with where they arose.
    wanted: Vec<(Constraint, Span)>,
    diagnostics: Vec<Diagnostic>,
    next_rigid: u32,
}

impl<'e, 'a> Infer<'e, 'a> {
    fn new(env: &'e Env<'a>) -> Infer<'e, 'a> {
        Infer {
            env,
            unifier: Unifier::new(),
            level: 0,
            locals: Vec::new(),
            wanted: Vec::new(),
            diagnostics: Vec::new(),
            next_rigid: 0,
        }
    }

    fn fresh(&mut self) -> Type {
        self.unifier.fresh(self.level, Kind::Type)
    }

    fn fresh_row(&mut self) -> Type {
        self.unifier.fresh(self.level, Kind::Row)
    }

    /// Unifies `found` with `expected`, reporting a mismatch at `span`.
    fn expect(&mut self, expected: &Type, found: &Type, span: Span) {
        if let Err(e) = self.unifier.unify(expected, found) {
            let expected = print::ty(&self.unifier.zonk(expected));
            let found = print::ty(&self.unifier.zonk(found));
            let d = match e {
                UnifyError::Infinite(..) => Diagnostic::error(Code::E0151, "infinite type")
                    .with_primary(span, format!("this would need `{expected}` to equal `{found}`"))
                    .with_note("a value would have to contain itself, as in `x = [x]`"),
                UnifyError::MissingField(label) => {
                    Diagnostic::error(Code::E0153, format!("the record has no field `{label}`"))
                        .with_primary(span, format!("expected `{expected}`, found `{found}`"))
                }
                UnifyError::Mismatch(..) => {
                    Diagnostic::error(Code::E0150, format!("expected `{expected}`, found `{found}`"))
                        .with_primary(span, format!("this has type `{found}`"))
                }
            };
            self.diagnostics.push(d);
        }
    }

    /// The result of applying a function of type `f` to arguments: each argument is checked
    /// against its parameter on its own, so a mismatch names the argument and the two types.
    fn apply(&mut self, f: Type, args: impl IntoIterator<Item = (Type, Span)>, head: Span) -> Type {
        let mut f = f;
        for (arg, span) in args {
            let (param, result) = match self.unifier.shallow(&f) {
                Type::Fun(param, result) => ((*param).clone(), (*result).clone()),
                other => {
                    let (param, result) = (self.fresh(), self.fresh());
                    if self.unifier.unify(&other, &Type::fun(param.clone(), result.clone())).is_err() {
                        let shown = print::ty(&self.unifier.zonk(&other));
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

    fn instantiate(&mut self, scheme: &Scheme, span: Span) -> Type {
        let (ty, constraints) = self.unifier.instantiate(scheme, self.level);
        self.wanted.extend(constraints.into_iter().map(|c| (c, span)));
        ty
    }

    fn lookup(&mut self, name: &Name, span: Span) -> Type {
        if name.qualifier.is_none()
            && let Some((_, scheme)) = self.locals.iter().rev().find(|(n, _)| *n == name.name)
        {
            let scheme = scheme.clone();
            return self.instantiate(&scheme, span);
        }
        match (self.env.globals)(name) {
            Some(scheme) => self.instantiate(&scheme, span),
            None => {
                self.diagnostics.push(
                    Diagnostic::error(Code::E0108, format!("`{}` is not in scope", name.full()))
                        .with_primary(span, "not defined or imported"),
                );
                self.fresh()
            }
        }
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

    fn expr(&mut self, e: &Expr) -> Type {
        let span = e.span;
        match &e.kind {
            ExprKind::Var(n) | ExprKind::Con(n) => self.lookup(n, span),
            ExprKind::Lit(l) => self.literal(l),
            ExprKind::App(f, a) => {
                let ft = self.expr(f);
                let at = self.expr(a);
                self.apply(ft, [(at, a.span)], f.span)
            }
            ExprKind::BinOp(op, l, r) => {
                let ot = self.lookup(&op.name, op.name.span);
                let lt = self.expr(l);
                let rt = self.expr(r);
                self.apply(ot, [(lt, l.span), (rt, r.span)], op.name.span)
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
                let negate = self.named("negate", span);
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
                let ct = self.expr(c);
                self.expect(&Type::con(prim::BOOLEAN), &ct, c.span);
                let tt = self.expr(t);
                let ft = self.expr(f);
                self.expect(&tt, &ft, f.span);
                tt
            }
            ExprKind::Case(scrutinees, alts) => {
                let ts: Vec<Type> = scrutinees.iter().map(|s| self.expr(s)).collect();
                let result = self.fresh();
                for alt in alts {
                    self.alt(alt, &ts, &result);
                }
                result
            }
            ExprKind::Receive(alts, after) => {
                let result = self.fresh();
                for alt in alts {
                    // Each clause matches the message's runtime shape on its own terms.
                    let message = self.fresh();
                    self.alt(alt, std::slice::from_ref(&message), &result);
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
            ExprKind::Do(stmts) => self.stmts(stmts, span),
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
                let class = Constraint { class: "Enum".into(), ty: elem.clone() };
                self.wanted.push((class, span));
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
                let rt = self.expr(record);
                let ft = self.fresh();
                let rest = self.fresh_row();
                let wanted = Type::record(Type::row([(Arc::from(field.name.as_str()), ft.clone())], rest));
                self.expect(&wanted, &rt, record.span);
                ft
            }
            ExprKind::Update(record, updates) => {
                let rt = self.expr(record);
                self.update(&rt, updates);
                rt
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
                me.expr(value);
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
                self.diagnostics.push(
                    Diagnostic::error(Code::E0157, format!("typed hole `?{name}`"))
                        .with_primary(span, "fill this hole")
                        .with_note(format!(
                            "its type is inferred from the context: see `{}`",
                            print::ty(&self.unifier.zonk(&t))
                        )),
                );
                t
            }
            ExprKind::Wildcard | ExprKind::Error => self.fresh(),
        }
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

    /// `<<…>>` as an expression or a pattern: each segment's value by `value`, sizes are
    /// Integers.
    fn binary<T>(&mut self, segments: &[Segment<T>], mut value: impl FnMut(&mut Self, &T)) -> Type {
        for s in segments {
            value(self, &s.value);
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

    /// `do` in any monad: `bind` and `discard` as the Prelude defines them.
    fn stmts(&mut self, stmts: &[Stmt], span: Span) -> Type {
        let depth = self.locals.len();
        let monad = self.fresh();
        let mut last = None;
        for (i, s) in stmts.iter().enumerate() {
            let is_last = i + 1 == stmts.len();
            match &s.kind {
                StmtKind::Expr(e) => {
                    let t = self.expr(e);
                    let a = self.fresh();
                    self.expect(&Type::app(monad.clone(), a), &t, e.span);
                    if is_last {
                        last = Some(t);
                    }
                }
                StmtKind::Bind(p, e) => {
                    let t = self.expr(e);
                    let pt = self.pat(p);
                    self.expect(&Type::app(monad.clone(), pt), &t, e.span);
                }
                StmtKind::Let(decls) => self.bindings(decls),
                StmtKind::Error => {}
            }
        }
        let class = Constraint { class: "Monad".into(), ty: monad.clone() };
        self.wanted.push((class, span));
        self.locals.truncate(depth);
        last.unwrap_or_else(|| {
            let a = self.fresh();
            Type::app(monad, a)
        })
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

    fn rhs(&mut self, rhs: &Rhs, result: &Type) {
        match rhs {
            Rhs::Plain(e) => {
                let t = self.expr(e);
                self.expect(result, &t, e.span);
            }
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
                    let t = self.expr(&g.body);
                    self.expect(result, &t, g.body.span);
                    self.locals.truncate(depth);
                }
            }
        }
    }

    /// The type a pattern matches, binding its variables (monomorphically) as locals.
    fn pat(&mut self, p: &Pat) -> Type {
        match &p.kind {
            PatKind::Wildcard | PatKind::Error => self.fresh(),
            PatKind::Var(v) => {
                let t = self.fresh();
                self.locals.push((v.name.clone(), Scheme::mono(t.clone())));
                t
            }
            PatKind::Lit(l) => self.literal(l),
            PatKind::Con(name, args) => {
                let ct = self.lookup(name, name.span);
                let arg_types: Vec<Type> = args.iter().map(|a| self.pat(a)).collect();
                let result = self.fresh();
                let arity = arity(&self.unifier.zonk(&ct));
                if arity != args.len() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::E0154,
                            format!(
                                "the constructor `{}` takes {arity} argument{}, but this pattern gives {}",
                                name.full(),
                                if arity == 1 { "" } else { "s" },
                                args.len()
                            ),
                        )
                        .with_primary(p.span, "wrong number of arguments"),
                    );
                    return result;
                }
                self.expect(&ct, &Type::funs(arg_types, result.clone()), p.span);
                result
            }
            PatKind::As(v, inner) => {
                let t = self.pat(inner);
                self.locals.push((v.name.clone(), Scheme::mono(t.clone())));
                t
            }
            PatKind::Tuple(items) => {
                let ts = items.iter().map(|i| self.pat(i)).collect();
                Type::tuple(ts)
            }
            PatKind::List(items) => self.list_of(items, |me, p| (me.pat(p), p.span)),
            PatKind::Cons(head, tail) => {
                let ht = self.pat(head);
                let tt = self.pat(tail);
                let list = Type::list(ht);
                self.expect(&list, &tt, tail.span);
                list
            }
            PatKind::ListCons(heads, tail) => {
                let list = self.list_of(heads, |me, p| (me.pat(p), p.span));
                let tt = self.pat(tail);
                self.expect(&list, &tt, tail.span);
                list
            }
            PatKind::Record(fields) => {
                let mut row = Vec::new();
                for f in fields {
                    let t = match &f.pat {
                        Some(p) => self.pat(p),
                        None => {
                            let t = self.fresh();
                            self.locals.push((f.name.name.clone(), Scheme::mono(t.clone())));
                            t
                        }
                    };
                    row.push((Arc::from(f.name.name.as_str()), t));
                }
                let rest = self.fresh_row();
                Type::record(Type::row(row, rest))
            }
            PatKind::Map(entries) => {
                let (k, v) = (self.fresh(), self.fresh());
                for (key, value) in entries {
                    let kt = self.literal(key);
                    self.expect(&k, &kt, value.span);
                    let vt = self.pat(value);
                    self.expect(&v, &vt, value.span);
                }
                Type::apply(Type::con(prim::MAP), [k, v])
            }
            PatKind::Binary(segments) => self.binary(segments, |me, value| {
                me.pat(value);
            }),
            PatKind::Typed(inner, annotation) => {
                let t = self.pat(inner);
                let declared = self.annotation(annotation);
                self.expect(&declared, &t, inner.span);
                declared
            }
        }
    }

    /// Local bindings of a `let`, `where` or guard: each generalised at the next level, in order
    /// (mutual recursion among local bindings comes with binding groups).
    fn bindings(&mut self, decls: &[Decl]) {
        let mut equations: Vec<(&str, Vec<&Decl>)> = Vec::new();
        for d in decls {
            match &d.kind {
                DeclKind::Equation(eq) => match equations.last_mut() {
                    Some((name, clauses)) if *name == eq.name.name => clauses.push(d),
                    _ => equations.push((eq.name.name.as_str(), vec![d])),
                },
                DeclKind::PatternBinding { pat, rhs, wheres } => {
                    let outer = self.locals.len();
                    self.bindings(wheres);
                    let t = self.fresh();
                    self.rhs(rhs, &t);
                    self.locals.truncate(outer);
                    let pt = self.pat(pat);
                    self.expect(&pt, &t, pat.span);
                }
                _ => {}
            }
        }
        for (name, clauses) in equations {
            self.level += 1;
            let outer_wanted = std::mem::take(&mut self.wanted);
            let t = self.fresh();
            // Recursive uses see the binding monomorphically.
            self.locals.push((name.to_string(), Scheme::mono(t.clone())));
            for clause in &clauses {
                let DeclKind::Equation(eq) = &clause.kind else { continue };
                let depth = self.locals.len();
                let args: Vec<Type> = eq.args.iter().map(|p| self.pat(p)).collect();
                self.bindings(&eq.wheres);
                let result = self.fresh();
                self.rhs(&eq.rhs, &result);
                self.locals.truncate(depth);
                let clause_type = Type::funs(args, result);
                self.expect(&t, &clause_type, clause.span);
            }
            self.locals.pop();
            self.level -= 1;
            let wanted = std::mem::take(&mut self.wanted);
            let wanted = self.simplify(wanted);
            let (scheme, deferred) = self.unifier.generalise(self.level, &t, wanted);
            self.wanted = outer_wanted;
            let span = clauses[0].span;
            self.wanted.extend(deferred.into_iter().map(|c| (c, span)));
            self.locals.push((name.to_string(), scheme));
        }
    }

    /// Solves what the instances can solve and reports what can never be solved; returns the
    /// constraints still on unknown types, to generalise or defer.
    fn simplify(&mut self, wanted: Vec<(Constraint, Span)>) -> Vec<Constraint> {
        let mut open = Vec::new();
        for (c, span) in wanted {
            match self.env.classes.entail(&self.unifier, &[], &c) {
                Ok(_) => {}
                Err(Unsolved::Unknown(c)) => open.push(c),
                Err(Unsolved::NoInstance(failed)) => {
                    let shown = format!("{} {}", failed.class, print::ty(&failed.ty));
                    self.diagnostics.push(
                        Diagnostic::error(Code::E0155, format!("no instance for `{shown}`"))
                            .with_primary(span, format!("this needs `{shown}`")),
                    );
                }
            }
        }
        open
    }

    fn ambiguous(&mut self, c: &Constraint, span: Span) {
        let shown = format!("{} {}", c.class, print::ty(&self.unifier.zonk(&c.ty)));
        self.diagnostics.push(
            Diagnostic::error(Code::E0156, format!("ambiguous type: `{shown}` cannot be decided"))
                .with_primary(span, "the type of this is not determined by its use")
                .with_help("add a type annotation"),
        );
    }

    /// A written type, its variables rigid (as in a signature).
    fn annotation(&mut self, ty: &Ast) -> Type {
        let mut vars: HashMap<String, Type> = HashMap::new();
        self.ast_type(ty, &mut vars)
    }

    fn ast_type(&mut self, ty: &Ast, vars: &mut HashMap<String, Type>) -> Type {
        match &ty.kind {
            TypeKind::Var(v) => {
                if let Some(t) = vars.get(&v.name) {
                    return t.clone();
                }
                self.next_rigid += 1;
                let t = Type::Rigid(self.next_rigid, v.name.as_str().into());
                vars.insert(v.name.clone(), t.clone());
                t
            }
            TypeKind::Con(n) => match (self.env.types)(n) {
                Some(full) => Type::Con(full),
                None => {
                    self.diagnostics.push(
                        Diagnostic::error(Code::E0108, format!("the type `{}` is not in scope", n.full()))
                            .with_primary(ty.span, "not defined or imported"),
                    );
                    self.fresh()
                }
            },
            TypeKind::App(f, a) => {
                let f = self.ast_type(f, vars);
                let a = self.ast_type(a, vars);
                Type::app(f, a)
            }
            TypeKind::Fun(a, b) => {
                let a = self.ast_type(a, vars);
                let b = self.ast_type(b, vars);
                Type::fun(a, b)
            }
            TypeKind::Tuple(items) => {
                let ts = items.iter().map(|i| self.ast_type(i, vars)).collect();
                Type::tuple(ts)
            }
            TypeKind::List(t) => {
                let t = self.ast_type(t, vars);
                Type::list(t)
            }
            TypeKind::Record(row) => {
                let fields: Vec<(Arc<str>, Type)> =
                    row.fields.iter().map(|(n, t)| (Arc::from(n.name.as_str()), self.ast_type(t, vars))).collect();
                let tail = match &row.tail {
                    Some(r) => {
                        let var = Ast { kind: TypeKind::Var(r.clone()), span: r.span };
                        self.ast_type(&var, vars)
                    }
                    None => Type::RowEmpty,
                };
                Type::record(Type::row(fields, tail))
            }
            TypeKind::Forall(_, t) | TypeKind::Constrained(_, t) => self.ast_type(t, vars),
            TypeKind::Error => self.fresh(),
        }
    }
}

/// The number of arrows in a constructor's type.
fn arity(t: &Type) -> usize {
    match t {
        Type::Fun(_, rest) => 1 + arity(rest),
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
