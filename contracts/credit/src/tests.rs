//! Unit tests of every message and every error path, on ink!'s off-chain engine.
//!
//! Each failing call is checked to change nothing: no balance, allowance, frozen
//! amount, supply or vote moves, and no event is emitted.

use crate::{
    credit::Credit,
    events::{DelegateChanged, DelegateVotesChanged, Frozen, MinterChanged, Unfrozen},
    CreditError, DEFAULT_INITIAL_SUPPLY, MAX_BATCH_LEN, MAX_SUPPLY,
};
use cos_common::{
    ownable::{OwnershipTransferStarted, OwnershipTransferred},
    testing::{OwnableHarness, Psp22Event, Psp22Harness},
    OwnableError,
};
use ink::{
    env::{
        test::{self, DefaultAccounts, EmittedEvent},
        DefaultEnvironment,
    },
    primitives::AccountId,
    scale::Decode,
};
use psp22::{Approval, PSP22Burnable, PSP22Error, PSP22Metadata, Transfer, PSP22};

type E = DefaultEnvironment;

fn accounts() -> DefaultAccounts<E> {
    test::default_accounts::<E>()
}

fn set_caller(account: AccountId) {
    test::set_caller::<E>(account);
}

fn events() -> Vec<EmittedEvent> {
    test::recorded_events().collect()
}

fn decode<T: Decode>(event: &EmittedEvent) -> T {
    T::decode(&mut &event.data[..]).expect("event decodes")
}

fn transfer_of(event: &EmittedEvent) -> (Option<AccountId>, Option<AccountId>, u128) {
    let t: Transfer = decode(event);
    (t.from, t.to, t.value)
}

/// Alice deploys with 1,000 units; Bob has 100 of them.
fn setup() -> Credit {
    let a = accounts();
    set_caller(a.alice);
    let mut token = Credit::new(Some(1_000)).expect("deploys");
    token.transfer(a.bob, 100, vec![]).expect("transfer");
    token
}

/// Everything observable about alice, bob, charlie and django, plus supply and pause.
fn snapshot(token: &Credit) -> Vec<u128> {
    let a = accounts();
    let mut state = vec![
        token.total_supply(),
        u128::from(token.paused()),
        u128::from(token.paused_time()),
    ];
    for who in [a.alice, a.bob, a.charlie, a.django] {
        state.push(token.balance_of(who));
        state.push(token.frozen_balance_of(who));
        state.push(token.get_votes(who));
        for spender in [a.alice, a.bob, a.charlie, a.django] {
            state.push(token.allowance(who, spender));
        }
    }
    state
}

/// Runs `call`, expects `error`, and checks that nothing changed.
fn assert_rejected<T: core::fmt::Debug>(
    token: &mut Credit,
    error: CreditError,
    call: impl FnOnce(&mut Credit) -> Result<T, CreditError>,
) {
    let before = snapshot(token);
    let events_before = events().len();
    assert_eq!(call(token).unwrap_err(), error);
    assert_eq!(snapshot(token), before, "state changed on {error:?}");
    assert_eq!(events().len(), events_before, "event emitted on {error:?}");
}

fn psp22_rejected(token: &mut Credit, error: CreditError, call: impl FnOnce(&mut Credit) -> Result<(), PSP22Error>) {
    assert_rejected(token, error, |t| {
        call(t).map_err(|e| match e {
            PSP22Error::InsufficientBalance => CreditError::InsufficientBalance,
            PSP22Error::InsufficientAllowance => CreditError::InsufficientAllowance,
            PSP22Error::Custom(name) => [
                CreditError::InsufficientUnfrozenBalance,
                CreditError::ZeroAmount,
                CreditError::Paused,
                CreditError::Overflow,
            ]
            .into_iter()
            .find(|c| c.as_str() == name)
            .expect("known custom error"),
            other => panic!("unexpected {other:?}"),
        })
    });
}

