//! Expressions, statements, alternatives and right-hand sides.
//!
//! Each position says what may stand there unparenthesised ([`Want`], after the grammar's
//! `Expr` > `Chain` > `Operand` > `FExpr` > `AExpr` tiers) and whether it is in tail position
//! for layout ([`Ctx::tail`]).

use super::pat::PatLevel;
use super::ty::TypeLevel;
use super::*;

use ExprKind as K;

/// What may stand at a position without parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// Directly inside parentheses the printer wrote: anything.
    Paren,
    /// A full expression: `e :: T` (unless [`Ctx::no_type`]), lambdas, operator chains.
    Expr,
    /// The operand of `e :: T`: a chain that does not end in a lambda, `let` or `if`.
    Closed,
    /// An operand of an operator chain, not the last one.
    Operand,
    /// The last operand of a chain, which may be a lambda or `do` (`f $ \x -> …`).
    LastOperand,
    /// The function of an application, or what `-` negates.
    Head,
    /// An argument of an application.
    Arg,
    /// The record left of `.field` or `{ field = … }`.
    Target,
    /// The value of a binary segment.
    Segment,
}

/// Where an expression stands.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    pub want: Want,
    /// A `::` here would be read as part of something else (guards, map keys, timeouts).
    pub no_type: bool,
    /// Layout: whatever follows starts a new line at or left of the current indentation, so a
    /// block may span lines here.
    pub tail: bool,
}

impl Ctx {
    /// The body of a declaration, alternative or statement.
    pub const TOP: Ctx = Ctx { want: Want::Expr, no_type: false, tail: true };
    /// A full expression with more on its line after it: `,`, `)`, `then`, `of` …
    const INNER: Ctx = Ctx { want: Want::Expr, no_type: false, tail: false };
    /// Guards, map keys, timeouts: followed by `=`, `->`, `=>` or `<-`.
    const NO_TYPE: Ctx = Ctx { want: Want::Expr, no_type: true, tail: false };

