//! The whole stack on a real `substrate-contracts-node --dev` (built by
//! `cargo xtask node`), through the `cos` binary as a community's operator
//! would use it:
//!
//! - `cos deploy --dry-run` (nothing signed), `cos deploy` (the suite and a
//!   sub-token, wired together, the manifest written), and `cos deploy` again
//!   (everything skipped, the manifest unchanged);
//! - a community set up with `cos community`: quota granted (with the COS
//!   approved on the way) and donated, the bonus reserve funded, the
//!   community created (a dry run first), its categories named, a manager
//!   offered, accepted and allocated quota, refusals named by the contract's
//!   error with nothing sent, and `cos community show`;
//! - a story over subxt (`cos_client`): payments, delegation, a campaign, a
//!   proposal voted and queued;
//! - the routed COS Credit called through `cos_credit.contract` as
//!   `cargo contract call` does (`PSP22::transfer`, `freeze`, encoded by
//!   contract-transcode from the bundle alone);
//! - `cos reward`: a form with bad lines refused with their line numbers and
//!   nothing sent, a dry run, then a form of 200 contributors in one command,
//!   and the same form again paying nobody twice (its journal);
//! - `cos index --manifest` into PostgreSQL, `cos serve`, and GraphQL and the
//!   explorer checked against the node: balances, the leaderboard of 200, the
//!   campaign's totals, the proposal's state.
//!
//! Skips, saying so, when the node binary is not on PATH.

use contract_transcode::ContractMessageTranscoder;
use cos_client::{calls::message_data, keys, manifest::ss58, Chain, Manifest};
use cos_e2e::node::{dev, Node, NODE};
use cos_sandbox::{ink_dir, suite, Message};
use credit::UNIT;
use ink::primitives::AccountId;
use parity_scale_codec::{Decode, Encode};
use psp22::PSP22;
use serde_json::{json, Value};
use std::{
    io::{Read, Write},
    path::Path,
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};
use subxt_signer::sr25519::Keypair;

const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";
/// Contributors on the activity form.
const FORM_LINES: u32 = 200;

fn cos(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_cos"))
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("COS_SURI")
        .env_remove("COS_MANIFEST")
        .output()
        .expect("cos runs");
    println!(
        "$ cos {}\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn ok(args: &[&str]) -> String {
    let output = cos(args);
    assert!(output.status.success(), "cos {} failed", args.join(" "));
    String::from_utf8_lossy(&output.stdout).to_string()
}

async fn send<Args: Encode, R>(chain: &Chain, who: &Keypair, message: Message<Args, R>) {
    let (callee, data) = message_data(message);
    chain.call_checked(who, callee, &data).await.expect("the call succeeds");
}

async fn query<Args: Encode, R: Decode>(chain: &Chain, message: Message<Args, R>) -> R {
    let (callee, data) = message_data(message);
    chain.query(callee, &data).await.expect("the query answers")
}

/// A POST or GET on the server, by hand over one connection: the status and body.
fn http(addr: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).expect("the server answers");
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    // Chunked replies: the JSON is the one chunk between its size lines.
    let body = if reply.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body.lines()
            .filter(|l| !l.chars().all(|c| c.is_ascii_hexdigit()) || l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        body.to_string()
    };
    (status, body)
}

fn graphql(addr: &str, query: &str) -> Value {
    let (status, body) = http(addr, "POST", "/graphql", Some(&json!({ "query": query })));
    assert_eq!(status, 200, "{body}");
    let value: Value = serde_json::from_str(body.trim()).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert!(value.get("errors").is_none(), "{value}");
    value["data"].clone()
}

fn contributor(i: u32) -> AccountId {
    let mut bytes = [0xc0u8; 32];
    bytes[..4].copy_from_slice(&i.to_le_bytes());
    AccountId::from(bytes)
}

/// The form of 200: amounts 1 to 50 COS, in two categories, by name and by number.
fn form(lines: u32) -> (String, u128) {
    let mut text = String::from("contributor,amount,category,note\n");
    let mut total = 0;
    for i in 0..lines {
        let amount = 1 + u128::from(i % 50);
        total += amount * UNIT;
        let category = if i % 5 < 3 { "organising" } else { "2" };
        text.push_str(&format!(
            "{},{amount},{category},helped at the reunion (line {})\n",
            ss58(&contributor(i)),
            i + 2
        ));
    }
    (text, total)
}