// ---- constructor and metadata ----------------------------------------------

#[ink::test]
fn new_issues_initial_supply_to_deployer() {
    let a = accounts();
    set_caller(a.alice);
    let token = Credit::new(Some(5_000)).unwrap();
    assert_eq!(token.total_supply(), 5_000);
    assert_eq!(token.balance_of(a.alice), 5_000);
    assert_eq!(token.owner(), a.alice);
    let ev = events();
    assert_eq!(ev.len(), 1);
    assert_eq!(transfer_of(&ev[0]), (None, Some(a.alice), 5_000));
}

#[ink::test]
fn new_defaults_to_thirty_percent_of_max_supply() {
    let token = Credit::new(None).unwrap();
    assert_eq!(DEFAULT_INITIAL_SUPPLY, 30_720_000_000 * crate::UNIT);
    assert_eq!(token.total_supply(), DEFAULT_INITIAL_SUPPLY);
    assert_eq!(token.max_supply(), 102_400_000_000 * 100_000_000);
}

#[ink::test]
fn new_with_zero_supply_emits_nothing() {
    let token = Credit::new(Some(0)).unwrap();
    assert_eq!(token.total_supply(), 0);
    assert!(events().is_empty());
}

#[ink::test]
fn new_rejects_supply_above_cap() {
    assert_eq!(Credit::new(Some(MAX_SUPPLY + 1)).err(), Some(CreditError::CapExceeded));
    assert!(Credit::new(Some(MAX_SUPPLY)).is_ok());
}

#[ink::test]
fn metadata_is_cos_credit() {
    let token = setup();
    assert_eq!(token.token_name().as_deref(), Some("COS Credit"));
    assert_eq!(token.token_symbol().as_deref(), Some("COS"));
    assert_eq!(token.token_decimals(), 8);
}

// ---- transfer --------------------------------------------------------------

#[ink::test]
fn transfer_moves_tokens_and_emits_transfer() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.transfer(a.charlie, 40, vec![]).unwrap();
    assert_eq!(token.balance_of(a.bob), 60);
    assert_eq!(token.balance_of(a.charlie), 40);
    assert_eq!(token.total_supply(), 1_000);
    assert_eq!(
        transfer_of(events().last().unwrap()),
        (Some(a.bob), Some(a.charlie), 40)
    );
}

#[ink::test]
fn transfer_of_whole_balance_empties_account() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.transfer(a.charlie, 100, vec![]).unwrap();
    assert_eq!(token.balance_of(a.bob), 0);
    assert_eq!(token.balance_of(a.charlie), 100);
}

#[ink::test]
fn transfer_beyond_the_balance_is_rejected_without_change() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    psp22_rejected(&mut token, CreditError::InsufficientBalance, |t| {
        t.transfer(a.charlie, 101, vec![])
    });
}

// ---- allowances ------------------------------------------------------------

#[ink::test]
fn approve_sets_allowance_and_emits_approval() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.approve(a.charlie, 30).unwrap();
    assert_eq!(token.allowance(a.bob, a.charlie), 30);
    let ev: Approval = decode(events().last().unwrap());
    assert_eq!((ev.owner, ev.spender, ev.amount), (a.bob, a.charlie, 30));
    token.approve(a.charlie, 0).unwrap();
    assert_eq!(token.allowance(a.bob, a.charlie), 0);
}

#[ink::test]
fn increase_and_decrease_allowance() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.increase_allowance(a.charlie, 10).unwrap();
    token.increase_allowance(a.charlie, 5).unwrap();
    assert_eq!(token.allowance(a.bob, a.charlie), 15);
    token.decrease_allowance(a.charlie, 15).unwrap();
    assert_eq!(token.allowance(a.bob, a.charlie), 0);
    let ev: Approval = decode(events().last().unwrap());
    assert_eq!(ev.amount, 0);
    psp22_rejected(&mut token, CreditError::InsufficientAllowance, |t| {
        t.decrease_allowance(a.charlie, 1)
    });
    token.increase_allowance(a.charlie, u128::MAX).unwrap();
    psp22_rejected(&mut token, CreditError::Overflow, |t| {
        t.increase_allowance(a.charlie, 1)
    });
}

