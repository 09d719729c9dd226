//! COS Credit's ink! 6 build on the in-process pallet-revive 0.18 chain: the
//! shared PSP22 and ownership suites, and what differs by platform (accounts
//! are H160 addresses, block time comes in seconds and the pause clock still
//! counts milliseconds).

use cos_e2e_revive::CreditOnRevive;
use cos_revive_chain::{BLOCK_TIME_MS, H160};
use credit::CreditError;
use psp22::PSP22Error;

mod conformance {
    cos_common::psp22_conformance!(
        #[test]
        cos_e2e_revive::CreditOnRevive
    );
    cos_common::ownable_conformance!(
        #[test]
        cos_e2e_revive::CreditOnRevive
    );

    /// The reference token passes the same suite: a check of the harness.
    mod reference {
        cos_common::psp22_conformance!(
            #[test]
            cos_e2e_revive::ReferenceOnRevive
        );
    }
}

#[test]
fn metadata_and_supply_read_the_same_as_on_pallet_contracts() {
    let mut h = CreditOnRevive::new(5_000);
    assert_eq!(
        h.read::<Option<String>>("PSP22Metadata::token_name", ()),
        Some("COS Credit".into())
    );
    assert_eq!(
        h.read::<Option<String>>("PSP22Metadata::token_symbol", ()),
        Some("COS".into())
    );
    assert_eq!(h.read::<u8>("PSP22Metadata::token_decimals", ()), 8);
    assert_eq!(h.read::<u128>("max_supply", ()), credit::MAX_SUPPLY);
    let owner = h.person(0);
    let owner = h.address(owner);
    assert_eq!(h.read::<u128>("PSP22::balance_of", owner), 5_000);
}

#[test]
fn a_pause_refuses_transfers_changes_nothing_and_its_clock_counts_milliseconds() {
    let mut h = CreditOnRevive::new(1_000);
    let (owner, bob) = (h.person(0), h.person(1));
    let bob_address: H160 = h.address(bob);
    assert_eq!(
        h.send::<Result<(), CreditError>>(bob, "pause", ()),
        Err(CreditError::NotOwner)
    );
    assert_eq!(h.send::<Result<(), CreditError>>(owner, "pause", ()), Ok(()));
    assert!(h.read::<bool>("paused", ()));
    let refused: Result<(), PSP22Error> = h.send(owner, "PSP22::transfer", (bob_address, 10u128, Vec::<u8>::new()));
    assert_eq!(refused, Err(PSP22Error::Custom("Paused".into())));
    assert_eq!(h.read::<u128>("PSP22::balance_of", bob_address), 0, "nothing moved");
    for _ in 0..3 {
        h.chain.next_block();
    }
    // pallet-revive hands ink! 6 seconds; the shell gives the rules milliseconds.
    assert_eq!(h.read::<u64>("paused_time", ()), 3 * BLOCK_TIME_MS);
    assert_eq!(h.send::<Result<(), CreditError>>(owner, "unpause", ()), Ok(()));
    h.chain.next_block();
    assert_eq!(
        h.read::<u64>("paused_time", ()),
        3 * BLOCK_TIME_MS,
        "the clock stops with the pause"
    );
    let moved: Result<(), PSP22Error> = h.send(owner, "PSP22::transfer", (bob_address, 10u128, Vec::<u8>::new()));
    assert_eq!(moved, Ok(()));
    assert_eq!(h.read::<u128>("PSP22::balance_of", bob_address), 10);
}

#[test]
fn frozen_tokens_do_not_move_on_pallet_revive_either() {
    let mut h = CreditOnRevive::new(1_000);
    let (owner, bob) = (h.person(0), h.person(1));
    let (owner_address, bob_address) = (h.address(owner), h.address(bob));
    assert_eq!(
        h.send::<Result<(), CreditError>>(owner, "freeze", (owner_address, 900u128)),
        Ok(())
    );
    assert_eq!(h.read::<u128>("frozen_balance_of", owner_address), 900);
    let refused: Result<(), PSP22Error> = h.send(owner, "PSP22::transfer", (bob_address, 101u128, Vec::<u8>::new()));
    assert_eq!(refused, Err(PSP22Error::Custom("InsufficientUnfrozenBalance".into())));
    let moved: Result<(), PSP22Error> = h.send(owner, "PSP22::transfer", (bob_address, 100u128, Vec::<u8>::new()));
    assert_eq!(moved, Ok(()));
    assert_eq!(h.read::<u128>("PSP22::balance_of", owner_address), 900);
}
