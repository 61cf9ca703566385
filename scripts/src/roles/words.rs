//! Words for the role commands: amounts, durations, accounts, actions and errors as people
//! read them, and the transcoder notation the contracts are called with.

use anyhow::{bail, Context, Result};
use ddc_tests::dao::manager_dao::types::{Action as DaoAction, Error as DaoError};
use ddc_tests::ddc_types::{ClusterAction, CoreCallError, Error as CoreError, NodeStatusInCluster};
use drink::{AccountId32, Ss58Codec};
use ink::primitives::AccountId;
use manager_multisig::types::{Action as MsAction, Error as MsError};

/// Decimals of the native currency, the governance token and USD amounts.
pub const DECIMALS: u32 = 10;

/// The dev accounts (`--as alice` = `//Alice`, …).
pub const DEV_ACCOUNTS: [&str; 6] = ["alice", "bob", "charlie", "dave", "eve", "ferdie"];

/// The secret URI of a dev account name (`alice` → `//Alice`), if it is one.
pub fn dev_uri(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    DEV_ACCOUNTS.contains(&lower.as_str()).then(|| {
        let mut chars = lower.chars();
        let first = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_default();
        format!("//{first}{}", chars.as_str())
    })
}

/// The public key of a dev account name.
pub fn dev_account(name: &str) -> Option<AccountId32> {
    let uri = dev_uri(name)?;
    let key = crate::chain::keypair(&uri).ok()?;
    Some(AccountId32::new(key.public_key().0))
}

/// Known accounts by name: the dev accounts, the deployer and the suite's contracts.
#[derive(Clone, Default)]
pub struct Names {
    known: Vec<(AccountId32, String)>,
}

impl Names {
    pub fn new(deployer: &AccountId32, contracts: &[(&str, &AccountId32)]) -> Self {
        let mut known = Vec::new();
        for (name, account) in contracts {
            known.push(((*account).clone(), (*name).to_string()));
        }
        for name in DEV_ACCOUNTS {
            if let Some(account) = dev_account(name) {
                known.push((account, name.to_string()));
            }
        }
        // Last: a dev account that deploys is named as the dev account.
        known.push((deployer.clone(), "deployer".into()));
        Self { known }
    }

    /// `alice`, `multisig`, …, or the SS58 address.
    pub fn name(&self, account: &AccountId32) -> String {
        self.known
            .iter()
            .find(|(a, _)| a == account)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| account.to_ss58check())
    }

    pub fn name_ink(&self, account: &AccountId) -> String {
        self.name(&from_ink(account))
    }

    /// An account from a name (`alice`, `deployer`, `multisig`, `dao`, `core`, `token`) or an
    /// SS58 address.
    pub fn resolve(&self, text: &str) -> Result<AccountId32> {
        let lower = text.to_ascii_lowercase();
        if let Some((account, _)) = self.known.iter().find(|(_, n)| *n == lower) {
            return Ok(account.clone());
        }
        AccountId32::from_ss58check(text).map_err(|_| {
            anyhow::anyhow!(
                "'{text}' is neither an SS58 address nor a known name ({}, deployer, core, multisig, token, dao)",
                DEV_ACCOUNTS.join(", ")
            )
        })
    }

    /// Every SS58 address in `text` replaced by its name.
    pub fn replace_in(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (account, name) in &self.known {
            out = out.replace(&account.to_ss58check(), name);
        }
        out
    }
}

pub fn from_ink(account: &AccountId) -> AccountId32 {
    AccountId32::new(*account.as_ref())
}

pub fn to_ink(account: &AccountId32) -> AccountId {
    AccountId::from(<[u8; 32]>::from(account.clone()))
}

