//! Snapshots of the text form: every construct of Core once, and a typical function.

use crate::core::ir::{Atom, CtorId, Expr, FunId, Function, GlobalId, JoinId, Label, Lit, Prim, Test, Value, Var};
use crate::core::print;
use crate::core::rc::tests::{fib_body, fun, int, let_, program, ret, switch, tail, v, var};

#[test]
fn fib() {
    insta::assert_snapshot!(print::program(&program(vec![fun("Main.fib", &[0], fib_body())])));
}

#[test]
fn every_construct() {
    let lit = |l: Lit| Value::Atom(Atom::Lit(l));
    let values = vec![
        lit(Lit::Float(1.0)),
        lit(Lit::Char('\n')),
        lit(Lit::String("a \"b\"".into())),
        lit(Lit::Atom("ping".into())),
        lit(Lit::Bool(true)),
        lit(Lit::Unit),
        Value::Apply(v(0), vec![var(1), int(-3)]),
        Value::Prim(Prim::ShowAny, vec![var(0)]),
        Value::Prim(Prim::EqAny, vec![var(0), var(1)]),
        Value::Prim(Prim::CompareAny, vec![var(0), var(1)]),
        Value::Prim(Prim::Crash, vec![var(0)]),
        Value::Prim(Prim::Receive, vec![var(0), int(0)]),
        Value::Prim(Prim::ReceiveAfter, vec![var(0), int(0), int(100)]),
        Value::Prim(Prim::TimedOut, vec![var(0)]),
        Value::Prim(Prim::Shape, vec![var(0), int(4)]),
        Value::Con(CtorId(5), vec![]),
        Value::Con(CtorId(6), vec![var(0)]),
        Value::Con(CtorId(99), vec![]),
        Value::Tuple(vec![var(0), var(1)]),
        Value::Record(vec![(Label(0), var(0)), (Label(7), int(1))]),
        Value::RecordUpdate(v(0), vec![(Label(0), var(1))]),
        Value::RecordGet(v(0), Label(0)),
        Value::Field(v(0), 1),
        Value::Closure(FunId(1), vec![var(0)]),
        Value::Closure(FunId(42), vec![]),
        Value::Global(GlobalId(0)),
        Value::Global(GlobalId(9)),
        Value::Call(FunId(1), vec![]),
    ];
    let last = tail(Value::Lambda(vec![v(90)], Box::new(ret(90))));
    let body = values.into_iter().enumerate().rev().fold(last, |e, (i, value)| let_(10 + i as u32, value, e));
    let body = Expr::Dup(v(0), Box::new(Expr::Dup(v(0), Box::new(Expr::Drop(v(1), Box::new(body))))));
    let body = let_(2, Value::Lambda(vec![v(3), v(4)], Box::new(tail(Value::Tuple(vec![var(3), var(4)])))), body);
    let letrec = Expr::LetRec(
        vec![
            (v(5), vec![v(6)], tail(Value::Apply(v(7), vec![var(6)]))),
            (v(7), vec![v(8)], tail(Value::Apply(v(5), vec![var(8)]))),
        ],
        Box::new(body),
    );
    let join = Expr::Join {
        id: JoinId(0),
        params: vec![v(9)],
        looping: false,
        body: Box::new(letrec),
        rest: Box::new(switch(
            0,
            vec![
                (Test::Ctor(CtorId::TRUE), Expr::Jump(JoinId(0), vec![int(1)])),
                (Test::Lit(Lit::String("s".into())), Expr::MatchFailure("Main.mote:3:5".into())),
                (Test::Ctor(CtorId::CONS), let_(20, Value::Field(v(0), 0), Expr::Jump(JoinId(0), vec![var(20)]))),
            ],
            Some(Expr::Jump(JoinId(0), vec![])),
        )),
    };
    let closure =
        Function { name: "Main.f$lambda0".to_string(), params: vec![v(0), v(1)], body: ret(1), closure: true };
    insta::assert_snapshot!(print::program(&program(vec![fun("Main.f", &[0, 1], join), closure])));
}

#[test]
fn display_matches_program() {
    let p = program(vec![fun("Main.id", &[0], ret(0))]);
    assert_eq!(p.to_string(), print::program(&p));
    assert!(p.to_string().contains("fun Main.id(v0) =\n  v0\n"));
    assert_eq!(print::expr(&p, &Expr::Drop(Var(0), Box::new(ret(0)))), "drop v0\nv0\n");
}
