//! The allocator: per-thread size-class free lists carved from large chunks.
//!
//! Every object's size follows from its header (CON arity from the constructor table), so a
//! free needs no size argument. Small objects (up to `MAX_CLASS_WORDS` words) come from the
//! thread's free list of exactly that many words, else from bump allocation in the current
//! chunk; a freed block goes back on its list, so memory is reused and a loop that allocates
//! and frees forever stays flat. Bigger objects come from the system allocator.
//!
//! A block may be freed on another thread than the one that carved it (a message is built on
//! its sender's scheduler and freed on its receiver's). So that such traffic does not grow one
//! thread's lists without bound while the other keeps carving new chunks, a list that holds
//! more than `LIST_LIMIT` blocks is handed whole to a global [`Pool`], and a thread whose list
//! is empty adopts a list from the pool before it carves. Both moves are O(1) (a list is its
//! head and length) and happen once per `LIST_LIMIT` frees or allocations, so the lock is off
//! the hot path. Chunks are never returned to the system.

use std::alloc::{Layout, alloc, dealloc};
use std::cell::UnsafeCell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::crash;
use crate::value::{Kind, aux_of, is_object, is_ptr, kind_of, ptr, word};

/// Objects of up to this many words (header included) come from the size classes.
const MAX_CLASS_WORDS: usize = 32;
/// The size of a chunk the size classes are carved from.
const CHUNK_BYTES: usize = 1 << 20;

/// Words of the inline `num_bigint::BigInt` in a BIGINT object's payload.
pub const BIGINT_WORDS: usize = std::mem::size_of::<num_bigint::BigInt>().div_ceil(8);

/// The bytes of free blocks one size class keeps on a thread before it hands them to the pool.
const LIST_BYTES: usize = 256 << 10;

/// `LIST_LIMIT[w]`: how many free blocks of `w` words a thread keeps before handing its list
/// to the pool (a table, so a free does no division).
static LIST_LIMIT: [usize; MAX_CLASS_WORDS + 1] = {
    let mut limits = [0; MAX_CLASS_WORDS + 1];
    let mut words = 1;
    while words <= MAX_CLASS_WORDS {
        let by_bytes = LIST_BYTES / (words * 8);
        limits[words] = if by_bytes > 256 { by_bytes } else { 256 };
        words += 1;
    }
    limits
};

/// A free list: its first block (each links to the next through its first word) and length.
#[derive(Clone, Copy)]
struct FreeList {
    head: *mut u64,
    len: usize,
}

// SAFETY: a `FreeList` in the pool is owned by the pool alone; no thread holds its blocks.
unsafe impl Send for FreeList {}

impl FreeList {
    const EMPTY: FreeList = FreeList { head: std::ptr::null_mut(), len: 0 };

    /// Takes the first block of a list that is not empty.
    #[inline]
    fn pop(&mut self) -> *mut u64 {
        debug_assert!(self.len > 0);
        let head = self.head;
        // SAFETY: a free block's first word links to the next free block of its class.
        self.head = unsafe { *head } as *mut u64;
        self.len -= 1;
        head
    }
}

/// Free lists handed over by threads that free more of a size than they allocate, for threads
/// that allocate more than they free.
struct Pool {
    lists: Mutex<Vec<FreeList>>,
    /// `lists.len()`, readable without the lock, so an empty pool costs one load.
    count: AtomicUsize,
}

static POOL: [Pool; MAX_CLASS_WORDS + 1] =
    [const { Pool { lists: Mutex::new(Vec::new()), count: AtomicUsize::new(0) } }; MAX_CLASS_WORDS + 1];

impl Pool {
    fn give(&self, list: FreeList) {
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        lists.push(list);
        self.count.store(lists.len(), Ordering::Relaxed);
    }

    fn take(&self) -> Option<FreeList> {
        if self.count.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        let list = lists.pop();
        self.count.store(lists.len(), Ordering::Relaxed);
        list
    }
}

struct Heap {
    /// `free[w]`: this thread's list of free blocks of `w` words.
    free: [FreeList; MAX_CLASS_WORDS + 1],
    bump: *mut u64,
    bump_end: *mut u64,
    live: usize,
    /// Chunks this thread has carved.
    chunks: usize,
    /// Objects whose count reached zero and whose fields are still to be released.
    worklist: Vec<u64>,
}

