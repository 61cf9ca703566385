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
    AccountId, ClusterId, ClusterManagement, Error, NodeKey, NodeStatusInCluster, Params, Resource,
    VNodeToken,
};
use ink::codegen::TraitCallBuilder;
use ink::env::call::utils::{ReturnType, Set};
use ink::env::call::{Call, CallBuilder, ExecutionInput};
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
            | Self::DistributeRevenues { cluster } => *cluster,
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
    let mut core: ink::contract_ref!(ClusterManagement, DefaultEnvironment) = core.into();
    let core = core.call_mut();
    match action.clone() {
        ClusterAction::AcceptManager { cluster } => invoke(core.cluster_accept_manager(cluster)),
        ClusterAction::TransferManager {
            cluster,
            new_manager,
        } => invoke(core.cluster_transfer_manager(cluster, new_manager)),
        ClusterAction::AddNode {
            cluster,
            node_key,
            v_nodes,
        } => invoke(core.cluster_add_node(cluster, node_key, v_nodes)),
        ClusterAction::RemoveNode { cluster, node_key } => {
            invoke(core.cluster_remove_node(cluster, node_key))
        }
        ClusterAction::ReplaceNode {
            cluster,
            v_nodes,
            new_node_key,
        } => invoke(core.cluster_replace_node(cluster, v_nodes, new_node_key)),
        ClusterAction::SetNodeStatus {
            cluster,
            node_key,
            status,
        } => invoke(core.cluster_set_node_status(cluster, node_key, status)),
        ClusterAction::ChangeParams { cluster, params } => {
            invoke(core.cluster_change_params(cluster, params))
        }
        ClusterAction::SetResourcePerVnode { cluster, resource } => {
            invoke(core.cluster_set_resource_per_vnode(cluster, resource))
        }
        ClusterAction::DistributeRevenues { cluster } => {
            invoke(core.cluster_distribute_revenues(cluster))
        }
    }
}

/// A prepared call of a `ClusterManagement` message.
type CoreCall<Args> = CallBuilder<
    DefaultEnvironment,
    Set<Call<DefaultEnvironment>>,
    Set<ExecutionInput<Args>>,
    Set<ReturnType<crate::Result<()>>>,
>;

/// Invoke a prepared core call with the explicit limits and flatten its three result layers.
fn invoke<Args: scale::Encode>(call: CoreCall<Args>) -> Result<(), CoreCallError> {
    match call
        .ref_time_limit(CORE_CALL_REF_TIME_LIMIT)
        .proof_size_limit(CORE_CALL_PROOF_SIZE_LIMIT)
        .try_invoke()
    {
        Err(_) => Err(CoreCallError::CallFailed),
        Ok(Err(_)) => Err(CoreCallError::LangError),
        Ok(Ok(Err(error))) => Err(CoreCallError::Core(error)),
        Ok(Ok(Ok(()))) => Ok(()),
    }
}
