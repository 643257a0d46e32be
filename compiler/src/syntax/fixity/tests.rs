use num_bigint::BigInt;
use proptest::prelude::*;

use super::*;
use crate::syntax::ast::{
    After, Alt, Constructor, Equation, FieldExpr, FieldUpdate, GuardedExpr, Ident, Literal, Module, Stmt, Type,
    TypeKind,
};

// ---------------------------------------------------------------------------------------------
// Building trees by hand, the way the parser will: a tiny reader for test text where tokens are
// separated by spaces. `( … )` groups (and stays one operand), `-` before an operand negates
// it, juxtaposed operands apply, `` `div` `` is a backtick operator, other symbols are
// operators. Spans are the tokens' byte offsets, so diagnostics can be checked against them.
// ---------------------------------------------------------------------------------------------

struct Reader<'s> {
    tokens: Vec<(&'s str, Span)>,
    at: usize,
}

fn tokens(src: &str) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in src.char_indices().chain([(src.len(), ' ')]) {
        let single = c == '(' || c == ')';
        if (c.is_whitespace() || single)
            && let Some(s) = start.take()
        {
            out.push((&src[s..i], Span::new(s, i)));
        }
        if single {
            out.push((&src[i..i + 1], Span::new(i, i + 1)));
        } else if !c.is_whitespace() && start.is_none() {
            start = Some(i);
        }
    }
    out
}

fn is_operand_start(token: &str) -> bool {
    token == "(" || token.chars().all(|c| c.is_alphanumeric() || "_.'".contains(c))
}

impl Reader<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(|t| t.0)
    }

    fn next(&mut self) -> (&str, Span) {
        let token = self.tokens[self.at];
        self.at += 1;
        token
    }

    fn chain(&mut self) -> Expr {
        let first = self.operand();
        let mut rest = Vec::new();
        while self.peek().is_some_and(|t| t != ")") {
            let (text, span) = self.next();
            let op = match text.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
                Some(name) => Operator { name: Name::from_qualified(name, span), backticks: true },
                None => Operator { name: Name::from_qualified(text, span), backticks: false },
            };
            rest.push((op, self.operand()));
        }
        let span = rest.last().map_or(first.span, |(_, last)| first.span.to(last.span));
        if rest.is_empty() { first } else { Expr::new(ExprKind::OpChain(Box::new(first), rest), span) }
    }

    fn operand(&mut self) -> Expr {
        if self.peek() == Some("-") {
            let (_, minus) = self.next();
            let e = self.operand();
            let span = minus.to(e.span);
            return Expr::new(ExprKind::Neg(Box::new(e)), span);
        }
        let mut e = self.atom();
        while self.peek().is_some_and(is_operand_start) {
            let arg = self.atom();
            let span = e.span.to(arg.span);
            e = Expr::new(ExprKind::App(Box::new(e), Box::new(arg)), span);
        }
        e
    }

    fn atom(&mut self) -> Expr {
        let (text, span) = self.next();
        if text == "(" {
            let mut inner = self.chain();
            let (_, close) = self.next();
            inner.span = span.to(close);
            return inner;
        }
        let kind = if let Ok(n) = text.parse::<i64>() {
            ExprKind::Lit(Literal::Int(BigInt::from(n)))
        } else if text.starts_with(|c: char| c.is_uppercase()) && !text.contains('.') {
            ExprKind::Con(Name::unqualified(text, span))
        } else {
            ExprKind::Var(Name::from_qualified(text, span))
        };
        Expr::new(kind, span)
    }
}

/// The unresolved chain the parser would produce for `src`.
fn expr(src: &str) -> Expr {
    let mut reader = Reader { tokens: tokens(src), at: 0 };
    let e = reader.chain();
    assert_eq!(reader.at, reader.tokens.len(), "unread tokens in {src:?}");
    e
}

/// A compact rendering: `(+ a (* b c))`.
fn sexp(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Var(n) | ExprKind::Con(n) => n.full(),
        ExprKind::Lit(Literal::Int(n)) => n.to_string(),
        ExprKind::BinOp(op, a, b) => format!("({} {} {})", op_name(op), sexp(a), sexp(b)),
        ExprKind::App(f, x) => format!("({} {})", sexp(f), sexp(x)),
        ExprKind::Neg(x) => format!("(neg {})", sexp(x)),
        ExprKind::OpChain(first, rest) => {
            let rest: String = rest.iter().map(|(op, e)| format!(" {} {}", op_name(op), sexp(e))).collect();
            format!("(chain {}{rest})", sexp(first))
        }
        other => format!("{other:?}"),
    }
}

