//! drink tests of the release `credit` bundle on the real pallet-contracts.
//! Build the bundle first: `cargo xtask build` (or `cargo xtask test`).

use cos_e2e::{credit::Credit, validate_mvp, Bundle, Chain};
use credit::{
    events::{DelegateVotesChanged, Frozen, Paused},
    CreditError, MAX_BATCH_LEN, MAX_SUPPLY, UNIT,
};
use drink::AccountId32;
use psp22::{Approval, PSP22Error, Transfer};

struct Setup {
    chain: Chain,
    token: Credit,
    owner: AccountId32,
    bob: AccountId32,
    carol: AccountId32,
    dave: AccountId32,
}

fn setup(initial_supply: u128) -> Setup {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let (bob, carol, dave) = (chain.account(2), chain.account(3), chain.account(4));
    let token = Credit::deploy(&mut chain, &owner, Some(initial_supply)).expect("deploys");
    Setup { chain, token, owner, bob, carol, dave }
}

fn custom(name: &str) -> Result<(), PSP22Error> {
    Err(PSP22Error::Custom(name.into()))
}

#[test]
fn bundle_is_mvp_wasm_and_deploys() {
    let bundle = Bundle::load("credit").unwrap();
    validate_mvp(&bundle.wasm).unwrap();
    let mut s = setup(1_000 * UNIT);
    assert_eq!(s.token.total_supply(&mut s.chain).unwrap(), 1_000 * UNIT);
    assert_eq!(s.token.balance_of(&mut s.chain, &s.owner).unwrap(), 1_000 * UNIT);
}

#[test]
fn default_constructor_issues_thirty_percent() {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let token = Credit::deploy(&mut chain, &owner, None).unwrap();
    assert_eq!(token.total_supply(&mut chain).unwrap(), MAX_SUPPLY / 10 * 3);
}

#[test]
fn transfers_and_allowances() {
    let Setup { mut chain, token, owner, bob, carol, dave } = setup(1_000);
    let out = token.transfer(&mut chain, &owner, &bob, 300).unwrap();
    assert_eq!(out.value, Ok(()));
    let transfers = out.events_of::<Transfer>();
    assert_eq!(transfers.len(), 1);
    assert_eq!((transfers[0].from, transfers[0].to, transfers[0].value), (Some(token_id(&owner)), Some(token_id(&bob)), 300));
    assert_eq!(token.balance_of(&mut chain, &owner).unwrap(), 700);
    assert_eq!(token.balance_of(&mut chain, &bob).unwrap(), 300);

    let out = token.approve(&mut chain, &bob, &carol, 100).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Approval>()[0].amount, 100);
    let out = token.transfer_from(&mut chain, &carol, &bob, &dave, 60).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Approval>()[0].amount, 40);
    assert_eq!(token.allowance(&mut chain, &bob, &carol).unwrap(), 40);
    assert_eq!(token.balance_of(&mut chain, &dave).unwrap(), 60);

    // Bad input reverts and changes nothing.
    for (outcome, expected) in [
        (token.transfer(&mut chain, &bob, &carol, 241).unwrap(), Err(PSP22Error::InsufficientBalance)),
        (token.transfer(&mut chain, &bob, &carol, 0).unwrap(), custom("ZeroAmount")),
        (token.transfer(&mut chain, &bob, &bob, 1).unwrap(), custom("SelfTransfer")),
        (token.transfer_from(&mut chain, &carol, &bob, &dave, 41).unwrap(), Err(PSP22Error::InsufficientAllowance)),
    ] {
        assert_eq!(outcome.value, expected);
        assert!(outcome.reverted);
        assert!(outcome.events.is_empty());
    }
    assert_eq!(token.balance_of(&mut chain, &bob).unwrap(), 240);
    assert_eq!(token.allowance(&mut chain, &bob, &carol).unwrap(), 40);
    assert_eq!(token.total_supply(&mut chain).unwrap(), 1_000);
}

fn token_id(account: &AccountId32) -> ink::primitives::AccountId {
    cos_e2e::to_ink(account)
}

