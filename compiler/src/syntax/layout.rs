//! The offside rule: a token pass between the lexer and the parser that turns indentation into
//! virtual braces and semicolons, so the grammar never looks at columns.
//!
//! The model is PureScript's CST layout algorithm: a stack of contexts, updated token by token.
//! Implicit blocks open after `where`, `let`, `do`, `of`, `receive` and `after`; each remembers
//! the column of its first token. A line that starts at that column begins a new item (`;·`), a
//! line left of it closes the block (`·}`). Brackets and a few keywords are recorded on the stack
//! too, so that closers (`)`, `in`, `then`, `,`, …) can end the blocks opened inside them, and so
//! that no layout happens inside parentheses or explicit braces.
//!
//! Invariants: the pass is total (any token sequence, however unbalanced, comes out without a
//! panic); the output is the input in order plus virtual tokens with empty spans; every `{·` is
//! matched by exactly one later `·}`.

use super::token::{Spanned, Token};
use crate::span::{LineIndex, Span};

/// The keyword that opened an implicit block; closers look for particular kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    /// The implicit block around a file without a module header, or REPL input.
    Top,
    Where,
    Let,
    Do,
    Of,
    Receive,
    After,
}

/// One entry of the layout stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// An implicit block whose items start at `column` (1-based, tabs to multiples of 8).
    Block {
        kind: BlockKind,
        column: usize,
    },
    /// A `{` right after a layout keyword: an explicit block, inside which nothing is inserted.
    Brace,
    /// A `{` anywhere else: a record literal, update or type.
    RecordBrace,
    HashBrace,
    Paren,
    Square,
    /// `<<`
    Binary,
    /// `case`, until its `of`: commas between `case` and `of` separate scrutinees.
    Case,
    /// `if`, until its `else`: `then`/`else` close the blocks opened since.
    If,
    /// `|`, until `=` or `->`: commas in a guard separate guard clauses.
    Guard,
    /// `\`, until its `->`: that arrow ends the lambda's patterns, not a guard around it, so
    /// in `| \x -> a, b = e` the comma still separates guard clauses.
    Lambda,
}

impl Context {
    /// Markers record an unfinished construct; they delimit nothing and vanish with their item.
    fn is_marker(self) -> bool {
        matches!(self, Context::Case | Context::If | Context::Guard | Context::Lambda)
    }

    fn is_block(self) -> bool {
        matches!(self, Context::Block { .. })
    }

    fn is_block_of(self, wanted: BlockKind) -> bool {
        matches!(self, Context::Block { kind, .. } if kind == wanted)
    }

    /// What an explicit `}` closes.
    fn is_brace(self) -> bool {
        matches!(self, Context::Brace | Context::RecordBrace | Context::HashBrace)
    }
}

/// Inserts virtual braces and semicolons. Total: never panics, always terminates, output is
/// the input tokens in order plus virtual tokens (zero-width spans at the offset where they are
/// inserted: the start of the next real token, or end of source at EOF).
pub fn layout(source: &str, tokens: &[Spanned]) -> Vec<Spanned> {
    let mut pass = Layout {
        source,
        lines: LineIndex::new(source),
        stack: Vec::new(),
        out: Vec::with_capacity(tokens.len() + tokens.len() / 4 + 2),
    };
    pass.run(tokens);
    pass.out
}

struct Layout<'a> {
    source: &'a str,
    lines: LineIndex,
    stack: Vec<Context>,
    out: Vec<Spanned>,
}

