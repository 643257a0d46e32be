//! Lexer unit tests: token kinds for each family of literal, name and symbol, and the error
//! tokens that stand in for bad text.

use super::*;

fn tokens(source: &str) -> Vec<Token> {
    lex(source).tokens.into_iter().map(|t| t.token).collect()
}

fn spans(source: &str) -> Vec<(usize, usize)> {
    lex(source).tokens.iter().map(|t| (t.span.start as usize, t.span.end as usize)).collect()
}

fn lower(s: &str) -> Token {
    Token::Lower(s.into())
}

fn upper(s: &str) -> Token {
    Token::Upper(s.into())
}

fn op(s: &str) -> Token {
    Token::Op(s.into())
}

fn int(n: i64) -> Token {
    Token::Int(BigInt::from(n))
}

fn string(s: &str) -> Token {
    Token::Str(s.into())
}

fn atom(s: &str) -> Token {
    Token::Atom(s.into())
}

fn escape_error(s: &str) -> Token {
    Token::Error(LexError::InvalidEscape(s.into()))
}

#[test]
fn qualified_names_join_into_one_token() {
    assert_eq!(
        tokens("Data.Map.lookup Map.Map Data.Map Map.! Prelude.+ Data.Map.! Map.as"),
        vec![
            Token::QualLower("Data.Map.lookup".into()),
            Token::QualUpper("Map.Map".into()),
            Token::QualUpper("Data.Map".into()),
            Token::QualOp("Map.!".into()),
            Token::QualOp("Prelude.+".into()),
            Token::QualOp("Data.Map.!".into()),
            Token::QualLower("Map.as".into()),
        ]
    );
    assert_eq!(spans("Data.Map.lookup x"), vec![(0, 15), (16, 17)]);
}

#[test]
fn a_spaced_dot_does_not_qualify() {
    assert_eq!(tokens("Map . lookup"), vec![upper("Map"), Token::Dot, lower("lookup")]);
    assert_eq!(
        tokens("import Data.Map as M"),
        vec![Token::Import, Token::QualUpper("Data.Map".into()), Token::As, upper("M"),]
    );
}

#[test]
fn record_access_needs_a_closed_expression_on_the_left() {
    assert_eq!(
        tokens("p.name.first (f x).age _.name"),
        vec![
            lower("p"),
            Token::AccessDot,
            lower("name"),
            Token::AccessDot,
            lower("first"),
            Token::LParen,
            lower("f"),
            lower("x"),
            Token::RParen,
            Token::AccessDot,
            lower("age"),
            Token::Underscore,
            Token::AccessDot,
            lower("name"),
        ]
    );
    // A qualified name followed by a field: `Config.defaults.port`.
    assert_eq!(
        tokens("Config.defaults.port"),
        vec![Token::QualLower("Config.defaults".into()), Token::AccessDot, lower("port")]
    );
}

#[test]
fn a_lone_dot_is_composition_or_forall() {
    assert_eq!(tokens("f . g"), vec![lower("f"), Token::Dot, lower("g")]);
    assert_eq!(tokens("forall a. a"), vec![Token::Forall, lower("a"), Token::Dot, lower("a")]);
}

#[test]
fn glued_colon_after_an_expression_is_cons_not_an_atom() {
    assert_eq!(
        tokens("x:xs (x):xs 1:xs 1.5:xs true:bs 'c':cs"),
        vec![
            lower("x"),
            Token::Colon,
            lower("xs"),
            Token::LParen,
            lower("x"),
            Token::RParen,
            Token::Colon,
            lower("xs"),
            int(1),
            Token::Colon,
            lower("xs"),
            Token::Float(1.5),
            Token::Colon,
            lower("xs"),
            Token::True,
            Token::Colon,
            lower("bs"),
            Token::Char('c'),
            Token::Colon,
            lower("cs"),
        ]
    );
    assert_eq!(spans("x:xs"), vec![(0, 1), (1, 2), (2, 4)]);
}

