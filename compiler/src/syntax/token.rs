//! Tokens and the lexer.
//!
//! Lexing is two steps: logos matches raw tokens, then [`lex`] "cooks" them with the context logos
//! cannot see: it joins qualified names (`Data.Map.lookup`), tells record access (`p.name`) from a
//! lone dot, splits `x:xs` (cons, not the atom `:xs`), turns `<<`/`>>` into binary brackets and
//! sets comments aside. A bad character becomes a [`Token::Error`], never a panic.

use std::fmt;

use logos::Logos;
use num_bigint::BigInt;

use crate::span::Span;

/// Why a piece of text is not a token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LexError {
    #[default]
    UnexpectedChar,
    UnterminatedString,
    UnterminatedComment,
    InvalidEscape(String),
    InvalidChar,
    InvalidNumber,
}

/// A token, after cooking. The parser's terminals.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    // Keywords.
    Module,
    Where,
    Import,
    Data,
    Newtype,
    Type,
    Class,
    Instance,
    Deriving,
    Forall,
    Infixl,
    Infixr,
    Infix,
    Let,
    In,
    Do,
    Of,
    Case,
    If,
    Then,
    Else,
    Receive,
    After,
    Foreign,
    True,
    False,
    /// `as`, `hiding`: keywords only in imports and fixity declarations, names elsewhere.
    As,
    Hiding,

    // Names.
    /// `foo`, `x'`
    Lower(String),
    /// `Foo`
    Upper(String),
    /// `Data.Map.lookup`: the full text.
    QualLower(String),
    /// `Data.Map` or `Map.Map`: a module name or qualified constructor.
    QualUpper(String),
    /// `Map.!`: a qualified operator, the full text.
    QualOp(String),
    /// `?x`: a typed hole, without the `?`.
    Hole(String),

    // Literals.
    Int(BigInt),
    Float(f64),
    Char(char),
    Str(String),
    /// `:ok`, `:"a b"`: the atom's name.
    Atom(String),

    // Reserved symbols.
    Equals,
    Bar,
    Arrow,
    LArrow,
    DoubleColon,
    FatArrow,
    ColonEq,
    Backslash,
    At,
    DotDot,
    Colon,
    Minus,
    Slash,
    /// `.` standing alone (after `forall a`).
    Dot,
    /// `.` glued to an expression on the left and a field name on the right: `p.name`.
    AccessDot,
    Underscore,
    Backtick,
    Comma,
    Semi,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    /// `#{`
    HashBrace,
    /// `<<`
    BinOpen,
    /// `>>`
    BinClose,
    /// Any other operator: `+`, `<>`, `>>=`, `!`, `#`, …
    Op(String),

    // Inserted by the layout pass.
    VLBrace,
    VSemi,
    VRBrace,

    /// Text that is not a token; the lexer reports it and the parser never sees it.
    Error(LexError),
}

impl Token {
    /// How the token reads in a diagnostic ("expected `->`, found `=`").
    pub fn describe(&self) -> String {
        match self {
            Token::Lower(s) | Token::QualLower(s) => format!("the name `{s}`"),
            Token::Upper(s) | Token::QualUpper(s) => format!("`{s}`"),
            Token::QualOp(s) | Token::Op(s) => format!("the operator `{s}`"),
            Token::As => "`as`".into(),
            Token::Hiding => "`hiding`".into(),
            Token::Hole(s) => format!("the hole `?{s}`"),
            Token::Int(_) => "an integer".into(),
            Token::Float(_) => "a float".into(),
            Token::Char(_) => "a character".into(),
            Token::Str(_) => "a string".into(),
            Token::Atom(a) => format!("the atom `:{a}`"),
            Token::VLBrace => "the start of a block".into(),
            Token::VSemi => "a new line".into(),
            Token::VRBrace => "the end of a block".into(),
            Token::Error(_) => "invalid text".into(),
            other => format!("`{}`", other.text()),
        }
    }

