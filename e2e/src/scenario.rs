//! A community story that makes every event of COS Credit, the donation
//! quota, a sub-token, the crowdfund and the bounty board happen at least
//! once, across blocks and days: what the indexer tests index and compare with
//! the chain's own views. [`Scenario::busy`] adds
//! ordinary traffic (transfers, rewards) for long chains.

use anyhow::{ensure, Result};
use cos_sandbox::{
    suite::{self, CreditCalls, QuotaCalls},
    Chain, Outcome,
};
use credit::UNIT;
use donation_quota::vesting::MONTH_MS;
use ink::primitives::AccountId;
use psp22::{PSP22Burnable, PSP22};

/// One day in milliseconds.
pub const DAY_MS: u64 = 86_400_000;

/// The chain after the story, with the contracts and everyone in it.
pub struct Scenario {
    pub chain: Chain,
    /// The routed COS Credit (`credit_core` + `credit`).
    pub token: AccountId,
    /// A standalone COS Credit (the full `credit` code alone).
    pub standalone: AccountId,
    pub quota: AccountId,
    /// A sub-token of community 0, issued by its admin.
    pub subtoken: AccountId,
    /// The crowdfund contract: campaigns that succeed, fail, collect
    /// donations, are cancelled, and one still open.
    pub crowdfund: AccountId,
    /// The bounty board: bounties split, approved, cancelled, reclaimed, and
    /// one still open.
    pub bounty: AccountId,
    /// Community 0's governance, one member one vote: it takes the sub-token
    /// over and changes its fee; proposals executed and accepted, defeated,
    /// cancelled, still active; members added and removed; a poll.
    pub governance: AccountId,
    /// A token-weighted governance (COS votes at the snapshot) with no
    /// community: a proposal and a poll of delegates.
    pub token_governance: AccountId,
    /// Every account that took part.
    pub accounts: Vec<AccountId>,
    /// Communities created.
    pub communities: u32,
    step: u64,
}

fn ok<T, E: std::fmt::Debug>(what: &str, outcome: Outcome<Result<T, E>>) -> Result<T> {
    ensure!(!outcome.reverted || outcome.value.is_err(), "{what}: reverted");
    outcome.value.map_err(|e| anyhow::anyhow!("{what}: {e:?}"))
}

impl Scenario {
    pub fn token_calls(&self) -> CreditCalls {
        suite::credit(self.token)
    }

    pub fn quota_calls(&self) -> QuotaCalls {
        suite::quota(self.quota)
    }

