//! The plain renderer: rustc's layout in ASCII.
//!
//! A label on one line is underlined under that line (`^^^` primary, `---` secondary), one row
//! per label so messages never collide. A label over several lines gets a margin column and is
//! drawn from its first character to its last, as rustc does:
//!
//! ```text
//! 3 |   f x = case x of
//!   |  _______^
//! 4 | |   Just y -> y
//!   | |___________^ this `case`
//! ```

use std::collections::BTreeSet;
use std::fmt::Write;

use super::Placed;
use crate::diagnostics::Diagnostic;
use crate::span::LineIndex;

/// A tab is drawn as this many spaces, whatever its column, so carets line up with the text.
const TAB_WIDTH: usize = 4;

/// A multi-line label spanning more lines than this shows only its first and last two lines.
const MAX_MULTILINE_ROWS: usize = 5;

pub(super) fn render(file: &str, source: &str, diagnostic: &Diagnostic, labels: &[Placed<'_>], colour: bool) -> String {
    let paint = Paint { colour };
    let severity = if diagnostic.is_error() { "error" } else { "warning" };
    let severity_style = if diagnostic.is_error() { Style::Error } else { Style::Warning };
    let mut rows = vec![format!(
        "{}{}",
        paint.apply(severity_style, &format!("{severity}[{}]", diagnostic.code)),
        paint.apply(Style::Bold, &format!(": {}", diagnostic.message)),
    )];

    let lines = LineIndex::new(source);
    let snippet = Snippet::new(source, &lines, labels);
    let gutter = snippet.as_ref().map_or(1, Snippet::gutter_width);
    let arrow = paint.apply(Style::Margin, "-->");
    match labels.iter().find(|l| l.primary).or(labels.first()) {
        Some(anchor) => {
            let (line, col) = location(source, &lines, anchor.start);
            rows.push(format!("{:gutter$}{arrow} {file}:{line}:{col}", ""));
        }
        None => rows.push(format!("{:gutter$}{arrow} {file}", "")),
    }
    if let Some(snippet) = &snippet {
        snippet.draw(&mut rows);
    }

    let extras: Vec<(&str, &str)> = diagnostic
        .notes
        .iter()
        .map(|n| ("note", n.as_str()))
        .chain(diagnostic.help.iter().map(|h| ("help", h.as_str())))
        .collect();
    if snippet.is_some() && !extras.is_empty() {
        rows.push(format!("{:gutter$} |", ""));
    }
    for (kind, text) in extras {
        let mut text_lines = text.lines();
        let first = text_lines.next().unwrap_or("");
        rows.push(format!("{:gutter$} {} {first}", "", paint.apply(Style::Bold, &format!("= {kind}:"))));
        let indent = gutter + 5 + kind.len();
        rows.extend(text_lines.map(|l| format!("{:indent$}{l}", "")));
    }

    let mut out = String::new();
    for row in rows {
        // A row never ends in spaces: editors strip them from snapshot files.
        writeln!(out, "{}", row.trim_end()).expect("writing to a String cannot fail");
    }
    out
}

/// 1-based line and column of `offset`. The column counts characters, a tab as one, as editors
/// do when they jump to `file:line:col`.
fn location(source: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    let line = lines.line(offset);
    let col = source[lines.line_start(line)..offset].chars().count();
    (line + 1, col + 1)
}

/// The source lines to show and the labels drawn on them.
struct Snippet<'s> {
    /// 0-based line number and text (without its line break), in order.
    shown: Vec<(usize, &'s str)>,
    singles: Vec<Single<'s>>,
    multis: Vec<Multi<'s>>,
}

/// A label within one line; columns are display columns in that line.
struct Single<'s> {
    line: usize,
    col: usize,
    width: usize,
    message: &'s str,
    primary: bool,
}

/// A label over several lines, from the column of its first character to that of its last.
struct Multi<'s> {
    first_line: usize,
    first_col: usize,
    last_line: usize,
    last_col: usize,
    message: &'s str,
    primary: bool,
}

