//! The run tests in `tests/run/`: every `tests/run/NAME.mote` is a whole program. It is run twice,
//! from the repository root (so that messages name it `tests/run/NAME.mote`):
//!
//! 1. by the JIT: `mote run tests/run/NAME.mote`;
//! 2. as an executable: `mote build tests/run/NAME.mote -o <tmp>/NAME`, then `<tmp>/NAME`.
//!
//! For each, standard output must equal `NAME.stdout`, standard error `NAME.stderr` (empty when
//! that file is missing) and the exit status the number in `NAME.status` (0 when missing); and the
//! two back ends must agree with each other. Standard input is empty. Every program has a time
//! limit (60 s, or `MOTE_RUN_TIMEOUT` seconds); one that runs longer is killed and reported.
//!
//! A report of the compiler's that `mote run` prints before the program starts (warnings, ending
//! in the summary line `0 errors, 1 warning`) is not part of the program's standard error.
//!
//! All failures are collected and reported together. `MOTE_BLESS=1 cargo test -p mote-cli --test run`
//! writes what the programs did into the expected files instead, for each program whose two back
//! ends agree (`.stderr` and `.status` only when they are not empty and not 0; review the diff). `MOTE_RUN_FILTER=text` runs only the programs whose name
//! contains `text`.

mod common;

use common::diff;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const RUN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/run");
const BLESS: &str = "MOTE_BLESS=1 cargo test -p mote-cli --test run";
const DEFAULT_TIMEOUT_SECS: u64 = 60;
const THREADS: usize = 2;

#[test]
fn run() {
    let bless = std::env::var_os("MOTE_BLESS").is_some_and(|v| v == "1");
    let filter = std::env::var("MOTE_RUN_FILTER").ok().filter(|f| !f.is_empty());
    let timeout = Duration::from_secs(
        std::env::var("MOTE_RUN_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_TIMEOUT_SECS),
    );

    let (mut sources, expected_files) = list(Path::new(RUN_DIR));
    sources.sort();
    assert!(!sources.is_empty(), "no .mote files in {RUN_DIR}");
    if let Some(filter) = &filter {
        sources.retain(|s| s.file_stem().is_some_and(|n| n.to_string_lossy().contains(filter.as_str())));
        assert!(!sources.is_empty(), "no program in {RUN_DIR} matches MOTE_RUN_FILTER={filter}");
    }

    let build_dir = fresh_build_dir();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Vec<String>)>> = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..THREADS.min(sources.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(source) = sources.get(index) else { break };
                    let failures = check_program(source, &build_dir, timeout, bless);
                    results.lock().unwrap_or_else(|e| e.into_inner()).push((index, failures));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(index, _)| *index);

    let mut failures: Vec<String> = Vec::new();
    let mut failing_programs = 0;
    for (_, program_failures) in results {
        if !program_failures.is_empty() {
            failing_programs += 1;
            failures.extend(program_failures);
        }
    }
    if filter.is_none() {
        for file in &expected_files {
            if !file.with_extension("mote").is_file() {
                failures.push(format!("{} has no .mote file next to it; delete it", relative_to_root(file)));
            }
        }
    }
    // Executables are only kept when something failed, to look at.
    if failures.is_empty() {
        let _ = fs::remove_dir_all(&build_dir);
    }
    assert!(
        failures.is_empty(),
        "{failing_programs} of {} run tests failed (bless intended changes with `{BLESS}`; executables in {}):\n\n{}",
        sources.len(),
        build_dir.display(),
        failures.join("\n")
    );
}

/// What one run of a program did.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    stdout: String,
    stderr: String,
    /// The exit code; `None` when the process ended by a signal or was killed.
    code: Option<i32>,
    /// Set when the program ran past the time limit and was killed.
    timed_out: bool,
}

impl Outcome {
    fn status_text(&self) -> String {
        match (self.timed_out, self.code) {
            (true, _) => "killed after the time limit".to_owned(),
            (false, Some(code)) => code.to_string(),
            (false, None) => "no exit code (ended by a signal)".to_owned(),
        }
    }
}

/// What the program is expected to do, from the files next to it.
struct Expected {
    stdout: Option<String>,
    stderr: String,
    code: i32,
}

