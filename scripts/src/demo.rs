//! `demo`: the suite's story played end to end in a fresh sandbox, narrated step by step.

use crate::backend::check;
use anyhow::{anyhow, Result};
use ddc_tests::dao::manager_dao::types::Error as DaoError;
use ddc_tests::ddc_types::{MONTH_MS, UNIT};
use ddc_tests::multisig::{accept_manager, add_node, Msig, T0};
use ddc_tests::{alice, arg, bob, charlie, dave, eve, node_key, TOKEN};
use drink::AccountId32;

/// An amount of 10 decimals (CERE or USD) as text.
fn usd(amount: u128) -> String {
    crate::deploy::format_tokens(i128::try_from(amount).unwrap_or(i128::MAX))
}

fn say(text: &str) {
    println!("{text}");
}

/// Play the story; every step is a real transaction in the sandbox.
pub fn run() -> Result<()> {
    say("== DDC suite demo (in-process pallet-contracts sandbox) ==");
    say("");
    let signers = [alice(), bob(), charlie()];
    let mut msig = Msig::new(&signers, 2);
    let core = msig.ddc.address.clone();
    let manager = msig.address.clone();
    say(&format!("deployed ddc_bucket at {}", arg(&core)));
    say(&format!(
        "deployed manager_multisig at {}: signers alice, bob, charlie; 2 approvals needed",
        arg(&manager)
    ));

    say("");
    say("-- providers register nodes and trust the multisig");
    for (provider, name, n) in [(bob(), "bob", 1u8), (charlie(), "charlie", 2u8)] {
        check("trust", msig.ddc.node_trust_manager(&provider, &manager))?;
        check(
            "node_create",
            msig.ddc.node_create(&provider, &node_key(n), 100, UNIT / 2),
        )?;
        say(&format!(
            "{name} registered node {n} (capacity 100, rent 0.5 USD per resource unit per vnode per month) and trusts the multisig"
        ));
    }

    say("");
    say("-- dave creates a cluster and hands it to the multisig");
    let cluster = check("cluster_create", msig.ddc.cluster_create(&dave(), 10))?;
    check(
        "transfer",
        msig.ddc
            .cluster_transfer_manager(&dave(), cluster, &manager),
    )?;
    say(&format!(
        "dave created cluster {cluster} (10 resource per vnode) and offered it to the multisig"
    ));
    let id = check("propose", msig.propose(&alice(), &accept_manager(cluster)))?;
    say(&format!(
        "alice proposed #{id}: AcceptManager {{ cluster: {cluster} }} (her approval counts)"
    ));
    check("approve", msig.approve(&bob(), id))?;
    say(&format!("bob approved #{id}: 2 of 2 needed approvals"));
    check("execute", msig.execute(&eve(), id))?;
    let info = msig.ddc.cluster(cluster);
    say(&format!(
        "eve (anyone) executed #{id}: cluster {cluster} is now managed by {}",
        arg(&AccountId32::new(*info.manager.as_ref()))
    ));

    say("");
    say("-- signers admit the providers' nodes");
    for (n, tokens, approver) in [(1u8, [1u64, 2], charlie()), (2u8, [3u64, 4], bob())] {
        let id = check(
            "propose",
            msig.propose(&alice(), &add_node(cluster, &node_key(n), &tokens)),
        )?;
        check("approve", msig.approve(&approver, id))?;
        check("execute", msig.execute(&alice(), id))?;
        let node = msig.ddc.node(&node_key(n));
        say(&format!(
            "#{id} AddNode node {n} with vnodes {tokens:?}: approved and executed; node {n} is {}, free resource {}",
            in_cluster(node.cluster_id),
            node.free_resource
        ));
    }
    let info = msig.ddc.cluster(cluster);
    say(&format!(
        "cluster {cluster}: {} vnodes, total rent {} USD per resource unit per month",
        info.v_node_count,
        usd(info.total_rent)
    ));

    say("");
    say("-- a community DAO takes over a second cluster and admits a node by token vote");
    dao_story(&mut msig)?;

    say("");
    say("-- an app (eve) rents storage");
    let bucket = check("bucket_create", msig.ddc.bucket_create(&eve(), cluster))?;
    // An allocation needs a deposit covering a day of the bucket's rent: deposit first.
    check("deposit", msig.ddc.deposit(&eve(), 1_000 * TOKEN))?;
    check("bucket_alloc", msig.ddc.bucket_alloc(&eve(), bucket, 5))?;
    let status = msig.ddc.bucket(bucket);
    say(&format!(
        "eve created bucket {bucket} in cluster {cluster}, deposited 1 000 CERE and reserved 5 units; rent {} USD per month",
        usd(status.rent_usd_per_month)
    ));

    say("");
    say("-- a month passes; anyone settles the rent and distributes the revenues");
    msig.ddc.suite.set_time(T0 + MONTH_MS);
    check("settle", msig.ddc.settle(&dave(), bucket))?;
    let revenues = msig.ddc.cluster(cluster).revenues;
    say(&format!(
        "dave settled bucket {bucket}: the cluster collected {} CERE (at 1 USD per CERE)",
        usd(revenues)
    ));
    let before = [
        msig.ddc.suite.balance(&bob()),
        msig.ddc.suite.balance(&charlie()),
    ];
    check("distribute", msig.ddc.distribute(&dave(), cluster))?;
    let after = [
        msig.ddc.suite.balance(&bob()),
        msig.ddc.suite.balance(&charlie()),
    ];
    for (name, (b, a)) in ["bob", "charlie"].iter().zip(before.iter().zip(after)) {
        say(&format!(
            "{name} (provider) received {} CERE",
            usd(a.saturating_sub(*b))
        ));
    }

    say("");
    say("-- node 1 checks the bucket before serving it");
    let status = msig.ddc.bucket(bucket);
    let account = msig.ddc.account(&eve());
    say(&format!(
        "bucket {bucket}: owner eve, public {}, {} units reserved, amount due now {} CERE, rent paid for {} more days",
        status.public,
        status.resource_reserved,
        usd(status.amount_due),
        status.rent_covered_until_ms.saturating_sub(T0 + MONTH_MS) / 86_400_000
    ));
    say(&format!(
        "eve's deposit: {} CERE left",
        usd(account.deposit)
    ));
    say(if status.rent_covered_until_ms > T0 + MONTH_MS {
        "node 1: rent is covered — serving the bucket"
    } else {
        "node 1: rent is not covered — refusing the bucket"
    });
    say("");
    say("demo finished: every step above was a transaction in the sandbox");
    Ok(())
}

