//! Turning the parser's "unexpected token, expected one of [terminals]" into messages in the
//! user's terms: "expected `->` after the case pattern, found `=`".

use std::ops::Range;

use lalrpop_util::ParseError;

use super::SyntaxError;
use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::token::{Spanned, Token};

/// Tokens whose absence tells the user most: checked first, in this order.
const STRUCTURAL: &[&str] = &["->", "=", "then", "else", "of", "in", ")", "]", "}", ">>", "<-", "::", "where", "=>"];

pub(super) fn parse_error(
    source: &str,
    tokens: &[Spanned],
    error: ParseError<usize, Token, SyntaxError>,
) -> Diagnostic {
    match error {
        ParseError::UnrecognizedToken { token: (l, token, r), expected } => {
            let index = tokens.partition_point(|t| (t.span.start as usize) < l);
            unexpected(source, tokens, index, &token, Span::new(l, r), &expected)
        }
        ParseError::UnrecognizedEof { location, expected } => {
            let around = declaration(source, tokens, tokens.len());
            let at_end = Span::point(location.min(source.len()));
            let what = summarise(&expected);
            let mut d = Diagnostic::error(Code::E0011, format!("unexpected end of file: expected {what}"))
                .with_primary(at_end, format!("expected {what} here"));
            if let Some((open, closer)) = unclosed_opener(tokens, around, &expected) {
                d = d.with_secondary(open, format!("this is never closed with `{closer}`"));
            }
            d
        }
        ParseError::ExtraToken { token: (l, token, r) } => {
            Diagnostic::error(Code::E0022, format!("{} comes after the end of the module", token.describe()))
                .with_primary(Span::new(l, r), "nothing can follow the module's last declaration")
        }
        ParseError::InvalidToken { location } => {
            Diagnostic::error(Code::E0001, "invalid token").with_primary(Span::point(location), "here")
        }
        ParseError::User { error } => match error {},
    }
}

fn unexpected(
    source: &str,
    tokens: &[Spanned],
    index: usize,
    token: &Token,
    span: Span,
    expected: &[String],
) -> Diagnostic {
    let names: Vec<&str> = expected.iter().map(|e| terminal(e)).collect();
    let prev = tokens[..index.min(tokens.len())].iter().rev().find(|t| !t.token.is_virtual());
    let found = if token.is_virtual() && span.start as usize >= source.trim_end().len() {
        "the end of the file".to_string()
    } else if token.is_virtual() {
        match token {
            Token::VLBrace => "the start of a block".to_string(),
            _ => "the end of the line".to_string(),
        }
    } else {
        token.describe()
    };
    // A virtual token sits at the start of the next real token; the problem is at the end of
    // the previous one.
    let primary = match (token.is_virtual(), prev) {
        (true, Some(p)) => Span::point(p.span.end as usize),
        _ => span,
    };
    let has = |t: &str| names.contains(&t);
    if expected.is_empty() {
        return Diagnostic::error(Code::E0022, format!("{found} comes after the end of the module"))
            .with_primary(primary, "the module ended before this")
            .with_help("check the indentation: a line further left than the module's declarations ends it");
    }
    let closer = matches!(token, Token::RParen | Token::RBracket | Token::RBrace | Token::BinClose);
    if closer && !names.contains(&token.text().as_str()) {
        return Diagnostic::error(Code::E0010, format!("unexpected {found}: there is nothing to close"))
            .with_primary(primary, format!("this `{}` has no matching opening bracket", token.text()));
    }
    let first_on_line = prev
        .is_some_and(|p| source.get(p.span.end as usize..span.start as usize).is_some_and(|gap| gap.contains('\n')));
    if first_on_line && !token.is_virtual() && (names.contains(&"VSEMI") || names.contains(&"VRBRACE")) {
        return Diagnostic::error(Code::E0010, "this line is indented to no enclosing block's column")
            .with_primary(span, "indented less than the block above, but more than the block around it")
            .with_help("align the line with the items of the block it belongs to");
    }
    let around = declaration(source, tokens, index);
    let in_braces = unclosed_opener(tokens, around.clone(), &["\"}\"".to_string()]).is_some();
    if in_braces && matches!(token, Token::Colon) && has("=") {
        return Diagnostic::error(Code::E0021, "record fields are given with `=`, not `:`")
            .with_primary(span, "expected `=`")
            .with_help("write `{ name = value }`");
    }
    if in_braces && matches!(token, Token::Equals) && has("::") {
        return Diagnostic::error(Code::E0021, "a record type gives each field's type with `::`")
            .with_primary(span, "expected `::`")
            .with_help("write `{ name :: Type }`; `=` gives values in record literals");
    }
    let block = enclosing_block(tokens, around.clone());

    let (message, label) = if has("->") && matches!(block, Some(Token::Of)) {
        ("expected `->` after the case pattern".to_string(), "expected `->`".to_string())
    } else if has("->") && matches!(block, Some(Token::Receive)) {
        ("expected `->` after the message pattern".to_string(), "expected `->`".to_string())
    } else if has("then") {
        ("expected `then` after the `if` condition".to_string(), "expected `then`".to_string())
    } else if has("else") {
        ("expected `else`: an `if` needs both branches".to_string(), "expected `else`".to_string())
    } else if has("of") {
        ("expected `of` after the `case` scrutinee".to_string(), "expected `of`".to_string())
    } else if has("in") && !has("=") {
        ("expected `in` after the `let` bindings".to_string(), "expected `in`".to_string())
    } else {
        let what = summarise(expected);
        let after = prev.map(|p| format!(" after `{}`", p.token.text())).unwrap_or_default();
        (format!("expected {what}{after}"), format!("expected {what}"))
    };
    let unclosed = unclosed_opener(tokens, around, expected);
    // The line ended inside a bracket: say so with its own code.
    let code = if token.is_virtual() && unclosed.is_some() {
        Code::E0012
    } else if found == "the end of the file" {
        Code::E0011
    } else {
        Code::E0010
    };
    let mut d = Diagnostic::error(code, format!("{message}, found {found}")).with_primary(primary, label);
    if let Some((open, closer)) = unclosed {
        d = d.with_secondary(open, format!("unclosed; expected `{closer}` to match it"));
    }
    if matches!(token, Token::Equals) && has("->") {
        d = d.with_help("case alternatives use `->`; `=` defines equations");
    }
    if matches!(token, Token::Arrow) && has("=") {
        d = d.with_help("equations use `=`; `->` belongs to case alternatives and lambdas");
    }
    d
}

