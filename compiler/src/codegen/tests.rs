//! Code generation tests: Core programs built by hand, checked as CLIF text and run under the
//! JIT against a tiny fake runtime (the real one lives in `runtime/`, which the compiler crate
//! does not depend on).

use std::cell::Cell;
use std::sync::Arc;

use num_bigint::BigInt;

use super::{CodegenError, CodegenOptions, Entry, emit_clif, object, run_jit};
use crate::core::ir::{
    Atom, CtorId, CtorInfo, Expr, FunId, Function, Global, GlobalId, JoinId, Label, Lit, Prim, Program, Test, Value,
    Var,
};

// ---- building Core by hand ----

fn x(n: u32) -> Var {
    Var(n)
}

fn var(n: u32) -> Atom {
    Atom::Var(Var(n))
}

fn int(n: i64) -> Atom {
    Atom::Lit(Lit::Int(BigInt::from(n)))
}

fn let_(v: u32, value: Value, body: Expr) -> Expr {
    Expr::Let(Var(v), value, Box::new(body))
}

fn drop_(v: u32, body: Expr) -> Expr {
    Expr::Drop(Var(v), Box::new(body))
}

fn dup_(v: u32, body: Expr) -> Expr {
    Expr::Dup(Var(v), Box::new(body))
}

fn prim(name: &str, args: Vec<Atom>) -> Value {
    Value::Prim(Prim::Foreign(Arc::from(name)), args)
}

fn tail(v: Value) -> Expr {
    Expr::Tail(v)
}

fn ret(v: u32) -> Expr {
    Expr::Tail(Value::Atom(var(v)))
}

/// `switch on { True -> yes; _ -> no }`
fn if_(on: u32, yes: Expr, no: Expr) -> Expr {
    Expr::Switch { on: Var(on), arms: vec![(Test::Ctor(CtorId::TRUE), yes)], default: Some(Box::new(no)) }
}

fn function(name: &str, params: &[u32], closure: bool, body: Expr) -> Function {
    Function { name: format!("Test.{name}"), params: params.iter().map(|p| Var(*p)).collect(), body, closure }
}

fn constructors() -> Vec<CtorInfo> {
    let ctor = |name: &str, ty: &str, arity| CtorInfo { name: Arc::from(name), ty: Arc::from(ty), arity };
    vec![
        ctor("()", "Unit", 0),
        ctor("false", "Boolean", 0),
        ctor("true", "Boolean", 0),
        ctor("[]", "List", 0),
        ctor(":", "List", 2),
        ctor("Nothing", "Maybe", 0),
        ctor("Just", "Maybe", 1),
    ]
}

const JUST: CtorId = CtorId(6);

/// A program whose `main` (a closure of the world token, function 0) runs `main_body` with
/// the world in variable 1; `functions` follow it, as `FunId(1)…`.
fn program(main_body: Expr, functions: Vec<Function>) -> Program {
    let main = function("main", &[0, 1], true, main_body);
    Program {
        functions: std::iter::once(main).chain(functions).collect(),
        globals: vec![Global { name: "Test.main".into(), body: tail(Value::Closure(FunId(0), vec![])) }],
        constructors: constructors(),
        labels: vec![Arc::from("a"), Arc::from("b"), Arc::from("c")],
        main: GlobalId(0),
        process_ctors: None,
    }
}

/// `main` reports the value of `value` (bound to variable 2) to the test runtime.
fn report(value: Value, functions: Vec<Function>) -> Program {
    program(let_(2, value, let_(3, prim("testReport", vec![var(2)]), drop_(2, ret(3)))), functions)
}

// ---- a fake runtime ----

thread_local! {
    static REPORTED: Cell<Option<u64>> = const { Cell::new(None) };
}

thread_local! {
    /// The `ProgramInfo` the program passed to `mote_rt_init`.
    static INFO: Cell<u64> = const { Cell::new(0) };
}

extern "C" fn fake_init(info: u64) {
    INFO.with(|i| i.set(info));
}

extern "C" fn fake_alloc(bytes: u64) -> *mut u64 {
    Box::leak(vec![0u64; bytes.div_ceil(8) as usize].into_boxed_slice()).as_mut_ptr()
}

/// The fake runtime has one thread and no processes: nothing to freeze.
extern "C" fn fake_freeze(_v: u64) {}

/// No mailbox: a wait of 0 ms times out (the runtime's 0), any other returns the wait as
/// the message.
extern "C" fn fake_receive_after(_matcher: u64, _filter: u64, ms: u64) -> u64 {
    if ms == 1 { 0 } else { ms }
}

/// Objects are leaked: a test program is short.
extern "C" fn fake_free(_object: u64) {}

extern "C" fn fake_fail(_v: u64) {
    eprintln!("the generated code called a runtime function that ends the program");
    std::process::abort();
}

extern "C" fn fake_report(v: u64) -> u64 {
    REPORTED.with(|r| r.set(Some(v)));
    6
}

fn untag(w: u64) -> i128 {
    assert_eq!(w & 1, 1, "not a small integer: {w:#x}");
    i128::from((w as i64) >> 1)
}