impl<'s> Snippet<'s> {
    fn new(source: &'s str, lines: &LineIndex, labels: &[Placed<'s>]) -> Option<Snippet<'s>> {
        if labels.is_empty() {
            return None;
        }
        let text_of = |line: usize| -> &'s str {
            let start = lines.line_start(line);
            let end = if line + 1 < lines.line_count() { lines.line_start(line + 1) } else { source.len() };
            let text = &source[start..end];
            let text = text.strip_suffix('\n').unwrap_or(text);
            text.strip_suffix('\r').unwrap_or(text)
        };
        // Display column of byte `offset` within its line `line`.
        let col = |line: usize, offset: usize| -> usize {
            let text = text_of(line);
            let in_line = (offset - lines.line_start(line)).min(text.len());
            width(&text[..in_line])
        };

        let mut wanted = BTreeSet::new();
        let mut singles = Vec::new();
        let mut multis = Vec::new();
        for label in labels {
            let first_line = lines.line(label.start);
            let last_char = last_char_start(source, label.start, label.end);
            let last_line = lines.line(last_char);
            if first_line == last_line {
                let start_col = col(first_line, label.start);
                let end_col = col(first_line, label.end);
                singles.push(Single {
                    line: first_line,
                    col: start_col,
                    width: end_col.saturating_sub(start_col).max(1),
                    message: label.message,
                    primary: label.primary,
                });
                wanted.insert(first_line);
            } else {
                multis.push(Multi {
                    first_line,
                    first_col: col(first_line, label.start),
                    last_line,
                    last_col: col(last_line, last_char),
                    message: label.message,
                    primary: label.primary,
                });
                if last_line - first_line < MAX_MULTILINE_ROWS {
                    wanted.extend(first_line..=last_line);
                } else {
                    wanted.extend([first_line, first_line + 1, last_line - 1, last_line]);
                }
            }
        }
        // A gap of one line costs no more than the `...` that would replace it.
        let mut filled = BTreeSet::new();
        let mut previous: Option<usize> = None;
        for &line in &wanted {
            if previous.is_some_and(|p| line == p + 2) {
                filled.insert(line - 1);
            }
            filled.insert(line);
            previous = Some(line);
        }
        let shown = filled.into_iter().map(|line| (line, text_of(line))).collect();
        Some(Snippet { shown, singles, multis })
    }

    fn gutter_width(&self) -> usize {
        let last = self.shown.last().map_or(0, |&(line, _)| line);
        (last + 1).to_string().len()
    }

    fn draw(&self, rows: &mut Vec<String>) {
        let gutter = self.gutter_width();
        let margin_width = 2 * self.multis.len();
        // Which multi-line labels have started (their bar runs down the margin).
        let mut open = vec![false; self.multis.len()];
        let bars = |open: &[bool], upto: usize| -> String {
            open[..upto].iter().map(|&o| if o { "| " } else { "  " }).collect()
        };
        let annotation = |body: String| format!("{:gutter$} | {body}", "");

        rows.push(format!("{:gutter$} |", ""));
        let mut previous: Option<usize> = None;
        for &(line, text) in &self.shown {
            if previous.is_some_and(|p| line > p + 1) {
                rows.push(format!("{:<width$}{}", "...", bars(&open, open.len()), width = gutter + 3));
            }
            previous = Some(line);
            rows.push(format!("{:>gutter$} | {}{}", line + 1, bars(&open, open.len()), expand_tabs(text)));

            let mut singles: Vec<&Single<'_>> = self.singles.iter().filter(|s| s.line == line).collect();
            singles.sort_by_key(|s| (s.col, !s.primary));
            for single in singles {
                let mark = if single.primary { "^" } else { "-" };
                let prefix =
                    format!("{}{:col$}{}", bars(&open, open.len()), "", mark.repeat(single.width), col = single.col);
                push_message(rows, &annotation, prefix, single.message);
            }
            for (k, multi) in self.multis.iter().enumerate().filter(|(_, m)| m.last_line == line) {
                let mark = if multi.primary { "^" } else { "-" };
                let run = margin_width + multi.last_col - 2 * k - 1;
                let prefix = format!("{}|{}{mark}", bars(&open, k), "_".repeat(run));
                push_message(rows, &annotation, prefix, multi.message);
                open[k] = false;
            }
            for (k, multi) in self.multis.iter().enumerate().filter(|(_, m)| m.first_line == line) {
                let mark = if multi.primary { "^" } else { "-" };
                let run = margin_width + multi.first_col - 2 * k - 1;
                rows.push(annotation(format!("{} {}{mark}", bars(&open, k), "_".repeat(run))));
                open[k] = true;
            }
        }
    }
}

/// Appends `prefix message`, continuing a multi-line message under its first line.
fn push_message(rows: &mut Vec<String>, annotation: &dyn Fn(String) -> String, prefix: String, message: &str) {
    let mut message_lines = message.lines();
    let indent = prefix.chars().count() + 1;
    rows.push(annotation(format!("{prefix} {}", message_lines.next().unwrap_or(""))));
    rows.extend(message_lines.map(|l| annotation(format!("{:indent$}{l}", ""))));
}

/// Byte offset where the last character of `start..end` begins (`start` for an empty span).
fn last_char_start(source: &str, start: usize, end: usize) -> usize {
    if end <= start {
        return start;
    }
    let mut last = end - 1;
    while !source.is_char_boundary(last) {
        last -= 1;
    }
    last
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', &" ".repeat(TAB_WIDTH))
}

/// Display width of `text` in a terminal cell grid.
fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Cells a character takes: tabs as drawn, combining marks none, East Asian wide characters two.
/// An approximation of Unicode's East_Asian_Width good enough to align carets under code.
fn char_width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' => 0,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1F64F}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{20000}'..='\u{3FFFD}' => 2,
        _ => 1,
    }
}

#[derive(Clone, Copy)]
enum Style {
    Error,
    Warning,
    Bold,
    Margin,
}

/// ANSI styling, a no-op unless colour was asked for.
struct Paint {
    colour: bool,
}

impl Paint {
    fn apply(&self, style: Style, text: &str) -> String {
        if !self.colour {
            return text.to_string();
        }
        let code = match style {
            Style::Error => "1;31",
            Style::Warning => "1;33",
            Style::Bold => "1",
            Style::Margin => "1;34",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}
