//! Console, files and clocks.
//!
//! Standard output is buffered in the runtime (one buffer for the program, so output from one
//! call never interleaves with another's) and flushed when it grows large, at every newline when
//! stdout is a terminal, before reading standard input, before anything is written to standard
//! error, at exit and before a crash message. Writes go straight to the file descriptors with
//! `write(2)`, so the crash path (a signal handler included) can flush without std's locks.

#![allow(non_snake_case)]

use std::io::{BufRead, Write};
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::error::crash;
use crate::int::int_from_i128;
use crate::value::{NIL, UNIT, bool_word, dup, just, make_string, str_of};

struct Stdout {
    buf: Vec<u8>,
    /// `None` until the first write asks whether fd 1 is a terminal.
    line_buffered: Option<bool>,
}

static STDOUT: Mutex<Stdout> = Mutex::new(Stdout { buf: Vec::new(), line_buffered: None });

const FLUSH_AT: usize = 1 << 16;

/// Writes all of `bytes` to a file descriptor, ignoring errors (a closed pipe loses output).
pub fn write_fd(fd: i32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: the pointer and length describe a live slice.
        let n = unsafe { libc::write(fd, bytes.as_ptr() as *const libc::c_void, bytes.len()) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        bytes = &bytes[n as usize..];
    }
}

/// Appends to the stdout buffer, flushing when due.
pub fn write_stdout(parts: &[&[u8]]) {
    let mut out = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: `isatty` only inspects the descriptor.
    let line_buffered = *out.line_buffered.get_or_insert_with(|| unsafe { libc::isatty(1) == 1 });
    for p in parts {
        out.buf.extend_from_slice(p);
    }
    if out.buf.len() >= FLUSH_AT || (line_buffered && out.buf.contains(&b'\n')) {
        write_fd(1, &out.buf);
        out.buf.clear();
    }
}

/// Writes out whatever stdout holds.
pub fn flush_stdout() {
    let mut out = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    write_fd(1, &out.buf);
    out.buf.clear();
}

/// Flushes stdout if its lock is free: for a signal handler, which must not wait.
pub fn try_flush_stdout() {
    if let Ok(mut out) = STDOUT.try_lock() {
        write_fd(1, &out.buf);
        out.buf.clear();
    }
}

/// Writes one line to standard error (after flushing stdout), in one `write`.
pub fn write_stderr_line(line: &str) {
    write_stderr(&[line.as_bytes(), b"\n"]);
}

