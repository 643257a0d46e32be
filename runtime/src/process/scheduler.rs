//! The schedulers: one thread per core, each running its processes on its execution regions.
//!
//! Residents: a scheduler has `REGIONS` execution regions, and a process runs on the one it
//! was given when it started. Each region holds the frames of one process, its resident;
//! resuming a process whose frames are still there copies nothing, and resuming another saves
//! the resident's frames first. A fresh process takes an empty region or the one used longest
//! ago, so a few processes that talk among themselves (a client and its server, ping-pong)
//! switch with no copying at all.
//!
//! Run queues: `ready` holds the started processes of a scheduler (they cannot move: their
//! stack images belong to its regions); `fresh` holds processes not started yet, in a
//! work-stealing deque, so an idle scheduler takes new processes from a busy one. Wake-ups
//! from other threads arrive through `inbound`. An idle scheduler spins briefly, then parks
//! its thread until someone queues work for it.
//!
//! Preemption: generated code decrements a budget, kept in a register, at function entries and
//! loop rounds, and calls `mote_rt_yield` when it runs out (ABI.md, "Reductions"); the
//! region's scheduler page holds the budget that entries from Rust start with.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread::Thread;

use crossbeam_deque::{Injector, Steal, Stealer, Worker as Deque};

use super::context::{self, Region};
use super::{Process, Reason, Start, signals};
use crate::value::UNIT;

/// Reductions a process runs before it lets others run.
pub const BUDGET: i64 = 20_000;
/// The execution regions of a scheduler: how many processes keep their frames in place.
pub(super) const REGIONS: usize = 4;
/// How many times an idle scheduler looks for work before it parks.
const SPINS: u32 = 200;

/// What other threads see of a scheduler.
#[derive(Debug)]
pub struct Scheduler {
    index: usize,
    regions: [Region; REGIONS],
    inbound: Mutex<VecDeque<Arc<Process>>>,
    inbound_len: AtomicUsize,
    sleeping: AtomicBool,
    thread: OnceLock<Thread>,
    stealer: OnceLock<Stealer<Arc<Process>>>,
}

/// A scheduler thread's own state.
struct Worker {
    sched: &'static Scheduler,
    ready: VecDeque<Arc<Process>>,
    fresh: Deque<Arc<Process>>,
    /// The scheduler's own stack pointer while a process runs.
    sched_sp: usize,
    /// The running process (null when none): always a resident, which keeps it alive.
    current: *const Process,
    /// The processes whose frames are in the regions now.
    residents: Residents<Arc<Process>>,
    tick: u64,
}

thread_local! {
    static WORKER: Cell<*mut Worker> = const { Cell::new(std::ptr::null_mut()) };
}

static SCHEDULERS: OnceLock<Vec<&'static Scheduler>> = OnceLock::new();
static INJECTOR: OnceLock<Injector<Arc<Process>>> = OnceLock::new();

fn injector() -> &'static Injector<Arc<Process>> {
    INJECTOR.get_or_init(Injector::new)
}

#[inline]
fn worker_ptr() -> *mut Worker {
    WORKER.with(|w| w.get())
}

/// Runs `f` on this thread's worker, if this is a scheduler thread. `f` must not switch.
fn with_worker<R>(f: impl FnOnce(&mut Worker) -> R) -> Option<R> {
    let w = worker_ptr();
    // SAFETY: the worker lives for the thread's life; borrows of it never span a switch, so
    // this is the only one.
    (!w.is_null()).then(|| f(unsafe { &mut *w }))
}

/// The process running on this thread.
pub fn current() -> Option<Arc<Process>> {
    running().map(|p| {
        let p: *const Process = p;
        // SAFETY: the running process is one of the worker's `residents`, an `Arc` that keeps it
        // alive; this adds a reference for the new `Arc`.
        unsafe {
            Arc::increment_strong_count(p);
            Arc::from_raw(p)
        }
    })
}

/// The process running on this thread, borrowed: for the process itself, which cannot end
/// while its own code runs (the scheduler holds it until it has switched out for good).
pub fn running() -> Option<&'static Process> {
    // SAFETY: see above; `current` is null or points at the running process.
    with_worker(|w| unsafe { w.current.as_ref() }).flatten()
}

/// Whether `addr` is in the guard of one of this thread's regions (a stack overflow).
pub fn in_guard(addr: usize) -> bool {
    with_worker(|w| {
        w.sched.regions.iter().any(|region| {
            let (lo, hi) = region.guard();
            lo <= addr && addr < hi
        })
    })
    .unwrap_or(false)
}

