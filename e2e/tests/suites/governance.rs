//! drink tests of the release governance bundle across blocks, token-weighted
//! by the routed COS Credit's checkpoints: passed proposals take ownership of
//! a sub-token and change its fee, and take ownership of the donation quota
//! and change its operator; a failing action undoes the whole execution; COS
//! moved after the snapshot changes no tally; double voting, voting outside
//! the period, executing early and executing a defeated proposal are refused.
//!
//! And the audit's attacks, each tried and failing: a proposal calling the
//! governance itself; the deployer's lasting veto; COS borrowed across one
//! block boundary proposing and voting; a member silenced by removal and
//! re-addition; queued proposals kept for ever; replies starting with byte 1
//! read as failures; spans that strand every proposal.

use cos_e2e::{selector, GovernanceOnChain};
use cos_sandbox::{suite, validate_mvp, Bundle, Chain};
use governance::{Action, Config, ConfigProblem, GovernanceError, ProposalState, Support, VoteMode, MAX_SPAN};
use ink::primitives::{AccountId, Hash};
use parity_scale_codec::Encode;
use psp22::PSP22;

const COS: u128 = 100_000_000;

const CONFIG: Config = Config {
    mode: VoteMode::TokenWeighted,
    voting_delay: 1,
    voting_period: 5,
    quorum_bps: 4_000,
    threshold_bps: 5_000,
    execution_delay: 2,
    grace_period: 4,
    proposal_threshold: 50 * COS,
};

struct T {
    chain: Chain,
    credit: AccountId,
    gov: AccountId,
    owner: AccountId,
    alice: AccountId,
    bob: AccountId,
    carol: AccountId,
    dave: AccountId,
}

/// 1,000 COS in all: alice 400, bob 300, carol 200, dave 100, each voting
/// with their own; governance token-weighted, quorum 40 %.
fn setup() -> T {
    let g = GovernanceOnChain::new(CONFIG);
    let [alice, bob, carol, dave] = g.members;
    T {
        chain: g.chain,
        credit: g.credit,
        gov: g.gov,
        owner: g.owner,
        alice,
        bob,
        carol,
        dave,
    }
}

fn call(callee: AccountId, message: &str, input: Vec<u8>) -> Action {
    GovernanceOnChain::call(callee, message, input)
}

impl T {
    fn blocks(&mut self, n: u32) {
        for _ in 0..n {
            self.chain.next_block();
        }
    }

    fn propose(&mut self, who: AccountId, actions: Vec<Action>) -> u32 {
        self.try_propose(who, actions).unwrap()
    }

    fn try_propose(&mut self, who: AccountId, actions: Vec<Action>) -> Result<u32, GovernanceError> {
        let mut g = suite::governance(self.gov);
        let out = self.chain.call(who, g.propose(Hash::from([9; 32]), actions)).unwrap();
        if out.value.is_err() {
            assert!(
                out.reverted && out.events.is_empty(),
                "a refused proposal changes nothing"
            );
        }
        out.value
    }

    /// To the block voting opens in (a proposal made in this block).
    fn open(&mut self) {
        self.blocks(CONFIG.voting_delay + 1);
    }

    /// Proposes `actions` by alice, passes them with alice and bob and
    /// queues them; the chain ends at their `eta`.
    fn pass(&mut self, actions: Vec<Action>) -> u32 {
        let id = self.propose(self.alice, actions);
        self.open();
        self.vote(self.alice, id, Support::For).unwrap();
        self.vote(self.bob, id, Support::For).unwrap();
        self.blocks(CONFIG.voting_period);
        self.queue(id).unwrap();
        self.blocks(CONFIG.execution_delay);
        id
    }

    fn vote(&mut self, who: AccountId, id: u32, support: Support) -> Result<(), GovernanceError> {
        let mut g = suite::governance(self.gov);
        let out = self.chain.call(who, g.vote(id, support)).unwrap();
        if out.value.is_err() {
            assert!(out.reverted && out.events.is_empty(), "a refused vote changes nothing");
        }
        out.value
    }

    fn state(&mut self, id: u32) -> Option<ProposalState> {
        self.chain.query(suite::governance(self.gov).state(id)).unwrap()
    }

    fn queue(&mut self, id: u32) -> Result<(), GovernanceError> {
        let mut g = suite::governance(self.gov);
        self.chain.call(self.dave, g.queue(id)).unwrap().value
    }