    /// The source text of fixed tokens; a readable form of the others.
    pub fn text(&self) -> String {
        let fixed = match self {
            Token::Module => "module",
            Token::Where => "where",
            Token::Import => "import",
            Token::Data => "data",
            Token::Newtype => "newtype",
            Token::Type => "type",
            Token::Class => "class",
            Token::Instance => "instance",
            Token::Deriving => "deriving",
            Token::Forall => "forall",
            Token::Infixl => "infixl",
            Token::Infixr => "infixr",
            Token::Infix => "infix",
            Token::Let => "let",
            Token::In => "in",
            Token::Do => "do",
            Token::Of => "of",
            Token::Case => "case",
            Token::If => "if",
            Token::Then => "then",
            Token::Else => "else",
            Token::Receive => "receive",
            Token::After => "after",
            Token::Foreign => "foreign",
            Token::True => "true",
            Token::False => "false",
            Token::As => "as",
            Token::Hiding => "hiding",
            Token::Equals => "=",
            Token::Bar => "|",
            Token::Arrow => "->",
            Token::LArrow => "<-",
            Token::DoubleColon => "::",
            Token::FatArrow => "=>",
            Token::ColonEq => ":=",
            Token::Backslash => "\\",
            Token::At => "@",
            Token::DotDot => "..",
            Token::Colon => ":",
            Token::Minus => "-",
            Token::Slash => "/",
            Token::Dot | Token::AccessDot => ".",
            Token::Underscore => "_",
            Token::Backtick => "`",
            Token::Comma => ",",
            Token::Semi => ";",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::LBracket => "[",
            Token::RBracket => "]",
            Token::LBrace => "{",
            Token::RBrace => "}",
            Token::HashBrace => "#{",
            Token::BinOpen => "<<",
            Token::BinClose => ">>",
            Token::VLBrace => "{·",
            Token::VSemi => ";·",
            Token::VRBrace => "·}",
            Token::Lower(s)
            | Token::Upper(s)
            | Token::QualLower(s)
            | Token::QualUpper(s)
            | Token::QualOp(s)
            | Token::Op(s) => return s.clone(),
            Token::Hole(s) => return format!("?{s}"),
            Token::Int(n) => return n.to_string(),
            Token::Float(x) => return format!("{x:?}"),
            Token::Char(c) => return format!("{c:?}"),
            Token::Str(s) => return format!("{s:?}"),
            Token::Atom(a) => return format!(":{a}"),
            Token::Error(e) => return format!("<error: {e:?}>"),
        };
        fixed.to_string()
    }

    pub fn is_virtual(&self) -> bool {
        matches!(self, Token::VLBrace | Token::VSemi | Token::VRBrace)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A token with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    pub token: Token,
    pub span: Span,
}

/// A comment, kept aside for doc attachment and the formatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// `-- | text`: the text after the bar, trimmed.
    pub doc: Option<String>,
}

/// The lexer's output: tokens (error tokens included, comments excluded) and comments.
#[derive(Debug, Clone, Default)]
pub struct Lexed {
    pub tokens: Vec<Spanned>,
    pub comments: Vec<Comment>,
}

/// Lexes `source`. Total: every byte ends up in a token, a comment or skipped whitespace.
pub fn lex(source: &str) -> Lexed {
    let mut out = Lexed::default();
    let mut raw = Raw::lexer(source);
    while let Some(result) = raw.next() {
        let range = raw.span();
        let span = Span::new(range.start, range.end);
        let slice = raw.slice();
        let token = match result {
            Ok(Raw::LineComment) | Ok(Raw::BlockComment) => {
                let doc = slice.strip_prefix("-- |").map(|rest| rest.trim().to_string());
                out.comments.push(Comment { span, doc });
                continue;
            }
            Ok(raw_token) => cook(raw_token, slice),
            Err(e) => Token::Error(e),
        };
        push_cooked(&mut out.tokens, source, token, span);
    }
    out
}

/// Tokens `a` and `b` touch: no whitespace or comment between them.
fn adjacent(a: Span, b: Span) -> bool {
    a.end == b.start
}

