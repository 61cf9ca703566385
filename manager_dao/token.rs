//! The two PSP22 calls the DAO makes (`PSP22::transfer_from` to stake, `PSP22::transfer` to
//! unstake), built with the standard's selectors so that any PSP22 token works.
//!
//! The DAO does not depend on a PSP22 implementation crate: it only needs to know whether a
//! transfer succeeded, so a token's error is consumed undecoded (`manager_kit::call`). Re-entry
//! is never allowed (default call flags) and gas is limited explicitly. Every failure — the
//! environment's error, ink!'s `LangError`, the token's own error, or an answer that does not
//! decode — is one `TokenTransferFailed`.

use crate::types::{Error, Result};
use ddc_types::{AccountId, Balance};
use ink::prelude::vec::Vec;

/// Call the PSP22 message `selector` on `token` with the encoded `args` through the managers'
/// shared call path (no re-entry, explicit gas limits); only success counts.
fn call(token: AccountId, selector: [u8; 4], args: &[u8]) -> Result<()> {
    manager_kit::call(token, selector, args).map_err(|_| Error::TokenTransferFailed)
}

/// `PSP22::transfer_from(from, to, value, [])` on `token`.
pub fn transfer_from(
    token: AccountId,
    from: AccountId,
    to: AccountId,
    value: Balance,
) -> Result<()> {
    let args = scale::Encode::encode(&(from, to, value, Vec::<u8>::new()));
    call(token, ink::selector_bytes!("PSP22::transfer_from"), &args)
}

/// `PSP22::transfer(to, value, [])` on `token`.
pub fn transfer(token: AccountId, to: AccountId, value: Balance) -> Result<()> {
    let args = scale::Encode::encode(&(to, value, Vec::<u8>::new()));
    call(token, ink::selector_bytes!("PSP22::transfer"), &args)
}