fn op_name(op: &Operator) -> String {
    if op.backticks { format!("`{}`", op.name.full()) } else { op.name.full() }
}

/// Resolves `src` with `table`, returning the tree and the diagnostics.
fn resolve_with(table: &FixityTable, src: &str) -> (String, Vec<Diagnostic>) {
    let mut e = expr(src);
    let diagnostics = resolve_expr(&mut e, table);
    (sexp(&e), diagnostics)
}

/// Resolves `src` with the Prelude's fixities and checks that nothing went wrong.
fn resolved(src: &str) -> String {
    let (tree, diagnostics) = resolve_with(&FixityTable::prelude(), src);
    assert!(diagnostics.is_empty(), "{src}: {diagnostics:#?}");
    tree
}

fn fixity(assoc: Assoc, precedence: u8, function: &str, op: &str) -> Fixity {
    Fixity {
        assoc,
        precedence,
        function: Name::unqualified(function, Span::new(0, 0)),
        operator: Ident { name: op.to_string(), span: Span::new(10, 10 + op.len()) },
    }
}

fn decl(kind: DeclKind) -> Decl {
    Decl { kind, span: Span::default(), doc: None }
}

fn fixity_decl(assoc: Assoc, precedence: u8, function: &str, op: &str) -> Decl {
    decl(DeclKind::Fixity(fixity(assoc, precedence, function, op)))
}

fn ident(name: &str) -> Ident {
    Ident { name: name.to_string(), span: Span::default() }
}

fn equation(name: &str, rhs: Rhs, wheres: Vec<Decl>) -> Decl {
    decl(DeclKind::Equation(Equation { name: ident(name), args: Vec::new(), rhs, wheres }))
}

fn module(decls: Vec<Decl>) -> Module {
    Module { header: None, imports: Vec::new(), decls, span: Span::default() }
}