    /// Plays the story; the last block is sealed.
    pub fn play() -> Result<Self> {
        let mut chain = Chain::new();
        let [owner, treasury, new_owner, operator, sponsor, sponsor2, admin, admin2, manager] =
            [1, 2, 3, 4, 5, 6, 7, 8, 9].map(|n| chain.account(n));
        let members: Vec<AccountId> = (10..20).map(|n| chain.account(n)).collect();
        let (sub_manager, offered, heir) = (chain.account(20), chain.account(21), chain.account(22));

        let token = suite::deploy_credit(&mut chain, owner, Some(1_000_000 * UNIT))?;
        let standalone = suite::deploy_credit_standalone(&mut chain, owner, Some(1_000 * UNIT))?;
        let quota = suite::deploy_quota(&mut chain, owner, token, None)?;
        let (mut t, mut q) = (suite::credit(token), suite::quota(quota));
        let mut s = suite::credit(standalone);
        chain.next_block();

        // COS Credit: minting, payments, allowances, delegation, freezing, pause, burn.
        ok("set_minter", chain.call(owner, t.set_minter(treasury, true))?)?;
        ok("mint", chain.call(treasury, t.mint(treasury, 10_000 * UNIT))?)?;
        let payments = members.iter().map(|m| (*m, 1_000 * UNIT)).collect();
        ok("batch_transfer", chain.call(owner, t.batch_transfer(payments))?)?;
        ok(
            "standalone transfer",
            chain.call(owner, s.transfer(members[0], 10 * UNIT, vec![]))?,
        )?;
        chain.next_block();
        ok(
            "transfer",
            chain.call(members[0], t.transfer(members[1], 5 * UNIT, vec![]))?,
        )?;
        ok("approve", chain.call(members[0], t.approve(members[2], 100 * UNIT))?)?;
        ok(
            "transfer_from",
            chain.call(members[2], t.transfer_from(members[0], members[3], 30 * UNIT, vec![]))?,
        )?;
        ok(
            "decrease_allowance",
            chain.call(members[0], t.decrease_allowance(members[2], 20 * UNIT))?,
        )?;
        ok("delegate self", chain.call(members[0], t.delegate(Some(members[0])))?)?;
        ok("delegate", chain.call(members[1], t.delegate(Some(members[0])))?)?;
        ok("delegate self 2", chain.call(members[2], t.delegate(Some(members[2])))?)?;
        chain.next_block();
        ok("re-delegate", chain.call(members[1], t.delegate(Some(members[2])))?)?;
        ok(
            "transfer moves votes",
            chain.call(members[1], t.transfer(members[4], 50 * UNIT, vec![]))?,
        )?;
        ok("freeze", chain.call(owner, t.freeze(members[3], 100 * UNIT))?)?;
        ok("unfreeze", chain.call(owner, t.unfreeze(members[3], 40 * UNIT))?)?;
        ok("pause", chain.call(owner, t.pause())?)?;
        chain.next_block();
        ok("unpause", chain.call(owner, t.unpause())?)?;
        ok("burn", chain.call(members[4], t.burn(10 * UNIT))?)?;
        ok(
            "transfer_ownership",
            chain.call(owner, t.transfer_ownership(Some(new_owner)))?,
        )?;
        ok("accept_ownership", chain.call(new_owner, t.accept_ownership())?)?;
        chain.next_block();

        // The donation quota: an operator, sponsors, two communities and a manager tree.
        ok("set_operator", chain.call(owner, q.set_operator(operator))?)?;
        ok(
            "fund operator",
            chain.call(owner, t.transfer(operator, 200_000 * UNIT, vec![]))?,
        )?;
        ok("approve quota", chain.call(operator, t.approve(quota, 200_000 * UNIT))?)?;
        ok("grant", chain.call(operator, q.grant_quota(sponsor, 50_000 * UNIT))?)?;
        ok("grant 2", chain.call(operator, q.grant_quota(sponsor2, 20_000 * UNIT))?)?;
        ok("fund_reserve", chain.call(operator, q.fund_reserve(300 * UNIT))?)?;
        ok("create community", chain.call(admin, q.create_community())?)?;
        ok("create community 2", chain.call(admin2, q.create_community())?)?;
        ok("recognise", chain.call(operator, q.recognise(0, true))?)?;
        ok("recognise 2", chain.call(operator, q.recognise(1, true))?)?;
        chain.next_block();
        ok("donate", chain.call(sponsor, q.donate(0, 30_000 * UNIT))?)?;
        ok("donate 2", chain.call(sponsor2, q.donate(0, 10_000 * UNIT))?)?;
        ok("donate 3", chain.call(sponsor, q.donate(1, 5_000 * UNIT))?)?;
        ok("offer", chain.call(admin, q.offer_manager(0, manager))?)?;
        ok("accept", chain.call(manager, q.accept_manager(0, None))?)?;
        ok("offer below", chain.call(manager, q.offer_manager(0, sub_manager))?)?;
        ok(
            "accept below",
            chain.call(sub_manager, q.accept_manager(0, Some(manager)))?,
        )?;
        ok("offer to withdraw", chain.call(admin, q.offer_manager(0, offered))?)?;
        ok("withdraw offer", chain.call(admin, q.withdraw_offer(0, offered))?)?;
        ok(
            "allocate",
            chain.call(admin, q.allocate(0, sponsor, manager, 10_000 * UNIT))?,
        )?;
        ok(
            "allocate 2",
            chain.call(admin, q.allocate(0, sponsor2, manager, 3_000 * UNIT))?,
        )?;
        ok(
            "allocate below",
            chain.call(manager, q.allocate(0, sponsor, sub_manager, 2_000 * UNIT))?,
        )?;
        chain.next_block();

        // Rewards over three days, by a manager, a sub-manager and the admin.
        let entries = (5..8).map(|i| (members[i], 100 * UNIT, [i as u8; 32])).collect();
        ok(
            "reward_batch",
            chain.call(manager, q.reward_batch(0, sponsor, 1, 7, entries))?,
        )?;
        ok(
            "reward",
            chain.call(sub_manager, q.reward(0, sponsor, members[6], 50 * UNIT, 2, 7, [1; 32]))?,
        )?;
        ok(
            "admin reward",
            chain.call(admin, q.reward(0, sponsor2, members[7], 70 * UNIT, 1, 8, [2; 32]))?,
        )?;
        next_day(&mut chain);
        ok(
            "reward 2",
            chain.call(manager, q.reward(0, sponsor2, members[5], 2_000 * UNIT, 3, 9, [3; 32]))?,
        )?;
        next_day(&mut chain);
        // The reserve runs dry: a shortfall.
        ok(
            "reward 3",
            chain.call(manager, q.reward(0, sponsor, members[8], 5_000 * UNIT, 1, 9, [4; 32]))?,
        )?;
        // Community 1 names its categories: rewards use named ones from then on.
        ok(
            "name a category",
            chain.call(admin2, q.set_category(1, 1, Some("teaching".into())))?,
        )?;
        ok(
            "name another",
            chain.call(admin2, q.set_category(1, 2, Some("organising".into())))?,
        )?;
        ok("unname it", chain.call(admin2, q.set_category(1, 2, None))?)?;
        ok(
            "reward 4",
            chain.call(admin2, q.reward(1, sponsor, members[9], 300 * UNIT, 1, 1, [5; 32]))?,
        )?;
        chain.next_block();

        // Taking quota back, removing a manager, handing a community over.
        ok(
            "reclaim",
            chain.call(manager, q.reclaim(0, sub_manager, sponsor, 500 * UNIT))?,
        )?;
        ok("remove manager", chain.call(admin, q.remove_manager(0, sub_manager))?)?;
        // In community 1 a manager resigns: the offer still open lapses.
        ok("offer to lapse", chain.call(admin2, q.offer_manager(1, offered))?)?;
        ok("offer to resign", chain.call(admin2, q.offer_manager(1, sub_manager))?)?;
        ok("accept to resign", chain.call(sub_manager, q.accept_manager(1, None))?)?;
        ok("resign", chain.call(sub_manager, q.resign(1))?)?;
        ok("transfer admin", chain.call(admin2, q.transfer_admin(1, Some(heir)))?)?;
        ok("accept admin", chain.call(heir, q.accept_admin(1))?)?;
        // COS sent to the contract by mistake, recovered.
        ok("mistake", chain.call(members[9], t.transfer(quota, 7 * UNIT, vec![]))?)?;
        ok("recover", chain.call(owner, q.recover(members[9], 7 * UNIT))?)?;
        chain.next_block();

        // Vesting: created now, two monthly releases later.
        let now = chain.timestamp();
        ok(
            "create_vesting",
            chain.call(operator, q.create_vesting(members[1], 1_200 * UNIT, now, 0, 12))?,
        )?;
        chain.next_block();
        let later = chain.timestamp().saturating_add(2 * MONTH_MS);
        chain.set_timestamp(later);
        ok("release", chain.call(members[1], q.release(0))?)?;
        ok(
            "quota transfer_ownership",
            chain.call(owner, q.transfer_ownership(Some(new_owner)))?,
        )?;
        ok("quota accept_ownership", chain.call(new_owner, q.accept_ownership())?)?;
        chain.next_block();

        let subtoken = Self::subtoken_story(&mut chain, token, quota, [owner, treasury, new_owner, admin], &members)?;
        let (crowdfund, bounty) = Self::funding_story(&mut chain, token, quota, [owner, admin], &members)?;
        let (governance, token_governance) =
            Self::governance_story(&mut chain, token, quota, subtoken, [new_owner, admin], &members)?;

        let mut accounts = vec![
            owner,
            treasury,
            new_owner,
            operator,
            sponsor,
            sponsor2,
            admin,
            admin2,
            manager,
            sub_manager,
            offered,
            heir,
            quota,
        ];
        accounts.extend(&members);
        // The token-weighted governance is named in no event as an account.
        accounts.extend([crowdfund, bounty, governance]);
        Ok(Self {
            chain,
            token,
            standalone,
            quota,
            subtoken,
            crowdfund,
            bounty,
            governance,
            token_governance,
            accounts,
            communities: 2,
            step: 0,
        })
    }

