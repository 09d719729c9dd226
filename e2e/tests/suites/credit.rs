//! drink tests of the release COS Credit bundles on the real pallet-contracts:
//! the shared PSP22 and ownership conformance suites on the routed and the
//! standalone token, the token's own rules, and the router's guarantees.
//! Build the bundles first: `cargo xtask build` (or `cargo xtask test`).

use cos_common::pausable::Paused;
use cos_e2e::TRANSFER_GAS_BUDGET;
use cos_sandbox::{
    suite::{self, CreditCalls},
    validate_mvp, Bundle, Chain,
};
use credit::{
    events::{DelegateVotesChanged, Frozen},
    CreditError, MAX_BATCH_LEN, MAX_SUPPLY, UNIT,
};
use ink::primitives::AccountId;
use psp22::{Approval, PSP22Burnable, PSP22Error, Transfer, PSP22};

mod routed {
    cos_common::psp22_conformance!(#[test] cos_e2e::CreditOnChain<true>);
    cos_common::ownable_conformance!(#[test] cos_e2e::CreditOnChain<true>);
}

mod standalone {
    cos_common::psp22_conformance!(#[test] cos_e2e::CreditOnChain<false>);
    cos_common::ownable_conformance!(#[test] cos_e2e::CreditOnChain<false>);
}

struct Setup {
    chain: Chain,
    token: CreditCalls,
    address: AccountId,
    owner: AccountId,
    bob: AccountId,
    carol: AccountId,
    dave: AccountId,
}

fn setup(initial_supply: u128) -> Setup {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let (bob, carol, dave) = (chain.account(2), chain.account(3), chain.account(4));
    let address = suite::deploy_credit(&mut chain, owner, Some(initial_supply)).expect("deploys");
    Setup {
        chain,
        token: suite::credit(address),
        address,
        owner,
        bob,
        carol,
        dave,
    }
}

fn custom(name: &str) -> Result<(), PSP22Error> {
    Err(PSP22Error::Custom(name.into()))
}

#[test]
fn bundles_are_mvp_wasm_and_deploy() {
    for name in ["credit", "credit_core"] {
        validate_mvp(&Bundle::load(name).unwrap().wasm).unwrap();
    }
    let Setup {
        mut chain,
        token,
        owner,
        ..
    } = setup(1_000 * UNIT);
    assert_eq!(chain.query(token.total_supply()).unwrap(), 1_000 * UNIT);
    assert_eq!(chain.query(token.balance_of(owner)).unwrap(), 1_000 * UNIT);
}

#[test]
fn default_constructor_issues_thirty_percent() {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let token = suite::credit(suite::deploy_credit(&mut chain, owner, None).unwrap());
    assert_eq!(chain.query(token.total_supply()).unwrap(), MAX_SUPPLY / 10 * 3);
}

#[test]
fn failed_calls_revert_and_emit_nothing() {
    let Setup {
        mut chain,
        mut token,
        owner,
        bob,
        carol,
        dave,
        ..
    } = setup(1_000);
    chain.call(owner, token.transfer(bob, 300, vec![])).unwrap();
    chain.call(bob, token.approve(carol, 100)).unwrap();
    for (outcome, expected) in [
        (
            chain.call(bob, token.transfer(carol, 301, vec![])).unwrap(),
            Err(PSP22Error::InsufficientBalance),
        ),
        (
            chain.call(carol, token.transfer_from(bob, dave, 101, vec![])).unwrap(),
            Err(PSP22Error::InsufficientAllowance),
        ),
    ] {
        assert_eq!(outcome.value, expected);
        assert!(outcome.reverted);
        assert!(outcome.events.is_empty());
    }
    assert_eq!(chain.query(token.balance_of(bob)).unwrap(), 300);
    assert_eq!(chain.query(token.allowance(bob, carol)).unwrap(), 100);
}

#[test]
fn frozen_tokens_cannot_move() {
    let Setup {
        mut chain,
        mut token,
        owner,
        bob,
        carol,
        ..
    } = setup(1_000);
    chain.call(owner, token.transfer(bob, 100, vec![])).unwrap();
    let out = chain.call(owner, token.freeze(bob, 80)).unwrap();
    assert_eq!(out.value, Ok(()));
    let frozen = out.events_of::<Frozen>();
    assert_eq!((frozen[0].amount, frozen[0].frozen), (80, 80));
    assert_eq!(chain.query(token.frozen_balance_of(bob)).unwrap(), 80);

    assert_eq!(
        chain.call(bob, token.transfer(carol, 21, vec![])).unwrap().value,
        custom("InsufficientUnfrozenBalance")
    );
    assert_eq!(
        chain.call(bob, token.burn(21)).unwrap().value,
        custom("InsufficientUnfrozenBalance")
    );
    assert_eq!(
        chain.call(bob, token.transfer(carol, 20, vec![])).unwrap().value,
        Ok(())
    );
    assert_eq!(chain.query(token.balance_of(bob)).unwrap(), 80);

    assert_eq!(
        chain.call(bob, token.freeze(bob, 1)).unwrap().value,
        Err(CreditError::NotOwner)
    );
    assert_eq!(
        chain.call(owner, token.unfreeze(bob, 81)).unwrap().value,
        Err(CreditError::InsufficientFrozenBalance)
    );
    assert_eq!(chain.call(owner, token.unfreeze(bob, 80)).unwrap().value, Ok(()));
    assert_eq!(
        chain.call(bob, token.transfer(carol, 80, vec![])).unwrap().value,
        Ok(())
    );
}

#[test]
fn pause_stops_movements_but_not_revocations() {
    let Setup {
        mut chain,
        mut token,
        owner,
        bob,
        carol,
        ..
    } = setup(1_000);
    chain.call(owner, token.transfer(bob, 100, vec![])).unwrap();
    chain.call(owner, token.set_minter(owner, true)).unwrap();
    chain.call(bob, token.approve(carol, 50)).unwrap();
    assert_eq!(
        chain.call(bob, token.pause()).unwrap().value,
        Err(CreditError::NotOwner)
    );
    let out = chain.call(owner, token.pause()).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Paused>().len(), 1);
    assert!(chain.query(token.paused()).unwrap());

    assert_eq!(
        chain.call(bob, token.transfer(carol, 1, vec![])).unwrap().value,
        custom("Paused")
    );
    assert_eq!(
        chain
            .call(carol, token.transfer_from(bob, carol, 1, vec![]))
            .unwrap()
            .value,
        custom("Paused")
    );
    assert_eq!(
        chain.call(bob, token.approve(carol, 51)).unwrap().value,
        custom("Paused")
    );
    assert_eq!(
        chain.call(bob, token.increase_allowance(carol, 1)).unwrap().value,
        custom("Paused")
    );
    assert_eq!(chain.call(bob, token.burn(1)).unwrap().value, custom("Paused"));
    assert_eq!(
        chain.call(owner, token.mint(bob, 1)).unwrap().value,
        Err(CreditError::Paused)
    );
    assert_eq!(
        chain.call(bob, token.batch_transfer(vec![(carol, 1)])).unwrap().value,
        Err(CreditError::Paused)
    );
    assert_eq!(
        chain.call(bob, token.delegate(Some(bob))).unwrap().value,
        Err(CreditError::Paused)
    );
    assert_eq!(chain.query(token.balance_of(bob)).unwrap(), 100);

    // Revocations work while paused: on the router's hot path (approve) and
    // in the full code (decrease_allowance).
    let out = chain.call(bob, token.decrease_allowance(carol, 20)).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Approval>()[0].amount, 30);
    let out = chain.call(bob, token.approve(carol, 0)).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Approval>()[0].amount, 0);
    assert_eq!(chain.query(token.allowance(bob, carol)).unwrap(), 0);

    assert_eq!(chain.call(owner, token.unpause()).unwrap().value, Ok(()));
    assert_eq!(
        chain.call(owner, token.unpause()).unwrap().value,
        Err(CreditError::NotPaused)
    );
    assert_eq!(chain.call(bob, token.transfer(carol, 1, vec![])).unwrap().value, Ok(()));
}

#[test]
fn batch_transfer_is_bounded_and_all_or_nothing() {
    let Setup {
        mut chain,
        mut token,
        owner,
        bob,
        carol,
        ..
    } = setup(1_000_000);
    let recipients: Vec<AccountId> = (10..20).map(|n| chain.account(n)).collect();
    let payments: Vec<(AccountId, u128)> = recipients.iter().copied().zip(1..=10u128).collect();
    let out = chain.call(owner, token.batch_transfer(payments.clone())).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Transfer>().len(), 10);
    for (who, value) in &payments {
        assert_eq!(chain.query(token.balance_of(*who)).unwrap(), *value);
    }
    assert_eq!(chain.query(token.balance_of(owner)).unwrap(), 1_000_000 - 55);

