//! Every list and text COS stores whole, filled to its bound on pallet-revive,
//! where one storage cell holds at most 416 bytes
//! (`cos_common::MAX_CELL_BYTES`; a larger write traps the contract): at the
//! bound the write succeeds and reads back, one more is a typed error that
//! changes nothing.

use anyhow::Result;
use cos_e2e_revive::{
    world::{Target, World},
    CallAction as Action,
};
use cos_revive_chain::H160;
use credit::CreditError;
use donation_quota::{QuotaError, MAX_CHILDREN, MAX_SPONSORS_PER_MANAGER};
use governance::{GovernanceError, Reply, MAX_ACTIONS, MAX_INPUT};
use ink::primitives::Hash;
use subtoken::{SubtokenError, MAX_NAME_BYTES, MAX_SYMBOL_BYTES};

const OPERATOR: u8 = 1;
const ADMIN: u8 = 3;
const MANAGER: u8 = 4;

fn ok<E: std::fmt::Debug>(what: &str, reply: Result<(), E>) {
    reply.unwrap_or_else(|e| panic!("{what} refused: {e:?}"));
}

/// Community 0, recognised, `MANAGER` directly below its admin.
fn community(w: &mut World) -> Result<H160> {
    let manager = w.address(MANAGER);
    let id: Result<u32, QuotaError> = w.send(ADMIN, Target::Quota, "create_community", ())?;
    assert_eq!(id, Ok(0));
    ok(
        "recognise",
        w.send::<Result<(), QuotaError>>(OPERATOR, Target::Quota, "recognise", (0u32, true))?,
    );
    ok(
        "offer_manager",
        w.send::<Result<(), QuotaError>>(ADMIN, Target::Quota, "offer_manager", (0u32, manager))?,
    );
    ok(
        "accept_manager",
        w.send::<Result<(), QuotaError>>(MANAGER, Target::Quota, "accept_manager", (0u32, None::<H160>))?,
    );
    Ok(manager)
}

/// Account `n` is offered a place below `MANAGER` and takes it.
fn join(w: &mut World, n: u8) -> Result<Result<(), QuotaError>> {
    let (manager, candidate) = (w.address(MANAGER), w.address(n));
    ok(
        "offer_manager",
        w.send::<Result<(), QuotaError>>(MANAGER, Target::Quota, "offer_manager", (0u32, candidate))?,
    );
    let reply = w.send_reply::<Result<(), QuotaError>>(n, Target::Quota, "accept_manager", (0u32, Some(manager)))?;
    if reply.value.is_err() {
        assert!(reply.outcome.reverted && reply.events().is_empty());
    }
    Ok(reply.value)
}

#[test]
fn a_manager_holds_the_most_sub_managers_across_cells() -> Result<()> {
    let mut w = World::new()?;
    let manager = community(&mut w)?;
    let first = 100u8;
    let children: Vec<u8> = (first..first + MAX_CHILDREN as u8).collect();
    for &n in &children {
        assert_eq!(join(&mut w, n)?, Ok(()), "sub-manager {n}");
    }
    let expected: Vec<H160> = children.iter().map(|&n| w.address(n)).collect();
    let stored: Vec<H160> = w.read(Target::Quota, "manager_children", (0u32, manager))?;
    assert_eq!(
        stored, expected,
        "{MAX_CHILDREN} sub-managers, in the order they joined"
    );
    assert_eq!(
        join(&mut w, first + MAX_CHILDREN as u8)?,
        Err(QuotaError::TooManyChildren)
    );
    let stored: Vec<H160> = w.read(Target::Quota, "manager_children", (0u32, manager))?;
    assert_eq!(stored, expected, "the refusal changed nothing");
    // One leaves from the first cell: the rest close up.
    let gone = expected[0];
    ok(
        "remove_manager",
        w.send::<Result<(), QuotaError>>(MANAGER, Target::Quota, "remove_manager", (0u32, gone))?,
    );
    let stored: Vec<H160> = w.read(Target::Quota, "manager_children", (0u32, manager))?;
    assert_eq!(stored, expected[1..]);
    Ok(())
}

