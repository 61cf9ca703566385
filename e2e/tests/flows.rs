//! The suite's three headline flows as ink_e2e tests, each written once (generic over the
//! client) and run on both ink_e2e backends:
//!
//! - `*_on_the_sandbox`: ink_e2e's `runtime_only` backend, part of the README's test command;
//! - `*_on_a_node`: ink_e2e's node backend against `substrate-contracts-node` (ignored by
//!   default; `bash scripts/e2e-node.sh` runs them with the installed node).
//!
//! Accounts are ink_e2e's dev keys: alice deploys the core (its SuperAdmin) and creates
//! clusters, alice, bob and charlie are the multisig's signers and the token holders, dave is a
//! node provider, eve an app, ferdie makes the blocks pass on a node.

use ddc_bucket::DdcBucket;
use ddc_e2e::{exec, id, on_node, on_sandbox, query, send, Chain, Clock};
use ddc_types::{
    BucketId, ClusterAction, ClusterId, ClusterManagement, Error as CoreError, NodeKey,
    NodeStatusInCluster, MONTH_MS,
};
use governance_token::GovernanceToken;
use ink::primitives::AccountId;
use ink_e2e::{alice, bob, charlie, dave, eve};
use manager_dao::types::{
    Action as DaoAction, Error as DaoError, ProposalState as DaoState, Settings, VoteType,
};
use manager_dao::ManagerDao;
use manager_multisig::types::{
    Action as MsigAction, Error as MsigError, ProposalState as MsigState,
};
use manager_multisig::ManagerMultisig;
use psp22::PSP22;

/// One token of 10 decimals.
const TOKEN: u128 = 10_000_000_000;

/// The node the provider (dave) registers.
fn node_key() -> NodeKey {
    AccountId::from([0x4E; 32])
}

/// Instantiate contract `$name` (its Wasm in the client's registry) with `$constructor` (a
/// ContractRef constructor) as alice; the new contract's address.
macro_rules! deploy {
    ($client:expr, $name:literal, $constructor:expr) => {{
        let mut constructor = $constructor;
        $client
            .instantiate($name, &alice(), &mut constructor)
            .submit()
            .await
            .expect(concat!($name, " instantiates"))
            .account_id
    }};
}

/// The typed call builder of contract `T` at `address`.
fn builder<T: ink::codegen::ContractCallBuilder>(address: AccountId) -> T::Type
where
    T::Type: ink::env::call::FromAccountId<ink::env::DefaultEnvironment>,
{
    ink::env::call::FromAccountId::from_account_id(address)
}

/// The core, deployed by alice.
async fn deploy_core<C: Chain>(client: &mut C) -> AccountId {
    deploy!(client, "ddc_bucket", ddc_bucket::DdcBucketRef::new())
}

/// dave registers [`node_key`] (capacity 100, `rent_per_month` per unit per vnode) and trusts
/// `manager` to admit it.
async fn register_node<C: Chain>(
    client: &mut C,
    core: AccountId,
    manager: AccountId,
    rent_per_month: u128,
) {
    let mut core = core_builder(core);
    exec(
        client,
        &dave(),
        &core.node_create(node_key(), "region=eu".into(), 100, rent_per_month),
    )
    .await;
    exec(client, &dave(), &core.node_trust_manager(manager)).await;
}

/// alice creates a cluster (10 units of resource per vnode); returns its id.
async fn create_cluster<C: Chain>(client: &mut C, core: AccountId) -> ClusterId {
    let mut core = core_builder(core);
    exec(client, &alice(), &core.cluster_create("tier=1".into(), 10)).await
}

fn core_builder(core: AccountId) -> <DdcBucket as ink::codegen::ContractCallBuilder>::Type {
    builder::<DdcBucket>(core)
}

