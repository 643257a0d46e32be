use super::*;
use crate::value::{NIL, cons, drop_value, make_string, make_tuple, small};

#[test]
fn freeing_ten_million_cells_does_not_recurse() {
    let start = live_objects();
    let mut list = NIL;
    for i in 0..10_000_000 {
        list = cons(small(i), list);
    }
    assert_eq!(live_objects(), start + 10_000_000);
    drop_value(list);
    assert_eq!(live_objects(), start);
}

#[test]
fn a_deep_chain_of_tuples_frees_iteratively() {
    let start = live_objects();
    let mut v = small(0);
    for _ in 0..1_000_000 {
        v = make_tuple(&[v]);
    }
    drop_value(v);
    assert_eq!(live_objects(), start);
}

#[test]
fn memory_is_reused_in_a_loop() {
    let start = live_objects();
    // Warm up, then the allocator must hand back the same blocks.
    let first = make_tuple(&[small(1), small(2)]);
    drop_value(first);
    for i in 0..1_000_000 {
        let t = make_tuple(&[small(i), make_string("some text that is fairly long, long enough")]);
        assert_eq!(live_objects(), start + 2);
        if i == 0 || i == 999_999 {
            // The same block each time: no growth.
            assert_eq!(t, first);
        }
        drop_value(t);
    }
    assert_eq!(live_objects(), start);
}

#[test]
fn big_objects_use_the_system_allocator() {
    let start = live_objects();
    let text = "x".repeat(100_000);
    let s = make_string(&text);
    assert_eq!(crate::value::str_of(s).len(), 100_000);
    assert_eq!(object_words(s), 2 + 100_000 / 8);
    drop_value(s);
    assert_eq!(live_objects(), start);
}

#[test]
fn alloc_and_free_through_the_abi() {
    let start = live_objects();
    let p = mote_rt_alloc(24);
    // SAFETY: 24 bytes were just allocated; we write a TUPLE header and two fields.
    unsafe {
        *p = crate::value::header(crate::value::Kind::Tuple, 2);
        *p.add(1) = small(1);
        *p.add(2) = small(2);
    }
    assert_eq!(live_objects(), start + 1);
    mote_rt_free(p as u64);
    assert_eq!(live_objects(), start);
}

#[test]
fn blocks_freed_on_another_thread_come_back_through_the_pool() {
    // A producer allocates 30-word tuples (a size class no other test uses) and a consumer on
    // another thread frees them: 240 MB in all. Without the pool the consumer's lists would
    // grow by all of it and the producer would carve a chunk per 4,000 tuples.
    const ROUNDS: usize = 1_000;
    const BATCH: usize = 1_000;
    let (to_consumer, from_producer) = std::sync::mpsc::sync_channel::<Vec<u64>>(1);
    let (ack, acked) = std::sync::mpsc::channel::<()>();
    let consumer = std::thread::spawn(move || {
        for batch in from_producer {
            for t in batch {
                drop_value(t);
            }
            ack.send(()).expect("the producer waits for each ack");
        }
    });
    let producer = std::thread::spawn(move || {
        let fields = [small(7); 29];
        for _ in 0..ROUNDS {
            let batch: Vec<u64> = (0..BATCH).map(|_| make_tuple(&fields)).collect();
            to_consumer.send(batch).expect("the consumer lives until the channel closes");
            acked.recv().expect("the consumer acks each batch");
        }
        chunks_carved()
    });
    let chunks = producer.join().expect("the producer does not panic");
    consumer.join().expect("the consumer does not panic");
    let carved_without_pool = ROUNDS * BATCH * 30 * 8 / CHUNK_BYTES;
    assert!(chunks * 20 < carved_without_pool, "{chunks} chunks carved (about {carved_without_pool} without reuse)");
}