#[test]
fn atoms_stand_where_no_expression_precedes() {
    assert_eq!(
        tokens(r#"x :xs x : xs :ok :"node@host" [:a,:b] (from, :ping)"#),
        vec![
            lower("x"),
            atom("xs"),
            lower("x"),
            Token::Colon,
            lower("xs"),
            atom("ok"),
            atom("node@host"),
            Token::LBracket,
            atom("a"),
            Token::Comma,
            atom("b"),
            Token::RBracket,
            Token::LParen,
            lower("from"),
            Token::Comma,
            atom("ping"),
            Token::RParen,
        ]
    );
    // `:X` and `::` are never atoms.
    assert_eq!(
        tokens("x:Xs x::Int"),
        vec![lower("x"), Token::Colon, upper("Xs"), lower("x"), Token::DoubleColon, upper("Int")]
    );
}

#[test]
fn integers_in_every_radix() {
    let forty_digits = "1234567890123456789012345678901234567890";
    assert_eq!(
        tokens(&format!("42 0x2a 0X2A 0o52 0O52 0b101 0B101 1_000 0xFF_FF {forty_digits}")),
        vec![
            int(42),
            int(42),
            int(42),
            int(42),
            int(42),
            int(5),
            int(5),
            int(1000),
            int(0xffff),
            Token::Int(forty_digits.parse().expect("a decimal literal")),
        ]
    );
}

#[test]
fn malformed_integers_are_error_tokens() {
    let invalid = Token::Error(LexError::InvalidNumber);
    assert_eq!(tokens("0x 0o9 0b102"), vec![invalid.clone(), invalid.clone(), invalid]);
}

#[test]
fn floats_and_ranges() {
    assert_eq!(
        tokens("1.5 2.3e-3 1e10 3.0E+2 1_0.5"),
        vec![Token::Float(1.5), Token::Float(2.3e-3), Token::Float(1e10), Token::Float(300.0), Token::Float(10.5),]
    );
    // A range is not a float: `1..10`.
    assert_eq!(tokens("[1..10]"), vec![Token::LBracket, int(1), Token::DotDot, int(10), Token::RBracket]);
}

#[test]
fn chars_with_escapes_and_beyond_ascii() {
    assert_eq!(
        tokens(r"'a' 'の' '\n' '\'' '\\' '\x41' '\u{1F600}' '\t' '\0'"),
        vec![
            Token::Char('a'),
            Token::Char('の'),
            Token::Char('\n'),
            Token::Char('\''),
            Token::Char('\\'),
            Token::Char('A'),
            Token::Char('😀'),
            Token::Char('\t'),
            Token::Char('\0'),
        ]
    );
    // A prime belongs to the name before it.
    assert_eq!(tokens("x' 'a'"), vec![lower("x'"), Token::Char('a')]);
}

#[test]
fn malformed_chars_are_error_tokens() {
    assert_eq!(
        tokens(r"'ab' '' '\q' '\u{110000}'"),
        vec![
            Token::Error(LexError::InvalidChar),
            Token::Error(LexError::InvalidChar),
            escape_error(r"\q"),
            escape_error(r"\u{110000}"),
        ]
    );
}

#[test]
fn strings_with_escapes() {
    assert_eq!(
        tokens(r#""héllo\n" "\"q\"" "\u{e9}" "tab\t" "\x41\\" """#),
        vec![string("héllo\n"), string("\"q\""), string("é"), string("tab\t"), string("A\\"), string(""),]
    );
}

#[test]
fn bad_escapes_are_error_tokens() {
    assert_eq!(
        tokens(r#""\q" "\x4" "\u{}" "\u00e9""#),
        vec![escape_error(r"\q"), escape_error(r"\x4"), escape_error(r"\u{"), escape_error(r"\u")]
    );
}

#[test]
fn raw_strings_keep_escapes_and_newlines() {
    assert_eq!(tokens("\"\"\"raw \"quoted\" \\n\nline\"\"\" x"), vec![string("raw \"quoted\" \\n\nline"), lower("x")]);
}

#[test]
fn unterminated_strings_are_error_tokens() {
    let unterminated = Token::Error(LexError::UnterminatedString);
    // A plain string stops at the end of its line; the next line lexes normally.
    assert_eq!(tokens("\"abc\nx"), vec![unterminated.clone(), lower("x")]);
    assert_eq!(tokens("\"\"\"never closed\n"), vec![unterminated]);
}

#[test]
fn block_comments_nest() {
    let lexed = lex("{- a {- b -} c -} x {- -} y");
    assert_eq!(lexed.tokens.iter().map(|t| t.token.clone()).collect::<Vec<_>>(), vec![lower("x"), lower("y")]);
    let comment_spans: Vec<_> = lexed.comments.iter().map(|c| c.span.range()).collect();
    assert_eq!(comment_spans, vec![0..17, 20..25]);
}

#[test]
fn unterminated_block_comment_is_an_error_token() {
    assert_eq!(tokens("x {- a {- b -}"), vec![lower("x"), Token::Error(LexError::UnterminatedComment)]);
}

#[test]
fn doc_comments_keep_their_text() {
    let lexed = lex("-- | Adds one.\ninc x = x + 1 -- plain\n--- also plain\n");
    let docs: Vec<Option<&str>> = lexed.comments.iter().map(|c| c.doc.as_deref()).collect();
    assert_eq!(docs, vec![Some("Adds one."), None, None]);
    assert_eq!(lexed.tokens.len(), 6);
}

#[test]
fn operators_including_dashes_that_are_not_comments() {
    assert_eq!(
        tokens("--> <> >>= <$> || == /= <<< >>> ! # $ |> -- a comment"),
        vec![
            op("-->"),
            op("<>"),
            op(">>="),
            op("<$>"),
            op("||"),
            op("=="),
            op("/="),
            op("<<<"),
            op(">>>"),
            op("!"),
            op("#"),
            op("$"),
            op("|>"),
        ]
    );
}

#[test]
fn reserved_symbols() {
    assert_eq!(
        tokens(r"= | -> <- :: => := \ @ .. : - / _ ` , ; ( ) [ ] { } #{"),
        vec![
            Token::Equals,
            Token::Bar,
            Token::Arrow,
            Token::LArrow,
            Token::DoubleColon,
            Token::FatArrow,
            Token::ColonEq,
            Token::Backslash,
            Token::At,
            Token::DotDot,
            Token::Colon,
            Token::Minus,
            Token::Slash,
            Token::Underscore,
            Token::Backtick,
            Token::Comma,
            Token::Semi,
            Token::LParen,
            Token::RParen,
            Token::LBracket,
            Token::RBracket,
            Token::LBrace,
            Token::RBrace,
            Token::HashBrace,
        ]
    );
}

#[test]
fn binary_brackets() {
    assert_eq!(
        tokens("<<>> <<1, len:16/big>>"),
        vec![
            Token::BinOpen,
            Token::BinClose,
            Token::BinOpen,
            int(1),
            Token::Comma,
            lower("len"),
            Token::Colon,
            int(16),
            Token::Slash,
            lower("big"),
            Token::BinClose,
        ]
    );
    assert_eq!(spans("<<>>"), vec![(0, 2), (2, 4)]);
}

#[test]
fn keywords_and_contextual_names() {
    assert_eq!(
        tokens("module where let in do of case if then else receive after true false as hiding"),
        vec![
            Token::Module,
            Token::Where,
            Token::Let,
            Token::In,
            Token::Do,
            Token::Of,
            Token::Case,
            Token::If,
            Token::Then,
            Token::Else,
            Token::Receive,
            Token::After,
            Token::True,
            Token::False,
            Token::As,
            Token::Hiding,
        ]
    );
    // A keyword prefix does not make a keyword.
    assert_eq!(tokens("lets done _x"), vec![lower("lets"), lower("done"), lower("_x")]);
}

#[test]
fn holes() {
    assert_eq!(tokens("?x ?_y ? x"), vec![Token::Hole("x".into()), Token::Hole("_y".into()), op("?"), lower("x")]);
}

#[test]
fn unexpected_characters_are_error_tokens_and_lexing_goes_on() {
    let unexpected = Token::Error(LexError::UnexpectedChar);
    assert_eq!(tokens("a é § b"), vec![lower("a"), unexpected.clone(), unexpected, lower("b")]);
    // The error token covers the whole character, not one byte of it.
    assert_eq!(spans("é"), vec![(0, 2)]);
}

#[test]
fn whitespace_includes_crlf_and_byte_order_mark() {
    assert_eq!(spans("\u{feff}a\r\n  b"), vec![(3, 4), (8, 9)]);
}
