//! Roles outside governance: providers (`node …`), apps (`bucket …`), token holders
//! (`token …`), and the sandbox's clock (`advance`).

use super::cli::{BucketCmd, NodeCmd, TokenCmd};
use super::words::{self, core_error, psp22_error};
use super::{Ctx, Which};
use crate::backend::Backend;
use anyhow::{bail, Result};
use ddc_tests::ddc_types::{AccountInfo, BucketInfo, Error as CoreError, NodeInfo};
use serde_json::json;

pub fn node<B: Backend>(ctx: &mut Ctx<B>, cmd: NodeCmd) -> Result<()> {
    match cmd {
        NodeCmd::Register {
            key,
            capacity,
            rent,
            params,
        } => {
            let key = ctx.names.resolve(&key)?;
            let rent = words::parse_amount(&rent, words::DECIMALS)?;
            ctx.transact::<(), CoreError>(
                Which::Core,
                "node_create",
                vec![
                    key.to_string(),
                    format!("{params:?}"),
                    capacity.to_string(),
                    rent.to_string(),
                ],
                0,
                &format!(
                    "register node {} (capacity {capacity}, rent {} USD per resource unit per vnode per month)",
                    ctx.names.name(&key),
                    words::amount(rent, words::DECIMALS)
                ),
                core_error,
            )?;
            show_node(ctx, &key)
        }
        NodeCmd::Trust { manager } => trust(ctx, &manager, true),
        NodeCmd::Distrust { manager } => trust(ctx, &manager, false),
        NodeCmd::Rent { key, rent } => {
            let key = ctx.names.resolve(&key)?;
            let rent = words::parse_amount(&rent, words::DECIMALS)?;
            ctx.transact::<(), CoreError>(
                Which::Core,
                "node_change_rent",
                vec![key.to_string(), rent.to_string()],
                0,
                &format!(
                    "change the rent of node {} to {} USD per resource unit per vnode per month",
                    ctx.names.name(&key),
                    words::amount(rent, words::DECIMALS)
                ),
                core_error,
            )?;
            show_node(ctx, &key)
        }
        NodeCmd::Show { key } => {
            let key = ctx.names.resolve(&key)?;
            show_node(ctx, &key)
        }
    }
}

fn trust<B: Backend>(ctx: &mut Ctx<B>, manager: &str, trusted: bool) -> Result<()> {
    let manager = ctx.names.resolve(manager)?;
    let (message, about) = if trusted {
        (
            "node_trust_manager",
            format!(
                "let {} add my nodes to its clusters",
                ctx.names.name(&manager)
            ),
        )
    } else {
        (
            "node_distrust_manager",
            format!(
                "withdraw my consent for {} to add my nodes",
                ctx.names.name(&manager)
            ),
        )
    };
    ctx.transact::<(), CoreError>(
        Which::Core,
        message,
        vec![manager.to_string()],
        0,
        &about,
        core_error,
    )?;
    Ok(())
}

fn show_node<B: Backend>(ctx: &mut Ctx<B>, key: &drink::AccountId32) -> Result<()> {
    let found: Result<(NodeInfo, String), CoreError> =
        ctx.read(Which::Core, "node_get", vec![key.to_string()])?;
    let (node, params) = match found {
        Ok(found) => found,
        Err(CoreError::NodeDoesNotExist) => {
            bail!("no node {} is registered", ctx.names.name(key))
        }
        Err(e) => bail!("node {}: {}", ctx.names.name(key), core_error(&e)),
    };
    let status = format!("{:?}", node.status_in_cluster).to_ascii_lowercase();
    if ctx.json {
        return ctx.print_json(&json!({
            "node_key": key.to_string(),
            "provider": words::from_ink(&node.provider).to_string(),
            "capacity": node.capacity,
            "free_resource": node.free_resource,
            "rent_per_month": node.rent_per_month.to_string(),
            "pending_rent": node.pending_rent.map(|p| json!({
                "rent_per_month": p.rent_per_month.to_string(),
                "from_ms": p.from_ms,
            })),
            "cluster": node.cluster_id,
            "status": node.cluster_id.map(|_| status.clone()),
            "v_nodes": node.v_nodes,
            "params": params,
        }));
    }
    let now = ctx.b.now_ms()?;
    let names = &ctx.names;
    println!(
        "node {}: provider {}, capacity {} ({} free), rent {} USD per unit per vnode per month{}",
        names.name(key),
        names.name_ink(&node.provider),
        node.capacity,
        node.free_resource,
        words::amount(node.rent_per_month, words::DECIMALS),
        match node.pending_rent {
            Some(p) => format!(
                " ({} from {})",
                words::amount(p.rent_per_month, words::DECIMALS),
                words::relative(p.from_ms, now)
            ),
            None => String::new(),
        }
    );
    match node.cluster_id {
        Some(cluster) => println!(
            "  in cluster {cluster}, {status}, vnodes {}",
            words::list(&node.v_nodes)
        ),
        None => println!("  in no cluster"),
    }
    Ok(())
}