    /// Community 0's admin issues a sub-token, and every sub-token event
    /// happens: issue, transfers, both redemptions, a purchase and a sale,
    /// reserve in and out, price, fee and recipient changes, freezing, pause,
    /// fees paid, ownership handed on. Returns its address.
    fn subtoken_story(
        chain: &mut Chain,
        token: AccountId,
        quota: AccountId,
        [owner, treasury, new_owner, admin]: [AccountId; 4],
        members: &[AccountId],
    ) -> Result<AccountId> {
        let mut t = suite::credit(token);
        ok(
            "pay the admin",
            chain.call(owner, t.transfer(admin, 1_000 * UNIT, vec![]))?,
        )?;
        let params = suite::SubtokenParams {
            name: "Reunion ticket".into(),
            symbol: "TIX".into(),
            decimals: 0,
            face_value: UNIT,
            price: 3 * UNIT / 2,
            community: Some(subtoken::CommunityRef { registry: quota, id: 0 }),
        };
        let address = suite::deploy_subtoken(chain, admin, token, params)?;
        let mut st = suite::subtoken(address);
        for who in [admin, members[6]] {
            ok(
                "approve the sub-token",
                chain.call(who, t.approve(address, 1_000 * UNIT))?,
            )?;
        }
        ok("issue", chain.call(admin, st.issue(100))?)?;
        ok("deposit_reserve", chain.call(admin, st.deposit_reserve(20 * UNIT))?)?;
        ok("set_fee_recipient", chain.call(admin, st.set_fee_recipient(treasury))?)?;
        ok("give", chain.call(admin, st.transfer(members[4], 10, vec![]))?)?;
        ok("give", chain.call(admin, st.transfer(members[5], 10, vec![]))?)?;
        chain.next_block();
        ok(
            "redeem_right",
            chain.call(members[4], st.redeem_right(3, ink::primitives::Hash::from([0x51; 32])))?,
        )?;
        ok("redeem_face_value", chain.call(members[5], st.redeem_face_value(2))?)?;
        ok("buy", chain.call(members[6], st.buy(4, u128::MAX))?)?;
        ok("sell", chain.call(members[6], st.sell(1, 0))?)?;
        chain.next_block();
        ok("set_price", chain.call(admin, st.set_price(2 * UNIT))?)?;
        ok("set_fee", chain.call(admin, st.set_fee(20))?)?;
        ok("freeze", chain.call(admin, st.freeze(members[4], 2))?)?;
        ok("unfreeze", chain.call(admin, st.unfreeze(members[4], 1))?)?;
        ok("pause", chain.call(admin, st.pause())?)?;
        ok("unpause", chain.call(admin, st.unpause())?)?;
        ok("withdraw_reserve", chain.call(admin, st.withdraw_reserve(UNIT))?)?;
        ok("withdraw_fees", chain.call(members[0], st.withdraw_fees())?)?;
        ok("buy again", chain.call(members[6], st.buy(1, u128::MAX))?)?;
        ok(
            "sub-token transfer_ownership",
            chain.call(admin, st.transfer_ownership(Some(new_owner)))?,
        )?;
        ok(
            "sub-token accept_ownership",
            chain.call(new_owner, st.accept_ownership())?,
        )?;
        ok(
            "transfer_issuer",
            chain.call(admin, st.transfer_issuer(Some(members[7])))?,
        )?;
        ok("accept_issuer", chain.call(members[7], st.accept_issuer())?)?;
        ok(
            "mistake",
            chain.call(members[8], t.transfer(address, 3 * UNIT, vec![]))?,
        )?;
        ok(
            "recover_surplus",
            chain.call(new_owner, st.recover_surplus(members[8], 3 * UNIT))?,
        )?;
        chain.next_block();
        Ok(address)
    }

