//! `dao …`: stakers stake, delegate, propose, vote; anyone executes; the guardian vetoes.

use super::cli::{DaoAction as ActionCmd, DaoCmd, SettingsArgs, VoteArg};
use super::multisig::{cluster_action, parse_pin};
use super::words::{self, dao_error, psp22_error, Names};
use super::{unknown_proposal, Ctx, Which};
use crate::backend::Backend;
use anyhow::{bail, Result};
use ddc_tests::dao::manager_dao::types::{
    Action, Config, Error as DaoError, ProposalInfo, ProposalState, Settings,
};
use drink::AccountId32;
use serde_json::json;

/// Milliseconds of a block on the chains these settings are meant for (6 s).
const BLOCK_MS: u64 = 6_000;

pub fn run<B: Backend>(ctx: &mut Ctx<B>, cmd: DaoCmd) -> Result<()> {
    match cmd {
        DaoCmd::Stake { amount } => stake(ctx, &amount),
        DaoCmd::Unstake { amount } => {
            let units = words::parse_amount(&amount, words::DECIMALS)?;
            ctx.transact::<(), DaoError>(
                Which::Dao,
                "unstake",
                vec![units.to_string()],
                0,
                &format!("unstake {} tokens", words::amount(units, words::DECIMALS)),
                dao_error,
            )?;
            power(ctx, None)
        }
        DaoCmd::Delegate { to } => {
            let to = ctx.names.resolve(&to)?;
            ctx.transact::<(), DaoError>(
                Which::Dao,
                "delegate",
                vec![to.to_string()],
                0,
                &format!(
                    "delegate voting weight to {} (from the next block on)",
                    ctx.names.name(&to)
                ),
                dao_error,
            )?;
            power(ctx, None)
        }
        DaoCmd::Propose {
            description,
            action,
        } => propose(ctx, description, action),
        DaoCmd::Vote { id, vote } => {
            let choice = match vote {
                VoteArg::For => "For",
                VoteArg::Against => "Against",
                VoteArg::Abstain => "Abstain",
            };
            let info = proposal(ctx, id)?;
            let snapshot = info.0.proposal.snapshot;
            let weight: u128 = ctx.read(
                Which::Dao,
                "votes_of",
                vec![ctx.actor.to_string(), snapshot.to_string()],
            )?;
            let about = format!(
                "vote {} on proposal #{id} ({}) with weight {}",
                choice.to_ascii_lowercase(),
                words::dao_action_words(&info.1, &ctx.names),
                words::amount(weight, words::DECIMALS)
            );
            ctx.transact::<(), DaoError>(
                Which::Dao,
                "vote",
                vec![id.to_string(), choice.into()],
                0,
                &about,
                |e| match e {
                    DaoError::InvalidState(state) => format!(
                        "voting is not open: the proposal is {}",
                        state_words(*state)
                    ),
                    other => dao_error(other),
                },
            )?;
            brief(ctx, id)
        }
        DaoCmd::Execute { id } => close(ctx, id, "execute"),
        DaoCmd::Cancel { id } => close(ctx, id, "cancel"),
        DaoCmd::Veto { id } => close(ctx, id, "veto"),
        DaoCmd::List => list(ctx),
        DaoCmd::Show { id } => show(ctx, id),
        DaoCmd::Power { who } => power(ctx, who),
    }
}

fn block<B: Backend>(ctx: &mut Ctx<B>) -> Result<u32> {
    Ok(u32::try_from(ctx.b.block_number()?)?)
}

fn count<B: Backend>(ctx: &mut Ctx<B>) -> Result<u64> {
    let page: Result<(Vec<ProposalInfo>, u64), DaoError> =
        ctx.read(Which::Dao, "proposals", vec!["0".into(), "0".into()])?;
    Ok(page
        .map_err(|e| anyhow::anyhow!("proposals: {}", dao_error(&e)))?
        .1)
}

fn proposal<B: Backend>(ctx: &mut Ctx<B>, id: u64) -> Result<(ProposalInfo, Action)> {
    let found: Result<(ProposalInfo, Action), DaoError> =
        ctx.read(Which::Dao, "proposal", vec![id.to_string()])?;
    match found {
        Ok(found) => Ok(found),
        Err(DaoError::ProposalNotFound) => {
            let count = count(ctx)?;
            Err(unknown_proposal("DAO", id, count))
        }
        Err(e) => bail!("DAO proposal #{id}: {}", dao_error(&e)),
    }
}