fn schedulers() -> &'static [&'static Scheduler] {
    SCHEDULERS.get_or_init(|| {
        let n = std::env::var("MOTE_SCHEDULERS")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let all: Vec<&'static Scheduler> = (0..n)
            .map(|index| {
                &*Box::leak(Box::new(Scheduler {
                    index,
                    regions: std::array::from_fn(|_| Region::reserve()),
                    inbound: Mutex::new(VecDeque::new()),
                    inbound_len: AtomicUsize::new(0),
                    sleeping: AtomicBool::new(false),
                    thread: OnceLock::new(),
                    stealer: OnceLock::new(),
                }))
            })
            .collect();
        for &s in &all {
            let fresh = Deque::new_fifo();
            let _ = s.stealer.set(fresh.stealer());
            let handle = std::thread::Builder::new()
                .name(format!("mote-scheduler-{}", s.index))
                .stack_size(8 << 20)
                .spawn(move || run(s, fresh))
                .unwrap_or_else(|_| crate::error::fatal("cannot start a scheduler thread"));
            let _ = s.thread.set(handle.thread().clone());
        }
        all
    })
}

/// Starts the schedulers if they are not running.
pub fn ensure_started() {
    schedulers();
}

/// Queues a process that has not started: on this scheduler's stealable deque, or the
/// global injector from other threads. Wakes an idle scheduler to take it.
pub fn spawn(p: Arc<Process>) {
    let local = with_worker(|w| w.fresh.push(p.clone()));
    if local.is_none() {
        injector().push(p);
    }
    wake_idle();
}

fn wake_idle() {
    // The new process is published (a deque push, plain stores): order it before the reads
    // of `sleeping` (see `unpark_if_sleeping`).
    std::sync::atomic::fence(Ordering::SeqCst);
    for s in schedulers() {
        if unpark_if_sleeping(s) {
            return;
        }
    }
}

/// Queues a process that became runnable (its state was just set to `Runnable`).
pub fn wake(p: Arc<Process>) {
    if !p.started() {
        // Not started: it is in a fresh queue already (a new process is `Runnable`).
        return;
    }
    let home = p.home.load(Ordering::Acquire);
    let w = worker_ptr();
    // SAFETY: the worker lives for the thread's life and no other borrow of it is alive here.
    if !w.is_null() && unsafe { (*w).sched.index } == home {
        // SAFETY: as above.
        unsafe { queue_ready(&mut *w, p) };
        return;
    }
    let s = schedulers()[home];
    s.inbound.lock().unwrap_or_else(|e| e.into_inner()).push_back(p);
    s.inbound_len.fetch_add(1, Ordering::SeqCst);
    unpark_if_sleeping(s);
}

/// Wakes a parked scheduler thread; true if it was parked. Reads before it writes, so a send
/// or spawn to a busy scheduler touches no shared cache line.
///
/// The waker publishes its work, then reads `sleeping`; the scheduler going to sleep sets
/// `sleeping`, then looks for work. Each is a store followed by a load of the other's
/// variable, which only sequentially consistent operations keep in order (x86 reorders a
/// plain store after a later load): with weaker ones both could miss the other's store, and
/// the scheduler would park with a process in its inbound queue.
fn unpark_if_sleeping(s: &Scheduler) -> bool {
    if !s.sleeping.load(Ordering::SeqCst) || !s.sleeping.swap(false, Ordering::SeqCst) {
        return false;
    }
    if let Some(t) = s.thread.get() {
        t.unpark();
    }
    true
}

/// Queues `p`, a started process of this scheduler that waited, to run: every wake-up comes
/// here on the process's own thread (from `wake`, or from `take_inbound` for a wake-up from
/// another thread). Unless its frames are still in its region, its stack image is usually
/// cold (many processes ran since it waited): loading it now overlaps with the rest of the
/// waker's run, and `resume` finds it in cache.
fn queue_ready(w: &mut Worker, p: Arc<Process>) {
    // SAFETY: `p` lives on this thread's scheduler and is not running (it waited), so its
    // local state is this thread's to read.
    let local = unsafe { p.local() };
    if !w.residents.holds(local.region, &p, Arc::ptr_eq) {
        local.image.prefetch();
    }
    w.ready.push_back(p);
}

fn take_inbound(w: &mut Worker) {
    let sched = w.sched;
    if sched.inbound_len.load(Ordering::SeqCst) > 0 {
        let mut inbound = sched.inbound.lock().unwrap_or_else(|e| e.into_inner());
        sched.inbound_len.store(0, Ordering::Release);
        for p in inbound.drain(..) {
            queue_ready(w, p);
        }
    }
}