fn tag(n: i128) -> u64 {
    assert!((-(1i128 << 62)..(1i128 << 62)).contains(&n), "the fake runtime has no bignums");
    ((n as i64) << 1 | 1) as u64
}

/// What the fake runtime's arithmetic answers for a result beyond the small integers: it has
/// no bignums, and an immediate no Mote value is says that the runtime got the call.
const FAKE_BIG: u64 = 0b110;

fn fake_result(n: i128) -> u64 {
    if (-(1i128 << 62)..(1i128 << 62)).contains(&n) { tag(n) } else { FAKE_BIG }
}

extern "C" fn fake_int_add(a: u64, b: u64) -> u64 {
    fake_result(untag(a) + untag(b))
}

extern "C" fn fake_int_sub(a: u64, b: u64) -> u64 {
    fake_result(untag(a) - untag(b))
}

extern "C" fn fake_int_mul(a: u64, b: u64) -> u64 {
    fake_result(untag(a) * untag(b))
}

fn fake_bool(b: bool) -> u64 {
    if b { 22 } else { 14 }
}

extern "C" fn fake_int_lt(a: u64, b: u64) -> u64 {
    fake_bool(untag(a) < untag(b))
}

extern "C" fn fake_int_le(a: u64, b: u64) -> u64 {
    fake_bool(untag(a) <= untag(b))
}

extern "C" fn fake_int_eq(a: u64, b: u64) -> u64 {
    fake_bool(untag(a) == untag(b))
}

extern "C" fn fake_int_gt(a: u64, b: u64) -> u64 {
    fake_bool(untag(a) > untag(b))
}

extern "C" fn fake_int_ge(a: u64, b: u64) -> u64 {
    fake_bool(untag(a) >= untag(b))
}

thread_local! {
    /// The release bits (`how & 3`) of the last call of the cold path of an inline operation.
    static SLOW_RELEASE: Cell<Option<u64>> = const { Cell::new(None) };
}

/// `mote_rt_int_slow`: the operation numbered `how >> 2` on the two words at `operands`, the
/// third word being `how`.
extern "C" fn fake_int_slow(a: u64, b: u64, how: u64) -> u64 {
    SLOW_RELEASE.with(|r| r.set(Some(how & 3)));
    let ops: [extern "C" fn(u64, u64) -> u64; 8] =
        [fake_int_add, fake_int_sub, fake_int_mul, fake_int_eq, fake_int_lt, fake_int_le, fake_int_gt, fake_int_ge];
    ops[(how >> 2) as usize](a, b)
}

fn fake_symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("mote_rt_init", fake_init as *const u8),
        ("mote_rt_alloc", fake_alloc as *const u8),
        ("mote_rt_free", fake_free as *const u8),
        ("mote_rt_freeze", fake_freeze as *const u8),
        ("mote_rt_receive_after", fake_receive_after as *const u8),
        ("mote_rt_apply_fail", fake_fail as *const u8),
        ("mote_rt_crash", fake_fail as *const u8),
        ("mote_rt_match_failure", fake_fail as *const u8),
        ("mote_testReport", fake_report as *const u8),
        ("mote_rt_int_slow", fake_int_slow as *const u8),
    ]
}

/// Runs `program` under the JIT with the fake runtime; the word `main` reported.
fn run(program: &Program) -> u64 {
    REPORTED.with(|r| r.set(None));
    let start = |entry: Entry| entry() as i32;
    let status = run_jit(program, &fake_symbols(), CodegenOptions::default(), start).expect("the program compiles");
    assert_eq!(status, 0);
    REPORTED.with(|r| r.get()).expect("main reported a value")
}

fn run_int(program: &Program) -> i128 {
    untag(run(program))
}

// ---- programs ----

/// `fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)` as FunId(1).
fn fib() -> Function {
    let otherwise = let_(
        11,
        prim("intSub", vec![var(10), int(1)]),
        let_(
            12,
            Value::Call(FunId(1), vec![var(11)]),
            let_(
                13,
                prim("intSub", vec![var(10), int(2)]),
                let_(
                    14,
                    Value::Call(FunId(1), vec![var(13)]),
                    let_(15, prim("intAdd", vec![var(12), var(14)]), drop_(12, drop_(14, drop_(10, ret(15))))),
                ),
            ),
        ),
    );
    function("fib", &[10], false, let_(16, prim("intLt", vec![var(10), int(2)]), if_(16, ret(10), otherwise)))
}

#[test]
fn fib_with_small_integers() {
    assert_eq!(run_int(&report(Value::Call(FunId(1), vec![int(25)]), vec![fib()])), 75025);
}

/// `count n acc = if n == 0 then acc else count (n - 1) (acc + 1)` as FunId(1).
fn count() -> Function {
    let step = let_(
        12,
        prim("intSub", vec![var(10), int(1)]),
        let_(
            13,
            prim("intAdd", vec![var(11), int(1)]),
            drop_(10, drop_(11, tail(Value::Call(FunId(1), vec![var(12), var(13)])))),
        ),
    );
    function("count", &[10, 11], false, let_(14, prim("intEq", vec![var(10), int(0)]), if_(14, ret(11), step)))
}

