//! `Map k v`: a persistent weight-balanced search tree (Adams; the balance of Haskell's
//! `Data.Map`: delta 3, ratio 2) whose nodes are reference-counted runtime objects of kind MAP,
//! so maps are freed by the same iterative `mote_rt_free` as everything else and can later be
//! copied between process heaps like any other value.
//!
//! A map value is its root node. Node layout (payload words): `0` the number of entries in the
//! subtree, then for a non-empty node (`aux` 1) `1` key, `2` value, `3` left, `4` right. The
//! empty map (`aux` 0, size 0) is one static object with count 0, shared by every map.
//! Updates copy the path from the root and share the rest. Keys are ordered by
//! `order::compare`, the total structural order of PRIMITIVES.md.

#![allow(non_snake_case)]

use std::cmp::Ordering;

use crate::error::crash;
use crate::order::compare;
use crate::value::{
    FALSE, Kind, NIL, TRUE, alloc_object, aux_of, drop_value, dup, is_ptr, just, kind_of, make_list, make_tuple,
    set_word, small, word,
};

const DELTA: u64 = 3;
const RATIO: u64 = 2;

#[repr(C, align(8))]
struct StaticEmpty([u64; 2]);

/// The empty map: count 0 (static), kind MAP, aux 0, size 0.
static EMPTY: StaticEmpty = StaticEmpty([(Kind::Map as u64) << 32, 0]);

pub fn empty() -> u64 {
    &EMPTY as *const StaticEmpty as u64
}

/// The size in words of a MAP object (for the allocator): it owns the four words after the
/// size, if any.
pub fn node_words(v: u64) -> usize {
    if aux_of(v) == 0 { 2 } else { 6 }
}

fn check(m: u64) -> u64 {
    if !is_ptr(m) || kind_of(m) != Kind::Map {
        crash("bad argument: expected a Map");
    }
    m
}

pub fn size(m: u64) -> u64 {
    word(check(m), 0)
}

fn is_empty(m: u64) -> bool {
    size(m) == 0
}

fn key(m: u64) -> u64 {
    word(m, 1)
}
fn value(m: u64) -> u64 {
    word(m, 2)
}
fn left(m: u64) -> u64 {
    word(m, 3)
}
fn right(m: u64) -> u64 {
    word(m, 4)
}

/// A node owning all four arguments.
fn node(k: u64, v: u64, l: u64, r: u64) -> u64 {
    let n = alloc_object(Kind::Map, 1, 5);
    set_word(n, 0, size(l) + size(r) + 1);
    set_word(n, 1, k);
    set_word(n, 2, v);
    set_word(n, 3, l);
    set_word(n, 4, r);
    n
}

/// The fields of an owned node, owned; the node itself is released.
fn open(n: u64) -> (u64, u64, u64, u64) {
    let parts = (dup(key(n)), dup(value(n)), dup(left(n)), dup(right(n)));
    drop_value(n);
    parts
}

/// A balanced node from owned parts whose sizes are off by at most one insertion or deletion.
fn balance(k: u64, v: u64, l: u64, r: u64) -> u64 {
    let (sl, sr) = (size(l), size(r));
    if sl + sr <= 1 {
        node(k, v, l, r)
    } else if sr > DELTA * sl {
        if size(left(r)) < RATIO * size(right(r)) {
            let (k2, v2, rl, rr) = open(r);
            node(k2, v2, node(k, v, l, rl), rr)
        } else {
            let (k2, v2, rl, rr) = open(r);
            let (k3, v3, rl1, rl2) = open(rl);
            node(k3, v3, node(k, v, l, rl1), node(k2, v2, rl2, rr))
        }
    } else if sl > DELTA * sr {
        if size(right(l)) < RATIO * size(left(l)) {
            let (k1, v1, ll, lr) = open(l);
            node(k1, v1, ll, node(k, v, lr, r))
        } else {
            let (k1, v1, ll, lr) = open(l);
            let (k3, v3, lr1, lr2) = open(lr);
            node(k3, v3, node(k1, v1, ll, lr1), node(k, v, lr2, r))
        }
    } else {
        node(k, v, l, r)
    }
}

/// `m` with `k` bound to `v`; all borrowed, result owned.
pub fn insert(k: u64, v: u64, m: u64) -> u64 {
    if is_empty(m) {
        return node(dup(k), dup(v), empty(), empty());
    }
    match compare(k, key(m)) {
        Ordering::Less => balance(dup(key(m)), dup(value(m)), insert(k, v, left(m)), dup(right(m))),
        Ordering::Greater => balance(dup(key(m)), dup(value(m)), dup(left(m)), insert(k, v, right(m))),
        Ordering::Equal => node(dup(k), dup(v), dup(left(m)), dup(right(m))),
    }
}