#[ink::test]
fn transfer_from_spends_allowance() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.approve(a.charlie, 50).unwrap();
    set_caller(a.charlie);
    token.transfer_from(a.bob, a.django, 20, vec![]).unwrap();
    assert_eq!(token.balance_of(a.bob), 80);
    assert_eq!(token.balance_of(a.django), 20);
    assert_eq!(token.allowance(a.bob, a.charlie), 30);
    let ev = events();
    let approval: Approval = decode(&ev[ev.len() - 2]);
    assert_eq!(approval.amount, 30);
    assert_eq!(transfer_of(&ev[ev.len() - 1]), (Some(a.bob), Some(a.django), 20));
}

#[ink::test]
fn transfer_from_by_owner_needs_no_allowance() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.transfer_from(a.bob, a.charlie, 10, vec![]).unwrap();
    assert_eq!(token.balance_of(a.charlie), 10);
}

#[ink::test]
fn transfer_from_bad_input_is_rejected_without_change() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.approve(a.charlie, 500).unwrap();
    set_caller(a.charlie);
    psp22_rejected(&mut token, CreditError::InsufficientBalance, |t| {
        t.transfer_from(a.bob, a.alice, 101, vec![])
    });
    psp22_rejected(&mut token, CreditError::InsufficientAllowance, |t| {
        t.transfer_from(a.alice, a.bob, 1, vec![])
    });
    set_caller(a.bob);
    token.approve(a.charlie, 5).unwrap();
    set_caller(a.charlie);
    psp22_rejected(&mut token, CreditError::InsufficientAllowance, |t| {
        t.transfer_from(a.bob, a.alice, 6, vec![])
    });
}

// ---- mint and burn ---------------------------------------------------------

#[ink::test]
fn owner_appoints_minters_who_mint_up_to_the_cap() {
    let a = accounts();
    set_caller(a.alice);
    let mut token = Credit::new(Some(MAX_SUPPLY - 100)).unwrap();
    token.set_minter(a.bob, true).unwrap();
    let ev: MinterChanged = decode(events().last().unwrap());
    assert_eq!((ev.account, ev.enabled), (a.bob, true));
    assert!(token.is_minter(a.bob));
    let events_before = events().len();
    token.set_minter(a.bob, true).unwrap();
    assert_eq!(events().len(), events_before, "no change, no event");

    set_caller(a.bob);
    token.mint(a.charlie, 60).unwrap();
    assert_eq!(token.balance_of(a.charlie), 60);
    assert_eq!(transfer_of(events().last().unwrap()), (None, Some(a.charlie), 60));
    assert_rejected(&mut token, CreditError::CapExceeded, |t| t.mint(a.charlie, 41));
    assert_rejected(&mut token, CreditError::CapExceeded, |t| t.mint(a.charlie, u128::MAX));
    assert_rejected(&mut token, CreditError::ZeroAmount, |t| t.mint(a.charlie, 0));
    token.mint(a.charlie, 40).unwrap();
    assert_eq!(token.total_supply(), MAX_SUPPLY);

    set_caller(a.alice);
    token.set_minter(a.bob, false).unwrap();
    set_caller(a.bob);
    assert_rejected(&mut token, CreditError::NotMinter, |t| t.mint(a.charlie, 1));
}

#[ink::test]
fn non_minters_and_non_owners_cannot_mint_or_appoint() {
    let a = accounts();
    let mut token = setup();
    assert_rejected(&mut token, CreditError::NotMinter, |t| t.mint(a.alice, 1));
    set_caller(a.bob);
    assert_rejected(&mut token, CreditError::NotOwner, |t| t.set_minter(a.bob, true));
    assert!(!token.is_minter(a.bob));
}