#[test]
fn a_tail_recursive_loop_runs_in_constant_stack() {
    let p = report(Value::Call(FunId(1), vec![int(10_000_000), int(0)]), vec![count()]);
    assert_eq!(run_int(&p), 10_000_000);
}

/// `sum n = loop n 0 where loop i acc = if i == 0 then acc else loop (i - 1) (acc + i)`, the
/// loop a looping join (as `unroll` makes) in FunId(1).
fn sum_loop() -> Function {
    let round = let_(
        12,
        prim("intEq", vec![var(10), int(0)]),
        if_(
            12,
            drop_(10, Expr::Jump(JoinId(0), vec![var(11)])),
            let_(
                13,
                prim("intSub", vec![var(10), int(1)]),
                let_(
                    14,
                    prim("intAdd", vec![var(11), var(10)]),
                    drop_(10, drop_(11, Expr::Jump(JoinId(1), vec![var(13), var(14)]))),
                ),
            ),
        ),
    );
    let looping = Expr::Join {
        id: JoinId(1),
        params: vec![x(10), x(11)],
        looping: true,
        body: Box::new(round),
        rest: Box::new(Expr::Jump(JoinId(1), vec![var(1), int(0)])),
    };
    let body = Expr::Join {
        id: JoinId(0),
        params: vec![x(15)],
        looping: false,
        body: Box::new(ret(15)),
        rest: Box::new(looping),
    };
    function("sum", &[1], false, body)
}

#[test]
fn a_looping_join_runs_in_constant_stack() {
    let p = report(Value::Call(FunId(1), vec![int(10_000_000)]), vec![sum_loop()]);
    assert_eq!(run_int(&p), 50_000_005_000_000);
}

#[test]
fn mutual_recursion_runs_in_constant_stack() {
    // even n = n == 0 || odd (n - 1); odd n = n /= 0 && even (n - 1)
    let parity = |name: &str, at_zero: bool, other: u32| {
        let step = let_(11, prim("intSub", vec![var(10), int(1)]), tail(Value::Call(FunId(other), vec![var(11)])));
        let zero = tail(Value::Atom(Atom::Lit(Lit::Bool(at_zero))));
        function(name, &[10], false, let_(12, prim("intEq", vec![var(10), int(0)]), if_(12, zero, step)))
    };
    let functions = vec![parity("even", true, 2), parity("odd", false, 1)];
    assert_eq!(run(&report(Value::Call(FunId(1), vec![int(1_000_001)]), functions.clone())), 14);
    assert_eq!(run(&report(Value::Call(FunId(1), vec![int(1_000_000)]), functions)), 22);
}

/// `\x -> k + x` capturing `k`, as a closure's code.
fn adder_code() -> Function {
    let body = let_(
        12,
        Value::Field(x(10), 0),
        let_(13, prim("intAdd", vec![var(12), var(11)]), drop_(12, drop_(11, drop_(10, ret(13))))),
    );
    function("adder$lambda", &[10, 11], true, body)
}

#[test]
fn a_closure_reads_its_captured_value() {
    let body = let_(
        2,
        Value::Closure(FunId(1), vec![int(10)]),
        let_(4, Value::Apply(x(2), vec![int(32)]), let_(3, prim("testReport", vec![var(4)]), drop_(4, ret(3)))),
    );
    assert_eq!(run_int(&program(body, vec![adder_code()])), 42);
}

/// `add3 a b c = a * 100 + b * 10 + c`, a top-level function (not a closure's code).
fn add3() -> Function {
    let body = let_(
        13,
        prim("intMul", vec![var(10), int(100)]),
        let_(
            14,
            prim("intMul", vec![var(11), int(10)]),
            let_(
                15,
                prim("intAdd", vec![var(13), var(14)]),
                let_(16, prim("intAdd", vec![var(15), var(12)]), drop_(13, drop_(14, drop_(15, ret(16))))),
            ),
        ),
    );
    function("add3", &[10, 11, 12], false, body)
}

#[test]
fn partial_application_then_saturation() {
    // let f = add3; p = f 1; q = p 2; r = q 3  (a PAP of a PAP, then the exact call)
    let value = Value::Apply(x(7), vec![int(3)]);
    let body = let_(
        5,
        Value::Closure(FunId(1), vec![]),
        let_(6, Value::Apply(x(5), vec![int(1)]), let_(7, Value::Apply(x(6), vec![int(2)]), tail(value))),
    );
    let make = function("make", &[20], false, body);
    assert_eq!(run_int(&report(Value::Call(FunId(2), vec![int(0)]), vec![add3(), make])), 123);
}

