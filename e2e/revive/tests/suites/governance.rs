//! Governance on pallet-revive (the ink! 6 build of the same source as on
//! pallet-contracts): COS holders vote with their delegated COS Credit
//! checkpoints, and a passed proposal takes a sub-token over and sets its
//! fee, through governance's raw cross-contract calls.

use anyhow::Result;
use cos_e2e_revive::{
    world::{Target, World, GOVERNANCE},
    CallAction as Action,
};
use cos_revive_chain::H160;
use credit::CreditError;
use governance::{GovernanceError, ProposalState, Reply, Support};
use ink::primitives::Hash;
use parity_scale_codec::Encode;
use subtoken::SubtokenError;

fn call(w: &World, target: Target, label: &str, input: Vec<u8>) -> Action {
    let (bundle, callee) = match target {
        Target::Subtoken => &w.subtoken,
        _ => unreachable!("this story calls the sub-token only"),
    };
    Action::Call {
        callee: *callee,
        selector: bundle.selector(label).expect("a message of the sub-token"),
        input,
        reply: Reply::Result,
    }
}

fn blocks(w: &mut World, n: u32) {
    for _ in 0..n {
        w.chain.next_block();
    }
}

fn state(w: &mut World, id: u32) -> Result<Option<ProposalState>> {
    w.read(Target::Governance, "state", id)
}

fn gov(w: &mut World, who: u8, label: &str, args: impl Encode) -> Result<Result<(), GovernanceError>> {
    let reply = w.send_reply::<Result<(), GovernanceError>>(who, Target::Governance, label, args)?;
    if reply.value.is_err() {
        assert!(
            reply.outcome.reverted && reply.events().is_empty(),
            "{label}: a refusal changes nothing"
        );
    }
    Ok(reply.value)
}

#[test]
fn a_passed_proposal_takes_a_sub_token_over_and_sets_its_fee() -> Result<()> {
    let mut w = World::new()?;
    // The COS Credit owner (most of the supply) and accounts 3 and 4 (1,000
    // COS each) vote with their COS: the quorum counts the whole supply.
    for n in [1u8, 3, 4] {
        let me = w.address(n);
        let delegated: Result<(), CreditError> = w.send(n, Target::Credit, "delegate", Some(me))?;
        assert_eq!(delegated, Ok(()));
    }
    // The issuer offers the sub-token to the governance.
    let governance = w.governance.1;
    let offered: Result<(), SubtokenError> = w.send(2, Target::Subtoken, "transfer_ownership", Some(governance))?;
    assert_eq!(offered, Ok(()));
    blocks(&mut w, 1);

    let actions = vec![
        call(&w, Target::Subtoken, "accept_ownership", vec![]),
        call(&w, Target::Subtoken, "set_fee", 25u16.encode()),
    ];
    let without_votes: Result<u32, GovernanceError> =
        w.send(5, Target::Governance, "propose", (Hash::from([9; 32]), &actions))?;
    assert!(without_votes.is_err(), "account 5 has no votes to propose with");
    let id: Result<u32, GovernanceError> = w.send(3, Target::Governance, "propose", (Hash::from([9; 32]), &actions))?;
    let id = id.expect("account 3 proposes");
    assert_eq!(state(&mut w, id)?, Some(ProposalState::Pending));
    blocks(&mut w, GOVERNANCE.voting_delay + 1);

    assert_eq!(gov(&mut w, 3, "vote", (id, Support::For))?, Ok(()));
    assert_eq!(
        gov(&mut w, 3, "vote", (id, Support::Against))?,
        Err(GovernanceError::AlreadyVoted),
        "votes are never counted twice"
    );
    assert_eq!(gov(&mut w, 4, "vote", (id, Support::Against))?, Ok(()));
    assert_eq!(gov(&mut w, 1, "vote", (id, Support::For))?, Ok(()));
    assert_eq!(gov(&mut w, 5, "execute", id)?, Err(GovernanceError::NotQueued));
    blocks(&mut w, GOVERNANCE.voting_period);
    assert_eq!(state(&mut w, id)?, Some(ProposalState::Succeeded));
    assert_eq!(gov(&mut w, 5, "queue", id)?, Ok(()));
    assert_eq!(gov(&mut w, 5, "execute", id)?, Err(GovernanceError::TooEarly));
    assert_eq!(w.read::<u16>(Target::Subtoken, "fee_bps", ())?, 10, "unchanged so far");
    blocks(&mut w, GOVERNANCE.execution_delay);

    assert_eq!(gov(&mut w, 5, "execute", id)?, Ok(()));
    assert_eq!(state(&mut w, id)?, Some(ProposalState::Executed));
    assert_eq!(w.read::<H160>(Target::Subtoken, "owner", ())?, governance);
    assert_eq!(w.read::<u16>(Target::Subtoken, "fee_bps", ())?, 25);
    assert_eq!(gov(&mut w, 5, "execute", id)?, Err(GovernanceError::AlreadyExecuted));
    Ok(())
}
