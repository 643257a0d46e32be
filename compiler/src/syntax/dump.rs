//! A compact S-expression rendering of the syntax tree, without spans: what parse tests and
//! `mote check --emit ast` show. Every node kind has its own head word, so a snapshot pins the
//! tree's shape exactly.

use std::fmt::Write;

use super::ast::*;

pub fn module(m: &Module) -> String {
    let mut out = String::new();
    if let Some(h) = &m.header {
        let _ = write!(out, "(module {}", h.name.name);
        if let Some(exports) = &h.exports {
            out.push_str(" (exports");
            for e in exports {
                out.push(' ');
                out.push_str(&entity(e));
            }
            out.push(')');
        }
        out.push_str(")\n");
    }
    for i in &m.imports {
        let _ = write!(out, "(import {}", i.module.name);
        if let Some(a) = &i.alias {
            let _ = write!(out, " (as {})", a.name);
        }
        match &i.list {
            Some(ImportList::Only(items)) => {
                let _ = write!(out, " (only {})", items.iter().map(entity).collect::<Vec<_>>().join(" "));
            }
            Some(ImportList::Hiding(items)) => {
                let _ = write!(out, " (hiding {})", items.iter().map(entity).collect::<Vec<_>>().join(" "));
            }
            None => {}
        }
        out.push_str(")\n");
    }
    for d in &m.decls {
        out.push_str(&decl(d));
        out.push('\n');
    }
    out
}

fn entity(e: &Entity) -> String {
    match e {
        Entity::Value(v) => v.name.clone(),
        Entity::Type { name, members: None, .. } => format!("(type {})", name.name),
        Entity::Type { name, members: Some(Members::All), .. } => format!("(type {} ..)", name.name),
        Entity::Type { name, members: Some(Members::Some(ms)), .. } => {
            format!("(type {} {})", name.name, ms.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(" "))
        }
        Entity::Class(c) => format!("(class {})", c.name),
        Entity::Module(m) => format!("(module {})", m.name),
    }
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(" ")
}

fn idents(items: &[Ident]) -> String {
    list(items, |i| i.name.clone())
}

pub fn decl(d: &Decl) -> String {
    let doc = d.doc.as_ref().map(|doc| format!("(doc {doc:?}) ")).unwrap_or_default();
    let body = match &d.kind {
        DeclKind::Signature { names, ty: t } => format!("(sig ({}) {})", idents(names), ty(t)),
        DeclKind::Equation(eq) => {
            format!("(eq {} ({}) {}{})", eq.name.name, list(&eq.args, pat), rhs(&eq.rhs), wheres(&eq.wheres))
        }
        DeclKind::PatternBinding { pat: p, rhs: r, wheres: w } => {
            format!("(patbind {} {}{})", pat(p), rhs(r), wheres(w))
        }
        DeclKind::Data { name, params, constructors, deriving } => format!(
            "(data {} ({}) ({}){})",
            name.name,
            idents(params),
            list(constructors, constructor),
            derive(deriving)
        ),
        DeclKind::Newtype { name, params, constructor: c, deriving } => {
            format!("(newtype {} ({}) {}{})", name.name, idents(params), constructor(c), derive(deriving))
        }
        DeclKind::TypeSynonym { name, params, ty: t } => format!("(type {} ({}) {})", name.name, idents(params), ty(t)),
        DeclKind::Class { context, name, params, body } => {
            format!("(class ({}) {} ({}) ({}))", list(context, constraint), name.name, idents(params), list(body, decl))
        }
        DeclKind::Instance { context, class, args, body } => format!(
            "(instance ({}) {} ({}) ({}))",
            list(context, constraint),
            class.full(),
            list(args, ty),
            list(body, decl)
        ),
        DeclKind::Fixity(f) => {
            let assoc = match f.assoc {
                Assoc::Left => "infixl",
                Assoc::Right => "infixr",
                Assoc::None => "infix",
            };
            format!("({assoc} {} {} {})", f.precedence, f.function.full(), f.operator.name)
        }
        DeclKind::Foreign { name, ty: t } => format!("(foreign {} {})", name.name, ty(t)),
        DeclKind::Error => "(error)".to_string(),
    };
    format!("{doc}{body}")
}

fn wheres(ds: &[Decl]) -> String {
    if ds.is_empty() { String::new() } else { format!(" (where {})", list(ds, decl)) }
}

