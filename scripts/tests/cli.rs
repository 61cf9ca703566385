//! The deploy tool's sandbox path, driven through its command line as an operator would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ddc-deploy"))
        .args(args)
        .env_remove("DDC_LOCAL_SURI")
        .output()
        .expect("run ddc-deploy")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fresh deployments directory for one test.
fn deployments(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ddc-deploy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn deploy(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["deploy", "--deployments", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    tool(&args)
}

fn record(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("sandbox.json")).expect("record written");
    serde_json::from_str(&text).expect("record parses")
}

#[test]
fn deploying_twice_skips_what_is_done() {
    let dir = deployments("twice");
    let first = deploy(&dir, &[]);
    assert!(first.status.success(), "{}", text(&first));
    let out = text(&first);
    assert!(out.contains("[1/6] ddc_bucket"), "{out}");
    assert!(out.contains("now managed by the multisig"), "{out}");
    assert!(out.contains("is managed by the DAO"), "{out}");
    assert!(out.contains("smoke checks: ok"), "{out}");
    let recorded = record(&dir);
    let core = recorded["contracts"]["ddc_bucket"]["address"].clone();
    let multisig = recorded["contracts"]["manager_multisig"]["address"].clone();
    assert!(core.is_string() && multisig.is_string());
    assert_eq!(
        recorded["wiring"][0]["result"], "1",
        "cluster 1 handed over"
    );
    assert!(dir.join("sandbox.state").exists());

    let second = deploy(&dir, &[]);
    assert!(second.status.success(), "{}", text(&second));
    let out = text(&second);
    assert_eq!(out.matches("(skipped)").count(), 6, "{out}");
    let again = record(&dir);
    assert_eq!(again["contracts"]["ddc_bucket"]["address"], core);
    assert_eq!(again["contracts"]["manager_multisig"]["address"], multisig);

    let status = tool(&["status", "--deployments", dir.to_str().unwrap()]);
    assert!(status.status.success(), "{}", text(&status));
    let out = text(&status);
    assert!(out.contains("live, code as recorded"), "{out}");
    assert!(out.contains("(the multisig)"), "{out}");
    assert!(out.contains("AcceptManager"), "{out}");
    assert!(out.contains("DAO: 1000.0000 staked"), "{out}");
}

#[test]
fn a_dry_run_estimates_and_records_nothing() {
    let dir = deployments("dry");
    let output = deploy(&dir, &["--dry-run"]);
    assert!(output.status.success(), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("would deploy"), "{out}");
    assert!(out.contains("estimated storage deposit"), "{out}");
    assert!(!dir.join("sandbox.json").exists());
    assert!(!dir.join("sandbox.state").exists());
}

/// A copy of the core's bundle whose code pallet-contracts refuses (an empty Wasm module: no
/// `call` or `deploy` export, no memory import), for `deploy --code ddc_bucket=…`.
pub fn rejected_core_bundle(dir: &Path) -> PathBuf {
    let target = option_env!("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let built = target.join("ink/ddc_bucket/ddc_bucket.contract");
    let mut bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&built).expect("the core's bundle"))
            .expect("bundle JSON");
    bundle["source"]["wasm"] = "0x0061736d01000000".into();
    let path = dir.join("rejected.contract");
    std::fs::write(&path, bundle.to_string()).unwrap();
    path
}

