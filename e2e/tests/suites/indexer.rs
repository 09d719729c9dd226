//! The indexer on drink's in-process chain: a story that makes every event of
//! COS Credit and the donation quota happen, indexed into SQLite and into
//! PostgreSQL, and every derived table compared with the chain's own views.
//! Build the bundles first: `cargo xtask build`.

use cos_e2e::scenario::Scenario;
use cos_indexer::{amount::from_db, entities::*, Indexer, Options, Quiet, Registry, Store};
use cos_sandbox::{ink_dir, suite};
use ink::primitives::AccountId;
use psp22::PSP22;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, BTreeSet};

fn hex(account: &AccountId) -> String {
    hex::encode(account)
}

fn amount(text: &str) -> u128 {
    from_db(text).expect("stored amounts parse")
}

const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A schema of its own for one test: its name and the URL that selects it.
fn postgres_schema(test: &str) -> (String, String) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let schema = format!("t_{test}_{}_{nanos}", std::process::id());
    let url = format!("{POSTGRES}?schema={schema}");
    (schema, url)
}

async fn drop_schema(schema: &str) {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(POSTGRES).await.expect("PostgreSQL answers");
    db.execute_unprepared(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
        .await
        .expect("dropping the test schema");
}

async fn index(scenario: &Scenario, url: &str, options: Options) -> Store {
    let registry = Registry::from_ink_dir(&ink_dir()).expect("bundles load");
    let store = Store::open(url).await.expect("database opens");
    let mut indexer = Indexer::new(store, registry, options).await.expect("indexer starts");
    let mut source = scenario.chain.source();
    let summary = indexer.run(&mut source, &mut Quiet).await.expect("indexing succeeds");
    assert_eq!(summary.undecoded, 0, "every event decodes");
    let store = Store::open(url).await.expect("database reopens");
    store
}

/// Every derived table equals what the chain says.
async fn check(scenario: &mut Scenario, store: &Store) {
    let db = store.connection();
    let chain = &mut scenario.chain;

    // Discovery: the routed and the standalone token and the quota contract.
    let found: BTreeMap<String, (String, String)> = contracts::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.address, (c.kind, c.bundle)))
        .collect();
    let expected: BTreeMap<String, (String, String)> = [
        (hex(&scenario.token), ("credit", "credit_core")),
        (hex(&scenario.standalone), ("credit", "credit")),
        (hex(&scenario.quota), ("donation_quota", "donation_quota")),
        (hex(&scenario.subtoken), ("subtoken", "subtoken")),
        (hex(&scenario.crowdfund), ("crowdfund", "crowdfund")),
        (hex(&scenario.bounty), ("bounty", "bounty")),
        (hex(&scenario.governance), ("governance", "governance")),
        (hex(&scenario.token_governance), ("governance", "governance")),
    ]
    .into_iter()
    .map(|(a, (k, b))| (a, (k.to_string(), b.to_string())))
    .collect();
    assert_eq!(found, expected);

    // Every event of both contracts, all decoded.
    let events = events::Entity::find().all(db).await.unwrap();
    assert!(events.iter().all(|e| e.error.is_none() && e.fields.is_some()));
    let names: BTreeSet<&str> = events.iter().filter_map(|e| e.name.as_deref()).collect();
    for name in [
        "Transfer",
        "Approval",
        "Frozen",
        "Unfrozen",
        "MinterChanged",
        "DelegateChanged",
        "DelegateVotesChanged",
        "Paused",
        "Unpaused",
        "OwnershipTransferStarted",
        "OwnershipTransferred",
        "OperatorChanged",
        "QuotaGranted",
        "ReserveFunded",
        "CommunityCreated",
        "AdminTransferStarted",
        "AdminTransferred",
        "ManagerOffered",
        "OfferWithdrawn",
        "ManagerAdded",
        "ManagerRemoved",
        "QuotaDonated",
        "QuotaMoved",
        "ContributionRecorded",
        "BonusPaid",
        "BonusShortfall",
        "VestingCreated",
        "VestingReleased",
        "TokensRecovered",
        "SubtokenCreated",
        "Issued",
        "RightRedeemed",
        "FaceValueRedeemed",
        "Bought",
        "Sold",
        "ReserveChanged",
        "PriceChanged",
        "FeeChanged",
        "FeeRecipientChanged",
        "FeesWithdrawn",
        "IssuerTransferStarted",
        "IssuerTransferred",
        "SurplusRecovered",
        "CampaignCreated",
        "Pledged",
        "Claimed",
        "Refunded",
        "CampaignCancelled",
        "BountyPosted",
        "WorkSubmitted",
        "SubmissionApproved",
        "BountyClosed",
        "GovernanceCreated",
        "ProposalCreated",
        "VoteCast",
        "ProposalQueued",
        "ProposalExecuted",
        "ProposalCancelled",
        "ResolutionAccepted",
        "MemberAdded",
        "MemberRemoved",
        "PollCreated",
        "PollAnswered",
        "CategorySet",
    ] {
        assert!(names.contains(name), "no {name} event indexed; got {names:?}");
    }

    // Balances, frozen amounts, allowances and votes of every account, both tokens.
    let accounts: Vec<AccountId> = accounts::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|a| {
            let mut bytes = [0u8; 32];
            hex::decode_to_slice(&a.address, &mut bytes).unwrap();
            AccountId::from(bytes)
        })
        .collect();
    for account in &scenario.accounts {
        assert!(accounts.contains(account), "{account:?} is not in the accounts table");
    }
    for token in [scenario.token, scenario.standalone] {
        let t = suite::credit(token);
        let mut supply = 0u128;
        for account in &accounts {
            let row = balances::Entity::find_by_id((hex(&token), hex(account)))
                .one(db)
                .await
                .unwrap();
            let (balance, frozen) = row.map_or((0, 0), |r| (amount(&r.balance), amount(&r.frozen)));
            assert_eq!(
                balance,
                chain.query(t.balance_of(*account)).unwrap(),
                "balance of {account:?}"
            );
            assert_eq!(
                frozen,
                chain.query(t.frozen_balance_of(*account)).unwrap(),
                "frozen of {account:?}"
            );
            supply += balance;
            let votes = votes::Entity::find()
                .filter(votes::Column::Token.eq(hex(&token)))
                .filter(votes::Column::Delegate.eq(hex(account)))
                .order_by_desc(votes::Column::Block)
                .one(db)
                .await
                .unwrap()
                .map_or(0, |v| amount(&v.votes));
            assert_eq!(
                votes,
                chain.query(t.get_votes(*account)).unwrap(),
                "votes of {account:?}"
            );
            let delegate = delegations::Entity::find_by_id((hex(&token), hex(account)))
                .one(db)
                .await
                .unwrap()
                .and_then(|d| d.delegate);
            assert_eq!(delegate, chain.query(t.delegates(*account)).unwrap().map(|d| hex(&d)));
        }
        let stats = tokens::Entity::find_by_id(hex(&token)).one(db).await.unwrap().unwrap();
        assert_eq!(amount(&stats.supply), chain.query(t.total_supply()).unwrap());
        assert_eq!(amount(&stats.supply), supply, "balances add up to the supply");
    }
    for approval in approvals::Entity::find().all(db).await.unwrap() {
        let (owner, spender) = (account_of(&approval.owner), account_of(&approval.spender));
        let t = suite::credit(account_of(&approval.token));
        assert_eq!(
            amount(&approval.amount),
            chain.query(t.allowance(owner, spender)).unwrap()
        );
    }

    // The sub-token: its row against its own views, holders against
    // balance_of, the last history point, every kind of action, its backing.
    let st = suite::subtoken(scenario.subtoken);
    let row = subtokens::Entity::find_by_id(hex(&scenario.subtoken))
        .one(db)
        .await
        .unwrap()
        .expect("the sub-token is indexed");
    let supply = chain.query(st.total_supply()).unwrap();
    assert_eq!(
        [
            amount(&row.supply),
            amount(&row.collateral),
            amount(&row.reserve),
            amount(&row.fees_owed),
            amount(&row.price),
            amount(&row.face_value)
        ],
        [
            supply,
            chain.query(st.collateral()).unwrap(),
            chain.query(st.reserve()).unwrap(),
            chain.query(st.fees_owed()).unwrap(),
            chain.query(st.price()).unwrap(),
            chain.query(st.face_value()).unwrap()
        ]
    );
    // The sale price at the chain's time, from the row by the contract's own
    // rule, is what the contract says (a rise waits for its notice).
    let rise = row.sales_from.map(|at| subtoken::Rise {
        price: amount(&row.price),
        sales_from: u64::try_from(at).unwrap(),
    });
    assert_eq!(
        subtoken::book::sale_price(amount(&row.sale_price), rise, chain.timestamp()),
        chain.query(st.sale_price()).unwrap(),
        "the indexed sale price"
    );
    assert_eq!(row.fee_bps, i32::from(chain.query(st.fee_bps()).unwrap()));
    assert_eq!(row.fee_recipient, hex(&chain.query(st.fee_recipient()).unwrap()));
    assert_eq!(
        row.issuer,
        hex(&chain.query(st.issuer()).unwrap()),
        "the issuer role moved"
    );
    assert_eq!(
        (row.registry.clone(), row.community),
        (Some(hex(&scenario.quota)), Some(0))
    );
    assert_eq!(
        amount(&row.issued) + amount(&row.bought)
            - amount(&row.sold)
            - amount(&row.redeemed_right)
            - amount(&row.redeemed_face),
        supply,
        "units in minus units out is the supply"
    );
    let mut held = 0u128;
    for account in &accounts {
        let balance = balances::Entity::find_by_id((hex(&scenario.subtoken), hex(account)))
            .one(db)
            .await
            .unwrap();
        let (balance, frozen) = balance.map_or((0, 0), |r| (amount(&r.balance), amount(&r.frozen)));
        assert_eq!(
            balance,
            chain.query(st.balance_of(*account)).unwrap(),
            "units of {account:?}"
        );
        assert_eq!(frozen, chain.query(st.frozen_balance_of(*account)).unwrap());
        held += balance;
    }
    assert_eq!(held, supply, "holders' units add up to the supply");
    let stats = tokens::Entity::find_by_id(hex(&scenario.subtoken))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(amount(&stats.supply), supply);
    let last = subtoken_history::Entity::find()
        .filter(subtoken_history::Column::Token.eq(hex(&scenario.subtoken)))
        .order_by_desc(subtoken_history::Column::Block)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (last.supply, last.collateral, last.reserve),
        (row.supply.clone(), row.collateral.clone(), row.reserve.clone())
    );
    let kinds: BTreeSet<String> = subtoken_actions::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect();
    for kind in [
        "issue",
        "redeem_right",
        "redeem_face_value",
        "buy",
        "sell",
        "deposit",
        "withdraw",
        "fees",
        "recover",
    ] {
        assert!(kinds.contains(kind), "no {kind} action indexed: {kinds:?}");
    }
    let cos_held = balances::Entity::find_by_id((hex(&scenario.token), hex(&scenario.subtoken)))
        .one(db)
        .await
        .unwrap()
        .map_or(0, |b| amount(&b.balance));
    assert_eq!(
        cos_held,
        chain
            .query(suite::credit(scenario.token).balance_of(scenario.subtoken))
            .unwrap()
    );
    assert!(
        cos_held >= chain.query(st.owed()).unwrap(),
        "indexed COS covers what the sub-token owes"
    );

    check_funding(scenario, store).await;
    check_governance(scenario, store).await;
    let chain = &mut scenario.chain;

    // Quota: totals, current quota per holder and sponsor, communities, records.
    let q = suite::quota(scenario.quota);
    let totals = chain.query(q.totals()).unwrap();
    let row = quota_totals::Entity::find_by_id(hex(&scenario.quota))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        [
            amount(&row.granted),
            amount(&row.held),
            amount(&row.unallocated),
            amount(&row.allocated),
            amount(&row.unlocked),
            amount(&row.reserve),
            amount(&row.bonus_paid)
        ],
        [
            totals.granted,
            totals.held,
            totals.unallocated,
            totals.allocated,
            totals.unlocked,
            totals.reserve,
            totals.bonus_paid
        ]
    );
    let quotas = quotas::Entity::find().all(db).await.unwrap();
    assert!(quotas.len() >= 4);
    for row in quotas {
        let holder = (!row.holder.is_empty()).then(|| account_of(&row.holder));
        let id = u32::try_from(row.community).unwrap();
        assert_eq!(
            amount(&row.amount),
            chain.query(q.quota_of(id, holder, account_of(&row.sponsor))).unwrap(),
            "quota of {:?} in {id}",
            row.holder
        );
    }
    for sponsor in sponsors::Entity::find().all(db).await.unwrap() {
        assert_eq!(
            amount(&sponsor.held),
            chain.query(q.held_quota(account_of(&sponsor.sponsor))).unwrap()
        );
    }
    for id in 0..scenario.communities {
        let community = chain.query(q.community(id)).unwrap().unwrap();
        let row = communities::Entity::find_by_id((hex(&scenario.quota), i64::from(id)))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.admin, hex(&community.admin));
        assert_eq!(row.recognised, community.recognised, "recognition of community {id}");
        // Each manager row: active ones sit where the contract has them; the
        // others (removed, resigned, offered, lapsed) have no place, and an
        // offer is shown open exactly when the contract holds it open.
        let rows = managers::Entity::find()
            .filter(managers::Column::Contract.eq(hex(&scenario.quota)))
            .filter(managers::Column::Community.eq(i64::from(id)))
            .all(db)
            .await
            .unwrap();
        for m in &rows {
            let account = account_of(&m.manager);
            let place = chain.query(q.manager(id, account)).unwrap();
            if m.state == "active" {
                let place = place.unwrap_or_else(|| panic!("{} is active in the index only", m.manager));
                assert_eq!(m.parent, place.parent.map(|p| hex(&p)), "parent of {}", m.manager);
            } else {
                assert!(
                    place.is_none(),
                    "{} is {} in the index but in the tree",
                    m.manager,
                    m.state
                );
            }
            if m.state == "offered" {
                let parent = m.parent.as_deref().map(account_of);
                assert!(
                    chain.query(q.has_offer(id, account, parent)).unwrap(),
                    "{} offered",
                    m.manager
                );
            }
        }
        if id == 1 {
            let states: BTreeSet<&str> = rows.iter().map(|m| m.state.as_str()).collect();
            assert_eq!(states, BTreeSet::from(["lapsed", "resigned"]), "community 1's story");
        }
        // The named categories: what the contract lists, and the unnamed ones with no name.
        let named: Vec<(u16, String)> = categories::Entity::find()
            .filter(categories::Column::Contract.eq(hex(&scenario.quota)))
            .filter(categories::Column::Community.eq(i64::from(id)))
            .order_by_asc(categories::Column::Category)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|c| Some((u16::try_from(c.category).unwrap(), c.name?)))
            .collect();
        assert_eq!(
            named,
            chain.query(q.categories(id)).unwrap(),
            "categories of community {id}"
        );
    }
    assert_eq!(
        categories::Entity::find().all(db).await.unwrap().len(),
        2,
        "community 1 named two categories and unnamed one"
    );
    let records = records::Entity::find()
        .order_by_asc(records::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(records.len() as u64, chain.query(q.record_count()).unwrap());
    for row in &records {
        let record = chain.query(q.record(row.id as u64)).unwrap().unwrap();
        assert_eq!(
            (
                row.community,
                row.contributor.clone(),
                amount(&row.amount),
                row.category,
                row.activity,
                row.content_hash.clone(),
                row.manager.clone(),
                row.sponsor.clone(),
                row.block,
                row.timestamp
            ),
            (
                i64::from(record.community),
                hex(&record.contributor),
                record.amount,
                i32::from(record.category),
                record.activity as i64,
                hex::encode(record.content_hash),
                hex(&record.manager),
                hex(&record.sponsor),
                i64::from(record.block),
                record.timestamp as i64
            )
        );
    }
    for schedule in vesting::Entity::find().all(db).await.unwrap() {
        let on_chain = chain
            .query(q.vesting_schedule(schedule.schedule as u32))
            .unwrap()
            .unwrap();
        assert_eq!(amount(&schedule.released), on_chain.released);
        assert_eq!(amount(&schedule.total), on_chain.total);
    }

    // Counters equal sums recomputed from the raw events.
    let fields = |e: &events::Model| -> serde_json::Value { serde_json::from_str(e.fields.as_ref().unwrap()).unwrap() };
    let number = |v: &serde_json::Value| -> u128 {
        match v {
            serde_json::Value::String(s) => s.parse().unwrap(),
            other => u128::from(other.as_u64().unwrap()),
        }
    };
    for token in [scenario.token, scenario.standalone] {
        let (mut count, mut volume) = (0i64, 0u128);
        for e in events
            .iter()
            .filter(|e| e.contract == hex(&token) && e.name.as_deref() == Some("Transfer"))
        {
            let f = fields(e);
            if !f["from"].is_null() && !f["to"].is_null() {
                count += 1;
                volume += number(&f["value"]);
            }
        }
        let stats = tokens::Entity::find_by_id(hex(&token)).one(db).await.unwrap().unwrap();
        assert_eq!((stats.transfers, amount(&stats.volume)), (count, volume));
        let daily: Vec<daily::Model> = daily::Entity::find()
            .filter(daily::Column::Contract.eq(hex(&token)))
            .all(db)
            .await
            .unwrap();
        assert_eq!(daily.iter().map(|d| d.count).sum::<i64>(), count);
        assert_eq!(daily.iter().map(|d| amount(&d.amount)).sum::<u128>(), volume);
    }
    let recorded: Vec<&events::Model> = events
        .iter()
        .filter(|e| e.name.as_deref() == Some("ContributionRecorded"))
        .collect();
    for id in 0..scenario.communities {
        let mine: Vec<serde_json::Value> = recorded
            .iter()
            .map(|e| fields(e))
            .filter(|f| f["community"] == serde_json::json!(id))
            .collect();
        let contributors: BTreeSet<String> = mine.iter().map(|f| f["contributor"].to_string()).collect();
        let unlocked: u128 = mine.iter().map(|f| number(&f["amount"])).sum();
        let row = communities::Entity::find_by_id((hex(&scenario.quota), i64::from(id)))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.records, row.members, amount(&row.unlocked)),
            (mine.len() as i64, contributors.len() as i64, unlocked)
        );
        let board = leaderboard::Entity::find()
            .filter(leaderboard::Column::Community.eq(i64::from(id)))
            .filter(leaderboard::Column::Category.eq(-1))
            .filter(leaderboard::Column::Period.eq(""))
            .all(db)
            .await
            .unwrap();
        assert_eq!(board.len() as i64, row.members);
        assert_eq!(board.iter().map(|b| amount(&b.amount)).sum::<u128>(), unlocked);
        let per_day = daily::Entity::find()
            .filter(daily::Column::Metric.eq("contributions"))
            .filter(daily::Column::Scope.eq(i64::from(id)))
            .filter(daily::Column::Key.eq(-1))
            .all(db)
            .await
            .unwrap();
        assert_eq!(per_day.iter().map(|d| d.count).sum::<i64>(), mine.len() as i64);
    }
    let stats = tokens::Entity::find_by_id(hex(&scenario.token))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    // COS held by COS contracts (quota, reserves, vesting, sub-token collateral) is locked.
    let locked = chain
        .query(suite::credit(scenario.token).balance_of(scenario.quota))
        .unwrap()
        + chain
            .query(suite::credit(scenario.token).balance_of(scenario.subtoken))
            .unwrap()
        + chain
            .query(suite::credit(scenario.token).balance_of(scenario.crowdfund))
            .unwrap()
        + chain
            .query(suite::credit(scenario.token).balance_of(scenario.bounty))
            .unwrap();
    assert_eq!(
        amount(&stats.circulating),
        amount(&stats.supply) - locked,
        "circulating = supply - locked"
    );
}

