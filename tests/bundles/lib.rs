//! The contract bundles of the DDC suite, built (release, optimised, with the contract lint set)
//! when this crate compiles, and what the project expects of their size. Both the drink tests
//! (`ddc_tests`, which re-exports everything here) and the deploy tool use it, so neither
//! depends on the other for its bundles.
//!
//! - [`BundleProvider`]: drink's bundle macro builds every crate with the `ink-as-dependency`
//!   feature on in this workspace's dependency graph: `ddc_bucket`, `mock_core`, `manager_dao`,
//!   `manager_multisig`.
//! - [`GOVERNANCE_TOKEN_BUNDLE`]: the governance token's bundle comes from `ddc_bundle_macro`
//!   rather than drink's macro: the token depends on the `psp22` crate with `ink-as-dependency`,
//!   and drink's macro builds every such crate as a contract — psp22's own example contract,
//!   which fails the contract lint set (`cast_possible_truncation` in its error derive).
//! - [`scon`], [`transcode`], [`scon_of`]: typed values and message calls in the string form of
//!   a contract's transcoder (drink's recorded call API and the deploy tool's calls take it).

use drink::session::contract_transcode::{ContractMessageTranscoder, Value};
use drink::session::ContractBundle;
use scale::Encode;

/// Bundles of every contract this crate depends on with `ink-as-dependency`.
#[drink::contract_bundle_provider]
pub enum BundleProvider {}

/// Code size per contract, in bytes of optimised Wasm (on Cere every code byte is deposit).
pub struct CodeSize {
    pub bundle: BundleProvider,
    pub name: &'static str,
    /// The design goal, or the higher ceiling an issue allowed for its features, which the
    /// tests' `suite/sizes.rs` enforces.
    pub goal: usize,
}

/// The goals of the contracts the bundle macro builds. governance_token is not built by it; its
/// 16 KiB goal is checked in the tests' `suite/dao.rs`.
pub const CODE_SIZES: &[CodeSize] = &[
    CodeSize {
        bundle: BundleProvider::DdcBucket,
        name: "ddc_bucket",
        // The design goal is 64 KiB; the money hardening (rate periods, rent steps, earnings,
        // funded allocation and eviction) was allowed up to 72 KiB: safety first.
        goal: 72 * 1024,
    },
    CodeSize {
        bundle: BundleProvider::ManagerMultisig,
        name: "manager_multisig",
        goal: 32 * 1024,
    },
    CodeSize {
        bundle: BundleProvider::ManagerDao,
        name: "manager_dao",
        // The design goal is 32 KiB; delegation (two weight rings per account) and critical
        // thresholds were allowed up to 36 KiB.
        goal: 36 * 1024,
    },
];

/// Where the governance token's bundle is (built, release and optimised with the contract lint
/// set, when this crate compiles).
pub const GOVERNANCE_TOKEN_BUNDLE: &str =
    ddc_bundle_macro::contract_bundle_path!("../../contracts/governance_token");

/// The governance token's bundle.
pub fn governance_token_bundle() -> ContractBundle {
    ContractBundle::load(GOVERNANCE_TOKEN_BUNDLE).expect("governance_token bundle")
}

/// `value` in the transcoder's string form (what drink's string API parses): the inverse of the
/// transcoder's decoding. Unlike `Value`'s `Display`, strings are quoted and escaped.
pub fn scon(value: &Value) -> String {
    let list = |values: Vec<&Value>| values.into_iter().map(scon).collect::<Vec<_>>().join(", ");
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Char(c) => format!("'{c}'"),
        Value::UInt(n) => n.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Map(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(name, value)| format!("{name}: {}", scon(value)))
                .collect();
            match map.ident() {
                Some(name) => format!("{name} {{ {} }}", fields.join(", ")),
                None => format!("{{ {} }}", fields.join(", ")),
            }
        }
        Value::Tuple(tuple) => {
            let values: Vec<&Value> = tuple.values().collect();
            if let Some(account) = account_id(tuple.ident().as_deref(), &values) {
                return account;
            }
            match tuple.ident() {
                Some(name) if values.is_empty() => name,
                Some(name) => format!("{name}({})", list(values)),
                None => format!("({})", list(values)),
            }
        }
        Value::String(text) => json_string(text),
        Value::Seq(seq) => format!("[{}]", list(seq.elems().iter().collect())),
        Value::Hex(bytes) => {
            let digits: String = bytes.bytes().iter().map(|b| format!("{b:02x}")).collect();
            format!("0x{digits}")
        }
        Value::Literal(literal) => literal.clone(),
        Value::Unit => "()".into(),
    }
}

