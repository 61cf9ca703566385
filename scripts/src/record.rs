//! The deployment record `scripts/deployments/<network>.json`: what was deployed where, written
//! after every completed step so that a re-run resumes and skips what is done.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped when the record's shape changes.
pub const FORMAT: u32 = 1;

/// Gas and storage deposit of one step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub ref_time: u64,
    pub proof_size: u64,
    /// Native units charged (> 0) or refunded (< 0).
    pub storage_deposit: i128,
}

impl Cost {
    /// A storage deposit as a signed amount: charged (> 0) or refunded (< 0).
    pub fn signed_deposit(refund: bool, amount: u128) -> i128 {
        let amount = i128::try_from(amount).unwrap_or(i128::MAX);
        if refund {
            -amount
        } else {
            amount
        }
    }
}

impl From<ddc_tests::Cost> for Cost {
    fn from(cost: ddc_tests::Cost) -> Self {
        Self {
            ref_time: cost.ref_time,
            proof_size: cost.proof_size,
            storage_deposit: cost.storage_deposit,
        }
    }
}

/// One deployed contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployed {
    /// SS58 address.
    pub address: String,
    /// 0x-prefixed blake2-256 of the Wasm.
    pub code_hash: String,
    pub wasm_size: usize,
    /// Block the contract was instantiated in.
    pub block: u64,
    pub constructor: String,
    pub args: Vec<String>,
    pub cost: Cost,
}

/// A wiring step done after the contracts (e.g. a cluster handed to the multisig).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wired {
    pub step: String,
    /// What the step produced (e.g. the cluster id).
    pub result: String,
    pub cost: Cost,
}

/// The whole record of one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    pub network: String,
    /// Identity of the chain: its genesis hash, or "sandbox".
    pub chain: String,
    pub deployer: String,
    pub git_commit: String,
    pub tool_versions: BTreeMap<String, String>,
    pub contracts: BTreeMap<String, Deployed>,
    #[serde(default)]
    pub wiring: Vec<Wired>,
}

impl Record {
    /// An empty record for `network` on `chain`.
    pub fn new(network: &str, chain: &str, deployer: &str) -> Self {
        let tool_versions = [
            ("ddc-deploy", env!("CARGO_PKG_VERSION")),
            ("ink", "5.1.1"),
            ("drink", "0.18.0"),
            ("contract-extrinsics", "5.0.3"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Self {
            format: FORMAT,
            network: network.into(),
            chain: chain.into(),
            deployer: deployer.into(),
            git_commit: git_commit(),
            tool_versions,
            contracts: BTreeMap::new(),
            wiring: Vec::new(),
        }
    }

    /// The record file of `network` in `dir`.
    pub fn path(dir: &Path, network: &str) -> PathBuf {
        dir.join(format!("{network}.json"))
    }

    /// Load the record of `network` on `chain`, if there is one. A record that does not parse,
    /// or that belongs to another network or chain, is an error (never silently overwritten).
    pub fn load(dir: &Path, network: &str, chain: &str) -> Result<Option<Self>> {
        let path = Self::path(dir, network);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let record: Self = serde_json::from_str(&text).with_context(|| {
            format!(
                "corrupted deployment record {}: it does not parse; move it away to deploy afresh",
                path.display()
            )
        })?;
        if record.format != FORMAT {
            bail!(
                "deployment record {} has format {}, this tool writes {FORMAT}; move it away to deploy afresh",
                path.display(),
                record.format
            );
        }
        if record.network != network || record.chain != chain {
            bail!(
                "foreign deployment record {}: it belongs to network '{}' on chain {}, not '{network}' on chain {chain}; move it away to deploy afresh",
                path.display(),
                record.network,
                record.chain
            );
        }
        Ok(Some(record))
    }

    /// Write the record (via a temporary file, so a crash never leaves half a record).
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = Self::path(dir, &self.network);
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(&tmp, text + "\n").with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }
}

/// The work tree's commit (with "-dirty" when it has changes), or "unknown".
fn git_commit() -> String {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    match run(&["rev-parse", "HEAD"]) {
        Some(commit) => match run(&["status", "--porcelain"]) {
            Some(changes) if !changes.is_empty() => format!("{commit}-dirty"),
            _ => commit,
        },
        None => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ddc-record-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_saved_record_loads_back() {
        let dir = temp_dir("roundtrip");
        let mut record = Record::new("local", "0xabc", "5Grw");
        record.contracts.insert(
            "ddc_bucket".into(),
            Deployed {
                address: "5F".into(),
                code_hash: "0x01".into(),
                wasm_size: 10,
                block: 3,
                constructor: "new".into(),
                args: vec![],
                cost: Cost::default(),
            },
        );
        record.save(&dir).unwrap();
        assert_eq!(Record::load(&dir, "local", "0xabc").unwrap(), Some(record));
        assert_eq!(Record::load(&dir, "other", "0xabc").unwrap(), None);
    }

    #[test]
    fn a_corrupted_record_is_a_clear_error() {
        let dir = temp_dir("corrupt");
        std::fs::write(Record::path(&dir, "local"), "{ not json").unwrap();
        let error = format!("{:#}", Record::load(&dir, "local", "0xabc").unwrap_err());
        assert!(error.contains("corrupted deployment record"), "{error}");
    }

    #[test]
    fn a_record_of_another_chain_is_refused() {
        let dir = temp_dir("foreign");
        Record::new("local", "0xabc", "5Grw").save(&dir).unwrap();
        let error = Record::load(&dir, "local", "0xdef")
            .unwrap_err()
            .to_string();
        assert!(error.contains("foreign deployment record"), "{error}");
    }
}
