//! The demo's second part: locked quota flowing from the operator through a
//! sponsor and a community's manager tree to contributors, with bonuses, and
//! vesting schedules releasing month by month.

use crate::narrate::{ok, say};
use anyhow::{bail, ensure, Context, Result};
use cos_sandbox::{
    suite::{self, cos},
    Chain,
};
use credit::UNIT;
use donation_quota::{vesting::MONTH_MS, QuotaError};
use ink::primitives::AccountId;
use psp22::PSP22;
use std::collections::BTreeMap;

/// The demo chain's genesis: 2026-01-01T00:00:00Z in milliseconds.
const START_MS: u64 = cos_sandbox::GENESIS_MS;

/// What the quota chapter leaves for the next ones: the quota contract, the
/// community it made, its admin and its volunteers (who hold rewarded COS).
pub struct Community {
    pub quota: AccountId,
    pub id: u32,
    pub admin: AccountId,
    pub volunteers: Vec<AccountId>,
}

pub fn run(chain: &mut Chain, token_address: AccountId, operator: AccountId) -> Result<Community> {
    let mut token = suite::credit(token_address);
    let sponsor = chain.account(30);
    let admin = chain.account(31);
    let class_rep = chain.account(32);
    let event_lead = chain.account(33);
    let volunteers: Vec<AccountId> = (40..46).map(|n| chain.account(n)).collect();
    let names: BTreeMap<AccountId, String> = [
        (sponsor, "sponsor".to_string()),
        (admin, "admin".to_string()),
        (class_rep, "class rep".to_string()),
        (event_lead, "event lead".to_string()),
    ]
    .into_iter()
    .chain(
        volunteers
            .iter()
            .enumerate()
            .map(|(i, v)| (*v, format!("volunteer {}", i + 1))),
    )
    .collect();
    let name = |who: &AccountId| names.get(who).map_or("?", String::as_str).to_string();

    say("The operator deploys the donation quota contract (default bonus schedule)");
    let address = suite::deploy_quota(chain, operator, token_address, None).context("deploying donation_quota")?;
    let mut quota = suite::quota(address);
    let stage = chain.query(quota.current_bonus())?;
    println!(
        "   donation_quota at {address:?}; bonus now: sponsor {} %, manager {} %",
        f64::from(stage.sponsor_bps) / 100.0,
        f64::from(stage.manager_bps) / 100.0
    );

    say("The operator sells 50,000 COS of locked quota to a sponsor and funds a 10,000 COS bonus reserve");
    let approve = chain.call(operator, token.approve(address, 150_000 * UNIT))?;
    ensure!(approve.value.is_ok(), "approve failed: {:?}", approve.value);
    ok(
        "grant_quota",
        chain.call(operator, quota.grant_quota(sponsor, 50_000 * UNIT))?,
    )?;
    ok("fund_reserve", chain.call(operator, quota.fund_reserve(10_000 * UNIT))?)?;
    println!(
        "   sponsor holds {} of quota and {} (quota is not COS)",
        cos(chain.query(quota.held_quota(sponsor))?),
        cos(chain.query(token.balance_of(sponsor))?)
    );

    say("An alumni association joins: its admin offers a class rep a place, who offers one to an event lead; each accepts");
    let community = ok("create_community", chain.call(admin, quota.create_community())?)?;
    ok(
        "offer_manager class rep",
        chain.call(admin, quota.offer_manager(community, class_rep))?,
    )?;
    ok(
        "class rep accepts",
        chain.call(class_rep, quota.accept_manager(community, None))?,
    )?;
    ok(
        "offer_manager event lead",
        chain.call(class_rep, quota.offer_manager(community, event_lead))?,
    )?;
    ok(
        "event lead accepts",
        chain.call(event_lead, quota.accept_manager(community, Some(class_rep)))?,
    )?;

    say("The operator recognises the association as a real community: only recognised ones receive quota");
    ok("recognise", chain.call(operator, quota.recognise(community, true))?)?;

    say("The sponsor donates 40,000 COS of quota; it flows down the tree");
    ok("donate", chain.call(sponsor, quota.donate(community, 40_000 * UNIT))?)?;
    ok(
        "admin -> class rep 20,000",
        chain.call(admin, quota.allocate(community, sponsor, class_rep, 20_000 * UNIT))?,
    )?;
    ok(
        "class rep -> event lead 5,000",
        chain.call(class_rep, quota.allocate(community, sponsor, event_lead, 5_000 * UNIT))?,
    )?;

    say("The admin names the association's contribution categories: 1 campus work, 2 events, 3 mentoring");
    for (category, name) in [(1u16, "campus work"), (2, "events"), (3, "mentoring")] {
        ok(
            &format!("category {category}: {name}"),
            chain.call(admin, quota.set_category(community, category, Some(name.into())))?,
        )?;
    }

    say("The event lead rewards a volunteer for a campus clean-up: a contribution record");
    chain.next_block();
    chain.set_timestamp(START_MS + 10 * 86_400_000);
    ok(
        "reward volunteer 1: 120 COS",
        chain.call(
            event_lead,
            quota.reward(community, sponsor, volunteers[0], 120 * UNIT, 1, 1001, [0x11; 32]),
        )?,
    )?;

    say("The class rep rewards one activity form of five volunteers at once (all or nothing)");
    chain.next_block();
    let form: Vec<(AccountId, u128, [u8; 32])> = volunteers[1..]
        .iter()
        .zip([300u128, 250, 200, 150, 100])
        .enumerate()
        .map(|(i, (who, amount))| (*who, amount * UNIT, [u8::try_from(i).unwrap_or(0) + 0x20; 32]))
        .collect();
    ok(
        "reward_batch of 5",
        chain.call(class_rep, quota.reward_batch(community, sponsor, 2, 1002, form))?,
    )?;

    say("Rules hold: no self-dealing, no overdraft, no category the association does not use");
    let attempt = chain.call(
        event_lead,
        quota.reward(community, sponsor, volunteers[0], UNIT, 9, 1003, [0; 32]),
    )?;
    println!("   event lead rewards in category 9 -> {:?}", attempt.value);
    ensure!(
        attempt.value == Err(QuotaError::UnknownCategory),
        "an unnamed category went through"
    );
    let attempt = chain.call(
        event_lead,
        quota.reward(community, sponsor, class_rep, UNIT, 1, 1003, [0; 32]),
    )?;
    println!("   event lead rewards the class rep above them -> {:?}", attempt.value);
    ensure!(
        attempt.value == Err(QuotaError::SelfDealing),
        "self-dealing went through"
    );
    let attempt = chain.call(
        event_lead,
        quota.reward(community, sponsor, sponsor, UNIT, 1, 1003, [0; 32]),
    )?;
    println!(
        "   event lead pays the sponsor from its own quota -> {:?}",
        attempt.value
    );
    ensure!(
        attempt.value == Err(QuotaError::SelfDealing),
        "a sponsor was paid its own quota"
    );
    let attempt = chain.call(
        event_lead,
        quota.reward(community, sponsor, volunteers[0], 5_000 * UNIT, 1, 1003, [0; 32]),
    )?;
    println!("   event lead unlocks more than allocated -> {:?}", attempt.value);
    ensure!(
        attempt.value == Err(QuotaError::InsufficientQuota),
        "overdraft went through"
    );

    say("The event lead goes quiet: the admin takes its unspent quota back, then removes the class rep's branch");
    ok(
        "reclaim 1,000 from the event lead",
        chain.call(admin, quota.reclaim(community, event_lead, sponsor, 1_000 * UNIT))?,
    )?;
    let removal = chain.call(admin, quota.remove_manager(community, class_rep))?;
    let moved: u128 = removal
        .events_of::<donation_quota::events::QuotaMoved>()
        .iter()
        .map(|m| m.amount)
        .sum();
    ok("remove class rep with its subtree", removal)?;
    println!("   {} of quota returned to the community pool", cos(moved));
    ensure!(
        chain.query(quota.manager(community, event_lead))?.is_none(),
        "the subtree stayed"
    );

    say("Contribution records (the leaderboard the indexer will serve)");
    let mut board: BTreeMap<AccountId, u128> = BTreeMap::new();
    for id in 0..chain.query(quota.record_count())? {
        let record = chain.query(quota.record(id))?.context("record")?;
        println!(
            "   #{id} {:<12} {:>10} category {} activity {} by {} at block {}",
            name(&record.contributor),
            cos(record.amount),
            record.category,
            record.activity,
            name(&record.manager),
            record.block
        );
        *board.entry(record.contributor).or_default() += record.amount;
    }
    let mut board: Vec<_> = board.into_iter().collect();
    board.sort_by_key(|(_, total)| std::cmp::Reverse(*total));
    for (rank, (who, total)) in board.iter().enumerate() {
        println!("   {}. {:<12} {}", rank + 1, name(who), cos(*total));
    }

    say("Who holds what now");
    for (who, label) in &names {
        println!("   {label:<12} {:>14}", cos(chain.query(token.balance_of(*who))?));
    }
    let totals = chain.query(quota.totals())?;
    println!(
        "   quota: granted {} = held {} + unallocated {} + allocated {} + unlocked {}",
        cos(totals.granted),
        cos(totals.held),
        cos(totals.unallocated),
        cos(totals.allocated),
        cos(totals.unlocked)
    );
    println!(
        "   bonus reserve {} (paid {})",
        cos(totals.reserve),
        cos(totals.bonus_paid)
    );

    say("Vesting: angel round (48 months), founding team (48 months), 12 months locked then 24");
    let angel = chain.account(50);
    let team = chain.account(51);
    let late = chain.account(52);
    let schedules = [
        ("angel", angel, 48_000 * UNIT, 0, 48),
        ("team", team, 24_000 * UNIT, 0, 48),
        ("cliff", late, 12_000 * UNIT, 12, 24),
    ];
    for (label, who, total, cliff, releases) in schedules {
        ok(
            &format!(
                "create_vesting {label}: {} over {releases} months after {cliff}",
                cos(total)
            ),
            chain.call(operator, quota.create_vesting(who, total, START_MS, cliff, releases))?,
        )?;
    }
    for month in [1u64, 12, 13, 48] {
        chain.next_block();
        chain.set_timestamp(START_MS + month * MONTH_MS);
        let mut line = format!("   month {month:>2}:");
        for id in 0..3u32 {
            let out = chain.call(angel, quota.release(id))?;
            match out.value {
                Ok(amount) => line.push_str(&format!("  #{id} +{}", cos(amount))),
                Err(QuotaError::NothingToRelease) => line.push_str(&format!("  #{id} nothing yet")),
                Err(e) => bail!("release {id} failed: {e:?}"),
            }
        }
        println!("{line}");
    }
    for (label, who, total, _, _) in schedules {
        let balance = chain.query(token.balance_of(who))?;
        println!("   {label:<6} received {} of {}", cos(balance), cos(total));
        ensure!(balance == total, "{label} did not fully vest");
    }
    Ok(Community {
        quota: address,
        id: community,
        admin,
        volunteers,
    })
}
