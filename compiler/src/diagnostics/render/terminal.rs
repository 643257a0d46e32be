//! The colour renderer: an ariadne report.
//!
//! Spans reach ariadne already fitted to the source and on character boundaries (ariadne drops
//! a label it cannot place, silently), counted in bytes as logos produces them.

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use super::Placed;
use crate::diagnostics::Diagnostic;

/// Renders with colour. `labels` is non-empty and `source` is not empty: ariadne has a line to
/// draw on.
pub(super) fn render(file: &str, source: &str, diagnostic: &Diagnostic, labels: &[Placed<'_>]) -> String {
    let (severity, colour) = if diagnostic.is_error() { ("error", Color::Red) } else { ("warning", Color::Yellow) };
    let head = format!("{severity}[{}]", diagnostic.code);
    let anchor = labels.iter().find(|l| l.primary).unwrap_or(&labels[0]);
    let config = Config::default().with_index_type(IndexType::Byte).with_color(true);
    let mut report = Report::build(ReportKind::Custom(&head, colour), (file, anchor.start..anchor.end))
        .with_config(config)
        .with_message(&diagnostic.message);
    // Labels go in source order: ariadne starts a new snippet (and repeats the file name)
    // whenever a label sits above the one before it.
    for (order, label) in labels.iter().enumerate() {
        let mut drawn = Label::new((file, label.start..label.end))
            .with_color(if label.primary { colour } else { Color::Blue })
            .with_order(i32::try_from(order).unwrap_or(i32::MAX))
            .with_priority(i32::from(label.primary));
        if !label.message.is_empty() {
            drawn = drawn.with_message(label.message);
        }
        report.add_label(drawn);
    }
    for note in &diagnostic.notes {
        report.add_note(note);
    }
    if let Some(help) = &diagnostic.help {
        report.add_help(help);
    }

    let mut out = Vec::new();
    report.finish().write((file, Source::from(source)), &mut out).expect("writing to a Vec cannot fail");
    let text = String::from_utf8_lossy(&out);
    text.lines().map(|line| format!("{}\n", line.trim_end())).collect()
}