/// A decimal amount (`500`, `0.25`, `1_000`) in units of `decimals` decimals.
pub fn parse_amount(text: &str, decimals: u32) -> Result<u128> {
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let (whole, frac) = clean.split_once('.').unwrap_or((&clean, ""));
    let bad = || format!("'{text}' is not an amount (e.g. 500 or 0.25)");
    if whole.is_empty() && frac.is_empty() {
        bail!(bad());
    }
    if !whole
        .chars()
        .chain(frac.chars())
        .all(|c| c.is_ascii_digit())
    {
        bail!(bad());
    }
    if frac.len() > usize::try_from(decimals)? {
        bail!("'{text}' has more than {decimals} decimals");
    }
    let scale = 10u128.checked_pow(decimals).context("too many decimals")?;
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().with_context(bad)?
    };
    let frac_units: u128 = if frac.is_empty() {
        0
    } else {
        let padding = decimals
            .checked_sub(u32::try_from(frac.len())?)
            .context("too many decimals")?;
        frac.parse::<u128>()
            .with_context(bad)?
            .checked_mul(10u128.pow(padding))
            .with_context(bad)?
    };
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_units))
        .with_context(|| format!("'{text}' is too large"))
}

/// `units` of `decimals` decimals as text, trailing zeros dropped (`1234.5`, `0`).
pub fn amount(units: u128, decimals: u32) -> String {
    let scale = 10u128.pow(decimals);
    let whole = units / scale;
    let frac = units % scale;
    let mut whole_text = String::new();
    for (i, c) in whole.to_string().chars().rev().enumerate() {
        if i > 0 && i % 3 == 0 {
            whole_text.push(' ');
        }
        whole_text.push(c);
    }
    let whole_text: String = whole_text.chars().rev().collect();
    if frac == 0 {
        return whole_text;
    }
    let digits = usize::try_from(decimals).unwrap_or(0);
    let frac_text = format!("{frac:0digits$}");
    format!("{whole_text}.{}", frac_text.trim_end_matches('0'))
}

/// A duration: `90s`, `30m` or `30min`, `12h`, `7d`, `2w`, `1500ms`.
pub fn parse_duration(text: &str) -> Result<u64> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let unit = text[digits.len()..].trim();
    let n: u64 = digits
        .parse()
        .with_context(|| format!("'{text}' is not a duration (e.g. 90s, 30m, 12h, 7d)"))?;
    let factor: u64 = match unit {
        "ms" => 1,
        "s" | "" => 1_000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 7 * 86_400_000,
        other => bail!("unknown unit '{other}' in '{text}' (ms, s, m, h, d, w)"),
    };
    n.checked_mul(factor)
        .with_context(|| format!("'{text}' is too long"))
}

/// `ms` as the two largest units: `6 d 23 h`, `5 min 3 s`, `0 s`.
pub fn duration(ms: u64) -> String {
    let units = [
        ("d", 86_400_000u64),
        ("h", 3_600_000),
        ("min", 60_000),
        ("s", 1_000),
    ];
    let mut parts = Vec::new();
    let mut rest = ms;
    for (name, size) in units {
        let n = rest / size;
        rest %= size;
        if n > 0 || !parts.is_empty() {
            parts.push(format!("{n} {name}"));
        }
        if parts.len() == 2 {
            break;
        }
    }
    if parts.is_empty() {
        return if ms == 0 {
            "0 s".into()
        } else {
            format!("{ms} ms")
        };
    }
    // "1 d 0 h" reads better as "1 d".
    if parts.len() == 2 && parts[1].starts_with("0 ") {
        parts.pop();
    }
    parts.join(" ")
}

/// When `at` is, seen from `now`: `in 6 d 23 h` or `2 h ago`.
pub fn relative(at: u64, now: u64) -> String {
    if at >= now {
        format!("in {}", duration(at - now))
    } else {
        format!("{} ago", duration(now - at))
    }
}

/// `ms` since the Unix epoch as a UTC date and time (`2025-06-01 12:00 UTC`).
pub fn utc(ms: u64) -> String {
    let secs = ms / 1000;
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let (h, m) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{d:02} {h:02}:{m:02} UTC")
}

/// `NotSigner` → `not signer`.
pub fn camel_words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push(' ');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `1, 2, 3`.
pub fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `1,2,3` → `[1, 2, 3]`.
pub fn parse_vnodes(text: &str) -> Result<Vec<u64>> {
    text.split(',')
        .map(|t| {
            t.trim()
                .parse::<u64>()
                .with_context(|| format!("'{t}' is not a vnode token (a number)"))
        })
        .collect()
}

