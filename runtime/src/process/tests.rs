use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use super::signals::deliver;
use super::*;
use crate::program::test_tables;
use crate::value::{Kind, alloc_object, make_string, make_tuple, set_word, small, small_value, word};

/// Many threads send to one mailbox at once: nothing is lost, and each sender's messages
/// arrive in the order sent.
#[test]
fn mailbox_keeps_per_sender_order_under_contention() {
    test_tables();
    const SENDERS: u64 = 8;
    const EACH: u64 = 20_000;
    let p = Process::new(Start::Action(crate::value::UNIT));
    let threads: Vec<_> = (0..SENDERS)
        .map(|s| {
            let p = p.clone();
            std::thread::spawn(move || {
                for i in 0..EACH {
                    deliver(&p, small((s * EACH + i) as i64));
                }
            })
        })
        .collect();
    // The receiving side takes messages in while the senders run.
    let mut taken = Vec::new();
    while taken.len() < (SENDERS * EACH) as usize {
        taken.extend(p.shared().messages.drain(..));
        std::hint::spin_loop();
    }
    for t in threads {
        t.join().expect("a sender thread");
    }
    let mut last = vec![None; SENDERS as usize];
    for m in taken {
        let n = small_value(m) as u64;
        let (s, i) = ((n / EACH) as usize, n % EACH);
        assert!(last[s].is_none_or(|l| l < i), "sender {s}: {i} after {:?}", last[s]);
        last[s] = Some(i);
    }
    assert!(last.iter().all(|l| *l == Some(EACH - 1)));
}

/// A copied message shares nothing counted with the original.
#[test]
fn copy_is_deep_and_counts_from_one() {
    test_tables();
    let inner = make_string("héllo");
    let list = crate::value::make_list(vec![small(1), inner, crate::int::int_from_i128(1 << 100)]);
    let msg = make_tuple(&[list, crate::value::make_float(2.5)]);
    let copy = copy_value(msg);
    assert_ne!(copy, msg);
    assert!(crate::order::equal(copy, msg));
    assert_eq!(crate::value::count_of(copy), 1);
    let copied_list = word(copy, 0);
    assert_ne!(copied_list, list);
    crate::value::drop_value(msg);
    assert_eq!(crate::generic::show(copy), "([1,\"héllo\",1267650600228229401496703205376],2.5)");
    crate::value::drop_value(copy);
}

#[test]
fn frozen_values_are_static() {
    test_tables();
    let v = make_tuple(&[make_string("a"), small(2)]);
    freeze(v);
    assert_eq!(crate::value::count_of(v), 0);
    assert_eq!(crate::value::count_of(word(v, 0)), 0);
    assert_eq!(copy_value(v), v, "static values are shared, not copied");
}

#[test]
fn pids_and_refs_are_immediates_apart_from_constructors() {
    test_tables();
    let p = pid_word(42);
    assert_eq!(pid_number(p), Some(42));
    assert_eq!(ref_number(p), None);
    assert_eq!(ref_number(ref_word(7)), Some(7));
    assert_eq!(crate::generic::show(p), "<0.42.0>");
    assert_eq!(crate::generic::show(ref_word(7)), "#Ref<0.7>");
    assert!(crate::order::compare(pid_word(3), pid_word(10)).is_lt());
    assert_eq!(pid_number(crate::value::nullary(5)), None);
}

#[test]
fn shapes_tell_messages_apart() {
    test_tables();
    use crate::process::receive::has_shape;
    use crate::value::{NIL, atom, cons, make_con};
    let shape_pair = make_tuple(&[small(10), crate::value::make_list(vec![small(0), small(4)])]);
    assert!(has_shape(make_tuple(&[small(1), atom(0)]), shape_pair));
    assert!(!has_shape(make_tuple(&[small(1), small(2)]), shape_pair));
    assert!(!has_shape(small(3), shape_pair));
    assert!(!has_shape(make_tuple(&[small(1), atom(0), atom(0)]), shape_pair));
    let just_int = make_tuple(&[small(11), small(6), crate::value::make_list(vec![small(1)])]);
    assert!(has_shape(make_con(6, &[small(1)]), just_int));
    assert!(!has_shape(crate::value::nullary(5), just_int));
    assert!(!has_shape(make_con(10, &[small(1)]), just_int));
    let nothing = make_tuple(&[small(11), small(5), NIL]);
    assert!(has_shape(crate::value::nullary(5), nothing));
    let list = make_tuple(&[small(13), small(1), small(14)]);
    assert!(has_shape(cons(small(1), NIL), list));
    assert!(!has_shape(NIL, list));
    let record = make_tuple(&[small(12), crate::value::make_list(vec![make_tuple(&[small(1), small(1)])])]);
    assert!(has_shape(crate::value::make_record(&[(0, make_string("x")), (1, small(3))]), record));
    assert!(!has_shape(crate::value::make_record(&[(0, make_string("x"))]), record));
    // Exact immediates, and alternatives (a receive's filter).
    let ping = make_tuple(&[small(10), crate::value::make_list(vec![make_tuple(&[small(15), atom(7)]), small(1)])]);
    assert!(has_shape(make_tuple(&[atom(7), small(1)]), ping));
    assert!(!has_shape(make_tuple(&[atom(8), small(1)]), ping));
    let either = make_tuple(&[small(16), crate::value::make_list(vec![ping, make_tuple(&[small(15), small(-3)])])]);
    assert!(has_shape(make_tuple(&[atom(7), small(2)]), either));
    assert!(has_shape(small(-3), either));
    assert!(!has_shape(small(3), either));
    assert!(!has_shape(atom(7), either));
    // The shapes decided inline: any, Integer (small or big), an exact word.
    assert!(has_shape(make_string("x"), small(0)));
    assert!(has_shape(small(-5), small(1)));
    assert!(has_shape(crate::int::int_from_big(num_bigint::BigInt::from(1u8) << 100), small(1)));
    assert!(!has_shape(atom(7), small(1)));
    assert!(!has_shape(make_con(6, &[small(1)]), small(1)));
    let zero = make_tuple(&[small(15), small(0)]);
    assert!(has_shape(small(0), zero));
    assert!(!has_shape(small(1), zero));
    assert!(!has_shape(make_tuple(&[small(0)]), zero));
}