/// Campaigns, backers, bounties and submissions against the contracts' views;
/// payouts against the totals; every payout kind happened.
async fn check_funding(scenario: &mut Scenario, store: &Store) {
    let db = store.connection();
    let chain = &mut scenario.chain;
    // COS Credit's pause clock as the indexer followed it (the story pauses
    // and unpauses COS): the row's clock at the head is the contract's.
    let credit = contracts::Entity::find_by_id(hex(&scenario.token))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(credit.pause_clock > 0, "the story paused COS Credit for a while");
    assert_eq!(credit.paused_since, None);
    assert_eq!(
        credit.pause_clock,
        i64::try_from(chain.query(suite::credit(scenario.token).paused_time()).unwrap()).unwrap()
    );
    let c = suite::crowdfund(scenario.crowdfund);
    let count = chain.query(c.campaign_count()).unwrap();
    let rows = campaigns::Entity::find()
        .filter(campaigns::Column::Contract.eq(hex(&scenario.crowdfund)))
        .order_by_asc(campaigns::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), count as usize);
    let mut held = 0;
    for row in &rows {
        let id = u32::try_from(row.id).unwrap();
        let on_chain = chain.query(c.campaign(id)).unwrap().unwrap();
        assert_eq!(
            (
                amount(&row.raised),
                amount(&row.claimed),
                amount(&row.refunded),
                amount(&row.goal),
                row.cancelled,
                u32::try_from(row.pledgers).unwrap(),
                row.deadline,
                hex(&on_chain.beneficiary),
            ),
            (
                on_chain.raised,
                on_chain.claimed,
                on_chain.refunded,
                on_chain.goal,
                on_chain.cancelled,
                on_chain.pledgers,
                i64::try_from(on_chain.deadline).unwrap(),
                row.beneficiary.clone(),
            ),
            "campaign {id}"
        );
        assert_eq!(row.registry.as_deref(), Some(hex(&scenario.quota).as_str()));
        assert_eq!(
            (row.credit.clone(), row.pause_clock, row.unpaused_deadline),
            (
                Some(hex(&scenario.token)),
                i64::try_from(on_chain.pause_clock).unwrap(),
                row.deadline - row.pause_clock
            ),
            "campaign {id}'s pause clock"
        );
        held += on_chain.held();
        let backers = backers::Entity::find()
            .filter(backers::Column::Contract.eq(hex(&scenario.crowdfund)))
            .filter(backers::Column::Campaign.eq(row.id))
            .all(db)
            .await
            .unwrap();
        assert_eq!(backers.len(), on_chain.pledgers as usize, "one backer row per pledger");
        for backer in &backers {
            let left = chain.query(c.pledge_of(id, account_of(&backer.pledger))).unwrap();
            assert_eq!(
                amount(&backer.pledged) - amount(&backer.refunded),
                left,
                "what {} has in campaign {id}",
                backer.pledger
            );
        }
        assert_eq!(
            backers.iter().map(|b| amount(&b.pledged)).sum::<u128>(),
            on_chain.raised,
            "backers add up to the raise"
        );
        let pledged: u128 = pledges::Entity::find()
            .filter(pledges::Column::Campaign.eq(row.id))
            .all(db)
            .await
            .unwrap()
            .iter()
            .map(|p| amount(&p.amount))
            .sum();
        assert_eq!(pledged, on_chain.raised);
    }
    let payouts = campaign_payouts::Entity::find().all(db).await.unwrap();
    let paid = |kind: &str| {
        payouts
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| amount(&p.amount))
            .sum::<u128>()
    };
    assert_eq!(paid("claim"), rows.iter().map(|r| amount(&r.claimed)).sum::<u128>());
    assert_eq!(paid("refund"), rows.iter().map(|r| amount(&r.refunded)).sum::<u128>());
    assert_eq!(
        chain
            .query(suite::credit(scenario.token).balance_of(scenario.crowdfund))
            .unwrap(),
        held,
        "the crowdfund holds what its campaigns hold"
    );

    let b = suite::bounty(scenario.bounty);
    let count = chain.query(b.bounty_count()).unwrap();
    let rows = bounties::Entity::find().all(db).await.unwrap();
    assert_eq!(rows.len(), count as usize);
    let mut statuses = BTreeSet::new();
    for row in &rows {
        let id = u32::try_from(row.id).unwrap();
        let on_chain = chain.query(b.bounty(id)).unwrap().unwrap();
        assert_eq!(
            (
                amount(&row.reward),
                amount(&row.paid),
                amount(&row.returned),
                u32::try_from(row.submissions).unwrap()
            ),
            (on_chain.reward, on_chain.paid, on_chain.returned, on_chain.submissions),
            "bounty {id}"
        );
        assert_eq!(
            (row.credit.clone(), row.pause_clock, row.unpaused_deadline),
            (
                Some(hex(&scenario.token)),
                i64::try_from(on_chain.pause_clock).unwrap(),
                row.deadline - row.pause_clock
            ),
            "bounty {id}'s pause clock"
        );
        let status = format!("{:?}", on_chain.status).to_lowercase();
        assert_eq!(row.status, status, "bounty {id}");
        statuses.insert(status);
        let subs = submissions::Entity::find()
            .filter(submissions::Column::Bounty.eq(row.id))
            .all(db)
            .await
            .unwrap();
        assert_eq!(subs.len(), on_chain.submissions as usize);
        for sub in &subs {
            let on_chain = chain
                .query(b.submission(id, u32::try_from(sub.submission).unwrap()))
                .unwrap()
                .unwrap();
            assert_eq!(
                (sub.helper.clone(), sub.content.clone()),
                (hex(&on_chain.helper), hex::encode(on_chain.content))
            );
        }
        assert_eq!(subs.iter().map(|s| amount(&s.paid)).sum::<u128>(), on_chain.paid);
    }
    for status in ["open", "awarded", "cancelled", "reclaimed"] {
        assert!(statuses.contains(status), "no {status} bounty in the story");
    }
    let payouts = bounty_payouts::Entity::find().all(db).await.unwrap();
    let kinds: BTreeSet<&str> = payouts.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["approved", "cancelled", "reclaimed"]));
    assert_eq!(
        payouts.iter().map(|p| amount(&p.amount)).sum::<u128>(),
        rows.iter().map(|r| amount(&r.paid) + amount(&r.returned)).sum::<u128>()
    );
}

