//! COS on a real `substrate-contracts-node --dev` (built by `cargo xtask node`):
//! deploy the routed COS Credit and the donation quota over subxt, play part of
//! the community story, index the node's finalised blocks, and check the
//! derived balances against `balance_of` on the node. Skips, saying so, when
//! the node binary is not on PATH.

use cos_client::{calls::message_data, node::Code, Chain};
use cos_e2e::node::{account, dev, Node, NODE};
use cos_indexer::{
    amount::from_db, entities::*, source::node::NodeSource, Indexer, Options, Quiet, Registry, Source, Store,
};
use cos_sandbox::{constructor_data, ink_dir, suite, Bundle, Message};
use credit::UNIT;
use ink::primitives::{AccountId, Hash};
use parity_scale_codec::{Decode, Encode};
use psp22::PSP22;
use sea_orm::EntityTrait;

async fn send<Args: Encode, R>(chain: &Chain, who: &subxt_signer::sr25519::Keypair, message: Message<Args, R>) {
    let (callee, data) = message_data(message);
    chain.call_checked(who, callee, &data).await.expect("the call succeeds");
}

async fn query<Args: Encode, R: Decode>(chain: &Chain, message: Message<Args, R>) -> R {
    let (callee, data) = message_data(message);
    chain.query(callee, &data).await.expect("the query answers")
}

/// Instantiates `bundle` with constructor `data`, uploading its code with it.
async fn deploy(
    chain: &Chain,
    who: &subxt_signer::sr25519::Keypair,
    bundle: &Bundle,
    data: Vec<u8>,
    salt: u8,
) -> AccountId {
    let estimate = chain
        .dry_instantiate(account(who), Code::Upload(&bundle.wasm), &data, &[salt])
        .await
        .expect("the dry run answers");
    chain
        .instantiate(who, Code::Upload(&bundle.wasm), &data, &[salt], &estimate)
        .await
        .expect("it instantiates")
        .0
}

#[tokio::test(flavor = "multi_thread")]
async fn a_real_node_is_indexed_as_the_chain_says() {
    let Some(node) = Node::start().expect("starting the node") else {
        println!("SKIPPED: {NODE} is not on PATH (`cargo xtask node` builds it, about an hour)");
        return;
    };
    let chain = node.connect().await.expect("the node answers");
    let (alice, bob, charlie, dave, eve) = (dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve());
    let [a, b, c, d, e] = [&alice, &bob, &charlie, &dave, &eve].map(account);

    // Deploy as in production: the full credit code uploaded, the router on it; the quota.
    let (full, core, quota) = (
        Bundle::load("credit").unwrap(),
        Bundle::load("credit_core").unwrap(),
        Bundle::load("donation_quota").unwrap(),
    );
    let (_, deposit) = chain
        .dry_upload(a, &full.wasm)
        .await
        .unwrap()
        .expect("the code is accepted");
    let (code_hash, _) = chain.upload(&alice, &full.wasm, deposit).await.expect("upload");
    let constructor = credit_core::credit_core::CreditCoreRef::new(Some(1_000_000 * UNIT), Hash::from(code_hash));
    let token = deploy(&chain, &alice, &core, constructor_data(constructor), 1).await;
    let constructor = donation_quota::donation_quota::DonationQuotaRef::new(token, None);
    let quota_address = deploy(&chain, &alice, &quota, constructor_data(constructor), 2).await;
    let (mut t, mut q) = (suite::credit(token), suite::quota(quota_address));

    // Part of the story: payments, delegation, a frozen amount, quota donated and unlocked.
    send(&chain, &alice, t.transfer(b, 5_000 * UNIT, vec![])).await;
    send(&chain, &alice, t.transfer(c, 3_000 * UNIT, vec![])).await;
    send(&chain, &bob, t.delegate(Some(b))).await;
    send(&chain, &charlie, t.delegate(Some(b))).await;
    send(&chain, &alice, t.freeze(c, 1_000 * UNIT)).await;
    send(&chain, &alice, t.approve(quota_address, 10_000 * UNIT)).await;
    send(&chain, &alice, q.grant_quota(d, 5_000 * UNIT)).await;
    send(&chain, &eve, q.create_community()).await;
    send(&chain, &alice, q.recognise(0, true)).await;
    send(&chain, &dave, q.donate(0, 2_000 * UNIT)).await;
    send(&chain, &eve, q.reward(0, d, c, 300 * UNIT, 1, 1, [1; 32])).await;
    send(&chain, &bob, t.transfer(c, 100 * UNIT, vec![])).await;

    // Index up to the finalised head.
    let mut source = NodeSource::connect(&node.url).await.expect("subxt connects");
    let head = source.finalized_head().await.unwrap();
    let registry = Registry::from_ink_dir(&ink_dir()).unwrap();
    let store = Store::open("sqlite::memory:").await.unwrap();
    let options = Options {
        stop: Some(head),
        ..Options::default()
    };
    let mut indexer = Indexer::new(store, registry, options).await.unwrap();
    let summary = indexer.run(&mut source, &mut Quiet).await.expect("indexing the node");
    println!(
        "indexed {} blocks, {} COS events from {}",
        summary.blocks, summary.events, node.url
    );
    assert_eq!(summary.undecoded, 0);
    let db = indexer.store().connection();
    let kinds: Vec<(String, String)> = contracts::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.bundle, c.kind))
        .collect();
    assert_eq!(kinds.len(), 2, "both instances found by code hash: {kinds:?}");
    for who in [a, b, c, d, e, quota_address] {
        let row = balances::Entity::find_by_id((hex::encode(token), hex::encode(who)))
            .one(db)
            .await
            .unwrap();
        let (balance, frozen) = row.map_or((0, 0), |r| (from_db(&r.balance).unwrap(), from_db(&r.frozen).unwrap()));
        let on_chain: u128 = query(&chain, t.balance_of(who)).await;
        let frozen_on_chain: u128 = query(&chain, t.frozen_balance_of(who)).await;
        println!(
            "{}: balance {balance} (node {on_chain}), frozen {frozen} (node {frozen_on_chain})",
            hex::encode(who)
        );
        assert_eq!((balance, frozen), (on_chain, frozen_on_chain), "{who:?}");
    }
    let record = records::Entity::find_by_id((hex::encode(quota_address), 0))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.contributor, hex::encode(c));
}
