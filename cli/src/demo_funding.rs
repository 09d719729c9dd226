//! The demo's fourth part: the alumni association raises money and pays for
//! help. An all-or-nothing campaign for library shelves reaches its goal and
//! the association claims it; one for a bus trip misses its goal and every
//! pledger takes their pledge back; a scholarship donation drive pays its
//! student as gifts come in; a bounty to fix the website is split between two
//! helpers. A campaign and a bounty stay open for the explorer's lists.

use crate::{
    demo_quota::Community,
    narrate::{hex, ok, refused, say},
};
use anyhow::{bail, ensure, Result};
use bounty::BountyError;
use cos_common::CommunityRef;
use cos_sandbox::{
    suite::{self, cos},
    Chain,
};
use credit::UNIT;
use crowdfund::{CampaignState, CrowdfundError, Kind};
use ink::{
    env::hash::{Blake2x256, CryptoHash},
    primitives::{AccountId, Hash},
};
use psp22::PSP22;

const DAY_MS: u64 = 86_400_000;

/// The hash of a text kept off-chain (a description, a piece of work).
fn hash(text: &str) -> Hash {
    let mut out = [0u8; 32];
    Blake2x256::hash(text.as_bytes(), &mut out);
    Hash::from(out)
}

/// Seals the block and lets `days` of block time pass.
fn days_pass(chain: &mut Chain, days: u64) {
    chain.next_block();
    let then = chain.timestamp().saturating_add(days * DAY_MS);
    chain.set_timestamp(then);
}