    let too_many = vec![(bob, 1); MAX_BATCH_LEN as usize + 1];
    assert_eq!(
        chain.call(owner, token.batch_transfer(too_many)).unwrap().value,
        Err(CreditError::BatchTooLarge)
    );
    let out = chain
        .call(owner, token.batch_transfer(vec![(bob, 500_000), (carol, 499_946)]))
        .unwrap();
    assert_eq!(out.value, Err(CreditError::InsufficientBalance));
    assert!(out.reverted);
    assert_eq!(chain.query(token.balance_of(bob)).unwrap(), 0);
    let full = vec![(bob, 1); MAX_BATCH_LEN as usize];
    assert_eq!(chain.call(owner, token.batch_transfer(full)).unwrap().value, Ok(()));
    assert_eq!(chain.query(token.balance_of(bob)).unwrap(), u128::from(MAX_BATCH_LEN));
}

#[test]
fn minting_stops_at_the_cap() {
    let Setup {
        mut chain,
        mut token,
        owner,
        bob,
        ..
    } = setup(MAX_SUPPLY - 10);
    assert_eq!(
        chain.call(owner, token.mint(bob, 1)).unwrap().value,
        Err(CreditError::NotMinter)
    );
    assert_eq!(
        chain.call(bob, token.set_minter(bob, true)).unwrap().value,
        Err(CreditError::NotOwner)
    );
    chain.call(owner, token.set_minter(bob, true)).unwrap();
    assert_eq!(
        chain.call(bob, token.mint(bob, 11)).unwrap().value,
        Err(CreditError::CapExceeded)
    );
    let out = chain.call(bob, token.mint(bob, 10)).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<Transfer>()[0].from, None);
    assert_eq!(chain.query(token.total_supply()).unwrap(), MAX_SUPPLY);
    assert_eq!(
        chain.call(bob, token.mint(bob, 1)).unwrap().value,
        Err(CreditError::CapExceeded)
    );
}