/// Runs one program both ways and returns its failures (empty when it passed).
fn check_program(source: &Path, build_dir: &Path, timeout: Duration, bless: bool) -> Vec<String> {
    let relative = relative_to_root(source);
    let name = source.file_stem().expect("a .mote file has a name").to_string_lossy().into_owned();
    let mut failures = Vec::new();

    // Each back end gives an outcome, or a message saying why the program could not be run.
    let jit = run_with_timeout(Command::new(env!("CARGO_BIN_EXE_mote")).args(["run", &relative]), timeout)
        .map(|mut outcome| {
            outcome.stderr = without_diagnostics(&outcome.stderr);
            outcome
        })
        .map_err(|e| format!("{relative} [mote run]: cannot start the mote binary: {e}\n"));
    let executable = build_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let native = build(&relative, &executable, timeout)
        .map_err(|message| format!("{relative} [mote build]: {message}"))
        .and_then(|()| {
            run_with_timeout(&mut Command::new(&executable), timeout)
                .map_err(|e| format!("{relative} [executable]: cannot start {}: {e}\n", executable.display()))
        });

    let expected = if bless {
        None
    } else {
        match read_expected(source) {
            Ok(expected) => Some(expected),
            Err(message) => {
                failures.push(message);
                None
            }
        }
    };
    for (label, outcome) in [("mote run", &jit), ("executable", &native)] {
        match (outcome, &expected) {
            (Err(message), _) => failures.push(message.clone()),
            (Ok(outcome), Some(expected)) => compare(&relative, label, expected, outcome, &mut failures),
            (Ok(_), None) => {}
        }
    }
    let (jit, native) = (jit.ok(), native.ok());
    if bless {
        // Only what both back ends agree on is written; otherwise the failures say why not.
        match (&jit, &native) {
            (Some(jit), Some(native)) if jit == native && !jit.timed_out => {
                if let Err(e) = write_expected(source, jit) {
                    failures.push(format!("{relative}: cannot bless: {e}\n"));
                }
            }
            (Some(jit), Some(native)) => {
                let why = if jit.timed_out || native.timed_out { "it ran past the time limit" } else { "see below" };
                failures.push(format!("{relative}: not blessed: {why}\n"));
            }
            _ => {}
        }
    }

    if let (Some(jit), Some(native)) = (&jit, &native)
        && jit != native
    {
        let mut message = format!("{relative}: the back ends disagree (- mote run, + executable):\n");
        if jit.stdout != native.stdout {
            message.push_str(&format!("stdout:\n{}", diff(&jit.stdout, &native.stdout)));
        }
        if jit.stderr != native.stderr {
            message.push_str(&format!("stderr:\n{}", diff(&jit.stderr, &native.stderr)));
        }
        if (jit.code, jit.timed_out) != (native.code, native.timed_out) {
            message.push_str(&format!("status: {} vs {}\n", jit.status_text(), native.status_text()));
        }
        failures.push(message);
    }
    failures
}

/// The program's own standard error, without the compiler's report that `mote run` may print
/// first (warnings such as a non-exhaustive match, up to the summary line `0 errors, 1 warning`):
/// an executable never prints those, and the two back ends must agree.
fn without_diagnostics(stderr: &str) -> String {
    let mut offset = 0;
    for line in stderr.split_inclusive('\n') {
        offset += line.len();
        if is_summary(line.trim_end()) {
            return stderr[offset..].to_owned();
        }
    }
    stderr.to_owned()
}

/// Whether the line is the compiler's summary: `N error(s), M warning(s)`.
fn is_summary(line: &str) -> bool {
    let count = |part: &str, word: &str| {
        part.split_once(' ').is_some_and(|(n, w)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (w == word || w.strip_suffix('s') == Some(word))
        })
    };
    line.split_once(", ").is_some_and(|(errors, warnings)| count(errors, "error") && count(warnings, "warning"))
}

/// `mote build FILE -o EXECUTABLE`; the error is a message to report.
fn build(relative: &str, executable: &Path, timeout: Duration) -> Result<(), String> {
    let _ = fs::remove_file(executable);
    let mut command = Command::new(env!("CARGO_BIN_EXE_mote"));
    command.arg("build").arg(relative).arg("-o").arg(executable);
    let outcome =
        run_with_timeout(&mut command, timeout).map_err(|e| format!("cannot start the mote binary: {e}\n"))?;
    if outcome.timed_out {
        return Err(format!("did not finish within {} s; killed\n", timeout.as_secs()));
    }
    if outcome.code != Some(0) {
        return Err(format!(
            "failed with status {}\nstderr:\n{}stdout:\n{}",
            outcome.status_text(),
            indent(&outcome.stderr),
            indent(&outcome.stdout)
        ));
    }
    if !executable.is_file() {
        return Err(format!("succeeded but wrote no executable at {}\n", executable.display()));
    }
    Ok(())
}

fn compare(relative: &str, label: &str, expected: &Expected, outcome: &Outcome, failures: &mut Vec<String>) {
    let mut message = String::new();
    if outcome.timed_out {
        message.push_str("timed out and was killed; the output so far is compared below\n");
    }
    match &expected.stdout {
        None => message.push_str(&format!(
            "{} is missing; create it with `{BLESS}`\nthe output was:\n{}",
            relative.replace(".mote", ".stdout"),
            indent(&outcome.stdout)
        )),
        Some(stdout) if *stdout != outcome.stdout => {
            message.push_str(&format!("stdout differs (- expected, + actual):\n{}", diff(stdout, &outcome.stdout)))
        }
        Some(_) => {}
    }
    if expected.stderr != outcome.stderr {
        message
            .push_str(&format!("stderr differs (- expected, + actual):\n{}", diff(&expected.stderr, &outcome.stderr)));
    }
    if outcome.timed_out || outcome.code != Some(expected.code) {
        message.push_str(&format!("exit status: expected {}, got {}\n", expected.code, outcome.status_text()));
    }
    if !message.is_empty() {
        failures.push(format!("{relative} [{label}]: {message}"));
    }
}

