//! The demo's fifth part: the alumni association decides together. Its
//! governance (one member, one vote) is offered the café coupons; a proposal
//! to take them over and lower their fee passes, is queued and executed after
//! the delay, and is accepted as done; a proposal that too few members vote
//! on fails its quorum; a poll asks where the reunion dinner should be.

use crate::{
    demo_quota::Community,
    narrate::{hex, ok, refused, say},
};
use anyhow::{bail, ensure, Result};
use cos_sandbox::{suite, Chain};
use governance::{Action, Config, GovernanceError, ProposalState, Support, VoteMode};
use ink::{
    env::hash::{Blake2x256, CryptoHash},
    primitives::{AccountId, Hash},
};

/// The association's rules: a day's delay and a week of voting would be
/// 14,400 and 100,800 six-second blocks; the demo waits a block before
/// voting opens, votes for 8 blocks, waits 3 before executing, and gives a
/// passed proposal 6 blocks to be queued and a queued one 6 to be executed.
const CONFIG: Config = Config {
    mode: VoteMode::OneMemberOneVote,
    voting_delay: 1,
    voting_period: 8,
    quorum_bps: 5_000,
    threshold_bps: 5_000,
    execution_delay: 3,
    grace_period: 6,
    proposal_threshold: 0,
};

/// The café coupons' fee after the vote: 0.05 % (from the default 0.1 %).
const NEW_FEE_BPS: u16 = 5;

fn hash(text: &str) -> Hash {
    let mut out = [0u8; 32];
    Blake2x256::hash(text.as_bytes(), &mut out);
    Hash::from(out)
}

/// An ink! message's selector (as `ink::selector_bytes!`, for a name known at run time).
fn selector(message: &str) -> [u8; 4] {
    let mut out = [0u8; 32];
    Blake2x256::hash(message.as_bytes(), &mut out);
    [out[0], out[1], out[2], out[3]]
}

fn blocks(chain: &mut Chain, n: u32) {
    for _ in 0..n {
        chain.next_block();
    }
}