/// The grammar's name of a terminal, unquoted: `"->"` for `"\"->\""`.
fn terminal(name: &str) -> &str {
    name.strip_prefix('"').and_then(|n| n.strip_suffix('"')).unwrap_or(name)
}

/// "an expression", "`->` or `|`", … from the parser's expected terminals.
fn summarise(expected: &[String]) -> String {
    let names: Vec<&str> = expected.iter().map(|e| terminal(e)).collect();
    let has = |t: &str| names.contains(&t);
    let structural: Vec<String> = STRUCTURAL.iter().filter(|s| has(s)).take(3).map(|s| format!("`{s}`")).collect();
    let category = if has("\\\\") || (has("if") && has("case")) {
        Some("an expression")
    } else if has("_") && has("INT") && has("LOWER") {
        Some("a pattern")
    } else if has("forall") || (has("LOWER") && has("UPPER") && has("[") && !has("INT")) {
        Some("a type")
    } else if has("LOWER") && !has("UPPER") {
        Some("a name")
    } else if has("UPPER") && !has("LOWER") {
        Some("a capitalised name")
    } else {
        None
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(c) = category {
        parts.push(c.to_string());
    }
    parts.extend(structural);
    if parts.is_empty() {
        parts = names
            .iter()
            .filter_map(|n| match *n {
                "VSEMI" => Some("a new line".to_string()),
                "VRBRACE" => Some("the end of the block".to_string()),
                "VLBRACE" | "QLOWER" | "QUPPER" | "QOP" | "ACCESS" | "FLOAT" | "CHAR" | "STRING" | "ATOM" | "HOLE" => {
                    None
                }
                "LOWER" => Some("a name".to_string()),
                "UPPER" => Some("a capitalised name".to_string()),
                "INT" => Some("a number".to_string()),
                "OP" => Some("an operator".to_string()),
                other => Some(format!("`{other}`")),
            })
            .take(4)
            .collect();
    }
    match parts.len() {
        0 => "something else".to_string(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().expect("len checked");
            format!("{} or {last}", parts.join(", "))
        }
    }
}

/// The tokens the backward scans below look at: from the first token of the top-level
/// declaration around `index` (a token at the start of a line) up to `index`. Brackets and
/// blocks never span declarations, and stopping there keeps reporting linear in the number of
/// errors.
fn declaration(source: &str, tokens: &[Spanned], index: usize) -> Range<usize> {
    let end = index.min(tokens.len());
    let start = (0..end)
        .rev()
        .find(|&i| {
            let start = tokens[i].span.start as usize;
            !tokens[i].token.is_virtual() && (start == 0 || source.as_bytes().get(start - 1) == Some(&b'\n'))
        })
        .unwrap_or(0);
    start..end
}

/// The keyword that opened the innermost block around the end of `around`.
fn enclosing_block(tokens: &[Spanned], around: Range<usize>) -> Option<Token> {
    let mut depth = 0usize;
    for i in around.rev() {
        match tokens[i].token {
            Token::VRBrace | Token::RBrace => depth += 1,
            Token::VLBrace | Token::LBrace => {
                if depth == 0 {
                    return i.checked_sub(1).map(|p| tokens[p].token.clone());
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// Recognisers of an opening and a closing bracket, and the closer's text.
type BracketPair = (fn(&Token) -> bool, fn(&Token) -> bool, &'static str);

/// The unmatched opening bracket in `around`, when the parser wanted its closer.
fn unclosed_opener(tokens: &[Spanned], around: Range<usize>, expected: &[String]) -> Option<(Span, &'static str)> {
    let wants = |t: &str| expected.iter().any(|e| terminal(e) == t);
    let pairs: [BracketPair; 4] = [
        (|t| matches!(t, Token::LParen), |t| matches!(t, Token::RParen), ")"),
        (|t| matches!(t, Token::LBracket), |t| matches!(t, Token::RBracket), "]"),
        (|t| matches!(t, Token::BinOpen), |t| matches!(t, Token::BinClose), ">>"),
        (|t| matches!(t, Token::LBrace | Token::HashBrace), |t| matches!(t, Token::RBrace), "}"),
    ];
    // Report the innermost opener whose closer the parser wanted.
    let mut best: Option<(usize, Span, &'static str)> = None;
    for (is_open, is_close, closer) in pairs {
        if !wants(closer) {
            continue;
        }
        let mut depth = 0usize;
        for i in around.clone().rev() {
            let t = &tokens[i].token;
            if is_close(t) {
                depth += 1;
            } else if is_open(t) {
                if depth == 0 {
                    if best.is_none_or(|(j, _, _)| i > j) {
                        best = Some((i, tokens[i].span, closer));
                    }
                    break;
                }
                depth -= 1;
            }
        }
    }
    best.map(|(_, span, closer)| (span, closer))
}
