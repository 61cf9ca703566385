//! Networks: `scripts/networks/<name>.toml` — where to deploy, who signs, constructor arguments.

use anyhow::{bail, Context, Result};
use ddc_tests::dao::manager_dao::types::Settings;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Where a network's contracts run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The in-process pallet-contracts runtime (drink!): no node needed.
    Sandbox,
    /// A node reached over WebSocket RPC (contracts-node, Cere, Aleph).
    Chain,
}

/// One network file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub name: String,
    pub kind: Kind,
    /// WebSocket endpoint (chains only).
    pub url: Option<String>,
    /// Name of the environment variable holding the deployer's secret URI (chains only).
    pub signer_env: Option<String>,
    /// Storage deposit allowed over the dry run's estimate, in percent (chains only).
    #[serde(default)]
    pub deposit_margin_percent: u32,
    /// The chain offers only the v1 call/instantiate host functions (Aleph Zero).
    #[serde(default)]
    pub call_v1: bool,
    /// The node makes a block only when a transaction arrives (a `--dev` contracts-node's
    /// instant seal): the tool then submits `System::remark` transactions to let blocks pass
    /// (the DAO hand-over's vote), instead of asking to run deploy again later.
    #[serde(default)]
    pub instant_seal: bool,
    pub multisig: MultisigArgs,
    pub token: TokenArgs,
    pub dao: DaoArgs,
    #[serde(default)]
    pub wiring: Wiring,
}

/// Constructor arguments of the governance token (PSP22; the supply goes to the deployer).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenArgs {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    /// In the token's smallest unit (a decimal string: TOML integers stop at 2^63).
    pub supply: String,
    /// Whether the token's owner may mint more later (testnets).
    #[serde(default)]
    pub mintable: bool,
}

/// Constructor arguments of the DAO: its settings (all in blocks / basis points) and guardian.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaoArgs {
    pub voting_delay: u32,
    pub voting_period: u32,
    pub quorum_bp: u32,
    pub approval_threshold_bp: u32,
    /// Quorum of critical actions (cluster hand-over, settings, guardian, code pin, payout):
    /// `quorum_bp ..= 10 000`.
    pub critical_quorum_bp: u32,
    /// Approval threshold of critical actions: `approval_threshold_bp ..= 9 999`.
    pub critical_approval_threshold_bp: u32,
    /// Stake a proposer needs, in the token's smallest unit (decimal string).
    pub proposal_threshold: String,
    pub execution_delay: u32,
    pub execution_window: u32,
    pub late_quorum_extension: u32,
    /// "deployer", an SS58 address, or "none".
    pub guardian: String,
    /// Tokens the deployer stakes to pass the demo hand-over (decimal string).
    pub wiring_stake: String,
}

impl DaoArgs {
    /// The settings as the DAO's own type. `proposal_threshold` was checked to be a decimal
    /// amount when the file was read.
    pub fn settings(&self) -> Settings {
        Settings {
            voting_delay: self.voting_delay,
            voting_period: self.voting_period,
            quorum_bp: self.quorum_bp,
            approval_threshold_bp: self.approval_threshold_bp,
            critical_quorum_bp: self.critical_quorum_bp,
            critical_approval_threshold_bp: self.critical_approval_threshold_bp,
            proposal_threshold: self
                .proposal_threshold
                .parse()
                .expect("checked when the network file was read"),
            execution_delay: self.execution_delay,
            execution_window: self.execution_window,
            late_quorum_extension: self.late_quorum_extension,
        }
    }

    /// The settings in transcoder notation, written from the DAO's metadata.
    pub fn settings_arg(&self) -> String {
        let bundle = ddc_bundles::BundleProvider::ManagerDao
            .bundle()
            .expect("the DAO's bundle (built with the tool)");
        ddc_bundles::scon_of(&bundle.transcoder, &self.settings())
    }
}

/// Constructor arguments of the multisig.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultisigArgs {
    /// SS58 addresses, or "deployer" for the deploying account.
    pub signers: Vec<String>,
    pub threshold: u32,
    pub default_lifetime_ms: u64,
}

/// Optional wiring after the contracts exist.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wiring {
    /// Create one cluster and hand it over to the multisig through an executed proposal
    /// (needs the deployer to be a signer and the threshold to be 1), and one to the DAO
    /// through a passed vote (the deployer stakes `dao.wiring_stake`).
    #[serde(default)]
    pub demo_cluster: bool,
}

