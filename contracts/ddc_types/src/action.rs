//! Typed cluster actions the manager contracts store in proposals and send to the core (the
//! call itself is `manager_kit::carry_out`), and the error of such a call.

// scale's derive casts the variant index of a data-carrying variant with `as u8`, which the
// contract lint set denies; the cast is the derive's, bounded by the variant count.
#![allow(clippy::cast_possible_truncation)]

use crate::{
    AccountId, BucketId, ClusterId, Error, NodeKey, NodeStatusInCluster, Params, Resource,
    VNodeToken,
};
use ink::prelude::vec::Vec;

/// A cluster decision a manager contract takes on the core, sent as the matching
/// `ClusterManagement` message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
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

/// Why a manager's call out (to the core, or to a DAO it guards) did not succeed, one variant
/// per result layer (plus the code pin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
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
    /// Another manager contract (a DAO asked to veto) ran the message and returned its own
    /// error: the variant index of that error in the callee's ABI.
    Refused(u8),
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