fn steal(w: &mut Worker) -> Option<Arc<Process>> {
    loop {
        match injector().steal_batch_and_pop(&w.fresh) {
            Steal::Success(p) => return Some(p),
            Steal::Retry => continue,
            Steal::Empty => break,
        }
    }
    for s in schedulers() {
        if s.index == w.sched.index {
            continue;
        }
        let Some(stealer) = s.stealer.get() else { continue };
        loop {
            match stealer.steal_batch_and_pop(&w.fresh) {
                Steal::Success(p) => return Some(p),
                Steal::Retry => continue,
                Steal::Empty => break,
            }
        }
    }
    None
}

/// The processes whose frames are in a scheduler's regions, one per region.
pub(super) struct Residents<T> {
    slots: [Option<T>; REGIONS],
    /// When each region was last entered (a count of entries), for choosing a region.
    used: [u64; REGIONS],
    clock: u64,
    /// The region of the running process (or of the last one that ran).
    current: usize,
}

/// What entering a region found there.
#[derive(Debug, PartialEq)]
pub(super) enum Entry<T> {
    /// The process's own frames: nothing to copy.
    InPlace,
    /// Another process's frames (to be saved before the new ones are written), or none.
    Displaced(Option<T>),
}

impl<T> Residents<T> {
    pub(super) fn new() -> Self {
        Residents { slots: Default::default(), used: [0; REGIONS], clock: 0, current: 0 }
    }

    /// The region for a process about to start: an empty one, else the one entered longest
    /// ago (its resident's frames are saved to make room).
    pub(super) fn region_for_new(&self) -> usize {
        (0..REGIONS)
            .find(|&k| self.slots[k].is_none())
            .unwrap_or_else(|| (0..REGIONS).min_by_key(|&k| self.used[k]).expect("a scheduler has regions"))
    }

    /// Makes `p`, which runs on region `k`, its resident and the running process.
    pub(super) fn enter(&mut self, k: usize, p: T, same: impl Fn(&T, &T) -> bool) -> Entry<T> {
        self.clock += 1;
        self.used[k] = self.clock;
        self.current = k;
        if self.holds(k, &p, same) {
            return Entry::InPlace;
        }
        Entry::Displaced(self.slots[k].replace(p))
    }

    /// Whether `p`'s frames are in region `k`.
    pub(super) fn holds(&self, k: usize, p: &T, same: impl Fn(&T, &T) -> bool) -> bool {
        self.slots[k].as_ref().is_some_and(|r| same(r, p))
    }

    /// The region of the running process.
    pub(super) fn current(&self) -> usize {
        self.current
    }

    /// The resident of the running process's region: the running process.
    pub(super) fn running(&self) -> Option<&T> {
        self.slots[self.current].as_ref()
    }

    /// Forgets `p` (an ended process) wherever it is resident.
    pub(super) fn remove(&mut self, p: &T, same: impl Fn(&T, &T) -> bool) {
        for slot in &mut self.slots {
            if slot.as_ref().is_some_and(|r| same(r, p)) {
                *slot = None;
            }
        }
    }
}

fn next(w: &mut Worker) -> Option<Arc<Process>> {
    take_inbound(w);
    w.tick = w.tick.wrapping_add(1);
    // Alternate between started and new processes, so neither starves the other.
    if w.tick.is_multiple_of(2)
        && let Some(p) = w.fresh.pop()
    {
        return Some(p);
    }
    if let Some(p) = w.ready.pop_front() {
        return Some(p);
    }
    if let Some(p) = w.fresh.pop() {
        return Some(p);
    }
    steal(w)
}

/// A scheduler thread's loop.
fn run(sched: &'static Scheduler, fresh: Deque<Arc<Process>>) {
    crate::start::install_alt_stack();
    let mut worker = Worker {
        sched,
        ready: VecDeque::new(),
        fresh,
        sched_sp: 0,
        current: std::ptr::null(),
        residents: Residents::new(),
        tick: 0,
    };
    let w: *mut Worker = &mut worker;
    WORKER.with(|cell| cell.set(w));
    loop {
        let mut spins = 0;
        let p = loop {
            // SAFETY: no process runs on this thread now, so this is the only borrow.
            if let Some(p) = next(unsafe { &mut *w }) {
                break p;
            }
            spins += 1;
            if spins < SPINS {
                std::hint::spin_loop();
                if spins.is_multiple_of(16) {
                    std::thread::yield_now();
                }
                continue;
            }
            sched.sleeping.store(true, Ordering::SeqCst);
            // Look once more: work queued before `sleeping` was seen would not wake us.
            // SAFETY: as above.
            if let Some(p) = next(unsafe { &mut *w }) {
                sched.sleeping.store(false, Ordering::Release);
                break p;
            }
            std::thread::park();
            sched.sleeping.store(false, Ordering::Release);
            spins = 0;
        };
        // SAFETY: as above; `resume` returns when the process switches back.
        unsafe { resume(w, p) };
    }
}

