//! Linking an executable (`mote build`): the object file the code generator wrote, plus the
//! runtime's static library, through the system C compiler driver.
//!
//! The runtime library is `$MOTE_RUNTIME_LIB` when set; else the newest of
//! `libmote_runtime.a` next to the `mote` executable (an installation) and
//! `deps/libmote_runtime-*.a` beside it (where cargo leaves the runtime's `staticlib` when it
//! builds `mote` in this workspace).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// What a Rust static library needs from the system on Linux, as
/// `cargo rustc -p mote-runtime --crate-type staticlib -- --print native-static-libs` prints.
const NATIVE_LIBRARIES: &[&str] = &["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"];

const RUNTIME_LIBRARY: &str = "libmote_runtime.a";

/// Links `object` with the runtime into the executable `output`, with `$CC` or `cc`.
pub fn link(object: &Path, output: &Path) -> Result<(), String> {
    let runtime = runtime_library()?;
    let cc = std::env::var_os("CC").filter(|cc| !cc.is_empty()).unwrap_or_else(|| OsString::from("cc"));
    let mut command = Command::new(&cc);
    // The runtime's debug information would make a hello world several megabytes.
    command.arg(object).arg(&runtime).arg("-o").arg(output).arg("-Wl,--strip-debug").args(NATIVE_LIBRARIES);
    let result =
        command.output().map_err(|e| format!("could not run the linker `{}`: {e}", Path::new(&cc).display()))?;
    if result.status.success() {
        return Ok(());
    }
    Err(format!(
        "the linker `{}` failed ({}):\n{}",
        Path::new(&cc).display(),
        result.status,
        String::from_utf8_lossy(&result.stderr).trim_end()
    ))
}

/// The runtime's static library.
pub fn runtime_library() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("MOTE_RUNTIME_LIB").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("MOTE_RUNTIME_LIB names {}, which is not a file", path.display()))
        };
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the mote executable: {e}"))?;
    let dir = exe.parent().ok_or_else(|| format!("{} has no parent folder", exe.display()))?;
    // An installation has the library beside `mote`; in this workspace cargo leaves it in
    // `deps/` (and a copy beside `mote` only when the runtime itself was built, which may be
    // older): the newest wins.
    let beside = dir.join(RUNTIME_LIBRARY);
    let beside = beside.is_file().then(|| (modified(&beside), beside));
    let in_deps = newest_in_deps(&dir.join("deps")).map(|p| (modified(&p), p));
    [beside, in_deps].into_iter().flatten().max_by_key(|(time, _)| *time).map(|(_, p)| p).ok_or_else(|| {
        format!(
            "cannot find the runtime library {RUNTIME_LIBRARY}: not next to {} nor in its deps/ folder; \
             set MOTE_RUNTIME_LIB to its path",
            exe.display()
        )
    })
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH)
}

/// The most recently built `libmote_runtime-<hash>.a` in cargo's `deps` folder.
fn newest_in_deps(deps: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(deps).ok()?;
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libmote_runtime-") && name.ends_with(".a")
        })
        .map(|e| {
            let modified = e.metadata().and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
            (modified, e.path())
        })
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, path)| path)
}