    fn execute(&mut self, id: u32) -> Result<(), GovernanceError> {
        let mut g = suite::governance(self.gov);
        let out = self.chain.call(self.dave, g.execute(id)).unwrap();
        if out.value.is_err() {
            assert!(out.reverted, "a failed execution reverts");
        }
        out.value
    }
}

#[test]
fn the_release_bundle_is_plain_wasm_mvp_and_selectors_are_ink_s() {
    validate_mvp(&Bundle::load("governance").unwrap().wasm).unwrap();
    assert_eq!(selector("set_fee"), ink::selector_bytes!("set_fee"));
}

#[test]
fn a_passed_proposal_takes_a_subtoken_over_and_changes_its_fee() {
    let mut t = setup();
    let params = suite::SubtokenParams {
        name: "Club points".into(),
        symbol: "PTS".into(),
        decimals: 0,
        face_value: COS,
        price: COS,
        community: None,
    };
    let st = suite::deploy_subtoken(&mut t.chain, t.owner, t.credit, params).unwrap();
    let mut s = suite::subtoken(st);
    t.chain
        .call(t.owner, s.transfer_ownership(Some(t.gov)))
        .unwrap()
        .value
        .unwrap();
    t.chain.next_block();

    let id = t.propose(
        t.alice,
        vec![
            call(st, "accept_ownership", vec![]),
            call(st, "set_fee", 20u16.encode()),
        ],
    );
    assert_eq!(t.state(id), Some(ProposalState::Pending));
    t.open();
    // COS moved after the snapshot changes no tally: alice gives 300 COS to
    // carol, both still vote with what they held at the snapshot.
    let mut c = suite::credit(t.credit);
    t.chain
        .call(t.alice, c.transfer(t.carol, 300 * COS, vec![]))
        .unwrap()
        .value
        .unwrap();
    assert_eq!(t.vote(t.alice, id, Support::For), Ok(()));
    assert_eq!(
        t.vote(t.alice, id, Support::Against),
        Err(GovernanceError::AlreadyVoted),
        "double voting"
    );
    assert_eq!(t.vote(t.carol, id, Support::Against), Ok(()));
    assert_eq!(t.vote(t.bob, id, Support::For), Ok(()));
    let p = t.chain.query(suite::governance(t.gov).proposal(id)).unwrap().unwrap();
    assert_eq!(
        (p.tally.for_votes, p.tally.against, p.eligible),
        (700 * COS, 200 * COS, Some(1_000 * COS)),
        "alice 400 and carol 200 as at the snapshot, not 100 and 500"
    );
    assert_eq!(t.execute(id), Err(GovernanceError::NotQueued), "executing early");
    assert_eq!(t.queue(id), Err(GovernanceError::NotSucceeded), "queueing while active");
    t.blocks(5);
    assert_eq!(
        t.vote(t.dave, id, Support::Against),
        Err(GovernanceError::VotingClosed),
        "voting after the period"
    );
    assert_eq!(t.state(id), Some(ProposalState::Succeeded));
    assert_eq!(t.queue(id), Ok(()));
    assert_eq!(
        t.execute(id),
        Err(GovernanceError::TooEarly),
        "executing before the delay"
    );
    t.blocks(2);
    assert_eq!(t.chain.query(s.fee_bps()).unwrap(), 10);
    assert_eq!(t.execute(id), Ok(()));
    assert_eq!(
        t.chain.query(s.owner()).unwrap(),
        t.gov,
        "governance owns the sub-token"
    );
    assert_eq!(
        t.chain.query(s.fee_bps()).unwrap(),
        20,
        "the passed proposal changed the fee"
    );
    assert_eq!(t.state(id), Some(ProposalState::Executed));
    assert_eq!(t.execute(id), Err(GovernanceError::AlreadyExecuted));

    // A fee above the bound: the sub-token refuses, the whole execution is undone.
    let bad = t.propose(
        t.bob,
        vec![
            call(st, "set_fee", 10u16.encode()),
            call(st, "set_fee", 1_000u16.encode()),
        ],
    );
    t.open();
    t.vote(t.carol, bad, Support::For).unwrap();
    t.vote(t.bob, bad, Support::For).unwrap();
    t.blocks(5);
    t.queue(bad).unwrap();
    t.blocks(2);
    let failed = t.execute(bad);
    assert!(
        matches!(&failed, Err(GovernanceError::ActionFailed { index: 1, output }) if output.first() == Some(&1)),
        "the second action fails with the sub-token's error: {failed:?}"
    );
    assert_eq!(
        t.chain.query(s.fee_bps()).unwrap(),
        20,
        "the first action was undone too"
    );
    assert_eq!(t.state(bad), Some(ProposalState::Queued), "it stays queued");
}