    fn want(want: Want) -> Ctx {
        Ctx { want, no_type: false, tail: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

impl Printer<'_> {
    pub(super) fn expr(&mut self, e: &Expr, ctx: Ctx) {
        if !ctx.tail && !self.inline {
            // Whatever follows is on this line, so no block inside may use layout.
            self.inline(|p| p.expr(e, ctx));
        } else if needs_parens(e, ctx) {
            self.inline(|p| {
                p.w("(");
                p.expr_bare(e, Ctx::want(Want::Paren));
                p.w(")");
            });
        } else {
            self.expr_bare(e, ctx);
        }
    }

    fn expr_bare(&mut self, e: &Expr, ctx: Ctx) {
        match &e.kind {
            K::Var(n) => self.w(&value_name(n)),
            K::Con(n) => self.w(&n.full()),
            K::Lit(l) => self.w(&literal(l)),
            K::App(..) => self.app(e, ctx),
            K::OpChain(first, rest) => {
                self.expr(first, Ctx::want(Want::Operand));
                for (n, (op, operand)) in rest.iter().enumerate() {
                    self.w(" ");
                    self.w(&operator(op));
                    self.w(" ");
                    self.chain_operand(operand, ctx, n + 1 == rest.len());
                }
            }
            K::BinOp(op, l, r) => self.bin_op(op, l, r, ctx),
            K::Neg(inner) => {
                self.w("-");
                self.expr(inner, Ctx::want(Want::Head));
            }
            K::Lambda(pats, body) => {
                self.w("\\");
                for (n, p) in pats.iter().enumerate() {
                    if n > 0 {
                        self.w(" ");
                    }
                    self.pat(p, PatLevel::Atom);
                }
                self.w(" -> ");
                self.expr(body, Ctx { want: Want::Expr, ..ctx });
            }
            K::Case(scrutinees, alts) => {
                self.w("case ");
                self.commas(scrutinees, |p, s| p.expr(s, Ctx::INNER));
                self.w(" of");
                self.block(alts, |p, a| p.alt(a));
            }
            K::If(c, t, f) => self.if_expr(c, t, f, ctx),
            K::Let(decls, body) => self.let_expr(decls, body, ctx),
            K::Do(stmts) => {
                self.w("do");
                self.block(stmts, |p, s| p.stmt(s));
            }
            K::Receive(alts, after) => self.receive(alts, after.as_ref(), ctx),
            K::Record(fields) => self.record(fields, |p, f| {
                p.w(&f.name.name);
                if let Some(v) = &f.value {
                    p.w(" = ");
                    p.expr(v, Ctx::INNER);
                }
            }),
            K::Access(target, field) => {
                self.expr(target, Ctx::want(Want::Target));
                self.w(".");
                self.w(&field.name);
            }
            K::Update(target, updates) => {
                self.expr(target, Ctx::want(Want::Target));
                self.w(" ");
                self.updates(updates);
            }
            K::List(items) => {
                self.w("[");
                self.commas(items, |p, i| p.expr(i, Ctx::INNER));
                self.w("]");
            }
            K::ListCons(heads, tail) => {
                self.w("[");
                self.commas(heads, |p, i| p.expr(i, Ctx::INNER));
                self.w(" | ");
                self.expr(tail, Ctx::INNER);
                self.w("]");
            }
            K::Range { from, then, to } => {
                self.w("[");
                self.expr(from, Ctx::INNER);
                if let Some(then) = then {
                    self.w(", ");
                    self.expr(then, Ctx::INNER);
                }
                self.w("..");
                if let Some(to) = to {
                    self.expr(to, Ctx::INNER);
                }
                self.w("]");
            }
            K::Comprehension(head, quals) => {
                self.w("[");
                self.expr(head, Ctx::INNER);
                self.w(" | ");
                self.commas(quals, |p, q| p.qualifier(q));
                self.w("]");
            }
            K::Tuple(items) => {
                self.w("(");
                self.commas(items, |p, i| p.expr(i, Ctx::INNER));
                self.w(")");
            }
            K::Map(entries) => {
                self.w("#{");
                self.commas(entries, |p, (k, v)| {
                    p.expr(k, Ctx::NO_TYPE);
                    p.w(" => ");
                    p.expr(v, Ctx::INNER);
                });
                self.w("}");
            }
            K::Binary(segments) => self.binary(segments, |p, v| p.expr(v, Ctx::want(Want::Segment))),
            K::OpRef(op) => {
                self.w("(");
                self.w(&operator(op));
                self.w(")");
            }
            K::LeftSection(operand, op) => {
                self.w("(");
                self.expr(operand, Ctx::want(Want::Operand));
                self.w(" ");
                self.w(&operator(op));
                self.w(")");
            }
            K::RightSection(op, operand) => {
                self.w("(");
                self.w(&operator(op));
                self.w(" ");
                self.expr(operand, Ctx::want(Want::Operand));
                self.w(")");
            }
            K::Wildcard => self.w("_"),
            K::Hole(name) => self.w(&format!("?{name}")),
            K::Typed(inner, t) => {
                self.expr(inner, Ctx::want(Want::Closed));
                self.w(" :: ");
                self.ty(t, TypeLevel::Top);
            }
            K::Error => self.w("?error"),
        }
    }

    fn app(&mut self, e: &Expr, ctx: Ctx) {
        let (head, args) = e.spine();
        self.expr(head, Ctx::want(Want::Head));
        for (n, a) in args.iter().enumerate() {
            self.w(" ");
            let last = n + 1 == args.len();
            if n == 0 && matches!(head.kind, K::Con(_)) && matches!(&a.kind, K::Record(fields) if !fields.is_empty()) {
                // `Just { id, value = 2 }`: braces after a constructor are its argument.
                self.expr(a, Ctx::want(Want::Paren));
            } else if last && self.block_argument(a, ctx) {
                // for_ xs \x -> do
                //   println x
                self.expr(a, Ctx { want: Want::Expr, ..ctx });
            } else {
                self.expr(a, Ctx::want(Want::Arg));
            }
        }
    }

    /// Whether the last argument of an application in `ctx` is a lambda or `do` over several
    /// lines, which reads best unparenthesised so that its block can use layout.
    fn block_argument(&self, a: &Expr, ctx: Ctx) -> bool {
        !self.inline
            && ctx.tail
            && matches!(ctx.want, Want::Expr | Want::LastOperand)
            && matches!(a.kind, K::Lambda(..) | K::Do(_))
            && has_block(a)
    }

    /// An operand of a flat chain; the last one may end the chain openly.
    fn chain_operand(&mut self, e: &Expr, ctx: Ctx, last: bool) {
        let open_end = last && matches!(ctx.want, Want::Expr | Want::Paren);
        let want = if open_end { Want::LastOperand } else { Want::Operand };
        self.expr(e, Ctx { want, no_type: ctx.no_type, tail: ctx.tail && last });
    }

    fn bin_op(&mut self, op: &Operator, l: &Expr, r: &Expr, ctx: Ctx) {
        self.bin_operand(l, op, Side::Left, ctx);
        self.w(" ");
        self.w(&operator(op));
        self.w(" ");
        self.bin_operand(r, op, Side::Right, ctx);
    }

    /// An operand of a resolved operator: parenthesised if it is an operator application
    /// itself, unless the fixities say the parentheses are redundant.
    fn bin_operand(&mut self, e: &Expr, parent: &Operator, side: Side, ctx: Ctx) {
        if let K::BinOp(op, l, r) = &e.kind
            && !has_wildcard_operand(e)
            && self.fixity_groups(parent, op, side)
        {
            let want = if side == Side::Right { ctx.want } else { Want::Closed };
            self.bin_op(op, l, r, Ctx { want, no_type: ctx.no_type, tail: ctx.tail && side == Side::Right });
        } else {
            self.chain_operand(e, ctx, side == Side::Right);
        }
    }

    /// Whether `child` on the `side` of `parent` groups that way without parentheses.
    fn fixity_groups(&self, parent: &Operator, child: &Operator, side: Side) -> bool {
        let Some(lookup) = self.fixity else { return false };
        let (Some((parent_assoc, parent_prec)), Some((child_assoc, child_prec))) = (lookup(parent), lookup(child))
        else {
            return false;
        };
        let wanted = if side == Side::Left { Assoc::Left } else { Assoc::Right };
        child_prec > parent_prec || (child_prec == parent_prec && parent_assoc == wanted && child_assoc == wanted)
    }

    fn if_expr(&mut self, c: &Expr, t: &Expr, f: &Expr, ctx: Ctx) {
        let one_line = |p: &mut Printer<'_>| {
            p.w("if ");
            p.expr(c, Ctx::INNER);
            p.w(" then ");
            p.expr(t, Ctx::INNER);
            p.w(" else ");
            p.expr(f, Ctx { want: Want::Expr, ..ctx });
        };
        if self.inline {
            return one_line(self);
        }
        if ![c, t, f].into_iter().any(has_block) {
            let text = self.render_inline(one_line);
            if self.fits(&text) {
                return self.w(&text);
            }
        }
        self.w("if ");
        self.expr(c, Ctx::INNER);
        let branch = self.indent + 2;
        self.indented(branch, |p| {
            p.nl();
            p.w("then ");
            p.expr(t, Ctx::TOP);
            p.nl();
            p.w("else ");
            p.expr(f, Ctx { want: Want::Expr, no_type: ctx.no_type, tail: true });
        });
    }

    fn let_expr(&mut self, decls: &[Decl], body: &Expr, ctx: Ctx) {
        let body_ctx = Ctx { want: Want::Expr, ..ctx };
        // `let x = 1 in e`: the `in` ends the implicit block. A comma would end it too.
        let one_line_ok = decls.len() == 1
            && !decl_has_block(&decls[0])
            && !matches!(&decls[0].kind, DeclKind::Signature { names, .. } if names.len() > 1)
            && !self.explicit
            && !self.opens_brace(|p| p.decl_item(&decls[0]));
        let one_line = |p: &mut Printer<'_>| {
            p.w("let ");
            p.inline(|p| p.decl_item(&decls[0]));
            p.w(" in ");
            p.expr(body, body_ctx);
        };
        if one_line_ok && self.inline {
            return one_line(self);
        }
        if self.inline || decls.is_empty() || self.opens_brace(|p| p.decl_item(&decls[0])) {
            // The `in` after `}` would close an enclosing implicit `let` as well, unless
            // a bracket stands between them.
            return self.parenthesised(ctx, |p| {
                p.w("let ");
                p.braced(decls, |p, d| p.decl_item(d));
                p.w(" in ");
                p.expr(body, body_ctx);
            });
        }
        if one_line_ok && !has_block(body) {
            let text = self.render_inline(one_line);
            if self.fits(&text) {
                return self.w(&text);
            }
        }
        // let x = 1
        //     y = 2
        //  in body
        // with `in` right of `let` so that it continues the enclosing item.
        let start = if self.col() > self.indent { self.indent + 2 } else { self.indent };
        self.indented(start, |p| {
            if p.col() > p.indent {
                p.nl();
            }
            let column = p.col();
            p.w("let ");
            p.aligned_block(decls, |p, d| p.decl_item(d));
            p.indented(column + 1, |p| {
                p.nl();
                p.w("in ");
                p.expr(body, body_ctx);
            });
        });
    }