thread_local! {
    static HEAP: UnsafeCell<Heap> = const {
        UnsafeCell::new(Heap {
            free: [FreeList::EMPTY; MAX_CLASS_WORDS + 1],
            bump: std::ptr::null_mut(),
            bump_end: std::ptr::null_mut(),
            live: 0,
            chunks: 0,
            worklist: Vec::new(),
        })
    };
}

fn with_heap<R>(f: impl FnOnce(&mut Heap) -> R) -> R {
    // SAFETY: the heap is thread-local and no function below re-enters `with_heap` while the
    // borrow is alive (frees of fields are queued on the worklist, not done recursively).
    HEAP.with(|h| f(unsafe { &mut *h.get() }))
}

/// The number of objects allocated and not yet freed by this thread's heap.
pub fn live_objects() -> usize {
    with_heap(|h| h.live)
}

/// The number of chunks this thread's heap has carved.
pub fn chunks_carved() -> usize {
    with_heap(|h| h.chunks)
}

fn big_layout(words: usize) -> Layout {
    Layout::from_size_align(words * 8, 8).unwrap_or_else(|_| crash("allocation too large"))
}

impl Heap {
    /// A block of `words` words: the head of its class's free list when there is one (inline,
    /// as every allocation of a program comes here), else [`Heap::alloc_slow`].
    #[inline]
    fn alloc(&mut self, words: usize) -> *mut u64 {
        let words = words.max(2);
        if words <= MAX_CLASS_WORDS && self.free[words].len > 0 {
            self.live = self.live.wrapping_add(1);
            return self.free[words].pop();
        }
        self.alloc_slow(words)
    }

    /// A big block from the system allocator, or a block of a class whose list is empty: from
    /// a list another thread gave back, else from the chunk (a new one when it is used up).
    #[inline(never)]
    fn alloc_slow(&mut self, words: usize) -> *mut u64 {
        self.live = self.live.wrapping_add(1);
        if words > MAX_CLASS_WORDS {
            // SAFETY: the layout has a non-zero size.
            let p = unsafe { alloc(big_layout(words)) } as *mut u64;
            if p.is_null() {
                crash("out of memory");
            }
            return p;
        }
        if let Some(list) = POOL[words].take() {
            self.free[words] = list;
        }
        if self.free[words].len > 0 {
            return self.free[words].pop();
        }
        // SAFETY: `bump` and `bump_end` lie in the same chunk (or are both null).
        if unsafe { self.bump_end.offset_from(self.bump) } < words as isize {
            self.new_chunk();
        }
        let p = self.bump;
        // SAFETY: the chunk has at least `words` words left after `bump`.
        self.bump = unsafe { self.bump.add(words) };
        p
    }

    fn new_chunk(&mut self) {
        // Give the rest of the old chunk to the free lists so nothing is wasted.
        // SAFETY: as in `alloc`, both pointers lie in the current chunk.
        let mut rest = unsafe { self.bump_end.offset_from(self.bump) } as usize;
        while rest >= 2 {
            let w = rest.min(MAX_CLASS_WORDS);
            self.push_free(self.bump, w);
            // SAFETY: `w <= rest` words remain after `bump`.
            self.bump = unsafe { self.bump.add(w) };
            rest -= w;
        }
        // SAFETY: the layout has a non-zero size.
        let chunk = unsafe { alloc(big_layout(CHUNK_BYTES / 8)) } as *mut u64;
        if chunk.is_null() {
            crash("out of memory");
        }
        self.chunks += 1;
        self.bump = chunk;
        // SAFETY: the chunk is CHUNK_BYTES long.
        self.bump_end = unsafe { chunk.add(CHUNK_BYTES / 8) };
    }

    #[inline]
    fn push_free(&mut self, p: *mut u64, words: usize) {
        if self.free[words].len >= LIST_LIMIT[words] {
            self.spill(words);
        }
        let list = &mut self.free[words];
        // SAFETY: `p` is a block of `words >= 2` words that nobody references any more.
        unsafe { *p = list.head as u64 };
        list.head = p;
        list.len += 1;
    }

    /// Gives the full list of class `words` to the pool, for any thread to take.
    #[cold]
    #[inline(never)]
    fn spill(&mut self, words: usize) {
        POOL[words].give(std::mem::replace(&mut self.free[words], FreeList::EMPTY));
    }