#[test]
fn a_passed_proposal_takes_the_quota_over_and_changes_its_operator_and_a_defeated_one_never_runs() {
    let mut t = setup();
    let quota = suite::deploy_quota(&mut t.chain, t.owner, t.credit, None).unwrap();
    let mut q = suite::quota(quota);
    t.chain
        .call(t.owner, q.transfer_ownership(Some(t.gov)))
        .unwrap()
        .value
        .unwrap();
    t.chain.next_block();
    let new_operator = t.chain.account(9);
    let id = t.propose(
        t.bob,
        vec![
            call(quota, "accept_ownership", vec![]),
            call(quota, "set_operator", new_operator.encode()),
        ],
    );
    // Dave alone: 100 of 1,000 COS, short of the 40 % quorum.
    let lost = t.propose(t.dave, vec![call(quota, "set_operator", t.dave.encode())]);
    t.open();
    t.vote(t.alice, id, Support::For).unwrap();
    t.vote(t.dave, id, Support::Against).unwrap();
    t.vote(t.dave, lost, Support::For).unwrap();
    let stranger = t.chain.account(30);
    assert_eq!(t.vote(stranger, id, Support::For), Err(GovernanceError::NoWeight));
    t.blocks(5);
    assert_eq!(t.state(lost), Some(ProposalState::Defeated));
    assert_eq!(t.queue(lost), Err(GovernanceError::NotSucceeded));
    assert_eq!(
        t.execute(lost),
        Err(GovernanceError::NotQueued),
        "executing a defeated proposal"
    );
    t.queue(id).unwrap();
    t.blocks(2);
    t.execute(id).unwrap();
    assert_eq!(t.chain.query(q.owner()).unwrap(), t.gov);
    assert_eq!(
        t.chain.query(q.operator()).unwrap(),
        new_operator,
        "the passed proposal changed the operator"
    );
}

#[test]
fn the_governance_holds_its_own_admin_role_and_the_deployer_keeps_no_veto() {
    let mut t = setup();
    // A call to itself would trap and stay queued for ever: refused when proposed.
    assert_eq!(
        t.try_propose(
            t.alice,
            vec![Action::AddMember(t.dave), call(t.gov, "accept_ownership", vec![])]
        ),
        Err(GovernanceError::SelfCall { index: 1 })
    );
    let mut g = suite::governance(t.gov);
    t.chain
        .call(t.owner, g.transfer_ownership(Some(t.gov)))
        .unwrap()
        .value
        .unwrap();
    let stricter = Config {
        quorum_bps: 6_000,
        ..CONFIG
    };
    let take = t.pass(vec![Action::AcceptAdmin, Action::SetConfig(stricter)]);
    t.execute(take).unwrap();
    assert_eq!(
        t.chain.query(g.owner()).unwrap(),
        t.gov,
        "the governance is its own admin"
    );
    assert_eq!(t.chain.query(g.config()).unwrap(), stricter);
    // The deployer can no longer cancel a passed proposal, nor manage members.
    let queued = t.pass(vec![]);
    let out = t.chain.call(t.owner, g.cancel(queued)).unwrap();
    assert_eq!((out.value, out.reverted), (Err(GovernanceError::NotProposer), true));
    let out = t.chain.call(t.owner, g.add_member(t.owner)).unwrap();
    assert_eq!(out.value, Err(GovernanceError::NotOwner));
    // Nor can the proposer, once the vote has decided.
    let out = t.chain.call(t.alice, g.cancel(queued)).unwrap();
    assert_eq!(out.value, Err(GovernanceError::VotingClosed));
    // Only a proposal cancels it, or hands the role on.
    let cancel = t.pass(vec![Action::Cancel(queued), Action::TransferAdmin(Some(t.carol))]);
    t.execute(cancel).unwrap();
    assert_eq!(t.state(queued), Some(ProposalState::Cancelled));
    t.chain.call(t.carol, g.accept_ownership()).unwrap().value.unwrap();
    assert_eq!(t.chain.query(g.owner()).unwrap(), t.carol);
    // renounce_admin: the same in one call.
    t.chain.call(t.carol, g.renounce_admin()).unwrap().value.unwrap();
    assert_eq!(t.chain.query(g.owner()).unwrap(), t.gov);
}