impl Layout<'_> {
    fn run(&mut self, tokens: &[Spanned]) {
        let Some(first) = tokens.first() else {
            // Empty input is an empty module: the parser then needs only one shape of body.
            self.emit(Token::VLBrace, 0);
            self.emit(Token::VRBrace, 0);
            return;
        };
        // A module header opens the top-level block with its own `where`; anything else (a
        // headerless file, REPL input) gets an implicit block at its first token.
        if first.token != Token::Module {
            let at = first.span.start as usize;
            let (_, column) = self.position(at);
            self.open_block(BlockKind::Top, column, at);
        }

        let mut opener: Option<(BlockKind, usize)> = None;
        let mut previous_line: Option<usize> = None;
        for spanned in tokens {
            let at = spanned.span.start as usize;
            let (line, column) = self.position(at);
            let mut starts_line = previous_line.is_some_and(|previous| line > previous);

            if let Some((kind, opener_column)) = opener.take() {
                if spanned.token == Token::LBrace {
                    self.stack.push(Context::Brace);
                    self.push_real(spanned, &mut previous_line);
                    continue;
                }
                if self.may_open(column) {
                    // The first token of a block defines its column; it is neither a new item
                    // nor a dedent of the enclosing block. An `after` block is measured from
                    // its keyword instead, so `after 5000 ->` may put its body on the next line
                    // indented less than `5000`.
                    let column = match kind {
                        BlockKind::After => column.min(opener_column + 1),
                        _ => column,
                    };
                    self.open_block(kind, column, at);
                    starts_line = false;
                } else {
                    // Haskell's rule: a block must be indented past the one around it, else
                    // it is empty and the token belongs to the enclosing block.
                    self.emit(Token::VLBrace, at);
                    self.emit(Token::VRBrace, at);
                }
            }

            let lets_before = self.open_lets();
            if starts_line {
                self.start_line(&spanned.token, column, at);
            }
            // An `in` whose line already closed its `let` by indentation must not close an
            // enclosing `let` as well: `let g = let y = 1` / `    in y` / `in g`.
            let closed_its_let = spanned.token == Token::In && self.open_lets() < lets_before;
            if !closed_its_let {
                self.apply(&spanned.token, at);
            }
            self.push_real(spanned, &mut previous_line);
            opener = opens_block(&spanned.token).map(|kind| (kind, column));
        }

        let end = self.source.len();
        if opener.is_some() {
            self.emit(Token::VLBrace, end);
            self.emit(Token::VRBrace, end);
        }
        while let Some(context) = self.stack.pop() {
            if context.is_block() {
                self.emit(Token::VRBrace, end);
            }
        }
    }

    /// Layout at the first token of a line: close the blocks it is left of, then separate items
    /// if it sits at the column of the innermost block.
    fn start_line(&mut self, token: &Token, column: usize, at: usize) {
        // Markers are transparent here: an unfinished `if` or guard does not stop layout.
        while let Some(index) = self.stack.iter().rposition(|c| !c.is_marker()) {
            let Context::Block { kind, column: block } = self.stack[index] else {
                if self.unclosed_at_top(column) {
                    // A line at the left margin inside a bracket: the bracket was never closed.
                    // Drop it so that one missing `)` costs one declaration, not the rest of
                    // the file; the parser reports the missing closer at the end of the line.
                    let top = self.stack.iter().position(|c| c.is_block()).expect("checked by unclosed_at_top");
                    self.pop_to(top + 1, at);
                    continue;
                }
                // An explicit bracket or brace is innermost: the line just continues inside it.
                return;
            };
            if kind == BlockKind::After && column >= block {
                // An `after` block holds one clause; lines right of the keyword continue it.
                return;
            }
            // `where` starts no item of any block, so at a block's column it ends the block and
            // attaches to what encloses it (Haskell gets there by its parse-error rule,
            // PureScript by this same test). The outermost block stays open for recovery.
            let closes = column < block || (column == block && *token == Token::Where && index > 0);
            if closes {
                self.pop_to(index, at);
                continue;
            }
            if column == block && !continues_item(token) {
                // A new item: whatever unfinished `case`/`if`/guard the last one left is over.
                self.stack.truncate(index + 1);
                self.emit(Token::VSemi, at);
            }
            // A continuation line keeps its markers: in `(case x of A | a` followed by a line
            // `, b -> 1)`, the comma is still inside the guard and must not close the `of`.
            return;
        }
    }

    /// The effect of a real token on the stack, emitting the `·}` of the blocks it closes.
    fn apply(&mut self, token: &Token, at: usize) {
        match token {
            Token::LParen => self.stack.push(Context::Paren),
            Token::LBracket => self.stack.push(Context::Square),
            Token::LBrace => self.stack.push(Context::RecordBrace),
            Token::HashBrace => self.stack.push(Context::HashBrace),
            Token::BinOpen => self.stack.push(Context::Binary),
            Token::Case => self.stack.push(Context::Case),
            Token::If => self.stack.push(Context::If),
            Token::Bar => self.stack.push(Context::Guard),
            Token::Backslash => self.stack.push(Context::Lambda),
            Token::RParen => self.close(|c| c == Context::Paren, true, at),
            Token::RBracket => self.close(|c| c == Context::Square, true, at),
            Token::RBrace => self.close(Context::is_brace, true, at),
            Token::BinClose => self.close(|c| c == Context::Binary, true, at),
            Token::In => self.close(|c| c.is_block_of(BlockKind::Let), true, at),
            Token::Then => self.close(|c| c == Context::If, false, at),
            Token::Else => self.close(|c| c == Context::If, true, at),
            Token::Of => self.close(|c| c == Context::Case, true, at),
            Token::After => self.close(|c| c.is_block_of(BlockKind::Receive), true, at),
            Token::Comma => self.comma(at),
            Token::Arrow if self.stack.last() == Some(&Context::Lambda) => {
                self.stack.pop();
            }
            Token::Equals | Token::Arrow if self.stack.last() == Some(&Context::Guard) => {
                self.stack.pop();
            }
            Token::Where => {
                // `f = do x where x = 1`: `where` never belongs to a statement (see
                // `start_line`), so it ends the `do` blocks it follows.
                while self.stack.last().is_some_and(|c| c.is_block_of(BlockKind::Do)) {
                    self.stack.pop();
                    self.emit(Token::VRBrace, at);
                }
            }
            _ => {}
        }
    }

    /// Closes down to the nearest entry matching `target`, through implicit blocks and markers
    /// but never through another bracket: an unmatched closer changes nothing, so one stray `)`
    /// cannot unwind the whole file. With `inclusive`, the target itself goes too.
    fn close(&mut self, target: impl Fn(Context) -> bool, inclusive: bool, at: usize) {
        let Some(index) = self.stack.iter().rposition(|&c| target(c) || !(c.is_block() || c.is_marker())) else {
            return;
        };
        if !target(self.stack[index]) {
            return;
        }
        if inclusive {
            self.pop_to(index, at);
        } else {
            self.pop_to(index + 1, at);
        }
    }

    /// A comma inside brackets, a guard or a `case` head ends the blocks opened since:
    /// `[do a, b]`, `(case x of A -> 1, 2)`. At the top of a block (`do { a, b }`, a top-level
    /// declaration) it is not a separator of ours and closes nothing.
    fn comma(&mut self, at: usize) {
        if !self.stack.last().is_some_and(|c| c.is_block()) {
            return;
        }
        let below = self.stack.iter().rposition(|c| !c.is_block());
        if let Some(index) = below
            // Inside an `if` branch a comma belongs to the block it is in (`then case a, b of`
            // / `A, B -> 1`), not to a bracket around the `if`.
            && !matches!(self.stack[index], Context::Brace | Context::If)
        {
            self.pop_to(index + 1, at);
        }
    }

    /// Whether a line starting at `column` inside brackets sits at or left of the outermost
    /// implicit block's column, with no explicit block brace in between: no declaration can
    /// continue there, so the brackets it is inside were left open.
    fn unclosed_at_top(&self, column: usize) -> bool {
        let Some(top) = self.stack.iter().position(|c| c.is_block()) else { return false };
        let Context::Block { column: top_column, .. } = self.stack[top] else { return false };
        let inner_blocks = self.stack[top + 1..].iter().any(|c| c.is_block() || *c == Context::Brace);
        column <= top_column && !inner_blocks
    }

    fn open_lets(&self) -> usize {
        self.stack.iter().filter(|c| c.is_block_of(BlockKind::Let)).count()
    }

    /// A new implicit block may open only right of the enclosing one (or anywhere inside
    /// explicit braces, which reset indentation as in Haskell).
    fn may_open(&self, column: usize) -> bool {
        let enclosing = self.stack.iter().rev().find(|c| matches!(c, Context::Block { .. } | Context::Brace));
        match enclosing {
            Some(Context::Block { column: outer, .. }) => column > *outer,
            _ => true,
        }
    }

    fn open_block(&mut self, kind: BlockKind, column: usize, at: usize) {
        self.stack.push(Context::Block { kind, column });
        self.emit(Token::VLBrace, at);
    }

    /// Pops every entry from `index` up, closing the implicit blocks among them.
    fn pop_to(&mut self, index: usize, at: usize) {
        let index = index.min(self.stack.len());
        let blocks = self.stack[index..].iter().filter(|c| c.is_block()).count();
        self.stack.truncate(index);
        for _ in 0..blocks {
            self.emit(Token::VRBrace, at);
        }
    }

    fn emit(&mut self, token: Token, at: usize) {
        self.out.push(Spanned { token, span: Span::point(at) });
    }

    fn push_real(&mut self, spanned: &Spanned, previous_line: &mut Option<usize>) {
        // A token spanning lines (a raw string) ends on a later line than it starts; the next
        // token is only first on its line if it is below that end.
        let end = clamp(self.source, spanned.span.end as usize);
        *previous_line = Some(self.lines.line(end));
        self.out.push(spanned.clone());
    }

    /// 0-based line and 1-based column of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.lines.line_col(self.source, clamp(self.source, offset));
        (line - 1, column)
    }
}