fn derive(names: &[Name]) -> String {
    if names.is_empty() { String::new() } else { format!(" (deriving {})", list(names, Name::full)) }
}

fn constructor(c: &Constructor) -> String {
    if c.args.is_empty() { c.name.name.clone() } else { format!("({} {})", c.name.name, list(&c.args, ty)) }
}

fn constraint(c: &Constraint) -> String {
    format!("({} {})", c.class.full(), list(&c.args, ty))
}

fn rhs(r: &Rhs) -> String {
    match r {
        Rhs::Plain(e) => expr(e),
        Rhs::Guarded(gs) => format!("(guarded {})", list(gs, guarded)),
    }
}

fn guarded(g: &GuardedExpr) -> String {
    format!("(| ({}) {})", list(&g.guards, guard), expr(&g.body))
}

fn guard(g: &Guard) -> String {
    match g {
        Guard::Bool(e) => expr(e),
        Guard::Bind(p, e) => format!("(<- {} {})", pat(p), expr(e)),
        Guard::Let(ds) => format!("(let {})", list(ds, decl)),
    }
}

pub fn ty(t: &Type) -> String {
    match &t.kind {
        TypeKind::Var(v) => v.name.clone(),
        TypeKind::Con(c) => c.full(),
        TypeKind::App(f, a) => format!("({} {})", ty(f), ty(a)),
        TypeKind::Fun(a, b) => format!("(-> {} {})", ty(a), ty(b)),
        TypeKind::Tuple(ts) => format!("(tuple {})", list(ts, ty)),
        TypeKind::List(t) => format!("[{}]", ty(t)),
        TypeKind::Record(row) => {
            let fields = list(&row.fields, |(n, t)| format!("({} {})", n.name, ty(t)));
            match &row.tail {
                Some(r) => format!("(record {fields} | {})", r.name),
                None => format!("(record {fields})"),
            }
        }
        TypeKind::Forall(vs, t) => format!("(forall ({}) {})", idents(vs), ty(t)),
        TypeKind::Constrained(cs, t) => format!("(=> ({}) {})", list(cs, constraint), ty(t)),
        TypeKind::Error => "(error)".to_string(),
    }
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Int(n) => n.to_string(),
        Literal::Float(x) => format!("{x:?}"),
        Literal::Char(c) => format!("{c:?}"),
        Literal::String(s) => format!("{s:?}"),
        Literal::Atom(a) => format!(":{a:?}"),
        Literal::Bool(b) => b.to_string(),
    }
}

pub fn pat(p: &Pat) -> String {
    match &p.kind {
        PatKind::Wildcard => "_".to_string(),
        PatKind::Var(v) => v.name.clone(),
        PatKind::Lit(l) => literal(l),
        PatKind::Con(c, args) if args.is_empty() => c.full(),
        PatKind::Con(c, args) => format!("({} {})", c.full(), list(args, pat)),
        PatKind::As(v, p) => format!("(@ {} {})", v.name, pat(p)),
        PatKind::Tuple(ps) => format!("(tuple {})", list(ps, pat)),
        PatKind::List(ps) => format!("(list {})", list(ps, pat)),
        PatKind::Cons(h, t) => format!("(: {} {})", pat(h), pat(t)),
        PatKind::ListCons(hs, t) => format!("(list-cons ({}) {})", list(hs, pat), pat(t)),
        PatKind::Record(fs) => format!(
            "(record {})",
            list(fs, |f| match &f.pat {
                Some(p) => format!("({} {})", f.name.name, pat(p)),
                None => f.name.name.clone(),
            })
        ),
        PatKind::Map(es) => format!("(map {})", list(es, |(k, v)| format!("({} {})", literal(k), pat(v)))),
        PatKind::Binary(ss) => format!("(binary {})", list(ss, |s| segment(s, pat))),
        PatKind::Typed(p, t) => format!("(:: {} {})", pat(p), ty(t)),
        PatKind::Error => "(error)".to_string(),
    }
}

fn segment<T>(s: &Segment<T>, f: impl Fn(&T) -> String) -> String {
    let mut out = format!("(seg {}", f(&s.value));
    if let Some(size) = &s.size {
        let _ = write!(out, " :{}", expr(size));
    }
    if !s.specs.is_empty() {
        let _ = write!(out, " /{}", s.specs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join("-"));
    }
    out.push(')');
    out
}

