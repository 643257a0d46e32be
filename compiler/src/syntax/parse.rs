//! The parse driver: lexing, layout, the lalrpop parser, the fixity pass and error reporting.
//!
//! The grammar's actions call into [`Sink`], which builds the nodes that need more than a
//! constructor (pattern conversion, sections, constraint heads) and collects the problems.

use lalrpop_util::{ErrorRecovery, ParseError};
use num_bigint::BigInt;

use super::ast::*;
use super::fixity::{self, FixityTable};
use super::layout::layout;
use super::token::{LexError, Spanned, Token, lex};
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;

mod messages;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused, missing_debug_implementations)]
    grammar,
    "/syntax/grammar.rs"
);

/// A syntax tree and every problem found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub module: Module,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes, lays out and parses `source`, then resolves operator fixities declared in the module
/// itself and in the Prelude.
pub fn parse_module(source: &str) -> Parsed {
    parse_module_with(source, &FixityTable::prelude())
}

/// As [`parse_module`], with the fixities of the imported modules.
pub fn parse_module_with(source: &str, imported: &FixityTable) -> Parsed {
    let mut parsed = parse_unresolved(source);
    let more = fixity::resolve_module(&mut parsed.module, imported);
    parsed.diagnostics.extend(more);
    parsed.diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
    parsed
}

/// Parses without resolving fixities: operator expressions stay [`ExprKind::OpChain`]s. Used
/// when the fixities of imported modules are not known yet.
pub fn parse_unresolved(source: &str) -> Parsed {
    if source.len() > u32::MAX as usize {
        let diagnostic = Diagnostic::error(Code::E0010, "this file is too large to compile (over 4 GiB)")
            .with_primary(Span::point(0), "file starts here");
        return Parsed { module: empty_module(Span::point(0)), diagnostics: vec![diagnostic] };
    }
    let lexed = lex(source);
    let mut diagnostics = Vec::new();
    let mut tokens = Vec::with_capacity(lexed.tokens.len());
    for t in lexed.tokens {
        match t.token {
            Token::Error(e) => diagnostics.push(lex_error(source, &e, t.span)),
            _ => tokens.push(t),
        }
    }
    let laid_out = layout(source, &tokens);
    let mut parsed = parse_tokens(source, laid_out);
    // A dropped bad token usually leaves a hole the parser then complains about ("expected an
    // expression"); the lexical error already says what is wrong on that line.
    if !diagnostics.is_empty() {
        let lines = crate::span::LineIndex::new(source);
        let bad_lines: Vec<usize> =
            diagnostics.iter().filter_map(|d| d.primary_span()).map(|s| lines.line(s.start as usize)).collect();
        parsed.diagnostics.retain(|d| {
            let cascade = matches!(d.code, Code::E0010 | Code::E0011 | Code::E0012)
                && d.primary_span().is_some_and(|s| bad_lines.contains(&lines.line(s.start as usize)));
            !cascade
        });
    }
    diagnostics.append(&mut parsed.diagnostics);
    attach_docs(&mut parsed.module.decls, &lexed.comments, &tokens);
    parsed.diagnostics = diagnostics;
    parsed
}

