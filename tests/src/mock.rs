//! Typed helpers for `mock_core`, the scripted stand-in for the core that the managers' tests
//! call instead of it: script its answers, point its re-entry callback at a message, count the
//! calls it completed.

use crate::{admin, contract, ink_id, BundleProvider, Message, Suite};
use drink::AccountId32;
use ink::codegen::TraitCallBuilder;
use mock_core::MockCoreRef;
pub use mock_core::Mode;
use scale::Encode;

/// Deploy a fresh mock (by [`admin`], through `MockCoreRef::new()`); returns its address.
pub fn deploy(suite: &mut Suite) -> AccountId32 {
    suite.deploy_typed(BundleProvider::MockCore, &admin(), MockCoreRef::new())
}

/// The mock at `mock` answers every later `ClusterManagement` message as `mode` says.
pub fn set_mode(suite: &mut Suite, mock: &AccountId32, mode: Mode) {
    let message = contract::<MockCoreRef>(mock).call_mut().set_mode(mode);
    suite.send(&admin(), message)
}

/// Before answering, the mock at `mock` sends `callback` (made by a contract's call builder: its
/// callee, selector and arguments; e.g. a manager's `execute`, the re-entry a manager must
/// refuse).
pub fn set_callback<Args: Encode, R>(
    suite: &mut Suite,
    mock: &AccountId32,
    callback: Message<Args, R>,
) {
    let params = callback.params();
    let target = ink_id(&AccountId32::new(*params.callee().as_ref()));
    let input = params.exec_input().encode();
    let (selector, args) = input.split_at(4);
    let selector: [u8; 4] = selector.try_into().expect("a selector is 4 bytes");
    let message =
        contract::<MockCoreRef>(mock)
            .call_mut()
            .set_callback(target, selector, args.to_vec());
    suite.send(&admin(), message)
}

/// The mock at `mock` stops calling back.
pub fn clear_callback(suite: &mut Suite, mock: &AccountId32) {
    let message = contract::<MockCoreRef>(mock).call_mut().clear_callback();
    suite.send(&admin(), message)
}

/// `ClusterManagement` messages the mock at `mock` completed.
pub fn calls(suite: &mut Suite, mock: &AccountId32) -> u32 {
    let message = contract::<MockCoreRef>(mock).call().calls();
    suite.send(&admin(), message)
}
