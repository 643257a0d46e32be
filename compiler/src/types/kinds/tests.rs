//! Kind inference on declarations written as Mote source.

use super::*;
use crate::syntax::parse_module;
use crate::types::ty::prim;

fn prim_kind(n: &Name) -> Option<Kind> {
    let t = Kind::Type;
    let f = Kind::arrow(Kind::Type, Kind::Type);
    match n.name.as_str() {
        prim::INTEGER | prim::FLOAT | prim::STRING | prim::CHAR | prim::BOOLEAN | prim::UNIT => Some(t),
        prim::LIST | prim::IO => Some(f),
        prim::MAP => Some(Kind::arrow(Kind::Type, f)),
        _ => None,
    }
}

fn no_classes(_: &Name) -> Option<Kind> {
    None
}

fn kinds(source: &str) -> (Kinds, Vec<String>) {
    let parsed = parse_module(source);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let (kinds, diagnostics) = infer(&parsed.module.decls, &prim_kind, &no_classes);
    (kinds, diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect())
}

fn kind_of(source: &str, name: &str) -> String {
    let (k, errors) = kinds(source);
    assert!(errors.is_empty(), "{errors:?}");
    k.types.get(name).or_else(|| k.classes.get(name)).expect("declared").to_string()
}

#[test]
fn simple_data_types() {
    assert_eq!(kind_of("data Shape = Circle Float | Rect Float Float\n", "Shape"), "Type");
    assert_eq!(kind_of("data Maybe a = Just a | Nothing\n", "Maybe"), "Type -> Type");
    assert_eq!(kind_of("data Either a b = Left a | Right b\n", "Either"), "Type -> Type -> Type");
}

#[test]
fn unconstrained_parameters_default_to_type() {
    assert_eq!(kind_of("data Proxy a = Proxy\n", "Proxy"), "Type -> Type");
}

#[test]
fn higher_kinds_come_from_use() {
    assert_eq!(
        kind_of("newtype Compose f g a = Compose (f (g a))\n", "Compose"),
        "(Type -> Type) -> (Type -> Type) -> Type -> Type"
    );
    assert_eq!(kind_of("data Fix f = Fix (f (Fix f))\n", "Fix"), "(Type -> Type) -> Type");
    assert_eq!(kind_of("data Wrap m = Wrap (m Integer String)\n", "Wrap"), "(Type -> Type -> Type) -> Type");
}

#[test]
fn classes_get_the_kind_of_their_parameter() {
    let functor = "class Functor f where\n  map :: (a -> b) -> f a -> f b\n";
    assert_eq!(kind_of(functor, "Functor"), "Type -> Type");
    assert_eq!(kind_of("class Show a where\n  show :: a -> String\n", "Show"), "Type");
}

#[test]
fn mutually_recursive_declarations_are_one_group() {
    let source = "data Tree a = Node a (Forest a)\ntype Forest a = List (Tree a)\n";
    let (k, errors) = kinds(source);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(k.types["Tree"].to_string(), "Type -> Type");
    assert_eq!(k.types["Forest"].to_string(), "Type -> Type");
}

#[test]
fn rows_have_their_own_kind() {
    assert_eq!(kind_of("type Named r = { name :: String | r }\n", "Named"), "Row -> Type");
}

#[test]
fn kind_errors_are_reported() {
    let (_, errors) = kinds("data T = T (Maybe Maybe)\ndata Maybe a = Just a\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("E0130"), "{errors:?}");
    let (_, errors) = kinds("data T = T (Integer String)\n");
    assert_eq!(errors, ["E0130: a type of kind `Type` cannot be applied to arguments"]);
    let (_, errors) = kinds("data T = T List\n");
    assert_eq!(errors, ["E0130: expected a type of kind `Type`, but this has kind `Type -> Type`"]);
}

#[test]
fn infinite_kinds_are_reported() {
    let (_, errors) = kinds("data T f = T (f f)\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("E0131"), "{errors:?}");
}

#[test]
fn signatures_are_checked() {
    let parsed = parse_module("f :: Maybe -> Integer\ng :: Map String -> Integer\nh :: forall f a. f a -> f Integer\n");
    let maybe = |n: &Name| if n.name == "Maybe" { Some(Kind::arrow(Kind::Type, Kind::Type)) } else { prim_kind(n) };
    let errors: Vec<String> = parsed
        .module
        .decls
        .iter()
        .flat_map(|d| match &d.kind {
            DeclKind::Signature { ty, .. } => check_signature(ty, &maybe, &no_classes),
            _ => Vec::new(),
        })
        .map(|d| d.message)
        .collect();
    assert_eq!(
        errors,
        [
            "expected a type of kind `Type`, but this has kind `Type -> Type`",
            "expected a type of kind `Type`, but this has kind `Type -> Type`"
        ]
    );
}

#[test]
fn the_standard_library_is_well_kinded() {
    for (name, source) in crate::stdlib::MODULES {
        let parsed = parse_module(source);
        let (_, errors) = infer(&parsed.module.decls, &prim_kind, &no_classes);
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}