#[test]
fn a_pap_applied_to_more_than_it_needs() {
    // (add3 1) 2 3 4, where add3 1 2 3 returns a closure `\x -> 123 + x`.
    let returns_adder = {
        let sum = let_(
            13,
            prim("intMul", vec![var(10), int(100)]),
            let_(
                14,
                prim("intMul", vec![var(11), int(10)]),
                let_(
                    15,
                    prim("intAdd", vec![var(13), var(14)]),
                    let_(16, prim("intAdd", vec![var(15), var(12)]), tail(Value::Closure(FunId(3), vec![var(16)]))),
                ),
            ),
        );
        function("add3adder", &[10, 11, 12], false, sum)
    };
    let body = let_(
        5,
        Value::Closure(FunId(1), vec![]),
        let_(6, Value::Apply(x(5), vec![int(1)]), tail(Value::Apply(x(6), vec![int(2), int(3), int(4)]))),
    );
    let make = function("make", &[20], false, body);
    assert_eq!(run_int(&report(Value::Call(FunId(2), vec![int(0)]), vec![returns_adder, make, adder_code()])), 127);
}

#[test]
fn over_application_calls_then_applies_the_result() {
    // make a = \x -> a + x (arity 1), applied to two arguments: (make) 10 32.
    let make = function("make", &[20, 21], true, tail(Value::Closure(FunId(1), vec![var(21)])));
    let body = let_(
        2,
        Value::Closure(FunId(2), vec![]),
        let_(4, Value::Apply(x(2), vec![int(10), int(32)]), {
            let_(3, prim("testReport", vec![var(4)]), drop_(4, ret(3)))
        }),
    );
    assert_eq!(run_int(&program(body, vec![adder_code(), make])), 42);
}

#[test]
fn lists_switch_on_constructors() {
    // sum (x : xs) acc = sum xs (acc + x); sum [] acc = acc, over a list built by `range`.
    let range = {
        let step = let_(
            12,
            prim("intSub", vec![var(10), int(1)]),
            let_(
                13,
                Value::Con(CtorId::CONS, vec![var(10), var(11)]),
                tail(Value::Call(FunId(1), vec![var(12), var(13)])),
            ),
        );
        function("range", &[10, 11], false, let_(14, prim("intEq", vec![var(10), int(0)]), if_(14, ret(11), step)))
    };
    let sum = {
        let cons = let_(
            12,
            Value::Field(x(10), 0),
            let_(
                13,
                Value::Field(x(10), 1),
                let_(14, prim("intAdd", vec![var(11), var(12)]), {
                    drop_(10, drop_(11, drop_(12, tail(Value::Call(FunId(2), vec![var(13), var(14)])))))
                }),
            ),
        );
        let arms = vec![(Test::Ctor(CtorId::NIL), drop_(10, ret(11))), (Test::Ctor(CtorId::CONS), cons)];
        function("sum", &[10, 11], false, Expr::Switch { on: x(10), arms, default: None })
    };
    let body = let_(
        2,
        Value::Con(CtorId::NIL, vec![]),
        let_(4, Value::Call(FunId(1), vec![int(1000), var(2)]), {
            let_(5, Value::Call(FunId(2), vec![var(4), int(0)]), let_(3, prim("testReport", vec![var(5)]), ret(3)))
        }),
    );
    assert_eq!(run_int(&program(body, vec![range, sum])), 500_500);
}

#[test]
fn maybe_switch_with_a_default_tests_pointers_first() {
    // f m = case m of Just v -> v; _ -> 0, on Just 7 and Nothing.
    let f = {
        let just = let_(11, Value::Field(x(10), 0), drop_(10, ret(11)));
        let arms = vec![(Test::Ctor(JUST), just)];
        function(
            "f",
            &[10],
            false,
            Expr::Switch { on: x(10), arms, default: Some(Box::new(tail(Value::Atom(int(0))))) },
        )
    };
    let body = let_(
        2,
        Value::Con(JUST, vec![int(7)]),
        let_(
            4,
            Value::Call(FunId(1), vec![var(2)]),
            let_(
                5,
                Value::Con(CtorId(5), vec![]),
                let_(6, Value::Call(FunId(1), vec![var(5)]), {
                    let_(7, prim("intAdd", vec![var(4), var(6)]), let_(3, prim("testReport", vec![var(7)]), ret(3)))
                }),
            ),
        ),
    );
    assert_eq!(run_int(&program(body, vec![f])), 7);
}

#[test]
fn integer_literal_switch() {
    // g n = case n of 1 -> 10; 2 -> 20; 3 -> 30; -5 -> 50; _ -> 0
    let g = {
        let arms = [(1, 10), (2, 20), (3, 30), (-5, 50)]
            .into_iter()
            .map(|(k, v)| (Test::Lit(Lit::Int(BigInt::from(k))), tail(Value::Atom(int(v)))))
            .collect();
        function(
            "g",
            &[10],
            false,
            Expr::Switch { on: x(10), arms, default: Some(Box::new(tail(Value::Atom(int(0))))) },
        )
    };
    for (n, expected) in [(1, 10), (3, 30), (-5, 50), (4, 0)] {
        assert_eq!(run_int(&report(Value::Call(FunId(1), vec![int(n)]), vec![g.clone()])), expected);
    }
}