#[test]
fn frozen_tokens_cannot_move() {
    let Setup { mut chain, token, owner, bob, carol, .. } = setup(1_000);
    token.transfer(&mut chain, &owner, &bob, 100).unwrap();
    let out = token.freeze(&mut chain, &owner, &bob, 80).unwrap();
    assert_eq!(out.value, Ok(()));
    let frozen = out.events_of::<Frozen>();
    assert_eq!((frozen[0].amount, frozen[0].frozen), (80, 80));
    assert_eq!(token.frozen_balance_of(&mut chain, &bob).unwrap(), 80);

    let out = token.transfer(&mut chain, &bob, &carol, 21).unwrap();
    assert_eq!(out.value, custom("InsufficientUnfrozenBalance"));
    assert_eq!(token.burn(&mut chain, &bob, 21).unwrap().value, custom("InsufficientUnfrozenBalance"));
    assert_eq!(token.transfer(&mut chain, &bob, &carol, 20).unwrap().value, Ok(()));
    assert_eq!(token.balance_of(&mut chain, &bob).unwrap(), 80);

    assert_eq!(token.freeze(&mut chain, &bob, &bob, 1).unwrap().value, Err(CreditError::NotOwner));
    assert_eq!(token.unfreeze(&mut chain, &owner, &bob, 81).unwrap().value, Err(CreditError::InsufficientFrozenBalance));
    assert_eq!(token.unfreeze(&mut chain, &owner, &bob, 80).unwrap().value, Ok(()));
    assert_eq!(token.transfer(&mut chain, &bob, &carol, 80).unwrap().value, Ok(()));
}

#[test]
fn pause_blocks_movements() {
    let Setup { mut chain, token, owner, bob, carol, .. } = setup(1_000);
    token.transfer(&mut chain, &owner, &bob, 100).unwrap();
    token.set_minter(&mut chain, &owner, &owner, true).unwrap();
    assert_eq!(token.pause(&mut chain, &bob).unwrap().value, Err(CreditError::NotOwner));
    let out = token.pause(&mut chain, &owner).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Paused>().len(), 1);
    assert!(token.paused(&mut chain).unwrap());

    assert_eq!(token.transfer(&mut chain, &bob, &carol, 1).unwrap().value, custom("Paused"));
    assert_eq!(token.approve(&mut chain, &bob, &carol, 1).unwrap().value, custom("Paused"));
    assert_eq!(token.burn(&mut chain, &bob, 1).unwrap().value, custom("Paused"));
    assert_eq!(token.mint(&mut chain, &owner, &bob, 1).unwrap().value, Err(CreditError::Paused));
    assert_eq!(token.batch_transfer(&mut chain, &bob, &[(carol.clone(), 1)]).unwrap().value, Err(CreditError::Paused));
    assert_eq!(token.balance_of(&mut chain, &bob).unwrap(), 100);

    assert_eq!(token.unpause(&mut chain, &owner).unwrap().value, Ok(()));
    assert_eq!(token.transfer(&mut chain, &bob, &carol, 1).unwrap().value, Ok(()));
}

#[test]
fn batch_transfer_is_bounded_and_all_or_nothing() {
    let mut s = setup(1_000_000);
    let recipients: Vec<AccountId32> = (10..20).map(|n| s.chain.account(n)).collect();
    let payments: Vec<(AccountId32, u128)> = recipients.iter().cloned().zip(1..=10u128).collect();
    let out = s.token.batch_transfer(&mut s.chain, &s.owner, &payments).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Transfer>().len(), 10);
    for (who, value) in &payments {
        assert_eq!(s.token.balance_of(&mut s.chain, who).unwrap(), *value);
    }
    assert_eq!(s.token.balance_of(&mut s.chain, &s.owner).unwrap(), 1_000_000 - 55);

    let too_many = vec![(s.bob.clone(), 1); MAX_BATCH_LEN as usize + 1];
    assert_eq!(s.token.batch_transfer(&mut s.chain, &s.owner, &too_many).unwrap().value, Err(CreditError::BatchTooLarge));
    let unaffordable = [(s.bob.clone(), 500_000), (s.carol.clone(), 499_946)];
    let out = s.token.batch_transfer(&mut s.chain, &s.owner, &unaffordable).unwrap();
    assert_eq!(out.value, Err(CreditError::InsufficientBalance));
    assert!(out.reverted);
    assert_eq!(s.token.balance_of(&mut s.chain, &s.bob).unwrap(), 0);
    let full = vec![(s.bob.clone(), 1); MAX_BATCH_LEN as usize];
    assert_eq!(s.token.batch_transfer(&mut s.chain, &s.owner, &full).unwrap().value, Ok(()));
    assert_eq!(s.token.balance_of(&mut s.chain, &s.bob).unwrap(), u128::from(MAX_BATCH_LEN));
}