#[test]
fn cos_borrowed_across_one_block_boundary_neither_proposes_nor_votes() {
    let mut t = setup();
    let mut c = suite::credit(t.credit);
    let borrower = t.chain.account(40);
    t.chain
        .call(borrower, c.delegate(Some(borrower)))
        .unwrap()
        .value
        .unwrap();
    // Borrowed in this block: no weight in the block before, no proposal.
    t.chain
        .call(t.alice, c.transfer(borrower, 400 * COS, vec![]))
        .unwrap()
        .value
        .unwrap();
    assert_eq!(
        t.try_propose(borrower, vec![]),
        Err(GovernanceError::BelowProposalThreshold)
    );
    // Held over one boundary, it proposes, then goes back before the snapshot ends.
    t.chain.next_block();
    let id = t.propose(
        borrower,
        vec![call(
            t.credit,
            "PSP22::transfer",
            (borrower, 900 * COS, Vec::<u8>::new()).encode(),
        )],
    );
    t.chain
        .call(borrower, c.transfer(t.alice, 400 * COS, vec![]))
        .unwrap()
        .value
        .unwrap();
    assert_eq!(
        t.vote(t.bob, id, Support::For),
        Err(GovernanceError::VotingNotOpen),
        "the snapshot block"
    );
    t.open();
    assert_eq!(
        t.vote(borrower, id, Support::For),
        Err(GovernanceError::NoWeight),
        "nothing held at the snapshot"
    );
    t.vote(t.alice, id, Support::Against).unwrap();
    let p = t.chain.query(suite::governance(t.gov).proposal(id)).unwrap().unwrap();
    assert_eq!(
        p.tally.against,
        400 * COS,
        "alice's COS, returned before the snapshot, counts for her"
    );
    assert_eq!(p.eligible, Some(1_000 * COS));
    // Below the threshold (dave, 100 COS, above 50: passes; a holder of 10 does not).
    let small = t.chain.account(41);
    t.chain.call(small, c.delegate(Some(small))).unwrap().value.unwrap();
    t.chain
        .call(t.dave, c.transfer(small, 10 * COS, vec![]))
        .unwrap()
        .value
        .unwrap();
    t.chain.next_block();
    let out = t
        .chain
        .call(small, suite::governance(t.gov).create_poll(Hash::default(), 2))
        .unwrap();
    assert_eq!(out.value, Err(GovernanceError::BelowProposalThreshold));
}

#[test]
fn a_member_removed_and_readded_mid_vote_still_votes() {
    let config = Config {
        mode: VoteMode::OneMemberOneVote,
        proposal_threshold: 0,
        ..CONFIG
    };
    let g = GovernanceOnChain::with_members(config);
    let [alice, bob, carol, dave] = g.members;
    let (mut chain, gov, owner) = (g.chain, g.gov, g.owner);
    let mut gv = suite::governance(gov);
    let id = chain
        .call(alice, gv.propose(Hash::default(), vec![]))
        .unwrap()
        .value
        .unwrap();
    // Dave is removed before the snapshot ends: not a member then.
    chain.call(owner, gv.remove_member(dave)).unwrap().value.unwrap();
    for _ in 0..=CONFIG.voting_delay {
        chain.next_block();
    }
    // After the snapshot the admin removes bob and re-adds him, and removes carol: both still vote.
    chain.call(owner, gv.remove_member(bob)).unwrap().value.unwrap();
    chain.call(owner, gv.add_member(bob)).unwrap().value.unwrap();
    chain.call(owner, gv.remove_member(carol)).unwrap().value.unwrap();
    let eve = chain.account(50);
    chain.call(owner, gv.add_member(eve)).unwrap().value.unwrap();
    for voter in [bob, carol] {
        chain.call(voter, gv.vote(id, Support::For)).unwrap().value.unwrap();
    }
    assert_eq!(
        chain.call(eve, gv.vote(id, Support::For)).unwrap().value,
        Err(GovernanceError::NoWeight)
    );
    assert_eq!(
        chain.call(dave, gv.vote(id, Support::For)).unwrap().value,
        Err(GovernanceError::NotMember)
    );
    let p = chain.query(gv.proposal(id)).unwrap().unwrap();
    assert_eq!(
        (p.tally.for_votes, p.eligible),
        (2, Some(3)),
        "alice, bob, carol at the snapshot"
    );
    let snapshot = p.snapshot;
    assert_eq!(chain.query(gv.member_count_at(snapshot)).unwrap(), 3);
    assert!(chain.query(gv.was_member(carol, snapshot)).unwrap() && !chain.query(gv.is_member(carol)).unwrap());
}