fn operator(op: &Operator) -> String {
    if op.backticks { format!("`{}`", op.name.full()) } else { op.name.full() }
}

pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Var(n) | ExprKind::Con(n) => n.full(),
        ExprKind::Lit(l) => literal(l),
        ExprKind::App(f, a) => format!("(app {} {})", expr(f), expr(a)),
        ExprKind::OpChain(first, rest) => {
            let mut out = format!("(chain {}", expr(first));
            for (op, e) in rest {
                let _ = write!(out, " {} {}", operator(op), expr(e));
            }
            out.push(')');
            out
        }
        ExprKind::BinOp(op, l, r) => format!("({} {} {})", operator(op), expr(l), expr(r)),
        ExprKind::Neg(e) => format!("(neg {})", expr(e)),
        ExprKind::Lambda(ps, body) => format!("(lambda ({}) {})", list(ps, pat), expr(body)),
        ExprKind::Case(es, alts) => format!("(case ({}) {})", list(es, expr), list(alts, alt)),
        ExprKind::If(c, t, f) => format!("(if {} {} {})", expr(c), expr(t), expr(f)),
        ExprKind::Let(ds, body) => format!("(let ({}) {})", list(ds, decl), expr(body)),
        ExprKind::Do(ss) => format!("(do {})", list(ss, stmt)),
        ExprKind::Receive(alts, after) => {
            let mut out = format!("(receive {}", list(alts, alt));
            if let Some(a) = after {
                let _ = write!(out, " (after {} {})", expr(&a.timeout), expr(&a.body));
            }
            out.push(')');
            out
        }
        ExprKind::Record(fs) => format!(
            "(record {})",
            list(fs, |f| match &f.value {
                Some(v) => format!("({} {})", f.name.name, expr(v)),
                None => f.name.name.clone(),
            })
        ),
        ExprKind::Access(e, f) => format!("(. {} {})", expr(e), f.name),
        ExprKind::Update(e, us) => format!("(update {} {})", expr(e), list(us, update)),
        ExprKind::List(es) => format!("(list {})", list(es, expr)),
        ExprKind::ListCons(hs, t) => format!("(list-cons ({}) {})", list(hs, expr), expr(t)),
        ExprKind::Range { from, then, to } => format!(
            "(range {} {} {})",
            expr(from),
            then.as_ref().map(|t| expr(t)).unwrap_or_else(|| "_".into()),
            to.as_ref().map(|t| expr(t)).unwrap_or_else(|| "_".into())
        ),
        ExprKind::Comprehension(e, qs) => format!("(for {} {})", expr(e), list(qs, stmt)),
        ExprKind::Tuple(es) => format!("(tuple {})", list(es, expr)),
        ExprKind::Map(es) => format!("(map {})", list(es, |(k, v)| format!("({} {})", expr(k), expr(v)))),
        ExprKind::Binary(ss) => format!("(binary {})", list(ss, |s| segment(s, expr))),
        ExprKind::OpRef(op) => format!("(op {})", operator(op)),
        ExprKind::LeftSection(e, op) => format!("(section-left {} {})", expr(e), operator(op)),
        ExprKind::RightSection(op, e) => format!("(section-right {} {})", operator(op), expr(e)),
        ExprKind::Wildcard => "_".to_string(),
        ExprKind::Hole(h) => format!("?{h}"),
        ExprKind::Typed(e, t) => format!("(:: {} {})", expr(e), ty(t)),
        ExprKind::Error => "(error)".to_string(),
    }
}

fn alt(a: &Alt) -> String {
    format!("(alt ({}) {})", list(&a.pats, pat), rhs(&a.rhs))
}

fn update(u: &FieldUpdate) -> String {
    match &u.value {
        UpdateValue::Set(e) => format!("({} {})", u.name.name, expr(e)),
        UpdateValue::Nested(us) => format!("({} {})", u.name.name, list(us, update)),
    }
}

fn stmt(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Bind(p, e) => format!("(<- {} {})", pat(p), expr(e)),
        StmtKind::Let(ds) => format!("(let {})", list(ds, decl)),
        StmtKind::Expr(e) => expr(e),
        StmtKind::Error => "(error)".to_string(),
    }
}