/// Appends `token`, merging it with what came before where the raw lexer could not tell.
fn push_cooked(tokens: &mut Vec<Spanned>, source: &str, token: Token, span: Span) {
    let prev = tokens.last();
    let glued = prev.is_some_and(|p| adjacent(p.span, span));
    match token {
        // `Data.Map` / `Map.lookup` / `Map.Map`: `Upper` `.` name, all touching.
        Token::Lower(_) | Token::Upper(_) | Token::As | Token::Hiding
            if glued && matches!(prev.map(|p| &p.token), Some(Token::Dot)) =>
        {
            let name = token.text();
            let n = tokens.len();
            let qualifier_glued = n >= 2 && adjacent(tokens[n - 2].span, tokens[n - 1].span);
            let qualifier = if qualifier_glued {
                match &tokens[n - 2].token {
                    Token::Upper(q) | Token::QualUpper(q) => Some(q.clone()),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(q) = qualifier {
                let start = tokens[n - 2].span;
                tokens.truncate(n - 2);
                let full = format!("{q}.{name}");
                let token =
                    if matches!(token, Token::Upper(_)) { Token::QualUpper(full) } else { Token::QualLower(full) };
                tokens.push(Spanned { token, span: start.to(span) });
            } else if matches!(token, Token::Upper(_)) {
                tokens.push(Spanned { token, span });
            } else {
                // `expr.field`: the dot touches a closed expression on its left.
                let n = tokens.len();
                let left_closes = n >= 2
                    && adjacent(tokens[n - 2].span, tokens[n - 1].span)
                    && closes_expression(&tokens[n - 2].token);
                if left_closes {
                    tokens[n - 1].token = Token::AccessDot;
                }
                let token = match token {
                    Token::As => Token::Lower("as".into()),
                    Token::Hiding => Token::Lower("hiding".into()),
                    other => other,
                };
                tokens.push(Spanned { token, span });
            }
        }
        // `Map.!`: a qualified operator is lexed as `Upper` then an operator starting with `.`.
        Token::Op(_)
            if glued
                && matches!(prev.map(|p| &p.token), Some(Token::Upper(_) | Token::QualUpper(_)))
                && source[span.range()].len() > 1
                && source[span.range()].starts_with('.') =>
        {
            let prev = tokens.pop().expect("glued implies a previous token");
            let full = format!("{}{}", prev.token.text(), &source[span.range()]);
            tokens.push(Spanned { token: Token::QualOp(full), span: prev.span.to(span) });
        }
        // `x:xs`: an atom glued to a closed expression is really cons.
        Token::Atom(ref name)
            if glued
                && source[span.range()].starts_with(':')
                && !source[span.range()].starts_with(":\"")
                && prev.is_some_and(|p| closes_expression(&p.token)) =>
        {
            let name = name.clone();
            tokens.push(Spanned { token: Token::Colon, span: Span::new(span.start as usize, span.start as usize + 1) });
            let rest = Span::new(span.start as usize + 1, span.end as usize);
            tokens.push(Spanned { token: keyword_or_lower(&name), span: rest });
        }
        Token::Op(ref op) if op == "<<>>" => {
            let mid = span.start as usize + 2;
            tokens.push(Spanned { token: Token::BinOpen, span: Span::new(span.start as usize, mid) });
            tokens.push(Spanned { token: Token::BinClose, span: Span::new(mid, span.end as usize) });
        }
        _ => tokens.push(Spanned { token, span }),
    }
}

/// Tokens that can end an expression, so that a touching `.name` is a field access.
fn closes_expression(t: &Token) -> bool {
    matches!(
        t,
        Token::Lower(_)
            | Token::Upper(_)
            | Token::QualLower(_)
            | Token::QualUpper(_)
            | Token::RParen
            | Token::RBracket
            | Token::RBrace
            | Token::BinClose
            | Token::Underscore
            | Token::Hole(_)
            | Token::Int(_)
            | Token::Float(_)
            | Token::True
            | Token::False
            | Token::Str(_)
            | Token::Char(_)
            | Token::Atom(_)
    )
}

fn keyword_or_lower(name: &str) -> Token {
    let mut raw = Raw::lexer(name);
    match (raw.next(), raw.next()) {
        (Some(Ok(t)), None) if raw.span().end == name.len() || name.is_empty() => cook(t, name),
        _ => Token::Lower(name.to_string()),
    }
}

fn cook(raw: Raw, slice: &str) -> Token {
    match raw {
        Raw::Module => Token::Module,
        Raw::Where => Token::Where,
        Raw::Import => Token::Import,
        Raw::Data => Token::Data,
        Raw::Newtype => Token::Newtype,
        Raw::Type => Token::Type,
        Raw::Class => Token::Class,
        Raw::Instance => Token::Instance,
        Raw::Deriving => Token::Deriving,
        Raw::Forall => Token::Forall,
        Raw::Infixl => Token::Infixl,
        Raw::Infixr => Token::Infixr,
        Raw::Infix => Token::Infix,
        Raw::Let => Token::Let,
        Raw::In => Token::In,
        Raw::Do => Token::Do,
        Raw::Of => Token::Of,
        Raw::Case => Token::Case,
        Raw::If => Token::If,
        Raw::Then => Token::Then,
        Raw::Else => Token::Else,
        Raw::Receive => Token::Receive,
        Raw::After => Token::After,
        Raw::Foreign => Token::Foreign,
        Raw::True => Token::True,
        Raw::False => Token::False,
        Raw::As => Token::As,
        Raw::Hiding => Token::Hiding,
        Raw::Underscore => Token::Underscore,
        Raw::Lower => Token::Lower(slice.to_string()),
        Raw::Upper => Token::Upper(slice.to_string()),
        Raw::Hole => Token::Hole(slice[1..].to_string()),
        Raw::Int(n) => Token::Int(n),
        Raw::Float(x) => Token::Float(x),
        Raw::Char(c) => Token::Char(c),
        Raw::Str(s) => Token::Str(s),
        Raw::Atom(a) => Token::Atom(a),
        Raw::Backtick => Token::Backtick,
        Raw::Comma => Token::Comma,
        Raw::Semi => Token::Semi,
        Raw::LParen => Token::LParen,
        Raw::RParen => Token::RParen,
        Raw::LBracket => Token::LBracket,
        Raw::RBracket => Token::RBracket,
        Raw::LBrace => Token::LBrace,
        Raw::RBrace => Token::RBrace,
        Raw::HashBrace => Token::HashBrace,
        Raw::Symbol => match slice {
            "=" => Token::Equals,
            "|" => Token::Bar,
            "->" => Token::Arrow,
            "<-" => Token::LArrow,
            "::" => Token::DoubleColon,
            "=>" => Token::FatArrow,
            ":=" => Token::ColonEq,
            "\\" => Token::Backslash,
            "@" => Token::At,
            ".." => Token::DotDot,
            ":" => Token::Colon,
            "-" => Token::Minus,
            "/" => Token::Slash,
            "." => Token::Dot,
            "<<" => Token::BinOpen,
            ">>" => Token::BinClose,
            other => Token::Op(other.to_string()),
        },
        Raw::LineComment | Raw::BlockComment => {
            unreachable!("comments are set aside before cooking")
        }
    }
}

/// Raw tokens as logos matches them; see [`cook`].
#[derive(Logos, Debug, Clone, PartialEq)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\r\n\f\u{feff}]+")]
enum Raw {
    #[token("module")]
    Module,
    #[token("where")]
    Where,
    #[token("import")]
    Import,
    #[token("data")]
    Data,
    #[token("newtype")]
    Newtype,
    #[token("type")]
    Type,
    #[token("class")]
    Class,
    #[token("instance")]
    Instance,
    #[token("deriving")]
    Deriving,
    #[token("forall")]
    Forall,
    #[token("infixl")]
    Infixl,
    #[token("infixr")]
    Infixr,
    #[token("infix")]
    Infix,
    #[token("let")]
    Let,
    #[token("in")]
    In,
    #[token("do")]
    Do,
    #[token("of")]
    Of,
    #[token("case")]
    Case,
    #[token("if")]
    If,
    #[token("then")]
    Then,
    #[token("else")]
    Else,
    #[token("receive")]
    Receive,
    #[token("after")]
    After,
    #[token("foreign")]
    Foreign,
    #[token("true")]
    True,
    #[token("false")]
    False,
    #[token("as")]
    As,
    #[token("hiding")]
    Hiding,
    #[token("_", priority = 10)]
    Underscore,

    #[regex(r"[a-z_][A-Za-z0-9_']*")]
    Lower,
    #[regex(r"[A-Z][A-Za-z0-9_']*")]
    Upper,
    #[regex(r"\?[a-z_][A-Za-z0-9_']*")]
    Hole,

    #[regex(r"[0-9][0-9_]*", |lex| int_literal(lex.slice(), 10))]
    #[regex(r"0[xX][0-9a-fA-F_]*", |lex| int_literal(&lex.slice()[2..], 16))]
    #[regex(r"0[oO][0-9_]*", |lex| int_literal(&lex.slice()[2..], 8))]
    #[regex(r"0[bB][0-9_]*", |lex| int_literal(&lex.slice()[2..], 2))]
    Int(BigInt),
    #[regex(r"[0-9][0-9_]*\.[0-9][0-9_]*([eE][+-]?[0-9]+)?", |lex| float_literal(lex.slice()))]
    #[regex(r"[0-9][0-9_]*[eE][+-]?[0-9]+", |lex| float_literal(lex.slice()))]
    Float(f64),
    #[regex(r"'([^'\\\n]|\\[^\n][^'\n]*)'", |lex| char_literal(lex.slice()))]
    #[regex(r"''", invalid_char)]
    #[regex(r"'[^'\\\n][^'\n]+'", invalid_char, priority = 1)]
    Char(char),
    #[regex(r#""([^"\\\n]|\\[^\n])*""#, |lex| unescape(&lex.slice()[1..lex.slice().len() - 1]))]
    #[regex(r#""([^"\\\n]|\\[^\n])*"#, unterminated_string, priority = 1)]
    #[token(r#"""""#, raw_string)]
    Str(String),
    #[regex(r":[a-z][A-Za-z0-9_']*", |lex| lex.slice()[1..].to_string())]
    #[regex(r#":"([^"\\\n]|\\[^\n])*""#, |lex| unescape(&lex.slice()[2..lex.slice().len() - 1]))]
    Atom(String),

    #[token("`")]
    Backtick,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("#{")]
    HashBrace,

    #[regex(r"[!#$%&*+./<=>?@\\^|~:\-]+")]
    Symbol,

    /// `--` then anything to the end of the line, unless the dashes are part of an operator
    /// such as `-->`.
    #[regex(r"--+([^!#$%&*+./<=>?@\\^|~:\-\n][^\n]*)?", priority = 20)]
    LineComment,
    #[token("{-", block_comment)]
    BlockComment,
}

fn int_literal(digits: &str, radix: u32) -> Result<BigInt, LexError> {
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() {
        return Err(LexError::InvalidNumber);
    }
    BigInt::parse_bytes(digits.as_bytes(), radix).ok_or(LexError::InvalidNumber)
}

fn float_literal(text: &str) -> Result<f64, LexError> {
    let text: String = text.chars().filter(|&c| c != '_').collect();
    text.parse::<f64>().map_err(|_| LexError::InvalidNumber)
}

fn invalid_char(_: &mut logos::Lexer<'_, Raw>) -> Result<char, LexError> {
    Err(LexError::InvalidChar)
}

fn char_literal(slice: &str) -> Result<char, LexError> {
    let body = &slice[1..slice.len() - 1];
    let text = unescape(body)?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(LexError::InvalidChar),
    }
}