/// What a program must print and end with; an error (a failure to report, not a panic that
/// would lose the other programs' results) when its `.status` file holds no status.
fn read_expected(source: &Path) -> Result<Expected, String> {
    let stdout = fs::read_to_string(source.with_extension("stdout")).ok();
    let stderr = fs::read_to_string(source.with_extension("stderr")).unwrap_or_default();
    let code = match fs::read_to_string(source.with_extension("status")) {
        Ok(text) => text.trim().parse().map_err(|_| {
            format!("{} must hold an exit status, not {text:?}\n", relative_to_root(&source.with_extension("status")))
        })?,
        Err(_) => 0,
    };
    Ok(Expected { stdout, stderr, code })
}

fn write_expected(source: &Path, outcome: &Outcome) -> std::io::Result<()> {
    fs::write(source.with_extension("stdout"), &outcome.stdout)?;
    let stderr = source.with_extension("stderr");
    if outcome.stderr.is_empty() {
        remove_if_present(&stderr)?;
    } else {
        fs::write(&stderr, &outcome.stderr)?;
    }
    let status = source.with_extension("status");
    match outcome.code {
        Some(0) => remove_if_present(&status)?,
        Some(code) => fs::write(&status, format!("{code}\n"))?,
        None => {} // a killed program has no status to bless; the failure is reported anyway
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Runs the command from the repository root with empty standard input, capturing its output; kills
/// it when it runs longer than `timeout`.
fn run_with_timeout(command: &mut Command, timeout: Duration) -> std::io::Result<Outcome> {
    let mut child = command
        .current_dir(REPO_ROOT)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = read_in_background(child.stdout.take().expect("stdout is piped"));
    let stderr = read_in_background(child.stderr.take().expect("stderr is piped"));
    let (status, timed_out) = wait_with_deadline(&mut child, Instant::now() + timeout)?;
    // A process the program started could keep the pipes open after it ended: do not wait forever.
    let collect = |rx: mpsc::Receiver<Vec<u8>>| {
        rx.recv_timeout(Duration::from_secs(5))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_else(|_| "<the output was not closed when the program ended>\n".to_owned())
    };
    Ok(Outcome { stdout: collect(stdout), stderr: collect(stderr), code: status.code(), timed_out })
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(bytes);
    });
    rx
}

fn wait_with_deadline(child: &mut Child, deadline: Instant) -> std::io::Result<(ExitStatus, bool)> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, false));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            return Ok((child.wait()?, true));
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// A new, empty folder for this run's executables, under Cargo's temporary folder in `target/`
/// (emptied at the start of each run, so only the last failing run's executables stay).
fn fresh_build_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("run-tests");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// The programs in `dir`, and the expected-output files (to find ones left without a program).
fn list(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut sources = Vec::new();
    let mut expected = Vec::new();
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry can be read").path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("mote") => sources.push(path),
            Some("stdout" | "stderr" | "status") => expected.push(path),
            _ => {}
        }
    }
    (sources, expected)
}

/// `tests/run/NAME.mote`, with `/` separators on every platform.
fn relative_to_root(path: &Path) -> String {
    let relative = path.strip_prefix(REPO_ROOT).expect("run tests live under the repository root");
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// The time limit works: a program that sleeps past it is killed and reported as timed out.
#[cfg(unix)]
#[test]
fn a_program_past_the_time_limit_is_killed() {
    let started = Instant::now();
    let outcome = run_with_timeout(Command::new("sleep").arg("30"), Duration::from_millis(200)).expect("sleep runs");
    assert!(outcome.timed_out, "{outcome:?}");
    assert_eq!(outcome.code, None);
    assert!(started.elapsed() < Duration::from_secs(10), "the kill took {:?}", started.elapsed());

    let outcome =
        run_with_timeout(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]), Duration::from_secs(30))
            .expect("sh runs");
    assert_eq!(
        outcome,
        Outcome { stdout: "out\n".to_owned(), stderr: "err\n".to_owned(), code: Some(3), timed_out: false }
    );
}

#[test]
fn the_compiler_report_is_not_part_of_the_programs_stderr() {
    let report = "warning[E0170]: `f` has no equation for `_`\n --> tests/run/x.mote:6:1\n\n0 errors, 1 warning\n";
    assert_eq!(
        without_diagnostics(&format!("{report}main crashed: division by zero\n")),
        "main crashed: division by zero\n"
    );
    assert_eq!(without_diagnostics("0 errors, 0 warnings\n"), "");
    assert_eq!(
        without_diagnostics("main crashed: error: 2 errors, 1 warning\n"),
        "main crashed: error: 2 errors, 1 warning\n"
    );
    assert_eq!(without_diagnostics("plain\n"), "plain\n");
}