/// Runs `p` until it parks, yields or ends.
///
/// # Safety
/// Called on the scheduler's own stack, with no borrow of the worker alive.
unsafe fn resume(w: *mut Worker, p: Arc<Process>) {
    if let Some(reason) = p.take_kill() {
        // SAFETY: `p` is not running and belongs to this scheduler (or has not started).
        unsafe { p.local().signalled = true };
        // SAFETY: no borrow of the worker is alive.
        unsafe { end(w, &p, reason) };
        return;
    }
    let running: *const Process = Arc::as_ptr(&p);
    // SAFETY: `p` runs on this scheduler (it is fresh, or this is its home), and it is not
    // running, so its local state is ours to touch.
    let sp = unsafe {
        let worker = &mut *w;
        let local = (*running).local();
        let started = p.started();
        let k = if started { local.region } else { worker.residents.region_for_new() };
        let region = &worker.sched.regions[k];
        let top = region.top();
        let home = worker.sched.index;
        match worker.residents.enter(k, p, Arc::ptr_eq) {
            Entry::InPlace => {}
            Entry::Displaced(displaced) => {
                // The frames in the region are the displaced resident's until they are
                // saved: only then may another process's frames be written there. (The image
                // to restore was prefetched when the process was queued: `queue_ready`.)
                if let Some(r) = displaced {
                    let out = r.local();
                    let sp = out.image.sp;
                    out.image.save(sp, top);
                }
                if started {
                    local.image.restore();
                } else {
                    (*running).home.store(home, Ordering::Release);
                    local.region = k;
                    local.image.sp = context::initial_frame(top, process_start, running as usize);
                }
            }
        }
        worker.current = running;
        *region.budget() = BUDGET;
        local.image.sp
    };
    // SAFETY: `sp` is the saved context of the process, whose frames are in its region.
    unsafe { context::switch(&raw mut (*w).sched_sp, sp) };
    // SAFETY: the process has switched back; no borrow of the worker is alive, and the
    // process is still the resident (only `resume` changes that).
    unsafe {
        let worker = &mut *w;
        worker.current = std::ptr::null();
        if let Some(reason) = (*running).local().exit.take() {
            let p = worker.residents.running().cloned().expect("the process that ran is resident");
            end(w, &p, reason);
        }
    }
}

/// Ends `p` (switched out) and tells those linked to it and monitoring it.
///
/// # Safety
/// As `resume`.
unsafe fn end(w: *mut Worker, p: &Arc<Process>, reason: Reason) {
    // SAFETY: no borrow of the worker is alive.
    let worker = unsafe { &mut *w };
    worker.residents.remove(p, Arc::ptr_eq);
    // A process killed before it ran still owns its action.
    if let Some(Start::Action(action)) = p.take_start() {
        crate::value::drop_value(action);
    }
    // SAFETY: `p` is not running and belongs to this scheduler.
    let local = unsafe { p.local() };
    local.image = Default::default();
    signals::finish(p, local, reason);
}

/// The first function of every process, on its region's stack. Its frame stays under the
/// process's own frames for the process's whole life, and is copied out and in with them at
/// every switch, so all it does itself is call the action: the work around it is in
/// functions that have returned (or never do) by the time the process runs.
extern "C" fn process_start(arg: usize) -> ! {
    // SAFETY: `arg` is the `Process` the scheduler is running; the worker's `current` holds
    // a reference to it until the process ends.
    let p = unsafe { &*(arg as *const Process) };
    let action = take_action(p);
    action_returned(crate::program::call_closure(action, UNIT))
}

/// The closure a process runs; a process started with an entry function (`main`) runs it
/// here and ends.
#[inline(never)]
fn take_action(p: &Process) -> u64 {
    match p.take_start() {
        Some(Start::Action(action)) => action,
        Some(Start::Entry(entry)) => {
            let status = entry();
            die(if status == 0 { Reason::Normal } else { Reason::Status(status) })
        }
        None => die(Reason::Normal),
    }
}