    fn receive(&mut self, alts: &[Alt], after: Option<&After>, ctx: Ctx) {
        let braced = self.inline || alts.is_empty() || self.opens_brace(|p| p.alt(&alts[0]));
        let Some(after) = after else {
            self.w("receive");
            return self.block(alts, |p, a| p.alt(a));
        };
        if braced {
            // An `after` following `}` would attach to an enclosing `receive` block, unless a
            // bracket stands between them.
            return self.parenthesised(ctx, |p| {
                p.w("receive ");
                p.braced(alts, |p, a| p.alt(a));
                p.w(" after ");
                p.braced(std::slice::from_ref(after), |p, a| p.after_clause(a));
            });
        }
        self.w("receive");
        self.block(alts, |p, a| p.alt(a));
        // `after` at the column of the alternatives.
        let alternatives = self.indent + 2;
        self.indented(alternatives, |p| {
            p.nl();
            p.w("after");
            let multi_line = has_block(&after.timeout) || has_block(&after.body);
            if multi_line || p.opens_brace(|p| p.after_clause(after)) {
                p.block(std::slice::from_ref(after), |p, a| p.after_clause(a));
            } else {
                p.w(" ");
                p.inline(|p| p.after_clause(after));
            }
        });
    }

    /// `f` inline, in parentheses unless it already stands directly inside some.
    fn parenthesised(&mut self, ctx: Ctx, f: impl FnOnce(&mut Self)) {
        self.inline(|p| {
            if ctx.want == Want::Paren {
                f(p);
            } else {
                p.w("(");
                f(p);
                p.w(")");
            }
        });
    }

