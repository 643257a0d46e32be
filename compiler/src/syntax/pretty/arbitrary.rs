//! Random well-formed syntax trees, for round-trip properties: generate, print, parse, erase
//! spans, compare.
//!
//! The trees are ones the parser can produce (after fixity resolution): no error nodes, no
//! `OpChain` (operators are resolved [`ExprKind::BinOp`]s from a fixed set), names that are not
//! keywords, no negative literals in expressions (the parser makes `Neg`), no one-element
//! tuples, no comprehension with a lone condition (that is `[x | xs]`, a cons), no right
//! section of `-`, no update of a constructor (`C { a = 1 }` passes a record), no as-pattern or
//! constructor operator other than `:` left of `<-`. Depth and size are bounded.

use num_bigint::BigInt;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::span::Span;
use crate::syntax::ast::*;

type Strat<T> = BoxedStrategy<T>;

const KEYWORDS: &[&str] = &[
    "module", "where", "import", "data", "newtype", "type", "class", "instance", "deriving", "forall", "infixl",
    "infixr", "infix", "let", "in", "do", "of", "case", "if", "then", "else", "receive", "after", "foreign", "true",
    "false", "as", "hiding",
];

/// The operators of generated `BinOp`s.
pub const OPERATORS: &[&str] = &["+", "-", "*", "==", "&&", "++", "$", "<>", ":", "`div`", "`elem`", "Map.!"];

fn sp() -> Span {
    Span::default()
}

pub fn lower() -> Strat<String> {
    prop_oneof![
        3 => select(&["x", "y", "xs", "go", "acc", "f'", "_tmp", "value2"][..]).prop_map(String::from),
        1 => "[a-z][A-Za-z0-9_']{0,5}".prop_filter("a keyword", |s| !KEYWORDS.contains(&s.as_str())),
    ]
    .boxed()
}

pub fn upper() -> Strat<String> {
    prop_oneof![
        3 => select(&["Just", "Nothing", "T", "Pair", "Left"][..]).prop_map(String::from),
        1 => "[A-Z][A-Za-z0-9_']{0,5}",
    ]
    .boxed()
}

fn ident() -> Strat<Ident> {
    lower().prop_map(|name| Ident { name, span: sp() }).boxed()
}

fn con_ident() -> Strat<Ident> {
    upper().prop_map(|name| Ident { name, span: sp() }).boxed()
}

fn qualifier() -> Strat<Option<String>> {
    prop_oneof![4 => Just(None), 1 => select(&["Map", "Data.List"][..]).prop_map(|q| Some(q.to_string()))].boxed()
}

fn var_name() -> Strat<Name> {
    (qualifier(), lower()).prop_map(|(qualifier, name)| Name { qualifier, name, span: sp() }).boxed()
}

fn con_name() -> Strat<Name> {
    (qualifier(), upper()).prop_map(|(qualifier, name)| Name { qualifier, name, span: sp() }).boxed()
}

pub fn operator() -> Strat<Operator> {
    select(OPERATORS)
        .prop_map(|text| match text.strip_prefix('`') {
            Some(name) => Operator { name: Name::unqualified(name.trim_end_matches('`'), sp()), backticks: true },
            None => Operator { name: Name::from_qualified(text, sp()), backticks: false },
        })
        .boxed()
}

fn text() -> Strat<String> {
    prop_oneof![
        any::<String>(),
        vec(any::<char>(), 0..6).prop_map(String::from_iter),
        select(&["", "a b", "\n\t\"\\'", "héllo の", "\u{0}\u{7f}\u{feff}"][..]).prop_map(String::from),
    ]
    .boxed()
}

/// Literals without a sign: what the lexer produces.
pub fn literal() -> Strat<Literal> {
    prop_oneof![
        any::<u64>().prop_map(|n| Literal::Int(BigInt::from(n))),
        "[1-9][0-9]{19,30}".prop_map(|s| Literal::Int(s.parse().expect("digits"))),
        any::<f64>().prop_filter_map("not finite", |x| x.is_finite().then_some(Literal::Float(x.abs()))),
        select(&[0.0, 0.1, 1.5, 1e300, 2.5e-8, 1e16, 123456.789][..]).prop_map(Literal::Float),
        any::<char>().prop_map(Literal::Char),
        text().prop_map(Literal::String),
        text().prop_map(Literal::Atom),
        lower().prop_map(Literal::Atom),
        any::<bool>().prop_map(Literal::Bool),
    ]
    .boxed()
}