#[test]
fn a_code_the_chain_rejects_stops_deploy_before_anything_is_recorded() {
    let dir = deployments("rejected");
    let bad = rejected_core_bundle(&dir);
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let arg = format!("ddc_bucket={}", bad.display());
    let output = deploy(&records, &["--code", &arg]);
    assert!(!output.status.success(), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("CodeRejected"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    assert!(!records.join("sandbox.json").exists(), "nothing recorded");
    // The built code deploys from the same directory afterwards; an unknown name is refused.
    let output = deploy(&records, &["--code", "ddc_core=x.contract"]);
    assert!(
        text(&output).contains("no such contract"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_corrupted_record_is_refused_and_kept() {
    let dir = deployments("corrupt");
    std::fs::write(dir.join("sandbox.json"), "{ \"format\": 1, ").unwrap();
    let output = deploy(&dir, &[]);
    assert!(!output.status.success());
    assert!(
        text(&output).contains("corrupted deployment record"),
        "{}",
        text(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("sandbox.json")).unwrap(),
        "{ \"format\": 1, ",
        "left as it was"
    );
}

#[test]
fn a_foreign_record_is_refused() {
    let dir = deployments("foreign");
    let first = deploy(&dir, &[]);
    assert!(first.status.success(), "{}", text(&first));
    let mut recorded = record(&dir);
    recorded["network"] = "local".into();
    std::fs::write(dir.join("sandbox.json"), recorded.to_string()).unwrap();
    let output = deploy(&dir, &[]);
    assert!(!output.status.success());
    let out = text(&output);
    assert!(out.contains("foreign deployment record"), "{out}");
    assert!(out.contains("'local'"), "{out}");
}

#[test]
fn an_unknown_network_and_a_missing_secret_are_clear_errors() {
    let output = tool(&["deploy", "--network", "mainnet"]);
    assert!(!output.status.success());
    assert!(
        text(&output).contains("unknown network 'mainnet'"),
        "{}",
        text(&output)
    );
    let output = tool(&["deploy", "--network", "local"]);
    assert!(!output.status.success());
    let out = text(&output);
    assert!(out.contains("DDC_LOCAL_SURI"), "{out}");
    assert!(out.contains("not set"), "{out}");
}

#[test]
fn aleph_is_refused_for_the_managers_call_v1_caveat() {
    let output = tool(&["deploy", "--network", "aleph-testnet", "--dry-run"]);
    assert!(!output.status.success());
    assert!(text(&output).contains("call_v1"), "{}", text(&output));
}

#[test]
fn the_demo_tells_the_whole_story() {
    let output = tool(&["demo"]);
    assert!(output.status.success(), "{}", text(&output));
    let out = text(&output);
    for line in [
        "is now managed by",
        "AddNode node 1",
        "node 3 is in cluster 2",
        "settled bucket 1",
        "bob (provider) received",
        "rent is covered",
        "demo finished",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
}

// ---- role commands (issue 15) -------------------------------------------------------------

/// Run the tool on the deployment in `dir` (no backtraces: errors are one line).
fn role(dir: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend_from_slice(&["--deployments", dir.to_str().unwrap()]);
    Command::new(env!("CARGO_BIN_EXE_ddc-deploy"))
        .args(&all)
        .env_remove("DDC_LOCAL_SURI")
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .expect("run ddc-deploy")
}

/// Run a role command that must succeed; its output.
fn ok(dir: &Path, args: &[&str]) -> String {
    let output = role(dir, args);
    assert!(
        output.status.success(),
        "{args:?} failed:\n{}",
        text(&output)
    );
    text(&output)
}

/// Run a role command that must be refused with `words`, changing nothing.
fn refused(dir: &Path, args: &[&str], words: &str) {
    let state = std::fs::read(dir.join("sandbox.state")).ok();
    let output = role(dir, args);
    let out = text(&output);
    assert!(!output.status.success(), "{args:?} should fail:\n{out}");
    assert!(out.contains(words), "{args:?} should say {words:?}:\n{out}");
    assert!(
        !out.contains("Stack backtrace")
            && out.lines().filter(|l| l.starts_with("Error")).count() == 1,
        "one clear error line:\n{out}"
    );
    assert_eq!(
        std::fs::read(dir.join("sandbox.state")).ok(),
        state,
        "{args:?} changed the sandbox"
    );
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = role(dir, &all);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?} --json does not parse ({e}):\n{}", text(&out)))
}

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

#[test]
fn signers_approve_a_node_two_of_three_one_invocation_each() {
    let dir = deployments("msig-roles");
    assert!(deploy(&dir, &[]).status.success());
    // The sandbox's multisig starts 1-of-1 (the deployer): grow it to alice, bob and the
    // deployer, 2 approvals needed, through its own proposals.
    for (n, action) in [
        (1, ["add-signer", "alice"]),
        (2, ["add-signer", "bob"]),
        (3, ["change-threshold", "2"]),
    ] {
        let out = ok(&dir, &["multisig", "propose", action[0], action[1]]);
        assert!(out.contains("enough approvals"), "{out}");
        ok(&dir, &["multisig", "execute", &n.to_string()]);
    }
    let listed = json(&dir, &["multisig", "list"]);
    assert_eq!(listed["threshold"], 2);
    assert_eq!(listed["signers"].as_array().unwrap().len(), 3);

    // A provider registers a node and trusts the multisig.
    ok(
        &dir,
        &[
            "node",
            "register",
            "--key",
            "ferdie",
            "--capacity",
            "100",
            "--rent",
            "0.5",
            "--as",
            "charlie",
        ],
    );
    ok(&dir, &["node", "trust", "multisig", "--as", "charlie"]);

    // alice proposes, bob approves, charlie (anyone) executes.
    let out = ok(
        &dir,
        &[
            "multisig",
            "propose",
            "add-node",
            "--cluster",
            "1",
            "--node",
            "ferdie",
            "--vnodes",
            "1,2",
            "--as",
            "alice",
        ],
    );
    assert!(out.contains("dry run: ok"), "{out}");
    assert!(
        out.contains("propose to add node ferdie to cluster 1 with vnodes 1, 2"),
        "{out}"
    );
    assert!(
        out.contains("proposal #4: pending, approvals 1 of 2 (alice), expires in 7 d"),
        "{out}"
    );
    let shown = json(&dir, &["multisig", "show", "4"]);
    assert_eq!(shown["state"], "Pending");
    assert_eq!(shown["approved_by"], serde_json::json!([ALICE]));
    assert_eq!(
        shown["action"],
        "add node ferdie to cluster 1 with vnodes 1, 2"
    );

    refused(
        &dir,
        &["multisig", "execute", "4", "--as", "charlie"],
        "fewer approvals than the threshold",
    );
    refused(
        &dir,
        &["multisig", "approve", "4", "--as", "alice"],
        "already approved by this signer",
    );
    refused(
        &dir,
        &["multisig", "approve", "4", "--as", "dave"],
        "not a signer of the multisig",
    );
    refused(
        &dir,
        &["multisig", "approve", "99", "--as", "bob"],
        "unknown proposal #99: the multisig's proposals are #0 … #4",
    );

    let out = ok(&dir, &["multisig", "approve", "4", "--as", "bob"]);
    assert!(
        out.contains("event: multisig: vote cast — id: 4, signer: bob"),
        "{out}"
    );
    assert!(out.contains("approvals 2 of 2 (alice, bob)"), "{out}");
    let out = ok(&dir, &["multisig", "execute", "4", "--as", "charlie"]);
    assert!(
        out.contains("event: core: cluster node added — cluster_id: 1, node_key: ferdie"),
        "{out}"
    );
    assert!(
        out.contains("event: multisig: proposal executed — id: 4, executor: charlie"),
        "{out}"
    );
    let node = json(&dir, &["node", "show", "ferdie"]);
    assert_eq!(node["cluster"], 1);
    assert_eq!(node["v_nodes"], serde_json::json!([1, 2]));
    refused(
        &dir,
        &["multisig", "execute", "4"],
        "the proposal is closed",
    );

    // Stale: a proposal made before the signers change can no longer pass.
    ok(
        &dir,
        &[
            "multisig",
            "propose",
            "remove-node",
            "--cluster",
            "1",
            "--node",
            "ferdie",
            "--as",
            "alice",
        ],
    );
    ok(
        &dir,
        &[
            "multisig",
            "propose",
            "add-signer",
            "charlie",
            "--as",
            "bob",
        ],
    );
    ok(
        &dir,
        &["multisig", "approve", "6", "--execute", "--as", "alice"],
    );
    refused(
        &dir,
        &["multisig", "approve", "5", "--as", "bob"],
        "the proposal is stale",
    );
    // Expired: its lifetime ends while the sandbox's clock moves on.
    ok(
        &dir,
        &[
            "multisig",
            "propose",
            "--lifetime",
            "1h",
            "distribute-revenues",
            "--cluster",
            "1",
            "--as",
            "alice",
        ],
    );
    let out = ok(&dir, &["advance", "--time", "2h"]);
    assert!(out.contains("clock +2 h"), "{out}");
    refused(
        &dir,
        &["multisig", "approve", "7", "--as", "bob"],
        "the proposal expired",
    );
    let listed = json(&dir, &["multisig", "list"]);
    let states: Vec<(u64, String)> = listed["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_u64().unwrap(),
                p["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(states.len(), 8);
    assert!(
        states.contains(&(5, "Stale".into())) && states.contains(&(7, "Expired".into())),
        "{states:?}"
    );
    let out = ok(&dir, &["multisig", "list"]);
    assert!(
        out.contains("#7   expired   distribute the revenues of cluster 1"),
        "{out}"
    );
}

#[test]
fn a_dao_vote_admits_a_node() {
    let dir = deployments("dao-roles");
    assert!(deploy(&dir, &[]).status.success());
    // The deployer staked 1 000 while deploying; alice gets 500 and stakes them.
    ok(&dir, &["token", "transfer", "--to", "alice", "500"]);
    let out = ok(&dir, &["dao", "stake", "500", "--as", "alice"]);
    assert!(out.contains("event: DAO: staked — account: alice"), "{out}");
    refused(
        &dir,
        &[
            "dao",
            "propose",
            "accept-manager",
            "--cluster",
            "9",
            "--as",
            "alice",
        ],
        "not enough voting power at the snapshot to propose",
    );
    ok(&dir, &["advance", "--blocks", "1"]);
    let power = json(&dir, &["dao", "power", "alice"]);
    assert_eq!(power["voting_weight"], "5000000000000");
    ok(
        &dir,
        &[
            "node",
            "register",
            "--key",
            "ferdie",
            "--capacity",
            "100",
            "--rent",
            "0.5",
            "--as",
            "dave",
        ],
    );
    ok(&dir, &["node", "trust", "dao", "--as", "dave"]);
    let out = ok(
        &dir,
        &[
            "dao",
            "propose",
            "add-node",
            "--cluster",
            "2",
            "--node",
            "ferdie",
            "--vnodes",
            "5,6",
            "--description",
            "admit ferdie",
            "--as",
            "alice",
        ],
    );
    assert!(out.contains("description: admit ferdie"), "{out}");
    assert!(out.contains("DAO proposal #1: active"), "{out}");
    let out = ok(&dir, &["dao", "vote", "1", "for", "--as", "alice"]);
    assert!(out.contains("with weight 500"), "{out}");
    assert!(
        out.contains("for 500 / against 0 / abstain 0, [##########] 166 % of quorum"),
        "{out}"
    );
    refused(
        &dir,
        &["dao", "vote", "1", "against", "--as", "alice"],
        "already voted",
    );
    refused(
        &dir,
        &["dao", "vote", "1", "for", "--as", "bob"],
        "no voting power",
    );
    refused(&dir, &["dao", "execute", "1"], "voting is still open");
    refused(
        &dir,
        &["dao", "vote", "7", "for"],
        "unknown proposal #7: the DAO's proposals are #0 … #1",
    );
    let shown = json(&dir, &["dao", "show", "1"]);
    assert_eq!(shown["state"], "Active");
    assert_eq!(shown["for"], "5000000000000");
    assert_eq!(shown["quorum_reached"], true);
    assert_eq!(shown["me"]["voted"], false, "the deployer has not voted");
    let out = ok(&dir, &["dao", "show", "1"]);
    assert!(out.contains("voting ends in 2 block(s)"), "{out}");
    assert!(
        out.contains("deployer: may vote with weight 1 000"),
        "{out}"
    );
    // Voting ends after 2 blocks, execution opens 1 block later.
    ok(&dir, &["advance", "--blocks", "3"]);
    refused(
        &dir,
        &["dao", "vote", "1", "against"],
        "voting is not open: the proposal is executable",
    );
    let out = ok(&dir, &["dao", "execute", "1", "--as", "bob"]);
    assert!(
        out.contains("event: core: cluster node added — cluster_id: 2, node_key: ferdie"),
        "{out}"
    );
    assert!(out.contains("state: Executed"), "{out}");
    let node = json(&dir, &["node", "show", "ferdie"]);
    assert_eq!(node["cluster"], 2);
    let listed = json(&dir, &["dao", "list"]);
    assert_eq!(listed["proposals"][0]["id"], 1, "newest closed first");
    assert_eq!(listed["proposals"][0]["state"], "Executed");
}

#[test]
fn a_dao_vote_changes_its_settings() {
    let dir = deployments("dao-settings");
    assert!(deploy(&dir, &[]).status.success());
    // Out of bounds (approval must be at least 50 %): refused in the dry run.
    refused(
        &dir,
        &[
            "dao",
            "propose",
            "update-settings",
            "--approval-threshold-bp",
            "4000",
        ],
        "invalid action",
    );
    let out = ok(
        &dir,
        &[
            "dao",
            "propose",
            "update-settings",
            "--voting-period",
            "7",
            "--proposal-threshold",
            "20",
        ],
    );
    assert!(
        out.contains("(critical: higher quorum and approval)"),
        "{out}"
    );
    let shown = json(&dir, &["dao", "show", "1"]);
    let arg = shown["action_arg"].as_str().unwrap_or_default().to_string();
    assert!(
        arg.starts_with("UpdateSettings(Settings { voting_delay: 0, voting_period: 7,"),
        "{shown}"
    );
    assert!(arg.contains("proposal_threshold: 200000000000,"), "{shown}");
    assert_eq!(shown["critical"], true);
    ok(&dir, &["dao", "vote", "1", "for"]);
    ok(&dir, &["advance", "--blocks", "3"]);
    ok(&dir, &["dao", "execute", "1", "--as", "bob"]);
    // Proposals made from now on carry the new settings.
    let out = ok(
        &dir,
        &["dao", "propose", "accept-manager", "--cluster", "9"],
    );
    assert!(out.contains("and lasts 7"), "{out}");
}

#[test]
fn an_app_pays_for_a_bucket_and_sees_until_when() {
    let dir = deployments("bucket-roles");
    assert!(deploy(&dir, &[]).status.success());
    ok(
        &dir,
        &[
            "node",
            "register",
            "--key",
            "ferdie",
            "--capacity",
            "100",
            "--rent",
            "0.5",
            "--as",
            "charlie",
        ],
    );
    ok(&dir, &["node", "trust", "multisig", "--as", "charlie"]);
    ok(
        &dir,
        &[
            "multisig",
            "propose",
            "add-node",
            "--cluster",
            "1",
            "--node",
            "ferdie",
            "--vnodes",
            "1,2",
        ],
    );
    ok(&dir, &["multisig", "execute", "1"]);
    let out = ok(&dir, &["bucket", "create", "--cluster", "1", "--as", "eve"]);
    assert!(out.contains("bucket 1 created"), "{out}");
    refused(
        &dir,
        &["bucket", "alloc", "1", "5", "--as", "eve"],
        "deposit does not cover a day",
    );
    ok(&dir, &["bucket", "deposit", "100", "--as", "eve"]);
    refused(
        &dir,
        &["bucket", "alloc", "1", "5", "--as", "bob"],
        "only the bucket's owner",
    );
    let out = ok(&dir, &["bucket", "alloc", "1", "5", "--as", "eve"]);
    assert!(out.contains("pays 5 USD per month"), "{out}");
    assert!(out.contains("covered for"), "{out}");
    let status = json(&dir, &["bucket", "status", "1"]);
    assert_eq!(status["resource_reserved"], 5);
    assert_eq!(status["owner_deposit"], "1000000000000");
    let covered = status["rent_covered_until_ms"].as_u64().unwrap();
    let now = status["now_ms"].as_u64().unwrap();
    // 100 CERE at 1 USD per CERE and 5 USD per month: 20 months.
    assert!(
        covered > now + 19 * 31 * 86_400_000 && covered < now + 21 * 31 * 86_400_000,
        "{status}"
    );
}

#[test]
fn role_commands_need_a_deployment_and_a_signer() {
    let dir = deployments("no-roles");
    refused(
        &dir,
        &["multisig", "list"],
        "no deployment recorded for network 'sandbox'",
    );
    refused(
        &dir,
        &["dao", "vote", "0", "for"],
        "run `ddc-deploy deploy --network sandbox` first",
    );
    let output = role(&dir, &["multisig", "approve", "0", "--network", "local"]);
    assert!(!output.status.success());
    assert!(
        text(&output).contains("DDC_LOCAL_SURI"),
        "{}",
        text(&output)
    );
    refused(
        &dir,
        &["multisig", "list", "--as", "mallory"],
        "--as 'mallory'",
    );
}
