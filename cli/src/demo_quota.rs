//! The demo's second part: locked quota flowing from the operator through a
//! sponsor and a community's manager tree to contributors, with bonuses, and
//! vesting schedules releasing month by month.

use anyhow::{bail, ensure, Context, Result};
use cos_e2e::{
    credit::{cos, Credit},
    drink::AccountId32,
    quota::Quota,
    Chain, Outcome,
};
use credit::UNIT;
use donation_quota::{vesting::MONTH_MS, QuotaError};
use std::collections::BTreeMap;

/// The demo chain's genesis: 2026-01-01T00:00:00Z in milliseconds.
const START_MS: u64 = cos_e2e::GENESIS_MS;

fn say(step: &str) {
    println!("\n== {step}");
}

fn ok<T: std::fmt::Debug>(what: &str, outcome: Outcome<Result<T, QuotaError>>) -> Result<T> {
    match outcome.value {
        Ok(value) => {
            println!(
                "   ok: {what} -> {value:?} (ref_time {}, proof_size {}, {} event(s))",
                outcome.gas.ref_time(),
                outcome.gas.proof_size(),
                outcome.events.len()
            );
            Ok(value)
        }
        Err(e) => bail!("{what} failed: {e:?}"),
    }
}

pub fn run(chain: &mut Chain, token: &Credit, operator: &AccountId32) -> Result<()> {
    let sponsor = chain.account(30);
    let admin = chain.account(31);
    let class_rep = chain.account(32);
    let event_lead = chain.account(33);
    let volunteers: Vec<AccountId32> = (40..46).map(|n| chain.account(n)).collect();
    let names: BTreeMap<AccountId32, String> = [
        (sponsor.clone(), "sponsor".to_string()),
        (admin.clone(), "admin".to_string()),
        (class_rep.clone(), "class rep".to_string()),
        (event_lead.clone(), "event lead".to_string()),
    ]
    .into_iter()
    .chain(volunteers.iter().enumerate().map(|(i, v)| (v.clone(), format!("volunteer {}", i + 1))))
    .collect();

    say("The operator deploys the donation quota contract (default bonus schedule)");
    let quota = Quota::deploy(chain, operator, token.id(), None).context("deploying donation_quota")?;
    let stage = quota.current_bonus(chain)?;
    println!(
        "   donation_quota at {}; bonus now: sponsor {} %, manager {} %",
        quota.0.address,
        f64::from(stage.sponsor_bps) / 100.0,
        f64::from(stage.manager_bps) / 100.0
    );

    say("The operator sells 50,000 COS of locked quota to a sponsor and funds a 10,000 COS bonus reserve");
    let approve = token.approve(chain, operator, &quota.0.address, 150_000 * UNIT)?;
    ensure!(approve.value.is_ok(), "approve failed: {:?}", approve.value);
    ok("grant_quota", quota.grant_quota(chain, operator, &sponsor, 50_000 * UNIT)?)?;
    ok("fund_reserve", quota.fund_reserve(chain, operator, 10_000 * UNIT)?)?;
    println!(
        "   sponsor holds {} of quota and {} (quota is not COS)",
        cos(quota.held_quota(chain, &sponsor)?),
        cos(token.balance_of(chain, &sponsor)?)
    );

    say("An alumni association joins: its admin appoints a class rep, who appoints an event lead");
    let community = ok("create_community", quota.create_community(chain, &admin)?)?;
    ok("add_manager class rep", quota.add_manager(chain, &admin, community, &class_rep)?)?;
    ok("add_manager event lead", quota.add_manager(chain, &class_rep, community, &event_lead)?)?;

    say("The sponsor donates 40,000 COS of quota; it flows down the tree");
    ok("donate", quota.donate(chain, &sponsor, community, 40_000 * UNIT)?)?;
    ok("admin -> class rep 20,000", quota.allocate(chain, &admin, community, &sponsor, &class_rep, 20_000 * UNIT)?)?;
    ok("class rep -> event lead 5,000", quota.allocate(chain, &class_rep, community, &sponsor, &event_lead, 5_000 * UNIT)?)?;

    say("The event lead rewards a volunteer for a campus clean-up: a contribution record");
    chain.next_block();
    chain.set_timestamp(START_MS + 10 * 86_400_000);
    ok(
        "reward volunteer 1: 120 COS",
        quota.reward(chain, &event_lead, community, &sponsor, &volunteers[0], 120 * UNIT, 1, 1001, [0x11; 32])?,
    )?;

    say("The class rep rewards one activity form of five volunteers at once (all or nothing)");
    chain.next_block();
    let form: Vec<(AccountId32, u128, [u8; 32])> = volunteers[1..]
        .iter()
        .zip([300u128, 250, 200, 150, 100])
        .enumerate()
        .map(|(i, (who, amount))| (who.clone(), amount * UNIT, [u8::try_from(i).unwrap_or(0) + 0x20; 32]))
        .collect();
    ok("reward_batch of 5", quota.reward_batch(chain, &class_rep, community, &sponsor, 2, 1002, &form)?)?;

    say("Rules hold: no self-dealing, no overdraft");
    let attempt = quota.reward(chain, &event_lead, community, &sponsor, &class_rep, UNIT, 1, 1003, [0; 32])?;
    println!("   event lead rewards the class rep above them -> {:?}", attempt.value);
    ensure!(attempt.value == Err(QuotaError::SelfDealing), "self-dealing went through");
    let attempt = quota.reward(chain, &event_lead, community, &sponsor, &volunteers[0], 5_000 * UNIT, 1, 1003, [0; 32])?;
    println!("   event lead unlocks more than allocated -> {:?}", attempt.value);
    ensure!(attempt.value == Err(QuotaError::InsufficientQuota), "overdraft went through");

    say("Contribution records (the leaderboard the indexer will serve)");
    let mut board: BTreeMap<AccountId32, u128> = BTreeMap::new();
    for id in 0..quota.record_count(chain)? {
        let record = quota.record(chain, id)?.context("record")?;
        let contributor = AccountId32::new(*record.contributor.as_ref());
        let manager = AccountId32::new(*record.manager.as_ref());
        println!(
            "   #{id} {:<12} {:>10} category {} activity {} by {} at block {}",
            names.get(&contributor).map_or("?", String::as_str),
            cos(record.amount),
            record.category,
            record.activity,
            names.get(&manager).map_or("?", String::as_str),
            record.block
        );
        *board.entry(contributor).or_default() += record.amount;
    }
    let mut board: Vec<_> = board.into_iter().collect();
    board.sort_by_key(|(_, total)| std::cmp::Reverse(*total));
    for (rank, (who, total)) in board.iter().enumerate() {
        println!("   {}. {:<12} {}", rank + 1, names.get(who).map_or("?", String::as_str), cos(*total));
    }

    say("Who holds what now");
    for (who, name) in &names {
        println!("   {name:<12} {:>14}", cos(token.balance_of(chain, who)?));
    }
    let totals = quota.totals(chain)?;
    println!(
        "   quota: granted {} = held {} + unallocated {} + allocated {} + unlocked {}",
        cos(totals.granted),
        cos(totals.held),
        cos(totals.unallocated),
        cos(totals.allocated),
        cos(totals.unlocked)
    );
    println!("   bonus reserve {} (paid {})", cos(totals.reserve), cos(totals.bonus_paid));

    say("Vesting: angel round (48 months), founding team (48 months), 12 months locked then 24");
    let angel = chain.account(50);
    let team = chain.account(51);
    let late = chain.account(52);
    let schedules = [
        ("angel", &angel, 48_000 * UNIT, 0, 48),
        ("team", &team, 24_000 * UNIT, 0, 48),
        ("cliff", &late, 12_000 * UNIT, 12, 24),
    ];
    for (name, who, total, cliff, releases) in schedules {
        ok(
            &format!("create_vesting {name}: {} over {releases} months after {cliff}", cos(total)),
            quota.create_vesting(chain, operator, who, total, START_MS, cliff, releases)?,
        )?;
    }
    for month in [1u64, 12, 13, 48] {
        chain.next_block();
        chain.set_timestamp(START_MS + month * MONTH_MS);
        let mut line = format!("   month {month:>2}:");
        for id in 0..3u32 {
            let out = quota.release(chain, &angel, id)?;
            match out.value {
                Ok(amount) => line.push_str(&format!("  #{id} +{}", cos(amount))),
                Err(QuotaError::NothingToRelease) => line.push_str(&format!("  #{id} nothing yet")),
                Err(e) => bail!("release {id} failed: {e:?}"),
            }
        }
        println!("{line}");
    }
    for (name, who, total, _, _) in schedules {
        let balance = token.balance_of(chain, who)?;
        println!("   {name:<6} received {} of {}", cos(balance), cos(total));
        ensure!(balance == total, "{name} did not fully vest");
    }
    Ok(())
}
