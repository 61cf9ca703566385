//! Typed cluster actions shared by the manager contracts, and the one place that sends them to
//! the core as cross-contract calls.
//!
//! A manager stores a [`ClusterAction`] in a proposal and, once the proposal is ready, calls
//! [`execute_cluster_action`]. The call never allows re-entry (ink!'s default call flags), has
//! explicit gas limits, and maps all three result layers — the environment's error, ink!'s
//! `LangError` and the core's own [`Error`] — to a [`CoreCallError`].

// scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
// contract lint set denies; the cast is the derive's, bounded by the variant count.
#![allow(clippy::cast_possible_truncation)]

use crate::{
    AccountId, BucketId, ClusterId, Error, NodeKey, NodeStatusInCluster, Params, Resource,
    VNodeToken,
};
use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::DefaultEnvironment;
use ink::prelude::vec::Vec;
use ink::primitives::Hash;

/// Most computation (ref_time, picoseconds) one call to the core may use. The heaviest cluster
/// action (`DistributeRevenues` over 32 providers) stays far below it.
pub const CORE_CALL_REF_TIME_LIMIT: u64 = 100_000_000_000;
/// Most proof size (bytes) one call to the core may use (its code is below 128 KiB).
pub const CORE_CALL_PROOF_SIZE_LIMIT: u64 = 1024 * 1024;

/// A cluster decision a manager contract takes on the core, sent as the matching
/// `ClusterManagement` message.
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(
    feature = "std",
    derive(scale_info::TypeInfo, ink::storage::traits::StorageLayout)
)]
pub enum ClusterAction {
    /// `cluster_accept_manager`: take over a cluster offered to the manager contract.
    AcceptManager { cluster: ClusterId },
    /// `cluster_transfer_manager`: offer the cluster to another manager.
    TransferManager {
        cluster: ClusterId,
        new_manager: AccountId,
    },
    /// `cluster_add_node`: admit a node with these vnode tokens.
    AddNode {
        cluster: ClusterId,
        node_key: NodeKey,
        v_nodes: Vec<VNodeToken>,
    },
    /// `cluster_remove_node`.
    RemoveNode {
        cluster: ClusterId,
        node_key: NodeKey,
    },
    /// `cluster_replace_node`: move these vnodes to another node of the cluster.
    ReplaceNode {
        cluster: ClusterId,
        v_nodes: Vec<VNodeToken>,
        new_node_key: NodeKey,
    },
    /// `cluster_set_node_status`.
    SetNodeStatus {
        cluster: ClusterId,
        node_key: NodeKey,
        status: NodeStatusInCluster,
    },
    /// `cluster_change_params`.
    ChangeParams { cluster: ClusterId, params: Params },
    /// `cluster_set_resource_per_vnode`.
    SetResourcePerVnode {
        cluster: ClusterId,
        resource: Resource,
    },
    /// `cluster_distribute_revenues`.
    DistributeRevenues { cluster: ClusterId },
    /// `cluster_evict_bucket`: free the resource of a bucket whose owner does not pay.
    EvictBucket {
        cluster: ClusterId,
        bucket: BucketId,
    },
}

impl ClusterAction {
    /// The cluster the action is about.
    pub fn cluster(&self) -> ClusterId {
        match self {
            Self::AcceptManager { cluster }
            | Self::TransferManager { cluster, .. }
            | Self::AddNode { cluster, .. }
            | Self::RemoveNode { cluster, .. }
            | Self::ReplaceNode { cluster, .. }
            | Self::SetNodeStatus { cluster, .. }
            | Self::ChangeParams { cluster, .. }
            | Self::SetResourcePerVnode { cluster, .. }
            | Self::DistributeRevenues { cluster }
            | Self::EvictBucket { cluster, .. } => *cluster,
        }
    }