pub fn parse_status(text: &str) -> Result<NodeStatusInCluster> {
    Ok(match text.to_ascii_lowercase().as_str() {
        "adding" => NodeStatusInCluster::Adding,
        "active" => NodeStatusInCluster::Active,
        "deleting" => NodeStatusInCluster::Deleting,
        "offline" => NodeStatusInCluster::Offline,
        other => bail!("unknown node status '{other}' (adding, active, deleting, offline)"),
    })
}

// ---- transcoder notation -----------------------------------------------------------------

/// `value` in transcoder notation, written from `bundle`'s metadata (so an action variant added
/// to a contract needs no code here).
fn transcoder_form<T: scale::Encode + ink::scale_info::TypeInfo + 'static>(
    bundle: ddc_bundles::BundleProvider,
    value: &T,
) -> String {
    let bundle = bundle
        .bundle()
        .expect("the contract's bundle (built with the tool)");
    ddc_bundles::scon_of(&bundle.transcoder, value)
}

/// A multisig action in transcoder notation.
pub fn multisig_action_arg(action: &MsAction) -> String {
    transcoder_form(ddc_bundles::BundleProvider::ManagerMultisig, action)
}

/// A DAO action in transcoder notation.
pub fn dao_action_arg(action: &DaoAction) -> String {
    transcoder_form(ddc_bundles::BundleProvider::ManagerDao, action)
}

// ---- actions in words ----------------------------------------------------------------------

pub fn cluster_action_words(action: &ClusterAction, names: &Names) -> String {
    use ClusterAction::*;
    match action {
        AcceptManager { cluster } => format!("accept the management of cluster {cluster}"),
        TransferManager {
            cluster,
            new_manager,
        } => format!(
            "hand cluster {cluster} over to {}",
            names.name_ink(new_manager)
        ),
        AddNode {
            cluster,
            node_key,
            v_nodes,
        } => format!(
            "add node {} to cluster {cluster} with vnodes {}",
            names.name_ink(node_key),
            list(v_nodes)
        ),
        RemoveNode { cluster, node_key } => format!(
            "remove node {} from cluster {cluster}",
            names.name_ink(node_key)
        ),
        ReplaceNode {
            cluster,
            v_nodes,
            new_node_key,
        } => format!(
            "move vnodes {} of cluster {cluster} to node {}",
            list(v_nodes),
            names.name_ink(new_node_key)
        ),
        SetNodeStatus {
            cluster,
            node_key,
            status,
        } => format!(
            "set node {} of cluster {cluster} {}",
            names.name_ink(node_key),
            format!("{status:?}").to_ascii_lowercase()
        ),
        ChangeParams { cluster, params } => {
            format!("change the params of cluster {cluster} to {params:?}")
        }
        SetResourcePerVnode { cluster, resource } => {
            format!("set the resource per vnode of cluster {cluster} to {resource}")
        }
        DistributeRevenues { cluster } => format!("distribute the revenues of cluster {cluster}"),
        EvictBucket { cluster, bucket } => {
            format!("evict bucket {bucket} from cluster {cluster} (its owner does not pay)")
        }
    }
}

pub fn multisig_action_words(action: &MsAction, names: &Names) -> String {
    match action {
        MsAction::Cluster(a) => cluster_action_words(a, names),
        MsAction::AddSigner(a) => format!("add signer {}", names.name_ink(a)),
        MsAction::RemoveSigner(a) => format!("remove signer {}", names.name_ink(a)),
        MsAction::ReplaceSigner { old, new } => format!(
            "replace signer {} by {}",
            names.name_ink(old),
            names.name_ink(new)
        ),
        MsAction::ChangeThreshold(t) => format!("require {t} approvals"),
        MsAction::SetLifetime(ms) => {
            format!("make new proposals live {}", duration(*ms))
        }
        MsAction::SetCorePin(Some(hash)) => {
            format!("pin the core to code {}", ddc_tests::hex(hash.as_ref()))
        }
        MsAction::SetCorePin(None) => "unpin the core's code".into(),
        MsAction::Transfer { to, amount: a } => format!(
            "pay {} CERE of the multisig's balance to {}",
            amount(*a, DECIMALS),
            names.name_ink(to)
        ),
        MsAction::VetoDaoProposal { dao, proposal } => format!(
            "veto proposal #{proposal} of the DAO {}",
            names.name_ink(dao)
        ),
    }
}