#[ink::test]
fn burn_destroys_unfrozen_tokens() {
    let a = accounts();
    let mut token = setup();
    set_caller(a.bob);
    token.burn(30).unwrap();
    assert_eq!(token.balance_of(a.bob), 70);
    assert_eq!(token.total_supply(), 970);
    assert_eq!(transfer_of(events().last().unwrap()), (Some(a.bob), None, 30));
    let before = events().len();
    token.burn(0).unwrap();
    assert_eq!(events().len(), before, "burning zero is a no-op");
    psp22_rejected(&mut token, CreditError::InsufficientBalance, |t| t.burn(71));
}

// ---- freeze ----------------------------------------------------------------

#[ink::test]
fn frozen_tokens_cannot_move() {
    let a = accounts();
    let mut token = setup();
    token.freeze(a.bob, 70).unwrap();
    let ev: Frozen = decode(events().last().unwrap());
    assert_eq!((ev.account, ev.amount, ev.frozen), (a.bob, 70, 70));
    assert_eq!(token.frozen_balance_of(a.bob), 70);
    assert_eq!(token.balance_of(a.bob), 100, "frozen tokens stay in the balance");

    set_caller(a.bob);
    token.approve(a.charlie, 100).unwrap();
    psp22_rejected(&mut token, CreditError::InsufficientUnfrozenBalance, |t| {
        t.transfer(a.charlie, 31, vec![])
    });
    psp22_rejected(&mut token, CreditError::InsufficientUnfrozenBalance, |t| t.burn(31));
    assert_rejected(&mut token, CreditError::InsufficientUnfrozenBalance, |t| {
        t.batch_transfer(vec![(a.charlie, 20), (a.django, 11)])
    });
    set_caller(a.charlie);
    psp22_rejected(&mut token, CreditError::InsufficientUnfrozenBalance, |t| {
        t.transfer_from(a.bob, a.charlie, 31, vec![])
    });
    set_caller(a.bob);
    token.transfer(a.charlie, 30, vec![]).unwrap();
    assert_eq!(token.balance_of(a.bob), 70);

    set_caller(a.alice);
    token.unfreeze(a.bob, 50).unwrap();
    let ev: Unfrozen = decode(events().last().unwrap());
    assert_eq!((ev.account, ev.amount, ev.frozen), (a.bob, 50, 20));
    set_caller(a.bob);
    token.transfer(a.charlie, 50, vec![]).unwrap();
    assert_eq!(token.balance_of(a.bob), 20);
}

#[ink::test]
fn freeze_rules() {
    let a = accounts();
    let mut token = setup();
    assert_rejected(&mut token, CreditError::InsufficientBalance, |t| t.freeze(a.bob, 101));
    assert_rejected(&mut token, CreditError::ZeroAmount, |t| t.freeze(a.bob, 0));
    token.freeze(a.bob, 60).unwrap();
    assert_rejected(&mut token, CreditError::InsufficientBalance, |t| t.freeze(a.bob, 41));
    assert_rejected(&mut token, CreditError::InsufficientFrozenBalance, |t| {
        t.unfreeze(a.bob, 61)
    });
    assert_rejected(&mut token, CreditError::ZeroAmount, |t| t.unfreeze(a.bob, 0));
    set_caller(a.bob);
    assert_rejected(&mut token, CreditError::NotOwner, |t| t.freeze(a.charlie, 1));
    assert_rejected(&mut token, CreditError::NotOwner, |t| t.unfreeze(a.bob, 1));
}

// ---- pause -----------------------------------------------------------------