/// Governances, proposals, actions, votes, polls and members against the
/// contracts' views; every follow-up and vote kind happened.
/// A proposal's state as the server computes it from the stored row (the
/// contract's rule on the row rebuilt as GraphQL serves it), at `block`.
fn served_state(p: &proposals::Model, block: u32) -> governance::ProposalState {
    let text = |a: &str| from_db(a).unwrap().to_string();
    let row = serde_json::json!({
        "snapshot": p.snapshot, "endBlock": p.end_block, "eligible": text(&p.eligible),
        "eligibleBlock": p.eligible_block, "forVotes": text(&p.for_votes), "against": text(&p.against),
        "abstain": text(&p.abstain), "voters": p.voters, "quorumBps": p.quorum_bps,
        "thresholdBps": p.threshold_bps, "executionDelay": p.execution_delay, "gracePeriod": p.grace_period,
        "eta": p.eta, "cancelled": p.cancelled, "followUp": p.follow_up,
    });
    cos_graphql::decisions::proposal(row.as_object().unwrap()).state(block)
}

async fn check_governance(scenario: &mut Scenario, store: &Store) {
    use governance::{FollowUp, Support};
    let db = store.connection();
    let chain = &mut scenario.chain;
    let mut follow_ups = BTreeSet::new();
    for address in [scenario.governance, scenario.token_governance] {
        let g = suite::governance(address);
        let contract = hex(&address);
        let row = governances::Entity::find_by_id(contract.clone())
            .one(db)
            .await
            .unwrap()
            .expect("the governance is indexed");
        let (proposal_count, poll_count) = chain.query(g.counts()).unwrap();
        let config = chain.query(g.config()).unwrap();
        assert_eq!(
            (
                row.proposals,
                row.polls,
                row.members,
                row.voting_period,
                row.quorum_bps,
                row.voting_delay,
                row.grace_period,
                amount(&row.proposal_threshold)
            ),
            (
                i64::from(proposal_count),
                i64::from(poll_count),
                i64::from(chain.query(g.member_count()).unwrap()),
                i64::from(config.voting_period),
                i64::from(config.quorum_bps),
                i64::from(config.voting_delay),
                Some(i64::from(config.grace_period)),
                config.proposal_threshold
            ),
            "governance {contract}"
        );
        assert_eq!(
            row.registry,
            chain.query(g.community()).unwrap().map(|c| hex(&c.registry))
        );
        let owner = contracts::Entity::find_by_id(contract.clone())
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .owner;
        assert_eq!(owner, Some(hex(&chain.query(g.owner()).unwrap())), "the admin");
        let members = governance_members::Entity::find()
            .filter(governance_members::Column::Contract.eq(contract.clone()))
            .all(db)
            .await
            .unwrap();
        for m in &members {
            assert_eq!(m.active, chain.query(g.is_member(account_of(&m.account))).unwrap());
        }
        assert_eq!(members.iter().filter(|m| m.active).count() as i64, row.members);

        let proposals = proposals::Entity::find()
            .filter(proposals::Column::Contract.eq(contract.clone()))
            .all(db)
            .await
            .unwrap();
        assert_eq!(proposals.len(), proposal_count as usize);
        for p in &proposals {
            let id = u32::try_from(p.id).unwrap();
            let on_chain = chain.query(g.proposal(id)).unwrap().unwrap();
            let follow_up = match on_chain.follow_up {
                FollowUp::Pending => "pending",
                FollowUp::Executed => "executed",
                FollowUp::Accepted => "accepted",
            };
            follow_ups.insert(follow_up);
            assert_eq!(
                (
                    amount(&p.for_votes),
                    amount(&p.against),
                    amount(&p.abstain),
                    p.voters,
                    p.eligible_block.map(|_| amount(&p.eligible)),
                    p.snapshot,
                    p.end_block,
                    p.eta,
                    p.cancelled,
                    p.follow_up.as_str(),
                    p.proposer.clone(),
                    (p.quorum_bps, p.threshold_bps, p.execution_delay, p.grace_period),
                ),
                (
                    on_chain.tally.for_votes,
                    on_chain.tally.against,
                    on_chain.tally.abstain,
                    i64::from(on_chain.tally.voters),
                    on_chain.eligible,
                    i64::from(on_chain.snapshot),
                    i64::from(on_chain.end),
                    on_chain.eta.map(i64::from),
                    on_chain.cancelled,
                    follow_up,
                    hex(&on_chain.proposer),
                    (
                        i64::from(on_chain.rules.quorum_bps),
                        i64::from(on_chain.rules.threshold_bps),
                        Some(i64::from(on_chain.rules.execution_delay)),
                        Some(i64::from(on_chain.rules.grace_period)),
                    ),
                ),
                "proposal {id} of {contract}"
            );
            let block = chain.block_number();
            assert_eq!(
                served_state(p, block),
                chain.query(g.state(id)).unwrap().unwrap(),
                "the state rebuilt from the row is the contract's at the same block"
            );
            assert_eq!(p.registry, row.registry, "a proposal names its governance's community");
            let actions = proposal_actions::Entity::find()
                .filter(proposal_actions::Column::Contract.eq(contract.clone()))
                .filter(proposal_actions::Column::Proposal.eq(p.id))
                .order_by_asc(proposal_actions::Column::Position)
                .all(db)
                .await
                .unwrap();
            assert_eq!(actions.len(), chain.query(g.actions(id)).unwrap().len());
            let votes = proposal_votes::Entity::find()
                .filter(proposal_votes::Column::Contract.eq(contract.clone()))
                .filter(proposal_votes::Column::Proposal.eq(p.id))
                .all(db)
                .await
                .unwrap();
            assert_eq!(votes.len() as i64, p.voters);
            for (support, total) in [("for", &p.for_votes), ("against", &p.against), ("abstain", &p.abstain)] {
                let sum: u128 = votes
                    .iter()
                    .filter(|v| v.support == support)
                    .map(|v| amount(&v.weight))
                    .sum();
                assert_eq!(sum, amount(total), "{support} votes of proposal {id} add up");
            }
            for v in &votes {
                let cast = chain.query(g.vote_of(id, account_of(&v.voter))).unwrap();
                let expected = match cast {
                    Some(Support::For) => "for",
                    Some(Support::Against) => "against",
                    Some(Support::Abstain) => "abstain",
                    None => "none",
                };
                assert_eq!(v.support, expected);
            }
        }

        let polls = polls::Entity::find()
            .filter(polls::Column::Contract.eq(contract.clone()))
            .all(db)
            .await
            .unwrap();
        assert_eq!(polls.len(), poll_count as usize);
        for p in &polls {
            let id = u32::try_from(p.id).unwrap();
            let on_chain = chain.query(g.poll(id)).unwrap().unwrap();
            assert_eq!(
                (
                    amount(&p.turnout),
                    p.voters,
                    p.eligible_block.map(|_| amount(&p.eligible)),
                    p.options
                ),
                (
                    on_chain.turnout,
                    i64::from(on_chain.voters),
                    on_chain.eligible,
                    i64::from(on_chain.options)
                )
            );
            let options = poll_options::Entity::find()
                .filter(poll_options::Column::Contract.eq(contract.clone()))
                .filter(poll_options::Column::Poll.eq(p.id))
                .all(db)
                .await
                .unwrap();
            assert_eq!(options.len() as i64, p.options);
            for o in &options {
                let option = u8::try_from(o.option).unwrap();
                assert_eq!(amount(&o.weight), chain.query(g.poll_tally(id, option)).unwrap());
            }
            let answers = poll_answers::Entity::find()
                .filter(poll_answers::Column::Contract.eq(contract.clone()))
                .filter(poll_answers::Column::Poll.eq(p.id))
                .all(db)
                .await
                .unwrap();
            assert_eq!(answers.len() as i64, p.voters);
            for a in &answers {
                let answered = chain.query(g.answer_of(id, account_of(&a.voter))).unwrap();
                assert_eq!(answered.map(i64::from), Some(a.option));
            }
        }
    }
    assert_eq!(
        follow_ups,
        BTreeSet::from(["pending", "executed", "accepted"]),
        "every follow-up in the story"
    );
    // The call to the sub-token is decoded with its metadata.
    let decoded: Vec<String> = proposal_actions::Entity::find()
        .filter(proposal_actions::Column::Kind.eq("call"))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|a| a.call_text)
        .collect();
    assert!(
        decoded
            .iter()
            .any(|c| c.contains("set_fee") && c.contains("fee_bps: 5")),
        "set_fee decoded: {decoded:?}"
    );
}