/// A literal in a pattern, where numbers may be negative.
fn pat_literal() -> Strat<Literal> {
    prop_oneof![
        3 => literal(),
        1 => any::<i64>().prop_map(|n| Literal::Int(BigInt::from(n))),
        1 => select(&[-1.5, -0.0, -1e300][..]).prop_map(Literal::Float),
    ]
    .boxed()
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, sp())
}

fn p(kind: PatKind) -> Pat {
    Pat::new(kind, sp())
}

fn t(kind: TypeKind) -> Type {
    Type::new(kind, sp())
}

// ---------------------------------------------------------------------------------------------
// Types

pub fn ty() -> Strat<Type> {
    let leaf = prop_oneof![
        ident().prop_map(|v| t(TypeKind::Var(v))),
        con_name().prop_map(|c| t(TypeKind::Con(c))),
        Just(t(TypeKind::Tuple(Vec::new()))),
    ];
    leaf.prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| t(TypeKind::App(Box::new(a), Box::new(b)))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| t(TypeKind::Fun(Box::new(a), Box::new(b)))),
            vec(inner.clone(), 2..4).prop_map(|ts| t(TypeKind::Tuple(ts))),
            inner.clone().prop_map(|a| t(TypeKind::List(Box::new(a)))),
            (vec((ident(), inner.clone()), 0..3), proptest::option::of(ident()))
                .prop_map(|(fields, tail)| t(TypeKind::Record(Row { fields: distinct(fields, |f| &f.0), tail }))),
            (vec(ident(), 1..3), inner.clone()).prop_map(|(vs, b)| t(TypeKind::Forall(vs, Box::new(b)))),
            (vec(constraint(inner.clone()), 0..3), inner).prop_map(|(cs, b)| t(TypeKind::Constrained(cs, Box::new(b)))),
        ]
    })
    .boxed()
}

fn constraint(arg: Strat<Type>) -> Strat<Constraint> {
    (con_name(), vec(arg, 0..3)).prop_map(|(class, args)| Constraint { class, args, span: sp() }).boxed()
}

// ---------------------------------------------------------------------------------------------
// Patterns

/// Any pattern.
pub fn pat() -> Strat<Pat> {
    pat_with(true)
}

/// A pattern that may stand left of `<-`, where it is parsed as an expression: no as-patterns.
pub fn bind_pat() -> Strat<Pat> {
    pat_with(false)
}

fn pat_with(as_patterns: bool) -> Strat<Pat> {
    let leaf = prop_oneof![
        Just(p(PatKind::Wildcard)),
        ident().prop_map(|v| p(PatKind::Var(v))),
        pat_literal().prop_map(|l| p(PatKind::Lit(l))),
        con_name().prop_map(|c| p(PatKind::Con(c, Vec::new()))),
        Just(p(PatKind::Tuple(Vec::new()))),
    ];
    leaf.prop_recursive(3, 24, 3, move |inner| {
        // As-patterns and constructor operators other than `:` cannot stand left of `<-`.
        let as_pattern = if as_patterns {
            prop_oneof![
                (ident(), inner.clone()).prop_map(|(v, q)| p(PatKind::As(v, Box::new(q)))),
                (select(&[":|", ":+", "Map.:>"][..]), inner.clone(), inner.clone())
                    .prop_map(|(op, h, tl)| p(PatKind::Con(Name::from_qualified(op, sp()), vec![h, tl]))),
            ]
            .boxed()
        } else {
            inner.clone()
        };
        prop_oneof![
            (con_name(), vec(inner.clone(), 1..3)).prop_map(|(c, args)| p(PatKind::Con(c, args))),
            as_pattern,
            vec(inner.clone(), 2..4).prop_map(|ps| p(PatKind::Tuple(ps))),
            vec(inner.clone(), 0..3).prop_map(|ps| p(PatKind::List(ps))),
            (inner.clone(), inner.clone()).prop_map(|(h, tl)| p(PatKind::Cons(Box::new(h), Box::new(tl)))),
            (vec(inner.clone(), 1..3), inner.clone()).prop_map(|(hs, tl)| p(PatKind::ListCons(hs, Box::new(tl)))),
            vec((ident(), proptest::option::of(inner.clone())), 0..3).prop_map(|fs| p(PatKind::Record(distinct(
                fs.into_iter().map(|(name, pat)| FieldPat { name, pat }).collect(),
                |f| &f.name
            )))),
            vec((map_key(), inner.clone()), 0..3).prop_map(|es| p(PatKind::Map(es))),
            vec(segment(inner.clone()), 0..3).prop_map(|ss| p(PatKind::Binary(ss))),
            (inner, ty()).prop_map(|(q, ty)| p(PatKind::Typed(Box::new(q), ty))),
        ]
    })
    .boxed()
}

