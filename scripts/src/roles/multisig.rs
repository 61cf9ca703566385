//! `multisig …`: signers propose, approve, reject, revoke, cancel and execute; anyone lists.

use super::cli::{ClusterCmd, MultisigAction, MultisigCmd};
use super::words::{self, multisig_error, Names};
use super::{unknown_proposal, Ctx, Which};
use crate::backend::Backend;
use anyhow::{bail, Result};
use ddc_tests::ddc_types::ClusterAction;
use manager_multisig::types::{
    Action, Config, Error as MsError, Proposal, ProposalState, MAX_PAGE_LIMIT,
};
use serde_json::json;

pub fn run<B: Backend>(ctx: &mut Ctx<B>, cmd: MultisigCmd) -> Result<()> {
    match cmd {
        MultisigCmd::Propose { lifetime, action } => propose(ctx, lifetime, action),
        MultisigCmd::Approve { id, execute } => {
            let message = if execute {
                "approve_and_execute"
            } else {
                "approve"
            };
            vote(ctx, id, message, "approve")
        }
        MultisigCmd::Reject { id } => vote(ctx, id, "reject", "reject"),
        MultisigCmd::Revoke { id } => vote(ctx, id, "revoke_approval", "revoke the approval of"),
        MultisigCmd::Cancel { id } => vote(ctx, id, "cancel", "cancel"),
        MultisigCmd::Execute { id } => vote(ctx, id, "execute", "execute"),
        MultisigCmd::List => list(ctx),
        MultisigCmd::Show { id } => show(ctx, id),
    }
}

/// A cluster action from its sub-command.
pub fn cluster_action(names: &Names, cmd: &ClusterCmd) -> Result<ClusterAction> {
    let key = |text: &str| names.resolve(text).map(|a| words::to_ink(&a));
    Ok(match cmd {
        ClusterCmd::AddNode {
            cluster,
            node,
            vnodes,
        } => ClusterAction::AddNode {
            cluster: *cluster,
            node_key: key(node)?,
            v_nodes: words::parse_vnodes(vnodes)?,
        },
        ClusterCmd::RemoveNode { cluster, node } => ClusterAction::RemoveNode {
            cluster: *cluster,
            node_key: key(node)?,
        },
        ClusterCmd::ReplaceNode {
            cluster,
            vnodes,
            node,
        } => ClusterAction::ReplaceNode {
            cluster: *cluster,
            v_nodes: words::parse_vnodes(vnodes)?,
            new_node_key: key(node)?,
        },
        ClusterCmd::SetNodeStatus {
            cluster,
            node,
            status,
        } => ClusterAction::SetNodeStatus {
            cluster: *cluster,
            node_key: key(node)?,
            status: words::parse_status(status)?,
        },
        ClusterCmd::ChangeParams { cluster, params } => ClusterAction::ChangeParams {
            cluster: *cluster,
            params: params.clone(),
        },
        ClusterCmd::SetResourcePerVnode { cluster, resource } => {
            ClusterAction::SetResourcePerVnode {
                cluster: *cluster,
                resource: *resource,
            }
        }
        ClusterCmd::DistributeRevenues { cluster } => {
            ClusterAction::DistributeRevenues { cluster: *cluster }
        }
        ClusterCmd::EvictBucket { cluster, bucket } => ClusterAction::EvictBucket {
            cluster: *cluster,
            bucket: *bucket,
        },
        ClusterCmd::AcceptManager { cluster } => ClusterAction::AcceptManager { cluster: *cluster },
        ClusterCmd::TransferManager { cluster, to } => ClusterAction::TransferManager {
            cluster: *cluster,
            new_manager: key(to)?,
        },
    })
}

/// `0x…` (32 bytes) or `none`.
pub fn parse_pin(text: &str) -> Result<Option<ink::primitives::Hash>> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if digits.len() != 64 {
        bail!("'{text}' is not a code hash (0x and 64 hex digits) or `none`");
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        let pair = digits.get(2 * i..2 * i + 2).unwrap_or("zz");
        *byte = u8::from_str_radix(pair, 16)
            .map_err(|_| anyhow::anyhow!("'{text}' is not a code hash (hex digits)"))?;
    }
    Ok(Some(ink::primitives::Hash::from(bytes)))
}