#[test]
fn checkpoints_across_blocks() {
    let Setup {
        mut chain,
        mut token,
        owner,
        bob,
        carol,
        dave,
        ..
    } = setup(10_000);
    chain.call(owner, token.transfer(bob, 1_000, vec![])).unwrap();
    let b0 = chain.block_number();

    let b1 = chain.next_block();
    let out = chain.call(bob, token.delegate(Some(carol))).unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = out.events_of::<DelegateVotesChanged>();
    assert_eq!((moved[0].previous_votes, moved[0].new_votes), (0, 1_000));

    let b2 = chain.next_block();
    chain.call(owner, token.transfer(bob, 500, vec![])).unwrap(); // carol: 1500
    chain.call(bob, token.transfer(dave, 200, vec![])).unwrap(); // carol: 1300 (same block)

    let b3 = chain.next_block();
    chain.call(dave, token.delegate(Some(dave))).unwrap(); // dave: 200
    chain.call(bob, token.delegate(Some(dave))).unwrap(); // carol 0, dave 1500

    let b4 = chain.next_block();
    chain.call(bob, token.burn(300)).unwrap(); // dave 1200
    chain.next_block();

    let mut past = |who: AccountId, block| chain.query(token.get_past_votes(who, block)).unwrap().unwrap();
    assert_eq!(past(carol, b0), 0);
    assert_eq!(past(carol, b1), 1_000);
    assert_eq!(past(carol, b2), 1_300);
    assert_eq!(past(carol, b3), 0);
    assert_eq!(past(dave, b2), 0);
    assert_eq!(past(dave, b3), 1_500);
    assert_eq!(past(dave, b4), 1_200);
    assert_eq!(chain.query(token.get_votes(dave)).unwrap(), 1_200);
    assert_eq!(chain.query(token.num_checkpoints(carol)).unwrap(), 3);
    assert_eq!(
        chain
            .query(token.checkpoints(carol, 1))
            .unwrap()
            .map(|c| (c.block, c.votes)),
        Some((b2, 1_300))
    );
    assert_eq!(chain.query(token.get_past_total_supply(b3)).unwrap(), Ok(10_000));
    assert_eq!(chain.query(token.get_past_total_supply(b4)).unwrap(), Ok(9_700));
    let now = chain.block_number();
    assert_eq!(
        chain.query(token.get_past_votes(dave, now)).unwrap(),
        Err(CreditError::FutureLookup)
    );
}

// ---- the credit_core router ----------------------------------------------------

