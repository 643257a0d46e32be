//! Rendering diagnostics as text, in rustc's layout:
//!
//! ```text
//! error[E0010]: expected `->` after the case pattern
//!  --> src/Main.mote:4:10
//!   |
//! 3 | f x = case x of
//!   |       ---- in this `case`
//! 4 |   Just y = y
//!   |          ^ expected `->` here
//!   |
//!   = note: case alternatives are written `pattern -> expression`
//!   = help: write `->` instead of `=`
//! ```
//!
//! Two renderers share the label placement below:
//! - [`render_plain`] is our own, ASCII-only, colourless and deterministic: what pipes, CI logs and
//!   the `tests/ui/*.stderr` snapshots see. It depends on no third-party layout, so a dependency
//!   update cannot churn the snapshots.
//! - [`render_terminal`] draws with ariadne when colour is on; with colour off it is
//!   [`render_plain`], so `NO_COLOR=1 mote check` prints exactly what the snapshots hold.
//!
//! Neither panics on any span: spans past the end of the source point at its end, spans that
//! split a character widen to whole characters, trailing whitespace is not underlined, and empty
//! spans get a single caret.

mod plain;
mod terminal;
#[cfg(test)]
mod tests;

use super::{Diagnostic, Label};

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub colour: bool,
}

/// Renders `diagnostic` about `source` (read from `file`) for a terminal.
pub fn render_terminal(file: &str, source: &str, diagnostic: &Diagnostic, options: RenderOptions) -> String {
    let labels = place_labels(source, &diagnostic.labels);
    // ariadne needs a line to draw on: without labels (or without text) there is no snippet,
    // and its report would lose the notes, so the plain layout, coloured, takes over.
    if options.colour && !labels.is_empty() && !source.is_empty() {
        terminal::render(file, source, diagnostic, &labels)
    } else {
        plain::render(file, source, diagnostic, &labels, options.colour)
    }
}

/// Renders `diagnostic` as plain text: no colour, ASCII drawing, no trailing spaces, one
/// `file:line:col` location line. Stable for snapshot files.
pub fn render_plain(file: &str, source: &str, diagnostic: &Diagnostic) -> String {
    plain::render(file, source, diagnostic, &place_labels(source, &diagnostic.labels), false)
}

/// The closing line of a check: `1 error, 2 warnings`.
pub fn summary(errors: usize, warnings: usize) -> String {
    fn count(n: usize, noun: &str) -> String {
        if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
    }
    format!("{}, {}", count(errors, "error"), count(warnings, "warning"))
}

/// A label fitted to its source: `start..end` lies inside the text on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placed<'d> {
    start: usize,
    end: usize,
    message: &'d str,
    primary: bool,
}

/// Fits every label to `source` and orders them by position, primary labels first on ties.
fn place_labels<'d>(source: &str, labels: &'d [Label]) -> Vec<Placed<'d>> {
    let mut placed: Vec<Placed<'d>> = labels
        .iter()
        .map(|label| {
            let (start, end) = fit_span(source, label.span.start as usize, label.span.end as usize);
            Placed { start, end, message: &label.message, primary: label.primary }
        })
        .collect();
    placed.sort_by_key(|l| (l.start, !l.primary, l.end));
    placed
}

/// Clamps `start..end` into `source`, widens it to character boundaries and drops trailing
/// whitespace.
fn fit_span(source: &str, start: usize, end: usize) -> (usize, usize) {
    let len = source.len();
    let mut start = start.min(len);
    let mut end = end.clamp(start, len);
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    while !source.is_char_boundary(end) {
        end += 1;
    }
    // A span that runs on over blank lines (a declaration and the gap after it) is drawn up to
    // its last visible character; a span of nothing but whitespace is drawn as it is.
    let visible = source[start..end].trim_end().len();
    if visible > 0 {
        end = start + visible;
    }
    // "Unexpected end of file" reads best right after the last character, not on the empty
    // line that a final newline opens.
    if start == end && start == len {
        let before_newline = source.strip_suffix('\n').map(|s| s.strip_suffix('\r').unwrap_or(s));
        if let Some(text) = before_newline {
            start = text.len();
            end = start;
        }
    }
    (start, end)
}