    fn after_clause(&mut self, after: &After) {
        self.expr(&after.timeout, Ctx::NO_TYPE);
        self.w(" -> ");
        self.expr(&after.body, Ctx::TOP);
    }

    pub(super) fn alt(&mut self, alt: &Alt) {
        self.commas(&alt.pats, |p, pat| p.pat(pat, PatLevel::Top));
        self.rhs(&alt.rhs, "->", false);
    }

    /// `= e`, `-> e`, or guarded alternatives. With a `where` after it, the body's own blocks
    /// are indented past the `where`, so that the `where` closes them.
    pub(super) fn rhs(&mut self, rhs: &Rhs, separator: &str, has_where: bool) {
        let body_indent = if has_where && !self.inline { self.indent + 2 } else { self.indent };
        match rhs {
            Rhs::Plain(e) => {
                self.w(" ");
                self.w(separator);
                self.w(" ");
                self.indented(body_indent, |p| p.expr(e, Ctx::TOP));
            }
            Rhs::Guarded(alternatives) if alternatives.len() == 1 || self.inline => {
                for g in alternatives {
                    self.w(" ");
                    self.indented(body_indent, |p| p.guarded(g, separator));
                }
            }
            Rhs::Guarded(alternatives) => {
                let guards = self.indent + 2;
                self.indented(guards, |p| {
                    for g in alternatives {
                        p.nl();
                        p.guarded(g, separator);
                    }
                });
            }
        }
    }

