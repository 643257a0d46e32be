//! Unification, generalisation and printing, on hand-built types.

use std::sync::Arc;

use super::*;
use crate::types::print;
use crate::types::ty::prim;

fn int() -> Type {
    Type::con(prim::INTEGER)
}

fn string() -> Type {
    Type::con(prim::STRING)
}

fn maybe(t: Type) -> Type {
    Type::app(Type::con("Data.Maybe.Maybe"), t)
}

fn field(name: &str, t: Type) -> (Arc<str>, Type) {
    (name.into(), t)
}

/// Generalises at level 0 everything created at level 1 and prints it.
fn principal(u: &mut Unifier, t: &Type, constraints: Vec<Constraint>) -> String {
    let (scheme, deferred) = u.generalise(0, t, constraints);
    assert!(deferred.is_empty(), "nothing escapes: {deferred:?}");
    print::scheme(&scheme)
}

#[test]
fn identity_generalises() {
    let mut u = Unifier::new();
    let a = u.fresh(1, Kind::Type);
    assert_eq!(principal(&mut u, &Type::fun(a.clone(), a), vec![]), "a -> a");
}

#[test]
fn solutions_found_before_a_failure_stay() {
    let mut u = Unifier::new();
    let a = u.fresh(1, Kind::Type);
    let b = u.fresh(1, Kind::Type);
    u.unify(&Type::fun(a.clone(), b.clone()), &Type::fun(int(), Type::list(b.clone()).clone())).unwrap_err();
    // `b ~ [b]` fails the occurs check; `a` was solved before it.
    assert_eq!(u.zonk(&a), int());
}

#[test]
fn occurs_check_reports_an_infinite_type() {
    let mut u = Unifier::new();
    let a = u.fresh(1, Kind::Type);
    let err = u.unify(&a, &Type::list(a.clone())).unwrap_err();
    assert!(matches!(err, UnifyError::Infinite(..)), "{err:?}");
}

#[test]
fn constructor_mismatch() {
    let mut u = Unifier::new();
    let err = u.unify(&Type::list(int()), &maybe(int())).unwrap_err();
    assert!(matches!(err, UnifyError::Mismatch(..)), "{err:?}");
    assert_eq!(u.unify(&Type::fun(int(), string()), &Type::fun(int(), string())), Ok(()));
}

#[test]
fn rigid_variables_unify_only_with_themselves() {
    let mut u = Unifier::new();
    let a = Type::Rigid(0, "a".into());
    let b = Type::Rigid(1, "b".into());
    assert!(u.unify(&a, &int()).is_err());
    assert!(u.unify(&a, &b).is_err());
    assert_eq!(u.unify(&a, &a.clone()), Ok(()));
    let m = u.fresh(1, Kind::Type);
    assert_eq!(u.unify(&m, &a), Ok(()));
    assert_eq!(u.zonk(&m), a);
}

#[test]
fn variables_bound_to_outer_ones_are_not_generalised() {
    let mut u = Unifier::new();
    let outer = u.fresh(0, Kind::Type);
    let inner = u.fresh(1, Kind::Type);
    u.unify(&inner, &Type::list(outer.clone())).unwrap();
    let other = u.fresh(1, Kind::Type);
    let (scheme, _) = u.generalise(0, &Type::fun(inner, other), vec![]);
    assert_eq!(print::scheme(&scheme), "[t0] -> a");
}

#[test]
fn binding_lowers_levels() {
    let mut u = Unifier::new();
    let outer = u.fresh(0, Kind::Type);
    let inner = u.fresh(2, Kind::Type);
    u.unify(&outer, &Type::list(inner.clone())).unwrap();
    let Type::Meta(v) = inner else { unreachable!() };
    assert_eq!(u.level(v), 0, "the inner variable now lives as long as the outer one");
}

#[test]
fn instantiate_is_fresh_each_time() {
    let mut u = Unifier::new();
    let a = u.fresh(1, Kind::Type);
    let (id, _) = u.generalise(0, &Type::fun(a.clone(), a), vec![]);
    let (t1, _) = u.instantiate(&id, 0);
    let (t2, _) = u.instantiate(&id, 0);
    u.unify(&t1, &Type::fun(int(), int())).unwrap();
    u.unify(&t2, &Type::fun(string(), string())).unwrap();
    assert_eq!(print::ty(&u.zonk(&t1)), "Integer -> Integer");
    assert_eq!(print::ty(&u.zonk(&t2)), "String -> String");
}