fn stake<B: Backend>(ctx: &mut Ctx<B>, amount: &str) -> Result<()> {
    let units = words::parse_amount(amount, words::DECIMALS)?;
    let text = words::amount(units, words::DECIMALS);
    ctx.transact::<(), psp22::PSP22Error>(
        Which::Token,
        "PSP22::approve",
        vec![ctx.at.dao.to_string(), units.to_string()],
        0,
        &format!("allow the DAO to take {text} governance tokens"),
        psp22_error,
    )?;
    ctx.transact::<(), DaoError>(
        Which::Dao,
        "stake",
        vec![units.to_string()],
        0,
        &format!("stake {text} tokens (voting weight from the next block on)"),
        dao_error,
    )?;
    power(ctx, None)
}

fn action<B: Backend>(ctx: &mut Ctx<B>, cmd: &ActionCmd) -> Result<Action> {
    if let ActionCmd::UpdateSettings(new) = cmd {
        let config: Config = ctx.read(Which::Dao, "config", vec![])?;
        return Ok(Action::UpdateSettings(updated_settings(
            config.settings,
            new,
        )?));
    }
    let names = &ctx.names;
    Ok(match cmd {
        ActionCmd::Cluster(c) => Action::Cluster(cluster_action(names, c)?),
        ActionCmd::UpdateSettings(_) => unreachable!("handled above"),
        ActionCmd::SetGuardian { who } => {
            Action::SetGuardian(if who.eq_ignore_ascii_case("none") {
                None
            } else {
                Some(words::to_ink(&names.resolve(who)?))
            })
        }
        ActionCmd::SetCorePin { hash } => Action::SetCorePin(parse_pin(hash)?),
        ActionCmd::Transfer { to, amount } => Action::Transfer {
            to: words::to_ink(&names.resolve(to)?),
            amount: words::parse_amount(amount, words::DECIMALS)?,
        },
    })
}

/// `current` with the fields `new` gives replaced (the DAO checks the bounds in the dry run).
fn updated_settings(current: Settings, new: &SettingsArgs) -> Result<Settings> {
    Ok(Settings {
        voting_delay: new.voting_delay.unwrap_or(current.voting_delay),
        voting_period: new.voting_period.unwrap_or(current.voting_period),
        quorum_bp: new.quorum_bp.unwrap_or(current.quorum_bp),
        approval_threshold_bp: new
            .approval_threshold_bp
            .unwrap_or(current.approval_threshold_bp),
        critical_quorum_bp: new.critical_quorum_bp.unwrap_or(current.critical_quorum_bp),
        critical_approval_threshold_bp: new
            .critical_approval_threshold_bp
            .unwrap_or(current.critical_approval_threshold_bp),
        proposal_threshold: match &new.proposal_threshold {
            Some(tokens) => words::parse_amount(tokens, words::DECIMALS)?,
            None => current.proposal_threshold,
        },
        execution_delay: new.execution_delay.unwrap_or(current.execution_delay),
        execution_window: new.execution_window.unwrap_or(current.execution_window),
        late_quorum_extension: new
            .late_quorum_extension
            .unwrap_or(current.late_quorum_extension),
    })
}

fn propose<B: Backend>(
    ctx: &mut Ctx<B>,
    description: Option<String>,
    cmd: ActionCmd,
) -> Result<()> {
    let action = action(ctx, &cmd)?;
    let what = words::dao_action_words(&action, &ctx.names);
    let description = description.unwrap_or_else(|| what.clone());
    let config: Config = ctx.read(Which::Dao, "config", vec![])?;
    let s = &config.settings;
    let about = format!(
        "propose to {what}{} — voting opens in {} block(s) and lasts {}",
        if action.is_critical() {
            " (critical: higher quorum and approval)"
        } else {
            ""
        },
        s.voting_delay,
        s.voting_period
    );
    let id: u64 = ctx.transact(
        Which::Dao,
        "propose",
        vec![words::dao_action_arg(&action), format!("{description:?}")],
        0,
        &about,
        dao_error,
    )?;
    brief(ctx, id)
}

/// execute / cancel / veto.
fn close<B: Backend>(ctx: &mut Ctx<B>, id: u64, message: &str) -> Result<()> {
    let (info, action) = proposal(ctx, id)?;
    let about = format!(
        "{message} proposal #{id} ({}; {})",
        words::dao_action_words(&action, &ctx.names),
        state_words(info.state)
    );
    ctx.transact::<(), DaoError>(
        Which::Dao,
        message,
        vec![id.to_string()],
        0,
        &about,
        dao_error,
    )?;
    brief(ctx, id)
}

fn state_words(state: ProposalState) -> String {
    format!("{state:?}").to_ascii_lowercase()
}