pub fn run(chain: &mut Chain, token_address: AccountId, operator: AccountId, community: &Community) -> Result<()> {
    let mut token = suite::credit(token_address);
    let admin = community.admin;
    let [v1, v2, v3, v4, ..] = community.volunteers[..] else {
        bail!("the quota chapter left fewer than four volunteers");
    };
    let student = chain.account(61);
    let here = Some(CommunityRef {
        registry: community.quota,
        id: community.id,
    });

    say("The association opens a crowdfund and a bounty board (no owner: nobody can touch the money but as the rules say)");
    chain.next_block();
    let crowdfund_address = suite::deploy_crowdfund(chain, operator, token_address)?;
    let bounty_address = suite::deploy_bounty(chain, operator, token_address)?;
    println!(
        "   crowdfund at {} (explorer: /campaigns, /campaign/{0}/<id>)\n   bounty board at {} (explorer: /bounties, /bounty/{1}/<id>)",
        hex(&crowdfund_address),
        hex(&bounty_address)
    );
    let (mut c, mut b) = (suite::crowdfund(crowdfund_address), suite::bounty(bounty_address));
    for (who, name) in [
        (admin, "the admin"),
        (v1, "volunteer 1"),
        (v2, "volunteer 2"),
        (v3, "volunteer 3"),
        (v4, "volunteer 4"),
    ] {
        ok(
            &format!("the operator tops {name} up with 500 COS"),
            chain.call(operator, token.transfer(who, 500 * UNIT, vec![]))?,
        )?;
        ok(
            &format!("{name} lets the crowdfund pull pledges"),
            chain.call(who, token.approve(crowdfund_address, 500 * UNIT))?,
        )?;
        ok(
            &format!("{name} lets the bounty board pull rewards"),
            chain.call(who, token.approve(bounty_address, 500 * UNIT))?,
        )?;
    }
    let now = chain.timestamp();
    let week = now + 7 * DAY_MS;
    say("Campaign 'Library shelves': all-or-nothing, 300 COS by next week, for the association");
    let shelves = ok(
        "admin starts the campaign",
        chain.call(
            admin,
            c.create(
                admin,
                Kind::AllOrNothing,
                300 * UNIT,
                week,
                hash("Library shelves for the alumni reading room"),
                here,
            ),
        )?,
    )?;
    ok(
        "volunteer 1 pledges 120 COS",
        chain.call(v1, c.pledge(shelves, 120 * UNIT))?,
    )?;
    ok(
        "volunteer 2 pledges 100 COS",
        chain.call(v2, c.pledge(shelves, 100 * UNIT))?,
    )?;
    ok(
        "volunteer 3 pledges 90 COS",
        chain.call(v3, c.pledge(shelves, 90 * UNIT))?,
    )?;
    refused(
        "admin tries to claim before the deadline",
        chain.call(admin, c.claim(shelves))?,
        CrowdfundError::StillOpen,
    )?;

    say("Campaign 'Bus for the alumni trip': all-or-nothing, 1,000 COS by next week");
    let bus = ok(
        "admin starts the campaign",
        chain.call(
            admin,
            c.create(
                admin,
                Kind::AllOrNothing,
                1_000 * UNIT,
                week,
                hash("A bus for the alumni trip"),
                here,
            ),
        )?,
    )?;
    ok(
        "volunteer 1 pledges 200 COS",
        chain.call(v1, c.pledge(bus, 200 * UNIT))?,
    )?;
    ok(
        "volunteer 4 pledges 150 COS",
        chain.call(v4, c.pledge(bus, 150 * UNIT))?,
    )?;
    refused(
        "admin, the bus's beneficiary, tries to pledge 300 COS to it (its own top-up would meet the goal set for others)",
        chain.call(admin, c.pledge(bus, 300 * UNIT))?,
        CrowdfundError::InsiderPledge,
    )?;

    say("Donation drive 'Scholarship': the student receives gifts as they come");
    let scholarship = ok(
        "admin starts a donation campaign for the student",
        chain.call(
            admin,
            c.create(
                student,
                Kind::Donation,
                500 * UNIT,
                week,
                hash("A scholarship for a first-year student"),
                here,
            ),
        )?,
    )?;
    ok(
        "volunteer 2 gives 50 COS",
        chain.call(v2, c.pledge(scholarship, 50 * UNIT))?,
    )?;
    ok(
        "volunteer 4 gives 30 COS",
        chain.call(v4, c.pledge(scholarship, 30 * UNIT))?,
    )?;
    ok(
        "the student claims the 80 COS given so far",
        chain.call(student, c.claim(scholarship))?,
    )?;
    ok(
        "volunteer 3 gives 20 COS more",
        chain.call(v3, c.pledge(scholarship, 20 * UNIT))?,
    )?;

    say("Bounty 'Fix the website': 60 COS in escrow, five days");
    let website = ok(
        "admin posts the bounty",
        chain.call(
            admin,
            b.post(60 * UNIT, now + 5 * DAY_MS, hash("Fix the association's website"), here),
        )?,
    )?;
    ok(
        "volunteer 1 submits the new menu",
        chain.call(v1, b.submit(website, hash("menu.patch")))?,
    )?;
    ok(
        "volunteer 3 submits the contact form",
        chain.call(v3, b.submit(website, hash("contact.patch")))?,
    )?;
    refused(
        "volunteer 2 tries to approve someone's work",
        chain.call(v2, b.approve(website, 0))?,
        BountyError::NotPoster,
    )?;
    let before = (chain.query(token.balance_of(v1))?, chain.query(token.balance_of(v3))?);
    ok(
        "admin splits the reward: 40 COS for the menu, 20 COS for the form",
        chain.call(admin, b.split(website, vec![(0, 40 * UNIT), (1, 20 * UNIT)]))?,
    )?;
    let after = (chain.query(token.balance_of(v1))?, chain.query(token.balance_of(v3))?);
    ensure!(
        after == (before.0 + 40 * UNIT, before.1 + 20 * UNIT),
        "the split paid both helpers"
    );
    refused(
        "admin tries to pay again",
        chain.call(admin, b.approve(website, 1))?,
        BountyError::NotOpen,
    )?;

    say("Still open, for anyone browsing: a reunion campaign and a translation bounty");
    ok(
        "admin starts 'Reunion 2027' (all-or-nothing, 2,000 COS, two months)",
        chain.call(
            admin,
            c.create(
                admin,
                Kind::AllOrNothing,
                2_000 * UNIT,
                now + 60 * DAY_MS,
                hash("Reunion 2027"),
                here,
            ),
        )?,
    )?;
    ok(
        "admin posts 'Translate the newsletter' (15 COS, a month)",
        chain.call(
            admin,
            b.post(15 * UNIT, now + 30 * DAY_MS, hash("Translate the newsletter"), here),
        )?,
    )?;

    say("A week later: the deadlines have passed");
    days_pass(chain, 8);
    refused(
        "volunteer 2 pledges after the deadline",
        chain.call(v2, c.pledge(shelves, UNIT))?,
        CrowdfundError::Ended,
    )?;
    for (id, name) in [(shelves, "shelves"), (bus, "bus"), (scholarship, "scholarship")] {
        println!("   campaign '{name}' is {:?}", chain.query(c.state(id))?);
    }
    ensure!(
        chain.query(c.state(shelves))? == Some(CampaignState::Succeeded),
        "the shelves campaign succeeded"
    );
    ensure!(
        chain.query(c.state(bus))? == Some(CampaignState::Failed),
        "the bus campaign failed"
    );
    let admin_before = chain.query(token.balance_of(admin))?;
    ok(
        "volunteer 1 triggers the claim: the 310 COS go to the association, whoever asks",
        chain.call(v1, c.claim(shelves))?,
    )?;
    ensure!(
        chain.query(token.balance_of(admin))? == admin_before + 310 * UNIT,
        "the claim paid the beneficiary"
    );
    refused(
        "admin claims again",
        chain.call(admin, c.claim(shelves))?,
        CrowdfundError::AlreadyClaimed,
    )?;
    refused(
        "admin tries to claim the bus money",
        chain.call(admin, c.claim(bus))?,
        CrowdfundError::GoalNotReached,
    )?;
    ok("volunteer 1 takes their 200 COS back", chain.call(v1, c.refund(bus))?)?;
    ok("volunteer 4 takes their 150 COS back", chain.call(v4, c.refund(bus))?)?;
    refused(
        "volunteer 4 asks again",
        chain.call(v4, c.refund(bus))?,
        CrowdfundError::NothingToRefund,
    )?;
    ok(
        "the student claims the last 20 COS",
        chain.call(student, c.claim(scholarship))?,
    )?;

    let held = chain.query(token.balance_of(crowdfund_address))?;
    println!(
        "   the crowdfund now holds {} (the open reunion campaign's pledges: none yet); the student received {}",
        cos(held),
        cos(chain.query(token.balance_of(student))?)
    );
    ensure!(held == 0, "the crowdfund holds nothing that is not owed");
    ensure!(
        chain.query(token.balance_of(bounty_address))? == 15 * UNIT,
        "the bounty board holds the open bounty's escrow"
    );
    Ok(())
}
