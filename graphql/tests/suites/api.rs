//! The GraphQL schema over a database the indexer filled from the drink
//! scenario, on SQLite and PostgreSQL: every table reachable with its rows,
//! filters and orders agreeing with the rows themselves, relations batched,
//! pagination stable under inserts, and hostile queries refused with a clear
//! error. Build the bundles first: `cargo xtask build`.

use crate::common;

use common::{open, query, try_query, Story};
use cos_graphql::{data::Db, schema::Limits, tables};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

async fn rows_in(db: &Db, table: &str) -> i64 {
    let backend = db.conn().get_database_backend();
    let row = db
        .conn()
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT COUNT(*) AS n FROM \"{table}\""),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Every node of a list, paged through with `first`/`after`.
async fn all_nodes(
    db: &Db,
    schema: &async_graphql::dynamic::Schema,
    field: &str,
    args: &str,
    selection: &str,
    page: usize,
) -> Vec<Value> {
    let mut nodes = Vec::new();
    let mut after = String::new();
    loop {
        let q = format!("{{ {field}(first: {page}{args}{after}) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ {selection} }} }} }}");
        let data = query(db, schema, &q).await;
        let list = &data[field];
        nodes.extend(list["nodes"].as_array().unwrap().iter().cloned());
        if list["pageInfo"]["hasNextPage"] != json!(true) {
            return nodes;
        }
        after = format!(", after: \"{}\"", list["pageInfo"]["endCursor"].as_str().unwrap());
    }
}

fn amount(v: &Value) -> u128 {
    v.as_str().expect("amounts are text").parse().expect("amounts are u128")
}