    #[inline]
    fn release(&mut self, p: *mut u64, words: usize) {
        let words = words.max(2);
        // An object may be freed by another thread than the one that allocated it (a message
        // built by its sender), so this thread's count may go below zero.
        self.live = self.live.wrapping_sub(1);
        if words > MAX_CLASS_WORDS {
            // SAFETY: big blocks came from the system allocator with this very layout.
            unsafe { dealloc(p as *mut u8, big_layout(words)) };
        } else {
            self.push_free(p, words);
        }
    }
}

/// Allocates `words` words (8-aligned, uninitialised); the caller writes the header.
pub fn alloc_words(words: usize) -> *mut u64 {
    with_heap(|h| h.alloc(words))
}

/// Where an object's owned fields are and how big it is: fields are the payload words
/// `first + stride * i` for `i < count`; `words` is the size including the header.
pub(crate) struct Shape {
    pub first: usize,
    pub count: usize,
    pub stride: usize,
    pub words: usize,
}

pub(crate) fn shape(v: u64) -> Shape {
    let aux = aux_of(v) as usize;
    let fields = |first, count, words| Shape { first, count, stride: 1, words };
    match kind_of(v) {
        Kind::Con => {
            let arity = crate::program::arity(aux as u16) as usize;
            fields(0, arity, 1 + arity)
        }
        Kind::Tuple => fields(0, aux, 1 + aux),
        Kind::Closure => fields(2, aux, 3 + aux),
        Kind::Pap => fields(0, aux + 1, 2 + aux),
        Kind::Record => Shape { first: 1, count: aux, stride: 2, words: 1 + 2 * aux },
        Kind::Map => {
            let words = crate::map::node_words(v);
            fields(1, words.saturating_sub(2), words)
        }
        Kind::BigInt => fields(0, 0, 1 + BIGINT_WORDS),
        Kind::Float => fields(0, 0, 2),
        Kind::String | Kind::Binary => fields(0, 0, 2 + (word(v, 0) as usize).div_ceil(8)),
    }
}

/// The size in words (header included) of a live object.
pub fn object_words(v: u64) -> usize {
    shape(v).words
}

/// Frees an object whose count has reached zero, and releases its fields; iterative, so a
/// ten-million-cell list frees in constant stack.
#[inline]
pub fn free_object(v: u64) {
    if is_object(v, Kind::Float) {
        // The most frequent leaf (every Float result is one): two words.
        with_heap(|h| h.release(ptr(v), 2));
    } else {
        free_other(v);
    }
}

#[inline(never)]
fn free_other(v: u64) {
    // Strings and binaries hold no references: no worklist needed.
    if matches!(kind_of(v), Kind::String | Kind::Binary) {
        let words = shape(v).words;
        with_heap(|h| h.release(ptr(v), words));
        return;
    }
    with_heap(|h| {
        // The object in hand is not on the worklist, so freeing one whose fields do not die
        // with it (the common case) never touches the list.
        let mut obj = v;
        loop {
            let Shape { first, count, stride, words } = shape(obj);
            for i in 0..count {
                let f = word(obj, first + stride * i);
                if is_ptr(f) {
                    let p = ptr(f);
                    // SAFETY: fields of a live object are valid values; we own their reference.
                    unsafe {
                        match *p as u32 {
                            0 => {}
                            1 => h.worklist.push(f),
                            _ => *p -= 1,
                        }
                    }
                }
            }
            if kind_of(obj) == Kind::BigInt {
                // SAFETY: a BIGINT object holds an initialised BigInt at offset 8, dropped once.
                unsafe { std::ptr::drop_in_place(ptr(obj).add(1) as *mut num_bigint::BigInt) };
            }
            h.release(ptr(obj), words);
            match h.worklist.pop() {
                Some(next) => obj = next,
                None => break,
            }
        }
    })
}

/// `mote_rt_alloc`: `bytes` bytes, 8-aligned; the caller writes the header with count 1.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_alloc(bytes: u64) -> *mut u64 {
    alloc_words((bytes as usize).div_ceil(8))
}

/// `mote_rt_free`: the object's count reached zero.
#[unsafe(no_mangle)]
pub extern "C" fn mote_rt_free(obj: u64) {
    if is_ptr(obj) {
        free_object(obj);
    }
}

#[cfg(test)]
mod tests;