    /// Selector of the core's `ClusterManagement` message this action is sent as.
    pub fn selector(&self) -> [u8; 4] {
        match self {
            Self::AcceptManager { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_accept_manager")
            }
            Self::TransferManager { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_transfer_manager")
            }
            Self::AddNode { .. } => ink::selector_bytes!("ClusterManagement::cluster_add_node"),
            Self::RemoveNode { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_remove_node")
            }
            Self::ReplaceNode { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_replace_node")
            }
            Self::SetNodeStatus { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_set_node_status")
            }
            Self::ChangeParams { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_change_params")
            }
            Self::SetResourcePerVnode { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_set_resource_per_vnode")
            }
            Self::DistributeRevenues { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_distribute_revenues")
            }
            Self::EvictBucket { .. } => {
                ink::selector_bytes!("ClusterManagement::cluster_evict_bucket")
            }
        }
    }

    /// Checks a manager can do before storing the action: vnode lists and params within the
    /// core's bounds (the core checks again; this only keeps oversized proposals out of storage).
    pub fn check_bounds(&self) -> bool {
        match self {
            Self::AddNode { v_nodes, .. } | Self::ReplaceNode { v_nodes, .. } => {
                !v_nodes.is_empty() && v_nodes.len() <= crate::MAX_VNODES_PER_NODE
            }
            Self::ChangeParams { params, .. } => params.len() <= crate::MAX_PARAMS_LEN,
            _ => true,
        }
    }
}

/// Why a call to the core did not succeed, one variant per result layer (plus the code pin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub enum CoreCallError {
    /// The environment refused or aborted the call: the core trapped, ran out of gas, does not
    /// exist, or tried to re-enter the manager.
    CallFailed,
    /// The core did not understand the call (ink!'s `LangError`: wrong selector or input).
    LangError,
    /// The core ran the message and returned this error.
    Core(Error),
    /// The core's code hash is not the one the manager was pinned to.
    CodeHashChanged,
}

/// Send `action` to the core at `core` as a cross-contract call from the executing contract.
///
/// When `pinned_code_hash` is set, the call is refused (`CodeHashChanged`) unless the core's
/// current code hash equals it. Re-entry into the caller is never allowed (default call flags);
/// gas is limited by [`CORE_CALL_REF_TIME_LIMIT`] and [`CORE_CALL_PROOF_SIZE_LIMIT`].
///
/// One call path serves every action (small code): each variant's fields are, in order, the
/// arguments of its `ClusterManagement` message, so the call input is the message's selector
/// followed by the action's SCALE encoding without its variant byte. The drink tests execute
/// every variant against the real core and compare the selectors with the core's metadata.
pub fn execute_cluster_action(
    core: AccountId,
    pinned_code_hash: Option<Hash>,
    action: &ClusterAction,
) -> Result<(), CoreCallError> {
    if let Some(pinned) = pinned_code_hash {
        let current = ink::env::code_hash::<DefaultEnvironment>(&core)
            .map_err(|_| CoreCallError::CodeHashChanged)?;
        if current != pinned {
            return Err(CoreCallError::CodeHashChanged);
        }
    }
    let encoded = scale::Encode::encode(action);
    let arguments = RawInput(encoded.get(1..).unwrap_or_default());
    let result = build_call::<DefaultEnvironment>()
        .call(core)
        .ref_time_limit(CORE_CALL_REF_TIME_LIMIT)
        .proof_size_limit(CORE_CALL_PROOF_SIZE_LIMIT)
        .exec_input(ExecutionInput::new(Selector::new(action.selector())).push_arg(arguments))
        .returns::<crate::Result<()>>()
        .try_invoke();
    match result {
        Err(_) => Err(CoreCallError::CallFailed),
        Ok(Err(_)) => Err(CoreCallError::LangError),
        Ok(Ok(Err(error))) => Err(CoreCallError::Core(error)),
        Ok(Ok(Ok(()))) => Ok(()),
    }
}

/// Call input appended verbatim after a selector: arguments that are already SCALE-encoded
/// (an action's fields, a PSP22 call's arguments, a test double's callback).
pub struct RawInput<'a>(pub &'a [u8]);

impl scale::Encode for RawInput<'_> {
    fn size_hint(&self) -> usize {
        self.0.len()
    }
    fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(self.0);
    }
}