/// A process's action returned `result`: the process ends normally.
#[inline(never)]
fn action_returned(result: u64) -> ! {
    crate::value::drop_value(result);
    die(Reason::Normal)
}

/// Switches from the running process to its scheduler. Returns when the process is resumed.
fn park_current() {
    let w = worker_ptr();
    // SAFETY: called by a running process: the worker exists, and `current` is the process;
    // the borrows end before the switch.
    unsafe {
        let p = (*w).current.as_ref().expect("a running process has a current entry");
        let save = &raw mut p.local().image.sp;
        let sched_sp = (*w).sched_sp;
        context::switch(save, sched_sp);
    }
}

/// Parks the running process until someone wakes it (its state is `Waiting`).
pub fn park() {
    park_current()
}

/// Ends the running process with `reason`. Never returns.
pub fn die(reason: Reason) -> ! {
    let p = running().unwrap_or_else(|| crate::error::fatal("a process ended outside any process"));
    // SAFETY: `p` is the running process on its home thread.
    unsafe { p.local().exit = Some(reason) };
    park_current();
    unreachable!("a process that ended was resumed")
}

/// Ends the running process with the reason an exit signal brought. Never returns.
pub fn die_signalled(reason: Reason) -> ! {
    if let Some(p) = running() {
        // SAFETY: `p` is the running process on its home thread.
        unsafe { p.local().signalled = true };
    }
    die(reason)
}

/// The running process, borrowed as `running` does; a fatal error outside any process
/// (`what` says which primitive ran there).
pub fn running_process(what: &str) -> &'static Process {
    running().unwrap_or_else(|| outside_any_process(what))
}

#[cold]
#[inline(never)]
fn outside_any_process(what: &str) -> ! {
    crate::error::fatal(&format!("{what} ran outside any process"))
}

/// Ends the running process `p` now if an exit signal is pending. Takes `p`, so that no
/// reference to it is left in the frames the process abandons.
pub fn end_if_killed(p: Arc<Process>) {
    if let Some(reason) = p.take_kill() {
        drop(p);
        die_signalled(reason);
    }
}

/// Whether anything else waits to run on this scheduler.
fn others_waiting(w: &Worker) -> bool {
    !w.ready.is_empty() || w.sched.inbound_len.load(Ordering::Acquire) > 0 || !w.fresh.is_empty()
}

/// `mote_rt_yield`: the running process used its budget. Due timers fire first (see
/// `timer`), so a process they wake here runs before the one that yields. Returns the new
/// budget, which generated code puts in its budget register.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_yield() -> i64 {
    super::timer::fire_due();
    let Some(busy) = with_worker(|w| {
        // SAFETY: the running process's region's scheduler page is ours.
        unsafe { *w.sched.regions[w.residents.current()].budget() = BUDGET };
        take_inbound(w);
        others_waiting(w)
    }) else {
        return BUDGET;
    };
    let Some(p) = current() else { return BUDGET };
    end_if_killed(p.clone());
    if busy {
        with_worker(|w| w.ready.push_back(p));
        park_current();
    }
    BUDGET
}

/// The status `main` ended with, for the thread that started the program.
static MAIN: Mutex<Option<i32>> = Mutex::new(None);
static MAIN_DONE: Condvar = Condvar::new();
static MAIN_PID: AtomicUsize = AtomicUsize::new(0);

pub fn is_main(pid: u64) -> bool {
    MAIN_PID.load(Ordering::Acquire) as u64 == pid
}

/// Records how `main` ended; the program ends.
pub fn main_ended(status: i32) {
    *MAIN.lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
    MAIN_DONE.notify_all();
}

/// Runs `entry` as the main process and waits for it to end; returns the exit status.
pub fn run_main(entry: crate::start::Entry) -> i32 {
    ensure_started();
    *MAIN.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let p = Process::new(Start::Entry(entry));
    MAIN_PID.store(p.pid as usize, Ordering::Release);
    super::table::insert(&p);
    spawn(p);
    let mut status = MAIN.lock().unwrap_or_else(|e| e.into_inner());
    while status.is_none() {
        status = MAIN_DONE.wait(status).unwrap_or_else(|e| e.into_inner());
    }
    status.unwrap_or(1)
}

/// Whether this thread is a scheduler thread running a process.
pub fn in_process() -> bool {
    with_worker(|w| !w.current.is_null()).unwrap_or(false)
}