fn boxed(src: &str) -> Box<Expr> {
    Box::new(expr(src))
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn p(kind: PatKind) -> Pat {
    Pat::new(kind, Span::default())
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

// ---------------------------------------------------------------------------------------------
// Association and precedence.
// ---------------------------------------------------------------------------------------------

#[test]
fn left_associative_operators_lean_left() {
    assert_eq!(resolved("a - b - c"), "(- (- a b) c)");
    assert_eq!(resolved("a + b - c + d"), "(+ (- (+ a b) c) d)");
    assert_eq!(resolved("m >>= f >>= g"), "(>>= (>>= m f) g)");
    assert_eq!(resolved("x # f # g"), "(# (# x f) g)");
}

#[test]
fn right_associative_operators_lean_right() {
    assert_eq!(resolved("a && b && c"), "(&& a (&& b c))");
    assert_eq!(resolved("a <> b <> c"), "(<> a (<> b c))");
    assert_eq!(resolved("f <<< g >>> h"), "(<<< f (>>> g h))");
}

#[test]
fn cons_is_right_associative_and_mixes_with_appends() {
    assert_eq!(resolved("x : y : zs"), "(: x (: y zs))");
    assert_eq!(resolved("x : xs ++ ys <> zs"), "(: x (++ xs (<> ys zs)))");
    assert_eq!(resolved("x + 1 : xs"), "(: (+ x 1) xs)");
}

#[test]
fn dollar_chains_nest_to_the_right_below_everything() {
    assert_eq!(resolved("f $ g $ h $ x"), "($ f ($ g ($ h x)))");
    assert_eq!(resolved("f $ g x + 1"), "($ f (+ (g x) 1))");
    assert_eq!(resolved("print $ show $ a * b"), "($ print ($ show (* a b)))");
}

#[test]
fn a_single_non_associative_operator_is_fine() {
    assert_eq!(resolved("a == b"), "(== a b)");
    assert_eq!(resolved("a + 1 <= b * 2"), "(<= (+ a 1) (* b 2))");
}

#[test]
fn mixed_precedences() {
    assert_eq!(resolved("a + b * c"), "(+ a (* b c))");
    assert_eq!(resolved("a * b + c * d"), "(+ (* a b) (* c d))");
    assert_eq!(resolved("a + b * c - d / e"), "(- (+ a (* b c)) (/ d e))");
    assert_eq!(resolved("a == b && c < d || e"), "(|| (&& (== a b) (< c d)) e)");
    assert_eq!(resolved("f <$> x <*> y <|> z"), "(<|> (<*> (<$> f x) y) z)");
    assert_eq!(resolved("m >>= f <$> x"), "(>>= m (<$> f x))");
}

#[test]
fn send_binds_looser_than_append_and_tighter_than_dollar() {
    assert_eq!(resolved("pid ! a <> b"), "(! pid (<> a b))");
    assert_eq!(resolved("a ! b ! msg"), "(! a (! b msg))");
    assert_eq!(resolved("pid ! f $ x"), "($ (! pid f) x)");
}

#[test]
fn parenthesized_chains_stay_one_operand() {
    assert_eq!(resolved("( a + b ) * c"), "(* (+ a b) c)");
    assert_eq!(resolved("a - ( b - c )"), "(- a (- b c))");
    assert_eq!(resolved("( a == b ) == c"), "(== (== a b) c)");
}

#[test]
fn negated_operands_bind_tighter_than_any_operator() {
    assert_eq!(resolved("- a * b"), "(* (neg a) b)");
    assert_eq!(resolved("a * - b"), "(* a (neg b))");
    assert_eq!(resolved("a - - b - c"), "(- (- a (neg b)) c)");
    assert_eq!(resolved("- ( a + b * c ) * d"), "(* (neg (+ a (* b c))) d)");
}

#[test]
fn backtick_operators_use_their_declared_fixity() {
    assert_eq!(resolved("a + b `div` c"), "(+ a (`div` b c))");
    assert_eq!(resolved("a `mod` b * c"), "(* (`mod` a b) c)");

    let mut table = FixityTable::prelude();
    table.declare(&fixity(Assoc::None, 4, "elem", "elem")).expect("fresh declaration");
    assert_eq!(resolve_with(&table, "x + 1 `elem` xs").0, "(`elem` (+ x 1) xs)");
}

#[test]
fn undeclared_operators_are_infixl_9() {
    assert_eq!(FixityTable::new().lookup(&expr_op("+")), (Assoc::Left, 9));
    assert_eq!(resolved("a + b `foo` c * d"), "(+ a (* (`foo` b c) d))");
    assert_eq!(resolved("a <+> b <+> c * d"), "(* (<+> (<+> a b) c) d)");
}

fn expr_op(text: &str) -> Operator {
    Operator { name: Name::from_qualified(text, Span::default()), backticks: false }
}

#[test]
fn the_prelude_table_has_the_documented_fixities() {
    let table = FixityTable::prelude();
    let cases = [
        ("$", Assoc::Right, 0),
        ("!", Assoc::Right, 1),
        (">>=", Assoc::Left, 1),
        ("=<<", Assoc::Right, 1),
        ("<|>", Assoc::Left, 3),
        ("/=", Assoc::None, 4),
        ("<*", Assoc::Left, 4),
        (":", Assoc::Right, 5),
        ("-", Assoc::Left, 6),
        ("div", Assoc::Left, 7),
        ("<<<", Assoc::Right, 9),
    ];
    for (op, assoc, precedence) in cases {
        assert_eq!(table.lookup(&expr_op(op)), (assoc, precedence), "{op}");
        assert_eq!(table.get(&expr_op(op)).and_then(|f| f.function.clone()), None);
    }
}

#[test]
fn qualified_operators_prefer_their_qualified_fixity() {
    let mut table = FixityTable::prelude();
    let data_map = fixity(Assoc::Left, 9, "lookupFlipped", "!");
    assert!(table.declare_qualified("Map", &[data_map]).is_empty());
    assert_eq!(table.lookup(&expr_op("Map.!")), (Assoc::Left, 9));
    assert_eq!(table.lookup(&expr_op("!")), (Assoc::Right, 1));
    // Without a qualified entry the bare operator's fixity applies.
    assert_eq!(table.lookup(&expr_op("Prelude.+")), (Assoc::Left, 6));
    assert_eq!(resolve_with(&table, "m Map.! k Map.! j").0, "(Map.! (Map.! m k) j)");
}

// ---------------------------------------------------------------------------------------------
// E0017: operators that cannot be mixed.
// ---------------------------------------------------------------------------------------------

#[test]
fn mixing_non_associative_operators_of_equal_precedence_is_e0017() {
    let (tree, diagnostics) = resolve_with(&FixityTable::prelude(), "a == b < c");
    assert_eq!(tree, "(< (== a b) c)", "recovers by associating left");
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.code, Code::E0017);
    assert_eq!(d.message, "cannot mix `==` (infix 4) and `<` (infix 4) in the same expression");
    assert_eq!(d.primary_span(), Some(Span::new(7, 8)), "points at `<`");
    let secondary: Vec<_> = d.labels.iter().filter(|l| !l.primary).map(|l| (l.span, l.message.as_str())).collect();
    assert_eq!(secondary, [(Span::new(2, 4), "`==` is infix 4")]);
    assert_eq!(d.help.as_deref(), Some("add parentheses to say which operator applies first"));
}

#[test]
fn chaining_a_non_associative_operator_is_e0017() {
    let (tree, diagnostics) = resolve_with(&FixityTable::prelude(), "a == b == c");
    assert_eq!(tree, "(== (== a b) c)");
    assert_eq!(codes(&diagnostics), [Code::E0017]);
    assert_eq!(diagnostics[0].message, "`==` (infix 4) does not associate, so it cannot be chained");
    assert_eq!(diagnostics[0].primary_span(), Some(Span::new(7, 9)));
}

#[test]
fn a_run_of_clashes_is_reported_once() {
    for src in ["a == b == c == d", "a == b < c == d", "a == b < c > d"] {
        let (_, diagnostics) = resolve_with(&FixityTable::prelude(), src);
        assert_eq!(codes(&diagnostics), [Code::E0017], "{src}");
    }
    let (tree, diagnostics) = resolve_with(&FixityTable::prelude(), "a == b == c || d < e > f");
    assert_eq!(tree, "(|| (== (== a b) c) (> (< d e) f))");
    assert_eq!(codes(&diagnostics), [Code::E0017, Code::E0017], "two separate runs");
    assert_eq!(diagnostics[1].primary_span(), Some(Span::new(21, 22)), "points at `>`");
}

#[test]
fn mixing_left_and_right_associative_operators_of_equal_precedence_is_e0017() {
    let mut table = FixityTable::prelude();
    table.declare(&fixity(Assoc::Left, 5, "snoc", "|>")).expect("fresh declaration");
    let (tree, diagnostics) = resolve_with(&table, "x : xs |> y");
    assert_eq!(tree, "(|> (: x xs) y)");
    assert_eq!(codes(&diagnostics), [Code::E0017]);
    assert_eq!(diagnostics[0].message, "cannot mix `:` (infixr 5) and `|>` (infixl 5) in the same expression");
    assert_eq!(diagnostics[0].primary_span(), Some(Span::new(7, 9)));

    // Send (infixr 1) against bind (infixl 1).
    let (_, diagnostics) = resolve_with(&FixityTable::prelude(), "pid ! x >>= f");
    assert_eq!(codes(&diagnostics), [Code::E0017]);
}

#[test]
fn backtick_operators_are_named_with_backticks_in_messages() {
    let mut table = FixityTable::prelude();
    table.declare(&fixity(Assoc::None, 4, "elem", "elem")).expect("fresh declaration");
    let (_, diagnostics) = resolve_with(&table, "x `elem` xs == b");
    assert_eq!(diagnostics[0].message, "cannot mix `` `elem` `` (infix 4) and `==` (infix 4) in the same expression");
}

#[test]
fn a_clash_inside_an_operand_is_reported_and_the_rest_still_resolves() {
    let (tree, diagnostics) = resolve_with(&FixityTable::prelude(), "( a == b == c ) || d && e");
    assert_eq!(tree, "(|| (== (== a b) c) (&& d e))");
    assert_eq!(codes(&diagnostics), [Code::E0017]);
}

// ---------------------------------------------------------------------------------------------
// E0016: fixity declarations.
// ---------------------------------------------------------------------------------------------

#[test]
fn precedence_above_9_is_e0016_and_is_recorded_as_9() {
    let mut table = FixityTable::new();
    let d = table.declare(&fixity(Assoc::Left, 10, "pow", "^")).expect_err("precedence 10");
    assert_eq!(d.code, Code::E0016);
    assert_eq!(d.message, "precedence 10 is out of range for `^`");
    assert_eq!(d.primary_span(), Some(Span::new(10, 11)));
    assert_eq!(table.lookup(&expr_op("^")), (Assoc::Left, 9));
}

#[test]
fn two_different_fixities_for_one_operator_is_e0016() {
    let decls = [
        fixity_decl(Assoc::Left, 6, "add", "+"),
        fixity_decl(Assoc::Right, 6, "add", "+"),
        fixity_decl(Assoc::Left, 6, "plus", "+"),
        fixity_decl(Assoc::Left, 6, "add", "+"),
    ];
    let mut table = FixityTable::new();
    let diagnostics = table.extend_from(&decls);
    assert_eq!(codes(&diagnostics), [Code::E0016, Code::E0016], "an identical repeat is accepted");
    assert_eq!(diagnostics[0].message, "`+` is given two different fixities");
    assert_eq!(diagnostics[0].labels[0].message, "declared here as infixr 6 add");
    assert_eq!(diagnostics[0].labels[1].message, "first declared as infixl 6 add");
    assert_eq!(diagnostics[1].labels[0].message, "declared here as infixl 6 plus");
    let first = table.get(&expr_op("+")).expect("declared");
    assert_eq!((first.assoc, first.function.as_ref().map(|f| f.name.as_str())), (Assoc::Left, Some("add")));
}

#[test]
fn declarations_replace_built_in_fixities_without_error() {
    // What the driver will do once `Prelude.mote` declares its operators.
    let decls = [fixity_decl(Assoc::Left, 6, "add", "+"), fixity_decl(Assoc::Left, 8, "send", "!")];
    let mut table = FixityTable::prelude();
    assert!(table.extend_from(&decls).is_empty());
    let plus = table.get(&expr_op("+")).expect("declared");
    assert_eq!(plus.function.as_ref().map(Name::full).as_deref(), Some("add"));
    assert_eq!(table.lookup(&expr_op("!")), (Assoc::Left, 8));
    // Once declared, the entry is no longer built in and a different fixity clashes.
    let again = [fixity_decl(Assoc::Right, 6, "add", "+")];
    assert_eq!(codes(&table.extend_from(&again)), [Code::E0016]);
}

#[test]
fn an_out_of_range_precedence_is_reported_even_when_repeated() {
    let decls = [fixity_decl(Assoc::Left, 10, "pow", "^"), fixity_decl(Assoc::Left, 10, "pow", "^")];
    let diagnostics = FixityTable::new().extend_from(&decls);
    assert_eq!(codes(&diagnostics), [Code::E0016, Code::E0016]);
    assert!(diagnostics.iter().all(|d| d.message.starts_with("precedence 10")));
}

#[test]
fn declarations_that_are_not_fixities_are_skipped() {
    let decls = [equation("x", Rhs::Plain(expr("1")), Vec::new()), fixity_decl(Assoc::Right, 2, "or", "\\/")];
    let mut table = FixityTable::new();
    assert!(table.extend_from(&decls).is_empty());
    assert_eq!(table.lookup(&expr_op("\\/")), (Assoc::Right, 2));
}

// ---------------------------------------------------------------------------------------------
// resolve_module: the module's own fixities, and chains nested anywhere.
// ---------------------------------------------------------------------------------------------

fn rhs_of(decl: &Decl) -> String {
    match &decl.kind {
        DeclKind::Equation(Equation { rhs: Rhs::Plain(e), .. }) => sexp(e),
        other => panic!("not a plain equation: {other:?}"),
    }
}

#[test]
fn local_fixities_override_imported_ones_without_error() {
    let mut m = module(vec![
        equation("x", Rhs::Plain(expr("a - b - c")), Vec::new()),
        equation("y", Rhs::Plain(expr("a |> b |> c")), Vec::new()),
        // Declared after the uses: order does not matter.
        fixity_decl(Assoc::Right, 6, "sub", "-"),
        fixity_decl(Assoc::Right, 0, "pipe", "|>"),
    ]);
    // Imported fixities as the driver will build them: declared in another module.
    let mut imported = FixityTable::prelude();
    assert!(imported.extend_from(&[fixity_decl(Assoc::Left, 6, "sub", "-")]).is_empty());
    let diagnostics = resolve_module(&mut m, &imported);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(rhs_of(&m.decls[0]), "(- a (- b c))");
    assert_eq!(rhs_of(&m.decls[1]), "(|> a (|> b c))");
}

#[test]
fn resolve_module_reports_bad_declarations_and_every_clash() {
    let mut m = module(vec![
        fixity_decl(Assoc::Left, 12, "pow", "^"),
        equation("x", Rhs::Plain(expr("a == b == c")), Vec::new()),
        equation("y", Rhs::Plain(expr("a < b > c")), Vec::new()),
    ]);
    let diagnostics = resolve_module(&mut m, &FixityTable::prelude());
    assert_eq!(codes(&diagnostics), [Code::E0016, Code::E0017, Code::E0017]);
}

/// The chain every nested position below holds, and what it must become.
const CHAIN: &str = "a + b * c";
const RESOLVED: &str = "(+ a (* b c))";

fn c() -> Expr {
    expr(CHAIN)
}

fn bc() -> Box<Expr> {
    boxed(CHAIN)
}

fn size_segment<T>(value: T) -> Segment<T> {
    Segment { value, size: Some(bc()), specs: Vec::new(), span: Span::default() }
}

/// Declarations with a chain in every place an expression can hide.
fn everywhere() -> Vec<Decl> {
    let binary_pat = p(PatKind::Binary(vec![size_segment(p(PatKind::Var(ident("x"))))]));
    let guarded = Rhs::Guarded(vec![GuardedExpr {
        guards: vec![
            Guard::Bool(c()),
            Guard::Bind(p(PatKind::Wildcard), c()),
            Guard::Let(vec![equation("g", Rhs::Plain(c()), Vec::new())]),
        ],
        body: c(),
        span: Span::default(),
    }]);
    let stmts = vec![
        Stmt { kind: StmtKind::Bind(binary_pat.clone(), c()), span: Span::default() },
        Stmt { kind: StmtKind::Let(vec![equation("l", Rhs::Plain(c()), Vec::new())]), span: Span::default() },
        Stmt { kind: StmtKind::Expr(c()), span: Span::default() },
    ];
    let alt = Alt { pats: vec![binary_pat.clone()], rhs: guarded.clone(), span: Span::default() };
    let exprs = vec![
        e(ExprKind::Lambda(vec![binary_pat.clone()], bc())),
        e(ExprKind::Case(vec![c()], vec![alt.clone()])),
        e(ExprKind::If(bc(), bc(), bc())),
        e(ExprKind::Let(vec![equation("l", Rhs::Plain(c()), Vec::new())], bc())),
        e(ExprKind::Do(stmts.clone())),
        e(ExprKind::Receive(vec![alt], Some(After { timeout: bc(), body: bc(), span: Span::default() }))),
        e(ExprKind::Record(vec![
            FieldExpr { name: ident("f"), value: Some(c()) },
            FieldExpr { name: ident("pun"), value: None },
        ])),
        e(ExprKind::Access(bc(), ident("f"))),
        e(ExprKind::Update(
            bc(),
            vec![
                FieldUpdate { name: ident("f"), value: UpdateValue::Set(c()) },
                FieldUpdate {
                    name: ident("g"),
                    value: UpdateValue::Nested(vec![FieldUpdate { name: ident("h"), value: UpdateValue::Set(c()) }]),
                },
            ],
        )),
        e(ExprKind::List(vec![c(), c()])),
        e(ExprKind::ListCons(vec![c()], bc())),
        e(ExprKind::Range { from: bc(), then: Some(bc()), to: Some(bc()) }),
        e(ExprKind::Comprehension(bc(), stmts)),
        e(ExprKind::Tuple(vec![c(), c()])),
        e(ExprKind::Map(vec![(c(), c())])),
        e(ExprKind::Binary(vec![size_segment(c())])),
        e(ExprKind::LeftSection(bc(), expr_op("-"))),
        e(ExprKind::RightSection(expr_op("-"), bc())),
        e(ExprKind::Typed(bc(), Type::new(TypeKind::Error, Span::default()))),
        e(ExprKind::Neg(bc())),
        e(ExprKind::App(bc(), bc())),
        // A resolved node from an earlier run is walked too.
        e(ExprKind::BinOp(expr_op("$"), bc(), bc())),
        // An operand that holds a chain, inside a chain.
        e(ExprKind::OpChain(Box::new(e(ExprKind::Lambda(Vec::new(), bc()))), vec![(expr_op("$"), c())])),
    ];
    let body = e(ExprKind::Tuple(exprs));
    let class_default = equation("method", Rhs::Plain(c()), Vec::new());
    let decls = vec![
        equation("f", Rhs::Plain(body), vec![equation("w", guarded, Vec::new())]),
        decl(DeclKind::PatternBinding { pat: binary_pat, rhs: Rhs::Plain(c()), wheres: Vec::new() }),
        decl(DeclKind::Class {
            context: Vec::new(),
            name: ident("C"),
            params: Vec::new(),
            body: vec![class_default.clone()],
        }),
        decl(DeclKind::Instance {
            context: Vec::new(),
            class: Name::unqualified("C", Span::default()),
            args: Vec::new(),
            body: vec![class_default],
        }),
        decl(DeclKind::Data {
            name: ident("T"),
            params: Vec::new(),
            constructors: vec![Constructor { name: ident("T"), args: Vec::new(), span: Span::default() }],
            deriving: Vec::new(),
        }),
    ];
    decls
}

#[test]
fn resolve_module_reaches_chains_nested_everywhere() {
    let mut m = module(everywhere());
    let chains = format!("{m:?}").matches("OpChain").count();
    let diagnostics = resolve_module(&mut m, &FixityTable::prelude());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let after = format!("{m:?}");
    assert!(!after.contains("OpChain"), "a chain was left unresolved: {after}");
    // Every chain but one is `a + b * c`, two BinOps each; the one `… $ …` chain gives one,
    // and one BinOp was there from the start: 2 * (chains - 1) + 1 + 1.
    assert_eq!(after.matches("BinOp(").count(), 2 * chains);
}

#[test]
fn nested_chains_resolve_to_the_right_trees() {
    let mut lambda = e(ExprKind::Lambda(Vec::new(), boxed("f $ x + y")));
    assert!(resolve_expr(&mut lambda, &FixityTable::prelude()).is_empty());
    let ExprKind::Lambda(_, body) = &lambda.kind else { panic!("still a lambda") };
    assert_eq!(sexp(body), "($ f (+ x y))");

    let mut list = e(ExprKind::List(vec![c(), expr("x : xs")]));
    assert!(resolve_expr(&mut list, &FixityTable::prelude()).is_empty());
    let ExprKind::List(items) = &list.kind else { panic!("still a list") };
    assert_eq!(items.iter().map(sexp).collect::<Vec<_>>(), [RESOLVED, "(: x xs)"]);

    let mut case = e(ExprKind::Case(
        vec![c()],
        vec![Alt { pats: vec![p(PatKind::Wildcard)], rhs: Rhs::Plain(expr("a == b == c")), span: Span::default() }],
    ));
    assert_eq!(codes(&resolve_expr(&mut case, &FixityTable::prelude())), [Code::E0017]);
}

#[test]
fn resolved_spans_cover_both_operands() {
    let mut e = expr("a + b * cc");
    assert!(resolve_expr(&mut e, &FixityTable::prelude()).is_empty());
    assert_eq!(e.span, Span::new(0, 10));
    let ExprKind::BinOp(_, lhs, rhs) = &e.kind else { panic!("resolved") };
    assert_eq!((lhs.span, rhs.span), (Span::new(0, 1), Span::new(4, 10)));
}

#[test]
fn resolving_twice_changes_nothing() {
    let mut once = expr("a + b * c == d && f $ x");
    assert!(resolve_expr(&mut once, &FixityTable::prelude()).is_empty());
    let mut twice = once.clone();
    assert!(resolve_expr(&mut twice, &FixityTable::prelude()).is_empty());
    assert_eq!(once, twice);
}

// ---------------------------------------------------------------------------------------------
// Properties over random chains.
// ---------------------------------------------------------------------------------------------

const OPS: [&str; 6] = ["+", "-", "*", "<>", "==", "op"];

fn assoc_strategy() -> impl Strategy<Value = Assoc> {
    prop_oneof![Just(Assoc::Left), Just(Assoc::Right), Just(Assoc::None)]
}

/// A fixity for each of [`OPS`], and a chain: operand count minus one operator indices.
fn chain_strategy() -> impl Strategy<Value = (Vec<(Assoc, u8)>, Vec<usize>)> {
    let fixities = prop::collection::vec((assoc_strategy(), 0u8..=9), OPS.len());
    (fixities, prop::collection::vec(0..OPS.len(), 0..40))
}

fn table_for(fixities: &[(Assoc, u8)]) -> FixityTable {
    let mut table = FixityTable::new();
    for (op, &(assoc, precedence)) in OPS.iter().zip(fixities) {
        table.declare(&fixity(assoc, precedence, "f", op)).expect("one declaration per operator");
    }
    table
}

/// `x0 op x1 op x2 …` with each token at its own offset.
fn random_chain(ops: &[usize]) -> Expr {
    let leaf = |i: usize| {
        let name = format!("x{i}");
        Expr::new(ExprKind::Var(Name::unqualified(name, Span::new(i * 10, i * 10 + 2))), Span::new(i * 10, i * 10 + 2))
    };
    let rest: Vec<_> = ops
        .iter()
        .enumerate()
        .map(|(i, &op)| {
            let span = Span::new(i * 10 + 5, i * 10 + 5 + OPS[op].len());
            let backticks = OPS[op] == "op";
            (Operator { name: Name::unqualified(OPS[op], span), backticks }, leaf(i + 1))
        })
        .collect();
    let span = leaf(0).span.to(leaf(ops.len()).span);
    if rest.is_empty() { leaf(0) } else { Expr::new(ExprKind::OpChain(Box::new(leaf(0)), rest), span) }
}

/// Operands and operators in order, as they were written.
fn in_order(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::BinOp(op, a, b) => {
            in_order(a, out);
            out.push(op.name.name.clone());
            in_order(b, out);
        }
        ExprKind::Var(n) => out.push(n.name.clone()),
        other => panic!("unexpected node after resolution: {other:?}"),
    }
}