/// Map pattern keys: the grammar takes `-` only before integers.
fn map_key() -> Strat<Literal> {
    pat_literal().prop_filter("negative float key", |l| !matches!(l, Literal::Float(x) if x.is_sign_negative())).boxed()
}

fn segment<T: std::fmt::Debug + Clone + 'static>(value: Strat<T>) -> Strat<Segment<T>> {
    let size = prop_oneof![
        any::<u8>().prop_map(|n| e(ExprKind::Lit(Literal::Int(n.into())))),
        var_name().prop_map(|v| e(ExprKind::Var(v))),
    ];
    // At most one type, one signedness and one endianness.
    let kind = |names: &'static [&'static str]| proptest::option::of(select(names));
    let specs = (kind(&["integer", "binary", "utf8"]), kind(&["signed", "unsigned"]), kind(&["big", "little"]))
        .prop_map(|(a, b, c)| {
            [a, b, c].into_iter().flatten().map(|s| Ident { name: s.to_string(), span: sp() }).collect()
        });
    (value, proptest::option::of(size), specs)
        .prop_map(|(value, size, specs)| Segment { value, size: size.map(Box::new), specs, span: sp() })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Expressions

pub fn expr() -> Strat<Expr> {
    let leaf = prop_oneof![
        4 => var_name().prop_map(|v| e(ExprKind::Var(v))),
        2 => con_name().prop_map(|c| e(ExprKind::Con(c))),
        3 => literal().prop_map(|l| e(ExprKind::Lit(l))),
        1 => Just(e(ExprKind::Wildcard)),
        1 => lower().prop_map(|h| e(ExprKind::Hole(h))),
        1 => operator().prop_map(|op| e(ExprKind::OpRef(op))),
        1 => Just(e(ExprKind::Tuple(Vec::new()))),
        1 => Just(e(ExprKind::List(Vec::new()))),
        1 => Just(e(ExprKind::Record(Vec::new()))),
    ];
    leaf.prop_recursive(4, 40, 3, |inner| {
        let boxed = |x: Expr| Box::new(x);
        prop_oneof![
            3 => (inner.clone(), inner.clone()).prop_map(move |(f, a)| e(ExprKind::App(boxed(f), boxed(a)))),
            3 => (operator(), inner.clone(), inner.clone())
                .prop_map(move |(op, l, r)| e(ExprKind::BinOp(op, boxed(l), boxed(r)))),
            1 => inner.clone().prop_map(move |x| e(ExprKind::Neg(boxed(x)))),
            1 => (vec(pat(), 1..3), inner.clone()).prop_map(move |(ps, b)| e(ExprKind::Lambda(ps, boxed(b)))),
            1 => (vec(inner.clone(), 1..3), vec(alt(inner.clone()), 1..3))
                .prop_map(|(ss, alts)| e(ExprKind::Case(ss, alts))),
            1 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(move |(c, a, b)| e(ExprKind::If(boxed(c), boxed(a), boxed(b)))),
            1 => (vec(local_decl(inner.clone()), 0..3), inner.clone())
                .prop_map(move |(ds, b)| e(ExprKind::Let(ds, boxed(b)))),
            1 => vec(stmt(inner.clone()), 1..4).prop_map(|ss| e(ExprKind::Do(ss))),
            1 => (vec(alt(inner.clone()), 0..3), proptest::option::of((inner.clone(), inner.clone())))
                .prop_filter("an empty `receive`", |(alts, after)| !alts.is_empty() || after.is_some())
                .prop_map(move |(alts, after)| {
                    let after = after.map(|(timeout, body)| After { timeout: boxed(timeout), body: boxed(body), span: sp() });
                    e(ExprKind::Receive(alts, after))
                }),
            1 => vec((ident(), proptest::option::of(inner.clone())), 1..3).prop_map(|fs| e(ExprKind::Record(
                distinct(fs.into_iter().map(|(name, value)| FieldExpr { name, value }).collect(), |f| &f.name)
            ))),
            2 => (inner.clone(), ident()).prop_map(move |(r, f)| e(ExprKind::Access(boxed(r), f))),
            1 => (inner.clone().prop_filter("`C { … }` is a record argument", |r| !matches!(r.kind, ExprKind::Con(_))), updates(inner.clone()))
                .prop_map(move |(r, us)| e(ExprKind::Update(boxed(r), us))),
            1 => vec(inner.clone(), 1..4).prop_map(|xs| e(ExprKind::List(xs))),
            1 => (vec(inner.clone(), 1..3), inner.clone())
                .prop_map(move |(hs, tl)| e(ExprKind::ListCons(hs, boxed(tl)))),
            1 => (inner.clone(), proptest::option::of(inner.clone()), proptest::option::of(inner.clone()))
                .prop_map(move |(from, then, to)| e(ExprKind::Range {
                    from: boxed(from),
                    then: then.map(boxed),
                    to: to.map(boxed),
                })),
            1 => (inner.clone(), vec(stmt_with(inner.clone(), bind_pat()), 1..4))
                .prop_filter("`[x | c]` is a cons", |(_, qs)| !(qs.len() == 1 && matches!(qs[0].kind, StmtKind::Expr(_))))
                .prop_map(move |(h, qs)| e(ExprKind::Comprehension(boxed(h), qs))),
            1 => vec(inner.clone(), 2..4).prop_map(|xs| e(ExprKind::Tuple(xs))),
            1 => vec((inner.clone(), inner.clone()), 0..3).prop_map(|kvs| e(ExprKind::Map(kvs))),
            1 => vec(segment(inner.clone()), 0..3).prop_map(|ss| e(ExprKind::Binary(ss))),
            1 => (inner.clone(), operator()).prop_map(move |(x, op)| e(ExprKind::LeftSection(boxed(x), op))),
            1 => (operator().prop_filter("`(- x)` is negation", |op| op.name.name != "-"), inner.clone())
                .prop_map(move |(op, x)| e(ExprKind::RightSection(op, boxed(x)))),
            1 => (inner, ty()).prop_map(move |(x, ty)| e(ExprKind::Typed(boxed(x), ty))),
        ]
    })
    .boxed()
}