fn write_stderr(parts: &[&[u8]]) {
    flush_stdout();
    write_fd(2, &parts.concat());
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_ioPrint(s: u64) -> u64 {
    write_stdout(&[str_of(s).as_bytes()]);
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_ioPrintln(s: u64) -> u64 {
    write_stdout(&[str_of(s).as_bytes(), b"\n"]);
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_ioEprint(s: u64) -> u64 {
    write_stderr(&[str_of(s).as_bytes()]);
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_ioEprintln(s: u64) -> u64 {
    write_stderr(&[str_of(s).as_bytes(), b"\n"]);
    UNIT
}

/// `ioReadLine :: IO [String]`.
#[unsafe(no_mangle)]
pub extern "C" fn mote_ioReadLine() -> u64 {
    flush_stdout();
    let mut line = Vec::new();
    match std::io::stdin().lock().read_until(b'\n', &mut line) {
        Ok(0) => NIL,
        Ok(_) => {
            if line.ends_with(b"\n") {
                line.pop();
                if line.ends_with(b"\r") {
                    line.pop();
                }
            }
            match std::str::from_utf8(&line) {
                Ok(s) => just(make_string(s)),
                Err(_) => crash("ioReadLine: standard input is not valid UTF-8"),
            }
        }
        Err(e) => crash(&format!("ioReadLine: {e}")),
    }
}

/// `ioPure :: a -> IO a`, run: the value itself.
#[unsafe(no_mangle)]
pub extern "C" fn mote_ioPure(a: u64) -> u64 {
    dup(a)
}

/// `ioBind :: IO a -> (a -> IO b) -> IO b`, run: an `IO` action is a closure of the world
/// token `()` (ABI.md), so this runs `m`, applies `k` to its result and runs that action.
#[unsafe(no_mangle)]
pub extern "C" fn mote_ioBind(m: u64, k: u64) -> u64 {
    let x = crate::program::call_closure(dup(m), UNIT);
    let next = crate::program::call_closure(dup(k), x);
    crate::program::call_closure(next, UNIT)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_fileRead(path: u64) -> u64 {
    let p = str_of(path);
    match std::fs::read(p) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(s) => make_string(s),
            Err(_) => crash(&format!("fileRead: {p}: not valid UTF-8")),
        },
        Err(e) => crash(&format!("fileRead: {p}: {e}")),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_fileWrite(path: u64, text: u64) -> u64 {
    let p = str_of(path);
    if let Err(e) = std::fs::write(p, str_of(text)) {
        crash(&format!("fileWrite: {p}: {e}"));
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_fileAppend(path: u64, text: u64) -> u64 {
    let p = str_of(path);
    let result = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(p)
        .and_then(|mut f| f.write_all(str_of(text).as_bytes()));
    if let Err(e) = result {
        crash(&format!("fileAppend: {p}: {e}"));
    }
    UNIT
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_fileExistsAt(path: u64) -> u64 {
    bool_word(std::fs::symlink_metadata(str_of(path)).is_ok())
}

/// The origin of `timeMonotonic`: the first time anyone asks.
fn monotonic_origin() -> Instant {
    static ORIGIN: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_timeMonotonic() -> u64 {
    int_from_i128(monotonic_origin().elapsed().as_millis() as i128)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_timeSystem() -> u64 {
    let ms = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i128,
        Err(e) => -(e.duration().as_millis() as i128),
    };
    int_from_i128(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{FALSE, TRUE, drop_value};

    #[test]
    fn files_round_trip() {
        let dir = std::env::temp_dir().join(format!("mote-io-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        let path = make_string(dir.join("f.txt").to_str().expect("temp path is UTF-8"));
        let hello = make_string("héllo\n");
        assert_eq!(mote_fileExistsAt(path), FALSE);
        mote_fileWrite(path, hello);
        mote_fileAppend(path, hello);
        assert_eq!(mote_fileExistsAt(path), TRUE);
        let back = mote_fileRead(path);
        assert_eq!(str_of(back), "héllo\nhéllo\n");
        for v in [path, hello, back] {
            drop_value(v);
        }
        std::fs::remove_dir_all(&dir).expect("temp dir is removable");
    }

    /// A test closure: code word, arity 1, captured values (see `program::test_call_closure`).
    fn closure(code: extern "C" fn(u64, u64) -> u64, captured: &[u64]) -> u64 {
        use crate::value::{Kind, alloc_object, set_word};
        let c = alloc_object(Kind::Closure, captured.len() as u16, 2 + captured.len());
        set_word(c, 0, code as usize as u64);
        set_word(c, 1, 1);
        for (i, &x) in captured.iter().enumerate() {
            set_word(c, 2 + i, x);
        }
        c
    }

    /// The action `pure 41`: ignores the world token.
    extern "C" fn action_41(_closure: u64, _world: u64) -> u64 {
        crate::value::small(41)
    }

    /// The action `pure captured`.
    extern "C" fn action_captured(closure: u64, _world: u64) -> u64 {
        dup(crate::value::word(closure, 2))
    }

    /// `\x -> pure (x + 1)`.
    extern "C" fn continuation(_closure: u64, x: u64) -> u64 {
        let y = crate::int::mote_intAdd(x, crate::value::small(1));
        drop_value(x);
        closure(action_captured, &[y])
    }

    #[test]
    fn bind_runs_the_action_then_the_continuation() {
        crate::program::test_tables();
        let start = crate::heap::live_objects();
        let m = closure(action_41, &[]);
        let k = closure(continuation, &[]);
        assert_eq!(mote_ioBind(m, k), crate::value::small(42));
        assert_eq!(mote_ioPure(m), m);
        drop_value(m);
        drop_value(m);
        drop_value(k);
        assert_eq!(crate::heap::live_objects(), start);
    }

    #[test]
    fn clocks_move_forward() {
        let a = crate::value::small_value(mote_timeMonotonic());
        let b = crate::value::small_value(mote_timeMonotonic());
        assert!(b >= a);
        assert!(crate::value::small_value(mote_timeSystem()) > 1_600_000_000_000);
    }
}