fn written(ops: &[usize]) -> Vec<String> {
    let mut out = vec!["x0".to_string()];
    for (i, &op) in ops.iter().enumerate() {
        out.push(OPS[op].to_string());
        out.push(format!("x{}", i + 1));
    }
    out
}

/// Whether every node's children bind at least as tightly as the node, ties broken by the
/// node's associativity: what a tree resolved without errors must satisfy.
fn respects_fixities(e: &Expr, table: &FixityTable) -> bool {
    let ExprKind::BinOp(op, a, b) = &e.kind else {
        return true;
    };
    let (assoc, precedence) = table.lookup(op);
    let fits = |child: &Expr, side: Assoc| match &child.kind {
        ExprKind::BinOp(child_op, ..) => {
            let (child_assoc, child_precedence) = table.lookup(child_op);
            child_precedence > precedence || (child_precedence == precedence && assoc == side && child_assoc == side)
        }
        _ => true,
    };
    fits(a, Assoc::Left) && fits(b, Assoc::Right) && respects_fixities(a, table) && respects_fixities(b, table)
}

proptest! {
    #[test]
    fn resolution_keeps_the_written_order((fixities, ops) in chain_strategy()) {
        let table = table_for(&fixities);
        let mut e = random_chain(&ops);
        let diagnostics = resolve_expr(&mut e, &table);
        let mut seen = Vec::new();
        in_order(&e, &mut seen);
        prop_assert_eq!(seen, written(&ops));
        prop_assert_eq!(e.span, Span::new(0, ops.len() * 10 + 2));
        prop_assert!(diagnostics.iter().all(|d| d.code == Code::E0017));
        if diagnostics.is_empty() {
            prop_assert!(respects_fixities(&e, &table));
        }
        if fixities.iter().all(|&(assoc, _)| assoc == Assoc::Left) {
            prop_assert!(diagnostics.is_empty());
        }
    }

    #[test]
    fn equal_left_associative_operators_lean_left(precedence in 0u8..=9, ops in prop::collection::vec(0..OPS.len(), 0..40)) {
        let table = table_for(&[(Assoc::Left, precedence); OPS.len()]);
        let mut e = random_chain(&ops);
        prop_assert!(resolve_expr(&mut e, &table).is_empty());
        let mut node = &e;
        let mut depth = 0;
        while let ExprKind::BinOp(_, lhs, rhs) = &node.kind {
            prop_assert!(matches!(rhs.kind, ExprKind::Var(_)), "a right operand is a leaf");
            node = lhs;
            depth += 1;
        }
        prop_assert_eq!(depth, ops.len());
    }
}