pub fn bucket<B: Backend>(ctx: &mut Ctx<B>, cmd: BucketCmd) -> Result<()> {
    match cmd {
        BucketCmd::Create { cluster, params } => {
            let id: u32 = ctx.transact(
                Which::Core,
                "bucket_create",
                vec![format!("{params:?}"), cluster.to_string()],
                0,
                &format!("create a bucket in cluster {cluster}"),
                core_error,
            )?;
            println!("bucket {id} created; reserve resource with `bucket alloc {id} <resource>` after a deposit");
            Ok(())
        }
        BucketCmd::Deposit { amount, for_ } => {
            let units = words::parse_amount(&amount, words::DECIMALS)?;
            let text = words::amount(units, words::DECIMALS);
            match for_ {
                Some(owner) => {
                    let owner = ctx.names.resolve(&owner)?;
                    ctx.transact::<(), CoreError>(
                        Which::Core,
                        "account_deposit_for",
                        vec![owner.to_string()],
                        units,
                        &format!("deposit {text} CERE for {}", ctx.names.name(&owner)),
                        core_error,
                    )?;
                }
                None => {
                    ctx.transact::<(), CoreError>(
                        Which::Core,
                        "account_deposit",
                        vec![],
                        units,
                        &format!("deposit {text} CERE to pay rent"),
                        core_error,
                    )?;
                }
            }
            Ok(())
        }
        BucketCmd::Alloc { bucket, resource } => {
            ctx.transact::<(), CoreError>(
                Which::Core,
                "bucket_alloc_into_cluster",
                vec![bucket.to_string(), resource.to_string()],
                0,
                &format!("reserve {resource} more resource for bucket {bucket}"),
                core_error,
            )?;
            bucket_status(ctx, bucket)
        }
        BucketCmd::Status { bucket } => bucket_status(ctx, bucket),
    }
}

