use super::*;
use crate::value::{make_string, small_value};

/// Checks sizes and the weight balance of every node; returns the size.
fn check_balanced(m: u64) -> u64 {
    if is_empty(m) {
        return 0;
    }
    let (l, r) = (check_balanced(left(m)), check_balanced(right(m)));
    assert_eq!(size(m), l + r + 1, "size field");
    if l + r > 1 {
        assert!(l <= DELTA * r && r <= DELTA * l, "balance {l} {r}");
    }
    size(m)
}

fn keys(m: u64) -> Vec<i64> {
    entries(m).into_iter().map(|(k, _)| small_value(k)).collect()
}

#[test]
fn insert_lookup_delete_in_order() {
    let start = crate::heap::live_objects();
    let mut m = mote_mapEmpty();
    for k in [5, 3, 8, 1, 4, 7, 9, 2, 6, 0] {
        let v = make_string(&format!("v{k}"));
        let next = mote_mapInsert(small(k), v, m);
        drop_value(v);
        drop_value(m);
        m = next;
    }
    check_balanced(m);
    assert_eq!(keys(m), (0..10).collect::<Vec<_>>());
    assert_eq!(small_value(mote_mapSize(m)), 10);
    let found = mote_mapLookup(small(4), m);
    assert_eq!(crate::value::list_iter(found).map(crate::value::str_of).collect::<Vec<_>>(), ["v4"]);
    drop_value(found);
    assert_eq!(mote_mapLookup(small(42), m), NIL);
    assert_eq!(mote_mapMember(small(9), m), TRUE);
    let smaller = mote_mapDelete(small(5), m);
    assert_eq!(keys(smaller), [0, 1, 2, 3, 4, 6, 7, 8, 9]);
    assert_eq!(keys(m).len(), 10, "the old map is unchanged");
    let same = mote_mapDelete(small(42), smaller);
    assert_eq!(same, smaller);
    drop_value(same);
    check_balanced(smaller);
    let listed = mote_mapToList(smaller);
    assert_eq!(crate::generic::show(listed).matches("v").count(), 9);
    drop_value(listed);
    drop_value(smaller);
    drop_value(m);
    assert_eq!(crate::heap::live_objects(), start);
}

#[test]
fn string_keys_and_union() {
    let start = crate::heap::live_objects();
    let (a, b, c) = (make_string("a"), make_string("b"), make_string("c"));
    let left = mote_mapSingleton(a, small(1));
    let l2 = mote_mapInsert(b, small(2), left);
    let right = mote_mapFromList(crate::value::make_list(vec![]));
    let r2 = mote_mapInsert(b, small(20), right);
    let r3 = mote_mapInsert(c, small(30), r2);
    let u = mote_mapUnion(l2, r3);
    assert_eq!(crate::generic::show(u), "#{\"a\" => 1,\"b\" => 2,\"c\" => 30}");
    let u2 = mote_mapUnion(r3, l2);
    assert_eq!(crate::generic::show(u2), "#{\"a\" => 1,\"b\" => 20,\"c\" => 30}");
    let ks = mote_mapKeys(u);
    let vs = mote_mapValues(u);
    assert_eq!(crate::generic::show(ks), "[\"a\",\"b\",\"c\"]");
    assert_eq!(crate::generic::show(vs), "[1,2,30]");
    for v in [a, b, c, left, l2, right, r2, r3, u, u2, ks, vs] {
        drop_value(v);
    }
    assert_eq!(crate::heap::live_objects(), start);
}

#[test]
fn from_list_later_entries_win() {
    let pairs = crate::value::make_list(vec![
        make_tuple(&[small(1), small(10)]),
        make_tuple(&[small(2), small(20)]),
        make_tuple(&[small(1), small(11)]),
    ]);
    let m = mote_mapFromList(pairs);
    assert_eq!(crate::generic::show(m), "#{1 => 11,2 => 20}");
    drop_value(m);
    drop_value(pairs);
}

/// A small deterministic PRNG (xorshift64*), so the property test needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn agrees_with_btreemap() {
    let start = crate::heap::live_objects();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut model = std::collections::BTreeMap::new();
    let mut m = mote_mapEmpty();
    let mut history = Vec::new();
    for step in 0..20_000 {
        let k = (rng.next() % 500) as i64 - 250;
        let op = rng.next() % 3;
        // Keep some old versions alive: persistence must not disturb them.
        if step % 1000 == 0 {
            history.push((dup(m), model.clone()));
        }
        let next = if op < 2 {
            model.insert(k, step);
            mote_mapInsert(small(k), small(step), m)
        } else {
            model.remove(&k);
            mote_mapDelete(small(k), m)
        };
        drop_value(m);
        m = next;
        if step % 997 == 0 {
            check_balanced(m);
        }
        let probe = (rng.next() % 500) as i64 - 250;
        assert_eq!(lookup(small(probe), m).map(small_value), model.get(&probe).copied());
    }
    check_balanced(m);
    assert_eq!(size(m) as usize, model.len());
    let got: Vec<(i64, i64)> = entries(m).into_iter().map(|(k, v)| (small_value(k), small_value(v))).collect();
    assert_eq!(got, model.into_iter().collect::<Vec<_>>());
    for (old, old_model) in history {
        let got: Vec<(i64, i64)> = entries(old).into_iter().map(|(k, v)| (small_value(k), small_value(v))).collect();
        assert_eq!(got, old_model.into_iter().collect::<Vec<_>>());
        drop_value(old);
    }
    drop_value(m);
    assert_eq!(crate::heap::live_objects(), start);
}

#[test]
fn maps_compare_by_size_then_entries() {
    let one = mote_mapSingleton(small(1), small(1));
    let two = mote_mapInsert(small(0), small(0), one);
    let other = mote_mapSingleton(small(2), small(0));
    assert_eq!(compare(one, two), Ordering::Less);
    assert_eq!(compare(one, other), Ordering::Less);
    let again = mote_mapSingleton(small(1), small(1));
    assert!(crate::order::equal(one, again));
    for v in [one, two, other, again] {
        drop_value(v);
    }
}