fn updates(value: Strat<Expr>) -> Strat<Vec<FieldUpdate>> {
    let set = (ident(), value).prop_map(|(name, v)| FieldUpdate { name, value: UpdateValue::Set(v) });
    let update = set.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            3 => inner.clone(),
            1 => (ident(), vec(inner, 1..3)).prop_map(|(name, us)| FieldUpdate {
                name,
                value: UpdateValue::Nested(distinct(us, |u| &u.name)),
            }),
        ]
    });
    vec(update, 1..3).prop_map(|us| distinct(us, |u| &u.name)).boxed()
}

/// `items` without those whose field name came before: the parser rejects repeated fields.
fn distinct<T>(items: Vec<T>, name: impl Fn(&T) -> &Ident) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|i| seen.insert(name(i).name.clone())).collect()
}

fn alt(body: Strat<Expr>) -> Strat<Alt> {
    (vec(pat(), 1..3), rhs(body)).prop_map(|(pats, rhs)| Alt { pats, rhs, span: sp() }).boxed()
}

fn rhs(body: Strat<Expr>) -> Strat<Rhs> {
    let guard = prop_oneof![
        2 => body.clone().prop_map(Guard::Bool),
        1 => (bind_pat(), body.clone()).prop_map(|(q, x)| Guard::Bind(q, x)),
        1 => vec(simple_decl(body.clone()), 1..3).prop_map(Guard::Let),
    ];
    let guarded = (vec(guard, 1..3), body.clone()).prop_map(|(guards, body)| GuardedExpr { guards, body, span: sp() });
    prop_oneof![
        3 => body.prop_map(Rhs::Plain),
        1 => vec(guarded, 1..3).prop_map(Rhs::Guarded),
    ]
    .boxed()
}

fn stmt(value: Strat<Expr>) -> Strat<Stmt> {
    stmt_with(value, bind_pat())
}

fn stmt_with(value: Strat<Expr>, pattern: Strat<Pat>) -> Strat<Stmt> {
    prop_oneof![
        2 => value.clone().prop_map(StmtKind::Expr),
        2 => (pattern, value.clone()).prop_map(|(q, x)| StmtKind::Bind(q, x)),
        1 => vec(simple_decl(value), 1..3).prop_map(StmtKind::Let),
    ]
    .prop_map(|kind| Stmt { kind, span: sp() })
    .boxed()
}

/// `x = e`
fn simple_decl(body: Strat<Expr>) -> Strat<Decl> {
    (ident(), body)
        .prop_map(|(name, body)| {
            decl(DeclKind::Equation(Equation { name, args: Vec::new(), rhs: Rhs::Plain(body), wheres: Vec::new() }))
        })
        .boxed()
}

