//! The source printer: turns a syntax tree back into Mote text. The seed of `mote fmt`.
//!
//! Contract: for a tree without error nodes, parsing the printed text gives the same tree up to
//! spans (compare with [`erase_spans`] applied to both sides). Looks come second: where the
//! offside rule or the grammar could read the text differently, the printer adds parentheses or
//! explicit braces instead of hoping.
//!
//! How layout stays safe. A layout block (`do`, `case … of`, `where`, `let`, `receive`) is
//! printed over several lines only in *tail position*: where whatever follows it starts a new
//! line left of the block's column, which closes the block under the plain offside rule (the
//! body of a declaration, an alternative or a statement, the `else` branch, …). A block
//! anywhere else — inside brackets, before `then`, in a guard — is printed on one line in
//! explicit braces, `(case x of { A -> 1; B -> 2 })`, and so is everything inside it (the
//! printer's inline mode). Also braced: a `let` in a guard or a comprehension (only the parser
//! knows where it would end), and a block whose first item starts with `{` (right after the
//! keyword that `{` would open an explicit block). A braced `let … in` or `receive … after`
//! stands in parentheses, so that its `in` or `after` cannot close an enclosing implicit block.
//!
//! Operators: an unresolved [`ExprKind::OpChain`] prints flat, as it was parsed. A resolved
//! [`ExprKind::BinOp`] tree prints with every operator operand parenthesised, so the text means
//! the same tree whatever fixities the reader's parser knows; [`module_with_fixities`] drops the
//! parentheses the given fixities make redundant.
//!
//! What cannot round-trip (the printer still prints something sensible): error nodes (printed
//! as the hole `?error`); NaN and infinite floats (no literal spells them); a negative literal
//! inside an expression (the parser only makes `Neg (Lit n)`); a comprehension whose only
//! qualifier is a condition (`[x | c]` is Erlang's cons); an as-pattern left of `<-` (binds are
//! parsed as expressions); a right section of `-` (`(- x)` is negation); a fixity declaration
//! for a backtick operator whose function has another name (`` infixl 7 `div` `` names both);
//! doc comments where the parser attaches none (on declarations in `let` and `where`).

use num_bigint::Sign;

use super::ast::*;

mod decl;
mod expr;
mod pat;
mod ty;

#[cfg(test)]
mod arbitrary;
#[cfg(test)]
mod tests;

pub use super::spans::erase_spans;

/// Lines longer than this are broken where the printer knows how (`if`, `let`, `data`).
const WIDTH: usize = 80;

/// Looks up the associativity and precedence of an operator, for [`module_with_fixities`].
pub type FixityLookup<'a> = &'a dyn Fn(&Operator) -> Option<(Assoc, u8)>;

/// Prints a module in layout style: the canonical form.
pub fn module(m: &Module) -> String {
    let mut p = Printer::new(None);
    p.module(m);
    p.finish()
}

/// As [`module`], leaving out the parentheses around operator operands that `fixity` makes
/// redundant, e.g. with `&|op| Some(table.lookup(op))` for a [`FixityTable`]. An operator it
/// does not know is parenthesised as in [`module`]. The text reads back as the same tree when
/// the reader resolves operators with the same fixities.
///
/// [`FixityTable`]: super::fixity::FixityTable
pub fn module_with_fixities(m: &Module, fixity: FixityLookup<'_>) -> String {
    let mut p = Printer::new(Some(fixity));
    p.module(m);
    p.finish()
}

/// Prints a module with explicit braces and semicolons for every block, so that reading it back
/// does not depend on the layout pass at all. The declarations of a module with a header sit
/// in `where { … }`; those of a headerless one stay one per line at column 1.
pub fn module_braced(m: &Module) -> String {
    let mut p = Printer::new(None);
    p.explicit = true;
    p.module_braced(m);
    p.finish()
}

/// Prints a declaration as it would stand at the top of a module.
pub fn decl(d: &Decl) -> String {
    let mut p = Printer::new(None);
    p.decl(d);
    p.finish()
}

/// Prints an expression as it would stand on the right of `x = `.
pub fn expr(e: &Expr) -> String {
    let mut p = Printer::new(None);
    p.expr(e, expr::Ctx::TOP);
    p.finish()
}

/// Prints a pattern as it would stand in a `case` alternative.
pub fn pat(p: &Pat) -> String {
    let mut printer = Printer::new(None);
    printer.pat(p, pat::PatLevel::Top);
    printer.finish()
}

/// Prints a type as it would stand after `::`.
pub fn ty(t: &Type) -> String {
    let mut p = Printer::new(None);
    p.ty(t, ty::TypeLevel::Top);
    p.finish()
}

/// The output buffer and where the printer stands in the layout.
struct Printer<'f> {
    out: String,
    /// The column (0-based) where the lines of the current item start. Continuation lines go
    /// right of it; a block opened inside the item puts its items at `indent + 2`.
    indent: usize,
    /// Everything on the current line: blocks in explicit braces, `if` and `let` on one line.
    inline: bool,
    /// Braces even where layout would be unambiguous (`let x = 1 in e`), for text that must
    /// not depend on the layout pass.
    explicit: bool,
    fixity: Option<FixityLookup<'f>>,
}