#[ink::test]
fn pause_stops_movements_but_not_revocations() {
    let a = accounts();
    let mut token = setup();
    token.set_minter(a.alice, true).unwrap();
    set_caller(a.bob);
    token.approve(a.charlie, 50).unwrap();
    assert_rejected(&mut token, CreditError::NotOwner, |t| t.pause());
    set_caller(a.alice);
    token.pause().unwrap();
    assert!(token.paused());
    assert_rejected(&mut token, CreditError::Paused, |t| t.pause());

    psp22_rejected(&mut token, CreditError::Paused, |t| t.transfer(a.bob, 1, vec![]));
    psp22_rejected(&mut token, CreditError::Paused, |t| t.burn(1));
    psp22_rejected(&mut token, CreditError::Paused, |t| t.approve(a.bob, 1));
    psp22_rejected(&mut token, CreditError::Paused, |t| t.increase_allowance(a.bob, 1));
    assert_rejected(&mut token, CreditError::Paused, |t| t.mint(a.bob, 1));
    assert_rejected(&mut token, CreditError::Paused, |t| t.batch_transfer(vec![(a.bob, 1)]));
    assert_rejected(&mut token, CreditError::Paused, |t| t.delegate(Some(a.alice)));
    set_caller(a.charlie);
    psp22_rejected(&mut token, CreditError::Paused, |t| {
        t.transfer_from(a.bob, a.charlie, 1, vec![])
    });

    // Revocations still work: bob lowers charlie's allowance, then clears it.
    set_caller(a.bob);
    token.decrease_allowance(a.charlie, 20).unwrap();
    assert_eq!(token.allowance(a.bob, a.charlie), 30);
    token.approve(a.charlie, 10).unwrap();
    psp22_rejected(&mut token, CreditError::Paused, |t| t.approve(a.charlie, 11));
    token.approve(a.charlie, 0).unwrap();
    assert_eq!(token.allowance(a.bob, a.charlie), 0);
    let ev: Approval = decode(events().last().unwrap());
    assert_eq!((ev.owner, ev.spender, ev.amount), (a.bob, a.charlie, 0));

    // The owner can still freeze during an emergency.
    set_caller(a.alice);
    token.freeze(a.bob, 10).unwrap();
    set_caller(a.bob);
    assert_rejected(&mut token, CreditError::NotOwner, |t| t.unpause());
    set_caller(a.alice);
    token.unpause().unwrap();
    assert!(!token.paused());
    assert_rejected(&mut token, CreditError::NotPaused, |t| t.unpause());
    token.transfer(a.bob, 1, vec![]).unwrap();
}

#[ink::test]
fn the_pause_clock_counts_paused_time_only() {
    let at = ink::env::test::set_block_timestamp::<E>;
    let a = accounts();
    let mut token = setup();
    at(1_000);
    assert_eq!(token.paused_time(), 0);
    token.pause().unwrap();
    at(1_400);
    assert_eq!(token.paused_time(), 400, "the current pause counts");
    set_caller(a.bob);
    assert_rejected(&mut token, CreditError::NotOwner, |t| t.unpause());
    set_caller(a.alice);
    token.unpause().unwrap();
    at(9_000);
    assert_eq!(token.paused_time(), 400, "stopped with the pause");
    token.pause().unwrap();
    assert_rejected(&mut token, CreditError::Paused, |t| t.pause());
    at(9_100);
    token.unpause().unwrap();
    assert_rejected(&mut token, CreditError::NotPaused, |t| t.unpause());
    at(20_000);
    assert_eq!(token.paused_time(), 500);
}

// ---- batch -----------------------------------------------------------------

#[ink::test]
fn batch_transfer_pays_everyone() {
    let a = accounts();
    let mut token = setup();
    let before = events().len();
    token
        .batch_transfer(vec![(a.bob, 10), (a.charlie, 20), (a.bob, 5)])
        .unwrap();
    assert_eq!(token.balance_of(a.alice), 865);
    assert_eq!(token.balance_of(a.bob), 115);
    assert_eq!(token.balance_of(a.charlie), 20);
    let ev = events();
    assert_eq!(ev.len() - before, 3);
    assert_eq!(transfer_of(&ev[before + 1]), (Some(a.alice), Some(a.charlie), 20));
}