/// What comes next and in how many blocks.
fn timing(info: &ProposalInfo, now: u32, chain: bool) -> String {
    let p = &info.proposal;
    let blocks = |until: u32| -> String {
        let n = until.saturating_sub(now);
        if chain {
            format!(
                "{n} block(s) (≈ {} at 6 s blocks, block {until})",
                words::duration(u64::from(n).saturating_mul(BLOCK_MS))
            )
        } else {
            format!("{n} block(s) (block {until}; `advance --blocks {n}` on the sandbox)")
        }
    };
    match info.state {
        ProposalState::Pending => format!("voting opens in {}", blocks(p.vote_start)),
        ProposalState::Active => format!("voting ends in {}", blocks(p.vote_end)),
        ProposalState::Succeeded => format!("execution opens in {}", blocks(p.executable_from())),
        ProposalState::Executable => format!(
            "executable now; the window closes in {}",
            blocks(p.expires_at())
        ),
        ProposalState::Defeated => "defeated: quorum or approval not reached".into(),
        other => state_words(other),
    }
}

/// Quorum needed (For + Abstain) and the approval threshold, from the frozen settings.
fn thresholds(info: &ProposalInfo) -> (u128, u32) {
    let p = &info.proposal;
    let (quorum_bp, approval_bp) = if p.critical {
        (
            p.settings.critical_quorum_bp,
            p.settings.critical_approval_threshold_bp,
        )
    } else {
        (p.settings.quorum_bp, p.settings.approval_threshold_bp)
    };
    let needed = p
        .quorum_base
        .checked_mul(u128::from(quorum_bp))
        .map(|x| x.div_ceil(10_000))
        .unwrap_or(u128::MAX);
    (needed, approval_bp)
}

/// `[#######---] 70 % of quorum`.
fn bar(have: u128, needed: u128) -> String {
    let percent = if needed == 0 {
        100
    } else {
        have.saturating_mul(100) / needed
    };
    let filled = usize::try_from(percent.min(100) / 10).unwrap_or(10);
    format!(
        "[{}{}] {percent} % of quorum",
        "#".repeat(filled),
        "-".repeat(10usize.saturating_sub(filled))
    )
}

fn json_of(info: &ProposalInfo, action: &Action, names: &Names, now: u32) -> serde_json::Value {
    let p = &info.proposal;
    let (needed, approval_bp) = thresholds(info);
    json!({
        "id": info.id,
        "state": format!("{:?}", info.state),
        "action": words::dao_action_words(action, names),
        "action_arg": words::dao_action_arg(action),
        "critical": p.critical,
        "proposer": words::from_ink(&p.proposer).to_string(),
        "snapshot": p.snapshot,
        "vote_start": p.vote_start,
        "vote_end": p.vote_end,
        "executable_from": p.executable_from(),
        "expires_at": p.expires_at(),
        "now": now,
        "for": p.for_votes.to_string(),
        "against": p.against_votes.to_string(),
        "abstain": p.abstain_votes.to_string(),
        "quorum_base": p.quorum_base.to_string(),
        "quorum_needed": needed.to_string(),
        "quorum_reached": p.quorum_reached(),
        "approval_threshold_bp": approval_bp,
        "approved": p.approved(),
    })
}

fn tally(info: &ProposalInfo) -> String {
    let p = &info.proposal;
    let a = |x: u128| words::amount(x, words::DECIMALS);
    format!(
        "for {} / against {} / abstain {}",
        a(p.for_votes),
        a(p.against_votes),
        a(p.abstain_votes)
    )
}

fn brief<B: Backend>(ctx: &mut Ctx<B>, id: u64) -> Result<()> {
    let (info, _) = proposal(ctx, id)?;
    let now = block(ctx)?;
    let (needed, _) = thresholds(&info);
    let p = &info.proposal;
    println!(
        "DAO proposal #{id}: {}, {}, {}; {}",
        state_words(info.state),
        tally(&info),
        bar(p.for_votes.saturating_add(p.abstain_votes), needed),
        timing(&info, now, !ctx.sandbox)
    );
    Ok(())
}