#[test]
fn a_manager_holds_quota_of_the_most_sponsors() -> Result<()> {
    let mut w = World::new()?;
    let manager = community(&mut w)?;
    let sponsors: Vec<u8> = (40..40 + MAX_SPONSORS_PER_MANAGER as u8 + 1).collect();
    w.approve(OPERATOR, Target::Quota, 100 * sponsors.len() as u128)?;
    for &n in &sponsors {
        let sponsor = w.address(n);
        ok(
            "grant_quota",
            w.send::<Result<(), QuotaError>>(OPERATOR, Target::Quota, "grant_quota", (sponsor, 100u128))?,
        );
        ok(
            "donate",
            w.send::<Result<(), QuotaError>>(n, Target::Quota, "donate", (0u32, 100u128))?,
        );
    }
    let (last, within) = sponsors.split_last().expect("sponsors");
    for &n in within {
        let sponsor = w.address(n);
        ok(
            "allocate",
            w.send::<Result<(), QuotaError>>(ADMIN, Target::Quota, "allocate", (0u32, sponsor, manager, 10u128))?,
        );
    }
    let expected: Vec<H160> = within.iter().map(|&n| w.address(n)).collect();
    let stored: Vec<H160> = w.read(Target::Quota, "manager_sponsors", (0u32, manager))?;
    assert_eq!(stored, expected);
    let sponsor = w.address(*last);
    let refused =
        w.send_reply::<Result<(), QuotaError>>(ADMIN, Target::Quota, "allocate", (0u32, sponsor, manager, 10u128))?;
    assert_eq!(refused.value, Err(QuotaError::TooManySponsors));
    assert!(refused.outcome.reverted && refused.events().is_empty());
    Ok(())
}

#[test]
fn a_proposal_carries_the_most_and_largest_actions() -> Result<()> {
    let mut w = World::new()?;
    let proposer = w.address(3);
    let delegated: Result<(), CreditError> = w.send(3, Target::Credit, "delegate", Some(proposer))?;
    assert_eq!(delegated, Ok(()));
    w.chain.next_block();
    let callee = w.subtoken.1;
    let action = |byte: u8, len: usize| Action::Call {
        callee,
        selector: [byte; 4],
        input: vec![byte; len],
        reply: Reply::Value,
    };
    let description = Hash::from([9; 32]);
    let counts = |w: &mut World| w.read::<(u32, u32)>(Target::Governance, "counts", ());

    let mut too_long: Vec<Action> = (0..MAX_ACTIONS as u8).map(|i| action(i, MAX_INPUT)).collect();
    too_long[2] = action(2, MAX_INPUT + 1);
    let too_many: Vec<Action> = (0..=MAX_ACTIONS as u8).map(|i| action(i, 1)).collect();
    for (actions, refusal) in [
        (&too_long, GovernanceError::InputTooLong { index: 2 }),
        (&too_many, GovernanceError::TooManyActions),
    ] {
        let reply =
            w.send_reply::<Result<u32, GovernanceError>>(3, Target::Governance, "propose", (description, actions))?;
        assert_eq!(reply.value, Err(refusal));
        assert!(reply.outcome.reverted && reply.events().is_empty());
    }
    assert_eq!(counts(&mut w)?, (0, 0), "the refusals made no proposal");

    let largest: Vec<Action> = (0..MAX_ACTIONS as u8).map(|i| action(i, MAX_INPUT)).collect();
    let id: Result<u32, GovernanceError> = w.send(3, Target::Governance, "propose", (description, &largest))?;
    assert_eq!(id, Ok(0));
    let stored: Vec<Action> = w.read(Target::Governance, "actions", 0u32)?;
    assert_eq!(
        stored, largest,
        "{MAX_ACTIONS} actions of {MAX_INPUT} bytes' input, in order"
    );
    assert_eq!(w.read::<Vec<Action>>(Target::Governance, "actions", 1u32)?, vec![]);
    Ok(())
}

#[test]
fn a_sub_token_keeps_the_longest_name_and_symbol() -> Result<()> {
    let mut w = World::new()?;
    let issuer = w.chain.account(2);
    let credit = w.credit.1;
    let none: Option<(H160, u32)> = None;
    // 21 three-byte characters and one more byte: a Chinese name at the bound.
    let name = "校友会积分".repeat(4) + "积a";
    assert_eq!(name.len(), MAX_NAME_BYTES);
    let symbol = "S".repeat(MAX_SYMBOL_BYTES);
    let args = |name: &str, symbol: &str| (credit, name.to_string(), symbol.to_string(), 0u8, 10u128, 12u128, none);
    let bundle = w.subtoken.0.clone();
    for (name, symbol) in [
        (name.clone() + "a", symbol.clone()),
        (name.clone(), symbol.clone() + "S"),
    ] {
        let refused = bundle.try_deploy::<SubtokenError>(&mut w.chain, &issuer, "new", args(&name, &symbol))?;
        assert_eq!(refused, Err(SubtokenError::MetadataTooLong));
    }
    let at = bundle
        .try_deploy::<SubtokenError>(&mut w.chain, &issuer, "new", args(&name, &symbol))?
        .expect("deployed at the bounds");
    let read = |w: &mut World, label: &str| -> Result<Option<String>> {
        let signer = w.chain.account(1);
        w.chain.read(&signer, at, &bundle, label, ())
    };
    assert_eq!(read(&mut w, "PSP22Metadata::token_name")?, Some(name));
    assert_eq!(read(&mut w, "PSP22Metadata::token_symbol")?, Some(symbol));
    Ok(())
}