#[test]
fn constraints_follow_their_variables() {
    let mut u = Unifier::new();
    let a = u.fresh(1, Kind::Type);
    let outer = u.fresh(0, Kind::Type);
    let show_a = Constraint { class: "Show".into(), ty: a.clone() };
    let eq_outer = Constraint { class: "Eq".into(), ty: outer.clone() };
    let t = Type::fun(Type::list(a.clone()), Type::list(string()));
    let (scheme, deferred) = u.generalise(0, &t, vec![show_a, eq_outer.clone()]);
    assert_eq!(print::scheme(&scheme), "Show a => [a] -> [String]");
    assert_eq!(deferred, vec![eq_outer]);
}

#[test]
fn open_rows_take_new_fields() {
    // `getName :: { name :: String | r } -> String` applied to `{ name :: String, age :: Integer }`.
    let mut u = Unifier::new();
    let r = u.fresh(1, Kind::Row);
    let param = Type::record(Type::row([field("name", string())], r.clone()));
    let arg = Type::record(Type::row([field("name", string()), field("age", int())], Type::RowEmpty));
    u.unify(&param, &arg).unwrap();
    assert_eq!(print::ty(&u.zonk(&r)), "( age :: Integer )");
}

#[test]
fn rows_unify_in_any_field_order() {
    let mut u = Unifier::new();
    let a = Type::record(Type::row([field("x", int()), field("y", string())], Type::RowEmpty));
    let b = Type::record(Type::row([field("y", string()), field("x", int())], Type::RowEmpty));
    assert_eq!(u.unify(&a, &b), Ok(()));
}

#[test]
fn closed_rows_lack_fields() {
    let mut u = Unifier::new();
    let a = Type::record(Type::row([field("x", int())], Type::RowEmpty));
    let b = Type::record(Type::row([field("x", int()), field("y", int())], Type::RowEmpty));
    assert_eq!(u.unify(&a, &b), Err(UnifyError::MissingField("y".into())));
    let c = Type::record(Type::row([field("x", string())], Type::RowEmpty));
    assert!(matches!(u.unify(&a, &c), Err(UnifyError::Mismatch(..))));
}

#[test]
fn two_open_rows_share_a_tail() {
    let mut u = Unifier::new();
    let r1 = u.fresh(1, Kind::Row);
    let r2 = u.fresh(1, Kind::Row);
    let a = Type::record(Type::row([field("x", int())], r1.clone()));
    let b = Type::record(Type::row([field("y", string())], r2.clone()));
    u.unify(&a, &b).unwrap();
    let (scheme, _) = u.generalise(0, &a, vec![]);
    assert_eq!(print::scheme(&scheme), "{ x :: Integer, y :: String | r }");
}

#[test]
fn a_row_cannot_contain_itself() {
    let mut u = Unifier::new();
    let r = u.fresh(1, Kind::Row);
    let a = Type::row([field("x", int())], r.clone());
    let err = u.unify(&a, &r).unwrap_err();
    assert!(matches!(err, UnifyError::Infinite(..)), "{err:?}");
    let b = Type::row([field("x", int())], r.clone());
    let c = Type::row([field("y", int())], r.clone());
    assert!(u.unify(&b, &c).is_err(), "( x | r ) ~ ( y | r ) needs r to hold y and x to be in r");
}

#[test]
fn printing_follows_mote_syntax() {
    let a = Type::Bound(0);
    let b = Type::Bound(1);
    let scheme = Scheme {
        kinds: vec![Kind::Type, Kind::Type],
        constraints: vec![
            Constraint { class: "Prelude.Eq".into(), ty: a.clone() },
            Constraint { class: "Prelude.Show".into(), ty: b.clone() },
        ],
        ty: Type::funs(
            [Type::fun(a.clone(), b.clone()), Type::tuple(vec![a.clone(), maybe(b.clone())])],
            Type::app(Type::con(prim::IO), Type::tuple(vec![])),
        ),
    };
    assert_eq!(print::scheme(&scheme), "(Eq a, Show b) => (a -> b) -> (a, Maybe b) -> IO ()");
    let nested = Scheme::mono(Type::apply(Type::con(prim::MAP), [string(), Type::list(maybe(int()))]));
    assert_eq!(print::scheme(&nested), "Map String [Maybe Integer]");
    let higher = Scheme {
        kinds: vec![Kind::arrow(Kind::Type, Kind::Type), Kind::Type],
        constraints: vec![],
        ty: Type::fun(
            Type::app(Type::Bound(0), Type::Bound(1)),
            Type::app(Type::Bound(0), Type::app(Type::Bound(0), Type::Bound(1))),
        ),
    };
    assert_eq!(print::scheme(&higher), "a b -> a (a b)");
    assert_eq!(print::scheme(&Scheme::mono(Type::record(Type::RowEmpty))), "{}");
    assert_eq!(Kind::arrow(Kind::arrow(Kind::Type, Kind::Type), Kind::Type).to_string(), "(Type -> Type) -> Type");
}
