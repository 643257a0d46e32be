//! Span erasure, for comparing trees parsed from different texts.

use super::*;
use crate::span::Span;

/// Sets every span in `node` to `Span::default()`, so that two trees compare equal when they
/// differ only in where their text stood.
pub fn erase_spans<T: EraseSpans + ?Sized>(node: &mut T) {
    node.erase_spans();
}

/// A syntax tree node whose spans can be erased; see [`erase_spans`].
pub trait EraseSpans {
    fn erase_spans(&mut self);
}

impl EraseSpans for Span {
    fn erase_spans(&mut self) {
        *self = Span::default();
    }
}

impl<T: EraseSpans> EraseSpans for Box<T> {
    fn erase_spans(&mut self) {
        (**self).erase_spans();
    }
}

impl<T: EraseSpans> EraseSpans for Option<T> {
    fn erase_spans(&mut self) {
        if let Some(x) = self {
            x.erase_spans();
        }
    }
}

impl<T: EraseSpans> EraseSpans for [T] {
    fn erase_spans(&mut self) {
        for x in self {
            x.erase_spans();
        }
    }
}

impl<T: EraseSpans> EraseSpans for Vec<T> {
    fn erase_spans(&mut self) {
        self.as_mut_slice().erase_spans();
    }
}

impl<A: EraseSpans, B: EraseSpans> EraseSpans for (A, B) {
    fn erase_spans(&mut self) {
        self.0.erase_spans();
        self.1.erase_spans();
    }
}

/// Nodes without spans of their own.
macro_rules! no_spans {
    ($($t:ty),*) => {
        $(impl EraseSpans for $t {
            fn erase_spans(&mut self) {}
        })*
    };
}

no_spans!(Literal, Assoc);