#[test]
fn minting_stops_at_the_cap() {
    let Setup { mut chain, token, owner, bob, .. } = setup(MAX_SUPPLY - 10);
    assert_eq!(token.mint(&mut chain, &owner, &bob, 1).unwrap().value, Err(CreditError::NotMinter));
    assert_eq!(token.set_minter(&mut chain, &bob, &bob, true).unwrap().value, Err(CreditError::NotOwner));
    token.set_minter(&mut chain, &owner, &bob, true).unwrap();
    assert_eq!(token.mint(&mut chain, &bob, &bob, 11).unwrap().value, Err(CreditError::CapExceeded));
    let out = token.mint(&mut chain, &bob, &bob, 10).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Transfer>()[0].from, None);
    assert_eq!(token.total_supply(&mut chain).unwrap(), MAX_SUPPLY);
    assert_eq!(token.mint(&mut chain, &bob, &bob, 1).unwrap().value, Err(CreditError::CapExceeded));
    assert_eq!(token.total_supply(&mut chain).unwrap(), MAX_SUPPLY);
}

#[test]
fn checkpoints_across_blocks() {
    let Setup { mut chain, token, owner, bob, carol, dave } = setup(10_000);
    token.transfer(&mut chain, &owner, &bob, 1_000).unwrap();
    let b0 = chain.block_number();

    let b1 = chain.next_block();
    let out = token.delegate(&mut chain, &bob, Some(&carol)).unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = out.events_of::<DelegateVotesChanged>();
    assert_eq!((moved[0].previous_votes, moved[0].new_votes), (0, 1_000));

    let b2 = chain.next_block();
    token.transfer(&mut chain, &owner, &bob, 500).unwrap(); // carol: 1500
    token.transfer(&mut chain, &bob, &dave, 200).unwrap(); // carol: 1300 (same block)

    let b3 = chain.next_block();
    token.delegate(&mut chain, &dave, Some(&dave)).unwrap(); // dave: 200
    token.delegate(&mut chain, &bob, Some(&dave)).unwrap(); // carol 0, dave 1500

    let b4 = chain.next_block();
    token.burn(&mut chain, &bob, 300).unwrap(); // dave 1200
    chain.next_block();

    let past = |chain: &mut Chain, who: &AccountId32, block| token.get_past_votes(chain, who, block).unwrap().unwrap();
    assert_eq!(past(&mut chain, &carol, b0), 0);
    assert_eq!(past(&mut chain, &carol, b1), 1_000);
    assert_eq!(past(&mut chain, &carol, b2), 1_300);
    assert_eq!(past(&mut chain, &carol, b3), 0);
    assert_eq!(past(&mut chain, &dave, b2), 0);
    assert_eq!(past(&mut chain, &dave, b3), 1_500);
    assert_eq!(past(&mut chain, &dave, b4), 1_200);
    assert_eq!(token.get_votes(&mut chain, &dave).unwrap(), 1_200);
    assert_eq!(token.num_checkpoints(&mut chain, &carol).unwrap(), 3);
    assert_eq!(token.checkpoints(&mut chain, &carol, 1).unwrap().map(|c| (c.block, c.votes)), Some((b2, 1_300)));
    assert_eq!(token.get_past_total_supply(&mut chain, b3).unwrap(), Ok(10_000));
    assert_eq!(token.get_past_total_supply(&mut chain, b4).unwrap(), Ok(9_700));
    let now = chain.block_number();
    assert_eq!(token.get_past_votes(&mut chain, &dave, now).unwrap(), Err(CreditError::FutureLookup));
}

// ---- the credit_core router ----------------------------------------------------

