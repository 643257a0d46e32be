//! The registry of diagnostic codes and their long explanations (`mote explain E0001`).
//!
//! Every code a stage can emit is declared here; a test checks that each has an explanation.

use std::fmt;

/// A diagnostic code such as `E0010`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(pub &'static str);

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

macro_rules! codes {
    ($($name:ident: $title:literal,)*) => {
        impl Code {
            $(pub const $name: Code = Code(stringify!($name));)*

            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// A one-line title of what the code means.
            pub fn title(self) -> &'static str {
                match self.0 {
                    $(stringify!($name) => $title,)*
                    _ => "unknown diagnostic code",
                }
            }
        }

        /// The long explanation of `code` (case-insensitive), as printed by `mote explain`.
        pub fn explanation(code: &str) -> Option<(Code, &'static str)> {
            let upper = code.to_ascii_uppercase();
            match upper.as_str() {
                $(stringify!($name) => Some((Code::$name, include_str!(concat!("explain/", stringify!($name), ".md")))),)*
                _ => None,
            }
        }
    };
}

codes! {
    // Lexical errors.
    E0001: "unexpected character",
    E0002: "unterminated string literal",
    E0003: "unterminated block comment",
    E0004: "invalid escape sequence",
    E0005: "invalid character literal",
    E0006: "invalid number literal",
    // Syntax errors.
    E0010: "unexpected token",
    E0011: "unexpected end of file",
    E0012: "unclosed delimiter",
    E0013: "expression used as a pattern",
    E0014: "invalid binary segment",
    E0015: "wrong arrow in a map",
    E0016: "invalid fixity declaration",
    E0017: "operators of equal precedence cannot be mixed",
    E0018: "import after declarations",
    E0019: "misplaced declaration",
    E0020: "invalid operator section",
    E0021: "invalid record syntax",
    E0022: "text after the end of the module",
    // Name resolution.
    E0100: "unknown module",
    E0101: "import cycle",
    E0102: "duplicate definition",
    E0103: "equations of a function are not together",
    E0104: "type signature without a definition",
    E0105: "exported name is not in scope",
    E0106: "imported name is not exported",
    E0107: "ambiguous name",
    E0108: "name not in scope",
    E0109: "unused import",
    // Kind errors.
    E0130: "kind mismatch",
    E0131: "infinite kind",
    E0132: "recursive type synonym",
    // Type errors.
    E0150: "type mismatch",
    E0151: "infinite type",
    E0153: "missing record field",
    E0154: "wrong number of constructor arguments in a pattern",
    E0155: "no instance",
    E0156: "ambiguous type",
    E0157: "typed hole",
    E0158: "overlapping instances",
    E0159: "missing class method",
    E0160: "not a method of the class",
    E0161: "invalid instance head",
    E0162: "cannot derive",
    // Pattern checks (warnings).
    E0170: "non-exhaustive patterns",
    E0171: "redundant pattern",
}