/// The scan loop's quick test rejects only messages the full shape test rejects, and does
/// reject the skipped messages of a tagged receive.
#[test]
fn the_quick_test_never_rejects_a_message_of_the_shape() {
    test_tables();
    use crate::process::receive::{Quick, has_shape};
    use crate::value::{NIL, atom, cons, make_con, make_list, nullary};
    let exact = |w: u64| make_tuple(&[small(15), w]);
    let tuple = |fields: Vec<u64>| make_tuple(&[small(10), make_list(fields)]);
    let con = |id: i64, fields: Vec<u64>| make_tuple(&[small(11), small(id), make_list(fields)]);
    let shapes = [
        small(0),
        small(1),
        small(4),
        exact(atom(3)),
        exact(small(9)),
        tuple(vec![exact(atom(3)), small(1)]),
        tuple(vec![small(0), exact(atom(3))]),
        tuple(vec![small(0), small(0)]),
        con(6, vec![exact(small(2))]),
        con(6, vec![small(1)]),
        con(5, vec![]),
        make_tuple(&[small(16), make_list(vec![exact(atom(3)), tuple(vec![exact(atom(3)), small(1)])])]),
        make_tuple(&[small(13), exact(small(1)), small(14)]),
    ];
    let values = [
        small(9),
        small(2),
        atom(3),
        atom(4),
        NIL,
        nullary(5),
        make_tuple(&[atom(3), small(1)]),
        make_tuple(&[atom(4), small(1)]),
        make_tuple(&[small(1), atom(3)]),
        make_tuple(&[atom(3), small(1), small(1)]),
        make_tuple(&[atom(3)]),
        make_con(6, &[small(2)]),
        make_con(6, &[small(3)]),
        make_con(10, &[small(2)]),
        cons(small(1), NIL),
        make_string("x"),
    ];
    let mut rejected = 0;
    for &s in &shapes {
        let quick = Quick::of(s);
        for &v in &values {
            if has_shape(v, s) {
                assert!(quick.passes(v), "the quick test of shape {s:#x} rejects {v:#x}, which has it");
            } else if !quick.passes(v) {
                rejected += 1;
            }
        }
    }
    assert!(rejected > 40, "the quick test rejects the mismatches it can see ({rejected})");
    let tagged = Quick::of(tuple(vec![exact(atom(3)), small(1)]));
    assert!(!tagged.passes(make_tuple(&[atom(4), small(1)])));
    assert!(!tagged.passes(make_tuple(&[atom(3), small(1), small(1)])));
}

/// Test actions: a CLOSURE whose code is a Rust function (see `program::test_tables`).
fn action(code: extern "C" fn(u64, u64) -> u64, captured: u64) -> u64 {
    let c = alloc_object(Kind::Closure, 1, 3);
    set_word(c, 0, code as *const () as u64);
    set_word(c, 1, 1);
    set_word(c, 2, captured);
    c
}

static RESULTS: Mutex<Option<mpsc::Sender<(u64, i64)>>> = Mutex::new(None);

fn report(tag: u64, n: i64) {
    if let Some(tx) = RESULTS.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        let _ = tx.send((tag, n));
    }
}