async fn drop_schema(schema: &str) {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(POSTGRES).await.expect("PostgreSQL answers");
    db.execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
        .await
        .expect("dropping the test schema");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_deploys_rewards_indexes_and_serves_on_a_real_node() {
    let Some(node) = Node::start().expect("starting the node") else {
        println!("SKIPPED: {NODE} is not on PATH (`cargo xtask node` builds it, about an hour)");
        return;
    };
    let started = Instant::now();
    let chain = node.connect().await.expect("the node answers");
    let dir = std::env::temp_dir().join(format!("cos-node-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let manifest_path = dir.join("cos-deployment.json");
    let m = manifest_path.to_str().unwrap();
    let ink = ink_dir();
    let ink = ink.to_str().unwrap();
    let (alice, bob, charlie, dave, eve) = (dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve());
    let [a, b, c, d, e] = [&alice, &bob, &charlie, &dave, &eve].map(keys::account);

    // Deploy: a dry run signs nothing; the deployment; a second run skips all.
    let base = [
        "deploy",
        "--url",
        &node.url,
        "--suri",
        "//Alice",
        "--manifest",
        m,
        "--ink-dir",
        ink,
    ];
    let dry = ok(&[&base[..], &["--dry-run"]].concat());
    assert!(dry.contains("Nothing was signed") && dry.contains("storage deposit"));
    assert!(!manifest_path.exists(), "a dry run writes no manifest");
    let rules = [
        "--voting-delay",
        "1",
        "--voting-period",
        "4",
        "--grace-period",
        "20",
        "--execution-delay",
        "2",
        "--quorum-bps",
        "5000",
        "--member",
        &ss58(&a),
        "--member",
        &ss58(&b),
        "--member",
        &ss58(&c),
        "--community",
        "0",
        "--subtoken-symbol",
        "PTS",
        "--subtoken-name",
        "Reunion points",
    ];
    let deploy_args = [&base[..], &rules[..]].concat();
    ok(&deploy_args);
    let manifest = Manifest::require(&manifest_path).unwrap();
    let names: Vec<&str> = manifest.contracts.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "bounty",
            "credit",
            "crowdfund",
            "donation_quota",
            "governance",
            "subtoken"
        ]
    );
    assert_eq!(manifest.contracts["credit"].bundle, "credit_core");
    assert!(manifest.first_block > 0);
    let again = ok(&deploy_args);
    assert_eq!(again.matches("skipped").count(), 6, "{again}");
    assert_eq!(
        Manifest::require(&manifest_path).unwrap(),
        manifest,
        "nothing redeployed"
    );
    let address = |name: &str| manifest.address(name).unwrap();
    let (token, quota, crowdfund, gov) = (
        address("credit"),
        address("donation_quota"),
        address("crowdfund"),
        address("governance"),
    );
    let (mut t, q) = (suite::credit(token), suite::quota(quota));
    let (mut cf, mut g) = (suite::crowdfund(crowdfund), suite::governance(gov));

    // The story: payments, delegation, quota, named categories, a campaign, a proposal.
    send(&chain, &alice, t.transfer(b, 5_000 * UNIT, vec![])).await;
    send(&chain, &alice, t.transfer(c, 3_000 * UNIT, vec![])).await;
    send(&chain, &bob, t.delegate(Some(b))).await;
    // The community set up with `cos community`: Alice (the operator) grants
    // Dave quota and funds the bonus reserve, Eve creates the community and
    // names its categories, Dave donates, Ferdie becomes a manager and Eve
    // allocates him Dave's quota. Refusals name the contract's error and
    // send nothing.
    let ferdie = dev::ferdie();
    let f = keys::account(&ferdie);
    let (dave_id, ferdie_id) = (ss58(&d), ss58(&f));
    let community =
        |suri: &str, action: &[&str]| cos(&[&["community", "--manifest", m, "--suri", suri], action].concat());
    let refused = |output: Output, why: &str| {
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(why) && stderr.contains("nothing was sent"),
            "{why:?} in {stderr}"
        );
    };
    refused(
        community("//Eve", &["grant", &dave_id, "1"]),
        "only the donation quota's operator",
    );
    let granted = community("//Alice", &["grant", &dave_id, "50000"]);
    assert!(granted.status.success());
    assert!(String::from_utf8_lossy(&granted.stdout).contains("approve the donation quota for 50000 COS"));
    assert!(community("//Alice", &["fund-reserve", "10000"]).status.success());
    assert_eq!(query(&chain, q.held_quota(d)).await, 50_000 * UNIT);
    let dry = community("//Eve", &["--dry-run", "create"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("It would be community 0"));
    assert_eq!(query(&chain, q.community_count()).await, 0, "a dry run creates nothing");
    let created = community("//Eve", &["create"]);
    assert!(String::from_utf8_lossy(&created.stdout).contains("Community 0 created"));
    for (number, name) in [("1", "organising"), ("2", "teaching")] {
        assert!(community("//Eve", &["category", "--community", "0", number, name])
            .status
            .success());
    }
    refused(
        community("//Dave", &["category", "--community", "0", "3", "dancing"]),
        "NotAdmin",
    );
    refused(
        community("//Dave", &["donate", "--community", "0", "20000"]),
        "NotRecognised",
    );
    refused(
        community("//Eve", &["recognise", "--community", "0"]),
        "only the donation quota's operator",
    );
    assert!(community("//Alice", &["recognise", "--community", "0"])
        .status
        .success());
    assert!(community("//Dave", &["donate", "--community", "0", "20000"])
        .status
        .success());
    assert!(community("//Eve", &["offer-manager", "--community", "0", &ferdie_id])
        .status
        .success());
    assert!(community("//Ferdie", &["accept-manager", "--community", "0"])
        .status
        .success());
    let allocate = |amount: &str| {
        let to_ferdie = [
            "allocate",
            "--community",
            "0",
            "--sponsor",
            &dave_id,
            &ferdie_id,
            amount,
        ];
        community("//Eve", &to_ferdie)
    };
    refused(allocate("20001"), "InsufficientQuota");
    assert!(allocate("20000").status.success());
    assert_eq!(query(&chain, q.quota_of(0, Some(f), d)).await, 20_000 * UNIT);
    let shown = ok(&[
        "community",
        "show",
        "--manifest",
        m,
        "--community",
        "0",
        "--sponsor",
        &dave_id,
        "--manager",
        &ferdie_id,
    ]);
    for expected in [
        format!("admin: {}", ss58(&e)),
        "1 organising, 2 teaching".to_string(),
        format!("sponsor {dave_id}: 30000 COS not yet donated; 0 COS"),
        format!("holds 20000 COS of {dave_id}"),
    ] {
        assert!(shown.contains(&expected), "{expected:?} in {shown}");
    }
    send(&chain, &bob, t.approve(crowdfund, 1_000 * UNIT)).await;
    send(&chain, &charlie, t.approve(crowdfund, 1_000 * UNIT)).await;
    let far = u64::MAX / 2;
    send(
        &chain,
        &bob,
        cf.create(b, crowdfund::Kind::AllOrNothing, 100 * UNIT, far, [1; 32].into(), None),
    )
    .await;
    send(&chain, &bob, cf.pledge(0, 60 * UNIT)).await;
    send(&chain, &charlie, cf.pledge(0, 30 * UNIT)).await;
    send(&chain, &alice, g.propose([2; 32].into(), vec![])).await;
    // The dev node seals a block per transaction: two more pass the snapshot.
    for _ in 0..2 {
        send(&chain, &alice, t.transfer(e, UNIT, vec![])).await;
    }
    send(&chain, &alice, g.vote(0, governance::Support::For)).await;
    send(&chain, &bob, g.vote(0, governance::Support::For)).await;
    // The dev node seals a block per transaction: a few more end the vote.
    for _ in 0..4 {
        send(&chain, &alice, t.transfer(e, UNIT, vec![])).await;
    }
    send(&chain, &charlie, g.queue(0)).await;
    assert_eq!(query(&chain, g.state(0)).await, Some(governance::ProposalState::Queued));

    // The routed COS Credit through its bundle, as `cargo contract call` encodes it.
    let transcoder = ContractMessageTranscoder::load(Path::new(ink).join("cos_credit/cos_credit.contract")).unwrap();
    let data = transcoder
        .encode("PSP22::transfer", [ss58(&d).as_str(), "700000000", "[]"])
        .unwrap();
    chain
        .call_checked(&alice, token, &data)
        .await
        .expect("PSP22::transfer through the bundle");
    let data = transcoder.encode("freeze", [ss58(&d).as_str(), "200000000"]).unwrap();
    chain
        .call_checked(&alice, token, &data)
        .await
        .expect("freeze through the bundle");
    assert_eq!(query(&chain, t.balance_of(d)).await, 7 * UNIT);
    assert_eq!(query(&chain, t.frozen_balance_of(d)).await, 2 * UNIT);

    // An activity form with bad lines: refused with their numbers, nothing sent.
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "contributor,amount,category,note\n{},5,organising,ok\nnot-an-account,5,organising,x\n{},0,teaching,y\n{},5,dancing,z\n{},5,organising,ok\n",
            ss58(&contributor(1)),
            ss58(&contributor(2)),
            ss58(&contributor(3)),
            ss58(&contributor(1)),
        ),
    )
    .unwrap();
    let reward = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "reward",
            file,
            "--manifest",
            m,
            "--suri",
            "//Ferdie",
            "--community",
            "0",
            "--sponsor",
            "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy",
            "--activity",
            "42",
        ];
        args.extend_from_slice(extra);
        cos(&args)
    };
    assert_eq!(
        ss58(&d),
        "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy",
        "Dave sponsors"
    );
    let refused = reward(bad.to_str().unwrap(), &[]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    for line in [
        "line 3:",
        "line 4:",
        "line 5:",
        "line 6: repeats line 2",
        "nothing was sent",
    ] {
        assert!(stderr.contains(line), "{line:?} in {stderr}");
    }
    assert_eq!(query(&chain, q.record_count()).await, 0, "nothing was sent");

    // The form of 200: a dry run, then one command.
    let (text, total) = form(FORM_LINES);
    let good = dir.join("form.csv");
    std::fs::write(&good, text).unwrap();
    let dry = reward(good.to_str().unwrap(), &["--dry-run"]);
    assert!(dry.status.success());
    let dry = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.contains("sponsor bonus") && dry.contains("ref_time") && dry.contains("Nothing was signed"));
    assert_eq!(query(&chain, q.record_count()).await, 0, "a dry run sends nothing");
    let rewarding = Instant::now();
    let done = reward(good.to_str().unwrap(), &[]);
    assert!(done.status.success());
    println!("rewarded {FORM_LINES} contributors in {:.1?}", rewarding.elapsed());
    assert_eq!(query(&chain, q.record_count()).await, u64::from(FORM_LINES));
    let paid: u128 = {
        let mut sum = 0;
        for i in 0..FORM_LINES {
            sum += query(&chain, t.balance_of(contributor(i))).await;
        }
        sum
    };
    assert_eq!(paid, total, "every contributor got their reward");
    // The same form again: its journal says it was rewarded; nothing is sent.
    let again = reward(good.to_str().unwrap(), &[]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("200 line(s) of the form were rewarded already"));
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to send"));
    assert_eq!(
        query(&chain, q.record_count()).await,
        u64::from(FORM_LINES),
        "nobody is paid twice"
    );

    // Index into PostgreSQL from the manifest, serve, and ask.
    let head = chain.finalized().await.unwrap();
    let schema = format!("node_{}", std::process::id());
    let db = format!("{POSTGRES}?schema={schema}");
    ok(&[
        "index",
        "--manifest",
        m,
        "--db",
        &db,
        "--ink-dir",
        ink,
        "--to",
        &head.to_string(),
    ]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_cos"))
        .args(["serve", "--db", &db, "--listen", &addr])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cos serve starts");
    let up = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(up.elapsed() < Duration::from_secs(30), "cos serve did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    let hex = |a: &AccountId| hex::encode(a);
    let answers = graphql(
        &addr,
        &format!(
            r#"{{ bob: balance(token: "{token}", account: "{bob}") {{ balance }} dave: balance(token: "{token}", account: "{dave}") {{ balance frozen }}
               board: leaderboard(first: 3, where: {{ contract: {{ eq: "{quota}" }}, community: {{ eq: 0 }}, category: {{ eq: -1 }}, period: {{ eq: "" }} }}, orderBy: {{ field: AMOUNT, direction: DESC }}) {{ totalCount nodes {{ account amount }} }}
               campaign(contract: "{crowdfund}", id: 0) {{ raised pledgers state }}
               proposal(contract: "{gov}", id: 0) {{ state forVotes voters }} }}"#,
            token = hex(&token),
            bob = hex(&b),
            dave = hex(&d),
            quota = hex(&quota),
            crowdfund = hex(&crowdfund),
            gov = hex(&gov),
        ),
    );
    println!("GraphQL: {answers:#}");
    assert_eq!(
        answers["bob"]["balance"],
        json!(query(&chain, t.balance_of(b)).await.to_string())
    );
    // Dave: 7 COS through the bundle, 2 of them frozen, and the sponsor's bonuses of the form.
    assert_eq!(
        (answers["dave"]["balance"].clone(), answers["dave"]["frozen"].clone()),
        (
            json!(query(&chain, t.balance_of(d)).await.to_string()),
            json!((2 * UNIT).to_string())
        )
    );
    assert_eq!(answers["board"]["totalCount"], json!(FORM_LINES));
    assert_eq!(answers["board"]["nodes"][0]["amount"], json!((50 * UNIT).to_string()));
    assert_eq!(
        answers["campaign"],
        json!({ "raised": (90 * UNIT).to_string(), "pledgers": 2, "state": "OPEN" })
    );
    assert_eq!(
        answers["proposal"],
        json!({ "state": "QUEUED", "forVotes": "2", "voters": 2 })
    );
    let (status, page) = http(&addr, "GET", &format!("/community/{}/0", hex(&quota)), None);
    assert_eq!(status, 200);
    assert!(
        page.contains("organising (1)") && page.contains("Leaderboard"),
        "the explorer shows the community"
    );
    let top = answers["board"]["nodes"][0]["account"].as_str().unwrap().to_string();
    assert!(page.contains(&top), "the leaderboard lists the top contributor");
    let _ = server.kill();
    let _ = server.wait();
    drop_schema(&schema).await;
    std::fs::remove_dir_all(&dir).ok();
    println!("the whole stack on {NODE} in {:.1?}", started.elapsed());
}
