//! README.md documents every contract's ABI; these tests hold it to the contracts' metadata (the
//! ink! metadata in each bundle is the truth). Per contract section (`## <contract> messages`):
//!
//! - every constructor and message appears in the section's message tables (first column,
//!   `` `name(arg, ..)` ``) with the same label (trait messages as `Trait::message`) and the same
//!   argument names in the same order, marked `(constructor)` and `payable` as in the metadata;
//!   every call the tables name exists (no stale rows);
//! - every event is named in the section (its `event` column or an `Events:` paragraph), and
//!   every event named there exists;
//! - the `Errors (<path>): ..` paragraph names the path and exactly the variants (with their
//!   payload types) of the `Error` type the messages return, in order when it says "in ABI order";
//!   an `errors` column names only variants of that type.
//!
//! Each test lists every mismatch it finds before it fails.

use ddc_tests::BundleProvider;
use drink::session::ContractBundle;
use ink::metadata::InkProject;
use ink::scale_info::TypeDef;
use std::collections::{BTreeMap, BTreeSet};

fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bundle(provider: BundleProvider) -> ContractBundle {
    provider.bundle().expect("bundle")
}

// ---------------------------------------------------------------------------------------------
// The metadata side.

/// A constructor or message of the ABI.
struct AbiCall {
    label: String,
    args: Vec<String>,
    constructor: bool,
    payable: bool,
}

fn abi_calls(project: &InkProject) -> Vec<AbiCall> {
    let spec = project.spec();
    let constructors = spec.constructors().iter().map(|c| AbiCall {
        label: c.label().clone(),
        args: c.args().iter().map(|a| a.label().clone()).collect(),
        constructor: true,
        payable: *c.payable(),
    });
    let messages = spec.messages().iter().map(|m| AbiCall {
        label: m.label().clone(),
        args: m.args().iter().map(|a| a.label().clone()).collect(),
        constructor: false,
        payable: m.payable(),
    });
    constructors.chain(messages).collect()
}

fn abi_events(project: &InkProject) -> Vec<String> {
    project
        .spec()
        .events()
        .iter()
        .map(|e| e.label().clone())
        .collect()
}

/// The `(ok, err)` type ids of a `Result` type.
fn result_params(project: &InkProject, id: u32) -> Option<(u32, u32)> {
    let ty = project.registry().resolve(id)?;
    if ty.path.segments.last().map(String::as_str) != Some("Result") {
        return None;
    }
    let ok = ty.type_params.first()?.ty.as_ref()?.id;
    let err = ty.type_params.get(1)?.ty.as_ref()?.id;
    Some((ok, err))
}

/// An error enum of the ABI: its path and its variants with their payload types.
struct AbiError {
    path: String,
    variants: Vec<(String, Option<String>)>,
}