#[test]
fn passed_proposals_expire_if_not_queued_or_executed_in_time() {
    let mut t = setup();
    // Queued, then left past its grace period.
    let late = t.pass(vec![]);
    t.blocks(CONFIG.grace_period);
    assert_eq!(t.state(late), Some(ProposalState::Expired));
    assert_eq!(t.execute(late), Err(GovernanceError::Expired));
    // Passed, never queued in time.
    let id = t.propose(t.alice, vec![]);
    t.open();
    t.vote(t.alice, id, Support::For).unwrap();
    t.blocks(CONFIG.voting_period);
    assert_eq!(t.state(id), Some(ProposalState::Succeeded));
    t.blocks(CONFIG.grace_period + 1);
    assert_eq!(t.state(id), Some(ProposalState::Expired));
    assert_eq!(t.queue(id), Err(GovernanceError::Expired));
    // Executed on the last block of its window.
    let last = t.pass(vec![]);
    t.blocks(CONFIG.grace_period - 1);
    assert_eq!(t.execute(last), Ok(()));
}

#[test]
fn replies_are_read_by_the_callees_declared_type() {
    let mut t = setup();
    // `token_name` answers `Some("COS Credit")`, whose encoding starts with 1.
    let value = t.pass(vec![GovernanceOnChain::call_value(
        t.credit,
        "PSP22Metadata::token_name",
        vec![],
    )]);
    assert_eq!(t.execute(value), Ok(()), "a value reply is no failure");
    let misread = t.pass(vec![call(t.credit, "PSP22Metadata::token_name", vec![])]);
    assert!(
        matches!(t.execute(misread), Err(GovernanceError::ActionFailed { index: 0, .. })),
        "a reply declared as a Result that is not Ok fails, never passes"
    );
    // A Result that is Ok passes: an approval.
    let ok = t.pass(vec![call(t.credit, "PSP22::approve", (t.alice, 1u128).encode())]);
    assert_eq!(t.execute(ok), Ok(()));
}

#[test]
fn spans_that_would_strand_every_proposal_never_deploy() {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let credit = suite::deploy_credit(&mut chain, owner, Some(1_000 * COS)).unwrap();
    let bundle = Bundle::load("governance").unwrap();
    for (config, problem) in [
        (
            Config {
                voting_period: u32::MAX,
                ..CONFIG
            },
            ConfigProblem::VotingPeriod,
        ),
        (
            Config {
                execution_delay: u32::MAX,
                ..CONFIG
            },
            ConfigProblem::ExecutionDelay,
        ),
        (
            Config {
                voting_delay: 0,
                ..CONFIG
            },
            ConfigProblem::VotingDelay,
        ),
        (
            Config {
                grace_period: MAX_SPAN + 1,
                ..CONFIG
            },
            ConfigProblem::GracePeriod,
        ),
    ] {
        let constructor = governance::governance::GovernanceRef::new(credit, config, None, vec![]);
        let refused: GovernanceError = chain.instantiate_refused(&bundle, constructor, owner).unwrap();
        assert_eq!(refused, GovernanceError::BadConfig(problem));
    }
    // Every span at its bound deploys, and a proposal runs through.
    let widest = Config {
        voting_delay: MAX_SPAN,
        voting_period: MAX_SPAN,
        execution_delay: MAX_SPAN,
        grace_period: MAX_SPAN,
        proposal_threshold: 0,
        ..CONFIG
    };
    let gov = suite::deploy_governance(&mut chain, owner, credit, widest, None, vec![]).unwrap();
    let mut c = suite::credit(credit);
    chain.call(owner, c.delegate(Some(owner))).unwrap().value.unwrap();
    chain.next_block();
    let mut g = suite::governance(gov);
    let id = chain
        .call(owner, g.propose(Hash::default(), vec![]))
        .unwrap()
        .value
        .unwrap();
    let p = chain.query(g.proposal(id)).unwrap().unwrap();
    assert_eq!(p.end - p.snapshot, MAX_SPAN);
}