#[ink::test]
fn batch_entries_of_zero_or_to_oneself_are_skipped() {
    let a = accounts();
    let mut token = setup();
    let before = events().len();
    token
        .batch_transfer(vec![(a.bob, 5), (a.charlie, 0), (a.alice, 7)])
        .unwrap();
    let ev = events();
    assert_eq!(ev.len() - before, 1, "one Transfer, for the one real payment");
    assert_eq!(transfer_of(&ev[before]), (Some(a.alice), Some(a.bob), 5));
    assert_eq!((token.balance_of(a.alice), token.balance_of(a.bob)), (895, 105));
    let before = events().len();
    token.batch_transfer(vec![(a.alice, 5), (a.bob, 0)]).unwrap();
    assert_eq!(events().len(), before, "nothing to pay: a no-op");
}

#[ink::test]
fn batch_transfer_is_all_or_nothing() {
    let a = accounts();
    let mut token = setup();
    assert_rejected(&mut token, CreditError::EmptyBatch, |t| t.batch_transfer(vec![]));
    assert_rejected(&mut token, CreditError::InsufficientBalance, |t| {
        t.batch_transfer(vec![(a.bob, 500), (a.charlie, 401)])
    });
    assert_rejected(&mut token, CreditError::Overflow, |t| {
        t.batch_transfer(vec![(a.bob, u128::MAX), (a.charlie, 1)])
    });
    let too_long = vec![(a.bob, 1); MAX_BATCH_LEN as usize + 1];
    assert_rejected(&mut token, CreditError::BatchTooLarge, |t| t.batch_transfer(too_long));
    let max = vec![(a.bob, 1); MAX_BATCH_LEN as usize];
    token.batch_transfer(max).unwrap();
    assert_eq!(token.balance_of(a.bob), 100 + u128::from(MAX_BATCH_LEN));
}

// ---- votes -----------------------------------------------------------------

#[ink::test]
fn undelegated_balances_carry_no_votes() {
    let a = accounts();
    let token = setup();
    assert_eq!(token.get_votes(a.alice), 0);
    assert_eq!(token.num_checkpoints(a.alice), 0);
    assert_eq!(token.delegates(a.alice), None);
}

#[ink::test]
fn delegation_moves_votes_and_writes_checkpoints() {
    let a = accounts();
    let mut token = setup(); // block 0
    test::advance_block::<E>(); // block 1
    set_caller(a.bob);
    token.delegate(Some(a.bob)).unwrap();
    let ev = events();
    let changed: DelegateChanged = decode(&ev[ev.len() - 2]);
    assert_eq!(
        (changed.delegator, changed.from_delegate, changed.to_delegate),
        (a.bob, None, Some(a.bob))
    );
    let votes: DelegateVotesChanged = decode(&ev[ev.len() - 1]);
    assert_eq!((votes.delegate, votes.previous_votes, votes.new_votes), (a.bob, 0, 100));
    assert_eq!(token.get_votes(a.bob), 100);

    // Redelegating to the same account changes nothing.
    let before = events().len();
    token.delegate(Some(a.bob)).unwrap();
    assert_eq!(events().len(), before);

    test::advance_block::<E>(); // block 2
    set_caller(a.alice);
    token.transfer(a.bob, 50, vec![]).unwrap(); // bob's votes: 150
    token.transfer(a.bob, 25, vec![]).unwrap(); // same block: same checkpoint, 175
    assert_eq!(token.num_checkpoints(a.bob), 2);
    assert_eq!(token.checkpoints(a.bob, 1).unwrap().votes, 175);

    test::advance_block::<E>(); // block 3
    set_caller(a.bob);
    token.delegate(Some(a.charlie)).unwrap();
    assert_eq!(token.get_votes(a.bob), 0);
    assert_eq!(token.get_votes(a.charlie), 175);

    test::advance_block::<E>(); // block 4
    set_caller(a.bob);
    token.transfer(a.alice, 75, vec![]).unwrap(); // alice has no delegate
    assert_eq!(token.get_votes(a.charlie), 100);

    test::advance_block::<E>(); // block 5
    assert_eq!(token.get_past_votes(a.bob, 0), Ok(0));
    assert_eq!(token.get_past_votes(a.bob, 1), Ok(100));
    assert_eq!(token.get_past_votes(a.bob, 2), Ok(175));
    assert_eq!(token.get_past_votes(a.bob, 3), Ok(0));
    assert_eq!(token.get_past_votes(a.charlie, 2), Ok(0));
    assert_eq!(token.get_past_votes(a.charlie, 3), Ok(175));
    assert_eq!(token.get_past_votes(a.charlie, 4), Ok(100));
    assert_eq!(token.get_past_votes(a.charlie, 5), Err(CreditError::FutureLookup));
    assert_eq!(token.get_past_votes(a.charlie, 6), Err(CreditError::FutureLookup));

    // Undelegating removes the votes.
    token.delegate(None).unwrap();
    assert_eq!(token.get_votes(a.charlie), 0);
}