pub fn run(chain: &mut Chain, token_address: AccountId, community: &Community, coupons: AccountId) -> Result<()> {
    let admin = community.admin;
    let [v1, v2, v3, v4, v5, v6] = community.volunteers[..] else {
        bail!("the quota chapter left other than six volunteers");
    };
    let here = Some(governance::CommunityRef {
        registry: community.quota,
        id: community.id,
    });

    say("The association sets up its governance: one member, one vote (the admin and six volunteers), quorum 50 %, majority of for + against, a block before voting opens, 8 blocks of voting, 3 blocks before execution, 6 blocks of grace");
    chain.next_block();
    let address = suite::deploy_governance(
        chain,
        admin,
        token_address,
        CONFIG,
        here,
        vec![admin, v1, v2, v3, v4, v5, v6],
    )?;
    let mut g = suite::governance(address);
    println!(
        "   governance at {} (explorer: /contract/{0}, /decisions, /proposal/{0}/<id>)",
        hex(&address)
    );
    let mut cafe = suite::subtoken(coupons);
    ok(
        "the admin offers the café coupons' ownership to the governance",
        chain.call(admin, cafe.transfer_ownership(Some(address)))?,
    )?;
    chain.next_block();

    say("Proposal 0: 'Take the café coupons over and lower their fee to 0.05 %' (two calls to the sub-token, run together or not at all)");
    let call = |message: &str, input: Vec<u8>| Action::Call {
        callee: coupons,
        selector: selector(message),
        input,
        reply: governance::Reply::Result,
    };
    let treasury = chain.account(2);
    refused(
        "the treasury (not a member) proposes",
        chain.call(treasury, g.propose(hash("Pay the treasury"), vec![]))?,
        GovernanceError::NotMember,
    )?;
    let fee = ok(
        "volunteer 1 proposes",
        chain.call(
            v1,
            g.propose(
                hash("Take the café coupons over and lower their fee to 0.05 %"),
                vec![
                    call("accept_ownership", vec![]),
                    call("set_fee", parity_scale_codec::Encode::encode(&NEW_FEE_BPS)),
                ],
            ),
        )?,
    )?;
    say("Proposal 1: 'Move the reunion to Saturday' (a resolution with no on-chain action)");
    let saturday = ok(
        "volunteer 5 proposes",
        chain.call(v5, g.propose(hash("Move the reunion to Saturday"), vec![]))?,
    )?;
    say("Poll 0: 'Where should the reunion dinner be?' 0: the old canteen, 1: the harbour restaurant, 2: the rooftop (non-binding)");
    let poll = ok(
        "the admin opens a poll of three options",
        chain.call(admin, g.create_poll(hash("Where should the reunion dinner be?"), 3))?,
    )?;

    refused(
        "volunteer 1 votes at once",
        chain.call(v1, g.vote(fee, Support::For))?,
        GovernanceError::VotingNotOpen,
    )?;
    say("A block later the snapshot is taken (who is a member at its end votes), and voting opens");
    blocks(chain, CONFIG.voting_delay + 1);
    say("The members vote");
    for (who, name, support) in [
        (admin, "the admin", Support::For),
        (v1, "volunteer 1", Support::For),
        (v2, "volunteer 2", Support::For),
        (v3, "volunteer 3", Support::Against),
        (v4, "volunteer 4", Support::Abstain),
    ] {
        ok(
            &format!("{name} votes {support:?} on proposal 0"),
            chain.call(who, g.vote(fee, support))?,
        )?;
    }
    refused(
        "volunteer 1 votes again",
        chain.call(v1, g.vote(fee, Support::Against))?,
        GovernanceError::AlreadyVoted,
    )?;
    refused(
        "the treasury (not a member) votes",
        chain.call(treasury, g.vote(fee, Support::For))?,
        GovernanceError::NotMember,
    )?;
    refused(
        "someone executes proposal 0 before the vote ends",
        chain.call(v2, g.execute(fee))?,
        GovernanceError::NotQueued,
    )?;
    ok(
        "volunteer 5 votes For on proposal 1 (the only vote it gets)",
        chain.call(v5, g.vote(saturday, Support::For))?,
    )?;
    for (who, name, option) in [
        (admin, "the admin", 2),
        (v1, "volunteer 1", 1),
        (v2, "volunteer 2", 2),
        (v4, "volunteer 4", 0),
        (v6, "volunteer 6", 2),
    ] {
        ok(
            &format!("{name} answers option {option}"),
            chain.call(who, g.answer(poll, option))?,
        )?;
    }
    refused(
        "volunteer 6 answers again",
        chain.call(v6, g.answer(poll, 1))?,
        GovernanceError::AlreadyVoted,
    )?;

    say("Eight blocks later voting has ended");
    blocks(chain, CONFIG.voting_period);
    refused(
        "volunteer 6 votes late on proposal 0",
        chain.call(v6, g.vote(fee, Support::Against))?,
        GovernanceError::VotingClosed,
    )?;
    let (Some(passed), Some(failed)) = (chain.query(g.state(fee))?, chain.query(g.state(saturday))?) else {
        bail!("the proposals vanished");
    };
    println!("   proposal 0: {passed:?} (3 for, 1 against, 1 abstain: 5 of 7 members voted); proposal 1: {failed:?} (1 of 7 voted, under the 50 % quorum)");
    ensure!(passed == ProposalState::Succeeded, "proposal 0 should have passed");
    ensure!(
        failed == ProposalState::Defeated,
        "proposal 1 should have failed its quorum"
    );
    refused(
        "someone queues the defeated proposal 1",
        chain.call(v5, g.queue(saturday))?,
        GovernanceError::NotSucceeded,
    )?;
    refused(
        "someone executes the defeated proposal 1",
        chain.call(v5, g.execute(saturday))?,
        GovernanceError::NotQueued,
    )?;
    let tallies: Vec<u128> = (0..3)
        .map(|option| chain.query(g.poll_tally(poll, option)))
        .collect::<Result<_>>()?;
    println!(
        "   the poll: canteen {} vote(s), harbour {}, rooftop {} (non-binding: the committee books the rooftop)",
        tallies[0], tallies[1], tallies[2]
    );

    say("Proposal 0 is queued, and executed once its delay has passed");
    ok("volunteer 2 queues proposal 0", chain.call(v2, g.queue(fee))?)?;
    refused(
        "volunteer 2 executes it at once",
        chain.call(v2, g.execute(fee))?,
        GovernanceError::TooEarly,
    )?;
    blocks(chain, CONFIG.execution_delay);
    ok(
        "volunteer 2 executes proposal 0: the governance takes the coupons over and sets their fee",
        chain.call(v2, g.execute(fee))?,
    )?;
    let (owner, fee_bps) = (chain.query(cafe.owner())?, chain.query(cafe.fee_bps())?);
    println!(
        "   the café coupons' owner is now the governance ({}), their fee {} bps",
        owner == address,
        fee_bps
    );
    ensure!(
        owner == address && fee_bps == NEW_FEE_BPS,
        "the executed proposal changed nothing"
    );
    refused(
        "the admin sets the fee directly",
        chain.call(admin, cafe.set_fee(10))?,
        subtoken::SubtokenError::NotOwner,
    )?;
    chain.next_block();
    ok(
        "the admin accepts resolution 0 as done (its follow-up)",
        chain.call(admin, g.accept(fee))?,
    )?;
    say("The admin hands its role to the governance itself: from now on only proposals add or remove members, cancel and change the rules");
    ok(
        "the admin renounces (renounce_admin)",
        chain.call(admin, g.renounce_admin())?,
    )?;
    refused(
        "the former admin adds a member",
        chain.call(admin, g.add_member(treasury))?,
        GovernanceError::NotOwner,
    )?;
    chain.next_block();
    Ok(())
}