#[test]
fn router_fixes_the_full_code_and_rejects_unknown_or_truncated_calls() {
    let Setup {
        mut chain,
        token,
        address,
        owner,
        bob,
        ..
    } = setup(1_000);
    let core = suite::credit_core(address);
    let stored = chain.query(core.extension_code_hash()).unwrap();
    let full = Bundle::load("credit").unwrap();
    assert_eq!(
        stored,
        chain.upload(&full, owner).unwrap(),
        "the router runs the published full code"
    );

    // A selector neither the router nor the full code knows.
    let out = chain.call_data::<()>(address, owner, vec![1, 2, 3, 4]).unwrap();
    assert_eq!(out.value, Err(ink::LangError::CouldNotReadInput));
    assert!(out.reverted);
    // A hot-path message with truncated arguments.
    let mut data = full.selector("PSP22::transfer").unwrap().to_vec();
    data.extend_from_slice(&[7; 10]);
    let out = chain.call_data::<()>(address, owner, data).unwrap();
    assert_eq!(out.value, Err(ink::LangError::CouldNotReadInput));
    assert!(out.reverted);
    assert_eq!(chain.query(token.balance_of(owner)).unwrap(), 1_000);
    assert_eq!(chain.query(token.balance_of(bob)).unwrap(), 0);
}

#[test]
fn router_needs_uploaded_full_code() {
    let mut chain = Chain::new();
    let owner = chain.account(1);
    let core = Bundle::load("credit_core").unwrap();
    let bogus = ink::primitives::Hash::from([9; 32]);
    let constructor = credit_core::credit_core::CreditCoreRef::new(Some(1_000), bogus);
    assert!(chain.instantiate(&core, constructor, owner).is_err());
}

/// The router declares no storage of its own but the one cell it adds: its
/// layout in `credit_core.json` must equal the full contract's in `credit.json`,
/// field for field and key for key.
#[test]
fn router_and_full_contract_share_one_storage_layout() {
    let full = Bundle::load("credit").unwrap();
    let core = Bundle::load("credit_core").unwrap();
    let fields = |bundle: &Bundle| {
        let root = &bundle.metadata["storage"]["root"];
        let fields = root["layout"]["struct"]["fields"]
            .as_array()
            .expect("a struct layout")
            .clone();
        (root["root_key"].clone(), fields)
    };
    let (full_key, full_fields) = fields(&full);
    let (core_key, mut core_fields) = fields(&core);
    assert_eq!(full_key, core_key, "same root key");
    let extension = core_fields.pop().expect("the router's own cell");
    assert_eq!(extension["name"], "extension");
    let key = extension["layout"]["root"]["root_key"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let manual = format!("{:08x}", credit_core::EXTENSION_KEY);
    let swapped = format!("{:08x}", credit_core::EXTENSION_KEY.swap_bytes());
    assert!(
        key.contains(&manual) || key.contains(&swapped),
        "the router's cell sits at EXTENSION_KEY: {key}"
    );
    assert!(!full_fields.is_empty());
    // Each file numbers its types itself: compare fields with type ids replaced by the types.
    let full_fields = cos_e2e::resolve_types(&full.metadata, &serde_json::Value::Array(full_fields));
    let core_fields = cos_e2e::resolve_types(&core.metadata, &serde_json::Value::Array(core_fields));
    assert!(full_fields.to_string().contains("CreditState"), "{full_fields}");
    assert_eq!(
        full_fields, core_fields,
        "every field of the full contract, in the router, identical"
    );
}

/// The budget of issue "Foundation": a COS Credit transfer costs at most
/// `TRANSFER_GAS_BUDGET` x the `ref_time` of one through the reference PSP22
/// token (gas is deterministic: a regression test, not a timing).
#[test]
fn transfer_stays_within_the_gas_budget() {
    let reference = Bundle::load("psp22_reference").expect("`cargo xtask test` builds the reference token");
    let Setup {
        mut chain,
        token,
        owner,
        bob,
        carol,
        ..
    } = setup(1_000_000);
    let data = cos_e2e::reference_constructor(&reference, 1_000_000).unwrap();
    let (reference, _) = chain.instantiate_data(&reference, data, owner).unwrap();
    let mut cost = Vec::new();
    for mut t in [token, suite::credit(reference)] {
        for who in [bob, carol] {
            chain.call(owner, t.transfer(who, 1_000, vec![])).unwrap();
        }
        let out = chain.call(bob, t.transfer(carol, 10, vec![])).unwrap();
        assert_eq!(out.value, Ok(()));
        cost.push(out.gas.ref_time());
    }
    let ratio = cost[0] as f64 / cost[1] as f64;
    assert!(
        ratio <= TRANSFER_GAS_BUDGET,
        "credit transfer costs {ratio:.3} x the reference"
    );
}