/// The manager of `cluster` and its nodes (key, status, vnodes), read from the core.
async fn cluster_state<C: Chain>(
    client: &mut C,
    core: AccountId,
    cluster: ClusterId,
) -> (AccountId, Vec<(NodeKey, NodeStatusInCluster, Vec<u64>)>) {
    let core = core_builder(core);
    let (info, _) = query(client, &alice(), &core.cluster_get(cluster))
        .await
        .expect("the cluster exists");
    let nodes = info
        .nodes
        .into_iter()
        .map(|n| (n.node_key, n.status, n.v_nodes))
        .collect();
    (info.manager, nodes)
}

// ---------------------------------------------------------------------------------------------
// 1. A cluster handed to the multisig; a provider's node admitted by 2 of 3 signers.

async fn multisig_admits_a_node<C: Chain>(client: &mut C, _clock: &mut Clock) {
    let core_id = deploy_core(client).await;
    let mut core = core_builder(core_id);
    let cluster = create_cluster(client, core_id).await;

    let signers = vec![id(&alice()), id(&bob()), id(&charlie())];
    let constructor = manager_multisig::ManagerMultisigRef::new(core_id, signers, 2, 3_600_000);
    let msig_id = deploy!(client, "manager_multisig", constructor);
    let msig = &mut builder::<ManagerMultisig>(msig_id);

    // Hand-over: alice offers the cluster, the signers accept it by a 2-of-3 proposal.
    exec(
        client,
        &alice(),
        &core.cluster_transfer_manager(cluster, msig_id),
    )
    .await;
    let accept = MsigAction::Cluster(ClusterAction::AcceptManager { cluster });
    let p0 = exec(client, &alice(), &msig.propose(accept, None)).await;
    assert!(
        exec(client, &bob(), &msig.approve_and_execute(p0)).await,
        "bob's approval executes"
    );
    assert_eq!(cluster_state(client, core_id, cluster).await.0, msig_id);
    // The cluster is the multisig's now: alice alone can no longer add nodes.
    register_node(client, core_id, msig_id, 10 * TOKEN).await;
    let direct = core.cluster_add_node(cluster, node_key(), vec![1, 2]);
    assert_eq!(
        query(client, &alice(), &direct).await,
        Err(CoreError::OnlyClusterManager)
    );

    // charlie proposes to admit dave's node; one approval is not enough, an outsider cannot
    // approve, alice's approval reaches 2 of 3, and anyone executes.
    let add = MsigAction::Cluster(ClusterAction::AddNode {
        cluster,
        node_key: node_key(),
        v_nodes: vec![1, 2],
    });
    let p1 = exec(client, &charlie(), &msig.propose(add, None)).await;
    assert_eq!(
        query(client, &charlie(), &msig.proposal_state(p1)).await,
        Ok(MsigState::Pending)
    );
    assert_eq!(
        query(client, &eve(), &msig.execute(p1)).await,
        Err(MsigError::NotApproved)
    );
    assert_eq!(
        query(client, &eve(), &msig.approve(p1)).await,
        Err(MsigError::NotSigner)
    );
    exec(client, &alice(), &msig.approve(p1)).await;
    assert_eq!(
        query(client, &alice(), &msig.approve(p1)).await,
        Err(MsigError::AlreadyApproved)
    );
    assert_eq!(
        query(client, &eve(), &msig.proposal_state(p1)).await,
        Ok(MsigState::Approved)
    );
    exec(client, &eve(), &msig.execute(p1)).await;

    assert_eq!(
        query(client, &eve(), &msig.proposal_state(p1)).await,
        Ok(MsigState::Executed)
    );
    assert_eq!(
        cluster_state(client, core_id, cluster).await,
        (
            msig_id,
            vec![(node_key(), NodeStatusInCluster::Adding, vec![1, 2])]
        )
    );
    // Executed once only.
    assert_eq!(
        query(client, &eve(), &msig.execute(p1)).await,
        Err(MsigError::ProposalClosed)
    );
}

#[test]
fn multisig_admits_a_node_on_the_sandbox() {
    on_sandbox(multisig_admits_a_node);
}

