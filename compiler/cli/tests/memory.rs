//! Memory is freed as a program goes (the runtime's reference counting): a program that
//! allocates about 10 GB in total, in small pieces, runs in flat memory. Its executable
//! reports its own peak resident size, which must stay under 100 MB.

use std::path::Path;
use std::process::Command;

#[test]
fn allocating_ten_gigabytes_in_a_loop_runs_in_flat_memory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("mote-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let exe = dir.join("allocate");
    let built = Command::new(env!("CARGO_BIN_EXE_mote"))
        .current_dir(&root)
        .args(["build", "compiler/cli/tests/memory/allocate.mote", "-o"])
        .arg(&exe)
        .output()
        .expect("mote runs");
    assert!(built.status.success(), "mote build failed: {}", String::from_utf8_lossy(&built.stderr));
    let ran = Command::new(&exe).output().expect("the program runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(ran.status.success(), "the program failed: {}", String::from_utf8_lossy(&ran.stderr));
    let mut lines = stdout.lines();
    // 80,000 rounds of a 131,072-byte string plus the digits of the round, and 100 cells:
    // 10,494,148,894 bytes of strings and cells counted, all of it freed along the way.
    assert_eq!(lines.next(), Some("10494148894"));
    let peak_kb: u64 = lines
        .next()
        .and_then(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM line in {stdout:?}"));
    assert!(peak_kb < 100 * 1024, "peak resident size {peak_kb} kB, over 100 MB");
}
