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