fn action<B: Backend>(ctx: &Ctx<B>, cmd: &MultisigAction) -> Result<Action> {
    let names = &ctx.names;
    let account = |text: &str| names.resolve(text).map(|a| words::to_ink(&a));
    Ok(match cmd {
        MultisigAction::Cluster(c) => Action::Cluster(cluster_action(names, c)?),
        MultisigAction::AddSigner { who } => Action::AddSigner(account(who)?),
        MultisigAction::RemoveSigner { who } => Action::RemoveSigner(account(who)?),
        MultisigAction::ReplaceSigner { old, new } => Action::ReplaceSigner {
            old: account(old)?,
            new: account(new)?,
        },
        MultisigAction::ChangeThreshold { threshold } => Action::ChangeThreshold(*threshold),
        MultisigAction::SetLifetime { lifetime } => {
            Action::SetLifetime(words::parse_duration(lifetime)?)
        }
        MultisigAction::SetCorePin { hash } => Action::SetCorePin(parse_pin(hash)?),
        MultisigAction::Transfer { to, amount } => Action::Transfer {
            to: account(to)?,
            amount: words::parse_amount(amount, words::DECIMALS)?,
        },
        MultisigAction::VetoDao { proposal, dao } => Action::VetoDaoProposal {
            dao: match dao {
                Some(dao) => account(dao)?,
                None => words::to_ink(&ctx.at.dao),
            },
            proposal: *proposal,
        },
    })
}

fn config<B: Backend>(ctx: &mut Ctx<B>) -> Result<Config> {
    ctx.read(Which::Multisig, "config", vec![])
}

/// The proposal, or a clear error naming the ids that exist.
fn proposal<B: Backend>(ctx: &mut Ctx<B>, id: u64, config: &Config) -> Result<Proposal> {
    let found: Result<Proposal, MsError> =
        ctx.read(Which::Multisig, "proposal", vec![id.to_string()])?;
    match found {
        Ok(p) => Ok(p),
        Err(MsError::ProposalNotFound) => Err(unknown_proposal("multisig", id, config.next_id)),
        Err(e) => bail!("proposal #{id}: {}", multisig_error(&e)),
    }
}

fn propose<B: Backend>(
    ctx: &mut Ctx<B>,
    lifetime: Option<String>,
    cmd: MultisigAction,
) -> Result<()> {
    let action = action(ctx, &cmd)?;
    let lifetime_ms = lifetime.as_deref().map(words::parse_duration).transpose()?;
    let config = config(ctx)?;
    let what = words::multisig_action_words(&action, &ctx.names);
    let about = format!(
        "propose to {what} (lives {}; {} of {} approvals needed)",
        words::duration(lifetime_ms.unwrap_or(config.default_lifetime_ms)),
        config.threshold,
        config.signers.len()
    );
    let lifetime_arg = match lifetime_ms {
        Some(ms) => format!("Some({ms})"),
        None => "None".into(),
    };
    let id: u64 = ctx.transact(
        Which::Multisig,
        "propose",
        vec![words::multisig_action_arg(&action), lifetime_arg],
        0,
        &about,
        |e: &MsError| multisig_error(e),
    )?;
    brief(ctx, id)
}