#[test]
#[ignore = "needs substrate-contracts-node: bash scripts/e2e-node.sh"]
fn multisig_admits_a_node_on_a_node() {
    on_node(multisig_admits_a_node);
}

// ---------------------------------------------------------------------------------------------
// 2. A cluster handed to the DAO; a node admitted by token vote.

/// Voting opens at creation and lasts 4 blocks; no execution delay; 20 % quorum, > 50 %
/// approval (critical: 40 %, > 66.67 %); 1 token to propose; executable for 50 blocks.
fn dao_settings() -> Settings {
    Settings {
        voting_delay: 0,
        voting_period: 4,
        quorum_bp: 2_000,
        approval_threshold_bp: 5_000,
        critical_quorum_bp: 4_000,
        critical_approval_threshold_bp: 6_667,
        proposal_threshold: TOKEN,
        execution_delay: 0,
        execution_window: 50,
        late_quorum_extension: 0,
    }
}

/// Vote on `proposal` by alice and bob (For), let voting end, execute it by eve.
async fn pass<C: Chain>(
    client: &mut C,
    clock: &mut Clock,
    dao: &mut <ManagerDao as ink::codegen::ContractCallBuilder>::Type,
    proposal: u64,
) {
    exec(client, &alice(), &dao.vote(proposal, VoteType::For)).await;
    exec(client, &bob(), &dao.vote(proposal, VoteType::For)).await;
    assert_eq!(
        query(client, &alice(), &dao.vote(proposal, VoteType::For)).await,
        Err(DaoError::AlreadyVoted)
    );
    assert!(matches!(
        query(client, &eve(), &dao.execute(proposal)).await,
        Err(DaoError::InvalidState(DaoState::Active))
    ));
    clock
        .pass_blocks(client, dao_settings().voting_period)
        .await;
    assert_eq!(
        query(client, &eve(), &dao.proposal_state(proposal)).await,
        Ok(DaoState::Executable)
    );
    exec(client, &eve(), &dao.execute(proposal)).await;
    assert_eq!(
        query(client, &eve(), &dao.proposal_state(proposal)).await,
        Ok(DaoState::Executed)
    );
}

async fn dao_admits_a_node<C: Chain>(client: &mut C, clock: &mut Clock) {
    let core_id = deploy_core(client).await;
    let mut core = core_builder(core_id);
    let cluster = create_cluster(client, core_id).await;

    // The token: 1 000 minted to alice, who gives bob 600; charlie holds none.
    let constructor =
        governance_token::GovernanceTokenRef::new(1_000 * TOKEN, None, None, 10, false);
    let token_id = deploy!(client, "governance_token", constructor);
    let token = &mut builder::<GovernanceToken>(token_id);
    exec(
        client,
        &alice(),
        &token.transfer(id(&bob()), 600 * TOKEN, Vec::new()),
    )
    .await;

    let constructor = manager_dao::ManagerDaoRef::new(core_id, token_id, dao_settings(), None);
    let dao_id = deploy!(client, "manager_dao", constructor);
    let dao = &mut builder::<ManagerDao>(dao_id);

    // Stakes: alice 400, bob 600 (approve the DAO, then stake); they count from the next block.
    for (holder, amount) in [(alice(), 400 * TOKEN), (bob(), 600 * TOKEN)] {
        exec(client, &holder, &token.approve(dao_id, amount)).await;
        exec(client, &holder, &dao.stake(amount)).await;
    }
    assert_eq!(
        query(client, &eve(), &dao.stake_of(id(&bob()))).await,
        600 * TOKEN
    );
    clock.pass_blocks(client, 1).await;

    // Hand-over: alice offers the cluster, the stakers vote to accept it.
    exec(
        client,
        &alice(),
        &core.cluster_transfer_manager(cluster, dao_id),
    )
    .await;
    let accept = DaoAction::Cluster(ClusterAction::AcceptManager { cluster });
    let p0 = exec(
        client,
        &alice(),
        &dao.propose(accept, "take cluster 1".into()),
    )
    .await;
    pass(client, clock, dao, p0).await;
    assert_eq!(cluster_state(client, core_id, cluster).await.0, dao_id);

    // dave lets the DAO admit his node; bob proposes it; charlie (no stake) cannot vote.
    register_node(client, core_id, dao_id, 10 * TOKEN).await;
    let add = DaoAction::Cluster(ClusterAction::AddNode {
        cluster,
        node_key: node_key(),
        v_nodes: vec![7, 8, 9],
    });
    let p1 = exec(
        client,
        &bob(),
        &dao.propose(add, "admit dave's node".into()),
    )
    .await;
    assert_eq!(
        query(client, &charlie(), &dao.vote(p1, VoteType::For)).await,
        Err(DaoError::NoVotingPower)
    );
    pass(client, clock, dao, p1).await;

    assert_eq!(
        cluster_state(client, core_id, cluster).await,
        (
            dao_id,
            vec![(node_key(), NodeStatusInCluster::Adding, vec![7, 8, 9])]
        )
    );
    // The stake is still the DAO's, whole: 1 000 tokens.
    assert_eq!(
        query(client, &eve(), &token.balance_of(dao_id)).await,
        1_000 * TOKEN
    );
}

