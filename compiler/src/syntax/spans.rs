//! Every span of a syntax tree, to rewrite: erased, for comparing trees parsed from different
//! texts; moved, for a declaration that the database keeps relative to its own start.

use super::ast::*;
use crate::span::Span;

/// Sets every span in `node` to `Span::default()`, so that two trees compare equal when they
/// differ only in where their text stood.
pub fn erase_spans<T: Spans + ?Sized>(node: &mut T) {
    node.each_span(&mut |s| *s = Span::default());
}

/// Moves every span in `node` back by `offset` bytes (spans must not start before it).
pub fn relative_spans<T: Spans + ?Sized>(node: &mut T, offset: u32) {
    node.each_span(&mut |s| {
        s.start = s.start.saturating_sub(offset);
        s.end = s.end.saturating_sub(offset);
    });
}

/// A syntax tree node, whose spans [`Spans::each_span`] visits.
pub trait Spans {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span));
}

impl Spans for Span {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        visit(self);
    }
}

impl<T: Spans> Spans for Box<T> {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        (**self).each_span(visit);
    }
}

impl<T: Spans> Spans for Option<T> {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        if let Some(x) = self {
            x.each_span(visit);
        }
    }
}

impl<T: Spans> Spans for [T] {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        for x in self {
            x.each_span(visit);
        }
    }
}

impl<T: Spans> Spans for Vec<T> {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        self.as_mut_slice().each_span(visit);
    }
}

impl<A: Spans, B: Spans> Spans for (A, B) {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        self.0.each_span(visit);
        self.1.each_span(visit);
    }
}

/// Nodes without spans of their own.
macro_rules! no_spans {
    ($($t:ty),*) => {
        $(impl Spans for $t {
            fn each_span(&mut self, _: &mut dyn FnMut(&mut Span)) {}
        })*
    };
}

no_spans!(Literal, Assoc);

/// Structs: erase the listed fields.
macro_rules! fields {
    ($($t:ty { $($f:ident),* })*) => {
        $(impl Spans for $t {
            fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
                $(self.$f.each_span(visit);)*
            }
        })*
    };
}

fields! {
    Name { span }
    Ident { span }
    ModuleName { span }
    Module { header, imports, decls, span }
    ModuleHeader { name, exports, span }
    Import { module, alias, list, span }
    Decl { kind, span }
    Equation { name, args, rhs, wheres }
    Fixity { function, operator }
    Constructor { name, args, span }
    GuardedExpr { guards, body, span }
    Constraint { class, args, span }
    Type { kind, span }
    Row { fields, tail }
    Pat { kind, span }
    FieldPat { name, pat }
    Expr { kind, span }
    Operator { name }
    Alt { pats, rhs, span }
    After { timeout, body, span }
    FieldExpr { name, value }
    FieldUpdate { name, value }
    Stmt { kind, span }
}

impl<T: Spans> Spans for Segment<T> {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        self.value.each_span(visit);
        self.size.each_span(visit);
        self.specs.each_span(visit);
        self.span.each_span(visit);
    }
}

impl Spans for Entity {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            Entity::Value(i) | Entity::Class(i) => i.each_span(visit),
            Entity::Type { name, members, span } => {
                name.each_span(visit);
                if let Some(Members::Some(names)) = members {
                    names.each_span(visit);
                }
                span.each_span(visit);
            }
            Entity::Module(m) => m.each_span(visit),
        }
    }
}

impl Spans for ImportList {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            ImportList::Only(entities) | ImportList::Hiding(entities) => entities.each_span(visit),
        }
    }
}

impl Spans for DeclKind {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            DeclKind::Signature { names, ty } => {
                names.each_span(visit);
                ty.each_span(visit);
            }
            DeclKind::Equation(eq) => eq.each_span(visit),
            DeclKind::PatternBinding { pat, rhs, wheres } => {
                pat.each_span(visit);
                rhs.each_span(visit);
                wheres.each_span(visit);
            }
            DeclKind::Data { name, params, constructors, deriving } => {
                name.each_span(visit);
                params.each_span(visit);
                constructors.each_span(visit);
                deriving.each_span(visit);
            }
            DeclKind::Newtype { name, params, constructor, deriving } => {
                name.each_span(visit);
                params.each_span(visit);
                constructor.each_span(visit);
                deriving.each_span(visit);
            }
            DeclKind::TypeSynonym { name, params, ty } => {
                name.each_span(visit);
                params.each_span(visit);
                ty.each_span(visit);
            }
            DeclKind::Class { context, name, params, body } => {
                context.each_span(visit);
                name.each_span(visit);
                params.each_span(visit);
                body.each_span(visit);
            }
            DeclKind::Instance { context, class, args, body } => {
                context.each_span(visit);
                class.each_span(visit);
                args.each_span(visit);
                body.each_span(visit);
            }
            DeclKind::Fixity(f) => f.each_span(visit),
            DeclKind::Foreign { name, ty } => {
                name.each_span(visit);
                ty.each_span(visit);
            }
            DeclKind::Error => {}
        }
    }
}