/// The error types the constructors and messages return: `E` of
/// `Result<Result<_, E>, LangError>` when `E`'s path ends in `Error`.
fn abi_errors(project: &InkProject) -> Vec<AbiError> {
    let spec = project.spec();
    let returns = spec
        .constructors()
        .iter()
        .map(|c| c.return_type().ret_type().ty().id)
        .chain(
            spec.messages()
                .iter()
                .map(|m| m.return_type().ret_type().ty().id),
        );
    let mut ids = BTreeSet::new();
    for ret in returns {
        let Some((ok, _lang_error)) = result_params(project, ret) else {
            continue;
        };
        let Some((_, err)) = result_params(project, ok) else {
            continue;
        };
        let ty = project.registry().resolve(err).expect("error type");
        if ty.path.segments.last().map(String::as_str) == Some("Error") {
            ids.insert(err);
        }
    }
    ids.into_iter()
        .map(|id| {
            let ty = project.registry().resolve(id).expect("error type");
            let variants = match &ty.type_def {
                TypeDef::Variant(def) => def
                    .variants
                    .iter()
                    .map(|v| {
                        let payload = (!v.fields.is_empty()).then(|| {
                            v.fields
                                .iter()
                                .map(|f| f.type_name.clone().unwrap_or_else(|| "?".into()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        });
                        (v.name.clone(), payload)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            AbiError {
                path: ty.path.segments.join("::"),
                variants,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The README side.

/// The lines (1-based number, text) under `heading` up to the next `## ` heading.
fn section<'a>(readme: &'a str, heading: &str) -> Option<Vec<(usize, &'a str)>> {
    let mut lines = readme.lines().enumerate();
    lines.find(|(_, l)| l.trim_end() == heading)?;
    Some(
        lines
            .take_while(|(_, l)| !l.starts_with("## "))
            .map(|(i, l)| (i + 1, l))
            .collect(),
    )
}

/// The cells of a table row; `\|` is a literal `|`.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    let mut out = vec![String::new()];
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                out.last_mut().unwrap().push('|');
            }
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// A code span: the text before it (since the previous span), its content, and its parenthesis
/// depth in the surrounding text.
struct Span {
    before: String,
    code: String,
    depth: usize,
}

/// The code spans of `text`, and the text outside them.
fn spans(text: &str) -> (Vec<Span>, String) {
    let mut out = Vec::new();
    let mut outside = String::new();
    let mut before = String::new();
    let mut depth = 0usize;
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let plain = &rest[..open];
        for c in plain.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        before.push_str(plain);
        outside.push_str(plain);
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else {
            rest = after;
            break;
        };
        out.push(Span {
            before: std::mem::take(&mut before),
            code: after[..close].to_string(),
            depth,
        });
        rest = &after[close + 1..];
    }
    outside.push_str(rest);
    (out, outside)
}

/// An UpperCamelCase identifier (an event or variant name).
fn is_event_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The event names of an event cell or `Events:` paragraph: code spans outside parentheses that
/// are UpperCamelCase identifiers (`` `VoteCast` (vote `None`) `` names `VoteCast` only).
fn event_names(text: &str) -> Vec<String> {
    spans(text)
        .0
        .into_iter()
        .filter(|s| s.depth == 0 && is_event_name(&s.code))
        .map(|s| s.code)
        .collect()
}

/// Splits at commas outside brackets.
fn split_top_level(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '<' | '[' | '{' => depth += 1,
            ')' | '>' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `name(arg: Type, ..)` → (`name`, Some([arg, ..])); a bare `name` → (`name`, None).
fn parse_call(code: &str) -> Option<(String, Option<Vec<String>>)> {
    let code = code.trim();
    let name_len = code
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(code.len());
    let name = &code[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let rest = code[name_len..].trim_start();
    if rest.is_empty() {
        return Some((name.to_string(), None));
    }
    let inner = rest.strip_prefix('(')?;
    let mut depth = 1i32;
    let mut end = None;
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let args = split_top_level(&inner[..end?])
        .into_iter()
        .map(|a| a.split(':').next().unwrap_or("").trim().to_string())
        .collect();
    Some((name.to_string(), Some(args)))
}

/// A call a message table documents.
struct DocCall {
    name: String,
    args: Vec<String>,
    constructor: bool,
    payable: bool,
    line: usize,
}

/// What a contract's README section documents.
#[derive(Default)]
struct DocSection {
    calls: Vec<DocCall>,
    /// Event name → first line naming it.
    events: BTreeMap<String, usize>,
    /// (line, text) of the `Errors (..)` paragraph.
    errors: Option<(usize, String)>,
    /// Error variants an `errors` column names, with their line.
    error_mentions: Vec<(String, usize)>,
}

/// The paragraph (lines up to a blank one) starting at `lines[i]`.
fn paragraph(lines: &[(usize, &str)], i: usize) -> String {
    lines[i..]
        .iter()
        .take_while(|(_, l)| !l.trim().is_empty())
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_section(lines: &[(usize, &str)], problems: &mut Vec<String>) -> DocSection {
    let mut doc = DocSection::default();
    let mut i = 0;
    while i < lines.len() {
        let (line_no, line) = lines[i];
        let text = line.trim();
        if text.starts_with('|') {
            // A table: header, separator, rows.
            let header = cells(text);
            let mut j = i + 1;
            let mut rows = Vec::new();
            while j < lines.len() && lines[j].1.trim().starts_with('|') {
                rows.push(lines[j]);
                j += 1;
            }
            if header.first().map(String::as_str) == Some("message") {
                let event_col = header.iter().position(|h| h == "event");
                let errors_col = header.iter().position(|h| h == "errors");
                for (row_no, row) in rows.into_iter().skip(1) {
                    let row_cells = cells(row);
                    parse_first_cell(&row_cells[0], row_no, &mut doc.calls, problems);
                    if let Some(cell) = event_col.and_then(|c| row_cells.get(c)) {
                        for event in event_names(cell) {
                            doc.events.entry(event).or_insert(row_no);
                        }
                    }
                    if let Some(cell) = errors_col.and_then(|c| row_cells.get(c)) {
                        for span in spans(cell).0.into_iter().filter(|s| s.depth == 0) {
                            let name = span.code.split('(').next().unwrap_or("").trim();
                            if is_event_name(name) {
                                doc.error_mentions.push((name.to_string(), row_no));
                            }
                        }
                    }
                }
            }
            i = j;
            continue;
        }
        if text.starts_with("Events:") {
            for event in event_names(&paragraph(lines, i)) {
                doc.events.entry(event).or_insert(line_no);
            }
        }
        if text.starts_with("Errors (") {
            if doc.errors.is_some() {
                problems.push(format!("line {line_no}: a second `Errors (..)` paragraph"));
            }
            doc.errors = Some((line_no, paragraph(lines, i)));
        }
        i += 1;
    }
    doc
}

/// The calls of a table row's first column: code spans `name(args)`, a bare `name` after another
/// call sharing its arguments (`` `set(a, b)` / `revoke` ``); spans after `→` are return types.
fn parse_first_cell(cell: &str, line: usize, calls: &mut Vec<DocCall>, problems: &mut Vec<String>) {
    let (spans, outside) = spans(cell);
    let constructor = outside.contains("(constructor)");
    let payable = outside
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "payable");
    let mut previous: Option<Vec<String>> = None;
    let mut found = false;
    for span in spans {
        if span.before.contains('→') {
            continue;
        }
        match parse_call(&span.code) {
            Some((name, Some(args))) => {
                previous = Some(args.clone());
                calls.push(DocCall {
                    name,
                    args,
                    constructor,
                    payable,
                    line,
                });
                found = true;
            }
            Some((name, None)) if previous.is_some() => calls.push(DocCall {
                name,
                args: previous.clone().unwrap(),
                constructor,
                payable,
                line,
            }),
            _ => problems.push(format!(
                "line {line}: cannot read `{}` in the message column as a call",
                span.code
            )),
        }
    }
    if !found {
        problems.push(format!("line {line}: a message row without a call: {cell}"));
    }
}

// ---------------------------------------------------------------------------------------------
// The comparison.

fn fmt_variant(name: &str, payload: &Option<String>) -> String {
    match payload {
        Some(payload) => format!("{name}({payload})"),
        None => name.to_string(),
    }
}

fn fmt_call(name: &str, args: &[String]) -> String {
    format!("{name}({})", args.join(", "))
}

/// Every mismatch between `heading`'s section of the README and `project`.
fn mismatches(readme: &str, heading: &str, project: &InkProject) -> Vec<String> {
    let mut out = Vec::new();
    let Some(lines) = section(readme, heading) else {
        return vec![format!("README has no `{heading}` section")];
    };
    let doc = parse_section(&lines, &mut out);

    // Constructors and messages, both ways.
    let abi = abi_calls(project);
    let mut seen = BTreeMap::new();
    for call in &doc.calls {
        if let Some(first) = seen.insert(call.name.as_str(), call.line) {
            out.push(format!(
                "line {}: `{}` is documented again (first on line {first})",
                call.line, call.name
            ));
        }
        let Some(item) = abi.iter().find(|a| a.label == call.name) else {
            out.push(format!(
                "line {}: `{}` is not a constructor or message of the contract (stale row)",
                call.line,
                fmt_call(&call.name, &call.args)
            ));
            continue;
        };
        if item.args != call.args {
            out.push(format!(
                "line {}: README `{}`, metadata `{}` (argument names differ)",
                call.line,
                fmt_call(&call.name, &call.args),
                fmt_call(&item.label, &item.args)
            ));
        }
        for (what, marker, in_metadata, in_readme) in [
            (
                "a constructor",
                "(constructor)",
                item.constructor,
                call.constructor,
            ),
            ("payable", "payable", item.payable, call.payable),
        ] {
            if in_metadata != in_readme {
                let not = |flag: bool| if flag { "" } else { "not " };
                out.push(format!(
                    "line {}: `{}` is {}{what} in the metadata but {}marked `{marker}`",
                    call.line,
                    call.name,
                    not(in_metadata),
                    not(in_readme),
                ));
            }
        }
    }
    for item in &abi {
        if !seen.contains_key(item.label.as_str()) {
            out.push(format!(
                "{} `{}` is missing from the README's tables",
                if item.constructor {
                    "constructor"
                } else {
                    "message"
                },
                fmt_call(&item.label, &item.args)
            ));
        }
    }

    // Events, both ways.
    let events = abi_events(project);
    for (event, line) in &doc.events {
        if !events.contains(event) {
            out.push(format!(
                "line {line}: event `{event}` is not an event of the contract"
            ));
        }
    }
    for event in &events {
        if !doc.events.contains_key(event) {
            out.push(format!(
                "event `{event}` is not named in the section (event column or `Events:`)"
            ));
        }
    }

    // The error enum.
    let errors = abi_errors(project);
    let [error] = errors.as_slice() else {
        out.push(format!(
            "expected one `Error` type in the messages' results, found {:?}",
            errors.iter().map(|e| &e.path).collect::<Vec<_>>()
        ));
        return out;
    };
    let Some((line, text)) = &doc.errors else {
        out.push(format!(
            "no `Errors (`{}`): ..` paragraph in the section",
            error.path
        ));
        return out;
    };
    let Some((head, list)) = text.split_once("):") else {
        out.push(format!(
            "line {line}: cannot read the `Errors (..):` paragraph"
        ));
        return out;
    };
    let doc_path = spans(head).0.into_iter().next().map(|s| s.code);
    if doc_path.as_deref() != Some(error.path.as_str()) {
        out.push(format!(
            "line {line}: error type `{}`, metadata `{}`",
            doc_path.unwrap_or_default(),
            error.path
        ));
    }
    let doc_variants: Vec<(String, Option<String>)> = spans(list)
        .0
        .into_iter()
        .filter(|s| s.depth == 0)
        .map(|s| match s.code.split_once('(') {
            Some((name, payload)) => (
                name.trim().to_string(),
                Some(payload.trim_end_matches(')').trim().to_string()),
            ),
            None => (s.code.trim().to_string(), None),
        })
        .collect();
    let doc_names: Vec<&String> = doc_variants.iter().map(|(n, _)| n).collect();
    let abi_names: Vec<&String> = error.variants.iter().map(|(n, _)| n).collect();
    for (name, payload) in &doc_variants {
        match error.variants.iter().find(|(n, _)| n == name) {
            None => out.push(format!(
                "line {line}: error variant `{name}` is not a variant of `{}`",
                error.path
            )),
            Some((_, abi_payload)) if abi_payload != payload => out.push(format!(
                "line {line}: README `{}`, metadata `{}` (error payload differs)",
                fmt_variant(name, payload),
                fmt_variant(name, abi_payload)
            )),
            Some(_) => {}
        }
        if doc_names.iter().filter(|n| **n == name).count() > 1 {
            out.push(format!(
                "line {line}: error variant `{name}` is listed twice"
            ));
        }
    }
    for name in &abi_names {
        if !doc_names.contains(name) {
            out.push(format!(
                "line {line}: error variant `{name}` of `{}` is missing",
                error.path
            ));
        }
    }
    for (name, row) in &doc.error_mentions {
        if !abi_names.contains(&name) {
            out.push(format!(
                "line {row}: the errors column names `{name}`, not a variant of `{}`",
                error.path
            ));
        }
    }
    if head.contains("in ABI order") && doc_names.len() == abi_names.len() && doc_names != abi_names
    {
        out.push(format!(
            "line {line}: errors are said to be in ABI order, but the ABI order is {abi_names:?}"
        ));
    }
    out
}

fn check(heading: &str, project: &InkProject) {
    let problems = mismatches(&readme(), heading, project);
    if !problems.is_empty() {
        let list = problems
            .iter()
            .map(|p| format!("  - {p}"))
            .collect::<Vec<_>>()
            .join("\n");
        panic!(
            "README `{heading}` does not match the metadata ({} mismatches):\n{list}",
            problems.len()
        );
    }
}

#[test]
fn readme_documents_the_ddc_bucket_abi() {
    check(
        "## ddc_bucket messages",
        bundle(BundleProvider::DdcBucket).transcoder.metadata(),
    );
}

#[test]
fn readme_documents_the_manager_multisig_abi() {
    check(
        "## manager_multisig messages",
        bundle(BundleProvider::ManagerMultisig)
            .transcoder
            .metadata(),
    );
}

#[test]
fn readme_documents_the_manager_dao_abi() {
    check(
        "## manager_dao messages",
        bundle(BundleProvider::ManagerDao).transcoder.metadata(),
    );
}

/// The token's section is prose (its PSP22 messages are the standard's): the calls it names must
/// exist with their argument names, its constructor and own messages must be named, and so must
/// the traits of its trait messages.
#[test]
fn readme_documents_the_governance_token_abi() {
    let bundle = ddc_tests::dao::governance_token_bundle();
    let project = bundle.transcoder.metadata();
    let readme = readme();
    let mut problems = Vec::new();
    let lines = section(&readme, "## governance_token").expect("`## governance_token` section");
    let text = lines.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
    let abi = abi_calls(project);
    let mut named = BTreeSet::new();
    for span in spans(&text).0 {
        let Some((name, Some(args))) = parse_call(&span.code) else {
            continue;
        };
        if let Some(item) = abi.iter().find(|a| a.label == name) {
            named.insert(name.clone());
            if item.args != args {
                problems.push(format!(
                    "README `{}`, metadata `{}`",
                    fmt_call(&name, &args),
                    fmt_call(&item.label, &item.args)
                ));
            }
        }
    }
    for item in &abi {
        match item.label.split_once("::") {
            Some((trait_name, _)) => {
                let word = text
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == trait_name);
                if !word {
                    problems.push(format!("trait `{trait_name}` is not named"));
                }
            }
            None if !named.contains(&item.label) => problems.push(format!(
                "`{}` is not named",
                fmt_call(&item.label, &item.args)
            )),
            None => {}
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "README `## governance_token` does not match the metadata:\n  - {}",
        problems.join("\n  - ")
    );
}
