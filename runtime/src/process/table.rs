//! The live processes by number, and the registered names.
//!
//! The table is split into shards by pid number, each behind its own lock, so senders on
//! different schedulers rarely meet on one lock.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{Arc, Mutex, MutexGuard};

use super::Process;

const SHARDS: usize = 64;

/// Pid numbers are already well spread: hash them as they are.
#[derive(Debug, Default)]
struct PidHasher(u64);

impl std::hash::Hasher for PidHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Processes = HashMap<u64, Arc<Process>, BuildHasherDefault<PidHasher>>;
type Shard = Mutex<Processes>;

static TABLE: [Shard; SHARDS] = [const { Mutex::new(HashMap::with_hasher(BuildHasherDefault::new())) }; SHARDS];

fn shard(pid: u64) -> MutexGuard<'static, Processes> {
    TABLE[(pid as usize) % SHARDS].lock().unwrap_or_else(|e| e.into_inner())
}

pub fn insert(p: &Arc<Process>) {
    shard(p.pid).insert(p.pid, p.clone());
}

pub fn remove(pid: u64) {
    shard(pid).remove(&pid);
}

/// The live process with this number.
pub fn lookup(pid: u64) -> Option<Arc<Process>> {
    shard(pid).get(&pid).cloned()
}

/// Registered names: atom word → pid number.
static NAMES: Mutex<Option<HashMap<u64, u64>>> = Mutex::new(None);

fn with_names<R>(f: impl FnOnce(&mut HashMap<u64, u64>) -> R) -> R {
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    f(names.get_or_insert_with(HashMap::new))
}

/// Registers `name` for `p`; an error message when the name is taken or `p` has a name or
/// has ended.
pub fn register(name: u64, p: &Process) -> Result<(), &'static str> {
    with_names(|names| {
        if names.contains_key(&name) {
            return Err("the name is already registered");
        }
        let mut shared = p.shared();
        if shared.state == super::RunState::Dead {
            return Err("the process has ended");
        }
        if shared.name.is_some() {
            return Err("the process already has a name");
        }
        shared.name = Some(name);
        names.insert(name, p.pid);
        Ok(())
    })
}

/// Frees `name`; false when it was not registered.
pub fn unregister(name: u64) -> bool {
    with_names(|names| match names.remove(&name) {
        Some(pid) => {
            if let Some(p) = lookup(pid) {
                p.shared().name = None;
            }
            true
        }
        None => false,
    })
}

/// Frees the name of an ending process, if it still has it.
pub fn forget(name: u64, pid: u64) {
    with_names(|names| {
        if names.get(&name) == Some(&pid) {
            names.remove(&name);
        }
    })
}

pub fn whereis(name: u64) -> Option<u64> {
    with_names(|names| names.get(&name).copied())
}
