//! The role commands' command line.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Options every role command takes (before or after the sub-command).
#[derive(Args, Clone, Debug)]
pub struct Common {
    /// Network file name in scripts/networks/ (sandbox, local, cere-testnet, …).
    #[arg(long, global = true, default_value = "sandbox")]
    pub network: String,
    /// Directory of the deployment records (default: scripts/deployments).
    #[arg(long, global = true)]
    pub deployments: Option<PathBuf>,
    /// Who acts: a dev account (alice, bob, charlie, dave, eve, ferdie = //Alice, …) or
    /// `deployer` (the default). On the sandbox also any SS58 address; on chains the default
    /// is the key in the network's secret-URI variable (e.g. $DDC_LOCAL_SURI), and an SS58
    /// address must be that key's. Secrets never go on the command line.
    #[arg(long = "as", global = true, value_name = "NAME|SS58")]
    pub as_: Option<String>,
    /// Print what a read command shows as JSON (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
}

/// The role commands.
#[derive(Debug, Clone)]
pub enum RoleCmd {
    Multisig(MultisigCmd),
    Dao(DaoCmd),
    Node(NodeCmd),
    Bucket(BucketCmd),
    Token(TokenCmd),
    Advance {
        blocks: Option<u32>,
        time: Option<String>,
    },
}

impl RoleCmd {
    /// Whether the command signs something.
    pub fn writes(&self) -> bool {
        match self {
            RoleCmd::Multisig(cmd) => !matches!(cmd, MultisigCmd::List | MultisigCmd::Show { .. }),
            RoleCmd::Dao(cmd) => !matches!(
                cmd,
                DaoCmd::List | DaoCmd::Show { .. } | DaoCmd::Power { .. }
            ),
            RoleCmd::Node(cmd) => !matches!(cmd, NodeCmd::Show { .. }),
            RoleCmd::Bucket(cmd) => !matches!(cmd, BucketCmd::Status { .. }),
            RoleCmd::Token(cmd) => !matches!(cmd, TokenCmd::Balance { .. }),
            RoleCmd::Advance { .. } => true,
        }
    }
}

/// A cluster decision (the `ClusterAction` both managers propose). Accounts are names (alice,
/// bob, …, multisig, dao) or SS58 addresses.
#[derive(Subcommand, Debug, Clone)]
pub enum ClusterCmd {
    /// Admit a node: add-node --cluster 1 --node <key> --vnodes 1,2
    AddNode {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        node: String,
        /// Comma-separated vnode tokens (1 to 16, new in the cluster).
        #[arg(long)]
        vnodes: String,
    },
    /// Remove a node from a cluster.
    RemoveNode {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        node: String,
    },
    /// Move vnodes to another node of the cluster.
    ReplaceNode {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        vnodes: String,
        /// The node that takes the vnodes.
        #[arg(long)]
        node: String,
    },
    /// Set a node's status in its cluster (adding, active, deleting, offline).
    SetNodeStatus {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        node: String,
        #[arg(long)]
        status: String,
    },
    /// Replace a cluster's params.
    ChangeParams {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        params: String,
    },
    /// Set the resource each vnode reserves.
    SetResourcePerVnode {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        resource: u32,
    },
    /// Pay out a cluster's revenues (fees and providers).
    DistributeRevenues {
        #[arg(long)]
        cluster: u32,
    },
    /// Evict a bucket whose owner does not pay.
    EvictBucket {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        bucket: u32,
    },
    /// Take over a cluster offered to this manager.
    AcceptManager {
        #[arg(long)]
        cluster: u32,
    },
    /// Offer a cluster to another manager.
    TransferManager {
        #[arg(long)]
        cluster: u32,
        #[arg(long)]
        to: String,
    },
}

/// What a multisig proposal does.
#[derive(Subcommand, Debug, Clone)]
pub enum MultisigAction {
    #[command(flatten)]
    Cluster(ClusterCmd),
    /// Add a signer (bumps the epoch: open proposals become stale).
    AddSigner { who: String },
    /// Remove a signer (bumps the epoch).
    RemoveSigner { who: String },
    /// Replace a signer in place (bumps the epoch).
    ReplaceSigner {
        #[arg(long)]
        old: String,
        #[arg(long)]
        new: String,
    },
    /// Set the number of approvals needed (bumps the epoch).
    ChangeThreshold { threshold: u32 },
    /// Set the default lifetime of new proposals (e.g. 7d).
    SetLifetime { lifetime: String },
    /// Pin the core to a code hash (0x…), or `none` to unpin.
    SetCorePin { hash: String },
    /// Pay CERE from the multisig's balance.
    Transfer {
        #[arg(long)]
        to: String,
        /// In CERE (10 decimals), e.g. 1.5.
        amount: String,
    },
    /// As the DAO's guardian, veto one of its passed proposals.
    VetoDao {
        /// The DAO proposal's id.
        proposal: u64,
        /// The DAO (default: the recorded one).
        #[arg(long)]
        dao: Option<String>,
    },
}

#[derive(Subcommand, Debug, Clone)]
pub enum MultisigCmd {
    /// Propose an action (the proposer's approval counts).
    Propose {
        /// Lifetime of this proposal (e.g. 2d; default: the multisig's).
        #[arg(long, global = true)]
        lifetime: Option<String>,
        #[command(subcommand)]
        action: MultisigAction,
    },
    /// Approve a proposal (--execute: and execute it if that makes enough approvals).
    Approve {
        id: u64,
        #[arg(long)]
        execute: bool,
    },
    /// Reject a proposal.
    Reject { id: u64 },
    /// Withdraw your approval.
    Revoke { id: u64 },
    /// Withdraw your own proposal (while nobody else approves it).
    Cancel { id: u64 },
    /// Execute an approved proposal (anyone).
    Execute { id: u64 },
    /// Every proposal, open ones first: state, action, approvals and by whom, expiry.
    List,
    /// One proposal in detail.
    Show { id: u64 },
}

