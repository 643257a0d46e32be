//! Crashes end the process, so each case runs in a child: the test binary re-runs itself with
//! `MOTE_RUNTIME_CHILD` set, and the `child` test below does the crashing.

use super::*;
use crate::value::{make_string, small};
use std::process::Command;

const CHILD_VAR: &str = "MOTE_RUNTIME_CHILD";

fn say(text: &str) {
    let s = make_string(text);
    crate::io::mote_ioPrintln(s);
    crate::value::drop_value(s);
}

#[inline(never)]
fn deep(n: u64) -> u64 {
    let frame = std::hint::black_box([n; 32]);
    if frame[0] == u64::MAX { 0 } else { deep(frame[1] + 1) + frame[2] }
}

extern "C" fn overflow() -> i64 {
    say("before");
    deep(0) as i64
}

extern "C" fn divide_by_zero() -> i64 {
    say("before");
    crate::int::mote_intDiv(small(1), small(0)) as i64
}

extern "C" fn error_call() -> i64 {
    say("before");
    let message = make_string("boom");
    crate::error::mote_processCrash(message) as i64
}

extern "C" fn match_failure() -> i64 {
    crate::error::mote_rt_match_failure(make_string("Main.mote:3:1"))
}

extern "C" fn panics() -> i64 {
    say("before");
    let v: Vec<i64> = std::hint::black_box(Vec::new());
    v[3]
}

extern "C" fn segfault() -> i64 {
    // SAFETY: not sound on purpose: address 16 is never mapped, so this faults far from any
    // stack guard, which is what the test checks.
    unsafe { std::ptr::read_volatile(16usize as *const i64) }
}

extern "C" fn succeeds() -> i64 {
    say("hello");
    let argv0 = args().len() as i64;
    assert_eq!(argv0, 0, "run() does not set arguments");
    7
}

extern "C" fn initialised() -> i64 {
    use crate::program::{ProgramInfo, mote_rt_init};
    let names = [make_string("()"), make_string("false"), make_string("true"), make_string("[]"), make_string(":")];
    let names: Vec<u64> = names.into_iter().chain([make_string("Nothing"), make_string("Just")]).collect();
    let arities = [0u32, 0, 0, 0, 2, 0, 1];
    let atoms = [make_string("ok"), make_string("node@host")];
    let labels = [make_string("name")];
    let info = ProgramInfo {
        ctor_count: 7,
        ctor_names: names.as_ptr(),
        ctor_arities: arities.as_ptr(),
        atom_count: 2,
        atoms: atoms.as_ptr(),
        label_count: 1,
        labels: labels.as_ptr(),
        call_closure: None,
        process_ctors: std::ptr::null(),
    };
    // SAFETY: `info` describes arrays of the lengths it states, alive for the call.
    unsafe { mote_rt_init(&info) };
    let just = crate::value::make_con(6, &[crate::value::atom(1)]);
    let record = crate::value::make_record(&[(0, just)]);
    let shown = crate::generic::mote_rt_show_any(record);
    crate::io::mote_ioPrintln(shown);
    0
}

/// Runs in the child only: the case named by the environment.
#[test]
fn child() {
    let Ok(case) = std::env::var(CHILD_VAR) else { return };
    install_panic_hook();
    let entry: Entry = match case.as_str() {
        "overflow" => overflow,
        "divide_by_zero" => divide_by_zero,
        "error" => error_call,
        "match_failure" => match_failure,
        "panic" => panics,
        "segfault" => segfault,
        "succeeds" => succeeds,
        "init" => initialised,
        other => panic!("unknown child case {other}"),
    };
    let status = run(entry);
    exit_now(status);
}

/// Runs one case in a child; returns (status, the child's stdout after the harness's lines, stderr).
fn run_child(case: &str) -> (Option<i32>, String, String) {
    let exe = std::env::current_exe().expect("the test binary");
    let out = Command::new(exe)
        .args(["--exact", "start::tests::child", "--nocapture", "--test-threads=1", "-q"])
        .env(CHILD_VAR, case)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("running"))
        .collect::<Vec<_>>()
        .join("\n");
    (out.status.code(), stdout.trim().to_string(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn stack_overflow_is_reported() {
    let (status, stdout, stderr) = run_child("overflow");
    assert_eq!(status, Some(1));
    assert_eq!(stdout, "before", "stdout is flushed before the crash");
    assert_eq!(stderr, "main crashed: stack overflow\n");
}

#[test]
fn division_by_zero_crashes() {
    let (status, stdout, stderr) = run_child("divide_by_zero");
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (Some(1), "before", "main crashed: division by zero\n"));
}

#[test]
fn error_crashes_with_its_message() {
    let (status, stdout, stderr) = run_child("error");
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (Some(1), "before", "main crashed: error: boom\n"));
}

#[test]
fn match_failure_names_the_location() {
    let (status, _, stderr) = run_child("match_failure");
    assert_eq!((status, stderr.as_str()), (Some(1), "main crashed: no clause matched at Main.mote:3:1\n"));
}

#[test]
fn a_rust_panic_is_a_crash_not_an_abort() {
    let (status, stdout, stderr) = run_child("panic");
    assert_eq!(status, Some(1));
    assert_eq!(stdout, "before");
    assert!(stderr.starts_with("main crashed: internal error: index out of bounds"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn other_faults_are_runtime_bugs() {
    let (status, _, stderr) = run_child("segfault");
    assert_eq!((status, stderr.as_str()), (Some(1), "main crashed: segmentation fault (runtime bug)\n"));
}

#[test]
fn the_entry_status_is_returned() {
    let (status, stdout, stderr) = run_child("succeeds");
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (Some(7), "hello", ""));
}

#[test]
fn init_installs_the_program_tables() {
    let (status, stdout, stderr) = run_child("init");
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (Some(0), "{ name = Just :\"node@host\" }", ""));
}