pub fn dao_action_words(action: &DaoAction, names: &Names) -> String {
    match action {
        DaoAction::Cluster(a) => cluster_action_words(a, names),
        DaoAction::UpdateSettings(s) => format!(
            "change the settings (voting delay {}, period {} blocks, quorum {} bp, threshold {} bp)",
            s.voting_delay, s.voting_period, s.quorum_bp, s.approval_threshold_bp
        ),
        DaoAction::SetGuardian(Some(g)) => format!("make {} the guardian", names.name_ink(g)),
        DaoAction::SetGuardian(None) => "remove the guardian".into(),
        DaoAction::SetCorePin(Some(hash)) => {
            format!("pin the core to code {}", ddc_tests::hex(hash.as_ref()))
        }
        DaoAction::SetCorePin(None) => "unpin the core's code".into(),
        DaoAction::Transfer { to, amount: a } => format!(
            "pay {} CERE of the DAO's balance to {}",
            amount(*a, DECIMALS),
            names.name_ink(to)
        ),
    }
}

// ---- errors in words -----------------------------------------------------------------------

pub fn core_error(error: &CoreError) -> String {
    use CoreError::*;
    match error {
        NodeAlreadyExists => "a node with this key is already registered".into(),
        NodeDoesNotExist => "no node with this key is registered".into(),
        OnlyNodeProvider => "only the node's provider may do this".into(),
        NodeIsInCluster => "the node is already in a cluster".into(),
        ProviderDoesNotTrustManager => {
            "the node's provider does not trust this manager (run `node trust <manager>` as the provider)".into()
        }
        InsufficientNodeCapacity => "the node's capacity is below vnodes × resource per vnode".into(),
        ClusterDoesNotExist => "no such cluster".into(),
        OnlyClusterManager => "only the cluster's manager may do this".into(),
        VNodeTokenTaken => "a vnode token is already taken in this cluster".into(),
        BucketDoesNotExist => "no such bucket".into(),
        OnlyBucketOwner => "only the bucket's owner may do this".into(),
        InsufficientDeposit => {
            "the owner's deposit does not cover a day of its buckets' rent (`bucket deposit` first)".into()
        }
        BucketRentCovered => "the bucket's owner is covered and owes no debt: it cannot be evicted".into(),
        other => camel_words(&format!("{other:?}")),
    }
}

pub fn core_call_error(error: &CoreCallError) -> String {
    match error {
        CoreCallError::Core(e) => format!("the core refused: {}", core_error(e)),
        CoreCallError::CallFailed => "the call out failed (trap, out of gas or re-entry)".into(),
        CoreCallError::LangError => "the callee did not understand the call".into(),
        CoreCallError::CodeHashChanged => "the core's code is not the pinned one".into(),
        CoreCallError::Refused(i) => format!("the callee refused with its error #{i}"),
    }
}

pub fn multisig_error(error: &MsError) -> String {
    use MsError::*;
    match error {
        NotSigner => "not a signer of the multisig".into(),
        AlreadySigner => "already a signer".into(),
        UnknownSigner => "not a signer (cannot remove or replace it)".into(),
        InvalidThreshold => "the threshold must be 1 ..= the number of signers".into(),
        LastSigner => "the last signer cannot be removed".into(),
        ThresholdAboveSigners => {
            "fewer signers than the threshold would remain (lower the threshold first)".into()
        }
        ProposalNotFound => "unknown proposal".into(),
        ProposalClosed => "the proposal is closed (executed, rejected or cancelled)".into(),
        ProposalExpired => "the proposal expired".into(),
        ProposalStale => {
            "the proposal is stale: signers or threshold changed since it was made".into()
        }
        NotApproved => "the proposal has fewer approvals than the threshold".into(),
        AlreadyApproved => "already approved by this signer".into(),
        AlreadyRejected => "already rejected by this signer".into(),
        NoApprovalToRevoke => "this signer has no approval to revoke".into(),
        OnlyProposer => "only the proposer may cancel".into(),
        ApprovedByOthers => "other signers approved it: it can no longer be cancelled".into(),
        TooManyOpenProposals => "this signer has too many open proposals".into(),
        CoreCall(e) => core_call_error(e),
        other => camel_words(&format!("{other:?}")),
    }
}

