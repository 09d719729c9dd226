//! The server over HTTP on loopback: GraphQL, subscriptions over WebSocket
//! (fed by polling on SQLite and by the indexer's NOTIFY on PostgreSQL while
//! the indexer adds blocks), health, metrics, CORS, the explorer's pages and
//! CSV export, GraphiQL served offline.

use crate::common;

use common::LiveChain;
use futures::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use serde_json::{json, Value};
use std::{net::SocketAddr, time::Duration};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

struct Reply {
    status: u16,
    headers: hyper::HeaderMap,
    body: String,
}

async fn request(method: &str, addr: SocketAddr, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Reply {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut builder = hyper::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let request = match body {
        Some(b) => builder
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(b.to_string()))),
        None => builder.body(Full::new(Bytes::new())),
    }
    .unwrap();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Reply { status, headers, body }
}

async fn get(addr: SocketAddr, path: &str) -> Reply {
    request("GET", addr, path, None, &[]).await
}

async fn graphql(addr: SocketAddr, query: &str) -> Value {
    let reply = request("POST", addr, "/graphql", Some(json!({ "query": query })), &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn http_endpoints_and_explorer_pages() {
    let story = common::sqlite();
    let addr = common::serve(&story.url).await.0;

    let health = get(addr, "/health").await;
    assert_eq!(health.status, 200);
    let health: Value = serde_json::from_str(&health.body).unwrap();
    assert_eq!(health["status"], json!("ok"));
    assert_eq!(health["indexer"]["indexedHead"], json!(story.last_block));

    let data = graphql(addr, "{ _meta { lag } communities { totalCount } }").await;
    assert_eq!(data["data"]["communities"]["totalCount"], json!(2));
    let bad = graphql(addr, "{ transfers(first: 5000) { nodes { block } } }").await;
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("more than 1000 rows"),
        "{bad}"
    );

    // CORS: any origin by default.
    let cors = request(
        "POST",
        addr,
        "/graphql",
        Some(json!({ "query": "{ _meta { lag } }" })),
        &[("origin", "https://dapp.example")],
    )
    .await;
    assert_eq!(cors.headers.get("access-control-allow-origin").unwrap(), "*");

    let metrics = get(addr, "/metrics").await;
    assert!(
        metrics
            .body
            .contains(r#"cos_http_requests_total{route="/graphql",status="200"}"#),
        "{}",
        metrics.body
    );
    assert!(metrics.body.contains("cos_http_request_duration_seconds_bucket"));
    assert!(metrics.body.contains("cos_indexer_lag_blocks 0"));

    // The explorer.
    let home = get(addr, "/").await;
    assert_eq!(home.status, 200);
    for text in [
        "COS on this chain",
        "Contributions per day",
        "<svg",
        "Latest contribution records",
    ] {
        assert!(home.body.contains(text), "home shows {text}");
    }
    let member = &story.accounts[13];
    let ss58 = cos_graphql::accounts::ss58(member).unwrap();
    let search = get(addr, &format!("/search?q={ss58}")).await;
    assert_eq!(search.status, 303);
    assert_eq!(search.headers.get("location").unwrap(), &format!("/account/{member}"));
    let nothing = get(addr, "/search?q=nothing-here").await;
    assert!(nothing.body.contains("Nothing found"));
    let account = get(addr, &format!("/account/{ss58}")).await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains(&ss58) && account.body.contains("Balances") && account.body.contains(" COS"));
    let community = get(addr, &format!("/community/{}/0", story.quota)).await;
    assert_eq!(community.status, 200);
    for text in [
        "Leaderboard",
        "Quota flow",
        "Managers",
        "admin",
        "Contributions by category",
        "Sub-tokens",
        "TIX",
    ] {
        assert!(community.body.contains(text), "the community page shows {text}");
    }
    // A sub-token's page: its terms, backing checked against COS Credit, the
    // ratio chart, holders and redemptions, amounts in its own units.
    let subtoken = get(addr, &format!("/subtoken/{}", story.subtoken)).await;
    assert_eq!(subtoken.status, 200);
    for text in [
        "Reunion ticket (TIX)",
        "fully backed",
        "Collateral ratio over time",
        "Holders",
        "Redeemed for their right",
        "Redeemed for their face value",
        "Bought",
        "Sold back",
        " TIX",
        "<polyline",
    ] {
        assert!(subtoken.body.contains(text), "the sub-token page shows {text}");
    }
    // Campaigns and bounties: their pages, the lists of open ones, the
    // community's.
    let campaign = get(addr, &format!("/campaign/{}/0", story.crowdfund)).await;
    assert_eq!(campaign.status, 200);
    for text in [
        "Campaign 0",
        "CLAIMED",
        "Backers",
        "Pledges",
        "Claims and refunds",
        "110 COS",
        "progressbar",
    ] {
        assert!(campaign.body.contains(text), "the campaign page shows {text}");
    }
    let failed = get(addr, &format!("/campaign/{}/1", story.crowdfund)).await;
    assert!(failed.body.contains("FAILED") && failed.body.contains("refund"));
    let bounty = get(addr, &format!("/bounty/{}/0", story.bounty)).await;
    assert_eq!(bounty.status, 200);
    for text in [
        "Bounty 0",
        "AWARDED",
        "Submissions",
        "Payouts",
        "30 COS",
        "20 COS",
        "10 COS",
    ] {
        assert!(bounty.body.contains(text), "the bounty page shows {text}");
    }
    let open = get(addr, "/campaigns").await;
    assert!(
        open.body.contains(&format!("/campaign/{}/4", story.crowdfund)),
        "the open campaign is listed"
    );
    assert!(
        !open.body.contains(&format!("/campaign/{}/0\"", story.crowdfund)),
        "a claimed one is not"
    );
    let all = get(addr, "/campaigns?state=all&kind=donation").await;
    assert!(all.body.contains(&format!("/campaign/{}/2", story.crowdfund)));
    assert!(!all.body.contains(&format!("/campaign/{}/4", story.crowdfund)));
    let open = get(addr, "/bounties").await;
    assert!(open.body.contains(&format!("/bounty/{}/4", story.bounty)));
    assert!(!open.body.contains(&format!("/bounty/{}/0\"", story.bounty)));
    assert_eq!(
        get(addr, &format!("/campaign/{}/99", story.crowdfund)).await.status,
        404
    );
    let community = get(addr, &format!("/community/{}/0", story.quota)).await;
    assert!(community.body.contains("Campaigns") && community.body.contains("Bounties"));
    let named = get(addr, &format!("/community/{}/1?category=1", story.quota)).await;
    assert!(named.body.contains("teaching (1)"), "a named category shows its name");

    // Decisions: a proposal's page (state, tally, timeline, actions, votes),
    // a poll's, the list with its filter, a community's and a governance's.
    assert!(community.body.contains("Decisions: proposals"));
    assert!(community.body.contains(&format!("/proposal/{}/0", story.governance)));
    let proposal = get(addr, &format!("/proposal/{}/0", story.governance)).await;
    assert_eq!(proposal.status, 200);
    for text in [
        "Proposal 0 <span class=\"tag\">EXECUTED</span>",
        "Executed, and accepted as done.",
        "3 votes",
        "1 vote",
        "50.00 % (reached)",
        "accept_ownership",
        "fee_bps: 5",
        "add member",
        "Queued: executable from block",
        "data-table=\"proposal_votes\"",
    ] {
        assert!(proposal.body.contains(text), "the proposal page shows {text}");
    }
    let defeated = get(addr, &format!("/proposal/{}/1", story.governance)).await;
    assert!(defeated.body.contains("DEFEATED") && defeated.body.contains("short of the quorum"));
    let accept = get(addr, &format!("/proposal/{}/3", story.governance)).await;
    assert!(accept.body.contains(&format!(
        "accept resolution <a href=\"/proposal/{}/0\">0</a>",
        story.governance
    )));
    let open = get(addr, &format!("/proposal/{}/0", story.token_governance)).await;
    assert!(
        open.body.contains("ACTIVE") && open.body.contains("Open for votes until block") && open.body.contains("COS")
    );
    let poll = get(addr, &format!("/poll/{}/0", story.governance)).await;
    assert_eq!(poll.status, 200);
    assert!(
        poll.body.contains("Poll 0")
            && poll.body.contains("CLOSED")
            && poll.body.contains("data-table=\"poll_answers\"")
    );
    let decisions = get(addr, "/decisions").await;
    assert!(decisions.body.contains(&format!("/proposal/{}/4", story.governance)));
    let active = get(addr, "/decisions?state=active").await;
    assert!(active.body.contains(&format!("/proposal/{}/0", story.token_governance)));
    assert!(
        !active.body.contains(&format!("/proposal/{}/0\"", story.governance)),
        "a decided proposal is not open for votes"
    );
    let governance = get(addr, &format!("/contract/{}", story.governance)).await;
    assert!(
        governance.body.contains("one member, one vote")
            && governance.body.contains("data-table=\"governance_members\"")
    );
    assert_eq!(
        get(addr, &format!("/proposal/{}/99", story.governance)).await.status,
        404
    );
    let listed = get(addr, "/list/subtokens").await;
    assert!(listed.body.contains(&format!("/subtoken/{}", story.subtoken)));
    let token = get(addr, &format!("/contract/{}", story.token)).await;
    assert!(token.body.contains("Holders") && token.body.contains("supply"));
    let block = get(addr, "/block/3").await;
    assert!(block.body.contains("Block #3"));
    assert_eq!(get(addr, "/block/999999").await.status, 404);
    assert_eq!(get(addr, "/account/not-an-account").await.status, 400);

    // CSV of a whole list: a header and one line per row.
    let total = graphql(addr, "{ transfers { totalCount } }").await["data"]["transfers"]["totalCount"]
        .as_i64()
        .unwrap();
    let csv = get(addr, "/csv/transfers").await;
    assert_eq!(csv.headers.get("content-type").unwrap(), "text/csv; charset=utf-8");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "block,idx,timestamp,token,from,to,amount");
    assert_eq!(lines.len() as i64, total + 1);
    let mine = get(addr, &format!("/csv/transfers?involves={ss58}")).await;
    assert!(mine.body.lines().skip(1).all(|l| l.contains(member.as_str())));

    // A list page follows its cursor.
    let list = get(addr, "/list/blocks?first=10").await;
    let next = list
        .body
        .split("rel=\"next\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let second = get(addr, &next).await;
    assert_eq!(second.status, 200);
    assert!(
        second.body.contains("/block/11\""),
        "the second page starts after the first"
    );

    // GraphiQL and its libraries, from the npm packages: no CDN.
    let graphiql = get(addr, "/graphiql").await;
    assert_eq!(
        graphiql.status, 200,
        "run `cargo xtask setup` to install the front-end libraries"
    );
    assert!(!graphiql.body.contains("cdn") && !graphiql.body.contains("unpkg"));
    for asset in [
        "/assets/graphiql/graphiql.min.js",
        "/assets/graphiql/graphiql.min.css",
        "/assets/react/umd/react.production.min.js",
        "/assets/graphql-ws/umd/graphql-ws.min.js",
    ] {
        assert_eq!(get(addr, asset).await.status, 200, "{asset}");
    }
}

/// Subscribes over `graphql-transport-ws` and returns the socket.
async fn subscribe(
    addr: SocketAddr,
    query: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut request = format!("ws://{addr}/graphql").into_client_request().unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(
        response.headers().get("sec-websocket-protocol").unwrap(),
        "graphql-transport-ws"
    );
    socket
        .send(Message::text(json!({ "type": "connection_init" }).to_string()))
        .await
        .unwrap();
    let ack = next_message(&mut socket).await;
    assert_eq!(ack["type"], json!("connection_ack"));
    socket
        .send(Message::text(
            json!({ "id": "1", "type": "subscribe", "payload": { "query": query } }).to_string(),
        ))
        .await
        .unwrap();
    socket
}

async fn next_message(
    socket: &mut (impl futures::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin),
) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await
            .expect("a message within 30 s")
            .unwrap()
            .unwrap();
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["type"] != json!("ping") {
                return value;
            }
        }
    }
}

