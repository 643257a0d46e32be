//! Printer tests: snapshots of hand-built trees covering every node kind, round trips through
//! the parser (source -> tree -> text -> tree, in [`roundtrip`]), and properties over generated
//! trees.

use insta::assert_snapshot;
use proptest::prelude::*;

use super::*;
use crate::span::Span;
use crate::syntax::fixity::FixityTable;
use crate::syntax::token::{Token, lex};

// ---------------------------------------------------------------------------------------------
// Tree builders: every span is `Span::default()`.

fn sp() -> Span {
    Span::default()
}

fn id(s: &str) -> Ident {
    Ident { name: s.into(), span: sp() }
}

fn name(s: &str) -> Name {
    Name::from_qualified(s, sp())
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, sp())
}

fn bx(x: Expr) -> Box<Expr> {
    Box::new(x)
}

fn var(s: &str) -> Expr {
    e(ExprKind::Var(name(s)))
}

fn con(s: &str) -> Expr {
    e(ExprKind::Con(name(s)))
}

fn lit(l: Literal) -> Expr {
    e(ExprKind::Lit(l))
}

fn int(n: i64) -> Expr {
    lit(Literal::Int(n.into()))
}

fn string(s: &str) -> Expr {
    lit(Literal::String(s.into()))
}

fn app(f: Expr, args: Vec<Expr>) -> Expr {
    args.into_iter().fold(f, |f, a| e(ExprKind::App(bx(f), bx(a))))
}

fn op(s: &str) -> Operator {
    match s.strip_prefix('`') {
        Some(n) => Operator { name: name(n.trim_end_matches('`')), backticks: true },
        None => Operator { name: name(s), backticks: false },
    }
}

fn bin(o: &str, l: Expr, r: Expr) -> Expr {
    e(ExprKind::BinOp(op(o), bx(l), bx(r)))
}

fn chain(first: Expr, rest: Vec<(&str, Expr)>) -> Expr {
    e(ExprKind::OpChain(bx(first), rest.into_iter().map(|(o, x)| (op(o), x)).collect()))
}

fn neg(x: Expr) -> Expr {
    e(ExprKind::Neg(bx(x)))
}

fn lam(pats: Vec<Pat>, body: Expr) -> Expr {
    e(ExprKind::Lambda(pats, bx(body)))
}

fn if_(c: Expr, t: Expr, f: Expr) -> Expr {
    e(ExprKind::If(bx(c), bx(t), bx(f)))
}

fn let_(decls: Vec<Decl>, body: Expr) -> Expr {
    e(ExprKind::Let(decls, bx(body)))
}

fn case(scrutinees: Vec<Expr>, alts: Vec<Alt>) -> Expr {
    e(ExprKind::Case(scrutinees, alts))
}

fn alt(pats: Vec<Pat>, body: Expr) -> Alt {
    Alt { pats, rhs: Rhs::Plain(body), span: sp() }
}

fn guarded_alt(pats: Vec<Pat>, alternatives: Vec<(Vec<Guard>, Expr)>) -> Alt {
    Alt { pats, rhs: guarded(alternatives), span: sp() }
}

fn guarded(alternatives: Vec<(Vec<Guard>, Expr)>) -> Rhs {
    Rhs::Guarded(alternatives.into_iter().map(|(guards, body)| GuardedExpr { guards, body, span: sp() }).collect())
}

fn do_(stmts: Vec<StmtKind>) -> Expr {
    e(ExprKind::Do(stmts.into_iter().map(|kind| Stmt { kind, span: sp() }).collect()))
}

fn receive(alts: Vec<Alt>, after: Option<(Expr, Expr)>) -> Expr {
    let after = after.map(|(t, b)| After { timeout: bx(t), body: bx(b), span: sp() });
    e(ExprKind::Receive(alts, after))
}

fn record(fields: Vec<(&str, Option<Expr>)>) -> Expr {
    e(ExprKind::Record(fields.into_iter().map(|(n, value)| FieldExpr { name: id(n), value }).collect()))
}

fn access(x: Expr, field: &str) -> Expr {
    e(ExprKind::Access(bx(x), id(field)))
}

