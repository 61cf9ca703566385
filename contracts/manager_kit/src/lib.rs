//! What the two manager contracts (`manager_multisig`, `manager_dao`) share.
//!
//! - [`ProposalId`] and [`MAX_PROPOSAL_PAGE`]: the same ids and page limit in both managers.
//! - [`Effect`]: what an executed proposal does outside the manager's own storage — a cluster
//!   action sent to the core, a payment of the manager's native balance, or a veto of a DAO
//!   proposal — and [`carry_out`], the one place that does it.
//! - [`Transferred`]: the event of an executed payment.
//! - [`code_hash_of`]: the code-pin lookup of the `new_pinned` constructors.
//!
//! Every call out uses ink!'s default call flags (no re-entry into the manager), explicit gas
//! limits, and maps all three result layers — the environment's error, ink!'s `LangError`, the
//! callee's own error — to a [`CoreCallError`]. A manager marks its proposal executed in its own
//! storage before it calls [`carry_out`]; when the effect fails the manager's message fails and
//! the whole transaction reverts, so the proposal stays executable.
#![cfg_attr(not(feature = "std"), no_std)]
// scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
// contract lint set denies; the cast is the derive's, bounded by the variant count.
#![allow(clippy::cast_possible_truncation)]

use ddc_types::{AccountId, Balance, ClusterAction, CoreCallError, Error, RawInput};
use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::DefaultEnvironment;
use ink::primitives::Hash;

/// Proposal id: sequential from 0, never reused.
pub type ProposalId = u64;

/// Largest page a manager's `proposals` query returns (above it: `PageLimitTooLarge`). Pages
/// carry up to 8 proposals so that they fit ink!'s 16 KiB output buffer with their actions.
pub const MAX_PROPOSAL_PAGE: u32 = 8;

/// Most computation (ref_time, picoseconds) one call out may use. The heaviest cluster action
/// (`DistributeRevenues` over 32 providers) stays far below it.
pub const CALL_REF_TIME_LIMIT: u64 = 100_000_000_000;
/// Most proof size (bytes) one call out may use (the core's code is below 128 KiB).
pub const CALL_PROOF_SIZE_LIMIT: u64 = 1024 * 1024;

/// What an executed proposal does outside the manager's own storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send this cluster action to the core.
    Cluster(ClusterAction),
    /// Pay `amount` of the manager's native balance to `to`.
    Transfer { to: AccountId, amount: Balance },
    /// Call `veto(proposal)` on the DAO at `dao` (the manager is that DAO's guardian).
    VetoDaoProposal {
        dao: AccountId,
        proposal: ProposalId,
    },
}

/// Why an [`Effect`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffectError {
    /// The runtime refused the payment (e.g. the balance is too low).
    TransferFailed,
    /// The call out failed in one of its layers.
    Call(CoreCallError),
}

/// An executed `Transfer` paid `amount` of the manager's native balance to `to`.
#[ink::event]
#[cfg_attr(feature = "std", derive(Debug, PartialEq, Eq))]
pub struct Transferred {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub to: AccountId,
    pub amount: Balance,
}

/// The code hash of the contract at `account`, if it is one (a manager pins the core to it).
pub fn code_hash_of(account: &AccountId) -> Option<Hash> {
    ink::env::code_hash::<DefaultEnvironment>(account).ok()
}

/// Carry out `effect` of proposal `id` from the executing manager: cluster actions go to the
/// core at `registry`, refused with `CodeHashChanged` unless its code hash equals `pin` (when
/// set); a payment emits [`Transferred`].
pub fn carry_out(
    id: ProposalId,
    registry: AccountId,
    pin: Option<Hash>,
    effect: &Effect,
) -> Result<(), EffectError> {
    match effect {
        Effect::Cluster(action) => {
            if pin.is_some_and(|pin| code_hash_of(&registry) != Some(pin)) {
                return Err(EffectError::Call(CoreCallError::CodeHashChanged));
            }
            // Each variant's fields are, in order, the arguments of its `ClusterManagement`
            // message: the input is the selector and the action's encoding without its variant
            // byte. The drink tests execute every variant against the real core.
            let encoded = scale::Encode::encode(action);
            let arguments = encoded.get(1..).unwrap_or_default();
            call(registry, action.selector(), arguments).map_err(|failure| {
                EffectError::Call(match failure {
                    CoreCallError::Refused(index) => scale::Decode::decode(&mut &[index][..])
                        .map_or(CoreCallError::CallFailed, |error: Error| {
                            CoreCallError::Core(error)
                        }),
                    other => other,
                })
            })
        }
        Effect::Transfer { to, amount } => {
            ink::env::transfer::<DefaultEnvironment>(*to, *amount)
                .map_err(|_| EffectError::TransferFailed)?;
            ink::env::emit_event::<DefaultEnvironment, _>(Transferred {
                id,
                to: *to,
                amount: *amount,
            });
            Ok(())
        }
        Effect::VetoDaoProposal { dao, proposal } => call(
            *dao,
            ink::selector_bytes!("veto"),
            &scale::Encode::encode(proposal),
        )
        .map_err(EffectError::Call),
    }
}

/// A callee's error, whatever its type: its variant index (the first byte); decoding consumes
/// the rest of the answer.
struct CalleeError(u8);

impl scale::Decode for CalleeError {
    fn decode<I: scale::Input>(input: &mut I) -> Result<Self, scale::Error> {
        let index = input.read_byte()?;
        let rest = input.remaining_len()?.unwrap_or_default();
        for _ in 0..rest {
            input.read_byte()?;
        }
        Ok(CalleeError(index))
    }
}

/// Call the message `selector` of the contract at `target` with already encoded `arguments`,
/// expecting `Result<(), E>` back. Only `Ok(())` is success; the callee's error comes back as
/// `Refused(its variant index)`. No re-entry (default call flags); gas limited by
/// [`CALL_REF_TIME_LIMIT`] and [`CALL_PROOF_SIZE_LIMIT`].
#[inline(never)]
pub fn call(target: AccountId, selector: [u8; 4], arguments: &[u8]) -> Result<(), CoreCallError> {
    let outcome = build_call::<DefaultEnvironment>()
        .call(target)
        .ref_time_limit(CALL_REF_TIME_LIMIT)
        .proof_size_limit(CALL_PROOF_SIZE_LIMIT)
        .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(RawInput(arguments)))
        .returns::<Result<(), CalleeError>>()
        .try_invoke();
    match outcome {
        Err(_) => Err(CoreCallError::CallFailed),
        Ok(Err(_)) => Err(CoreCallError::LangError),
        Ok(Ok(Err(CalleeError(index)))) => Err(CoreCallError::Refused(index)),
        Ok(Ok(Ok(()))) => Ok(()),
    }
}