    /// Crowdfunding and bounties in community 0, every event of both
    /// contracts: an all-or-nothing campaign that succeeds and is claimed, one
    /// that fails and refunds, a donation campaign claimed as it goes, one
    /// cancelled and refunded, one still open; a bounty split between two
    /// helpers, one approved, one cancelled, one expired and reclaimed, one
    /// still open.
    fn funding_story(
        chain: &mut Chain,
        token: AccountId,
        quota: AccountId,
        [owner, admin]: [AccountId; 2],
        m: &[AccountId],
    ) -> Result<(AccountId, AccountId)> {
        use crowdfund::Kind;
        use ink::primitives::Hash;
        let crowdfund = suite::deploy_crowdfund(chain, owner, token)?;
        let bounty = suite::deploy_bounty(chain, owner, token)?;
        let (mut t, mut c, mut b) = (suite::credit(token), suite::crowdfund(crowdfund), suite::bounty(bounty));
        for who in m.iter().chain([&admin]) {
            ok(
                "approve crowdfund",
                chain.call(*who, t.approve(crowdfund, 10_000 * UNIT))?,
            )?;
            ok("approve bounty", chain.call(*who, t.approve(bounty, 10_000 * UNIT))?)?;
        }
        let community = Some(cos_common::CommunityRef { registry: quota, id: 0 });
        let now = chain.timestamp();
        let (soon, later) = (now + DAY_MS / 2, now + 30 * DAY_MS);
        let mut create = |chain: &mut Chain, kind: Kind, goal: u128, deadline: u64, tag: u8| -> Result<u32> {
            ok(
                "create campaign",
                chain.call(
                    admin,
                    c.create(m[0], kind, goal, deadline, Hash::from([tag; 32]), community),
                )?,
            )
        };
        let won = create(chain, Kind::AllOrNothing, 100 * UNIT, soon, 0xc0)?;
        let lost = create(chain, Kind::AllOrNothing, 1_000 * UNIT, soon, 0xc1)?;
        let gift = create(chain, Kind::Donation, 50 * UNIT, soon, 0xc2)?;
        let dropped = create(chain, Kind::AllOrNothing, 20 * UNIT, later, 0xc3)?;
        let open = create(chain, Kind::AllOrNothing, 500 * UNIT, later, 0xc4)?;
        ok("pledge", chain.call(m[1], c.pledge(won, 60 * UNIT))?)?;
        ok("pledge", chain.call(m[2], c.pledge(won, 50 * UNIT))?)?;
        ok("pledge", chain.call(m[3], c.pledge(lost, 40 * UNIT))?)?;
        ok("pledge", chain.call(m[4], c.pledge(gift, 10 * UNIT))?)?;
        ok("claim donation", chain.call(m[0], c.claim(gift))?)?;
        ok("pledge", chain.call(m[5], c.pledge(gift, 5 * UNIT))?)?;
        ok("pledge", chain.call(m[6], c.pledge(dropped, 7 * UNIT))?)?;
        ok("pledge", chain.call(m[6], c.pledge(open, 3 * UNIT))?)?;
        ok("cancel", chain.call(admin, c.cancel(dropped))?)?;
        ok("refund cancelled", chain.call(m[6], c.refund(dropped))?)?;

        let mut post = |chain: &mut Chain, reward: u128, deadline: u64, tag: u8| -> Result<u32> {
            ok(
                "post bounty",
                chain.call(m[7], b.post(reward, deadline, Hash::from([tag; 32]), community))?,
            )
        };
        let split = post(chain, 30 * UNIT, soon, 0xb0)?;
        let approved = post(chain, 5 * UNIT, soon, 0xb1)?;
        let cancelled = post(chain, 4 * UNIT, soon, 0xb2)?;
        let expired = post(chain, 6 * UNIT, soon, 0xb3)?;
        let _open = post(chain, 8 * UNIT, later, 0xb4)?;
        ok("submit", chain.call(m[8], b.submit(split, Hash::from([1; 32])))?)?;
        ok("submit", chain.call(m[9], b.submit(split, Hash::from([2; 32])))?)?;
        ok("submit", chain.call(m[8], b.submit(approved, Hash::from([3; 32])))?)?;
        ok("submit", chain.call(m[9], b.submit(expired, Hash::from([4; 32])))?)?;
        ok(
            "split",
            chain.call(m[7], b.split(split, vec![(0, 20 * UNIT), (1, 10 * UNIT)]))?,
        )?;
        ok("approve", chain.call(m[7], b.approve(approved, 0))?)?;
        ok("cancel bounty", chain.call(m[7], b.cancel(cancelled))?)?;
        next_day(chain);

        ok("claim", chain.call(m[0], c.claim(won))?)?;
        ok("refund failed", chain.call(m[3], c.refund(lost))?)?;
        ok("reclaim expired", chain.call(m[7], b.cancel(expired))?)?;
        chain.next_block();
        Ok((crowdfund, bounty))
    }