impl<'f> Printer<'f> {
    fn new(fixity: Option<FixityLookup<'f>>) -> Printer<'f> {
        Printer { out: String::new(), indent: 0, inline: false, explicit: false, fixity }
    }

    fn finish(mut self) -> String {
        trim_line_end(&mut self.out);
        self.out
    }

    /// Appends `text`, one or more whole tokens. A space goes between two tokens that would
    /// otherwise lex as one: two operator symbols (`<<` `:ok`, `..` `-1`) or two names.
    fn w(&mut self, text: &str) {
        if let (Some(last), Some(first)) = (self.out.chars().next_back(), text.chars().next())
            && ((is_symbol_char(last) && is_symbol_char(first)) || (is_name_char(last) && is_name_char(first)))
        {
            self.out.push(' ');
        }
        self.out.push_str(text);
    }

    /// Starts a new line at the current indentation.
    fn nl(&mut self) {
        debug_assert!(!self.inline, "a line break inside an inline construct");
        trim_line_end(&mut self.out);
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', self.indent));
    }

    /// The current column, 0-based.
    fn col(&self) -> usize {
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count()
    }

    /// Runs `f` with the current item's lines starting at `indent`.
    fn indented<R>(&mut self, indent: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = std::mem::replace(&mut self.indent, indent);
        let result = f(self);
        self.indent = saved;
        result
    }

    /// Runs `f` in inline mode: no line breaks, explicit braces.
    fn inline<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = std::mem::replace(&mut self.inline, true);
        let result = f(self);
        self.inline = saved;
        result
    }

    /// What `f` prints inline, for deciding whether it fits on the current line.
    fn render_inline(&self, f: impl FnOnce(&mut Printer<'f>)) -> String {
        let mut scratch = Printer { inline: true, ..Printer::new(self.fixity) };
        scratch.explicit = self.explicit;
        f(&mut scratch);
        scratch.out
    }

    fn fits(&self, text: &str) -> bool {
        !text.contains('\n') && self.col() + 1 + text.chars().count() <= WIDTH
    }

    /// The items of a block whose keyword has just been printed: one per line at `indent + 2`,
    /// or in explicit braces when inline. An empty block is always `{}`.
    fn block<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if self.inline || items.is_empty() || self.opens_brace(|p| item(p, &items[0])) {
            self.w(" ");
            self.braced(items, item);
            return;
        }
        self.indented(self.indent + 2, |p| {
            for i in items {
                p.nl();
                item(p, i);
            }
        });
    }

    /// The items of a block that starts right here, after `let `: the first on this line, the
    /// others aligned below it.
    fn aligned_block<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if self.inline || items.is_empty() || self.opens_brace(|p| item(p, &items[0])) {
            self.braced(items, item);
            return;
        }
        self.indented(self.col(), |p| {
            for (n, i) in items.iter().enumerate() {
                if n > 0 {
                    p.nl();
                }
                item(p, i);
            }
        });
    }

    /// Whether what `f` prints starts with `{`. Right after a layout keyword that `{` would
    /// open an explicit block, so a block whose first item starts so must be braced itself.
    fn opens_brace(&self, f: impl FnOnce(&mut Printer<'f>)) -> bool {
        self.render_inline(f).starts_with('{')
    }

    /// `{ a; b }`, every item inline.
    fn braced<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.w("{}");
            return;
        }
        self.inline(|p| {
            p.w("{ ");
            for (n, i) in items.iter().enumerate() {
                if n > 0 {
                    p.w("; ");
                }
                item(p, i);
            }
            p.w(" }");
        });
    }

    /// `a, b, c`
    fn commas<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        for (n, i) in items.iter().enumerate() {
            if n > 0 {
                self.w(", ");
            }
            item(self, i);
        }
    }
}

fn trim_line_end(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
}

/// The characters the lexer glues into one operator token.
fn is_symbol_char(c: char) -> bool {
    "!#$%&*+./<=>?@\\^|~:-".contains(c)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// An operator name such as `+` or `Map.!`'s `!`, as opposed to an alphanumeric name.
fn is_symbolic(name: &str) -> bool {
    name.chars().next().is_some_and(is_symbol_char)
}

/// A name in value position: `map`, `Map.lookup`, or `(+)` for an operator.
fn value_name(n: &Name) -> String {
    if is_symbolic(&n.name) { format!("({})", n.full()) } else { n.full() }
}

/// A name at a binding site: `f`, or `(+)` for an operator.
fn binder(i: &Ident) -> String {
    if is_symbolic(&i.name) { format!("({})", i.name) } else { i.name.clone() }
}

/// An operator in infix position: `+`, `Map.!`, `` `div` ``.
fn operator(op: &Operator) -> String {
    if is_symbolic(&op.name.name) { op.name.full() } else { format!("`{}`", op.name.full()) }
}

/// A literal as the lexer reads it back. Negative numbers get a leading `-`, which only
/// patterns accept.
fn literal(lit: &Literal) -> String {
    match lit {
        Literal::Int(n) => n.to_string(),
        // `{:?}` is the shortest text that parses back to the same f64, in a form the lexer
        // accepts (`1.5`, `1e300`, `2.5e-8`). NaN and infinities have no literal.
        Literal::Float(x) => format!("{x:?}"),
        Literal::Char(c) => {
            let mut out = String::from("'");
            escape_into(&mut out, *c, '\'');
            out.push('\'');
            out
        }
        Literal::String(s) => quoted(s),
        Literal::Atom(a) => {
            let plain = a.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '\'');
            if plain { format!(":{a}") } else { format!(":{}", quoted(a)) }
        }
        Literal::Bool(true) => "true".into(),
        Literal::Bool(false) => "false".into(),
    }
}

/// A literal that starts with `-`.
fn is_negative(lit: &Literal) -> bool {
    match lit {
        Literal::Int(n) => n.sign() == Sign::Minus,
        Literal::Float(x) => x.is_sign_negative() && !x.is_nan(),
        _ => false,
    }
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        escape_into(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Escapes what the lexer would not read back as itself: the quote, backslash, and control
/// and other invisible characters.
fn escape_into(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' => {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
        c => out.push(c),
    }
}