/// Resolves the escapes of a string or char body: `\n \r \t \0 \\ \" \' \xHH \u{H…}` and the
/// rarer `\a \b \f \v \e`.
pub fn unescape(body: &str) -> Result<String, LexError> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or_else(|| LexError::InvalidEscape("\\".into()))?;
        let resolved = match e {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'v' => '\u{b}',
            'e' => '\u{1b}',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'x' => {
                let hex: String = (0..2).filter_map(|_| chars.next_if(char::is_ascii_hexdigit)).collect();
                let code = u32::from_str_radix(&hex, 16).map_err(|_| LexError::InvalidEscape(format!("\\x{hex}")))?;
                if hex.len() != 2 {
                    return Err(LexError::InvalidEscape(format!("\\x{hex}")));
                }
                char::from_u32(code).ok_or_else(|| LexError::InvalidEscape(format!("\\x{hex}")))?
            }
            'u' => {
                let mut text = String::from("\\u");
                if chars.next_if_eq(&'{').is_none() {
                    return Err(LexError::InvalidEscape(text));
                }
                text.push('{');
                let hex: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_hexdigit)).collect();
                text.push_str(&hex);
                if chars.next_if_eq(&'}').is_none() || hex.is_empty() || hex.len() > 6 {
                    return Err(LexError::InvalidEscape(text));
                }
                let code = u32::from_str_radix(&hex, 16).map_err(|_| LexError::InvalidEscape(text.clone()))?;
                char::from_u32(code).ok_or(LexError::InvalidEscape(format!("{text}}}")))?
            }
            other => return Err(LexError::InvalidEscape(format!("\\{other}"))),
        };
        out.push(resolved);
    }
    Ok(out)
}

fn unterminated_string(_: &mut logos::Lexer<'_, Raw>) -> Result<String, LexError> {
    Err(LexError::UnterminatedString)
}

/// `"""…"""`: no escapes, may span lines.
fn raw_string(lex: &mut logos::Lexer<'_, Raw>) -> Result<String, LexError> {
    let rest = lex.remainder();
    match rest.find(r#"""""#) {
        Some(end) => {
            let body = rest[..end].to_string();
            lex.bump(end + 3);
            Ok(body)
        }
        None => {
            lex.bump(rest.len());
            Err(LexError::UnterminatedString)
        }
    }
}

/// `{- … -}`, nesting.
fn block_comment(lex: &mut logos::Lexer<'_, Raw>) -> Result<(), LexError> {
    let rest = lex.remainder().as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while i < rest.len() {
        match (rest[i], rest.get(i + 1)) {
            (b'{', Some(b'-')) => {
                depth += 1;
                i += 2;
            }
            (b'-', Some(b'}')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    lex.bump(i);
                    return Ok(());
                }
            }
            _ => i += 1,
        }
    }
    lex.bump(rest.len());
    Err(LexError::UnterminatedComment)
}

#[cfg(test)]
mod tests;