fn list<B: Backend>(ctx: &mut Ctx<B>) -> Result<()> {
    let count = count(ctx)?;
    let now = block(ctx)?;
    let mut all = Vec::new();
    for id in 0..count {
        all.push(proposal(ctx, id)?);
    }
    all.sort_by_key(|(info, _)| {
        let live = info.state.is_live();
        (!live, if live { info.id } else { u64::MAX - info.id })
    });
    if ctx.json {
        let items: Vec<_> = all
            .iter()
            .map(|(info, action)| json_of(info, action, &ctx.names, now))
            .collect();
        return ctx.print_json(&json!({ "block": now, "proposals": items }));
    }
    println!("DAO: {count} proposals, block {now}");
    for (info, action) in &all {
        println!(
            "  #{:<3} {:<10} {} — {}; {}",
            info.id,
            state_words(info.state),
            words::dao_action_words(action, &ctx.names),
            tally(info),
            timing(info, now, !ctx.sandbox)
        );
    }
    Ok(())
}

fn show<B: Backend>(ctx: &mut Ctx<B>, id: u64) -> Result<()> {
    let (info, action) = proposal(ctx, id)?;
    let now = block(ctx)?;
    let voted: bool = ctx.read(
        Which::Dao,
        "has_voted",
        vec![id.to_string(), ctx.actor.to_string()],
    )?;
    let weight: u128 = ctx.read(
        Which::Dao,
        "votes_of",
        vec![ctx.actor.to_string(), info.proposal.snapshot.to_string()],
    )?;
    if ctx.json {
        let mut value = json_of(&info, &action, &ctx.names, now);
        value["me"] = json!({
            "account": ctx.actor.to_string(),
            "voted": voted,
            "weight": weight.to_string(),
        });
        return ctx.print_json(&value);
    }
    let p = &info.proposal;
    let (needed, approval_bp) = thresholds(&info);
    let names = &ctx.names;
    println!("DAO proposal #{id}: {}", state_words(info.state));
    println!(
        "  action:   {}{}",
        words::dao_action_words(&action, names),
        if p.critical { " (critical)" } else { "" }
    );
    println!(
        "  encoded:  {}",
        names.replace_in(&words::dao_action_arg(&action))
    );
    println!("  proposer: {}", names.name_ink(&p.proposer));
    println!("  tallies:  {}", tally(&info));
    println!(
        "  quorum:   {} (For + Abstain ≥ {} of {} staked at block {})",
        bar(p.for_votes.saturating_add(p.abstain_votes), needed),
        words::amount(needed, words::DECIMALS),
        words::amount(p.quorum_base, words::DECIMALS),
        p.snapshot
    );
    println!(
        "  approval: For must be over {} % of For + Against ({})",
        f64::from(approval_bp) / 100.0,
        if p.approved() {
            "holds"
        } else {
            "does not hold"
        }
    );
    println!(
        "  blocks:   voting {} ..< {}, execution {} ..< {}; now {now}",
        p.vote_start,
        p.vote_end,
        p.executable_from(),
        p.expires_at()
    );
    println!("  next:     {}", timing(&info, now, !ctx.sandbox));
    println!(
        "  {}: {}",
        ctx.me(),
        if voted {
            "has voted".to_string()
        } else if weight == 0 {
            "no voting weight at the snapshot".to_string()
        } else {
            format!(
                "may vote with weight {}",
                words::amount(weight, words::DECIMALS)
            )
        }
    );
    Ok(())
}

fn power<B: Backend>(ctx: &mut Ctx<B>, who: Option<String>) -> Result<()> {
    let account: AccountId32 = match who {
        Some(who) => ctx.names.resolve(&who)?,
        None => ctx.actor.clone(),
    };
    let now = block(ctx)?;
    let stake: u128 = ctx.read(Which::Dao, "stake_of", vec![account.to_string()])?;
    let delegate: ink::primitives::AccountId =
        ctx.read(Which::Dao, "delegates", vec![account.to_string()])?;
    let weight: u128 = ctx.read(
        Which::Dao,
        "votes_of",
        vec![account.to_string(), now.to_string()],
    )?;
    let total: u128 = ctx.read(Which::Dao, "total_stake_at", vec![now.to_string()])?;
    let balance: u128 = ctx.read(Which::Token, "PSP22::balance_of", vec![account.to_string()])?;
    if ctx.json {
        return ctx.print_json(&json!({
            "account": account.to_string(),
            "stake": stake.to_string(),
            "delegate": words::from_ink(&delegate).to_string(),
            "voting_weight": weight.to_string(),
            "total_stake": total.to_string(),
            "token_balance": balance.to_string(),
            "block": now,
        }));
    }
    let a = |x: u128| words::amount(x, words::DECIMALS);
    println!(
        "{}: staked {}, delegates to {}, voting weight {} of {} staked in all (block {now}); {} tokens unstaked",
        ctx.names.name(&account),
        a(stake),
        ctx.names.name_ink(&delegate),
        a(weight),
        a(total),
        a(balance)
    );
    Ok(())
}