pub fn dao_error(error: &DaoError) -> String {
    use DaoError::*;
    match error {
        ProposalNotFound => "unknown proposal".into(),
        InvalidState(state) => format!(
            "the proposal is {} ({})",
            format!("{state:?}").to_ascii_lowercase(),
            match state {
                ddc_tests::dao::manager_dao::types::ProposalState::Pending =>
                    "voting is not open yet",
                ddc_tests::dao::manager_dao::types::ProposalState::Active =>
                    "voting is still open",
                ddc_tests::dao::manager_dao::types::ProposalState::Succeeded =>
                    "passed; execution opens after the delay",
                _ => "not in the state this needs",
            }
        ),
        AlreadyVoted => "already voted on this proposal".into(),
        NoVotingPower => "no voting power at the proposal's snapshot (the block before it was made; stake and delegation count from the next block on)".into(),
        BelowProposalThreshold => "not enough voting power at the snapshot to propose".into(),
        ProposerHasLiveProposal => "this account already has a live proposal".into(),
        InsufficientStake => "not that much staked".into(),
        AlreadyDelegated => "already delegated to that account".into(),
        TokenTransferFailed => "the token transfer failed (approve the DAO and hold the tokens)".into(),
        OnlyProposer => "only the proposer may cancel".into(),
        OnlyGuardian => "only the guardian may veto".into(),
        CoreCall(e) => core_call_error(e),
        other => camel_words(&format!("{other:?}")),
    }
}

pub fn psp22_error(error: &psp22::PSP22Error) -> String {
    match error {
        psp22::PSP22Error::InsufficientBalance => "not enough tokens".into(),
        psp22::PSP22Error::InsufficientAllowance => "not enough allowance".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_and_print_with_ten_decimals() {
        assert_eq!(parse_amount("500", 10).unwrap(), 5_000_000_000_000);
        assert_eq!(parse_amount("0.25", 10).unwrap(), 2_500_000_000);
        assert_eq!(parse_amount("1_000", 10).unwrap(), 10_000_000_000_000);
        assert!(parse_amount("1.00000000001", 10).is_err());
        assert!(parse_amount("-1", 10).is_err());
        assert!(parse_amount("abc", 10).is_err());
        assert!(parse_amount("99999999999999999999999999999999999", 10).is_err());
        assert_eq!(amount(12_345_000_000_000, 10), "1 234.5");
        assert_eq!(amount(0, 10), "0");
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(parse_duration("7d").unwrap(), 604_800_000);
        assert_eq!(parse_duration("30m").unwrap(), 1_800_000);
        assert_eq!(parse_duration("1500ms").unwrap(), 1_500);
        assert!(parse_duration("7 days").is_err());
        assert_eq!(duration(604_800_000), "7 d");
        assert_eq!(duration(604_799_000), "6 d 23 h");
        assert_eq!(duration(303_000), "5 min 3 s");
        assert_eq!(relative(10_000, 4_000), "in 6 s");
        assert_eq!(relative(4_000, 10_000), "6 s ago");
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_748_779_200_000), "2025-06-01 12:00 UTC");
    }

    #[test]
    fn actions_read_as_words_and_as_transcoder_notation() {
        let alice = dev_account("alice").unwrap();
        let names = Names::new(&alice, &[]);
        let action = ClusterAction::AddNode {
            cluster: 1,
            node_key: to_ink(&alice),
            v_nodes: vec![1, 2],
        };
        assert_eq!(
            cluster_action_words(&action, &names),
            "add node alice to cluster 1 with vnodes 1, 2"
        );
        assert_eq!(
            multisig_action_arg(&MsAction::Cluster(action)),
            format!(
                "Cluster(AddNode {{ cluster: 1, node_key: {}, v_nodes: [1, 2] }})",
                alice.to_ss58check()
            )
        );
        assert_eq!(dev_uri("Bob").as_deref(), Some("//Bob"));
        assert_eq!(names.resolve("alice").unwrap(), alice);
        assert!(names.resolve("mallory").is_err());
        assert_eq!(camel_words("NotSigner"), "not signer");
    }
}
