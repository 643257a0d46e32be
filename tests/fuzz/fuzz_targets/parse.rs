//! Lex + layout + parse (+ fixity) of arbitrary text must never panic or hang, and every
//! diagnostic's span must lie inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mote_compiler::syntax::parse_module;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let parsed = parse_module(source);
    for d in &parsed.diagnostics {
        for label in &d.labels {
            assert!(label.span.end as usize <= source.len(), "label past the end: {d:?}");
            assert!(source.is_char_boundary(label.span.start as usize), "label splits a character: {d:?}");
            assert!(source.is_char_boundary(label.span.end as usize), "label splits a character: {d:?}");
        }
    }
});
