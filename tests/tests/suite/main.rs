//! drink! scenario tests of the DDC suite: one module per concern, one sandbox per test.

mod admin;
mod attacks;
mod bad_inputs;
mod compose;
mod dao;
mod docs;
mod harness;
mod money;
mod multisig;
mod registry;
mod sizes;
