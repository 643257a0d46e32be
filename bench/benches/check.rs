//! `mote check` through the salsa database on a generated package of about 50,000 lines in 50
//! modules: a cold check in a fresh database, and re-checks after editing one function body.
//!
//! `cargo bench -p mote-bench --bench check` prints times and lines per second, the best of
//! several runs (these machines are shared; the best run is the least disturbed), and for each
//! edit how many queries re-ran and of which kinds: what incrementality saves, and what it
//! still re-does. Lines per second of a re-check count the whole package, as the cold check's.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use mote_bench::project::{Project, project};
use mote_compiler::Diagnostic;
use mote_compiler::db::{Database, Package, SourceFile, check, with_stdlib};
use salsa::Setter;

const MODULES: usize = 50;
const LINES_PER_MODULE: usize = 1_000;
const RUNS: usize = 5;
/// Re-checks are shorter and more exposed to a busy machine: more runs.
const EDIT_RUNS: usize = 10;

/// A database holding the package and the standard library, nothing checked yet.
struct Session {
    db: Database,
    package: Package,
    files: Vec<SourceFile>,
}

impl Session {
    fn load(project: &Project) -> Session {
        let db = Database::default();
        let files: Vec<SourceFile> =
            project.files.iter().map(|f| SourceFile::new(&db, f.path.clone(), f.text.clone())).collect();
        let package = Package::new(&db, with_stdlib(&db, &files));
        Session { db, package, files }
    }

    /// What `mote check` does for the package: every file's diagnostics. The standard library
    /// is checked only as far as the package's files need it.
    fn check(&self, files: &[SourceFile]) -> Vec<&Vec<Diagnostic>> {
        files.iter().map(|&file| check(&self.db, self.package, file)).collect()
    }
}

/// The best of `runs` timings of `f`; dropping its result is not timed.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = black_box(f());
            let elapsed = start.elapsed();
            drop(out);
            elapsed
        })
        .min()
        .expect("runs > 0")
}

/// Executed queries counted by kind: `check(Id(4c00))` counts as `check`.
fn by_kind(executed: &[String]) -> String {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for query in executed {
        *kinds.entry(query.split('(').next().unwrap_or(query)).or_default() += 1;
    }
    kinds.iter().map(|(kind, n)| format!("{kind} {n}")).collect::<Vec<_>>().join(", ")
}

fn rate(lines: usize, t: Duration) -> String {
    format!("{:>9.1} ms  {:>12.0} lines/s", t.as_secs_f64() * 1e3, lines as f64 / t.as_secs_f64())
}

/// Which files a re-check asks for after an edit.
#[derive(Clone, Copy)]
enum Scope {
    /// Every file of the package, as `mote check` in a watch loop would.
    Package,
    /// The edited file alone, as an editor does for the file being typed in.
    Edited,
}

/// Re-checks after editing one function body in file `index`, alternating between the edited
/// and the original text so that every run is a real change. The time includes the edit itself
/// (salsa opens a new revision). Returns the best time and the queries the last run executed.
fn recheck(project: &Project, index: usize, scope: Scope) -> (Duration, Vec<String>) {
    let mut session = Session::load(project);
    session.check(&session.files);
    let texts = [project.edited(index), project.files[index].text.clone()];
    let file = session.files[index];
    let asked = match scope {
        Scope::Package => session.files.clone(),
        Scope::Edited => vec![file],
    };
    session.db.log_executions();
    let mut executed = Vec::new();
    let mut times = Vec::new();
    for run in 0..EDIT_RUNS {
        let text = texts[run % 2].clone();
        let start = Instant::now();
        file.set_text(&mut session.db).to(text);
        let diagnostics = session.check(&asked);
        times.push(start.elapsed());
        let errors = diagnostics.iter().flat_map(|ds| ds.iter()).filter(|d| d.is_error()).count();
        assert_eq!(errors, 0, "the edit keeps the package free of errors");
        executed = session.db.take_executions();
    }
    (times.into_iter().min().expect("EDIT_RUNS > 0"), executed)
}

fn main() {
    let project = project(MODULES, LINES_PER_MODULE);
    let lines = project.lines();
    let bytes: usize = project.files.iter().map(|f| f.text.len()).sum();
    let library_lines: usize = mote_compiler::stdlib::MODULES.iter().map(|(_, text)| text.lines().count()).sum();

    let session = Session::load(&project);
    session.db.log_executions();
    let diagnostics = session.check(&session.files);
    let cold_queries = session.db.take_executions();
    let errors: Vec<String> = diagnostics
        .iter()
        .zip(&project.files)
        .flat_map(|(ds, f)| ds.iter().filter(|d| d.is_error()).map(move |d| format!("{}: {}", f.path, d.message)))
        .collect();
    assert!(
        errors.is_empty(),
        "the generated package must check cleanly: {} errors, first {}",
        errors.len(),
        errors[0]
    );
    let warnings = diagnostics.iter().flat_map(|ds| ds.iter()).filter(|d| !d.is_error()).count();
    drop(session);

    println!(
        "mote check on a generated package: {} modules, {lines} lines (+{library_lines} of standard library), \
         {bytes} bytes; 0 errors, {warnings} warnings",
        project.files.len()
    );

    let cold = best(RUNS, || {
        let session = Session::load(&project);
        session.check(&session.files);
        session
    });
    println!("{:>44}: {}  ({} queries)", "cold check, fresh database", rate(lines, cold), cold_queries.len());
    println!("{:>44}  {}", "", by_kind(&cold_queries));

    let middle = project.middle();
    let leaf = project.leaf();
    for (what, index) in [("middle of the import graph", middle), ("imported by no module", leaf)] {
        let module = &project.files[index].module;
        let site = &project.files[index].edit_site;
        println!("edit the body of `{site}` in {module} ({what}):");
        for (scope, label) in [(Scope::Package, "re-check every file"), (Scope::Edited, "re-check the edited file")] {
            let (time, executed) = recheck(&project, index, scope);
            println!(
                "{label:>44}: {}  ({:.0}% of cold; {} queries re-ran)",
                rate(lines, time),
                100.0 * time.as_secs_f64() / cold.as_secs_f64(),
                executed.len()
            );
            println!("{:>44}  {}", "", by_kind(&executed));
        }
    }
}
