//! The two PSP22 calls the DAO makes (`PSP22::transfer_from` to stake, `PSP22::transfer` to
//! unstake), built with the standard's selectors so that any PSP22 token works.
//!
//! The DAO does not depend on a PSP22 implementation crate: it only needs to know whether a
//! transfer succeeded, so a token's error is consumed undecoded. Re-entry is never allowed
//! (default call flags) and gas is limited explicitly. Every failure — the environment's error,
//! ink!'s `LangError`, the token's own error, or an answer that does not decode — is one
//! `TokenTransferFailed`.

use crate::types::{Error, Result};
use ddc_types::{AccountId, Balance, RawInput};
use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::DefaultEnvironment;
use ink::prelude::vec::Vec;

/// Most computation (ref_time) one call to the token may use.
pub const TOKEN_CALL_REF_TIME_LIMIT: u64 = 50_000_000_000;
/// Most proof size (bytes) one call to the token may use.
pub const TOKEN_CALL_PROOF_SIZE_LIMIT: u64 = 512 * 1024;

/// A token's error, whatever its encoding: decoding consumes the rest of the answer.
struct AnyError;

impl scale::Decode for AnyError {
    fn decode<I: scale::Input>(input: &mut I) -> core::result::Result<Self, scale::Error> {
        let rest = input.remaining_len()?.unwrap_or_default();
        let mut byte = [0u8; 1];
        for _ in 0..rest {
            input.read(&mut byte)?;
        }
        Ok(AnyError)
    }
}

/// Call the PSP22 message `selector` on `token` with the encoded `args`; only success counts.
#[inline(never)]
fn call(token: AccountId, selector: [u8; 4], args: &[u8]) -> Result<()> {
    let outcome = build_call::<DefaultEnvironment>()
        .call(token)
        .ref_time_limit(TOKEN_CALL_REF_TIME_LIMIT)
        .proof_size_limit(TOKEN_CALL_PROOF_SIZE_LIMIT)
        .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(RawInput(args)))
        .returns::<core::result::Result<(), AnyError>>()
        .try_invoke();
    match outcome {
        Ok(Ok(Ok(()))) => Ok(()),
        _ => Err(Error::TokenTransferFailed),
    }
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