/// approve / reject / revoke / cancel / execute.
fn vote<B: Backend>(ctx: &mut Ctx<B>, id: u64, message: &str, verb: &str) -> Result<()> {
    let config = config(ctx)?;
    let p = proposal(ctx, id, &config)?;
    let what = words::multisig_action_words(&p.action, &ctx.names);
    let about = format!(
        "{verb} proposal #{id} ({what}; {})",
        approvals(&p, &config, &ctx.names)
    );
    if message == "approve_and_execute" {
        let executed: bool = ctx.transact(
            Which::Multisig,
            message,
            vec![id.to_string()],
            0,
            &about,
            |e: &MsError| multisig_error(e),
        )?;
        println!(
            "  {}",
            if executed {
                "enough approvals: executed in the same transaction"
            } else {
                "approved; not enough approvals yet to execute"
            }
        );
    } else {
        ctx.transact::<(), MsError>(
            Which::Multisig,
            message,
            vec![id.to_string()],
            0,
            &about,
            multisig_error,
        )?;
    }
    brief(ctx, id)
}

/// `approvals 1 of 2 (alice)` — by whom only while the proposal's epoch is current.
fn approvals(p: &Proposal, config: &Config, names: &Names) -> String {
    let by = |bits: u32| -> Vec<String> {
        config
            .signers
            .iter()
            .enumerate()
            .filter(|(i, _)| u32::try_from(*i).is_ok_and(|i| i < 32 && bits & (1 << i) != 0))
            .map(|(_, s)| names.name_ink(s))
            .collect()
    };
    if p.epoch != config.epoch {
        return format!(
            "{} approval(s) from the signers of epoch {} (the multisig is at epoch {})",
            p.approvals, p.epoch, config.epoch
        );
    }
    let mut text = format!("approvals {} of {}", p.approvals, config.threshold);
    {
        let approvers = by(p.approved_by);
        if !approvers.is_empty() {
            text.push_str(&format!(" ({})", approvers.join(", ")));
        }
        if p.rejections > 0 {
            text.push_str(&format!(
                ", rejections {} ({})",
                p.rejections,
                by(p.rejected_by).join(", ")
            ));
        }
    }
    text
}

fn state_words(state: ProposalState) -> &'static str {
    match state {
        ProposalState::Pending => "pending",
        ProposalState::Approved => "approved",
        ProposalState::Executed => "executed",
        ProposalState::Rejected => "rejected",
        ProposalState::Cancelled => "cancelled",
        ProposalState::Expired => "expired",
        ProposalState::Stale => "stale",
    }
}

fn is_open(state: ProposalState) -> bool {
    matches!(state, ProposalState::Pending | ProposalState::Approved)
}

/// One line after a write: where the proposal stands now.
fn brief<B: Backend>(ctx: &mut Ctx<B>, id: u64) -> Result<()> {
    let config = config(ctx)?;
    let p = proposal(ctx, id, &config)?;
    let now = ctx.b.now_ms()?;
    println!(
        "proposal #{id}: {}, {}, {}",
        state_words(p.state),
        approvals(&p, &config, &ctx.names),
        expiry(&p, now)
    );
    if p.state == ProposalState::Approved {
        println!("  enough approvals: anyone may run `multisig execute {id}`");
    }
    Ok(())
}

fn expiry(p: &Proposal, now: u64) -> String {
    if is_open(p.state) || p.state == ProposalState::Expired {
        let verb = if p.expires_at_ms > now {
            "expires"
        } else {
            "expired"
        };
        format!("{verb} {}", words::relative(p.expires_at_ms, now))
    } else {
        "closed".into()
    }
}

fn all<B: Backend>(ctx: &mut Ctx<B>, config: &Config) -> Result<Vec<(u64, Proposal)>> {
    let mut out = Vec::new();
    let mut offset = 0u64;
    while offset < config.next_id {
        let page: Result<(Vec<(u64, Proposal)>, u64), MsError> = ctx.read(
            Which::Multisig,
            "proposals",
            vec![offset.to_string(), MAX_PAGE_LIMIT.to_string()],
        )?;
        let (page, _) = page.map_err(|e| anyhow::anyhow!("proposals: {}", multisig_error(&e)))?;
        if page.is_empty() {
            break;
        }
        out.extend(page);
        offset = offset.saturating_add(u64::from(MAX_PAGE_LIMIT));
    }
    // Open proposals first (oldest first), then the closed ones (newest first).
    out.sort_by_key(|(id, p)| {
        (
            !is_open(p.state),
            if is_open(p.state) { *id } else { u64::MAX - id },
        )
    });
    Ok(out)
}