    fn guarded(&mut self, g: &GuardedExpr, separator: &str) {
        self.w("| ");
        self.commas(&g.guards, |p, guard| match guard {
            Guard::Bool(e) => p.expr(e, Ctx::NO_TYPE),
            Guard::Bind(pat, e) => {
                p.pat(pat, PatLevel::Top);
                p.w(" <- ");
                p.expr(e, Ctx::NO_TYPE);
            }
            // Braces: only the parser knows where an implicit block would end here.
            Guard::Let(decls) => {
                p.w("let ");
                p.braced(decls, |p, d| p.decl_item(d));
            }
        });
        self.w(" ");
        self.w(separator);
        self.w(" ");
        self.expr(&g.body, Ctx::TOP);
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Bind(pat, e) => {
                self.pat(pat, PatLevel::Top);
                self.w(" <- ");
                self.expr(e, Ctx::TOP);
            }
            StmtKind::Let(decls) => {
                self.w("let ");
                self.aligned_block(decls, |p, d| p.decl_item(d));
            }
            StmtKind::Expr(e) => self.expr(e, Ctx::TOP),
            StmtKind::Error => self.w("?error"),
        }
    }

    /// A comprehension qualifier: as a statement, but on one line and `let` always in braces.
    fn qualifier(&mut self, q: &Stmt) {
        self.inline(|p| match &q.kind {
            StmtKind::Let(decls) => {
                p.w("let ");
                p.braced(decls, |p, d| p.decl_item(d));
            }
            _ => p.stmt(q),
        });
    }

    fn updates(&mut self, updates: &[FieldUpdate]) {
        self.record(updates, |p, u| {
            p.w(&u.name.name);
            match &u.value {
                UpdateValue::Set(e) => {
                    p.w(" = ");
                    p.expr(e, Ctx::INNER);
                }
                UpdateValue::Nested(inner) => {
                    p.w(" ");
                    p.updates(inner);
                }
            }
        });
    }

    /// `{ a, b }` or `{}`.
    pub(super) fn record<T>(&mut self, fields: &[T], field: impl FnMut(&mut Self, &T)) {
        if fields.is_empty() {
            return self.w("{}");
        }
        self.w("{ ");
        self.commas(fields, field);
        self.w(" }");
    }

    /// `<<v:size/spec-spec, …>>`, for expressions and patterns alike.
    pub(super) fn binary<T>(&mut self, segments: &[Segment<T>], mut value: impl FnMut(&mut Self, &T)) {
        if segments.is_empty() {
            return self.w("<<>>");
        }
        self.w("<<");
        self.commas(segments, |p, s| {
            value(p, &s.value);
            if let Some(size) = &s.size {
                p.w(":");
                let bare = match &size.kind {
                    K::Var(_) => true,
                    K::Lit(l @ Literal::Int(_)) => !is_negative(l),
                    _ => false,
                };
                if bare {
                    p.expr(size, Ctx::INNER);
                } else {
                    p.w("(");
                    p.expr(size, Ctx { want: Want::Paren, no_type: false, tail: false });
                    p.w(")");
                }
            }
            for (n, spec) in s.specs.iter().enumerate() {
                p.w(if n == 0 { "/" } else { "-" });
                p.w(&spec.name);
            }
        });
        self.w(">>");
    }
}

/// Whether `e` needs parentheses to be read back as itself at a position wanting `ctx`.
fn needs_parens(e: &Expr, ctx: Ctx) -> bool {
    let open = matches!(e.kind, K::Lambda(..) | K::Let(..) | K::If(..));
    let block = matches!(e.kind, K::Do(_) | K::Case(..) | K::Receive(..));
    let chain = matches!(e.kind, K::OpChain(..) | K::BinOp(..));
    let negative = matches!(&e.kind, K::Neg(_)) || matches!(&e.kind, K::Lit(l) if is_negative(l));
    let typed = matches!(e.kind, K::Typed(..));
    // `(_ + 1)` reads as the section it is.
    let section = has_wildcard_operand(e);
    match ctx.want {
        Want::Paren => false,
        Want::Expr => (typed && ctx.no_type) || section,
        Want::Closed => typed || open || section,
        Want::Operand | Want::Head => typed || open || block || chain || negative,
        Want::LastOperand => {
            typed || chain || negative || matches!(e.kind, K::Let(..) | K::If(..) | K::Case(..) | K::Receive(..))
        }
        // `f { a = 1 }` would update `f`; `<<` and `>>` glue to neighbouring symbols.
        Want::Arg => !is_atom(e) || starts_with_record(e),
        Want::Segment => !is_atom(e) || starts_with_record(e) || matches!(e.kind, K::Binary(_)),
        Want::Target => !is_target(e),
    }
}

/// Stands as an argument without parentheses. Record updates could too, but read better
/// parenthesised; `do`, `case` and `receive` likewise.
fn is_atom(e: &Expr) -> bool {
    match &e.kind {
        K::Lit(l) => !is_negative(l),
        K::Var(_)
        | K::Con(_)
        | K::Wildcard
        | K::Hole(_)
        | K::Tuple(_)
        | K::List(_)
        | K::ListCons(..)
        | K::Range { .. }
        | K::Comprehension(..)
        | K::Map(_)
        | K::Binary(_)
        | K::OpRef(_)
        | K::LeftSection(..)
        | K::RightSection(..)
        | K::Access(..)
        | K::Error => true,
        _ => false,
    }
}