/// A declaration in a `let` or `where`.
fn local_decl(body: Strat<Expr>) -> Strat<Decl> {
    let wheres = prop_oneof![3 => Just(Vec::new()), 1 => vec(simple_decl(body.clone()), 1..3)];
    let binding_pat = pat().prop_filter("a variable makes an equation", |q| !matches!(q.kind, PatKind::Var(_)));
    prop_oneof![
        3 => (ident(), vec(pat(), 0..3), rhs(body.clone()), wheres.clone())
            .prop_map(|(name, args, rhs, wheres)| decl(DeclKind::Equation(Equation { name, args, rhs, wheres }))),
        1 => (binding_pat, rhs(body), wheres)
            .prop_map(|(pat, rhs, wheres)| decl(DeclKind::PatternBinding { pat, rhs, wheres })),
        1 => (vec(ident(), 1..3), ty()).prop_map(|(names, ty)| decl(DeclKind::Signature { names, ty })),
    ]
    .boxed()
}

fn decl(kind: DeclKind) -> Decl {
    Decl { kind, span: sp(), doc: None }
}

// ---------------------------------------------------------------------------------------------
// Modules

/// A top-level declaration of any kind.
pub fn top_decl() -> Strat<Decl> {
    let constructor = (con_ident(), vec(ty(), 0..3)).prop_map(|(name, args)| Constructor { name, args, span: sp() });
    let deriving = vec(con_name(), 0..3);
    let params = vec(ident(), 0..3);
    let kind = prop_oneof![
        4 => local_decl(expr()).prop_map(|d| d.kind),
        1 => (con_ident(), params.clone(), vec(constructor.clone(), 0..4), deriving.clone())
            .prop_map(|(name, params, constructors, deriving)| DeclKind::Data { name, params, constructors, deriving }),
        1 => (con_ident(), params.clone(), constructor, deriving)
            .prop_map(|(name, params, constructor, deriving)| DeclKind::Newtype { name, params, constructor, deriving }),
        1 => (con_ident(), params.clone(), ty()).prop_map(|(name, params, ty)| DeclKind::TypeSynonym { name, params, ty }),
        1 => (vec(constraint(ty()), 0..3), con_ident(), params, vec(local_decl(expr()), 0..3))
            .prop_map(|(context, name, params, body)| DeclKind::Class { context, name, params, body }),
        1 => (vec(constraint(ty()), 0..3), con_name(), vec(ty(), 0..3), vec(local_decl(expr()), 0..3))
            .prop_map(|(context, class, args, body)| DeclKind::Instance { context, class, args, body }),
        1 => (ident(), ty()).prop_map(|(name, ty)| DeclKind::Foreign { name, ty }),
    ];
    let doc = proptest::option::of(select(&["Doc.", "Two\nlines.", ""][..]).prop_map(String::from));
    (kind, doc).prop_map(|(kind, doc)| Decl { kind, span: sp(), doc }).boxed()
}

/// A module with a header, imports and declarations. Fixity declarations are left out: they
/// would change how the parser groups operators (the printer parenthesises every operand, so
/// they could not change the tree, but the fixity pass checks them against each other).
pub fn module() -> Strat<Module> {
    let module_name =
        select(&["Main", "Data.Thing", "A.B.C"][..]).prop_map(|n| ModuleName { name: n.into(), span: sp() });
    let entity = prop_oneof![
        ident().prop_map(Entity::Value),
        select(&["+", "<>", ":", "-"][..]).prop_map(|o| Entity::Value(Ident { name: o.into(), span: sp() })),
        (
            con_ident(),
            proptest::option::of(prop_oneof![Just(Members::All), vec(con_ident(), 0..3).prop_map(Members::Some),])
        )
            .prop_map(|(name, members)| Entity::Type { name, members, span: sp() }),
        con_ident().prop_map(Entity::Class),
        module_name.clone().prop_map(Entity::Module),
    ];
    let header = (module_name.clone(), proptest::option::of(vec(entity.clone(), 0..4)))
        .prop_map(|(name, exports)| ModuleHeader { name, exports, span: sp() });
    let import_list = prop_oneof![
        vec(entity.clone(), 0..3).prop_map(ImportList::Only),
        vec(entity, 0..3).prop_map(ImportList::Hiding),
    ];
    let import = (module_name.clone(), proptest::option::of(module_name), proptest::option::of(import_list))
        .prop_map(|(module, alias, list)| Import { module, alias, list, span: sp() });
    (proptest::option::of(header), vec(import, 0..3), vec(top_decl(), 0..4))
        .prop_map(|(header, imports, decls)| Module { header, imports, decls, span: sp() })
        .boxed()
}