/// The file (without `.toml`) holding the defaults of every network file.
const DEFAULTS: &str = "defaults";

/// Put `over` into `base`: tables merge key by key, any other value replaces.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base)), toml::Value::Table(over)) => merge(base, over),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

impl Network {
    /// Read and check `<dir>/<name>.toml` over `<dir>/defaults.toml` (when present).
    pub fn load(dir: &Path, name: &str) -> Result<Self> {
        if name == DEFAULTS {
            bail!("'{DEFAULTS}' holds the defaults of the network files; it is not a network");
        }
        let path = dir.join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "unknown network '{name}': cannot read {} (networks are the *.toml files in {})",
                path.display(),
                dir.display()
            )
        })?;
        let defaults_path = dir.join(format!("{DEFAULTS}.toml"));
        let defaults = match std::fs::read_to_string(&defaults_path) {
            Ok(defaults) => defaults,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(e).with_context(|| format!("reading {}", defaults_path.display()))
            }
        };
        Self::parse_over(&defaults, &text)
            .with_context(|| format!("invalid network file {}", path.display()))
    }

    /// Parse and check a whole network file's text (no defaults).
    #[cfg(test)]
    pub fn parse(text: &str) -> Result<Self> {
        Self::parse_over("", text)
    }

    /// Parse and check a network file's `text` over the `defaults` file's: tables are merged,
    /// the network's values win.
    pub fn parse_over(defaults: &str, text: &str) -> Result<Self> {
        let mut merged: toml::Table = toml::from_str(defaults).context("defaults.toml")?;
        merge(&mut merged, toml::from_str(text)?);
        let network: Self = toml::Value::Table(merged).try_into()?;
        network.check()?;
        Ok(network)
    }

    fn check(&self) -> Result<()> {
        if self.kind == Kind::Chain {
            let url = self.url.as_deref().unwrap_or_default();
            if !(url.starts_with("ws://") || url.starts_with("wss://")) {
                bail!("a chain network needs `url = \"ws://…\"` or \"wss://…\"");
            }
            if self.signer_env.as_deref().unwrap_or_default().is_empty() {
                bail!("a chain network needs `signer_env`, the name of the environment variable holding the deployer's secret URI");
            }
        }
        for (what, value) in [
            ("token.supply", &self.token.supply),
            ("dao.proposal_threshold", &self.dao.proposal_threshold),
            ("dao.wiring_stake", &self.dao.wiring_stake),
        ] {
            if value.parse::<u128>().is_err() {
                bail!("{what} must be a decimal amount, got {value:?}");
            }
        }
        let signers = self.multisig.signers.len();
        let threshold = usize::try_from(self.multisig.threshold)?;
        if signers == 0 || threshold == 0 || threshold > signers {
            bail!(
                "multisig: need 1 ≤ threshold ≤ number of signers (got {threshold} of {signers})"
            );
        }
        Ok(())
    }

    /// The deployer's secret URI, read from the environment variable the file names.
    pub fn secret_uri(&self) -> Result<String> {
        let var = self
            .signer_env
            .as_deref()
            .context("this network has no signer_env")?;
        match std::env::var(var) {
            Ok(value) if !value.trim().is_empty() => Ok(value),
            _ => bail!(
                "network '{}' takes the deployer's secret URI from the environment variable {var}, which is not set (e.g. `export {var}=//Alice` for a dev node; never put secrets in files)",
                self.name
            ),
        }
    }
}

