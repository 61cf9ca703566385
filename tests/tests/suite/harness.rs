//! The harness itself: time control, funded actors and per-emitter events behave as the other
//! tests assume.

use ddc_tests::ddc::Ddc;
use ddc_tests::{alice, bob, node_key, Suite, INITIAL_BALANCE};
use drink::sandbox_api::prelude::{SystemAPI, TimestampAPI};

#[test]
fn set_time_builds_a_block_and_sets_milliseconds() {
    let mut suite = Suite::new();
    let block = suite.session.sandbox().block_number();
    suite.set_time(2_678_400_000);
    assert_eq!(suite.session.sandbox().block_number(), block + 1);
    assert_eq!(suite.session.sandbox().get_timestamp(), 2_678_400_000);
}

#[test]
fn named_actors_are_funded() {
    let mut suite = Suite::new();
    assert_eq!(suite.balance(&alice()), INITIAL_BALANCE);
    assert_eq!(suite.balance(&node_key(40)), INITIAL_BALANCE);
}

#[test]
fn events_are_filtered_by_emitter() {
    let mut ddc = Ddc::new();
    ddc.node_create(&bob(), &node_key(1), 1, 1).unwrap();
    assert_eq!(ddc.event_count(), 1);
    // Another emitter address sees none of the core's events.
    assert_eq!(ddc.suite.event_count(&alice()), 0);
}