/// Parses an already laid-out token stream.
pub fn parse_tokens(source: &str, mut tokens: Vec<Spanned>) -> Parsed {
    let end = source.len();
    // Layout places virtual tokens at the next real token. For the parser, a `;·` or `·}` ends
    // what came before, so it sits at the end of the previous real token: node spans then stop
    // at their last character instead of running over the blank lines that follow.
    let mut last_end = 0;
    for t in &mut tokens {
        match t.token {
            Token::VSemi | Token::VRBrace => t.span = Span::new(last_end as usize, last_end as usize),
            Token::VLBrace => {}
            _ => last_end = t.span.end,
        }
    }
    if tokens.iter().all(|t| t.token.is_virtual()) {
        return Parsed { module: empty_module(Span::new(0, end)), diagnostics: Vec::new() };
    }
    let mut sink = Sink::default();
    let stream =
        tokens.iter().map(|t| Ok::<_, SyntaxError>((t.span.start as usize, t.token.clone(), t.span.end as usize)));
    let result = grammar::ModuleParser::new().parse(&mut sink, stream);
    let (header, items) = match result {
        Ok(parts) => parts,
        Err(error) => {
            sink.recovered(ErrorRecovery { error, dropped_tokens: Vec::new() });
            (None, Vec::new())
        }
    };
    let mut diagnostics = Vec::new();
    for recovery in std::mem::take(&mut sink.recoveries) {
        // An error where the parser expected nothing more is the echo of an earlier one
        // (recovery closed the module's block early); report it only if it stands alone.
        // Likewise running into the end of the file after an error.
        let echo = matches!(&recovery.error, ParseError::UnrecognizedToken { expected, .. } if expected.is_empty())
            || matches!(recovery.error, ParseError::UnrecognizedEof { .. });
        if echo && !diagnostics.is_empty() {
            continue;
        }
        diagnostics.push(messages::parse_error(source, &tokens, recovery.error));
    }
    diagnostics.append(&mut sink.diagnostics);
    for span in sink.pending_colon_eq.drain(..) {
        diagnostics.push(
            Diagnostic::error(Code::E0015, "map expressions use `=>`")
                .with_primary(span, "this entry uses `:=`")
                .with_help("write `#{key => value}`; `:=` is for map patterns"),
        );
    }
    let module = assemble(header, items, Span::new(0, end), &mut diagnostics);
    for decl in &module.decls {
        misplaced_declarations(decl, &mut diagnostics);
    }
    Parsed { module, diagnostics }
}

fn empty_module(span: Span) -> Module {
    Module { header: None, imports: Vec::new(), decls: Vec::new(), span }
}