fn set(field: &str, value: Expr) -> FieldUpdate {
    FieldUpdate { name: id(field), value: UpdateValue::Set(value) }
}

fn update(x: Expr, updates: Vec<FieldUpdate>) -> Expr {
    e(ExprKind::Update(bx(x), updates))
}

fn list(items: Vec<Expr>) -> Expr {
    e(ExprKind::List(items))
}

fn tuple(items: Vec<Expr>) -> Expr {
    e(ExprKind::Tuple(items))
}

fn segment<T>(value: T, size: Option<Expr>, specs: &[&str]) -> Segment<T> {
    Segment { value, size: size.map(bx), specs: specs.iter().map(|s| id(s)).collect(), span: sp() }
}

fn typed(x: Expr, t: Type) -> Expr {
    e(ExprKind::Typed(bx(x), t))
}

fn p(kind: PatKind) -> Pat {
    Pat::new(kind, sp())
}

fn pvar(s: &str) -> Pat {
    p(PatKind::Var(id(s)))
}

fn pcon(s: &str, args: Vec<Pat>) -> Pat {
    p(PatKind::Con(name(s), args))
}

fn plit(l: Literal) -> Pat {
    p(PatKind::Lit(l))
}

fn pint(n: i64) -> Pat {
    plit(Literal::Int(n.into()))
}

fn pcons(h: Pat, t: Pat) -> Pat {
    p(PatKind::Cons(Box::new(h), Box::new(t)))
}

fn ptuple(items: Vec<Pat>) -> Pat {
    p(PatKind::Tuple(items))
}

fn precord(fields: Vec<(&str, Option<Pat>)>) -> Pat {
    p(PatKind::Record(fields.into_iter().map(|(n, pat)| FieldPat { name: id(n), pat }).collect()))
}

fn t(kind: TypeKind) -> Type {
    Type::new(kind, sp())
}

fn tvar(s: &str) -> Type {
    t(TypeKind::Var(id(s)))
}

fn tcon(s: &str) -> Type {
    t(TypeKind::Con(name(s)))
}

fn tapp(f: Type, args: Vec<Type>) -> Type {
    args.into_iter().fold(f, |f, a| t(TypeKind::App(Box::new(f), Box::new(a))))
}

fn tfun(a: Type, b: Type) -> Type {
    t(TypeKind::Fun(Box::new(a), Box::new(b)))
}

fn constraint(class: &str, args: Vec<Type>) -> Constraint {
    Constraint { class: name(class), args, span: sp() }
}

fn d(kind: DeclKind) -> Decl {
    Decl { kind, span: sp(), doc: None }
}

fn equation(f: &str, args: Vec<Pat>, rhs: Rhs, wheres: Vec<Decl>) -> Decl {
    d(DeclKind::Equation(Equation { name: id(f), args, rhs, wheres }))
}

/// `f = body`
fn bind(f: &str, body: Expr) -> Decl {
    equation(f, Vec::new(), Rhs::Plain(body), Vec::new())
}

fn sig(names: &[&str], ty: Type) -> Decl {
    d(DeclKind::Signature { names: names.iter().map(|n| id(n)).collect(), ty })
}

/// Each printed case, separated by a blank line.
fn cases<T>(items: &[T], print: impl Fn(&T) -> String) -> String {
    items.iter().map(print).collect::<Vec<_>>().join("\n\n")
}