    /// Governance, every event: community 0's governance (one member one
    /// vote, members `m[0..5]`) is offered the sub-token by its owner; proposal
    /// 0 (take the sub-token over, set its fee to 0.05 %, add a member) passes
    /// 3-1-1, is queued, executed after the delay and accepted by proposal 3;
    /// proposal 1 misses the quorum; proposal 2 is cancelled by its proposer;
    /// proposal 4 gets one vote, against, and is defeated once its 4 blocks
    /// pass; the admin adds and removes a member; a poll of three options. A
    /// token-weighted governance of the delegates `m[0]` and `m[2]` (voting
    /// for 1,000 blocks, so its proposal and poll stay open): a proposal and a
    /// poll, and its admin role handed on.
    fn governance_story(
        chain: &mut Chain,
        token: AccountId,
        quota: AccountId,
        subtoken: AccountId,
        [subtoken_owner, admin]: [AccountId; 2],
        m: &[AccountId],
    ) -> Result<(AccountId, AccountId)> {
        use governance::{Action, Config, Support, VoteMode};
        use ink::primitives::Hash;
        const PERIOD: u32 = 4;
        let config = Config {
            mode: VoteMode::OneMemberOneVote,
            voting_delay: 1,
            voting_period: PERIOD,
            quorum_bps: 5_000,
            threshold_bps: 5_000,
            execution_delay: 2,
            grace_period: 6,
            proposal_threshold: 0,
        };
        // Votes open in the block after the snapshot, `voting_delay` blocks after a proposal's.
        let open = |chain: &mut Chain| {
            for _ in 0..=config.voting_delay {
                chain.next_block();
            }
        };
        let community = Some(governance::CommunityRef { registry: quota, id: 0 });
        let address = suite::deploy_governance(chain, admin, token, config, community, m[..5].to_vec())?;
        let mut g = suite::governance(address);
        let mut st = suite::subtoken(subtoken);
        ok(
            "offer the sub-token to governance",
            chain.call(subtoken_owner, st.transfer_ownership(Some(address)))?,
        )?;
        chain.next_block();
        let call = |message: &str, input: Vec<u8>| Action::Call {
            callee: subtoken,
            selector: crate::selector(message),
            input,
            reply: governance::Reply::Result,
        };
        let actions = vec![
            call("accept_ownership", vec![]),
            call("set_fee", parity_scale_codec::Encode::encode(&5u16)),
            Action::AddMember(m[5]),
        ];
        let fee = ok("propose", chain.call(m[0], g.propose(Hash::from([0xd0; 32]), actions))?)?;
        let quiet = ok(
            "propose",
            chain.call(
                m[1],
                g.propose(Hash::from([0xd1; 32]), vec![Action::RemoveMember(m[2])]),
            )?,
        )?;
        let dropped = ok("propose", chain.call(m[2], g.propose(Hash::from([0xd2; 32]), vec![]))?)?;
        let poll = ok(
            "create_poll",
            chain.call(m[3], g.create_poll(Hash::from([0xe0; 32]), 3))?,
        )?;
        open(chain);
        for (who, support) in [
            (m[0], Support::For),
            (m[1], Support::For),
            (m[2], Support::For),
            (m[3], Support::Against),
            (m[4], Support::Abstain),
        ] {
            ok("vote", chain.call(who, g.vote(fee, support))?)?;
        }
        ok("vote", chain.call(m[1], g.vote(quiet, Support::For))?)?;
        ok("cancel", chain.call(m[2], g.cancel(dropped))?)?;
        for (who, option) in [(m[0], 2), (m[1], 0), (m[2], 2), (m[4], 1)] {
            ok("answer", chain.call(who, g.answer(poll, option))?)?;
        }
        ok("add_member", chain.call(admin, g.add_member(m[8]))?)?;
        ok("remove_member", chain.call(admin, g.remove_member(m[8]))?)?;
        for _ in 0..PERIOD {
            chain.next_block();
        }
        ok("queue", chain.call(m[9], g.queue(fee))?)?;
        chain.next_block();
        chain.next_block();
        ok("execute", chain.call(m[9], g.execute(fee))?)?;
        chain.next_block();
        let accept = ok(
            "propose",
            chain.call(m[5], g.propose(Hash::from([0xd3; 32]), vec![Action::Accept(fee)]))?,
        )?;
        open(chain);
        for who in &m[..4] {
            ok("vote", chain.call(*who, g.vote(accept, Support::For))?)?;
        }
        for _ in 0..PERIOD {
            chain.next_block();
        }
        ok("queue", chain.call(m[9], g.queue(accept))?)?;
        chain.next_block();
        chain.next_block();
        ok("execute", chain.call(m[9], g.execute(accept))?)?;
        let unloved = ok("propose", chain.call(m[4], g.propose(Hash::from([0xd4; 32]), vec![]))?)?;
        open(chain);
        ok("vote", chain.call(m[0], g.vote(unloved, Support::Against))?)?;
        chain.next_block();

        let weighted = suite::deploy_governance(
            chain,
            admin,
            token,
            Config {
                mode: VoteMode::TokenWeighted,
                quorum_bps: 0,
                // Open for the rest of any test's traffic.
                voting_period: 1_000,
                ..config
            },
            None,
            vec![],
        )?;
        let mut w = suite::governance(weighted);
        chain.next_block();
        let id = ok("propose", chain.call(m[0], w.propose(Hash::from([0xd5; 32]), vec![]))?)?;
        let poll = ok(
            "create_poll",
            chain.call(m[2], w.create_poll(Hash::from([0xe1; 32]), 2))?,
        )?;
        open(chain);
        ok("vote", chain.call(m[0], w.vote(id, Support::For))?)?;
        ok("vote", chain.call(m[2], w.vote(id, Support::Against))?)?;
        ok("answer", chain.call(m[0], w.answer(poll, 1))?)?;
        ok("answer", chain.call(m[2], w.answer(poll, 1))?)?;
        ok(
            "transfer_ownership",
            chain.call(admin, w.transfer_ownership(Some(m[9])))?,
        )?;
        ok("accept_ownership", chain.call(m[9], w.accept_ownership())?)?;
        chain.next_block();
        Ok((address, weighted))
    }

