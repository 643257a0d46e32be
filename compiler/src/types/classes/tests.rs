//! Instance resolution and evidence, on a small Prelude-like environment.

use super::*;
use crate::span::Span;
use crate::types::ty::prim;

fn c(class: &str, ty: Type) -> Constraint {
    Constraint { class: class.into(), ty }
}

fn int() -> Type {
    Type::con(prim::INTEGER)
}

fn maybe(t: Type) -> Type {
    Type::app(Type::con("Maybe"), t)
}

struct Env {
    env: ClassEnv,
    show_int: InstanceId,
    show_list: InstanceId,
    show_maybe: InstanceId,
    eq_int: InstanceId,
}

fn env() -> Env {
    let mut env = ClassEnv::new();
    for (name, supers) in [("Eq", vec![]), ("Ord", vec!["Eq"]), ("Show", vec![])] {
        env.add_class(ClassInfo {
            name: name.into(),
            param_kind: Kind::Type,
            superclasses: supers.into_iter().map(Arc::from).collect(),
        });
    }
    let inst = |class: &str, head: &str, arity: u32, context: Vec<Constraint>| Instance {
        class: class.into(),
        head: head.into(),
        arity,
        context,
    };
    let show_int = env.add_instance(inst("Show", prim::INTEGER, 0, vec![])).unwrap();
    let show_list = env.add_instance(inst("Show", prim::LIST, 1, vec![c("Show", Type::Bound(0))])).unwrap();
    let show_maybe = env.add_instance(inst("Show", "Maybe", 1, vec![c("Show", Type::Bound(0))])).unwrap();
    let eq_int = env.add_instance(inst("Eq", prim::INTEGER, 0, vec![])).unwrap();
    env.add_instance(inst("Ord", prim::INTEGER, 0, vec![])).unwrap();
    Env { env, show_int, show_list, show_maybe, eq_int }
}

/// Solves with no residual constraints allowed: a nested unknown type is a failure here.
fn entail(env: &ClassEnv, u: &Unifier, given: &[Given], wanted: &Constraint) -> Result<Evidence, Unsolved> {
    env.entail(u, given, wanted, &mut |c| panic!("unexpected residual constraint {c:?}"))
}

#[test]
fn nested_instances_compose() {
    let e = env();
    let u = Unifier::new();
    let wanted = c("Show", Type::list(maybe(int())));
    let evidence = entail(&e.env, &u, &[], &wanted).unwrap();
    assert_eq!(
        evidence,
        Evidence::Instance(
            e.show_list,
            vec![Evidence::Instance(e.show_maybe, vec![Evidence::Instance(e.show_int, vec![])])]
        )
    );
}

#[test]
fn missing_instances_name_the_constraint() {
    let e = env();
    let u = Unifier::new();
    let wanted = c("Show", Type::fun(int(), int()));
    assert_eq!(entail(&e.env, &u, &[], &wanted), Err(Unsolved::NoInstance(wanted.clone())));
    // The innermost failing constraint is the one reported.
    let nested = c("Eq", maybe(int()));
    assert_eq!(entail(&e.env, &u, &[], &nested), Err(Unsolved::NoInstance(nested.clone())));
    let inner = c("Show", Type::list(Type::fun(int(), int())));
    assert_eq!(entail(&e.env, &u, &[], &inner), Err(Unsolved::NoInstance(c("Show", Type::fun(int(), int())))));
}

#[test]
fn unknown_types_wait() {
    let e = env();
    let mut u = Unifier::new();
    let t = u.fresh(1, Kind::Type);
    let wanted = c("Show", t.clone());
    assert!(matches!(entail(&e.env, &u, &[], &wanted), Err(Unsolved::Unknown(_))));
    // Under a known head, the unknown part is reduced to a residual constraint.
    let mut residual = Vec::new();
    let list = c("Show", Type::list(t.clone()));
    let reduced = e.env.entail(&u, &[], &list, &mut |c| {
        residual.push(c);
        Evidence::Slot(7)
    });
    assert_eq!(reduced, Ok(Evidence::Instance(e.show_list, vec![Evidence::Slot(7)])));
    assert_eq!(residual, vec![c("Show", t.clone())]);
    // Once the variable is solved, the same constraint is solved through the unifier.
    u.unify(&t, &int()).unwrap();
    assert!(entail(&e.env, &u, &[], &wanted).is_ok());
}

#[test]
fn givens_and_their_superclasses_satisfy_constraints() {
    let e = env();
    let u = Unifier::new();
    let a = Type::Rigid(0, "a".into());
    let param = |index| Evidence::Param { owner: Span::new(0, 1), index };
    let given = [(c("Show", a.clone()), param(0)), (c("Ord", a.clone()), param(1))];
    assert_eq!(entail(&e.env, &u, &given, &c("Show", a.clone())), Ok(param(0)));
    assert_eq!(entail(&e.env, &u, &given, &c("Eq", a.clone())), Ok(Evidence::Super(Box::new(param(1)), 0)));
    assert_eq!(
        entail(&e.env, &u, &given, &c("Show", Type::list(a.clone()))),
        Ok(Evidence::Instance(e.show_list, vec![param(0)]))
    );
    assert_eq!(entail(&e.env, &u, &[], &c("Eq", int())), Ok(Evidence::Instance(e.eq_int, vec![])));
    assert!(matches!(entail(&e.env, &u, &[], &c("Show", a)), Err(Unsolved::NoInstance(_))));
}

#[test]
fn overlapping_instances_are_refused() {
    let mut e = env();
    let again = Instance { class: "Show".into(), head: "Maybe".into(), arity: 1, context: vec![] };
    assert_eq!(e.env.add_instance(again), Err(e.show_maybe));
}

#[test]
fn superclass_paths() {
    let e = env();
    assert_eq!(e.env.super_path("Ord", "Eq"), Some(vec![0]));
    assert_eq!(e.env.super_path("Ord", "Ord"), Some(vec![]));
    assert_eq!(e.env.super_path("Eq", "Ord"), None);
    assert_eq!(e.env.super_path("Show", "Eq"), None);
}