/// Structs: erase the listed fields.
macro_rules! fields {
    ($($t:ty { $($f:ident),* })*) => {
        $(impl EraseSpans for $t {
            fn erase_spans(&mut self) {
                $(self.$f.erase_spans();)*
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

impl<T: EraseSpans> EraseSpans for Segment<T> {
    fn erase_spans(&mut self) {
        self.value.erase_spans();
        self.size.erase_spans();
        self.specs.erase_spans();
        self.span.erase_spans();
    }
}

impl EraseSpans for Entity {
    fn erase_spans(&mut self) {
        match self {
            Entity::Value(i) | Entity::Class(i) => i.erase_spans(),
            Entity::Type { name, members, span } => {
                name.erase_spans();
                if let Some(Members::Some(names)) = members {
                    names.erase_spans();
                }
                span.erase_spans();
            }
            Entity::Module(m) => m.erase_spans(),
        }
    }
}

impl EraseSpans for ImportList {
    fn erase_spans(&mut self) {
        match self {
            ImportList::Only(entities) | ImportList::Hiding(entities) => entities.erase_spans(),
        }
    }
}

impl EraseSpans for DeclKind {
    fn erase_spans(&mut self) {
        match self {
            DeclKind::Signature { names, ty } => {
                names.erase_spans();
                ty.erase_spans();
            }
            DeclKind::Equation(eq) => eq.erase_spans(),
            DeclKind::PatternBinding { pat, rhs, wheres } => {
                pat.erase_spans();
                rhs.erase_spans();
                wheres.erase_spans();
            }
            DeclKind::Data { name, params, constructors, deriving } => {
                name.erase_spans();
                params.erase_spans();
                constructors.erase_spans();
                deriving.erase_spans();
            }
            DeclKind::Newtype { name, params, constructor, deriving } => {
                name.erase_spans();
                params.erase_spans();
                constructor.erase_spans();
                deriving.erase_spans();
            }
            DeclKind::TypeSynonym { name, params, ty } => {
                name.erase_spans();
                params.erase_spans();
                ty.erase_spans();
            }
            DeclKind::Class { context, name, params, body } => {
                context.erase_spans();
                name.erase_spans();
                params.erase_spans();
                body.erase_spans();
            }
            DeclKind::Instance { context, class, args, body } => {
                context.erase_spans();
                class.erase_spans();
                args.erase_spans();
                body.erase_spans();
            }
            DeclKind::Fixity(f) => f.erase_spans(),
            DeclKind::Foreign { name, ty } => {
                name.erase_spans();
                ty.erase_spans();
            }
            DeclKind::Error => {}
        }
    }
}

impl EraseSpans for Rhs {
    fn erase_spans(&mut self) {
        match self {
            Rhs::Plain(e) => e.erase_spans(),
            Rhs::Guarded(alternatives) => alternatives.erase_spans(),
        }
    }
}

impl EraseSpans for Guard {
    fn erase_spans(&mut self) {
        match self {
            Guard::Bool(e) => e.erase_spans(),
            Guard::Bind(p, e) => {
                p.erase_spans();
                e.erase_spans();
            }
            Guard::Let(decls) => decls.erase_spans(),
        }
    }
}

impl EraseSpans for TypeKind {
    fn erase_spans(&mut self) {
        match self {
            TypeKind::Var(v) => v.erase_spans(),
            TypeKind::Con(n) => n.erase_spans(),
            TypeKind::App(a, b) | TypeKind::Fun(a, b) => {
                a.erase_spans();
                b.erase_spans();
            }
            TypeKind::Tuple(items) => items.erase_spans(),
            TypeKind::List(t) => t.erase_spans(),
            TypeKind::Record(row) => row.erase_spans(),
            TypeKind::Forall(vars, t) => {
                vars.erase_spans();
                t.erase_spans();
            }
            TypeKind::Constrained(context, t) => {
                context.erase_spans();
                t.erase_spans();
            }
            TypeKind::Error => {}
        }
    }
}

impl EraseSpans for PatKind {
    fn erase_spans(&mut self) {
        match self {
            PatKind::Wildcard | PatKind::Lit(_) | PatKind::Error => {}
            PatKind::Var(v) => v.erase_spans(),
            PatKind::Con(n, args) => {
                n.erase_spans();
                args.erase_spans();
            }
            PatKind::As(v, p) => {
                v.erase_spans();
                p.erase_spans();
            }
            PatKind::Tuple(items) | PatKind::List(items) => items.erase_spans(),
            PatKind::Cons(a, b) => {
                a.erase_spans();
                b.erase_spans();
            }
            PatKind::ListCons(heads, tail) => {
                heads.erase_spans();
                tail.erase_spans();
            }
            PatKind::Record(fields) => fields.erase_spans(),
            PatKind::Map(entries) => entries.erase_spans(),
            PatKind::Binary(segments) => segments.erase_spans(),
            PatKind::Typed(p, t) => {
                p.erase_spans();
                t.erase_spans();
            }
        }
    }
}

impl EraseSpans for ExprKind {
    fn erase_spans(&mut self) {
        use ExprKind as K;
        match self {
            K::Var(n) | K::Con(n) => n.erase_spans(),
            K::Lit(_) | K::Wildcard | K::Hole(_) | K::Error => {}
            K::App(a, b) => {
                a.erase_spans();
                b.erase_spans();
            }
            K::OpChain(first, rest) => {
                first.erase_spans();
                rest.erase_spans();
            }
            K::BinOp(op, a, b) => {
                op.erase_spans();
                a.erase_spans();
                b.erase_spans();
            }
            K::Neg(e) => e.erase_spans(),
            K::Lambda(pats, body) => {
                pats.erase_spans();
                body.erase_spans();
            }
            K::Case(scrutinees, alts) => {
                scrutinees.erase_spans();
                alts.erase_spans();
            }
            K::If(c, t, f) => {
                c.erase_spans();
                t.erase_spans();
                f.erase_spans();
            }
            K::Let(decls, body) => {
                decls.erase_spans();
                body.erase_spans();
            }
            K::Do(stmts) => stmts.erase_spans(),
            K::Receive(alts, after) => {
                alts.erase_spans();
                after.erase_spans();
            }
            K::Record(fields) => fields.erase_spans(),
            K::Access(e, field) => {
                e.erase_spans();
                field.erase_spans();
            }
            K::Update(e, updates) => {
                e.erase_spans();
                updates.erase_spans();
            }
            K::List(items) | K::Tuple(items) => items.erase_spans(),
            K::ListCons(heads, tail) => {
                heads.erase_spans();
                tail.erase_spans();
            }
            K::Range { from, then, to } => {
                from.erase_spans();
                then.erase_spans();
                to.erase_spans();
            }
            K::Comprehension(head, quals) => {
                head.erase_spans();
                quals.erase_spans();
            }
            K::Map(entries) => entries.erase_spans(),
            K::Binary(segments) => segments.erase_spans(),
            K::OpRef(op) => op.erase_spans(),
            K::LeftSection(e, op) | K::RightSection(op, e) => {
                e.erase_spans();
                op.erase_spans();
            }
            K::Typed(e, t) => {
                e.erase_spans();
                t.erase_spans();
            }
        }
    }
}

impl EraseSpans for UpdateValue {
    fn erase_spans(&mut self) {
        match self {
            UpdateValue::Set(e) => e.erase_spans(),
            UpdateValue::Nested(updates) => updates.erase_spans(),
        }
    }
}

impl EraseSpans for StmtKind {
    fn erase_spans(&mut self) {
        match self {
            StmtKind::Bind(p, e) => {
                p.erase_spans();
                e.erase_spans();
            }
            StmtKind::Let(decls) => decls.erase_spans(),
            StmtKind::Expr(e) => e.erase_spans(),
            StmtKind::Error => {}
        }
    }
}