impl Spans for Rhs {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            Rhs::Plain(e) => e.each_span(visit),
            Rhs::Guarded(alternatives) => alternatives.each_span(visit),
        }
    }
}

impl Spans for Guard {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            Guard::Bool(e) => e.each_span(visit),
            Guard::Bind(p, e) => {
                p.each_span(visit);
                e.each_span(visit);
            }
            Guard::Let(decls) => decls.each_span(visit),
        }
    }
}

impl Spans for TypeKind {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            TypeKind::Var(v) => v.each_span(visit),
            TypeKind::Con(n) => n.each_span(visit),
            TypeKind::App(a, b) | TypeKind::Fun(a, b) => {
                a.each_span(visit);
                b.each_span(visit);
            }
            TypeKind::Tuple(items) => items.each_span(visit),
            TypeKind::List(t) => t.each_span(visit),
            TypeKind::Record(row) => row.each_span(visit),
            TypeKind::Forall(vars, t) => {
                vars.each_span(visit);
                t.each_span(visit);
            }
            TypeKind::Constrained(context, t) => {
                context.each_span(visit);
                t.each_span(visit);
            }
            TypeKind::Error => {}
        }
    }
}

impl Spans for PatKind {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            PatKind::Wildcard | PatKind::Lit(_) | PatKind::Error => {}
            PatKind::Var(v) => v.each_span(visit),
            PatKind::Con(n, args) => {
                n.each_span(visit);
                args.each_span(visit);
            }
            PatKind::As(v, p) => {
                v.each_span(visit);
                p.each_span(visit);
            }
            PatKind::Tuple(items) | PatKind::List(items) => items.each_span(visit),
            PatKind::Cons(a, b) => {
                a.each_span(visit);
                b.each_span(visit);
            }
            PatKind::ListCons(heads, tail) => {
                heads.each_span(visit);
                tail.each_span(visit);
            }
            PatKind::Record(fields) => fields.each_span(visit),
            PatKind::Map(entries) => entries.each_span(visit),
            PatKind::Binary(segments) => segments.each_span(visit),
            PatKind::Typed(p, t) => {
                p.each_span(visit);
                t.each_span(visit);
            }
        }
    }
}

impl Spans for ExprKind {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        use ExprKind as K;
        match self {
            K::Var(n) | K::Con(n) => n.each_span(visit),
            K::Lit(_) | K::Wildcard | K::Hole(_) | K::Error => {}
            K::App(a, b) => {
                a.each_span(visit);
                b.each_span(visit);
            }
            K::OpChain(first, rest) => {
                first.each_span(visit);
                rest.each_span(visit);
            }
            K::BinOp(op, a, b) => {
                op.each_span(visit);
                a.each_span(visit);
                b.each_span(visit);
            }
            K::Neg(e) => e.each_span(visit),
            K::Lambda(pats, body) => {
                pats.each_span(visit);
                body.each_span(visit);
            }
            K::Case(scrutinees, alts) => {
                scrutinees.each_span(visit);
                alts.each_span(visit);
            }
            K::If(c, t, f) => {
                c.each_span(visit);
                t.each_span(visit);
                f.each_span(visit);
            }
            K::Let(decls, body) => {
                decls.each_span(visit);
                body.each_span(visit);
            }
            K::Do(stmts) => stmts.each_span(visit),
            K::Receive(alts, after) => {
                alts.each_span(visit);
                after.each_span(visit);
            }
            K::Record(fields) => fields.each_span(visit),
            K::Access(e, field) => {
                e.each_span(visit);
                field.each_span(visit);
            }
            K::Update(e, updates) => {
                e.each_span(visit);
                updates.each_span(visit);
            }
            K::List(items) | K::Tuple(items) => items.each_span(visit),
            K::ListCons(heads, tail) => {
                heads.each_span(visit);
                tail.each_span(visit);
            }
            K::Range { from, then, to } => {
                from.each_span(visit);
                then.each_span(visit);
                to.each_span(visit);
            }
            K::Comprehension(head, quals) => {
                head.each_span(visit);
                quals.each_span(visit);
            }
            K::Map(entries) => entries.each_span(visit),
            K::Binary(segments) => segments.each_span(visit),
            K::OpRef(op) => op.each_span(visit),
            K::LeftSection(e, op) | K::RightSection(op, e) => {
                e.each_span(visit);
                op.each_span(visit);
            }
            K::Typed(e, t) => {
                e.each_span(visit);
                t.each_span(visit);
            }
        }
    }
}

impl Spans for UpdateValue {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            UpdateValue::Set(e) => e.each_span(visit),
            UpdateValue::Nested(updates) => updates.each_span(visit),
        }
    }
}

impl Spans for StmtKind {
    fn each_span(&mut self, visit: &mut dyn FnMut(&mut Span)) {
        match self {
            StmtKind::Bind(p, e) => {
                p.each_span(visit);
                e.each_span(visit);
            }
            StmtKind::Let(decls) => decls.each_span(visit),
            StmtKind::Expr(e) => e.each_span(visit),
            StmtKind::Error => {}
        }
    }
}