/// What a DAO proposal does.
#[derive(Subcommand, Debug, Clone)]
pub enum DaoAction {
    #[command(flatten)]
    Cluster(ClusterCmd),
    /// Change the settings of proposals created afterwards (a critical action); a field not
    /// given keeps its current value. Periods in blocks, shares in basis points.
    UpdateSettings(SettingsArgs),
    /// Set or remove (`none`) the guardian who may veto passed proposals.
    SetGuardian { who: String },
    /// Pin the core to a code hash (0x…), or `none` to unpin.
    SetCorePin { hash: String },
    /// Pay CERE from the DAO's balance.
    Transfer {
        #[arg(long)]
        to: String,
        amount: String,
    },
}

/// New DAO settings; `None` keeps the current value.
#[derive(Args, Debug, Clone)]
pub struct SettingsArgs {
    /// Blocks from creation to the first voting block.
    #[arg(long)]
    pub voting_delay: Option<u32>,
    /// Voting blocks.
    #[arg(long)]
    pub voting_period: Option<u32>,
    /// For + Abstain needed, in basis points of the total stake at the snapshot.
    #[arg(long)]
    pub quorum_bp: Option<u32>,
    /// For must be strictly more than this share of For + Against (basis points).
    #[arg(long)]
    pub approval_threshold_bp: Option<u32>,
    /// The quorum of critical actions (basis points).
    #[arg(long)]
    pub critical_quorum_bp: Option<u32>,
    /// The approval threshold of critical actions (basis points).
    #[arg(long)]
    pub critical_approval_threshold_bp: Option<u32>,
    /// Voting weight needed to propose, in tokens (e.g. 10, 0.5).
    #[arg(long)]
    pub proposal_threshold: Option<String>,
    /// Blocks after voting before execution (the guardian's veto window).
    #[arg(long)]
    pub execution_delay: Option<u32>,
    /// Blocks execution stays possible after the delay.
    #[arg(long)]
    pub execution_window: Option<u32>,
    /// Late-quorum extension in blocks (0 disables).
    #[arg(long)]
    pub late_quorum_extension: Option<u32>,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum VoteArg {
    For,
    Against,
    Abstain,
}

#[derive(Subcommand, Debug, Clone)]
pub enum DaoCmd {
    /// Stake governance tokens (approves the DAO, then stakes; counts from the next block).
    Stake { amount: String },
    /// Take staked tokens back.
    Unstake { amount: String },
    /// Give your voting weight to another account (yourself to take it back).
    Delegate { to: String },
    /// Propose an action to vote on.
    Propose {
        /// Why (emitted with the proposal; default: the action in words).
        #[arg(long, global = true)]
        description: Option<String>,
        #[command(subcommand)]
        action: DaoAction,
    },
    /// Vote on an active proposal.
    Vote { id: u64, vote: VoteArg },
    /// Execute a passed proposal once its delay is over (anyone).
    Execute { id: u64 },
    /// Withdraw your proposal before voting opens.
    Cancel { id: u64 },
    /// Veto a passed proposal (the guardian).
    Veto { id: u64 },
    /// Every proposal, live ones first: state, action, tallies, blocks to the next step.
    List,
    /// One proposal in detail, with the quorum's progress.
    Show { id: u64 },
    /// An account's stake, delegate and voting weight (default: the acting account).
    Power { who: Option<String> },
}

#[derive(Subcommand, Debug, Clone)]
pub enum NodeCmd {
    /// Register a node (the acting account becomes its provider).
    Register {
        /// The node's key: a name or an SS58 address.
        #[arg(long)]
        key: String,
        #[arg(long)]
        capacity: u32,
        /// USD per resource unit per vnode per month (e.g. 0.5).
        #[arg(long)]
        rent: String,
        #[arg(long, default_value = "{}")]
        params: String,
    },
    /// Let a manager (multisig, dao, or an address) add your nodes to its clusters.
    Trust { manager: String },
    /// Withdraw that consent.
    Distrust { manager: String },
    /// Change a node's rent (an increase of a node in a cluster takes the unbonding notice).
    Rent {
        #[arg(long)]
        key: String,
        /// USD per resource unit per vnode per month.
        #[arg(long)]
        rent: String,
    },
    /// A node: provider, cluster, status, vnodes, rent.
    Show { key: String },
}

#[derive(Subcommand, Debug, Clone)]
pub enum BucketCmd {
    /// Create a bucket in a cluster (the acting account owns and pays).
    Create {
        #[arg(long)]
        cluster: u32,
        #[arg(long, default_value = "{}")]
        params: String,
    },
    /// Deposit CERE to pay rent (your account, or --for another's).
    Deposit {
        amount: String,
        #[arg(long = "for")]
        for_: Option<String>,
    },
    /// Reserve resource for a bucket (the deposit must cover a day of rent).
    Alloc { bucket: u32, resource: u32 },
    /// What a bucket pays and until when its owner's deposit covers it.
    Status { bucket: u32 },
}

#[derive(Subcommand, Debug, Clone)]
pub enum TokenCmd {
    /// Send governance tokens.
    Transfer {
        #[arg(long)]
        to: String,
        amount: String,
    },
    /// Governance-token balance (default: the acting account).
    Balance { who: Option<String> },
}