/// The DAO part: a governance token, stakers, a cluster accepted and a node admitted by vote.
fn dao_story(msig: &mut Msig) -> Result<()> {
    use ddc_bundles::BundleProvider;
    use ddc_tests::dao::manager_dao::types::{ProposalState, VoteType};
    use ddc_tests::dao::{accept_manager, action_arg, add_node, settings, settings_arg};
    use ddc_tests::{admin, str_arg};
    use drink::sandbox_api::prelude::SystemAPI;

    let suite = &mut msig.ddc.suite;
    suite.session.set_actor(admin());
    let token = suite
        .session
        .deploy_bundle(
            ddc_bundles::governance_token_bundle(),
            "new",
            &[
                (1_000_000 * TOKEN).to_string(),
                format!("Some({})", str_arg("DDC Governance")),
                format!("Some({})", str_arg("DDCG")),
                "10".into(),
                "false".into(),
            ],
            drink::session::NO_SALT,
            None,
        )
        .map_err(|e| anyhow!("token: {e:?}"))?;
    let core = msig.ddc.address.clone();
    let s = settings();
    let dao = msig.ddc.suite.deploy(
        BundleProvider::ManagerDao,
        &admin(),
        "new",
        &[arg(&core), arg(&token), settings_arg(&s), "None".into()],
    );
    say(&format!(
        "deployed governance_token (DDCG) at {} and manager_dao at {}",
        arg(&token),
        arg(&dao)
    ));
    say(&format!(
        "DAO settings (blocks): voting delay {}, voting period {}, quorum {} %, execution delay {}; \
         critical actions (hand-over, settings, guardian, pin, payout): quorum {} %, approval > {} %",
        s.voting_delay,
        s.voting_period,
        s.quorum_bp / 100,
        s.execution_delay,
        s.critical_quorum_bp / 100,
        f64::from(s.critical_approval_threshold_bp) / 100.0
    ));
    for (who, name, amount) in [(alice(), "alice", 600u128), (bob(), "bob", 400)] {
        let amount = amount * TOKEN;
        let suite = &mut msig.ddc.suite;
        check::<(), psp22::PSP22Error>(
            "transfer",
            suite.tx(
                &admin(),
                &token,
                "PSP22::transfer",
                &[arg(&who), amount.to_string(), "[]".into()],
            ),
        )?;
        check::<(), psp22::PSP22Error>(
            "approve",
            suite.tx(
                &who,
                &token,
                "PSP22::approve",
                &[arg(&dao), amount.to_string()],
            ),
        )?;
        check::<(), DaoError>(
            "stake",
            suite.tx(&who, &dao, "stake", &[amount.to_string()]),
        )?;
        say(&format!("{name} staked {} DDCG", amount / TOKEN));
    }
    msig.ddc.suite.session.sandbox().build_blocks(1);

    let cluster = check("cluster_create", msig.ddc.cluster_create(&dave(), 10))?;
    check(
        "transfer",
        msig.ddc.cluster_transfer_manager(&dave(), cluster, &dao),
    )?;
    say(&format!(
        "dave created cluster {cluster} and offered it to the DAO"
    ));
    let dao_address = dao.clone();
    let pass = |msig: &mut Msig,
                proposer: &AccountId32,
                action: String,
                what: &str|
     -> Result<u64> {
        let suite = &mut msig.ddc.suite;
        let id: u64 = check(
            "propose",
            suite.tx::<u64, DaoError>(proposer, &dao_address, "propose", &[action, str_arg(what)]),
        )?;
        suite.session.sandbox().build_blocks(s.voting_delay);
        check::<(), DaoError>(
            "vote",
            suite.tx(
                &alice(),
                &dao_address,
                "vote",
                &[id.to_string(), format!("{:?}", VoteType::For)],
            ),
        )?;
        check::<(), DaoError>(
            "vote",
            suite.tx(
                &bob(),
                &dao_address,
                "vote",
                &[id.to_string(), format!("{:?}", VoteType::Against)],
            ),
        )?;
        suite
            .session
            .sandbox()
            .build_blocks(s.voting_period.saturating_add(s.execution_delay));
        let state: ProposalState = check(
            "proposal_state",
            suite.tx::<ProposalState, DaoError>(
                &admin(),
                &dao_address,
                "proposal_state",
                &[id.to_string()],
            ),
        )?;
        say(&format!(
            "#{id} {what}: alice (600) For, bob (400) Against; after {} blocks the proposal is {state:?}",
            s.voting_delay + s.voting_period + s.execution_delay
        ));
        check::<(), DaoError>(
            "execute",
            suite.tx(&eve(), &dao_address, "execute", &[id.to_string()]),
        )?;
        say(&format!("eve (anyone) executed #{id}"));
        Ok(id)
    };
    pass(
        msig,
        &alice(),
        action_arg(&accept_manager(cluster)),
        "the DAO accepts the cluster",
    )?;
    let info = msig.ddc.cluster(cluster);
    say(&format!(
        "cluster {cluster} is now managed by {}",
        arg(&AccountId32::new(*info.manager.as_ref()))
    ));
    check("trust", msig.ddc.node_trust_manager(&charlie(), &dao))?;
    check(
        "node_create",
        msig.ddc
            .node_create(&charlie(), &node_key(3), 100, UNIT / 2),
    )?;
    say("charlie registered node 3 and trusts the DAO");
    pass(
        msig,
        &bob(),
        action_arg(&add_node(cluster, &node_key(3), &[1, 2])),
        "admit node 3 with vnodes [1, 2]",
    )?;
    let node = msig.ddc.node(&node_key(3));
    say(&format!("node 3 is {}", in_cluster(node.cluster_id)));
    Ok(())
}

/// "in cluster 1", or "in no cluster".
fn in_cluster(cluster: Option<u32>) -> String {
    cluster.map_or("in no cluster".into(), |id| format!("in cluster {id}"))
}