fn bucket_status<B: Backend>(ctx: &mut Ctx<B>, id: u32) -> Result<()> {
    let found: Result<(BucketInfo, String), CoreError> =
        ctx.read(Which::Core, "bucket_get", vec![id.to_string()])?;
    let (bucket, _params) = match found {
        Ok(found) => found,
        Err(CoreError::BucketDoesNotExist) => bail!("no bucket {id}"),
        Err(e) => bail!("bucket {id}: {}", core_error(&e)),
    };
    let owner = words::from_ink(&bucket.owner);
    let account: Result<AccountInfo, CoreError> =
        ctx.read(Which::Core, "account_get", vec![owner.to_string()])?;
    let account = account.map_err(|e| anyhow::anyhow!("account_get: {}", core_error(&e)))?;
    let usd_per_cere: u128 = ctx.read(Which::Core, "account_get_usd_per_cere", vec![])?;
    let now = ctx.b.now_ms()?;
    // The bucket's rent in CERE at today's rate: USD × 10^10 / (USD per CERE).
    let rent_cere = bucket
        .rent_usd_per_month
        .checked_mul(10_000_000_000)
        .and_then(|x| x.checked_div(usd_per_cere));
    if ctx.json {
        return ctx.print_json(&json!({
            "bucket": id,
            "owner": owner.to_string(),
            "cluster": bucket.cluster_id,
            "resource_reserved": bucket.resource_reserved,
            "public": bucket.public,
            "rent_usd_per_month": bucket.rent_usd_per_month.to_string(),
            "rent_cere_per_month": rent_cere.map(|r| r.to_string()),
            "amount_due": bucket.amount_due.to_string(),
            "debt": bucket.debt.to_string(),
            "rent_covered_until_ms": bucket.rent_covered_until_ms,
            "now_ms": now,
            "owner_deposit": account.deposit.to_string(),
            "owner_rent_cere_per_month": account.rent_per_month.to_string(),
        }));
    }
    let a = |x: u128| words::amount(x, words::DECIMALS);
    println!(
        "bucket {id} in cluster {}: owner {}, {} resource reserved, {}",
        bucket.cluster_id,
        ctx.names.name(&owner),
        bucket.resource_reserved,
        if bucket.public { "public" } else { "private" }
    );
    println!(
        "  pays {} USD per month{}; due now {} CERE, debt {} CERE",
        a(bucket.rent_usd_per_month),
        rent_cere
            .map(|r| format!(" (≈ {} CERE at today's rate)", a(r)))
            .unwrap_or_default(),
        a(bucket.amount_due),
        a(bucket.debt)
    );
    let covered = if bucket.rent_covered_until_ms == u64::MAX {
        "nothing is owed: covered indefinitely".to_string()
    } else if bucket.rent_covered_until_ms > now {
        format!(
            "covered for {} more (until {})",
            words::duration(bucket.rent_covered_until_ms - now),
            if ctx.sandbox {
                format!("sandbox time {} ms", bucket.rent_covered_until_ms)
            } else {
                words::utc(bucket.rent_covered_until_ms)
            }
        )
    } else {
        format!(
            "NOT covered since {}: the manager may evict it",
            words::relative(bucket.rent_covered_until_ms, now)
        )
    };
    println!(
        "  owner's deposit {} CERE, all its buckets {} CERE per month: {covered}",
        a(account.deposit),
        a(account.rent_per_month)
    );
    Ok(())
}

pub fn token<B: Backend>(ctx: &mut Ctx<B>, cmd: TokenCmd) -> Result<()> {
    match cmd {
        TokenCmd::Transfer { to, amount } => {
            let to = ctx.names.resolve(&to)?;
            let units = words::parse_amount(&amount, words::DECIMALS)?;
            ctx.transact::<(), psp22::PSP22Error>(
                Which::Token,
                "PSP22::transfer",
                vec![to.to_string(), units.to_string(), "[]".into()],
                0,
                &format!(
                    "send {} governance tokens to {}",
                    words::amount(units, words::DECIMALS),
                    ctx.names.name(&to)
                ),
                psp22_error,
            )?;
            Ok(())
        }
        TokenCmd::Balance { who } => {
            let who = match who {
                Some(who) => ctx.names.resolve(&who)?,
                None => ctx.actor.clone(),
            };
            let balance: u128 =
                ctx.read(Which::Token, "PSP22::balance_of", vec![who.to_string()])?;
            if ctx.json {
                return ctx.print_json(&json!({
                    "account": who.to_string(),
                    "balance": balance.to_string(),
                }));
            }
            println!(
                "{}: {} governance tokens",
                ctx.names.name(&who),
                words::amount(balance, words::DECIMALS)
            );
            Ok(())
        }
    }
}

pub fn advance<B: Backend>(
    ctx: &mut Ctx<B>,
    blocks: Option<u32>,
    time: Option<String>,
) -> Result<()> {
    if blocks.is_none() && time.is_none() {
        bail!("say how far: `advance --blocks N` and/or `advance --time 8d`");
    }
    let before_block = ctx.b.block_number()?;
    let before_ms = ctx.b.now_ms()?;
    if let Some(n) = blocks {
        if !ctx.b.advance_blocks(n)? {
            bail!("this chain makes its own blocks: they cannot be hurried (only the sandbox and an instant-seal dev node can)");
        }
    }
    if let Some(time) = time {
        let ms = words::parse_duration(&time)?;
        if !ctx.b.advance_time(ms)? {
            bail!("a chain's clock cannot be moved (only the sandbox's)");
        }
    }
    ctx.persist()?;
    let after_block = ctx.b.block_number()?;
    let after_ms = ctx.b.now_ms()?;
    println!(
        "block {before_block} → {after_block}, clock +{}",
        words::duration(after_ms.saturating_sub(before_ms))
    );
    Ok(())
}
