//! The standard library's Mote sources, embedded in the compiler at build time from `stdlib/`,
//! so a `mote` binary needs no files beside it.

include!(concat!(env!("OUT_DIR"), "/stdlib.rs"));

/// The source of a standard library module, e.g. `Data.Maybe`.
pub fn source(module: &str) -> Option<&'static str> {
    MODULES.binary_search_by(|(name, _)| (*name).cmp(module)).ok().map(|i| MODULES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_sorted_and_found_by_name() {
        assert!(MODULES.windows(2).all(|w| w[0].0 < w[1].0), "sorted for binary search");
        for (name, text) in MODULES {
            assert_eq!(source(name), Some(*text));
        }
        assert_eq!(source("No.Such.Module"), None);
    }
}