fn json_of(id: u64, p: &Proposal, config: &Config, names: &Names, now: u64) -> serde_json::Value {
    let by = |bits: u32| -> Vec<String> {
        if p.epoch != config.epoch {
            return Vec::new();
        }
        config
            .signers
            .iter()
            .enumerate()
            .filter(|(i, _)| u32::try_from(*i).is_ok_and(|i| i < 32 && bits & (1 << i) != 0))
            .map(|(_, s)| words::from_ink(s).to_string())
            .collect()
    };
    json!({
        "id": id,
        "state": format!("{:?}", p.state),
        "action": words::multisig_action_words(&p.action, names),
        "action_arg": words::multisig_action_arg(&p.action),
        "proposer": words::from_ink(&p.proposer).to_string(),
        "approvals": p.approvals,
        "threshold": config.threshold,
        "approved_by": by(p.approved_by),
        "rejections": p.rejections,
        "rejected_by": by(p.rejected_by),
        "epoch": p.epoch,
        "created_at_ms": p.created_at_ms,
        "expires_at_ms": p.expires_at_ms,
        "expires_in_ms": p.expires_at_ms.saturating_sub(now),
    })
}

fn list<B: Backend>(ctx: &mut Ctx<B>) -> Result<()> {
    let config = config(ctx)?;
    let proposals = all(ctx, &config)?;
    let now = ctx.b.now_ms()?;
    if ctx.json {
        let items: Vec<_> = proposals
            .iter()
            .map(|(id, p)| json_of(*id, p, &config, &ctx.names, now))
            .collect();
        return ctx.print_json(&json!({
            "signers": config.signers.iter().map(|s| words::from_ink(s).to_string()).collect::<Vec<_>>(),
            "threshold": config.threshold,
            "epoch": config.epoch,
            "proposals": items,
        }));
    }
    println!(
        "multisig: {} of {} signers ({}), epoch {}, {} proposals",
        config.threshold,
        config.signers.len(),
        config
            .signers
            .iter()
            .map(|s| ctx.names.name_ink(s))
            .collect::<Vec<_>>()
            .join(", "),
        config.epoch,
        config.next_id
    );
    for (id, p) in &proposals {
        println!(
            "  #{id:<3} {:<9} {} — {}, {}",
            state_words(p.state),
            words::multisig_action_words(&p.action, &ctx.names),
            approvals(p, &config, &ctx.names),
            expiry(p, now)
        );
    }
    Ok(())
}

fn show<B: Backend>(ctx: &mut Ctx<B>, id: u64) -> Result<()> {
    let config = config(ctx)?;
    let p = proposal(ctx, id, &config)?;
    let now = ctx.b.now_ms()?;
    if ctx.json {
        return ctx.print_json(&json_of(id, &p, &config, &ctx.names, now));
    }
    let names = &ctx.names;
    println!("multisig proposal #{id}: {}", state_words(p.state));
    println!(
        "  action:   {}",
        words::multisig_action_words(&p.action, names)
    );
    println!(
        "  encoded:  {}",
        names.replace_in(&words::multisig_action_arg(&p.action))
    );
    println!("  proposer: {}", names.name_ink(&p.proposer));
    println!("  {}", approvals(&p, &config, names));
    println!(
        "  created {}, {}",
        words::relative(p.created_at_ms, now),
        expiry(&p, now)
    );
    let next = match p.state {
        ProposalState::Pending => format!(
            "needs {} more approval(s) from signers",
            config.threshold.saturating_sub(p.approvals)
        ),
        ProposalState::Approved => format!("anyone may run `multisig execute {id}`"),
        ProposalState::Stale => {
            "signers or threshold changed since: it can no longer pass (propose it again)".into()
        }
        ProposalState::Expired => "its lifetime ended before it was executed".into(),
        _ => "closed".into(),
    };
    println!("  next:     {next}");
    Ok(())
}