/// Stands left of `.field` without parentheses: the lexer reads a dot as field access only
/// after a name or closing bracket, and `Foo.x` would be a qualified name.
fn is_target(e: &Expr) -> bool {
    match &e.kind {
        K::Var(n) => !(n.qualifier.is_none() && matches!(n.name.as_str(), "as" | "hiding")),
        K::Wildcard
        | K::Hole(_)
        | K::Tuple(_)
        | K::List(_)
        | K::ListCons(..)
        | K::Range { .. }
        | K::Comprehension(..)
        | K::Map(_)
        | K::Record(_)
        | K::Update(..)
        | K::Access(..)
        | K::OpRef(_)
        | K::LeftSection(..)
        | K::RightSection(..) => true,
        _ => false,
    }
}

fn starts_with_record(e: &Expr) -> bool {
    match &e.kind {
        K::Record(_) => true,
        K::Access(target, _) | K::Update(target, _) => starts_with_record(target),
        _ => false,
    }
}

fn has_wildcard_operand(e: &Expr) -> bool {
    let wildcard = |e: &Expr| matches!(e.kind, K::Wildcard);
    match &e.kind {
        K::OpChain(first, rest) => wildcard(first) || rest.iter().any(|(_, e)| wildcard(e)),
        K::BinOp(_, l, r) => wildcard(l) || wildcard(r),
        _ => false,
    }
}

/// Whether printing `e` in layout style may take several lines: it holds a layout block.
pub(super) fn has_block(e: &Expr) -> bool {
    match &e.kind {
        K::Do(_) | K::Case(..) | K::Receive(..) => true,
        K::Let(decls, body) => decls.len() != 1 || decl_has_block(&decls[0]) || has_block(body),
        K::Var(_) | K::Con(_) | K::Lit(_) | K::Wildcard | K::Hole(_) | K::OpRef(_) | K::Error => false,
        K::App(a, b) | K::BinOp(_, a, b) => has_block(a) || has_block(b),
        K::OpChain(first, rest) => has_block(first) || rest.iter().any(|(_, e)| has_block(e)),
        K::Neg(e) | K::Access(e, _) | K::LeftSection(e, _) | K::RightSection(_, e) | K::Typed(e, _) => has_block(e),
        K::Lambda(_, body) => has_block(body),
        K::If(c, t, f) => has_block(c) || has_block(t) || has_block(f),
        K::Record(fields) => fields.iter().filter_map(|f| f.value.as_ref()).any(has_block),
        K::Update(target, updates) => has_block(target) || updates_have_block(updates),
        K::List(items) | K::Tuple(items) => items.iter().any(has_block),
        K::ListCons(items, tail) => has_block(tail) || items.iter().any(has_block),
        K::Range { from, then, to } => has_block(from) || then.iter().chain(to).any(|e| has_block(e)),
        K::Comprehension(head, quals) => has_block(head) || quals.iter().any(stmt_has_block),
        K::Map(entries) => entries.iter().any(|(k, v)| has_block(k) || has_block(v)),
        K::Binary(segments) => segments.iter().any(|s| has_block(&s.value) || s.size.iter().any(|e| has_block(e))),
    }
}

fn updates_have_block(updates: &[FieldUpdate]) -> bool {
    updates.iter().any(|u| match &u.value {
        UpdateValue::Set(e) => has_block(e),
        UpdateValue::Nested(inner) => updates_have_block(inner),
    })
}

fn stmt_has_block(s: &Stmt) -> bool {
    match &s.kind {
        StmtKind::Bind(_, e) | StmtKind::Expr(e) => has_block(e),
        StmtKind::Let(decls) => decls.iter().any(decl_has_block),
        StmtKind::Error => false,
    }
}

/// Whether a declaration in a `let` takes several lines in layout style.
pub(super) fn decl_has_block(d: &Decl) -> bool {
    let (rhs, wheres) = match &d.kind {
        DeclKind::Equation(eq) => (&eq.rhs, &eq.wheres),
        DeclKind::PatternBinding { rhs, wheres, .. } => (rhs, wheres),
        _ => return false,
    };
    !wheres.is_empty()
        || match rhs {
            Rhs::Plain(e) => has_block(e),
            Rhs::Guarded(alternatives) => {
                alternatives.len() > 1
                    || alternatives.iter().any(|g| {
                        has_block(&g.body)
                            || g.guards.iter().any(|guard| match guard {
                                Guard::Bool(e) | Guard::Bind(_, e) => has_block(e),
                                Guard::Let(decls) => decls.iter().any(decl_has_block),
                            })
                    })
            }
        }
}
