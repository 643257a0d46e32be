//! Temporary pass-through until the offside pass lands.
use super::token::Spanned;
pub fn layout(_source: &str, tokens: &[Spanned]) -> Vec<Spanned> {
    tokens.to_vec()
}
