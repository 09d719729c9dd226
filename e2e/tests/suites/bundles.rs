//! The `.contract` bundles as tools outside this repository read them: every
//! deployable contract's bundle, and the routed COS Credit's
//! (`cos_credit.contract`: the router's Wasm and constructor with the full
//! token's messages and events). Calls are encoded and decoded with
//! `contract-transcode` 5.0.3 from the bundle alone (what `cargo contract
//! instantiate` / `call` 5.0.3 and the Contracts UI do), then run on drink.

use contract_transcode::ContractMessageTranscoder;
use cos_sandbox::{ink_dir, suite, to_drink, Bundle, Chain};
use parity_scale_codec::Decode;
use psp22::PSP22;
use serde_json::Value;

/// Every contract a community deploys, by bundle.
const DEPLOYABLE: [&str; 7] = [
    "cos_credit",
    "credit",
    "donation_quota",
    "subtoken",
    "crowdfund",
    "bounty",
    "governance",
];

fn transcoder(name: &str) -> ContractMessageTranscoder {
    let path = ink_dir().join(name).join(format!("{name}.contract"));
    ContractMessageTranscoder::load(&path).unwrap_or_else(|e| panic!("{} loads: {e}", path.display()))
}

fn labels(bundle: &Bundle, kind: &str) -> Vec<(String, String)> {
    bundle.metadata["spec"][kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["label"].as_str().unwrap().to_string(),
                m["selector"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ss58(account: &ink::primitives::AccountId) -> String {
    to_drink(*account).to_string()
}

#[test]
fn every_message_of_every_deployable_bundle_is_read_by_contract_transcode() {
    for name in DEPLOYABLE {
        let bundle = Bundle::load(name).unwrap();
        let t = transcoder(name);
        let spec = &bundle.metadata["spec"];
        assert!(
            !spec["constructors"].as_array().unwrap().is_empty(),
            "{name} has a constructor"
        );
        for message in spec["messages"].as_array().unwrap() {
            let label = message["label"].as_str().unwrap();
            // Every message is known by label with its selector (arguments are
            // checked for a few below: encoding needs values of their types).
            let found = t
                .metadata()
                .spec()
                .messages()
                .iter()
                .find(|m| m.label() == label)
                .unwrap_or_else(|| panic!("{name}: {label} listed"));
            assert_eq!(
                format!("0x{}", hex::encode(found.selector().to_bytes())),
                message["selector"].as_str().unwrap(),
                "{name}: {label}"
            );
        }
    }
}

#[test]
fn the_routed_bundle_is_the_router_with_every_message_and_event_of_the_token() {
    let (routed, full, router) = (
        Bundle::load("cos_credit").unwrap(),
        Bundle::load("credit").unwrap(),
        Bundle::load("credit_core").unwrap(),
    );
    assert_eq!(routed.wasm, router.wasm, "the router's code");
    assert_eq!(routed.metadata["source"]["hash"], router.metadata["source"]["hash"]);
    assert_eq!(labels(&routed, "constructors"), labels(&router, "constructors"));
    let messages = labels(&routed, "messages");
    for message in labels(&full, "messages") {
        assert!(messages.contains(&message), "{message:?} of the token is listed");
    }
    assert!(messages.iter().any(|(label, _)| label == "extension_code_hash"));
    assert!(!messages.iter().any(|(label, _)| label == "route"), "not the catch-all");
    let events = |b: &Bundle| -> Vec<Value> { b.metadata["spec"]["events"].as_array().unwrap().clone() };
    assert_eq!(events(&routed).len(), events(&full).len());
}

/// As `cargo contract instantiate` and `call` would, from the routed bundle
/// alone: the constructor, `PSP22::transfer`, `freeze`, and reading back.
#[test]
fn the_routed_bundle_instantiates_transfers_and_freezes_through_contract_transcode() {
    let mut chain = Chain::new();
    let (owner, bob) = (chain.account(1), chain.account(2));
    let full = Bundle::load("credit").unwrap();
    let routed = Bundle::load("cos_credit").unwrap();
    let t = transcoder("cos_credit");
    let code_hash = chain.upload(&full, owner).unwrap();
    let data = t
        .encode(
            "new",
            ["Some(1000000000000)", format!("0x{}", hex::encode(code_hash)).as_str()],
        )
        .expect("the constructor encodes");
    let (token, _) = chain
        .instantiate_data(&routed, data, owner)
        .expect("the router instantiates");

    let data = t
        .encode("PSP22::transfer", [ss58(&bob).as_str(), "250000000", "[]"])
        .expect("PSP22::transfer encodes");
    let out = chain.call_raw(token, owner, data).unwrap();
    assert!(!out.reverted, "the transfer went through");
    let decoded = t
        .decode_message_return("PSP22::transfer", &mut &out.value[..])
        .expect("its result decodes");
    assert!(decoded.to_string().starts_with("Ok(Ok("), "{decoded}");

    let data = t
        .encode("freeze", [ss58(&bob).as_str(), "100000000"])
        .expect("freeze encodes");
    let out = chain.call_raw(token, owner, data).unwrap();
    assert!(!out.reverted, "freeze went through");

    let c = suite::credit(token);
    assert_eq!(chain.query(c.balance_of(bob)).unwrap(), 250_000_000);
    assert_eq!(chain.query(c.frozen_balance_of(bob)).unwrap(), 100_000_000);
    // A read through the bundle too: the router forwards it to the full code.
    let data = t.encode("frozen_balance_of", [ss58(&bob).as_str()]).unwrap();
    let out = chain.call_raw(token, owner, data).unwrap();
    let value = <Result<u128, ink::LangError>>::decode(&mut &out.value[..]).unwrap();
    assert_eq!(value, Ok(100_000_000));
}
