//! Rendering diagnostics for terminals (ariadne) and for tests (plain text).

use super::Diagnostic;

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub colour: bool,
}

pub fn render_terminal(file: &str, source: &str, diagnostic: &Diagnostic, options: RenderOptions) -> String {
    let _ = options;
    render_plain(file, source, diagnostic)
}

pub fn render_plain(file: &str, source: &str, diagnostic: &Diagnostic) -> String {
    let _ = source;
    format!(
        "{file}: {}[{}]: {}\n",
        if diagnostic.is_error() { "error" } else { "warning" },
        diagnostic.code,
        diagnostic.message
    )
}
