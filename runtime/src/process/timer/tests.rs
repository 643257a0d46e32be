//! The timer set a scheduler fires from: only what is due comes out, soonest first, and its
//! soonest deadline follows every change.

use std::time::{Duration, Instant};

use super::{Action, Key, Timers, nanos};

fn add(t: &mut Timers, key: Key, at: Instant) {
    t.seq += 1;
    let slot = (at, t.seq);
    t.by_deadline.insert(slot, (key, Action::Timeout));
    t.by_key.insert(key, slot);
}

#[test]
fn only_due_timers_pop_and_the_soonest_follows() {
    let now = Instant::now();
    let mut t = Timers::default();
    add(&mut t, Key::Timeout(1, 1), now + Duration::from_secs(60));
    add(&mut t, Key::Timeout(2, 1), now - Duration::from_millis(2));
    add(&mut t, Key::Timeout(3, 1), now - Duration::from_millis(1));
    assert_eq!(t.soonest(), Some(now - Duration::from_millis(2)));
    let first = t.pop_due(now).map(|(k, _)| k);
    let second = t.pop_due(now).map(|(k, _)| k);
    assert_eq!((first, second), (Some(Key::Timeout(2, 1)), Some(Key::Timeout(3, 1))));
    assert!(t.pop_due(now).is_none(), "the timer a minute away is not due");
    assert_eq!(t.soonest(), Some(now + Duration::from_secs(60)));
    assert!(!t.by_key.contains_key(&Key::Timeout(2, 1)), "a fired timer cannot be cancelled");
    assert!(nanos(now) < nanos(now + Duration::from_secs(60)));
}