    /// `blocks` more blocks of ordinary traffic: in each, a few transfers
    /// between members and a reward by the manager; a day passes every 50
    /// blocks. Deterministic: the same calls every time.
    pub fn busy(&mut self, blocks: u32) -> Result<()> {
        let (mut t, mut q) = (self.token_calls(), self.quota_calls());
        let members: Vec<AccountId> = (10..20).map(|n| self.chain.account(n)).collect();
        let (sponsor, manager) = (self.chain.account(5), self.chain.account(9));
        for _ in 0..blocks {
            self.step += 1;
            let step = self.step as usize;
            for k in 0..3 {
                let from = members[(step + k) % members.len()];
                let to = members[(step * 7 + k + 1) % members.len()];
                if from != to {
                    ok(
                        "busy transfer",
                        self.chain.call(from, t.transfer(to, UNIT / 10, vec![]))?,
                    )?;
                }
            }
            let contributor = members[step % members.len()];
            let category = (step % 4) as u16;
            ok(
                "busy reward",
                self.chain.call(
                    manager,
                    q.reward(0, sponsor, contributor, UNIT / 100, category, step as u64, [7; 32]),
                )?,
            )?;
            if step.is_multiple_of(50) {
                next_day(&mut self.chain);
            } else {
                self.chain.next_block();
            }
        }
        Ok(())
    }
}

/// Seals the block and moves the clock a day on.
pub fn next_day(chain: &mut Chain) {
    chain.next_block();
    let then = chain.timestamp().saturating_add(DAY_MS);
    chain.set_timestamp(then);
}