/// Returns the notifications the feed received.
async fn subscriptions_follow_the_indexer(url: &str) -> u64 {
    let chain = LiveChain::start(url);
    let (addr, feed) = common::serve(url).await;
    let head = graphql(addr, "{ _meta { indexedHead } }").await["data"]["_meta"]["indexedHead"]
        .as_i64()
        .unwrap();
    let mut blocks = subscribe(addr, "subscription { blocks { number events } }").await;
    let mut records = subscribe(
        addr,
        r#"subscription { events(name: "ContributionRecorded") { block name fields contractInfo { kind } } }"#,
    )
    .await;
    // Let the feed see the subscribers before the blocks come.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let traffic = tokio::task::spawn_blocking(move || {
        chain.traffic(3);
        chain
    });
    let first = next_message(&mut blocks).await;
    assert_eq!(first["type"], json!("next"), "{first}");
    assert_eq!(first["payload"]["data"]["blocks"]["number"], json!(head + 1));
    let second = next_message(&mut blocks).await;
    assert_eq!(second["payload"]["data"]["blocks"]["number"], json!(head + 2));
    let record = next_message(&mut records).await;
    let event = &record["payload"]["data"]["events"];
    assert_eq!(event["name"], json!("ContributionRecorded"), "{record}");
    assert_eq!(event["contractInfo"]["kind"], json!("donation_quota"));
    assert!(event["block"].as_i64().unwrap() > head);
    drop(traffic.await.unwrap());
    feed.notifications()
}

#[tokio::test(flavor = "multi_thread")]
async fn subscriptions_on_sqlite() {
    assert_eq!(
        subscriptions_follow_the_indexer(&common::sqlite_url("graphql-subscriptions")).await,
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn subscriptions_on_postgres_are_fed_by_notify() {
    let (schema, url) = common::postgres_schema("subscriptions");
    let notified = subscriptions_follow_the_indexer(&url).await;
    assert!(notified >= 1, "the server was woken by the indexer's NOTIFY");
    common::drop_schema(&schema).await;
}