fn exprs(items: &[Expr]) -> String {
    cases(items, expr)
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn literals() {
    let float = |x| lit(Literal::Float(x));
    assert_snapshot!(exprs(&[
        int(42),
        lit(Literal::Int("123456789012345678901234567890".parse().expect("digits"))),
        float(1.5),
        float(1e300),
        float(2.5e-8),
        float(0.1),
        lit(Literal::Char('a')),
        lit(Literal::Char('\'')),
        lit(Literal::Char('\n')),
        lit(Literal::Char('\u{7}')),
        lit(Literal::Char('の')),
        string("héllo\n\t\"quoted\" \\ \u{0}\u{1b}\u{feff}"),
        lit(Literal::Atom("ok".into())),
        lit(Literal::Atom("node@host".into())),
        lit(Literal::Atom("Upper".into())),
        lit(Literal::Atom("".into())),
        lit(Literal::Bool(true)),
        lit(Literal::Bool(false)),
        // Not from the parser, which makes `Neg (Lit 7)`: printed so that it still reads.
        app(var("f"), vec![int(-7)]),
    ]));
}

#[test]
fn names_operators_and_applications() {
    assert_snapshot!(exprs(&[
        var("map"),
        var("Data.Map.lookup"),
        con("Map.Tip"),
        app(var("f"), vec![var("x"), app(con("Just"), vec![var("y")]), var("z")]),
        app(app(var("f"), vec![var("x")]), vec![var("y")]),
        bin("+", var("a"), bin("*", var("b"), var("c"))),
        bin("+", bin("+", var("a"), var("b")), var("c")),
        bin("`div`", var("x"), int(2)),
        bin("Map.!", var("m"), var("k")),
        bin(":", var("x"), bin(":", var("y"), var("zs"))),
        bin("$", var("f"), app(var("g"), vec![var("x")])),
        chain(var("a"), vec![("+", var("b")), ("*", var("c")), ("`elem`", var("xs"))]),
        chain(chain(var("a"), vec![("+", var("b"))]), vec![("*", var("c"))]),
        neg(var("x")),
        neg(int(1)),
        neg(app(var("f"), vec![var("x")])),
        neg(neg(var("x"))),
        bin("-", neg(var("a")), neg(int(1))),
        app(var("f"), vec![neg(int(1)), neg(var("x"))]),
        bin("*", bin("+", var("a"), var("b")), typed(var("c"), tcon("Int"))),
        e(ExprKind::Error),
    ]));
}

#[test]
fn operator_parentheses_follow_fixities() {
    let table = FixityTable::prelude();
    let lookup = |o: &Operator| Some(table.lookup(o));
    let m = Module {
        header: None,
        imports: Vec::new(),
        decls: vec![
            bind("a", bin("+", var("a"), bin("*", var("b"), var("c")))),
            bind("b", bin("*", bin("+", var("a"), var("b")), var("c"))),
            bind("c", bin("-", bin("-", var("a"), var("b")), var("c"))),
            bind("d", bin("-", var("a"), bin("-", var("b"), var("c")))),
            bind("e", bin(":", var("x"), bin(":", var("y"), var("zs")))),
            bind("f", bin("==", bin("==", var("a"), var("b")), var("c"))),
            bind("g", bin("$", var("f"), bin("$", var("g"), lam(vec![pvar("x")], bin("+", var("x"), int(1)))))),
            bind("h", bin("+", bin("+", var("a"), lam(vec![pvar("x")], var("x"))), var("b"))),
        ],
        span: sp(),
    };
    assert_snapshot!(module_with_fixities(&m, &lookup));
}

#[test]
fn sections_holes_and_wildcards() {
    assert_snapshot!(exprs(&[
        e(ExprKind::OpRef(op("+"))),
        e(ExprKind::OpRef(op("-"))),
        e(ExprKind::OpRef(op("Map.!"))),
        e(ExprKind::OpRef(op("`div`"))),
        e(ExprKind::LeftSection(bx(int(1)), op("-"))),
        e(ExprKind::LeftSection(bx(bin("+", var("a"), var("b"))), op("*"))),
        e(ExprKind::RightSection(op("+"), bx(int(1)))),
        e(ExprKind::RightSection(op("`div`"), bx(int(2)))),
        e(ExprKind::RightSection(op(":"), bx(var("xs")))),
        bin("+", e(ExprKind::Wildcard), int(1)),
        app(var("map"), vec![bin("+", e(ExprKind::Wildcard), int(1)), var("xs")]),
        access(e(ExprKind::Wildcard), "name"),
        e(ExprKind::Hole("x".into())),
        app(var("f"), vec![e(ExprKind::Hole("x".into()))]),
    ]));
}

#[test]
fn lambdas_conditionals_and_lets() {
    let long = |s: &str| var(&format!("{s}_a_rather_long_name_to_push_this_past_the_line"));
    assert_snapshot!(exprs(&[
        lam(vec![pvar("x"), pvar("y")], bin("+", var("x"), var("y"))),
        lam(vec![ptuple(vec![pvar("a"), pvar("b")]), pcon("Just", vec![pvar("x")]), pint(-1)], var("a")),
        app(var("map"), vec![lam(vec![pvar("x")], var("x")), var("xs")]),
        bin("$", var("f"), lam(vec![pvar("x")], do_(vec![StmtKind::Expr(app(var("print"), vec![var("x")]))]))),
        typed(lam(vec![pvar("x")], var("x")), tfun(tvar("a"), tvar("a"))),
        if_(var("c"), var("x"), var("y")),
        if_(long("c"), long("x"), long("y")),
        if_(var("c"), do_(vec![StmtKind::Expr(var("a")), StmtKind::Expr(var("b"))]), if_(var("d"), int(1), int(2))),
        app(var("f"), vec![if_(var("c"), var("x"), var("y"))]),
        let_(vec![bind("x", int(1))], bin("+", var("x"), int(1))),
        let_(vec![bind("x", int(1)), bind("y", int(2))], bin("*", var("x"), var("y"))),
        let_(vec![sig(&["x", "y"], tcon("Int")), bind("x", int(1))], var("x")),
        let_(Vec::new(), var("x")),
        app(var("f"), vec![let_(vec![bind("x", int(1)), bind("y", int(2))], var("x"))]),
        let_(vec![bind("f", let_(vec![bind("y", int(1)), bind("z", int(2))], var("y")))], var("f")),
    ]));
}

#[test]
fn case_and_guards() {
    let guards = vec![
        (vec![Guard::Bool(bin(">", var("x"), int(1))), Guard::Bind(pcon("Just", vec![pvar("y")]), var("e"))], var("y")),
        (vec![Guard::Let(vec![bind("z", int(1))]), Guard::Bool(var("otherwise"))], var("z")),
    ];
    assert_snapshot!(exprs(&[
        case(
            vec![var("x")],
            vec![alt(vec![pcon("Just", vec![pvar("y")])], var("y")), alt(vec![pcon("Nothing", vec![])], int(0))]
        ),
        case(
            vec![var("a"), var("b")],
            vec![
                guarded_alt(vec![pvar("x"), p(PatKind::Wildcard)], guards),
                alt(
                    vec![p(PatKind::Wildcard), p(PatKind::Wildcard)],
                    case(vec![var("c")], vec![alt(vec![pint(1)], int(2))])
                ),
            ]
        ),
        case(vec![var("x")], vec![guarded_alt(vec![pvar("y")], vec![(vec![Guard::Bool(var("y"))], int(1))])]),
        case(vec![var("x")], Vec::new()),
        // A first alternative that starts with `{` would open an explicit block.
        case(vec![var("r")], vec![alt(vec![precord(vec![("a", None)])], var("a"))]),
        app(var("f"), vec![case(vec![var("x")], vec![alt(vec![pint(1)], int(2)), alt(vec![pvar("n")], var("n"))])]),
        tuple(vec![case(vec![var("x")], vec![alt(vec![pvar("y")], var("y"))]), int(1)]),
    ]));
}

#[test]
fn do_blocks() {
    assert_snapshot!(exprs(&[
        do_(vec![
            StmtKind::Bind(pvar("me"), var("getSelf")),
            StmtKind::Let(vec![bind("x", int(1)), bind("y", int(2))]),
            StmtKind::Bind(ptuple(vec![pvar("a"), pvar("b")]), app(var("pure"), vec![tuple(vec![var("x"), var("y")])])),
            StmtKind::Expr(bin("$", app(var("when"), vec![var("c")]), do_(vec![StmtKind::Expr(var("a"))]))),
            StmtKind::Expr(let_(vec![bind("z", int(3))], var("z"))),
            StmtKind::Expr(app(var("pure"), vec![tuple(Vec::new())])),
        ]),
        do_(Vec::new()),
        do_(vec![StmtKind::Let(vec![bind("f", do_(vec![StmtKind::Expr(var("a")), StmtKind::Expr(var("b"))]))])]),
        app(
            var("forM_"),
            vec![var("xs"), lam(vec![pvar("x")], do_(vec![StmtKind::Expr(var("a")), StmtKind::Expr(var("b"))]))]
        ),
        do_(vec![StmtKind::Expr(record(vec![("a", Some(int(1)))])), StmtKind::Error]),
    ]));
}

#[test]
fn receive_blocks() {
    let ping = ptuple(vec![pvar("from"), plit(Literal::Atom("ping".into()))]);
    let pong = bin("!", var("from"), lit(Literal::Atom("pong".into())));
    assert_snapshot!(exprs(&[
        receive(
            vec![
                alt(vec![ping.clone()], do_(vec![StmtKind::Expr(pong.clone()), StmtKind::Expr(var("loop"))])),
                alt(vec![plit(Literal::Atom("stop".into()))], app(var("pure"), vec![tuple(Vec::new())])),
            ],
            Some((int(5000), app(var("println"), vec![string("idle")]))),
        ),
        receive(vec![alt(vec![pvar("msg")], var("msg"))], None),
        receive(vec![alt(vec![pvar("m")], var("m"))], Some((var("t"), do_(vec![StmtKind::Expr(var("a"))])))),
        receive(Vec::new(), Some((int(100), var("x")))),
        app(var("f"), vec![receive(vec![alt(vec![ping], pong)], Some((int(1), var("x"))))]),
    ]));
}

#[test]
fn records() {
    assert_snapshot!(exprs(&[
        record(vec![("name", Some(string("x"))), ("age", None)]),
        record(Vec::new()),
        access(var("p"), "name"),
        access(access(var("p"), "address"), "city"),
        access(app(var("f"), vec![var("x")]), "name"),
        access(con("Foo"), "x"),
        access(record(vec![("a", Some(int(1)))]), "a"),
        access(int(1), "x"),
        update(var("p"), vec![set("age", bin("+", access(var("p"), "age"), int(1)))]),
        update(
            var("r"),
            vec![set("f", int(1)), FieldUpdate { name: id("g"), value: UpdateValue::Nested(vec![set("h", int(1))]) }]
        ),
        update(access(var("p"), "address"), vec![set("city", string("x"))]),
        app(var("f"), vec![record(vec![("a", Some(int(1)))])]),
        app(var("f"), vec![update(var("r"), vec![set("a", int(1))])]),
        app(con("Just"), vec![record(vec![("id", None), ("value", Some(int(2)))]), var("x")]),
        app(con("Just"), vec![record(Vec::new())]),
    ]));
}

#[test]
fn lists_tuples_maps_and_binaries() {
    let range = |from, then: Option<Expr>, to: Option<Expr>| {
        e(ExprKind::Range { from: bx(from), then: then.map(bx), to: to.map(bx) })
    };
    let stmt = |kind| Stmt { kind, span: sp() };
    assert_snapshot!(exprs(&[
        list(vec![int(1), int(2), int(3)]),
        list(Vec::new()),
        e(ExprKind::ListCons(vec![var("x"), var("y")], bx(var("rest")))),
        range(int(1), None, Some(int(10))),
        range(int(0), Some(int(5)), Some(int(100))),
        range(var("a"), None, None),
        range(int(1), None, Some(neg(int(1)))),
        e(ExprKind::Comprehension(
            bx(bin("*", var("x"), var("y"))),
            vec![
                stmt(StmtKind::Bind(pvar("x"), var("xs"))),
                stmt(StmtKind::Let(vec![bind("y", int(1))])),
                stmt(StmtKind::Expr(bin("<", var("x"), var("y")))),
            ],
        )),
        tuple(vec![int(1), string("a"), lit(Literal::Atom("x".into()))]),
        tuple(Vec::new()),
        e(ExprKind::Map(vec![(string("k"), int(1)), (var("k"), typed(var("v"), tcon("Int")))])),
        e(ExprKind::Map(Vec::new())),
        e(ExprKind::Binary(vec![
            segment(int(1), None, &[]),
            segment(var("x"), Some(int(16)), &["big", "unsigned"]),
            segment(string("abc"), None, &[]),
            segment(var("rest"), None, &["binary"]),
            segment(lit(Literal::Atom("ok".into())), Some(bin("*", var("n"), int(8))), &[]),
            segment(neg(int(1)), Some(var("len")), &[]),
        ])),
        e(ExprKind::Binary(Vec::new())),
    ]));
}

#[test]
fn patterns() {
    assert_snapshot!(cases(
        &[
            p(PatKind::Wildcard),
            pcon("Just", vec![pcon("Left", vec![pvar("x")]), pcon("Nothing", vec![])]),
            pcons(pvar("x"), pcons(pvar("y"), pvar("ys"))),
            pcons(pcons(pvar("a"), pvar("b")), pvar("c")),
            pcons(pcon("Just", vec![pvar("x")]), pvar("xs")),
            pcon(":|", vec![pvar("x"), pcon(":|", vec![pcon("Just", vec![pvar("y")]), pvar("rest")])]),
            pcon("Map.:>", vec![pcon(":|", vec![pvar("a"), pvar("b")]), pvar("c")]),
            p(PatKind::As(id("all"), Box::new(pcons(pvar("x"), pvar("xs"))))),
            p(PatKind::As(id("a"), Box::new(plit(Literal::Atom("ok".into()))))),
            p(PatKind::As(id("n"), Box::new(pint(-1)))),
            ptuple(vec![
                pint(-1),
                plit(Literal::Float(-1.5)),
                plit(Literal::Char('c')),
                plit(Literal::String("s".into()))
            ]),
            pcon("Just", vec![pint(-1)]),
            p(PatKind::List(vec![pvar("a"), pvar("b")])),
            p(PatKind::ListCons(vec![pvar("x"), pvar("y")], Box::new(pvar("rest")))),
            precord(vec![("name", Some(pvar("n"))), ("age", None)]),
            pcon("P", vec![precord(vec![("a", None)])]),
            p(PatKind::Map(vec![
                (Literal::String("k".into()), pvar("v")),
                (Literal::Int((-1).into()), p(PatKind::Wildcard))
            ])),
            p(PatKind::Binary(vec![
                segment(pvar("len"), Some(int(16)), &["big"]),
                segment(pvar("body"), Some(var("len")), &["binary"]),
                segment(pvar("rest"), None, &["binary"]),
                segment(precord(vec![("a", None)]), None, &[]),
            ])),
            p(PatKind::Typed(Box::new(pvar("x")), tcon("Integer"))),
            p(PatKind::Error),
        ],
        pat,
    ));
}

#[test]
fn types() {
    let record = |fields: Vec<(&str, Type)>, tail: Option<&str>| {
        t(TypeKind::Record(Row { fields: fields.into_iter().map(|(n, t)| (id(n), t)).collect(), tail: tail.map(id) }))
    };
    assert_snapshot!(cases(
        &[
            tfun(tfun(tvar("a"), tvar("b")), tfun(tvar("a"), tvar("b"))),
            tapp(tcon("Map.Map"), vec![tcon("String"), tapp(tcon("Maybe"), vec![tvar("a")])]),
            t(TypeKind::Forall(
                vec![id("a"), id("b")],
                Box::new(t(TypeKind::Constrained(
                    vec![constraint("Show", vec![tvar("a")]), constraint("Eq", vec![tapp(tvar("f"), vec![tvar("b")])])],
                    Box::new(tfun(tvar("a"), tvar("b"))),
                ))),
            )),
            t(TypeKind::Constrained(vec![constraint("Show", vec![tvar("a")])], Box::new(tvar("a")))),
            t(TypeKind::Constrained(Vec::new(), Box::new(tvar("a")))),
            tfun(t(TypeKind::Forall(vec![id("b")], Box::new(tfun(tvar("b"), tvar("b"))))), tvar("a")),
            t(TypeKind::Tuple(vec![tvar("a"), t(TypeKind::List(Box::new(tvar("b"))))])),
            t(TypeKind::Tuple(Vec::new())),
            record(vec![("name", tcon("String")), ("age", tcon("Integer"))], Some("r")),
            record(Vec::new(), Some("r")),
            record(Vec::new(), None),
            tapp(tcon("List"), vec![tfun(tvar("a"), tvar("b"))]),
            t(TypeKind::Error),
        ],
        ty,
    ));
}

#[test]
fn declarations() {
    let constructor = |n: &str, args| Constructor { name: id(n), args, span: sp() };
    let long_args = (0..8).map(|i| tcon(&format!("Field{i}"))).collect();
    let mut documented = sig(&["main"], tapp(tcon("IO"), vec![t(TypeKind::Tuple(Vec::new()))]));
    documented.doc = Some("Runs the program.\n\nTwice.".into());
    assert_snapshot!(cases(
        &[
            documented,
            sig(&["f", "g"], tfun(tcon("Integer"), tcon("Integer"))),
            equation(
                "fib",
                vec![pvar("n")],
                guarded(vec![
                    (
                        vec![Guard::Bool(bin(">", var("n"), int(1)))],
                        bin("+", app(var("fib"), vec![bin("-", var("n"), int(1))]), int(1))
                    ),
                    (vec![Guard::Bool(var("otherwise"))], int(0)),
                ]),
                Vec::new()
            ),
            equation(
                "f",
                vec![pvar("x")],
                Rhs::Plain(app(var("go"), vec![var("x")])),
                vec![
                    bind("go", int(1)),
                    equation("h", vec![pint(0)], guarded(vec![(vec![Guard::Bool(var("c"))], int(1))]), Vec::new()),
                ]
            ),
            equation("g", Vec::new(), Rhs::Plain(do_(vec![StmtKind::Expr(var("a"))])), vec![bind("a", int(1))]),
            equation(
                "h",
                vec![pvar("x")],
                guarded(vec![(vec![Guard::Bool(var("c"))], do_(vec![StmtKind::Expr(var("a"))]))]),
                vec![bind("a", int(1))]
            ),
            d(DeclKind::PatternBinding {
                pat: ptuple(vec![pvar("a"), pvar("b")]),
                rhs: Rhs::Plain(var("pair")),
                wheres: Vec::new()
            }),
            d(DeclKind::PatternBinding {
                pat: pcon("Just", vec![pvar("x")]),
                rhs: Rhs::Plain(var("m")),
                wheres: Vec::new()
            }),
            d(DeclKind::PatternBinding {
                pat: precord(vec![("a", None)]),
                rhs: Rhs::Plain(var("r")),
                wheres: Vec::new()
            }),
            d(DeclKind::Data {
                name: id("Shape"),
                params: Vec::new(),
                constructors: vec![
                    constructor("Circle", vec![tcon("Float")]),
                    constructor("Rect", vec![tcon("Float"), tcon("Float")])
                ],
                deriving: vec![name("Eq"), name("Show")],
            }),
            d(DeclKind::Data {
                name: id("Big"),
                params: vec![id("a")],
                constructors: vec![
                    constructor("Big", long_args),
                    constructor("Small", vec![tapp(tcon("Maybe"), vec![tvar("a")])])
                ],
                deriving: vec![name("Eq")],
            }),
            d(DeclKind::Data { name: id("Void"), params: Vec::new(), constructors: Vec::new(), deriving: Vec::new() }),
            d(DeclKind::Newtype {
                name: id("Celsius"),
                params: Vec::new(),
                constructor: constructor("Celsius", vec![tcon("Float")]),
                deriving: Vec::new(),
            }),
            d(DeclKind::TypeSynonym {
                name: id("Pair"),
                params: vec![id("a")],
                ty: t(TypeKind::Tuple(vec![tvar("a"), tvar("a")]))
            }),
            d(DeclKind::Class {
                context: vec![constraint("Eq", vec![tvar("a")])],
                name: id("Ord"),
                params: vec![id("a")],
                body: vec![sig(&["compare"], tfun(tvar("a"), tfun(tvar("a"), tcon("Ordering"))))],
            }),
            d(DeclKind::Class { context: Vec::new(), name: id("Marker"), params: vec![id("a")], body: Vec::new() }),
            d(DeclKind::Instance {
                context: vec![constraint("Show", vec![tvar("a")]), constraint("Show", vec![tvar("b")])],
                class: name("Show"),
                args: vec![tapp(tcon("Either"), vec![tvar("a"), tvar("b")])],
                body: vec![equation("show", vec![pvar("x")], Rhs::Plain(string("?")), Vec::new())],
            }),
            d(DeclKind::Fixity(Fixity { assoc: Assoc::Left, precedence: 6, function: name("add"), operator: id("+") })),
            d(DeclKind::Fixity(Fixity {
                assoc: Assoc::Right,
                precedence: 5,
                function: name("Cons"),
                operator: id(":|")
            })),
            d(DeclKind::Fixity(Fixity {
                assoc: Assoc::None,
                precedence: 4,
                function: name("elem"),
                operator: id("elem")
            })),
            d(DeclKind::Foreign {
                name: id("println"),
                ty: tfun(tcon("String"), tapp(tcon("IO"), vec![t(TypeKind::Tuple(Vec::new()))]))
            }),
            d(DeclKind::Error),
        ],
        decl,
    ));
}

#[test]
fn modules() {
    let entity_type = |n: &str, members| Entity::Type { name: id(n), members, span: sp() };
    let module_name = |n: &str| ModuleName { name: n.into(), span: sp() };
    let m = Module {
        header: Some(ModuleHeader {
            name: module_name("Demo.Counter"),
            exports: Some(vec![
                Entity::Value(id("start")),
                Entity::Value(id("+")),
                entity_type("Reply", Some(Members::All)),
                entity_type("Shape", Some(Members::Some(vec![id("Circle")]))),
                entity_type("Name", None),
                Entity::Class(id("Tick")),
                Entity::Module(module_name("Data.Map")),
            ]),
            span: sp(),
        }),
        imports: vec![
            Import { module: module_name("Prelude"), alias: None, list: None, span: sp() },
            Import {
                module: module_name("Data.Map"),
                alias: Some(module_name("Map")),
                list: Some(ImportList::Only(vec![Entity::Value(id("lookup"))])),
                span: sp(),
            },
            Import {
                module: module_name("Data.List"),
                alias: None,
                list: Some(ImportList::Hiding(vec![Entity::Value(id("lookup"))])),
                span: sp(),
            },
        ],
        decls: vec![
            sig(&["fib"], tfun(tcon("Integer"), tcon("Integer"))),
            equation("fib", vec![pint(0)], Rhs::Plain(int(0)), Vec::new()),
            equation("fib", vec![pvar("n")], Rhs::Plain(var("n")), Vec::new()),
            bind("main", do_(vec![StmtKind::Expr(app(var("println"), vec![string("hi")]))])),
        ],
        span: sp(),
    };
    assert_snapshot!("module_layout", module(&m));
    assert_snapshot!("module_braced", module_braced(&m));
    let headerless = Module { header: None, imports: Vec::new(), ..m };
    assert_snapshot!("module_headerless_braced", module_braced(&headerless));
}

#[test]
fn erase_spans_clears_every_span() {
    let mut x = app(var("f"), vec![lam(vec![pvar("x")], typed(var("x"), tcon("Int")))]);
    let mut spanned = x.clone();
    spanned.span = Span::new(1, 2);
    if let ExprKind::App(f, _) = &mut spanned.kind {
        f.span = Span::new(3, 4);
    }
    assert_ne!(spanned, x);
    erase_spans(&mut spanned);
    erase_spans(&mut x);
    assert_eq!(spanned, x);
}

// ---------------------------------------------------------------------------------------------
// Properties that need only the lexer.

/// The tokens the lexer makes of `text`.
fn tokens(text: &str) -> Vec<Token> {
    lex(text).tokens.into_iter().map(|t| t.token).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn literals_lex_back_to_themselves(l in arbitrary::literal()) {
        let expected = match &l {
            Literal::Int(n) => Token::Int(n.clone()),
            Literal::Float(x) => Token::Float(*x),
            Literal::Char(c) => Token::Char(*c),
            Literal::String(s) => Token::Str(s.clone()),
            Literal::Atom(a) => Token::Atom(a.clone()),
            Literal::Bool(true) => Token::True,
            Literal::Bool(false) => Token::False,
        };
        prop_assert_eq!(tokens(&literal(&l)), vec![expected]);
    }

    #[test]
    fn printed_modules_lex_cleanly(m in arbitrary::module()) {
        for text in [module(&m), module_braced(&m)] {
            let bad: Vec<_> = tokens(&text).into_iter().filter(|t| matches!(t, Token::Error(_))).collect();
            prop_assert!(bad.is_empty(), "{:?} in\n{}", bad, text);
        }
    }
}

mod roundtrip;