/// Everything the schema must answer, on any backend.
async fn check(story: &Story) {
    let (db, schema) = open(&story.url, &Limits::default()).await;

    // _meta: the indexer's head, no lag (the chain is finished).
    let meta = query(&db, &schema, "{ _meta { indexedHead finalizedHead lag indexedAt } }").await;
    assert_eq!(meta["_meta"]["indexedHead"], json!(story.last_block));
    assert_eq!(meta["_meta"]["lag"], json!(0));

    // Every table: totalCount is the table's row count, and every row is
    // reachable with every column.
    for table in tables::all() {
        let fields: Vec<&str> = table.columns.iter().map(|c| c.field.as_str()).collect();
        let total = rows_in(&db, table.name).await;
        let data = query(
            &db,
            &schema,
            &format!(
                "{{ {}(first: 1000) {{ totalCount nodes {{ {} }} }} }}",
                table.plural,
                fields.join(" ")
            ),
        )
        .await;
        assert_eq!(data[&table.plural]["totalCount"], json!(total), "{}", table.name);
        let nodes = data[&table.plural]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len() as i64, total.min(1000), "{}", table.name);
        for (column, node) in table.columns.iter().flat_map(|c| nodes.iter().map(move |n| (c, n))) {
            let value = &node[&column.field];
            match column.kind {
                tables::Kind::Amount => {
                    let text = value.as_str().unwrap();
                    assert!(
                        text == "0" || !text.starts_with('0'),
                        "{}.{} unpadded: {text}",
                        table.name,
                        column.name
                    );
                    text.parse::<u128>().unwrap();
                }
                tables::Kind::Account if !value.is_null() => {
                    let text = value.as_str().unwrap();
                    assert!(
                        text.is_empty() || (text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())),
                        "{}.{}: {text}",
                        table.name,
                        column.name
                    );
                }
                _ => {}
            }
        }
        assert!(
            total > 0 || ["shortfalls", "vesting_releases", "approvals"].contains(&table.name),
            "the scenario fills {}",
            table.name
        );
    }

    // One row by key, and an account given in SS58.
    let member = &story.accounts[13];
    let ss58 = cos_graphql::accounts::ss58(member).unwrap();
    let data = query(
        &db,
        &schema,
        &format!(r#"{{ account(address: "{ss58}") {{ address firstBlock balances {{ totalCount nodes {{ token balance frozen tokenInfo {{ supply }} }} }} transfers(first: 5) {{ totalCount }} records {{ totalCount }} }} }}"#),
    )
    .await;
    let account = &data["account"];
    assert_eq!(account["address"], json!(member));
    let balances = account["balances"]["nodes"].as_array().unwrap();
    assert!(!balances.is_empty());
    let routed = balances
        .iter()
        .find(|b| b["token"] == json!(story.token))
        .expect("a balance in the routed token");
    // The balance as the balances table has it, by key.
    let by_key = query(
        &db,
        &schema,
        &format!(
            r#"{{ balance(token: "{}", account: "{member}") {{ balance }} }}"#,
            story.token
        ),
    )
    .await;
    assert_eq!(by_key["balance"]["balance"], routed["balance"]);
    assert!(amount(&routed["tokenInfo"]["supply"]) >= amount(&routed["balance"]));

    // Filters agree with the rows: ranges, `in`, account, null.
    let transfers = all_nodes(&db, &schema, "transfers", "", "block idx from to amount token", 1000).await;
    assert_eq!(transfers.len() as i64, rows_in(&db, "transfers").await);
    let threshold = 100_000_000u128; // 1 COS
    let big = all_nodes(
        &db,
        &schema,
        "transfers",
        &format!(r#", where: {{ amount: {{ gte: "{threshold}" }} }}"#),
        "amount",
        1000,
    )
    .await;
    assert_eq!(
        big.len(),
        transfers.iter().filter(|t| amount(&t["amount"]) >= threshold).count()
    );
    assert!(!big.is_empty() && big.len() < transfers.len());
    let (lo, hi) = (5, story.last_block as i64 / 2);
    let in_range = all_nodes(
        &db,
        &schema,
        "transfers",
        &format!(", where: {{ block: {{ gte: {lo}, lte: {hi} }} }}"),
        "block",
        1000,
    )
    .await;
    assert_eq!(
        in_range.len(),
        transfers
            .iter()
            .filter(|t| (lo..=hi).contains(&t["block"].as_i64().unwrap()))
            .count()
    );
    let mints = all_nodes(
        &db,
        &schema,
        "transfers",
        ", where: { from: { isNull: true } }",
        "from",
        1000,
    )
    .await;
    assert_eq!(mints.len(), transfers.iter().filter(|t| t["from"].is_null()).count());
    assert!(!mints.is_empty());
    let mine = all_nodes(
        &db,
        &schema,
        "transfers",
        &format!(r#", where: {{ involves: "{ss58}" }}"#),
        "from to",
        1000,
    )
    .await;
    assert_eq!(
        mine.len(),
        transfers
            .iter()
            .filter(|t| t["from"] == json!(member) || t["to"] == json!(member))
            .count()
    );
    assert_eq!(mine.len() as i64, account["transfers"]["totalCount"].as_i64().unwrap());
    let two: Vec<&str> = story.accounts[13..15].iter().map(String::as_str).collect();
    let sent = all_nodes(
        &db,
        &schema,
        "transfers",
        &format!(", where: {{ from: {{ in: {} }} }}", json!(two)),
        "from",
        1000,
    )
    .await;
    assert_eq!(
        sent.len(),
        transfers
            .iter()
            .filter(|t| two.iter().any(|a| t["from"] == json!(a)))
            .count()
    );

    // Orders: by amount, descending, ties by key; paging in small pages gives the same list.
    let ordered = all_nodes(
        &db,
        &schema,
        "transfers",
        ", orderBy: { field: AMOUNT, direction: DESC }",
        "block idx amount",
        1000,
    )
    .await;
    assert!(ordered
        .windows(2)
        .all(|w| amount(&w[0]["amount"]) >= amount(&w[1]["amount"])));
    let paged = all_nodes(
        &db,
        &schema,
        "transfers",
        ", orderBy: { field: AMOUNT, direction: DESC }",
        "block idx amount",
        7,
    )
    .await;
    assert_eq!(paged, ordered);

    // The leaderboard of community 0, all time, all categories: ranked, and
    // equal to the sums of its records.
    let board = query(
        &db,
        &schema,
        &format!(r#"{{ leaderboard(first: 100, where: {{ contract: {{ eq: "{}" }}, community: {{ eq: 0 }}, category: {{ eq: -1 }}, period: {{ eq: "" }} }}, orderBy: {{ field: AMOUNT, direction: DESC }}) {{ totalCount nodes {{ account amount records communityInfo {{ community members }} }} }} }}"#, story.quota),
    )
    .await;
    let entries = board["leaderboard"]["nodes"].as_array().unwrap();
    assert!(entries.len() >= 3);
    assert!(entries
        .windows(2)
        .all(|w| amount(&w[0]["amount"]) >= amount(&w[1]["amount"])));
    let records = all_nodes(
        &db,
        &schema,
        "records",
        &format!(
            r#", where: {{ contract: {{ eq: "{}" }}, community: {{ eq: 0 }} }}"#,
            story.quota
        ),
        "contributor amount",
        1000,
    )
    .await;
    for entry in entries {
        let sum: u128 = records
            .iter()
            .filter(|r| r["contributor"] == entry["account"])
            .map(|r| amount(&r["amount"]))
            .sum();
        assert_eq!(amount(&entry["amount"]), sum, "leaderboard of {}", entry["account"]);
        assert_eq!(entry["communityInfo"]["community"], json!(0));
    }
    assert_eq!(
        board["leaderboard"]["totalCount"],
        entries[0]["communityInfo"]["members"]
    );

    // A community with its manager tree and its lists.
    let data = query(
        &db,
        &schema,
        &format!(r#"{{ community(contract: "{}", community: 0) {{ admin members records unlocked managers {{ nodes {{ manager parent state children {{ totalCount }} }} }} donations {{ totalCount }} recordList {{ totalCount }} }} }}"#, story.quota),
    )
    .await;
    let community = &data["community"];
    assert_eq!(community["recordList"]["totalCount"], community["records"]);
    assert_eq!(json!(records.len()), community["records"]);
    let managers = community["managers"]["nodes"].as_array().unwrap();
    assert!(
        managers.iter().any(|m| !m["parent"].is_null()),
        "the scenario has a sub-manager"
    );
    for m in managers {
        let children = managers.iter().filter(|c| c["parent"] == m["manager"]).count();
        assert_eq!(m["children"]["totalCount"], json!(children));
    }

    // Sub-tokens: a community's, with terms, holders in units, actions by
    // kind and the backing over time.
    let data = query(
        &db,
        &schema,
        &format!(
            r#"{{ community(contract: "{}", community: 0) {{ subtokens {{ nodes {{ token symbol decimals faceValue price salePrice salesFrom feeBps supply collateral reserve feesOwed issued bought sold redeemedRight redeemedFace communityInfo {{ community }} tokenInfo {{ supply }} holders(where: {{ balance: {{ gt: "0" }} }}) {{ nodes {{ account balance }} }} actions {{ totalCount nodes {{ kind amount cos fee memo }} }} history(orderBy: {{ field: BLOCK, direction: DESC }}, first: 1) {{ nodes {{ supply collateral reserve }} }} }} }} }} }}"#,
            story.quota
        ),
    )
    .await;
    let subtokens = data["community"]["subtokens"]["nodes"].as_array().unwrap();
    assert_eq!(subtokens.len(), 1, "community 0 has one sub-token");
    let st = &subtokens[0];
    assert_eq!(st["token"], json!(story.subtoken));
    assert_eq!(st["symbol"], json!("TIX"));
    assert_eq!(st["communityInfo"]["community"], json!(0));
    assert_eq!(st["tokenInfo"]["supply"], st["supply"]);
    // The issuer raised the price from 1.5 to 2 COS: purchases pay it at once,
    // sales a day later (the notice that keeps a rise from being sandwiched).
    const COS: u128 = 100_000_000;
    assert_eq!(amount(&st["price"]), 2 * COS);
    assert_eq!(amount(&st["salePrice"]), 3 * COS / 2);
    assert!(
        st["salesFrom"].as_str().is_some_and(|t| t.ends_with('Z')),
        "an ISO time: {}",
        st["salesFrom"]
    );
    let supply = amount(&st["supply"]);
    assert_eq!(amount(&st["collateral"]), amount(&st["faceValue"]) * supply);
    assert_eq!(
        amount(&st["issued"]) + amount(&st["bought"])
            - amount(&st["sold"])
            - amount(&st["redeemedRight"])
            - amount(&st["redeemedFace"]),
        supply
    );
    let held: u128 = st["holders"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| amount(&h["balance"]))
        .sum();
    assert_eq!(held, supply, "holders' units add up to the supply");
    let last = &st["history"]["nodes"][0];
    assert_eq!(
        (&last["supply"], &last["collateral"], &last["reserve"]),
        (&st["supply"], &st["collateral"], &st["reserve"])
    );
    let actions = st["actions"]["nodes"].as_array().unwrap();
    let right = actions
        .iter()
        .find(|a| a["kind"] == json!("redeem_right"))
        .expect("a right redemption");
    assert_eq!(right["memo"], json!("51".repeat(32)));
    assert_eq!(
        amount(&right["cos"]),
        amount(&right["amount"]) * amount(&st["faceValue"])
    );
    let sold = query(
        &db,
        &schema,
        &format!(r#"{{ subtokenActions(where: {{ token: {{ eq: "{}" }}, kind: {{ in: ["buy", "sell"] }} }}) {{ totalCount nodes {{ kind fee subtokenInfo {{ symbol }} }} }} }}"#, story.subtoken),
    )
    .await;
    assert_eq!(
        sold["subtokenActions"]["totalCount"],
        json!(3),
        "two purchases and a sale"
    );
    for a in sold["subtokenActions"]["nodes"].as_array().unwrap() {
        assert!(amount(&a["fee"]) > 0, "every trade paid a fee");
        assert_eq!(a["subtokenInfo"]["symbol"], json!("TIX"));
    }

    // Campaigns and bounties: a community's, with their state and time left
    // at the chain's time, backers, pledges, payouts and submissions.
    let data = query(
        &db,
        &schema,
        &format!(
            r#"{{ community(contract: "{}", community: 0) {{ campaigns(orderBy: {{ field: ID }}) {{ totalCount nodes {{ id kind goal raised pledgers claimed refunded cancelled state timeLeft communityInfo {{ community }} backers {{ nodes {{ pledger pledged refunded }} }} pledges {{ totalCount nodes {{ amount campaignInfo {{ id }} }} }} payouts {{ nodes {{ kind amount }} }} }} }} bounties(orderBy: {{ field: ID }}) {{ nodes {{ id reward status state timeLeft paid returned submissions submissionList {{ nodes {{ submission helper paid bountyInfo {{ id }} }} }} payouts {{ nodes {{ kind amount submission }} }} }} }} }} }}"#,
            story.quota
        ),
    )
    .await;
    let campaigns = data["community"]["campaigns"]["nodes"].as_array().unwrap();
    let states: Vec<&str> = campaigns.iter().map(|c| c["state"].as_str().unwrap()).collect();
    assert_eq!(
        states,
        ["CLAIMED", "FAILED", "ENDED", "CANCELLED", "OPEN"],
        "the story's campaigns"
    );
    for c in campaigns {
        let backed: u128 = c["backers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| amount(&b["pledged"]))
            .sum();
        assert_eq!(backed, amount(&c["raised"]), "backers add up to the raise");
        let pledged: u128 = c["pledges"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| amount(&p["amount"]))
            .sum();
        assert_eq!(pledged, amount(&c["raised"]));
        let paid: u128 = c["payouts"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| amount(&p["amount"]))
            .sum();
        assert_eq!(paid, amount(&c["claimed"]) + amount(&c["refunded"]));
        assert_eq!(c["communityInfo"]["community"], json!(0));
        assert_eq!(c["pledges"]["nodes"][0]["campaignInfo"]["id"], c["id"]);
        let open = c["state"] == json!("OPEN");
        assert_eq!(
            c["timeLeft"].as_str().unwrap().parse::<i64>().unwrap() > 0,
            open,
            "time is left only on the open campaign (the cancelled one is closed)"
        );
    }
    let bounties = data["community"]["bounties"]["nodes"].as_array().unwrap();
    let states: Vec<&str> = bounties.iter().map(|b| b["state"].as_str().unwrap()).collect();
    assert_eq!(
        states,
        ["AWARDED", "AWARDED", "CANCELLED", "RECLAIMED", "OPEN"],
        "the story's bounties"
    );
    let split = &bounties[0];
    let shares: Vec<u128> = split["submissionList"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| amount(&s["paid"]))
        .collect();
    assert_eq!(
        shares.iter().sum::<u128>(),
        amount(&split["reward"]),
        "the split pays the whole reward"
    );
    assert_eq!(shares.len(), 2, "between two helpers");
    assert_eq!(split["submissionList"]["nodes"][0]["bountyInfo"]["id"], split["id"]);
    for b in bounties {
        let out: u128 = b["payouts"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| amount(&p["amount"]))
            .sum();
        assert_eq!(out, amount(&b["paid"]) + amount(&b["returned"]));
    }
    let open = query(
        &db,
        &schema,
        r#"{ bounties(where: { status: { eq: "open" } }) { totalCount nodes { state } } campaignPayouts(where: { kind: { eq: "refund" } }) { totalCount } }"#,
    )
    .await;
    assert_eq!(open["bounties"]["totalCount"], json!(1));
    assert_eq!(
        open["campaignPayouts"]["totalCount"],
        json!(2),
        "a failed and a cancelled campaign refunded"
    );

    // Governance: a community's proposals with their state at the chain's
    // head, tallies that add up to their votes, actions decoded, follow-up;
    // polls with a tally per option; the token-weighted governance's open ones.
    let data = query(
        &db,
        &schema,
        &format!(
            r#"{{ community(contract: "{}", community: 0) {{ governances {{ nodes {{ mode members governanceInfo: contractInfo {{ kind }} }} }} proposals(orderBy: {{ field: ID }}) {{ nodes {{ id state followUp forVotes against abstain voters eligible turnout quorumReached passing blocksLeft governanceInfo {{ quorumBps }} communityInfo {{ community }} votes {{ totalCount nodes {{ support weight proposalInfo {{ id }} }} }} actionList {{ nodes {{ position kind callText callee account target }} }} }} }} polls {{ nodes {{ id state options turnout voters optionList {{ nodes {{ option weight answers pollInfo {{ id }} }} }} answers {{ totalCount }} }} }} }} }}"#,
            story.quota
        ),
    )
    .await;
    let c = &data["community"];
    assert_eq!(
        c["governances"]["nodes"],
        json!([{ "mode": "one_member_one_vote", "members": 6, "governanceInfo": { "kind": "governance" } }])
    );
    let proposals = c["proposals"]["nodes"].as_array().unwrap();
    let states: Vec<(&str, &str)> = proposals
        .iter()
        .map(|p| (p["state"].as_str().unwrap(), p["followUp"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("EXECUTED", "accepted"),
            ("DEFEATED", "pending"),
            ("CANCELLED", "pending"),
            ("EXECUTED", "executed"),
            ("DEFEATED", "pending"),
        ],
        "the story's proposals"
    );
    for p in proposals {
        let votes = p["votes"]["nodes"].as_array().unwrap();
        assert_eq!(p["votes"]["totalCount"], p["voters"]);
        for (support, field) in [("for", "forVotes"), ("against", "against"), ("abstain", "abstain")] {
            let sum: u128 = votes
                .iter()
                .filter(|v| v["support"] == json!(support))
                .map(|v| amount(&v["weight"]))
                .sum();
            assert_eq!(sum, amount(&p[field]), "{support} of proposal {}", p["id"]);
        }
        assert_eq!(
            amount(&p["turnout"]),
            amount(&p["forVotes"]) + amount(&p["against"]) + amount(&p["abstain"])
        );
        assert_eq!(
            p["blocksLeft"],
            json!(0),
            "voting has ended on every proposal of community 0"
        );
        assert_eq!(p["communityInfo"]["community"], json!(0));
        assert_eq!(p["governanceInfo"]["quorumBps"], json!(5000));
        if let Some(v) = votes.first() {
            assert_eq!(v["proposalInfo"]["id"], p["id"]);
        }
    }
    let first = &proposals[0];
    assert_eq!(
        (
            first["forVotes"].clone(),
            first["against"].clone(),
            first["abstain"].clone(),
            first["eligible"].clone()
        ),
        (json!("3"), json!("1"), json!("1"), json!("5")),
        "3 for, 1 against, 1 abstain of 5 members"
    );
    assert_eq!(
        (first["quorumReached"].clone(), first["passing"].clone()),
        (json!(true), json!(true))
    );
    let actions = first["actionList"]["nodes"].as_array().unwrap();
    let kinds: Vec<&str> = actions.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["call", "call", "add_member"]);
    assert_eq!(actions[0]["callee"], json!(story.subtoken));
    assert!(actions[0]["callText"].as_str().unwrap().starts_with("accept_ownership"));
    assert!(
        actions[1]["callText"].as_str().unwrap().contains("fee_bps: 5"),
        "set_fee decoded: {}",
        actions[1]["callText"]
    );
    assert_eq!(
        (proposals[1]["quorumReached"].clone(), proposals[1]["passing"].clone()),
        (json!(false), json!(false)),
        "one vote of five misses the quorum"
    );
    assert_eq!(
        proposals[3]["actionList"]["nodes"][0],
        json!({ "position": 0, "kind": "accept", "callText": null, "callee": null, "account": null, "target": 0 })
    );
    let poll = &c["polls"]["nodes"][0];
    assert_eq!(
        (poll["state"].clone(), poll["options"].clone()),
        (json!("CLOSED"), json!(3))
    );
    let options = poll["optionList"]["nodes"].as_array().unwrap();
    assert_eq!(
        options.iter().map(|o| amount(&o["weight"])).collect::<Vec<_>>(),
        [1, 1, 2],
        "options 0, 1 and 2 of four answers"
    );
    assert_eq!(
        options.iter().map(|o| amount(&o["weight"])).sum::<u128>(),
        amount(&poll["turnout"])
    );
    assert_eq!(poll["answers"]["totalCount"], poll["voters"]);
    let open = query(
        &db,
        &schema,
        &format!(
            r#"{{ governance(contract: "{}") {{ mode proposalList {{ nodes {{ state blocksLeft forVotes against passing }} }} pollList {{ nodes {{ state blocksLeft }} }} }} }}"#,
            story.token_governance
        ),
    )
    .await;
    let g = &open["governance"];
    assert_eq!(g["mode"], json!("token_weighted"));
    let p = &g["proposalList"]["nodes"][0];
    assert_eq!(p["state"], json!("ACTIVE"));
    assert!(p["blocksLeft"].as_i64().unwrap() > 0);
    assert!(
        amount(&p["forVotes"]) > 0 && amount(&p["against"]) > 0,
        "COS votes at the snapshot"
    );
    assert_eq!(g["pollList"]["nodes"][0]["state"], json!("OPEN"));

    // Categories a community named: on the community and on its records.
    let named = query(
        &db,
        &schema,
        &format!(
            r#"{{ community(contract: "{}", community: 1) {{ categories {{ nodes {{ category name }} }} recordList {{ nodes {{ category categoryInfo {{ name }} }} }} }} }}"#,
            story.quota
        ),
    )
    .await;
    assert_eq!(
        named["community"]["categories"]["nodes"],
        json!([{ "category": 1, "name": "teaching" }, { "category": 2, "name": null }])
    );
    for r in named["community"]["recordList"]["nodes"].as_array().unwrap() {
        assert_eq!(r["categoryInfo"]["name"], json!("teaching"));
    }

    // Statistics: sums of the tables, exactly.
    let stats = query(&db, &schema, "{ statistics(days: 366) { communities members records issued supply circulating unlocked bonusesPaid transfers contributionsByCategory { category records amount } contributionsByDay { day count amount } transfersByDay { day count amount } } }").await;
    let s = &stats["statistics"];
    assert_eq!(s["records"], json!(rows_in(&db, "records").await));
    let by_category: i64 = s["contributionsByCategory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["records"].as_i64().unwrap())
        .sum();
    let by_day: i64 = s["contributionsByDay"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(json!(by_category), s["records"]);
    assert_eq!(json!(by_day), s["records"]);
    let day_transfers: i64 = s["transfersByDay"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(json!(day_transfers), s["transfers"]);
    assert!(amount(&s["issued"]) >= amount(&s["supply"]) && amount(&s["supply"]) >= amount(&s["circulating"]));
    assert!(amount(&s["unlocked"]) > 0 && amount(&s["bonusesPaid"]) > 0);

    // Raw events with their decoded fields; search by SS58 and by block.
    let events = query(&db, &schema, r#"{ events(first: 3, where: { name: { eq: "ContributionRecorded" } }) { nodes { name fields contractInfo { kind } } } }"#).await;
    let event = &events["events"]["nodes"][0];
    assert_eq!(event["contractInfo"]["kind"], json!("donation_quota"));
    assert!(event["fields"].is_object());
    let hits = query(
        &db,
        &schema,
        &format!(r#"{{ search(text: "{ss58}") {{ kind path }} }}"#),
    )
    .await;
    assert_eq!(
        hits["search"],
        json!([{ "kind": "account", "path": format!("/account/{member}") }])
    );
    let hits = query(&db, &schema, r#"{ search(text: "3") { kind } }"#).await;
    assert!(hits["search"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == json!("block")));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_schema_serves_every_table_on_sqlite() {
    check(common::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_schema_serves_every_table_on_postgres() {
    let (schema, url) = common::postgres_schema("schema");
    let story = common::build(&url, 20);
    check(&story).await;
    common::drop_schema(&schema).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pagination_edges_empty_last_page_and_backwards() {
    let story = common::sqlite();
    let (db, schema) = open(&story.url, &Limits::default()).await;

    // Empty: nothing matches.
    let data = query(&db, &schema, r#"{ transfers(where: { block: { gt: 1000000 } }) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"#).await;
    assert_eq!(
        data["transfers"],
        json!({ "totalCount": 0, "edges": [], "pageInfo": { "hasNextPage": false, "hasPreviousPage": false, "startCursor": null, "endCursor": null } })
    );
    // `first: 0`: no rows, but whether there are any.
    let data = query(
        &db,
        &schema,
        "{ blocks(first: 0) { nodes { number } pageInfo { hasNextPage } } }",
    )
    .await;
    assert_eq!(
        data["blocks"],
        json!({ "nodes": [], "pageInfo": { "hasNextPage": true } })
    );

    // The last page: exactly the rest, then no next page; default page size 100.
    let total = rows_in(&db, "blocks").await;
    assert!(total > 100);
    let first = query(
        &db,
        &schema,
        "{ blocks { nodes { number } pageInfo { endCursor hasNextPage } } }",
    )
    .await;
    assert_eq!(first["blocks"]["nodes"].as_array().unwrap().len(), 100);
    let cursor = first["blocks"]["pageInfo"]["endCursor"].as_str().unwrap();
    let rest = query(&db, &schema, &format!(r#"{{ blocks(first: 1000, after: "{cursor}") {{ nodes {{ number }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}"#)).await;
    assert_eq!(rest["blocks"]["nodes"].as_array().unwrap().len() as i64, total - 100);
    assert_eq!(
        rest["blocks"]["pageInfo"],
        json!({ "hasNextPage": false, "hasPreviousPage": true })
    );

    // Backwards with last/before: the same rows, in the same order.
    let forwards = all_nodes(&db, &schema, "records", "", "contract id", 1000).await;
    let mut backwards = Vec::new();
    let mut before = String::new();
    loop {
        let q = format!(
            "{{ records(last: 6{before}) {{ nodes {{ contract id }} pageInfo {{ hasPreviousPage startCursor }} }} }}"
        );
        let data = query(&db, &schema, &q).await;
        let mut page: Vec<Value> = data["records"]["nodes"].as_array().unwrap().clone();
        page.extend(backwards);
        backwards = page;
        if data["records"]["pageInfo"]["hasPreviousPage"] != json!(true) {
            break;
        }
        before = format!(
            ", before: \"{}\"",
            data["records"]["pageInfo"]["startCursor"].as_str().unwrap()
        );
    }
    assert_eq!(backwards, forwards);
}

/// `numbers` of the blocks of a page, and its page info.
async fn blocks_page(db: &Db, schema: &async_graphql::dynamic::Schema, args: &str) -> (Vec<i64>, Value) {
    let data = query(
        db,
        schema,
        &format!("{{ blocks({args}) {{ nodes {{ number }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"),
    )
    .await;
    let numbers = data["blocks"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["number"].as_i64().unwrap())
        .collect();
    (numbers, data["blocks"]["pageInfo"].clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_are_cut_as_the_relay_cursor_spec_says() {
    let story = common::sqlite();
    let (db, schema) = open(&story.url, &Limits::default()).await;
    // Cursors of blocks 10 and 20.
    let (_, at10) = blocks_page(&db, &schema, "first: 10").await;
    let c10 = at10["endCursor"].as_str().unwrap().to_string();
    let (_, at20) = blocks_page(&db, &schema, "first: 20").await;
    let c20 = at20["endCursor"].as_str().unwrap().to_string();

    // `after` and `before` together: the rows between.
    let (between, info) = blocks_page(&db, &schema, &format!(r#"after: "{c10}", before: "{c20}""#)).await;
    assert_eq!(between, (11..20).collect::<Vec<_>>());
    assert_eq!(
        info["hasNextPage"],
        json!(false),
        "first was not given (the default page is)"
    );
    // `first` with `before`: the first rows of those before the cursor.
    let (rows, info) = blocks_page(&db, &schema, &format!(r#"first: 3, before: "{c20}""#)).await;
    assert_eq!((rows, info["hasNextPage"].clone()), (vec![1, 2, 3], json!(true)));
    // `last` with `after`: the last rows of those after the cursor.
    let total = rows_in(&db, "blocks").await;
    let (rows, info) = blocks_page(&db, &schema, &format!(r#"last: 2, after: "{c10}""#)).await;
    assert_eq!(rows, vec![total - 1, total]);
    assert_eq!(info["hasPreviousPage"], json!(true));
    // `first` and `last`: the last `last` of the first `first`.
    let (rows, info) = blocks_page(&db, &schema, "first: 10, last: 3").await;
    assert_eq!(rows, vec![8, 9, 10]);
    assert_eq!(
        (info["hasNextPage"].clone(), info["hasPreviousPage"].clone()),
        (json!(true), json!(true))
    );
    let (rows, info) = blocks_page(
        &db,
        &schema,
        &format!(r#"first: 4, last: 10, after: "{c10}", before: "{c20}""#),
    )
    .await;
    assert_eq!(rows, vec![11, 12, 13, 14]);
    assert_eq!(
        info["hasPreviousPage"],
        json!(false),
        "no more than `last` rows in the window"
    );

    // A cursor names a place in one list: another list's is refused, even
    // with the same key columns.
    let events = query(&db, &schema, "{ events(first: 1) { pageInfo { endCursor } } }").await;
    let foreign = events["events"]["pageInfo"]["endCursor"].as_str().unwrap();
    let e = try_query(
        &db,
        &schema,
        &format!(r#"{{ transfers(after: "{foreign}") {{ nodes {{ block }} }} }}"#),
        &Limits::default(),
    )
    .await
    .expect_err("refused")
    .join("; ");
    assert!(e.contains("another list (events)"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sixty_four_bit_values_are_text_and_event_fields_have_one_form() {
    let story = common::sqlite();
    let (db, schema) = open(&story.url, &Limits::default()).await;
    // Timestamps: ISO 8601 out; ISO, dates or milliseconds (as text or a number) in.
    let data = query(&db, &schema, "{ blocks(first: 1) { nodes { number timestamp } } }").await;
    let time = data["blocks"]["nodes"][0]["timestamp"].as_str().unwrap().to_string();
    assert!(time.ends_with('Z') && time.contains('T'), "{time}");
    let ms = chrono::DateTime::parse_from_rfc3339(&time).unwrap().timestamp_millis();
    for given in [format!("\"{time}\""), format!("\"{ms}\""), ms.to_string()] {
        let data = query(
            &db,
            &schema,
            &format!("{{ blocks(where: {{ timestamp: {{ eq: {given} }} }}) {{ nodes {{ number }} }} }}"),
        )
        .await;
        assert_eq!(data["blocks"]["nodes"][0]["number"], json!(1), "{given}");
    }
    // u64 ids and durations as decimal text; counts and block numbers as Int.
    let data = query(
        &db,
        &schema,
        "{ records(first: 1) { nodes { id activity block } } campaigns(first: 1) { nodes { deadline timeLeft } } }",
    )
    .await;
    let record = &data["records"]["nodes"][0];
    assert!(
        record["id"].is_string() && record["activity"].is_string() && record["block"].is_number(),
        "{record}"
    );
    let campaign = &data["campaigns"]["nodes"][0];
    assert!(
        campaign["deadline"].as_str().unwrap().ends_with('Z') && campaign["timeLeft"].is_string(),
        "{campaign}"
    );
    // Every event's fields: accounts as hex (as every column), u128 amounts as text.
    let data = query(
        &db,
        &schema,
        r#"{ events(first: 50, where: { name: { eq: "Transfer" } }) { nodes { fields } } }"#,
    )
    .await;
    for node in data["events"]["nodes"].as_array().unwrap() {
        let fields = &node["fields"];
        assert!(fields["value"].is_string(), "an amount is text: {fields}");
        for side in ["from", "to"] {
            let account = &fields[side];
            assert!(
                account.is_null()
                    || account
                        .as_str()
                        .is_some_and(|a| a.len() == 64 && a.bytes().all(|b| b.is_ascii_hexdigit())),
                "{side} is hex: {fields}"
            );
        }
    }
    let data = query(
        &db,
        &schema,
        r#"{ events(first: 5, where: { name: { eq: "ContributionRecorded" } }) { nodes { fields } } }"#,
    )
    .await;
    let fields = &data["events"]["nodes"][0]["fields"];
    assert!(
        fields["community"].is_number() && fields["record"].is_string() && fields["timestamp"].is_string(),
        "{fields}"
    );
    assert_eq!(fields["content_hash"].as_str().map(str::len), Some(64), "{fields}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cursor_stays_valid_while_the_indexer_adds_rows() {
    let url = common::sqlite_url("graphql-inserts");
    let chain = common::LiveChain::start(&url);
    let (db, schema) = open(&url, &Limits::default()).await;
    let before = all_nodes(&db, &schema, "transfers", "", "block idx", 1000).await;
    let page = query(
        &db,
        &schema,
        "{ transfers(first: 5) { nodes { block idx } pageInfo { endCursor } } }",
    )
    .await;
    let cursor = page["transfers"]["pageInfo"]["endCursor"].as_str().unwrap().to_string();
    let ranked = query(&db, &schema, "{ transfers(first: 5, orderBy: { field: AMOUNT, direction: DESC }) { nodes { block idx amount } pageInfo { endCursor } } }").await;
    let ranked_cursor = ranked["transfers"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_string();

    chain.traffic(10);

    let after = all_nodes(&db, &schema, "transfers", "", "block idx", 1000).await;
    assert!(after.len() > before.len() + 10, "the traffic added transfers");
    let rest = all_nodes(
        &db,
        &schema,
        "transfers",
        &format!(r#", after: "{cursor}""#),
        "block idx",
        1000,
    )
    .await;
    let mut seen: Vec<Value> = page["transfers"]["nodes"].as_array().unwrap().clone();
    seen.extend(rest);
    assert_eq!(seen, after, "no row skipped or repeated across the inserts");
    // In amount order too: the rows after the cursor are exactly those ranked after it.
    let ranked_rest = all_nodes(
        &db,
        &schema,
        "transfers",
        &format!(r#", orderBy: {{ field: AMOUNT, direction: DESC }}, after: "{ranked_cursor}""#),
        "block idx amount",
        1000,
    )
    .await;
    let everything = all_nodes(
        &db,
        &schema,
        "transfers",
        ", orderBy: { field: AMOUNT, direction: DESC }",
        "block idx amount",
        1000,
    )
    .await;
    let ranked_all: Vec<Value> = ranked["transfers"]["nodes"].as_array().unwrap().clone();
    let last = ranked_all.last().unwrap().clone();
    let at = everything.iter().position(|n| *n == last).unwrap();
    assert_eq!(ranked_rest, everything[at + 1..].to_vec());
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_queries_are_refused_with_a_clear_error() {
    let story = common::sqlite();
    let limits = Limits {
        depth: 8,
        fields: 200,
        rows: 5_000,
        ..Limits::default()
    };
    let (db, schema) = open(&story.url, &limits).await;
    let refused = |result: Result<Value, Vec<String>>| result.expect_err("refused").join("; ");

    let e = refused(
        try_query(
            &db,
            &schema,
            "{ transfers(first: 100000) { nodes { block } } }",
            &limits,
        )
        .await,
    );
    assert!(e.contains("`first: 100000` is more than 1000 rows"), "{e}");
    let e = refused(try_query(&db, &schema, "{ transfers(last: -1) { nodes { block } } }", &limits).await);
    assert!(e.contains("must not be negative"), "{e}");

    let deep = "{ managers { nodes { children { nodes { children { nodes { children { nodes { children { nodes { manager } } } } } } } } } } }";
    let e = refused(try_query(&db, &schema, deep, &limits).await);
    assert!(e.contains("nested too deep: at most 8 levels"), "{e}");

    let wide: String = (0..250).map(|i| format!("a{i}: _meta {{ lag }} ")).collect();
    let e = refused(try_query(&db, &schema, &format!("{{ {wide} }}"), &limits).await);
    assert!(e.contains("too complex: at most 200 fields"), "{e}");

    // Nested lists multiply: 100 accounts (34 here) x 1000 transfers each is over the row budget.
    let nested = "{ accounts(first: 100) { nodes { transfers(first: 1000) { nodes { amount } } } } }";
    let e = refused(try_query(&db, &schema, nested, &limits).await);
    assert!(e.contains("more than 5000 rows"), "{e}");

    let e = refused(
        try_query(
            &db,
            &schema,
            r#"{ transfers(after: "bm9wZQ") { nodes { block } } }"#,
            &limits,
        )
        .await,
    );
    assert!(e.contains("invalid cursor"), "{e}");
    let e = refused(
        try_query(
            &db,
            &schema,
            r#"{ transfers(where: { involves: "5Grw-not-an-address" }) { nodes { block } } }"#,
            &limits,
        )
        .await,
    );
    assert!(e.contains("is not an account"), "{e}");
    let e = refused(
        try_query(
            &db,
            &schema,
            r#"{ transfers(where: { amount: { gt: "-1" } }) { nodes { block } } }"#,
            &limits,
        )
        .await,
    );
    assert!(e.contains("amount in base units"), "{e}");
    let e = refused(
        try_query(
            &db,
            &schema,
            r#"{ transfers(where: { nope: { eq: 1 } }) { nodes { block } } }"#,
            &limits,
        )
        .await,
    );
    assert!(e.contains("nope"), "{e}");
}

/// GraphiQL's introspection query (type references 9 deep), under the default limits.
#[tokio::test(flavor = "multi_thread")]
async fn graphiql_can_introspect_the_schema_under_the_default_limits() {
    let (db, schema) = open(&common::sqlite().url, &Limits::default()).await;
    let type_ref = (0..9).fold(String::from("kind name"), |inner, _| {
        format!("kind name ofType {{ {inner} }}")
    });
    let q = format!(
        "query IntrospectionQuery {{ __schema {{ queryType {{ name }} subscriptionType {{ name }} types {{ kind name description \
         fields(includeDeprecated: true) {{ name description args {{ name type {{ {type_ref} }} defaultValue }} type {{ {type_ref} }} isDeprecated }} \
         inputFields {{ name type {{ {type_ref} }} defaultValue }} enumValues(includeDeprecated: true) {{ name }} possibleTypes {{ {type_ref} }} }} }} }}"
    );
    let data = query(&db, &schema, &q).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    for name in [
        "Transfer",
        "TransferConnection",
        "TransferWhere",
        "Amount",
        "Address",
        "Statistics",
        "Meta",
    ] {
        assert!(types.iter().any(|t| t["name"] == json!(name)), "the schema has {name}");
    }
    assert_eq!(data["__schema"]["subscriptionType"]["name"], json!("Subscription"));
}

#[tokio::test(flavor = "multi_thread")]
async fn nested_objects_of_a_list_cost_one_statement_per_table() {
    let story = common::sqlite();
    let mut conn = sea_orm::Database::connect(format!("{}?mode=ro", story.url.replace("sqlite:", "sqlite://")))
        .await
        .unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    conn.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let db = Db::new(conn);
    let schema = cos_graphql::schema::build(db.clone(), cos_graphql::feed::Feed::idle(), &Limits::default()).unwrap();
    let q = "{ transfers(first: 200) { nodes { amount tokenInfo { supply } blockInfo { timestamp } } } records(first: 200) { nodes { amount communityInfo { members } contractInfo { kind } } } }";
    let data = query(&db, &schema, q).await;
    assert_eq!(data["transfers"]["nodes"].as_array().unwrap().len(), 200);
    assert!(data["records"]["nodes"].as_array().unwrap().len() > 50);
    assert!(data["records"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["communityInfo"]["members"].as_i64().unwrap() > 0));
    // Two pages and four lookups (tokens, blocks, communities, contracts), however many rows.
    assert_eq!(
        statements.load(Ordering::SeqCst),
        6,
        "SQL statements for the nested query"
    );
}