#[ink::test]
fn mint_burn_and_batch_move_delegated_votes() {
    let a = accounts();
    let mut token = setup();
    token.set_minter(a.alice, true).unwrap();
    set_caller(a.bob);
    token.delegate(Some(a.bob)).unwrap();
    set_caller(a.alice);
    token.mint(a.bob, 10).unwrap();
    assert_eq!(token.get_votes(a.bob), 110);
    token.batch_transfer(vec![(a.bob, 5), (a.charlie, 5)]).unwrap();
    assert_eq!(token.get_votes(a.bob), 115);
    set_caller(a.bob);
    token.burn(15).unwrap();
    assert_eq!(token.get_votes(a.bob), 100);
}

#[ink::test]
fn past_total_supply_follows_mint_and_burn() {
    let a = accounts();
    set_caller(a.alice);
    let mut token = Credit::new(Some(1_000)).unwrap(); // block 0
    token.set_minter(a.alice, true).unwrap();
    test::advance_block::<E>(); // 1
    token.mint(a.bob, 500).unwrap();
    test::advance_block::<E>(); // 2
    token.burn(200).unwrap();
    test::advance_block::<E>(); // 3
    assert_eq!(token.get_past_total_supply(0), Ok(1_000));
    assert_eq!(token.get_past_total_supply(1), Ok(1_500));
    assert_eq!(token.get_past_total_supply(2), Ok(1_300));
    assert_eq!(token.get_past_total_supply(3), Err(CreditError::FutureLookup));
}

// ---- conformance suites -----------------------------------------------------

/// COS Credit on ink!'s off-chain engine, for the shared conformance suites.
struct OffChain {
    token: Credit,
    mark: usize,
}

impl OffChain {
    fn with_caller<T>(&mut self, caller: AccountId, call: impl FnOnce(&mut Credit) -> T) -> T {
        set_caller(caller);
        self.mark = events().len();
        call(&mut self.token)
    }

    fn new_events(&self) -> Vec<EmittedEvent> {
        events().split_off(self.mark.min(events().len()))
    }
}

fn signature<E: ink::env::Event>() -> Option<[u8; 32]> {
    E::SIGNATURE_TOPIC
}

