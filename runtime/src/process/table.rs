//! The live processes by pid, and the registered names.
//!
//! A pid number is a slot of the table and that slot's generation, `generation << 32 | slot`
//! (shown `<0.slot.generation>`), so finding a process is an index, not a hash. Slots are
//! handed out in order (1, 2, 3, …): a program's first processes get the numbers in the order
//! it spawns them. The slot of an ending process goes, one generation on, to the free queue
//! of the thread that ended it, and is handed out again only once that queue holds
//! [`REUSE_AFTER`] slots: a stale pid names no process for a long while, and never the new
//! one (its generation differs). A queue that grows past [`SPILL_AT`] (processes spawned on one
//! scheduler and ending on another) hands its oldest slots to a global pool that other threads
//! take from, so the table never grows past the peak of live processes by more than the
//! queues' slack.
//!
//! The slots sit in segments that double in size, each allocated the first time a slot in it
//! is handed out and never moved. A slot holds a counted reference to its process; a lookup
//! takes one more reference under the lock of the slot's shard, and removal takes the table's
//! reference away under the same lock, so a lookup never sees a process being freed.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::Process;

const SHARDS: usize = 64;
/// Slots in segment 0; segment `k` holds `FIRST << k`.
const FIRST: u64 = 1024;
/// Enough segments for every 32-bit slot.
const SEGMENTS: usize = 23;
/// Generations fit the 59 bits of a pid word's number.
const MAX_GENERATION: u64 = (1 << 27) - 1;
/// Freed slots a thread keeps before it hands them out again.
pub(super) const REUSE_AFTER: usize = 1024;
/// A thread's free queue beyond this length gives [`SPILL`] slots to the global pool.
const SPILL_AT: usize = 4 * REUSE_AFTER;
const SPILL: usize = 2 * REUSE_AFTER;

type Segment = Box<[AtomicPtr<Process>]>;

static SEGMENT: [AtomicPtr<AtomicPtr<Process>>; SEGMENTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SEGMENTS];
static SHARD: [Mutex<()>; SHARDS] = [const { Mutex::new(()) }; SHARDS];
/// The next never-used slot (slot 0 is never used, so no pid number is 0).
static NEXT_SLOT: AtomicU32 = AtomicU32::new(1);
/// Batches of free pid numbers given up by threads whose queues grew too long.
static POOL: Mutex<Vec<VecDeque<u64>>> = Mutex::new(Vec::new());
/// The number of batches in `POOL`, read without its lock.
static POOLED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Pid numbers (next generation of freed slots) this thread hands out, oldest first.
    static FREE: RefCell<VecDeque<u64>> = const { RefCell::new(VecDeque::new()) };
}

/// The slot and generation of a pid number.
pub fn split(pid: u64) -> (u32, u64) {
    (pid as u32, pid >> 32)
}

/// The segment and index within it of `slot`.
fn place(slot: u32) -> (usize, usize) {
    let t = slot as u64 / FIRST + 1;
    let k = 63 - t.leading_zeros() as usize;
    (k, (slot as u64 - FIRST * ((1 << k) - 1)) as usize)
}

/// The entry of `slot`, allocating its segment if `create`; `None` if it was never handed out.
fn entry(slot: u32, create: bool) -> Option<&'static AtomicPtr<Process>> {
    let (k, i) = place(slot);
    let mut base = SEGMENT[k].load(Ordering::Acquire);
    if base.is_null() {
        if !create {
            return None;
        }
        let fresh: Segment = (0..FIRST << k).map(|_| AtomicPtr::new(ptr::null_mut())).collect();
        let fresh = Box::into_raw(fresh) as *mut AtomicPtr<Process>;
        base = match SEGMENT[k].compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => fresh,
            Err(installed) => {
                // SAFETY: `fresh` came from `Box::into_raw` of a segment of this length just
                // above and was never published.
                drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(fresh, (FIRST << k) as usize)) });
                installed
            }
        };
    }
    // SAFETY: a published segment `k` has `FIRST << k` entries, `i` is below that (`place`),
    // and segments are never freed.
    Some(unsafe { &*base.add(i) })
}

fn shard(slot: u32) -> MutexGuard<'static, ()> {
    SHARD[slot as usize % SHARDS].lock().unwrap_or_else(|e| e.into_inner())
}

/// A pid number for a new process: a freed slot once this thread has enough of them, else the
/// next new one.
pub fn fresh_pid() -> u64 {
    let reused = FREE.with_borrow_mut(|free| {
        if free.len() < REUSE_AFTER && POOLED.load(Ordering::Relaxed) > 0 {
            let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(batch) = pool.pop() {
                POOLED.store(pool.len(), Ordering::Relaxed);
                free.extend(batch);
            }
        }
        if free.len() >= REUSE_AFTER { free.pop_front() } else { None }
    });
    reused.unwrap_or_else(|| {
        let slot = NEXT_SLOT.fetch_add(1, Ordering::Relaxed);
        assert!(slot != u32::MAX, "more than 2^32 live processes");
        slot as u64
    })
}

pub fn insert(p: &Arc<Process>) {
    let (slot, _) = split(p.pid);
    let entry = entry(slot, true).expect("creating the segment always gives an entry");
    let _lock = shard(slot);
    let old = entry.swap(Arc::into_raw(p.clone()).cast_mut(), Ordering::Release);
    debug_assert!(old.is_null(), "a slot holds one live process");
}

pub fn remove(pid: u64) {
    let (slot, generation) = split(pid);
    let Some(entry) = entry(slot, false) else { return };
    let taken = {
        let _lock = shard(slot);
        let p = entry.load(Ordering::Acquire);
        // SAFETY: under the shard's lock, a non-null entry is the table's counted reference.
        if p.is_null() || unsafe { (*p).pid } != pid {
            return;
        }
        entry.store(ptr::null_mut(), Ordering::Release);
        p
    };
    // SAFETY: `taken` was the table's reference (made by `Arc::into_raw` in `insert`), now
    // out of the table.
    drop(unsafe { Arc::from_raw(taken) });
    if generation < MAX_GENERATION {
        free_slot(((generation + 1) << 32) | slot as u64);
    }
}

/// Queues `pid` (a freed slot's next generation) on this thread, spilling to the pool.
fn free_slot(pid: u64) {
    // A thread being torn down drops the slot: it is only not reused.
    let _ = FREE.try_with(|free| {
        let mut free = free.borrow_mut();
        free.push_back(pid);
        if free.len() > SPILL_AT {
            let batch: VecDeque<u64> = free.drain(..SPILL).collect();
            let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
            pool.push(batch);
            POOLED.store(pool.len(), Ordering::Relaxed);
        }
    });
}

/// The live process with this number.
pub fn lookup(pid: u64) -> Option<Arc<Process>> {
    let (slot, _) = split(pid);
    let entry = entry(slot, false)?;
    let _lock = shard(slot);
    let p = entry.load(Ordering::Acquire);
    // SAFETY: under the shard's lock, a non-null entry is the table's counted reference, so
    // the process is alive and one more reference may be taken.
    unsafe {
        if p.is_null() || (*p).pid != pid {
            return None;
        }
        Arc::increment_strong_count(p);
        Some(Arc::from_raw(p))
    }
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
