//! The harness itself: time control, funded actors, per-emitter events and typed calls behave
//! as the other tests assume.

use ddc_tests::dao::manager_dao::types::Action as DaoAction;
use ddc_tests::dao::settings;
use ddc_tests::ddc::Ddc;
use ddc_tests::ddc_types::{ClusterAction, NodeStatusInCluster};
use ddc_tests::{
    alice, bob, contract, dave, eve, ink_id, node_key, transcode, BundleProvider, Suite,
    INITIAL_BALANCE,
};
use drink::sandbox_api::prelude::{SystemAPI, TimestampAPI};
use ink::codegen::TraitCallBuilder;
use ink::primitives::Hash;
use manager_dao::ManagerDaoRef;
use manager_multisig::logic::Action as MsigAction;
use manager_multisig::ManagerMultisigRef;
use scale::Encode;

#[test]
fn set_time_builds_a_block_and_sets_milliseconds() {
    let mut suite = Suite::new();
    let block = suite.session.sandbox().block_number();
    suite.set_time(2_678_400_000);
    assert_eq!(suite.session.sandbox().block_number(), block + 1);
    assert_eq!(suite.session.sandbox().get_timestamp(), 2_678_400_000);
}

#[test]
fn named_actors_are_funded() {
    let mut suite = Suite::new();
    assert_eq!(suite.balance(&alice()), INITIAL_BALANCE);
    assert_eq!(suite.balance(&node_key(40)), INITIAL_BALANCE);
}

#[test]
fn events_are_filtered_by_emitter() {
    let mut ddc = Ddc::new();
    ddc.node_create(&bob(), &node_key(1), 1, 1).unwrap();
    assert_eq!(ddc.event_count(), 1);
    // Another emitter address sees none of the core's events.
    assert_eq!(ddc.suite.event_count(&alice()), 0);
}

/// A typed call carries any string: quotes, backslashes, control characters and non-ASCII text
/// survive the transcoder's string form, and the core stores exactly what was built.
#[test]
fn typed_calls_carry_any_string() {
    let mut ddc = Ddc::new();
    let params = "{\"a\":\"x\\\\y\"}\n\t\u{1}é𝄞 \"".to_string();
    let message = ddc.core().call_mut().cluster_create(params.clone(), 10);
    let cluster = ddc.send(&alice(), message).unwrap();
    assert_eq!(ddc.cluster_get(cluster).unwrap().1, params);
}

/// Every action of both managers, typed, has a transcoder form that encodes back to the same
/// bytes (`transcode` checks it): nested enums, options, hashes, accounts, lists and strings.
#[test]
fn every_manager_action_survives_the_transcoder() {
    let key = ink_id(&node_key(1));
    let hash = Hash::from([7; 32]);
    let cluster_actions = vec![
        ClusterAction::AcceptManager { cluster: 1 },
        ClusterAction::TransferManager {
            cluster: 1,
            new_manager: ink_id(&bob()),
        },
        ClusterAction::AddNode {
            cluster: 1,
            node_key: key,
            v_nodes: vec![1, u64::MAX],
        },
        ClusterAction::RemoveNode {
            cluster: 1,
            node_key: key,
        },
        ClusterAction::ReplaceNode {
            cluster: 1,
            v_nodes: vec![],
            new_node_key: key,
        },
        ClusterAction::SetNodeStatus {
            cluster: 1,
            node_key: key,
            status: NodeStatusInCluster::Offline,
        },
        ClusterAction::ChangeParams {
            cluster: 1,
            params: "{\"v\":\"\\\"\"}".into(),
        },
        ClusterAction::SetResourcePerVnode {
            cluster: 1,
            resource: u32::MAX,
        },
        ClusterAction::DistributeRevenues { cluster: 1 },
        ClusterAction::EvictBucket {
            cluster: 1,
            bucket: 2,
        },
    ];
    let mut dao_actions: Vec<DaoAction> = cluster_actions
        .iter()
        .cloned()
        .map(DaoAction::Cluster)
        .collect();
    dao_actions.extend([
        DaoAction::UpdateSettings(settings()),
        DaoAction::SetGuardian(Some(ink_id(&eve()))),
        DaoAction::SetGuardian(None),
        DaoAction::SetCorePin(Some(hash)),
        DaoAction::SetCorePin(None),
        DaoAction::Transfer {
            to: ink_id(&eve()),
            amount: u128::MAX,
        },
    ]);
    let dao_transcoder = BundleProvider::ManagerDao.bundle().unwrap().transcoder;
    let dao = contract::<ManagerDaoRef>(&alice());
    for action in dao_actions {
        let message = dao.clone().call_mut().propose(action, "d".into());
        let (label, args) = transcode(&dao_transcoder, &message.params().exec_input().encode());
        assert_eq!((label.as_str(), args.len()), ("propose", 2));
    }
    let mut msig_actions: Vec<MsigAction> = cluster_actions
        .into_iter()
        .map(MsigAction::Cluster)
        .collect();
    msig_actions.extend([
        MsigAction::AddSigner(ink_id(&dave())),
        MsigAction::RemoveSigner(ink_id(&dave())),
        MsigAction::ReplaceSigner {
            old: ink_id(&dave()),
            new: ink_id(&eve()),
        },
        MsigAction::ChangeThreshold(2),
        MsigAction::SetLifetime(u64::MAX),
        MsigAction::SetCorePin(Some(hash)),
        MsigAction::SetCorePin(None),
        MsigAction::Transfer {
            to: ink_id(&eve()),
            amount: 1,
        },
        MsigAction::VetoDaoProposal {
            dao: ink_id(&eve()),
            proposal: 3,
        },
    ]);
    let msig_transcoder = BundleProvider::ManagerMultisig.bundle().unwrap().transcoder;
    let msig = contract::<ManagerMultisigRef>(&alice());
    for action in msig_actions {
        let message = msig.clone().call_mut().propose(action, Some(5));
        let (label, args) = transcode(&msig_transcoder, &message.params().exec_input().encode());
        assert_eq!((label.as_str(), args.len()), ("propose", 2));
    }
}