/// The value bound to `k` (borrowed), if any.
pub fn lookup(k: u64, m: u64) -> Option<u64> {
    let mut cur = check(m);
    while !is_empty(cur) {
        match compare(k, key(cur)) {
            Ordering::Less => cur = left(cur),
            Ordering::Greater => cur = right(cur),
            Ordering::Equal => return Some(value(cur)),
        }
    }
    None
}

/// Removes the smallest entry of an owned non-empty tree: `(key, value, rest)`, all owned.
fn take_min(t: u64) -> (u64, u64, u64) {
    let (k, v, l, r) = open(t);
    if is_empty(l) {
        drop_value(l);
        (k, v, r)
    } else {
        let (km, vm, l2) = take_min(l);
        (km, vm, balance(k, v, l2, r))
    }
}

/// Removes the largest entry of an owned non-empty tree.
fn take_max(t: u64) -> (u64, u64, u64) {
    let (k, v, l, r) = open(t);
    if is_empty(r) {
        drop_value(r);
        (k, v, l)
    } else {
        let (km, vm, r2) = take_max(r);
        (km, vm, balance(k, v, l, r2))
    }
}

/// Joins two owned trees whose keys are ordered and whose sizes are balanced.
fn glue(l: u64, r: u64) -> u64 {
    if is_empty(l) {
        r
    } else if is_empty(r) {
        l
    } else if size(l) > size(r) {
        let (k, v, l2) = take_max(l);
        balance(k, v, l2, r)
    } else {
        let (k, v, r2) = take_min(r);
        balance(k, v, l, r2)
    }
}

fn delete_present(k: u64, m: u64) -> u64 {
    match compare(k, key(m)) {
        Ordering::Less => balance(dup(key(m)), dup(value(m)), delete_present(k, left(m)), dup(right(m))),
        Ordering::Greater => balance(dup(key(m)), dup(value(m)), dup(left(m)), delete_present(k, right(m))),
        Ordering::Equal => glue(dup(left(m)), dup(right(m))),
    }
}

/// `m` without `k`; borrowed arguments, owned result.
pub fn delete(k: u64, m: u64) -> u64 {
    if lookup(k, m).is_none() { dup(m) } else { delete_present(k, m) }
}

/// The entries (borrowed), by ascending key.
pub fn entries(m: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::with_capacity(size(m) as usize);
    let mut stack = Vec::new();
    let mut cur = m;
    loop {
        while !is_empty(cur) {
            stack.push(cur);
            cur = left(cur);
        }
        match stack.pop() {
            Some(n) => {
                out.push((key(n), value(n)));
                cur = right(n);
            }
            None => return out,
        }
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapEmpty() -> u64 {
    empty()
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapSingleton(k: u64, v: u64) -> u64 {
    node(dup(k), dup(v), empty(), empty())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapFromList(entries: u64) -> u64 {
    let mut m = empty();
    for pair in crate::value::list_iter(entries) {
        let next = insert(word(pair, 0), word(pair, 1), m);
        drop_value(m);
        m = next;
    }
    m
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapInsert(k: u64, v: u64, m: u64) -> u64 {
    insert(k, v, check(m))
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapDelete(k: u64, m: u64) -> u64 {
    delete(k, m)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapLookup(k: u64, m: u64) -> u64 {
    match lookup(k, m) {
        Some(v) => just(dup(v)),
        None => NIL,
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapMember(k: u64, m: u64) -> u64 {
    if lookup(k, m).is_some() { TRUE } else { FALSE }
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapSize(m: u64) -> u64 {
    small(size(m) as i64)
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapKeys(m: u64) -> u64 {
    make_list(entries(m).into_iter().map(|(k, _)| dup(k)).collect())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapValues(m: u64) -> u64 {
    make_list(entries(m).into_iter().map(|(_, v)| dup(v)).collect())
}

#[unsafe(no_mangle)]
pub extern "C" fn mote_mapToList(m: u64) -> u64 {
    make_list(entries(m).into_iter().map(|(k, v)| make_tuple(&[dup(k), dup(v)])).collect())
}

/// All entries of both; the left map's value wins on a shared key. Inserts the smaller map's
/// entries into the larger one.
#[unsafe(no_mangle)]
pub extern "C" fn mote_mapUnion(a: u64, b: u64) -> u64 {
    let (mut result, from, left_wins) = if size(a) >= size(b) { (dup(a), b, true) } else { (dup(b), a, false) };
    for (k, v) in entries(from) {
        if left_wins && lookup(k, result).is_some() {
            continue;
        }
        let next = insert(k, v, result);
        drop_value(result);
        result = next;
    }
    result
}

#[cfg(test)]
mod tests;