/// An ink! `AccountId` that the transcoder decoded as its plain composite, `AccountId([32 bytes])`,
/// as an SS58 literal. contract-transcode 5.0.3 decodes the elements of a sequence without the
/// custom decoders (`decode_seq` calls `decode_type`), so a `Vec<AccountId>` (the multisig's
/// signers) comes out in that form, while its encoder, which does apply the `AccountId` encoder
/// to each element, accepts only a literal, a string or hex.
fn account_id(ident: Option<&str>, values: &[&Value]) -> Option<String> {
    use drink::Ss58Codec;
    let (Some("AccountId"), [Value::Seq(bytes)]) = (ident, values) else {
        return None;
    };
    let bytes: Vec<u8> = bytes
        .elems()
        .iter()
        .map(|byte| match byte {
            Value::UInt(n) => u8::try_from(*n).ok(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    Some(drink::AccountId32::new(bytes).to_ss58check())
}

/// `text` as a quoted string with the escapes the transcoder's parser reads (RFC 8259).
fn json_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if u32::from(c) < 0x20 => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The label and the arguments, in the transcoder's string form, of the message call `input`
/// (selector and SCALE arguments) as `transcoder`'s contract declares it.
///
/// # Panics
/// If the contract has no message with that selector, or the strings do not encode back to
/// exactly `input` (so what is sent is what the call builder built).
pub fn transcode(transcoder: &ContractMessageTranscoder, input: &[u8]) -> (String, Vec<String>) {
    let decoded = transcoder
        .decode_contract_message(&mut &input[..])
        .unwrap_or_else(|e| panic!("a message of this contract: {e}"));
    round_trip(transcoder, input, decoded)
}

/// As [`transcode`], for a constructor call `input`.
pub fn transcode_constructor(
    transcoder: &ContractMessageTranscoder,
    input: &[u8],
) -> (String, Vec<String>) {
    let decoded = transcoder
        .decode_contract_constructor(&mut &input[..])
        .unwrap_or_else(|e| panic!("a constructor of this contract: {e}"));
    round_trip(transcoder, input, decoded)
}

/// The label and argument strings of the decoded call `decoded`, checked to encode back to
/// exactly `input`.
fn round_trip(
    transcoder: &ContractMessageTranscoder,
    input: &[u8],
    decoded: Value,
) -> (String, Vec<String>) {
    let Value::Map(call) = decoded else {
        panic!("a decoded call is a map of its arguments")
    };
    let label = call.ident().expect("a decoded call has its label");
    let args: Vec<String> = call.values().map(scon).collect();
    let encoded = transcoder
        .encode(&label, &args)
        .unwrap_or_else(|e| panic!("{label}{args:?} does not encode back: {e}"));
    assert_eq!(
        encoded, input,
        "{label}{args:?} encodes back to other bytes"
    );
    (label, args)
}

/// `value` in the transcoder's string form as the contract of `transcoder` declares its type
/// (found by `T`'s type path in the contract's metadata), e.g. a DAO `Settings` as a
/// constructor argument.
pub fn scon_of<T: Encode + ink::scale_info::TypeInfo + 'static>(
    transcoder: &ContractMessageTranscoder,
    value: &T,
) -> String {
    let path = T::type_info().path.segments;
    let registry = transcoder.metadata().registry();
    let id = registry
        .types
        .iter()
        .find(|ty| ty.ty.path.segments.iter().eq(path.iter()))
        .unwrap_or_else(|| panic!("{} is in the contract's metadata", path.join("::")))
        .id;
    let decoded = transcoder
        .decode(id, &mut &value.encode()[..])
        .expect("the value decodes as its own type");
    scon(&decoded)
}