/// Splits the top-level items into imports and declarations; imports must come first.
fn assemble(
    header: Option<ModuleHeader>,
    items: Vec<TopItem>,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Module {
    let mut module = Module { header, imports: Vec::new(), decls: Vec::new(), span };
    for item in items {
        match item {
            TopItem::Import(import) => {
                if let Some(first) = module.decls.first() {
                    diagnostics.push(
                        Diagnostic::error(Code::E0018, "imports must come before declarations")
                            .with_primary(import.span, "this import comes after a declaration")
                            .with_secondary(first.span, "the first declaration is here")
                            .with_help("move the import to the top of the module, after the header"),
                    );
                }
                module.imports.push(import);
            }
            TopItem::Decl(decl) => module.decls.push(decl),
        }
    }
    module
}

/// Fixities, types, classes and instances are declared only at the top of a module; inside
/// `where`, `class` or `instance` they are errors (a fixity there would silently do nothing).
fn misplaced_declarations(decl: &Decl, diagnostics: &mut Vec<Diagnostic>) {
    let nested: &[Decl] = match &decl.kind {
        DeclKind::Equation(eq) => &eq.wheres,
        DeclKind::PatternBinding { wheres, .. } => wheres,
        DeclKind::Class { body, .. } | DeclKind::Instance { body, .. } => body,
        _ => &[],
    };
    for inner in nested {
        let what = match &inner.kind {
            DeclKind::Fixity(f) => {
                diagnostics.push(
                    Diagnostic::error(Code::E0019, "fixity declarations belong at the top level of a module")
                        .with_primary(
                            inner.span,
                            format!("this fixity of `{}` would have no effect here", f.operator.name),
                        )
                        .with_help("move it to the top level, next to the function it aliases"),
                );
                None
            }
            DeclKind::Data { .. } => Some("data types"),
            DeclKind::Newtype { .. } => Some("newtypes"),
            DeclKind::TypeSynonym { .. } => Some("type synonyms"),
            DeclKind::Class { .. } => Some("classes"),
            DeclKind::Instance { .. } => Some("instances"),
            DeclKind::Foreign { .. } => Some("foreign imports"),
            _ => None,
        };
        if let Some(what) = what {
            diagnostics.push(
                Diagnostic::error(Code::E0019, format!("{what} are declared at the top level of a module"))
                    .with_primary(inner.span, "not allowed inside another declaration")
                    .with_help("move it to the top level"),
            );
        }
        misplaced_declarations(inner, diagnostics);
    }
}

fn lex_error(source: &str, error: &LexError, span: Span) -> Diagnostic {
    let text = &source[span.range()];
    match error {
        LexError::UnexpectedChar => {
            let c = text.chars().next().unwrap_or(' ');
            Diagnostic::error(Code::E0001, format!("unexpected character `{}`", c.escape_debug()))
                .with_primary(span, "not part of any token")
        }
        LexError::UnterminatedString => {
            let (what, help) = if text.starts_with(r#"""""#) {
                ("raw string", r#"close it with `"""`"#)
            } else {
                (
                    "string",
                    "close it with `\"` on the same line; use `\\n` or a raw string `\"\"\"…\"\"\"` for line breaks",
                )
            };
            Diagnostic::error(Code::E0002, format!("unterminated {what} literal"))
                .with_primary(
                    Span::new(span.start as usize, span.start as usize + 1),
                    format!("this {what} never ends"),
                )
                .with_help(help)
        }
        LexError::UnterminatedComment => Diagnostic::error(Code::E0003, "unterminated block comment")
            .with_primary(Span::new(span.start as usize, span.start as usize + 2), "this comment is never closed")
            .with_help("close it with `-}`; block comments nest, so every `{-` needs its own `-}`"),
        LexError::InvalidEscape(escape) => {
            Diagnostic::error(Code::E0004, format!("invalid escape sequence `{escape}`"))
                .with_primary(span, "in this literal")
                .with_help("valid escapes: \\n \\r \\t \\0 \\\\ \\\" \\' \\xHH \\u{HHHH}")
        }
        LexError::InvalidChar => Diagnostic::error(Code::E0005, "a character literal holds exactly one character")
            .with_primary(span, "invalid character literal")
            .with_help("use a string `\"…\"` for text"),
        LexError::InvalidNumber => Diagnostic::error(Code::E0006, format!("invalid number literal `{text}`"))
            .with_primary(span, "invalid digits for this base")
            .with_help("hexadecimal `0x2a`, octal `0o52`, binary `0b101`"),
    }
}

/// Attaches `-- |` comments to the declaration that follows them, with nothing but other
/// comments in between.
fn attach_docs(decls: &mut [Decl], comments: &[super::token::Comment], tokens: &[Spanned]) {
    if comments.iter().all(|c| c.doc.is_none()) {
        return;
    }
    for decl in decls.iter_mut() {
        let start = decl.span.start;
        // The end of the last real token before the declaration.
        let idx = tokens.partition_point(|t| t.span.start < start);
        let floor = if idx == 0 { 0 } else { tokens[idx - 1].span.end };
        // Comments come in source order: look only at those between `floor` and `start`.
        let first = comments.partition_point(|c| c.span.start < floor);
        let lines: Vec<&str> =
            comments[first..].iter().take_while(|c| c.span.end <= start).filter_map(|c| c.doc.as_deref()).collect();
        if !lines.is_empty() {
            decl.doc = Some(lines.join("\n"));
        }
        match &mut decl.kind {
            DeclKind::Class { body, .. } | DeclKind::Instance { body, .. } => attach_docs(body, comments, tokens),
            _ => {}
        }
    }
}

/// A top-level item, before imports and declarations are separated.
#[derive(Debug, Clone)]
pub enum TopItem {
    Import(Import),
    Decl(Decl),
}

/// Which arrow a map entry used; only `=>` is right in expressions and `:=` in patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapArrow {
    Arrow,
    ColonEq,
}

/// A field inside `e { … }` as written; whether it is an update or a record argument depends on
/// `e`.
#[derive(Debug, Clone)]
pub enum FieldSyntax {
    /// `f = e`
    Set(Ident, Expr),
    /// `f`
    Pun(Ident),
    /// `f { g = e }`
    Nested(Ident, Vec<FieldSyntax>),
}

/// The parser's user error type. The token stream never fails, so nothing produces it; it exists
/// because lalrpop needs one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {}

type Recovery = ErrorRecovery<usize, Token, SyntaxError>;
type ChainPrefix = (Expr, Vec<(Operator, Expr)>, Operator);

/// State the grammar's actions share: recovered errors and diagnostics found while building.
#[derive(Debug, Default)]
pub struct Sink {
    recoveries: Vec<Recovery>,
    diagnostics: Vec<Diagnostic>,
    /// Map entries written with `:=` in an expression; an error unless the expression turns out
    /// to be a pattern (`#{k := v} <- e`).
    pending_colon_eq: Vec<Span>,
}

impl Sink {
    pub fn recovered(&mut self, recovery: Recovery) {
        // Two recoveries at the same token would report one problem twice.
        let at = error_start(&recovery.error);
        if self.recoveries.last().is_some_and(|r| error_start(&r.error) == at) {
            return;
        }
        self.recoveries.push(recovery);
    }

    pub fn symbol(&mut self, s: &str, l: usize, r: usize) -> Operator {
        Operator { name: Name::unqualified(s, Span::new(l, r)), backticks: false }
    }

    pub fn chain(&mut self, prefix: ChainPrefix, last: Expr, span: Span) -> Expr {
        let (first, mut rest, op) = prefix;
        rest.push((op, last));
        Expr::new(ExprKind::OpChain(Box::new(first), rest), span)
    }

    /// `(a + b -)`: everything before the last operator is the left operand.
    pub fn left_section(&mut self, prefix: ChainPrefix, span: Span) -> Expr {
        let (first, rest, op) = prefix;
        let left = match rest.last() {
            None => first,
            Some((_, last)) => {
                let inner = first.span.to(last.span);
                Expr::new(ExprKind::OpChain(Box::new(first), rest), inner)
            }
        };
        Expr::new(ExprKind::LeftSection(Box::new(left), op), span)
    }

    /// `[x | xs]` is Erlang's cons; `[e | x <- xs, …]` a comprehension. A single qualifier that
    /// is a plain expression makes it a cons, as in Hamler.
    pub fn comprehension_or_cons(&mut self, head: Expr, mut quals: Vec<Stmt>, span: Span) -> Expr {
        if quals.len() == 1 && matches!(quals[0].kind, StmtKind::Expr(_)) {
            let StmtKind::Expr(tail) = quals.remove(0).kind else { unreachable!("checked above") };
            return Expr::new(ExprKind::ListCons(vec![head], Box::new(tail)), span);
        }
        Expr::new(ExprKind::Comprehension(Box::new(head), quals), span)
    }

    pub fn map_expr(&mut self, entries: Vec<(Expr, MapArrow, Expr)>, span: Span) -> Expr {
        let mut out = Vec::with_capacity(entries.len());
        for (k, arrow, v) in entries {
            if arrow == MapArrow::ColonEq {
                self.pending_colon_eq.push(k.span.to(v.span));
            }
            out.push((k, v));
        }
        Expr::new(ExprKind::Map(out), span)
    }

    /// Checks a segment's specifiers: known names, at most one of each kind (Erlang's rules).
    pub fn segment<T>(&mut self, segment: Segment<T>) -> Segment<T> {
        let mut seen: [Option<&Ident>; 3] = [None, None, None];
        for spec in &segment.specs {
            let kind = match spec.name.as_str() {
                "integer" | "float" | "binary" | "bytes" | "bits" | "bitstring" | "utf8" | "utf16" | "utf32" => 0,
                "signed" | "unsigned" => 1,
                "big" | "little" | "native" => 2,
                other => {
                    self.diagnostics.push(
                        Diagnostic::error(Code::E0014, format!("unknown binary segment specifier `{other}`"))
                            .with_primary(spec.span, "not a specifier")
                            .with_help(
                                "specifiers: integer float binary bytes bits utf8, signed unsigned, big little native",
                            ),
                    );
                    continue;
                }
            };
            match seen[kind] {
                Some(first) => self.diagnostics.push(
                    Diagnostic::error(Code::E0014, format!("`{}` conflicts with `{}`", spec.name, first.name))
                        .with_primary(spec.span, "a second specifier of the same kind")
                        .with_secondary(first.span, "the first is here")
                        .with_note("a segment has one type, one signedness and one endianness"),
                ),
                None => seen[kind] = Some(spec),
            }
        }
        segment
    }

    /// `e { … }`: an update of `e`, except after a constructor, which cannot be updated: there
    /// the braces are a record argument, so `Just { id, value }` reads as it would in PureScript.
    pub fn update(&mut self, target: Expr, fields: Vec<FieldSyntax>, span: Span) -> Expr {
        if matches!(target.kind, ExprKind::Con(_)) && !fields.iter().any(|f| matches!(f, FieldSyntax::Nested(..))) {
            let fields: Vec<FieldExpr> = fields
                .into_iter()
                .map(|f| match f {
                    FieldSyntax::Set(name, value) => FieldExpr { name, value: Some(value) },
                    FieldSyntax::Pun(name) | FieldSyntax::Nested(name, _) => FieldExpr { name, value: None },
                })
                .collect();
            self.distinct_fields(fields.iter().map(|f| &f.name));
            let record_span = Span::new(target.span.end as usize, span.end as usize);
            let record = Expr::new(ExprKind::Record(fields), record_span);
            return Expr::new(ExprKind::App(Box::new(target), Box::new(record)), span);
        }
        let updates = self.updates(fields);
        Expr::new(ExprKind::Update(Box::new(target), updates), span)
    }

    fn updates(&mut self, fields: Vec<FieldSyntax>) -> Vec<FieldUpdate> {
        let mut out = Vec::with_capacity(fields.len());
        for f in fields {
            match f {
                FieldSyntax::Set(name, value) => out.push(FieldUpdate { name, value: UpdateValue::Set(value) }),
                FieldSyntax::Nested(name, inner) => {
                    let inner = self.updates(inner);
                    out.push(FieldUpdate { name, value: UpdateValue::Nested(inner) });
                }
                FieldSyntax::Pun(name) => self.diagnostics.push(
                    Diagnostic::error(Code::E0021, format!("a record update needs a value for `{}`", name.name))
                        .with_primary(name.span, "expected `= value` after the field")
                        .with_help("write `r { field = value }`"),
                ),
            }
        }
        self.distinct_fields(out.iter().map(|u| &u.name));
        out
    }

    /// Reports an empty block, unless an error inside it already emptied it.
    pub fn nonempty(&mut self, empty: bool, message: &str, span: Span) {
        // Recoveries are recorded in source order.
        let first = self.recoveries.partition_point(|r| error_start(&r.error) < span.start as usize);
        let recovered_inside = self.recoveries.get(first).is_some_and(|r| error_start(&r.error) <= span.end as usize);
        if empty && !recovered_inside {
            self.diagnostics.push(
                Diagnostic::error(Code::E0010, message)
                    .with_primary(span, "this block is empty")
                    .with_help("indent its contents past the start of the line it begins on"),
            );
        }
    }

    /// A record mentions each field once.
    pub fn distinct_fields<'a>(&mut self, names: impl Iterator<Item = &'a Ident>) {
        let mut seen: Vec<&Ident> = Vec::new();
        for name in names {
            match seen.iter().find(|s| s.name == name.name) {
                Some(first) => self.diagnostics.push(
                    Diagnostic::error(Code::E0021, format!("the field `{}` appears twice", name.name))
                        .with_primary(name.span, "a second time")
                        .with_secondary(first.span, "first here"),
                ),
                None => seen.push(name),
            }
        }
    }

    pub fn map_arrow_in_pattern(&mut self, span: Span) {
        self.diagnostics.push(
            Diagnostic::error(Code::E0015, "map patterns use `:=`")
                .with_primary(span, "`=>` builds a map; it cannot match one")
                .with_help("write `#{key := pattern}`"),
        );
    }

    pub fn after(&mut self, clauses: Vec<(Expr, Expr)>, span: Span) -> Option<After> {
        let mut clauses = clauses.into_iter();
        let Some((timeout, body)) = clauses.next() else {
            self.diagnostics.push(
                Diagnostic::error(Code::E0010, "expected a timeout after `after`")
                    .with_primary(span, "this `after` has no `TIMEOUT -> expression`")
                    .with_help("write `after 1000 -> expression`, the timeout in milliseconds"),
            );
            return None;
        };
        if let Some((extra, _)) = clauses.next() {
            self.diagnostics.push(
                Diagnostic::error(Code::E0010, "a `receive` has at most one timeout")
                    .with_primary(extra.span, "a second timeout clause")
                    .with_secondary(timeout.span, "the first timeout is here"),
            );
        }
        let span = span.to(body.span);
        Some(After { timeout: Box::new(timeout), body: Box::new(body), span })
    }

    /// `C a => T` written as a type: the left side must be a constraint or a tuple of them.
    pub fn constrained(&mut self, context: Type, ty: Type, span: Span) -> Type {
        let constraints = self.constraints(context);
        Type::new(TypeKind::Constrained(constraints, Box::new(ty)), span)
    }

    fn constraints(&mut self, context: Type) -> Vec<Constraint> {
        match context.kind {
            TypeKind::Tuple(items) => items.into_iter().filter_map(|t| self.constraint(t)).collect(),
            _ => self.constraint(context).into_iter().collect(),
        }
    }

    fn constraint(&mut self, ty: Type) -> Option<Constraint> {
        let span = ty.span;
        let (head, args) = split_app(ty);
        match head.kind {
            TypeKind::Con(class) => Some(Constraint { class, args, span }),
            _ => {
                self.diagnostics.push(
                    Diagnostic::error(Code::E0019, "expected a class constraint such as `Show a`")
                        .with_primary(span, "this is not a class applied to types")
                        .with_note("a constraint is a class name followed by types, before `=>`"),
                );
                None
            }
        }
    }

    /// `class Eq a => Ord a where …`: `first` is the context when `second` is present.
    pub fn class_decl(&mut self, first: Type, second: Option<Type>, body: Vec<Decl>) -> DeclKind {
        let (context, head) = match second {
            Some(head) => (self.constraints(first), head),
            None => (Vec::new(), first),
        };
        let (name_ty, args) = split_app(head);
        let name = match name_ty.kind {
            TypeKind::Con(n) if n.qualifier.is_none() => Ident { name: n.name, span: n.span },
            _ => {
                self.diagnostics.push(
                    Diagnostic::error(Code::E0019, "expected a class name after `class`")
                        .with_primary(name_ty.span, "not a class name")
                        .with_help("write `class Name a where …`"),
                );
                return DeclKind::Error;
            }
        };
        let mut params = Vec::new();
        for arg in args {
            match arg.kind {
                TypeKind::Var(v) => params.push(v),
                _ => self.diagnostics.push(
                    Diagnostic::error(Code::E0019, "a class declaration takes type variables")
                        .with_primary(arg.span, "expected a type variable such as `a`"),
                ),
            }
        }
        DeclKind::Class { context, name, params, body }
    }

    /// `instance Show a => Show (Maybe a) where …`
    pub fn instance_decl(&mut self, first: Type, second: Option<Type>, body: Vec<Decl>, span: Span) -> DeclKind {
        let (context, head) = match second {
            Some(head) => (self.constraints(first), head),
            None => (Vec::new(), first),
        };
        let (class_ty, args) = split_app(head);
        match class_ty.kind {
            TypeKind::Con(class) => DeclKind::Instance { context, class, args, body },
            _ => {
                self.diagnostics.push(
                    Diagnostic::error(Code::E0019, "expected a class name after `instance`")
                        .with_primary(class_ty.span.to(span), "not a class applied to a type")
                        .with_help("write `instance Show Shape where …`"),
                );
                DeclKind::Error
            }
        }
    }

    /// Converts an expression parsed before `<-` into the pattern it spells.
    pub fn pattern(&mut self, e: Expr) -> Pat {
        let span = e.span;
        let kind = match e.kind {
            ExprKind::Var(n) if n.qualifier.is_none() => PatKind::Var(Ident { name: n.name, span: n.span }),
            ExprKind::Wildcard => PatKind::Wildcard,
            ExprKind::Con(n) => PatKind::Con(n, Vec::new()),
            ExprKind::Lit(l) => PatKind::Lit(l),
            ExprKind::Neg(inner) => match inner.kind {
                ExprKind::Lit(Literal::Int(n)) => PatKind::Lit(Literal::Int(-n)),
                ExprKind::Lit(Literal::Float(x)) => PatKind::Lit(Literal::Float(-x)),
                _ => return self.not_a_pattern(span, "a negation of something other than a number"),
            },
            ExprKind::App(..) => {
                let mut args = Vec::new();
                let mut head = e;
                while let ExprKind::App(f, a) = head.kind {
                    args.push(*a);
                    head = *f;
                }
                args.reverse();
                match head.kind {
                    ExprKind::Con(n) => PatKind::Con(n, args.into_iter().map(|a| self.pattern(a)).collect()),
                    _ => return self.not_a_pattern(span, "a function application"),
                }
            }
            ExprKind::OpChain(first, rest) => {
                if rest.iter().any(|(op, _)| op.name.name != ":" || op.backticks || op.name.qualifier.is_some()) {
                    return self.not_a_pattern(span, "an operator expression");
                }
                // `a : b : c` is right-nested.
                let mut operands: Vec<Expr> = std::iter::once(*first).chain(rest.into_iter().map(|(_, e)| e)).collect();
                let mut acc = self.pattern(operands.pop().expect("a chain has operands"));
                while let Some(head) = operands.pop() {
                    let head = self.pattern(head);
                    let span = head.span.to(acc.span);
                    acc = Pat::new(PatKind::Cons(Box::new(head), Box::new(acc)), span);
                }
                return Pat { span, ..acc };
            }
            ExprKind::Tuple(items) => PatKind::Tuple(items.into_iter().map(|i| self.pattern(i)).collect()),
            ExprKind::List(items) => PatKind::List(items.into_iter().map(|i| self.pattern(i)).collect()),
            ExprKind::ListCons(items, tail) => {
                PatKind::ListCons(items.into_iter().map(|i| self.pattern(i)).collect(), Box::new(self.pattern(*tail)))
            }
            ExprKind::Record(fields) => PatKind::Record(
                fields.into_iter().map(|f| FieldPat { name: f.name, pat: f.value.map(|v| self.pattern(v)) }).collect(),
            ),
            ExprKind::Map(entries) => {
                let mut out = Vec::new();
                for (k, v) in entries {
                    let entry = k.span.to(v.span);
                    match self.pending_colon_eq.iter().position(|&s| s == entry) {
                        Some(i) => {
                            self.pending_colon_eq.remove(i);
                        }
                        None => self.map_arrow_in_pattern(entry),
                    }
                    let key = match k.kind {
                        ExprKind::Lit(l) => l,
                        ExprKind::Neg(inner) if matches!(inner.kind, ExprKind::Lit(Literal::Int(_))) => {
                            let ExprKind::Lit(Literal::Int(n)) = inner.kind else { unreachable!("checked above") };
                            Literal::Int(-n)
                        }
                        _ => {
                            self.not_a_pattern(k.span, "a map key that is not a literal");
                            continue;
                        }
                    };
                    out.push((key, self.pattern(v)));
                }
                PatKind::Map(out)
            }
            ExprKind::Binary(segments) => {
                let mut out = Vec::new();
                for s in segments {
                    let value = self.pattern(s.value);
                    out.push(Segment { value, size: s.size, specs: s.specs, span: s.span });
                }
                PatKind::Binary(out)
            }
            ExprKind::Typed(inner, ty) => PatKind::Typed(Box::new(self.pattern(*inner)), ty),
            ExprKind::Error => PatKind::Error,
            _ => return self.not_a_pattern(span, "an expression"),
        };
        Pat::new(kind, span)
    }

    fn not_a_pattern(&mut self, span: Span, what: &str) -> Pat {
        self.diagnostics.push(
            Diagnostic::error(Code::E0013, format!("expected a pattern before `<-`, found {what}"))
                .with_primary(span, "this is not a pattern")
                .with_note("the left of `<-` binds names: a variable, `_`, a constructor pattern, a tuple, a list, …"),
        );
        Pat::new(PatKind::Error, span)
    }
}

/// `infixl 6 add as +`. A precedence too large for a byte is kept as 255, which the fixity pass
/// reports as out of range.
pub fn fixity(assoc: Assoc, precedence: BigInt, function: Name, operator: Ident) -> DeclKind {
    let precedence = u8::try_from(&precedence).unwrap_or(u8::MAX);
    DeclKind::Fixity(Fixity { assoc, precedence, function, operator })
}

fn error_start(e: &ParseError<usize, Token, SyntaxError>) -> usize {
    match e {
        ParseError::InvalidToken { location } | ParseError::UnrecognizedEof { location, .. } => *location,
        ParseError::UnrecognizedToken { token, .. } | ParseError::ExtraToken { token } => token.0,
        ParseError::User { error } => match *error {},
    }
}

/// `T a b` into `T` and `[a, b]`.
fn split_app(ty: Type) -> (Type, Vec<Type>) {
    let mut args = Vec::new();
    let mut head = ty;
    while let TypeKind::App(f, a) = head.kind {
        args.push(*a);
        head = *f;
    }
    args.reverse();
    (head, args)
}

#[cfg(test)]
mod tests;