/// The nearest char boundary at or before `offset`, within `source`. Well-formed tokens never
/// need this, but layout must not panic on a span past the end or inside a character.
fn clamp(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The keywords after which an implicit block opens.
fn opens_block(token: &Token) -> Option<BlockKind> {
    match token {
        Token::Where => Some(BlockKind::Where),
        Token::Let => Some(BlockKind::Let),
        Token::Do => Some(BlockKind::Do),
        Token::Of => Some(BlockKind::Of),
        Token::Receive => Some(BlockKind::Receive),
        Token::After => Some(BlockKind::After),
        _ => None,
    }
}

/// Tokens that cannot start an item, so at a block's column they continue the previous one:
/// `if`/`then`/`else` and `receive`/`after` aligned in a `do`, leading-comma lists.
fn continues_item(token: &Token) -> bool {
    matches!(
        token,
        Token::Then
            | Token::Else
            | Token::Of
            | Token::In
            | Token::After
            | Token::RParen
            | Token::RBracket
            | Token::RBrace
            | Token::Comma
    )
}

/// Renders a token stream one source line per output line, indented to the column of the
/// line's first token, tokens separated by spaces and virtual ones shown as `{·` `;·` `·}`.
/// Virtual tokens appear on the line of the token they precede. For snapshots and debugging.
pub fn dump(source: &str, tokens: &[Spanned]) -> String {
    let lines = LineIndex::new(source);
    let mut out = String::new();
    let mut current_line = None;
    for spanned in tokens {
        let (line, column) = lines.line_col(source, clamp(source, spanned.span.start as usize));
        if current_line == Some(line) {
            out.push(' ');
        } else {
            if current_line.is_some() {
                out.push('\n');
            }
            out.extend(std::iter::repeat_n(' ', column - 1));
            current_line = Some(line);
        }
        out.push_str(&spanned.token.text());
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests;