impl Psp22Harness for OffChain {
    fn deploy(initial_supply: u128) -> Self {
        set_caller(accounts().alice);
        let token = Credit::new(Some(initial_supply)).expect("deploys");
        Self {
            token,
            mark: events().len(),
        }
    }
    fn account(&mut self, index: u8) -> AccountId {
        let a = accounts();
        [a.alice, a.bob, a.charlie, a.django, a.eve, a.frank][usize::from(index)]
    }
    fn total_supply(&mut self) -> u128 {
        self.token.total_supply()
    }
    fn balance_of(&mut self, owner: AccountId) -> u128 {
        self.token.balance_of(owner)
    }
    fn allowance(&mut self, owner: AccountId, spender: AccountId) -> u128 {
        self.token.allowance(owner, spender)
    }
    fn transfer(&mut self, caller: AccountId, to: AccountId, value: u128, data: Vec<u8>) -> Result<(), PSP22Error> {
        self.with_caller(caller, |t| t.transfer(to, value, data))
    }
    fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        data: Vec<u8>,
    ) -> Result<(), PSP22Error> {
        self.with_caller(caller, |t| t.transfer_from(from, to, value, data))
    }
    fn approve(&mut self, caller: AccountId, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
        self.with_caller(caller, |t| t.approve(spender, value))
    }
    fn increase_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        self.with_caller(caller, |t| t.increase_allowance(spender, delta))
    }
    fn decrease_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        self.with_caller(caller, |t| t.decrease_allowance(spender, delta))
    }
    fn last_events(&mut self) -> Vec<Psp22Event> {
        self.new_events()
            .iter()
            .filter_map(|e| match e.topics.first().cloned() {
                t if t == signature::<Transfer>().map(Vec::from) => {
                    let (from, to, value) = transfer_of(e);
                    Some(Psp22Event::Transfer { from, to, value })
                }
                t if t == signature::<Approval>().map(Vec::from) => {
                    let a: Approval = decode(e);
                    Some(Psp22Event::Approval {
                        owner: a.owner,
                        spender: a.spender,
                        amount: a.amount,
                    })
                }
                _ => None,
            })
            .collect()
    }
}

fn ownable_error(error: CreditError) -> OwnableError {
    match error {
        CreditError::NotOwner => OwnableError::NotOwner,
        CreditError::NotPendingOwner => OwnableError::NotPendingOwner,
        other => panic!("not an ownership error: {other:?}"),
    }
}

impl OwnableHarness for OffChain {
    fn deploy() -> Self {
        <Self as Psp22Harness>::deploy(1_000)
    }
    fn account(&mut self, index: u8) -> AccountId {
        <Self as Psp22Harness>::account(self, index)
    }
    fn owner(&mut self) -> AccountId {
        self.token.owner()
    }
    fn pending_owner(&mut self) -> Option<AccountId> {
        self.token.pending_owner()
    }
    fn transfer_ownership(&mut self, caller: AccountId, new_owner: Option<AccountId>) -> Result<(), OwnableError> {
        self.with_caller(caller, |t| t.transfer_ownership(new_owner))
            .map_err(ownable_error)
    }
    fn accept_ownership(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        self.with_caller(caller, |t| t.accept_ownership())
            .map_err(ownable_error)
    }
    fn owner_only(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let minter = accounts().frank;
        self.with_caller(caller, |t| t.set_minter(minter, !t.is_minter(minter)))
            .map_err(ownable_error)
    }
    fn ownership_events(&mut self) -> Vec<(AccountId, Option<AccountId>)> {
        self.new_events()
            .iter()
            .filter_map(|e| match e.topics.first().cloned() {
                t if t == signature::<OwnershipTransferStarted>().map(Vec::from) => {
                    let ev: OwnershipTransferStarted = decode(e);
                    Some((ev.previous_owner, ev.new_owner))
                }
                t if t == signature::<OwnershipTransferred>().map(Vec::from) => {
                    let ev: OwnershipTransferred = decode(e);
                    Some((ev.previous_owner, Some(ev.new_owner)))
                }
                _ => None,
            })
            .collect()
    }
}

mod conformance {
    use super::OffChain;
    cos_common::psp22_conformance!(
        #[ink::test]
        OffChain
    );
    cos_common::ownable_conformance!(
        #[ink::test]
        OffChain
    );
}

mod properties;