#[test]
fn records_get_and_update() {
    // r = {a: 1, b: 2, c: 3}; s = r {b = 20}; s.a + s.b + s.c + r.b (r kept by a dup)
    let body = let_(
        2,
        Value::Record(vec![(Label(0), int(1)), (Label(1), int(2)), (Label(2), int(3))]),
        dup_(
            2,
            let_(
                4,
                Value::RecordUpdate(x(2), vec![(Label(1), int(20))]),
                let_(
                    5,
                    Value::RecordGet(x(4), Label(0)),
                    let_(
                        6,
                        Value::RecordGet(x(4), Label(1)),
                        let_(
                            7,
                            Value::RecordGet(x(4), Label(2)),
                            let_(
                                8,
                                Value::RecordGet(x(2), Label(1)),
                                let_(
                                    9,
                                    prim("intAdd", vec![var(5), var(6)]),
                                    let_(
                                        10,
                                        prim("intAdd", vec![var(9), var(7)]),
                                        let_(11, prim("intAdd", vec![var(10), var(8)]), {
                                            let_(3, prim("testReport", vec![var(11)]), ret(3))
                                        }),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    );
    assert_eq!(run_int(&program(body, vec![])), 26);
}

#[test]
fn small_integer_overflow_falls_back_to_the_runtime() {
    let big = 1i64 << 61;
    // Just inside the small integers: computed inline.
    let p = report(prim("intAdd", vec![int(big), int(big - 1)]), vec![]);
    assert_eq!(run_int(&p), i128::from(big) + i128::from(big - 1));
    let p = report(prim("intMul", vec![int(-3), int(7)]), vec![]);
    assert_eq!(run_int(&p), -21);
    // One past: the runtime is called (the fake answers FAKE_BIG).
    let p = report(prim("intAdd", vec![int(big), int(big)]), vec![]);
    assert_eq!(run(&p), FAKE_BIG, "intAdd past the small integers");
    let p = report(prim("intSub", vec![int(-2 * big), int(1)]), vec![]);
    assert_eq!(run(&p), FAKE_BIG, "intSub past the small integers");
    let p = report(prim("intMul", vec![int(1 << 40), int(1 << 40)]), vec![]);
    assert_eq!(run(&p), FAKE_BIG, "intMul past the small integers");
    // With operands known only at run time (a function's parameters).
    let add = function("add", &[10, 11], false, tail(prim("intAdd", vec![var(10), var(11)])));
    let p = report(Value::Call(FunId(1), vec![int(big), int(big)]), vec![add.clone()]);
    assert_eq!(run(&p), FAKE_BIG, "intAdd of parameters past the small integers");
    let p = report(Value::Call(FunId(1), vec![int(big), int(-big)]), vec![add]);
    assert_eq!(run_int(&p), 0);
}

/// `x ± c₁` then `x ± c₂` (as `core::pair` leaves them): one test that `x` is small, one
/// overflow check for the larger change, and both results from the runtime when either
/// overflows.
#[test]
fn paired_operations_test_their_operand_once() {
    let big = 1i64 << 62;
    // f(x) = let a = x op c1 in let b = x op c2 in (a if `first`, else b)
    let paired = |op: &str, c1: i64, c2: i64, first: bool| {
        let result = if first { 20 } else { 21 };
        let body = let_(20, prim(op, vec![var(10), int(c1)]), let_(21, prim(op, vec![var(10), int(c2)]), ret(result)));
        function("f", &[10], false, body)
    };
    let at = |f: Function, x: i64| run(&report(Value::Call(FunId(1), vec![int(x)]), vec![f]));
    assert_eq!(untag(at(paired("intSub", 1, 2, true), 10)), 9);
    assert_eq!(untag(at(paired("intSub", 1, 2, false), 10)), 8);
    // x - 2 overflows: both come from the runtime, x - 1 exact.
    assert_eq!(untag(at(paired("intSub", 1, 2, true), -big + 1)), i128::from(-big));
    assert_eq!(at(paired("intSub", 1, 2, false), -big + 1), FAKE_BIG);
    // Upwards: x + 2 overflows first.
    assert_eq!(untag(at(paired("intAdd", 1, 2, true), big - 2)), i128::from(big - 1));
    assert_eq!(at(paired("intAdd", 1, 2, false), big - 2), FAKE_BIG);
    // Both ways: x + 1 and x - 1, each checked.
    assert_eq!(at(paired("intAdd", 1, -1, true), big - 1), FAKE_BIG);
    assert_eq!(untag(at(paired("intAdd", 1, -1, false), big - 1)), i128::from(big - 2));
    assert_eq!(at(paired("intAdd", 1, -1, false), -big), FAKE_BIG);

    let clif = emit_clif(
        &report(Value::Call(FunId(1), vec![int(5)]), vec![paired("intSub", 1, 2, true)]),
        CodegenOptions::default(),
    )
    .expect("compiles");
    let f = function_text(&clif, "Test.f");
    assert_eq!(f.matches(" = band ").count(), 1, "one test that x is small: {f}");
    assert_eq!(f.matches(" = icmp").count(), 1, "one overflow check: {f}");
}

/// Float arithmetic is inline; with its operand dropped right after, the result goes into
/// the operand's box when that is the only reference (a store at +8), a fresh box otherwise.
/// The runtime's function is called only in the cold block that reports a result that is not
/// finite.
#[test]
fn float_arithmetic_is_inline_and_reuses_a_dropped_operand() {
    let body = let_(11, prim("floatMul", vec![var(10), var(10)]), drop_(10, ret(11)));
    let square = function("square", &[10], false, body);
    let clif = emit_clif(&report(Value::Atom(int(0)), vec![square]), CodegenOptions::default()).expect("compiles");
    let f = function_text(&clif, "Test.square");
    assert!(f.contains(" = fmul ") && f.contains(" = fcmp uno "), "{f}");
    assert_eq!(f.matches("call fn").count(), 3, "the runtime's floatMul, alloc, free: {f}");
    let cold = &f[f.find("cold:").expect("a cold block")..];
    assert!(cold.contains("call fn") && cold.contains("trap"), "{f}");
    assert!(f.contains("store notrap aligned") && f.contains("+8"), "the result into the operand's box: {f}");
}

#[test]
fn the_cold_path_releases_the_operands_dropped_after_it() {
    let big = 1i64 << 61;
    // `let 12 = intAdd(a, b)`, then the drops of `dropped`: on overflow, the runtime is told
    // which operands to release (bit 0: the first, bit 1: the second).
    let released = |a: u32, b: u32, dropped: &[u32]| {
        let mut body = tail(Value::Atom(var(12)));
        for d in dropped.iter().rev() {
            body = drop_(*d, body);
        }
        let add = function("add", &[10, 11], false, let_(12, prim("intAdd", vec![var(a), var(b)]), body));
        let p = report(Value::Call(FunId(1), vec![int(big), int(big)]), vec![add]);
        SLOW_RELEASE.with(|r| r.set(None));
        assert_eq!(run(&p), FAKE_BIG);
        SLOW_RELEASE.with(Cell::get).expect("the cold path ran")
    };
    assert_eq!(released(10, 11, &[10, 11]), 3);
    assert_eq!(released(10, 11, &[11]), 2);
    assert_eq!(released(10, 11, &[]), 0);
    // `x + x` then one drop of `x`: one reference is released, once.
    assert_eq!(released(10, 10, &[10]), 1);
}

#[test]
fn the_cold_path_is_a_function_holding_the_constants() {
    // `x - 1 - 1`: both cold paths call one function, which holds the literal and `how`, so
    // the Mote function passes only `x` (no constant to hoist out of a loop).
    let body = let_(
        12,
        prim("intSub", vec![var(10), int(1)]),
        let_(13, prim("intSub", vec![var(12), int(1)]), tail(Value::Atom(var(13)))),
    );
    let sub = function("sub", &[10], false, body);
    let clif = emit_clif(&report(Value::Call(FunId(1), vec![int(5)]), vec![sub]), CodegenOptions::default())
        .expect("compiles");
    assert_eq!(clif.matches("; mote.intSub$slow$_$1$0\n").count(), 1, "{clif}");
    let slow = function_text(&clif, "mote.intSub$slow$_$1$0");
    assert!(slow.contains("(i64) -> i64 system_v"), "{slow}");
    assert!(slow.contains("iconst.i64 3") && slow.contains("iconst.i64 4"), "the literal 1 and `how`: {slow}");
    let f = function_text(&clif, "Test.sub");
    assert_eq!(f.lines().filter(|l| l.contains("= call fn") && l.trim_end().ends_with(')')).count(), 2, "{f}");
    assert!(!f.contains("stack_addr") && !f.contains("iconst.i64 4"), "{f}");
}

#[test]
fn globals_are_computed_before_main() {
    let mut p = report(Value::Global(GlobalId(1)), vec![fib()]);
    p.globals.push(Global { name: "Test.answer".into(), body: tail(Value::Call(FunId(1), vec![int(10)])) });
    assert_eq!(run_int(&p), 55);
}

/// The CLIF of the function `name` in `--emit clif` output.
fn function_text<'a>(clif: &'a str, name: &str) -> &'a str {
    let header = format!("; {name}\n");
    let start = clif.find(&header).unwrap_or_else(|| panic!("{name} is emitted"));
    let text = &clif[start..];
    &text[..text.find("\n}\n").map_or(text.len(), |end| end + 3)]
}

#[test]
fn tail_calls_are_return_calls_in_clif() {
    let clif =
        emit_clif(&report(Value::Call(FunId(1), vec![int(5), int(0)]), vec![count()]), CodegenOptions::default())
            .expect("compiles");
    let count_fn = function_text(&clif, "Test.count");
    // A call to itself in tail position is a jump back to the loop head, not a call at all.
    assert!(!count_fn.contains("return_call fn"), "{count_fn}");
    assert!(count_fn.contains("jump block1("), "{count_fn}");
    assert!(count_fn.contains("icmp.i64 sgt"), "acc + 1 checks for overflow inline: {count_fn}");
    assert!(clif.contains("return_call_indirect"), "apply helpers call closures in tail position");
}

#[test]
fn tail_calls_to_other_functions_are_return_calls_in_clif() {
    let parity = |name: &str, other: u32| {
        let step = let_(11, prim("intSub", vec![var(10), int(1)]), tail(Value::Call(FunId(other), vec![var(11)])));
        let zero = tail(Value::Atom(Atom::Lit(Lit::Bool(true))));
        function(name, &[10], false, let_(12, prim("intEq", vec![var(10), int(0)]), if_(12, zero, step)))
    };
    let functions = vec![parity("even", 2), parity("odd", 1)];
    let clif = emit_clif(&report(Value::Call(FunId(1), vec![int(5)]), functions), CodegenOptions::default())
        .expect("compiles");
    let even = function_text(&clif, "Test.even");
    assert!(even.contains("return_call fn"), "{even}");
}

#[test]
fn tail_apply_is_a_return_call_of_an_apply_helper() {
    let f = function("f", &[10, 11], false, tail(Value::Apply(x(10), vec![var(11)])));
    let clif = emit_clif(&report(Value::Atom(int(0)), vec![f]), CodegenOptions::default()).expect("compiles");
    let f = function_text(&clif, "Test.f");
    assert!(f.contains("return_call fn"), "{f}");
}

#[test]
fn object_files_define_main() {
    let bytes =
        object(&report(Value::Call(FunId(1), vec![int(5)]), vec![fib()]), CodegenOptions::default()).expect("compiles");
    assert_eq!(&bytes[..4], b"\x7fELF");
    let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    assert!(has(b"mote_program_main\0") && has(b"mote_rt_start_main\0") && has(b"main\0"));
}

#[test]
fn malformed_core_is_an_error_not_a_panic() {
    let p = report(Value::Call(FunId(9), vec![]), vec![]);
    assert!(matches!(emit_clif(&p, CodegenOptions::default()), Err(CodegenError::MalformedCore(_))));
    let p = report(Value::Lambda(vec![], Box::new(ret(0))), vec![]);
    assert!(matches!(emit_clif(&p, CodegenOptions::default()), Err(CodegenError::MalformedCore(_))));
}

#[test]
fn a_primitive_used_at_two_arities_is_malformed_core() {
    let body = let_(2, prim("testReport", vec![int(1)]), let_(3, prim("testReport", vec![int(1), int(2)]), ret(3)));
    match emit_clif(&program(body, vec![]), CodegenOptions::default()) {
        Err(CodegenError::MalformedCore(m)) => assert!(m.contains("different numbers of arguments"), "{m}"),
        other => panic!("expected malformed Core, got {other:?}"),
    }
}

#[test]
fn a_missing_runtime_symbol_is_reported() {
    let p = report(prim("noSuchPrimitive", vec![]), vec![]);
    let result = run_jit(&p, &fake_symbols(), CodegenOptions::default(), |entry| entry() as i32);
    assert_eq!(result, Err(CodegenError::UnresolvedSymbol("mote_noSuchPrimitive".into())));
}

#[test]
fn string_literals_are_static_objects() {
    let p = report(Value::Atom(Atom::Lit(Lit::String(Arc::from("hello")))), vec![]);
    let word = run(&p);
    assert_eq!(word & 7, 0, "a pointer");
    // SAFETY: the word is the address of the static STRING object the JIT'd module defines;
    // the module is never freed, and the object is 3 words long ("hello" fits the third).
    let object = unsafe { std::slice::from_raw_parts(word as *const u64, 3) };
    assert_eq!(object[0], 7 << 32, "count 0 (static), kind STRING");
    assert_eq!(object[1], 5);
    assert_eq!(&object[2].to_le_bytes()[..5], b"hello");
}

#[test]
fn big_literals_are_computed_at_start_up() {
    let big = BigInt::from(1u64 << 63);
    let p = report(Value::Atom(Atom::Lit(Lit::Int(big))), vec![]);
    let clif = emit_clif(&p, CodegenOptions::default()).expect("compiles");
    let entry = function_text(&clif, "mote_program_main");
    assert_eq!(
        entry.matches("call fn").count(),
        7,
        "init, int_from_str, freeze, the global, freeze, apply_1, free: {entry}"
    );
}

// ---- processes ----

#[test]
fn functions_count_reductions_when_asked() {
    let program = report(Value::Call(FunId(1), vec![int(5), int(0)]), vec![count()]);
    let with = emit_clif(&program, CodegenOptions::RUNTIME).expect("compiles");
    for name in ["Test.count", "Test.main", "Test.main$init", "apply_1", "apply_16"] {
        let f = function_text(&with, name);
        assert!(f.contains("get_pinned_reg") && f.contains("set_pinned_reg"), "the budget's register: {f}");
        assert!(f.contains("cold") && yields(f) == 1, "a cold yield: {f}");
        assert!(!f.contains("get_stack_pointer"), "a Mote function does not look for the scheduler page: {f}");
    }
    // The SystemV entry loads the budget from the scheduler page into the pinned register and
    // gives its caller the register back.
    let entry = function_text(&with, "mote_program_main");
    assert!(entry.contains("get_stack_pointer") && entry.contains("-1073741824"), "{entry}");
    assert_eq!(entry.matches("get_pinned_reg").count(), 1, "{entry}");
    assert_eq!(entry.matches("set_pinned_reg").count(), 2, "{entry}");
    let bytes = object(&program, CodegenOptions::RUNTIME).expect("compiles");
    let has = |bytes: &[u8], name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    assert!(has(&bytes, b"mote_rt_yield\0"));

    // A looping join's round takes a reduction. When every way from the function's start to a
    // call goes through such a join, the start takes none: one yield.
    let looping = emit_clif(&report(Value::Atom(int(0)), vec![sum_loop()]), CodegenOptions::RUNTIME).expect("compiles");
    let sum = function_text(&looping, "Test.sum");
    assert_eq!(yields(sum), 1, "{sum}");
    // With a call before the loop, the start takes one too: two yields.
    let mut first = sum_loop();
    first.body = let_(16, Value::Call(FunId(1), vec![int(0)]), first.body);
    let looping = emit_clif(&report(Value::Atom(int(0)), vec![first]), CodegenOptions::RUNTIME).expect("compiles");
    let sum = function_text(&looping, "Test.sum");
    assert_eq!(yields(sum), 2, "{sum}");

    let without = emit_clif(&program, CodegenOptions::default()).expect("compiles");
    assert!(!without.contains("pinned_reg") && !without.contains("get_stack_pointer"), "{without}");
    let bytes = object(&program, CodegenOptions::default()).expect("compiles");
    assert!(!has(&bytes, b"mote_rt_yield\0"));
}

/// The calls of `mote_rt_yield` (a call of no arguments) in a function's CLIF.
fn yields(f: &str) -> usize {
    f.lines().filter(|l| l.contains("call fn") && l.trim_end().ends_with("()")).count()
}

#[test]
fn globals_are_frozen_at_start_up() {
    let clif = emit_clif(&report(Value::Atom(int(0)), vec![]), CodegenOptions::default()).expect("compiles");
    let entry = function_text(&clif, "mote_program_main");
    // init, the global, freeze, apply_1, free.
    assert_eq!(entry.matches("call fn").count(), 5, "{entry}");
}

#[test]
fn a_timeout_is_an_immediate_that_drop_leaves_alone() {
    // main reports whether `receiveAfter(_, ms)` timed out, dropping the result first.
    let waited = |ms: i64| {
        program(
            let_(
                2,
                Value::Prim(Prim::ReceiveAfter, vec![int(0), int(0), int(ms)]),
                let_(
                    3,
                    Value::Prim(Prim::TimedOut, vec![var(2)]),
                    drop_(2, let_(4, prim("testReport", vec![var(3)]), ret(4))),
                ),
            ),
            vec![],
        )
    };
    assert_eq!(run(&waited(0)), 22, "0 ms: the runtime's 0 is a timeout");
    assert_eq!(run(&waited(7)), 14, "a message arrived");
}

/// A receive may park the process: the budget is stored in the scheduler page before the
/// call and loaded from it after (where the runtime leaves a fresh one when it resumes the
/// process).
#[test]
fn a_receive_passes_the_budget_through_the_scheduler_page() {
    let body = let_(2, Value::Prim(Prim::ReceiveAfter, vec![int(0), int(0), int(7)]), ret(2));
    let clif = emit_clif(&program(body, vec![]), CodegenOptions::RUNTIME).expect("compiles");
    let f = function_text(&clif, "Test.main");
    // Without the comments naming constants.
    let lines: Vec<&str> = f.lines().map(|l| l.split(';').next().unwrap_or(l)).collect();
    let at = |what: &dyn Fn(&str) -> bool| lines.iter().position(|l| what(l)).unwrap_or_else(|| panic!("{f}"));
    let receive = at(&|l| l.contains("= call fn") && l.matches(", ").count() == 2);
    let pinned = lines[..receive].iter().rposition(|l| l.contains("get_pinned_reg")).expect("the budget is read");
    let budget = lines[pinned].split(" = ").next().expect("a value").trim().to_string();
    assert!(lines[pinned..receive].iter().any(|l| l.contains("store") && l.contains(&format!(" {budget},"))), "{f}");
    let reload = lines[receive..].iter().position(|l| l.contains("load.i64")).expect("the budget is loaded") + receive;
    let loaded = lines[reload].split(" = ").next().expect("a value").trim().to_string();
    assert!(lines[reload..].iter().any(|l| l.trim() == format!("set_pinned_reg {loaded}")), "{f}");
}

#[test]
fn program_info_points_at_the_process_constructors() {
    let mut p = report(Value::Atom(int(0)), vec![]);
    p.process_ctors = Some([Some(CtorId(5)), None, Some(CtorId(6)), None, None, None, None, None]);
    run(&p);
    let info = INFO.with(Cell::get);
    // SAFETY: `info` is the module's static `ProgramInfo` (never freed): nine words, the last
    // a pointer to eight u32 entries.
    let ids = unsafe {
        let table = *((info + 64) as *const *const u32);
        std::slice::from_raw_parts(table, 8).to_vec()
    };
    assert_eq!(ids, [5, u32::MAX, 6, u32::MAX, u32::MAX, u32::MAX, u32::MAX, u32::MAX]);

    run(&report(Value::Atom(int(0)), vec![]));
    let info = INFO.with(Cell::get);
    // SAFETY: as above.
    let table = unsafe { *((info + 64) as *const u64) };
    assert_eq!(table, 0, "null without Control.Process");
}
