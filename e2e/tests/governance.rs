//! drink tests of the release governance bundle across blocks, token-weighted
//! by the routed COS Credit's checkpoints: passed proposals take ownership of
//! a sub-token and change its fee, and take ownership of the donation quota
//! and change its operator; a failing action undoes the whole execution; COS
//! moved after the snapshot changes no tally; double voting, voting outside
//! the period, executing early and executing a defeated proposal are refused.

use cos_e2e::{selector, GovernanceOnChain};
use cos_sandbox::{suite, validate_mvp, Bundle, Chain};
use governance::{Action, Config, GovernanceError, ProposalState, Support, VoteMode};
use ink::primitives::{AccountId, Hash};
use parity_scale_codec::Encode;
use psp22::PSP22;

const COS: u128 = 100_000_000;

const CONFIG: Config = Config {
    mode: VoteMode::TokenWeighted,
    voting_period: 5,
    quorum_bps: 4_000,
    threshold_bps: 5_000,
    execution_delay: 2,
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
        let mut g = suite::governance(self.gov);
        self.chain
            .call(who, g.propose(Hash::from([9; 32]), actions))
            .unwrap()
            .value
            .unwrap()
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
    // COS moved after the snapshot changes no tally: alice gives 300 COS to
    // carol, both still vote with what they held at the snapshot.
    let mut c = suite::credit(t.credit);
    t.chain
        .call(t.alice, c.transfer(t.carol, 300 * COS, vec![]))
        .unwrap()
        .value
        .unwrap();
    t.chain.next_block();
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
        (700 * COS, 200 * COS, 1_000 * COS),
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
    t.vote(t.alice, bad, Support::For).unwrap();
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
    t.chain.next_block();
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