/// The same story on the routed token and on the standalone full contract gives
/// the same balances, errors and events.
#[test]
fn router_and_standalone_contract_agree() {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let (bob, carol) = (chain.account(2), chain.account(3));
    let routed = Credit::deploy(&mut chain, &owner, Some(1_000)).unwrap();
    let standalone = Credit::deploy_standalone(&mut chain, &owner, Some(1_000)).unwrap();
    let mut trace = Vec::new();
    for token in [&routed, &standalone] {
        let mut seen = Vec::new();
        let mut note = |label: &str, value: String, events: usize| seen.push(format!("{label}: {value} ({events} events)"));
        let out = token.transfer(&mut chain, &owner, &bob, 300).unwrap();
        note("transfer", format!("{:?}", out.value), out.events.len());
        let out = token.approve(&mut chain, &bob, &carol, 100).unwrap();
        note("approve", format!("{:?}", out.value), out.events.len());
        let out = token.transfer_from(&mut chain, &carol, &bob, &owner, 150).unwrap();
        note("transfer_from over allowance", format!("{:?}", out.value), out.events.len());
        let out = token.delegate(&mut chain, &bob, Some(&bob)).unwrap();
        note("delegate (forwarded)", format!("{:?}", out.value), out.events.len());
        let out = token.freeze(&mut chain, &owner, &bob, 250).unwrap();
        note("freeze (forwarded)", format!("{:?}", out.value), out.events.len());
        let out = token.transfer(&mut chain, &bob, &carol, 60).unwrap();
        note("transfer frozen", format!("{:?}", out.value), out.events.len());
        let out = token.transfer(&mut chain, &bob, &carol, 50).unwrap();
        note("transfer unfrozen", format!("{:?}", out.value), out.events.len());
        let out = token.pause(&mut chain, &owner).unwrap();
        note("pause (forwarded)", format!("{:?}", out.value), out.events.len());
        let out = token.transfer(&mut chain, &owner, &carol, 1).unwrap();
        note("transfer paused", format!("{:?}", out.value), out.events.len());
        token.unpause(&mut chain, &owner).unwrap();
        for who in [&owner, &bob, &carol] {
            let state = (
                token.balance_of(&mut chain, who).unwrap(),
                token.frozen_balance_of(&mut chain, who).unwrap(),
                token.get_votes(&mut chain, who).unwrap(),
                token.allowance(&mut chain, who, &carol).unwrap(),
            );
            note("state", format!("{state:?}"), 0);
        }
        trace.push(seen);
    }
    assert_eq!(trace[0], trace[1]);
    assert!(trace[0].iter().any(|l| l.contains("Custom(\"InsufficientUnfrozenBalance\")")));
}

#[test]
fn router_fixes_the_full_code_and_rejects_unknown_or_malformed_calls() {
    let Setup { mut chain, token, owner, bob, .. } = setup(1_000);
    let core = Bundle::load("credit_core").unwrap();
    let full = Bundle::load("credit").unwrap();
    let as_core = cos_e2e::Instance { address: token.0.address.clone(), bundle: core };
    let stored: ink::primitives::Hash = chain.query(&as_core, "extension_code_hash", ()).unwrap();
    assert_eq!(stored, chain.upload(&full, &owner).unwrap(), "the router runs the published full code");

    // A selector neither the router nor the full code knows.
    let out = chain.call_data::<()>(&token.0, &owner, "unknown", vec![1, 2, 3, 4]).unwrap();
    assert_eq!(out.value, Err(ink::LangError::CouldNotReadInput));
    assert!(out.reverted);
    // A hot-path message with truncated arguments.
    let mut data = token.0.bundle.selector("PSP22::transfer").unwrap().to_vec();
    data.extend_from_slice(&[7; 10]);
    let out = chain.call_data::<()>(&token.0, &owner, "PSP22::transfer", data).unwrap();
    assert_eq!(out.value, Err(ink::LangError::CouldNotReadInput));
    assert!(out.reverted);
    assert_eq!(token.balance_of(&mut chain, &owner).unwrap(), 1_000);
    assert_eq!(token.balance_of(&mut chain, &bob).unwrap(), 0);
}

/// The budget of issue "Foundation": a COS Credit transfer costs at most 1.10 x the
/// `ref_time` of one through the reference PSP22 token (gas is deterministic, so
/// this is a regression test, not a timing). `cargo xtask bench` prints the table.
#[test]
fn transfer_stays_within_the_gas_budget() {
    let reference = Bundle::load("psp22_reference").expect("`cargo xtask test` builds the reference token");
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let (bob, carol) = (chain.account(2), chain.account(3));
    let token = Credit::deploy(&mut chain, &owner, Some(1_000_000)).unwrap();
    let (reference, _) = chain
        .deploy(&reference, "new", (1_000_000u128, None::<String>, None::<String>, 8u8), &owner, vec![])
        .unwrap();
    let reference = Credit(reference);
    let mut cost = Vec::new();
    for t in [&token, &reference] {
        for who in [&bob, &carol] {
            t.transfer(&mut chain, &owner, who, 1_000).unwrap();
        }
        let out = t.transfer(&mut chain, &bob, &carol, 10).unwrap();
        assert_eq!(out.value, Ok(()));
        cost.push(out.gas.ref_time());
    }
    let ratio = cost[0] as f64 / cost[1] as f64;
    assert!(ratio <= 1.10, "credit transfer costs {ratio:.3} x the reference");
}

#[test]
fn router_needs_uploaded_full_code() {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let core = Bundle::load("credit_core").unwrap();
    let bogus = ink::primitives::Hash::from([9; 32]);
    assert!(chain.deploy(&core, "new", (Some(1_000u128), bogus), &owner, vec![]).is_err());
}