#[test]
fn dao_admits_a_node_on_the_sandbox() {
    on_sandbox(dao_admits_a_node);
}

#[test]
#[ignore = "needs substrate-contracts-node: bash scripts/e2e-node.sh"]
fn dao_admits_a_node_on_a_node() {
    on_node(dao_admits_a_node);
}

// ---------------------------------------------------------------------------------------------
// 3. An app's bucket: deposit, allocation, settlement after time passes, distribution.

/// Time the bucket flow lets pass: 10 days on the sandbox; on a node (real time) 3 seconds.
fn rent_period(clock: &Clock) -> u64 {
    if clock.is_exact() {
        10 * 24 * 3_600_000
    } else {
        3_000
    }
}

async fn bucket_pays_its_providers<C: Chain>(client: &mut C, clock: &mut Clock) {
    let core_id = deploy_core(client).await;
    let mut core = core_builder(core_id);
    let cluster = create_cluster(client, core_id).await;
    // Fees: 5 % to charlie (network), 10 % to the manager (alice).
    exec(
        client,
        &alice(),
        &core.admin_set_fee_config(500, id(&charlie()), 1_000),
    )
    .await;
    // dave's node at 100 USD per unit per vnode per month, 3 vnodes, managed by alice.
    register_node(client, core_id, id(&alice()), 100 * TOKEN).await;
    exec(
        client,
        &alice(),
        &core.cluster_add_node(cluster, node_key(), vec![1, 2, 3]),
    )
    .await;

    // eve deposits 1 000 CERE, creates a bucket and allocates 5 units: 1 500 USD a month.
    send(client, &eve(), &core.account_deposit(), 1_000 * TOKEN)
        .await
        .expect("deposit");
    let bucket: BucketId = exec(
        client,
        &eve(),
        &core.bucket_create("app=photos".into(), cluster),
    )
    .await;
    exec(client, &eve(), &core.bucket_alloc_into_cluster(bucket, 5)).await;
    let (info, _) = query(client, &eve(), &core.bucket_get(bucket))
        .await
        .expect("bucket");
    assert_eq!(info.rent_usd_per_month, 1_500 * TOKEN);
    let deposit_before = query(client, &eve(), &core.account_get(id(&eve())))
        .await
        .expect("account")
        .deposit;
    assert_eq!(deposit_before, 1_000 * TOKEN);
    let started = clock.exact_ms();
    let wall = std::time::Instant::now();

    clock.pass_ms(client, rent_period(clock)).await;

    // Anyone (bob) settles: the rent moves from eve's deposit to the cluster's revenues.
    exec(client, &bob(), &core.bucket_settle_payment(bucket)).await;
    let deposit_after = query(client, &eve(), &core.account_get(id(&eve())))
        .await
        .expect("account")
        .deposit;
    let paid = deposit_before
        .checked_sub(deposit_after)
        .expect("the deposit only shrinks");
    let (cluster_info, _) = query(client, &eve(), &core.cluster_get(cluster))
        .await
        .expect("cluster");
    assert_eq!(
        cluster_info.revenues, paid,
        "what eve paid is the cluster's revenue"
    );
    match (started, clock.exact_ms()) {
        // Exact on the sandbox: 1 500 USD a month for 10 days at 1 USD per CERE.
        (Some(t0), Some(t1)) => {
            let expected = 1_500 * TOKEN * u128::from(t1 - t0) / u128::from(MONTH_MS);
            assert_eq!(paid, expected);
        }
        // On a node the chain time that passed is only bounded by the wall clock around it.
        _ => {
            let most_ms =
                u128::from(u64::try_from(wall.elapsed().as_millis()).unwrap_or(u64::MAX)) + 60_000;
            let least = 1_500 * TOKEN * u128::from(rent_period(clock)) / u128::from(MONTH_MS);
            assert!(
                paid >= least,
                "paid {paid} for at least {} ms",
                rent_period(clock)
            );
            assert!(
                paid <= 1_500 * TOKEN * most_ms / u128::from(MONTH_MS),
                "paid {paid}"
            );
        }
    }

    // Anyone (bob) distributes: network fee, management fee, the provider's part, to the unit.
    let who = [id(&dave()), id(&charlie()), id(&alice())];
    let mut before = Vec::new();
    for account in who {
        before.push(client.free_balance(account).await.expect("balance"));
    }
    exec(client, &bob(), &core.cluster_distribute_revenues(cluster)).await;
    let mut gained = Vec::new();
    for (account, was) in who.into_iter().zip(before) {
        let now = client.free_balance(account).await.expect("balance");
        gained.push(
            now.checked_sub(was)
                .expect("nobody loses by a distribution"),
        );
    }
    let network_fee = paid * 500 / 10_000;
    let management_fee = paid * 1_000 / 10_000;
    let (cluster_info, _) = query(client, &eve(), &core.cluster_get(cluster))
        .await
        .expect("cluster");
    assert_eq!(gained[1], network_fee, "charlie: the network fee");
    assert_eq!(gained[2], management_fee, "alice: the management fee");
    assert_eq!(
        gained[0] + gained[1] + gained[2] + cluster_info.revenues,
        paid,
        "nothing lost or made"
    );
    assert!(
        gained[0] >= paid - network_fee - management_fee - 1,
        "dave: the rest"
    );

    // eve's bucket is covered, and says until when.
    let (info, _) = query(client, &eve(), &core.bucket_get(bucket))
        .await
        .expect("bucket");
    let covered_ms =
        u64::try_from(deposit_after * u128::from(MONTH_MS) / (1_500 * TOKEN)).expect("ms");
    match clock.exact_ms() {
        // Right after settling nothing is due, and the rest of the deposit covers this long.
        Some(now) => {
            assert_eq!(info.amount_due, 0);
            assert!(info.rent_covered_until_ms.abs_diff(now + covered_ms) <= 1);
        }
        // On a node blocks have passed since; the cover still reaches far beyond now.
        None => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock");
            let now_ms = u64::try_from(now.as_millis()).expect("ms");
            assert!(info.rent_covered_until_ms > now_ms + covered_ms / 2);
        }
    }
}

#[test]
fn bucket_pays_its_providers_on_the_sandbox() {
    on_sandbox(bucket_pays_its_providers);
}

#[test]
#[ignore = "needs substrate-contracts-node: bash scripts/e2e-node.sh"]
fn bucket_pays_its_providers_on_a_node() {
    on_node(bucket_pays_its_providers);
}
