//! The elaboration: which dictionary each use of an overloaded name gets.

use super::*;
use crate::db::checked_source;

/// The dictionaries of the use of the `nth` occurrence of `text` in `source`.
fn dicts_at(source: &str, text: &str, nth: usize) -> Vec<Dict> {
    let checked = checked_source(source);
    let errors: Vec<&Diagnostic> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let start = source.match_indices(text).nth(nth).unwrap_or_else(|| panic!("`{text}` #{nth} in the source")).0;
    let span = Span::new(start, start + text.len());
    checked.elaboration.uses.get(&span).cloned().unwrap_or_else(|| panic!("no use recorded at `{text}`: {checked:#?}"))
}

fn instance(class: &str, head: &str, args: Vec<Dict>) -> Dict {
    Dict::Instance { class: class.into(), head: head.into(), args }
}

fn span_of(source: &str, text: &str) -> Span {
    let start = source.find(text).expect("in the source");
    Span::new(start, start + text.len())
}

const HEADER: &str = "module Main where\n\nimport Prelude\n\n";

#[test]
fn known_types_get_their_instance() {
    let src = format!("{HEADER}main :: IO ()\nmain = println (show 42)\n");
    assert_eq!(dicts_at(&src, "show", 0), [instance("Prelude.Show", "Integer", vec![])]);
}

#[test]
fn instances_with_contexts_are_applied_to_their_arguments() {
    let src = format!("{HEADER}main :: IO ()\nmain = println (show [Just 'c'])\n");
    let expected = instance(
        "Prelude.Show",
        "List",
        vec![instance("Prelude.Show", "Prelude.Maybe", vec![instance("Prelude.Show", "Char", vec![])])],
    );
    assert_eq!(dicts_at(&src, "show", 0), [expected]);
}

#[test]
fn overloaded_bindings_pass_their_own_dictionaries() {
    let src = format!("{HEADER}describe x = show [x]\n");
    let owner = span_of(&src, "describe");
    let expected = instance("Prelude.Show", "List", vec![Dict::Param { owner, index: 0 }]);
    assert_eq!(dicts_at(&src, "show", 0), [expected]);
    let checked = checked_source(&src);
    assert_eq!(checked.elaboration.params[&owner].len(), 1, "`describe` takes one dictionary");
}

#[test]
fn superclasses_come_from_given_dictionaries() {
    let src = format!("{HEADER}same :: Ord a => a -> a -> Boolean\nsame x y = x == y\n");
    // Dictionaries belong to the binding, named at its first equation.
    let owner = span_of(&src, "same x y");
    let owner = Span { start: owner.start, end: owner.start + 4 };
    assert_eq!(dicts_at(&src, "==", 0), [Dict::Super(Box::new(Dict::Param { owner, index: 0 }), 0)]);
}

#[test]
fn do_blocks_record_their_monad() {
    let src = format!("{HEADER}main :: IO ()\nmain = do\n  println \"a\"\n  println \"b\"\n");
    assert_eq!(dicts_at(&src, "do\n  println \"a\"\n  println \"b\"", 0), [instance("Prelude.Monad", "IO", vec![])]);
}

#[test]
fn derived_and_written_instances_are_used_at_their_types() {
    let src = format!(
        "{HEADER}data Colour = Red | Green deriving (Eq, Show)\n\nclass Describe a where\n  describe :: a -> String\n\n\
         instance Describe Colour where\n  describe c = show c\n\nmain :: IO ()\nmain = println (describe Red)\n"
    );
    assert_eq!(dicts_at(&src, "describe", 2), [instance("Main.Describe", "Main.Colour", vec![])]);
    assert_eq!(dicts_at(&src, "show", 0), [instance("Prelude.Show", "Main.Colour", vec![])]);
}

#[test]
fn parts_of_received_messages_use_the_runtime_dictionaries() {
    let src = format!(
        "{HEADER}import Control.Process\n\nmain :: IO ()\nmain = receive\n  (:count, n) -> println (show n)\n  after 10 -> pure ()\n"
    )
    .replacen("import Prelude\n\n", "import Prelude\n", 1);
    assert_eq!(dicts_at(&src, "show", 0), [Dict::Dynamic { class: "Prelude.Show".into() }]);
}