/// A process that counts the messages it gets until `0` arrives, yielding as it goes.
extern "C" fn counter(closure: u64, _world: u64) -> u64 {
    let tag = small_value(word(closure, 2)) as u64;
    let matcher = action(any_message, 0);
    let mut n = 0;
    loop {
        let m = receive::mote_rt_receive(matcher, small(0));
        if small_value(m) == 0 {
            break;
        }
        n += small_value(m);
        scheduler::mote_rt_yield();
    }
    report(tag, n);
    crate::value::UNIT
}

extern "C" fn any_message(_closure: u64, msg: u64) -> u64 {
    crate::value::drop_value(msg);
    crate::value::TRUE
}

/// Processes on the schedulers receive what other threads send them, and end normally.
#[test]
fn scheduled_processes_receive_and_end() {
    test_tables();
    let (tx, rx) = mpsc::channel();
    *RESULTS.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
    let procs: Vec<Arc<Process>> = (0..50)
        .map(|tag| {
            let p = Process::new(Start::Action(action(counter, small(1000 + tag))));
            table::insert(&p);
            scheduler::spawn(p.clone());
            p
        })
        .collect();
    for p in &procs {
        for i in 1..=100 {
            deliver(p, small(i));
        }
        deliver(p, small(0));
    }
    let mut got: Vec<(u64, i64)> = (0..50).map(|_| rx.recv().expect("every process reports")).collect();
    got.sort();
    assert_eq!(got, (0..50).map(|t| (1000 + t, 5050)).collect::<Vec<_>>());
}

/// Pid numbers index the table: a freed slot comes back one generation on, only after
/// `REUSE_AFTER` slots were freed on the thread, and a stale pid never finds the slot's new
/// process.
#[test]
fn freed_slots_come_back_a_generation_on_and_stale_pids_find_nothing() {
    test_tables();
    let first: Vec<Arc<Process>> = (0..table::REUSE_AFTER)
        .map(|_| {
            let p = Process::new(Start::Action(crate::value::UNIT));
            table::insert(&p);
            p
        })
        .collect();
    for p in &first {
        let found = table::lookup(p.pid).expect("a live process is in the table");
        assert!(Arc::ptr_eq(&found, p));
    }
    let stale = first[0].pid;
    let (slot, generation) = table::split(stale);
    for p in &first {
        table::remove(p.pid);
    }
    assert!(table::lookup(stale).is_none(), "an ended process is not found");
    let again = Process::new(Start::Action(crate::value::UNIT));
    table::insert(&again);
    assert_eq!(table::split(again.pid), (slot, generation + 1), "the oldest freed slot, a generation on");
    assert_eq!(show_pid(again.pid), format!("<0.{slot}.{}>", generation + 1));
    assert!(table::lookup(stale).is_none(), "the stale pid does not name the slot's new process");
    assert!(Arc::ptr_eq(&table::lookup(again.pid).expect("the new process"), &again));
    table::remove(again.pid);
    assert!(table::lookup(again.pid).is_none());
}

/// Two processes that talk to each other keep their frames in their regions: after the first
/// entries nothing is displaced, so nothing is copied.
#[test]
fn a_conversation_keeps_its_frames_in_place() {
    use scheduler::{Entry, Residents};
    let same = |a: &u32, b: &u32| a == b;
    let mut r = Residents::<u32>::new();
    let ping = r.region_for_new();
    assert_eq!(r.enter(ping, 1, same), Entry::Displaced(None));
    let pong = r.region_for_new();
    assert_ne!(ping, pong, "a new process takes an empty region");
    assert_eq!(r.enter(pong, 2, same), Entry::Displaced(None));
    for _ in 0..100 {
        assert_eq!(r.enter(ping, 1, same), Entry::InPlace);
        assert_eq!(r.running(), Some(&1));
        assert_eq!(r.enter(pong, 2, same), Entry::InPlace);
        assert_eq!(r.running(), Some(&2));
    }
}

/// With every region taken, a new process displaces the resident entered longest ago, and an
/// ended process frees its region for the next new one.
#[test]
fn a_new_process_displaces_the_least_recently_run() {
    use scheduler::{Entry, Residents};
    let same = |a: &u32, b: &u32| a == b;
    let mut r = Residents::<u32>::new();
    let mut region_of = Vec::new();
    for p in 0..scheduler::REGIONS as u32 {
        let k = r.region_for_new();
        assert_eq!(r.enter(k, p, same), Entry::Displaced(None));
        region_of.push(k);
    }
    // Process 0 runs again, so process 1 is now the one run longest ago.
    assert_eq!(r.enter(region_of[0], 0, same), Entry::InPlace);
    let k = r.region_for_new();
    assert_eq!(k, region_of[1]);
    assert_eq!(r.enter(k, 99, same), Entry::Displaced(Some(1)));
    // Process 1 comes back to its own region and displaces the newcomer.
    assert_eq!(r.enter(region_of[1], 1, same), Entry::Displaced(Some(99)));
    r.remove(&2, same);
    assert_eq!(r.region_for_new(), region_of[2], "an ended process's region is empty");
}