/// The project's `scripts/` directory (networks and deployments live there).
pub fn scripts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sections every network file has after `name` and `kind`.
    const REST: &str = "[multisig]\nsigners = [\"deployer\"]\nthreshold = 1\ndefault_lifetime_ms = 60000\n\
        [token]\nname = \"T\"\nsymbol = \"T\"\ndecimals = 10\nsupply = \"1000\"\n\
        [dao]\nvoting_delay = 0\nvoting_period = 2\nquorum_bp = 1000\napproval_threshold_bp = 5000\n\
        critical_quorum_bp = 3000\ncritical_approval_threshold_bp = 6667\n\
        proposal_threshold = \"1\"\nexecution_delay = 0\nexecution_window = 10\nlate_quorum_extension = 0\n\
        guardian = \"none\"\nwiring_stake = \"10\"\n";

    fn file(kind: &str) -> String {
        format!("name = \"x\"\nkind = \"{kind}\"\n{REST}")
    }

    #[test]
    fn every_shipped_network_parses() {
        let dir = scripts_dir().join("networks");
        for name in ["sandbox", "local", "cere-testnet", "aleph-testnet"] {
            let network = Network::load(&dir, name).unwrap();
            assert_eq!(network.name, name);
        }
        assert_eq!(Network::load(&dir, "sandbox").unwrap().kind, Kind::Sandbox);
        assert!(Network::load(&dir, "aleph-testnet").unwrap().call_v1);
        assert!(Network::parse(&file("sandbox")).is_ok());
    }

    #[test]
    fn a_network_file_overrides_the_defaults_key_by_key() {
        let dir = scripts_dir().join("networks");
        let local = Network::load(&dir, "local").unwrap();
        // Set in local.toml.
        assert_eq!(local.dao.voting_period, 3);
        assert!(local.token.mintable);
        // From defaults.toml.
        assert_eq!(local.dao.quorum_bp, 2000);
        assert_eq!(local.dao.critical_approval_threshold_bp, 6667);
        assert_eq!(local.token.symbol, "DDCG");
        assert_eq!(local.deposit_margin_percent, 20);
        let cere = Network::load(&dir, "cere-testnet").unwrap();
        assert_eq!(cere.dao.voting_period, 14400);
        assert!(!cere.token.mintable);
        assert!(!cere.wiring.demo_cluster);
        let error = Network::load(&dir, "defaults").unwrap_err();
        assert!(error.to_string().contains("not a network"));
        // A key the network struct does not know is still refused after merging.
        let typo = Network::parse_over(
            REST,
            "name = \"x\"\nkind = \"sandbox\"\n[dao]\nvoting_perod = 3\n",
        );
        assert!(format!("{:#}", typo.unwrap_err()).contains("voting_perod"));
    }

    #[test]
    fn an_unknown_network_names_the_directory() {
        let error = Network::load(&scripts_dir().join("networks"), "mainnet").unwrap_err();
        assert!(format!("{error:#}").contains("unknown network 'mainnet'"));
    }

    #[test]
    fn a_chain_without_url_or_signer_is_refused() {
        let base = file("chain");
        let error = Network::parse(&base).unwrap_err();
        assert!(error.to_string().contains("url"));
        let with_url = base.replace(
            "kind = \"chain\"\n",
            "kind = \"chain\"\nurl = \"ws://127.0.0.1:9944\"\n",
        );
        let error = Network::parse(&with_url).unwrap_err();
        assert!(error.to_string().contains("signer_env"));
    }

    #[test]
    fn a_bad_threshold_or_amount_is_refused() {
        let text = file("sandbox").replace("threshold = 1\n", "threshold = 2\n");
        assert!(Network::parse(&text)
            .unwrap_err()
            .to_string()
            .contains("threshold"));
        let text = file("sandbox").replace("\"1000\"", "\"1e3\"");
        assert!(Network::parse(&text)
            .unwrap_err()
            .to_string()
            .contains("decimal amount"));
    }

    #[test]
    fn settings_are_written_in_transcoder_notation() {
        let network = Network::parse(&file("sandbox")).unwrap();
        assert_eq!(
            network.dao.settings_arg(),
            "Settings { voting_delay: 0, voting_period: 2, quorum_bp: 1000, approval_threshold_bp: 5000, critical_quorum_bp: 3000, critical_approval_threshold_bp: 6667, proposal_threshold: 1, execution_delay: 0, execution_window: 10, late_quorum_extension: 0 }"
        );
    }

    #[test]
    fn a_missing_secret_names_the_variable() {
        let dir = scripts_dir().join("networks");
        let mut network = Network::load(&dir, "local").unwrap();
        network.signer_env = Some("DDC_TEST_SURI_THAT_IS_NOT_SET".into());
        let error = network.secret_uri().unwrap_err().to_string();
        assert!(error.contains("DDC_TEST_SURI_THAT_IS_NOT_SET"));
        assert!(error.contains("not set"));
    }
}