fn account_of(text: &str) -> AccountId {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(text, &mut bytes).unwrap();
    AccountId::from(bytes)
}

#[tokio::test]
async fn sqlite_holds_what_the_chain_holds() {
    let mut scenario = Scenario::play().expect("the story plays");
    let dir = std::env::temp_dir().join(format!("cos-indexer-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("story.db").display());
    let _ = std::fs::remove_file(dir.join("story.db"));
    let store = index(&scenario, &url, Options::default()).await;
    check(&mut scenario, &store).await;
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn postgres_holds_what_the_chain_holds() {
    let mut scenario = Scenario::play().expect("the story plays");
    let (schema, url) = postgres_schema("story");
    // Block by block this time: batches of one.
    let options = Options {
        batch_blocks: 1,
        ..Options::default()
    };
    let store = index(&scenario, &url, options).await;
    check(&mut scenario, &store).await;
    store.connection().clone().close().await.ok();
    drop_schema(&schema).await;
}

#[tokio::test]
async fn instances_deployed_after_the_indexer_started_are_found() {
    let mut scenario = Scenario::play().expect("the story plays");
    let url = "sqlite::memory:";
    let registry = Registry::from_ink_dir(&ink_dir()).unwrap();
    let store = Store::open(url).await.unwrap();
    let mut indexer = Indexer::new(store, registry, Options::default()).await.unwrap();
    indexer.run(&mut scenario.chain.source(), &mut Quiet).await.unwrap();
    // A second quota contract, deployed after the first run.
    let owner = scenario.chain.account(1);
    let second = suite::deploy_quota(&mut scenario.chain, owner, scenario.token, None).unwrap();
    scenario
        .chain
        .call(owner, suite::quota(second).create_community())
        .unwrap();
    scenario.chain.next_block();
    indexer.run(&mut scenario.chain.source(), &mut Quiet).await.unwrap();
    let db = indexer.store().connection();
    let row = contracts::Entity::find_by_id(hex(&second))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.kind, "donation_quota");
    assert!(communities::Entity::find_by_id((hex(&second), 0))
        .one(db)
        .await
        .unwrap()
        .is_some());
    let cursor = indexer.store().cursor().await.unwrap().unwrap();
    assert_eq!(cursor.number, scenario.chain.blocks().last().unwrap().number);
}
