//! Conformance suites, in the manner of Cardinal's PSP22 `testing.rs`: each is a
//! set of generic test functions over a small harness trait, and a macro that
//! turns them into `#[test]`s for one harness. The same suite then runs on a
//! token's unit-test engine and on the real Wasm in drink (standalone and
//! routed), and on every PSP22 token COS ships later.
//!
//! ```text
//! cos_common::psp22_conformance!(#[test] MyDrinkHarness);
//! cos_common::psp22_conformance!(#[ink::test] MyOffChainHarness);
//! ```

use crate::OwnableError;
use ::psp22::PSP22Error;
use ink::{prelude::vec::Vec, primitives::AccountId};

/// A PSP22 event as the suite sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Psp22Event {
    Transfer {
        from: Option<AccountId>,
        to: Option<AccountId>,
        value: u128,
    },
    Approval {
        owner: AccountId,
        spender: AccountId,
        amount: u128,
    },
}

/// A PSP22 token, freshly deployed for each test by `account(0)`, which holds
/// the whole initial supply.
pub trait Psp22Harness: Sized {
    /// Deploys the token with `initial_supply` held by `account(0)`.
    fn deploy(initial_supply: u128) -> Self;
    /// Distinct accounts; 0 is the deployer.
    fn account(&mut self, index: u8) -> AccountId;
    fn total_supply(&mut self) -> u128;
    fn balance_of(&mut self, owner: AccountId) -> u128;
    fn allowance(&mut self, owner: AccountId, spender: AccountId) -> u128;
    fn transfer(&mut self, caller: AccountId, to: AccountId, value: u128, data: Vec<u8>) -> Result<(), PSP22Error>;
    fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        data: Vec<u8>,
    ) -> Result<(), PSP22Error>;
    fn approve(&mut self, caller: AccountId, spender: AccountId, value: u128) -> Result<(), PSP22Error>;
    fn increase_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error>;
    fn decrease_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error>;
    /// The PSP22 events of the last call, in order (none if it failed).
    fn last_events(&mut self) -> Vec<Psp22Event>;
}

/// The generic PSP22 tests; [`psp22_conformance!`](crate::psp22_conformance) runs each.
pub mod psp22 {
    use super::*;

    pub const SUPPLY: u128 = 1_000;

    struct People {
        owner: AccountId,
        bob: AccountId,
        carol: AccountId,
    }

    fn people<H: Psp22Harness>(h: &mut H) -> People {
        People {
            owner: h.account(0),
            bob: h.account(1),
            carol: h.account(2),
        }
    }

    fn transfer_event(from: AccountId, to: AccountId, value: u128) -> Psp22Event {
        Psp22Event::Transfer {
            from: Some(from),
            to: Some(to),
            value,
        }
    }

    fn approval_event(owner: AccountId, spender: AccountId, amount: u128) -> Psp22Event {
        Psp22Event::Approval { owner, spender, amount }
    }

    /// Balances of the three people, their mutual allowances and the supply.
    fn state<H: Psp22Harness>(h: &mut H, p: &People) -> Vec<u128> {
        let mut s = Vec::from([h.total_supply()]);
        for a in [p.owner, p.bob, p.carol] {
            s.push(h.balance_of(a));
            for b in [p.owner, p.bob, p.carol] {
                s.push(h.allowance(a, b));
            }
        }
        s
    }

    /// Runs `call`, expects `error`, and checks that nothing changed and no event was emitted.
    fn rejected<H: Psp22Harness>(
        h: &mut H,
        p: &People,
        error: PSP22Error,
        call: impl FnOnce(&mut H) -> Result<(), PSP22Error>,
    ) {
        let before = state(h, p);
        assert_eq!(call(h), Err(error));
        assert_eq!(h.last_events(), Vec::new(), "a failed call emitted events");
        assert_eq!(state(h, p), before, "a failed call changed state");
    }

    /// Runs `call`, expects success with no event and no change.
    fn no_op<H: Psp22Harness>(h: &mut H, p: &People, call: impl FnOnce(&mut H) -> Result<(), PSP22Error>) {
        let before = state(h, p);
        assert_eq!(call(h), Ok(()));
        assert_eq!(h.last_events(), Vec::new(), "a no-op emitted events");
        assert_eq!(state(h, p), before, "a no-op changed state");
    }

    pub fn deploy_issues_the_supply_to_the_deployer<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        assert_eq!(h.total_supply(), SUPPLY);
        assert_eq!(h.balance_of(p.owner), SUPPLY);
        assert_eq!(h.balance_of(p.bob), 0);
        assert_eq!(h.allowance(p.owner, p.bob), 0);
    }

    pub fn transfer_moves_tokens_and_emits_transfer<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        assert_eq!(h.transfer(p.owner, p.bob, 300, Vec::new()), Ok(()));
        assert_eq!(h.last_events(), [transfer_event(p.owner, p.bob, 300)]);
        assert_eq!((h.balance_of(p.owner), h.balance_of(p.bob)), (700, 300));
        assert_eq!(h.transfer(p.bob, p.carol, 300, Vec::from([1, 2, 3])), Ok(()));
        assert_eq!((h.balance_of(p.bob), h.balance_of(p.carol)), (0, 300));
        assert_eq!(h.total_supply(), SUPPLY);
    }

    pub fn transfer_beyond_the_balance_fails<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        h.transfer(p.owner, p.bob, 10, Vec::new()).unwrap();
        rejected(&mut h, &p, PSP22Error::InsufficientBalance, |h| {
            h.transfer(p.bob, p.carol, 11, Vec::new())
        });
        rejected(&mut h, &p, PSP22Error::InsufficientBalance, |h| {
            h.transfer(p.carol, p.bob, 1, Vec::new())
        });
        rejected(&mut h, &p, PSP22Error::InsufficientBalance, |h| {
            h.transfer(p.owner, p.bob, u128::MAX, Vec::new())
        });
    }

    pub fn zero_and_self_transfers_are_silent_no_ops<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        no_op(&mut h, &p, |h| h.transfer(p.owner, p.bob, 0, Vec::new()));
        no_op(&mut h, &p, |h| h.transfer(p.carol, p.bob, 0, Vec::new()));
        no_op(&mut h, &p, |h| h.transfer(p.owner, p.owner, 10, Vec::new()));
        no_op(&mut h, &p, |h| h.transfer(p.owner, p.owner, SUPPLY + 1, Vec::new()));
        no_op(&mut h, &p, |h| h.transfer_from(p.bob, p.owner, p.carol, 0, Vec::new()));
        no_op(&mut h, &p, |h| h.transfer_from(p.bob, p.owner, p.owner, 5, Vec::new()));
    }

    pub fn approve_sets_the_allowance_and_emits_approval<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        assert_eq!(h.approve(p.owner, p.bob, 50), Ok(()));
        assert_eq!(h.last_events(), [approval_event(p.owner, p.bob, 50)]);
        assert_eq!(h.allowance(p.owner, p.bob), 50);
        assert_eq!(h.approve(p.owner, p.bob, 20), Ok(()), "approve overwrites");
        assert_eq!(h.allowance(p.owner, p.bob), 20);
        assert_eq!(h.approve(p.owner, p.bob, 0), Ok(()));
        assert_eq!(h.last_events(), [approval_event(p.owner, p.bob, 0)]);
        assert_eq!(h.allowance(p.owner, p.bob), 0);
        assert_eq!(h.approve(p.owner, p.bob, u128::MAX), Ok(()), "more than the balance");
        assert_eq!(h.allowance(p.owner, p.bob), u128::MAX);
    }

    pub fn self_approval_is_a_silent_no_op<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        no_op(&mut h, &p, |h| h.approve(p.owner, p.owner, 5));
        no_op(&mut h, &p, |h| h.increase_allowance(p.owner, p.owner, 5));
        no_op(&mut h, &p, |h| h.decrease_allowance(p.owner, p.owner, 5));
    }

    pub fn transfer_from_spends_the_allowance<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        h.approve(p.owner, p.bob, 100).unwrap();
        assert_eq!(h.transfer_from(p.bob, p.owner, p.carol, 60, Vec::new()), Ok(()));
        let events = h.last_events();
        assert!(events.contains(&transfer_event(p.owner, p.carol, 60)), "{events:?}");
        assert!(events.contains(&approval_event(p.owner, p.bob, 40)), "{events:?}");
        assert_eq!(events.len(), 2);
        assert_eq!(h.allowance(p.owner, p.bob), 40);
        assert_eq!(
            (h.balance_of(p.owner), h.balance_of(p.carol), h.balance_of(p.bob)),
            (940, 60, 0)
        );
        assert_eq!(
            h.transfer_from(p.bob, p.owner, p.bob, 40, Vec::new()),
            Ok(()),
            "to the spender"
        );
        assert_eq!(h.allowance(p.owner, p.bob), 0);
        assert_eq!(h.balance_of(p.bob), 40);
    }

    pub fn transfer_from_beyond_allowance_or_balance_fails<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        h.approve(p.owner, p.bob, 100).unwrap();
        rejected(&mut h, &p, PSP22Error::InsufficientAllowance, |h| {
            h.transfer_from(p.bob, p.owner, p.carol, 101, Vec::new())
        });
        rejected(&mut h, &p, PSP22Error::InsufficientAllowance, |h| {
            h.transfer_from(p.carol, p.owner, p.bob, 1, Vec::new())
        });
        h.transfer(p.owner, p.carol, 950, Vec::new()).unwrap();
        rejected(&mut h, &p, PSP22Error::InsufficientBalance, |h| {
            h.transfer_from(p.bob, p.owner, p.carol, 51, Vec::new())
        });
    }

    pub fn increase_and_decrease_allowance<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        assert_eq!(h.increase_allowance(p.owner, p.bob, 10), Ok(()));
        assert_eq!(h.last_events(), [approval_event(p.owner, p.bob, 10)]);
        assert_eq!(h.increase_allowance(p.owner, p.bob, 5), Ok(()));
        assert_eq!(h.last_events(), [approval_event(p.owner, p.bob, 15)]);
        assert_eq!(h.decrease_allowance(p.owner, p.bob, 15), Ok(()));
        assert_eq!(h.last_events(), [approval_event(p.owner, p.bob, 0)]);
        assert_eq!(h.allowance(p.owner, p.bob), 0);
        rejected(&mut h, &p, PSP22Error::InsufficientAllowance, |h| {
            h.decrease_allowance(p.owner, p.bob, 1)
        });
    }

    pub fn zero_allowance_changes_are_silent_no_ops<H: Psp22Harness>() {
        let mut h = H::deploy(SUPPLY);
        let p = people(&mut h);
        h.approve(p.owner, p.bob, 7).unwrap();
        no_op(&mut h, &p, |h| h.increase_allowance(p.owner, p.bob, 0));
        no_op(&mut h, &p, |h| h.decrease_allowance(p.owner, p.bob, 0));
        no_op(&mut h, &p, |h| h.decrease_allowance(p.owner, p.carol, 0));
    }
}

/// Runs the PSP22 conformance suite on a [`Psp22Harness`]:
/// `psp22_conformance!(#[test] Harness);` (or `#[ink::test]` for ink!'s
/// off-chain engine).
#[macro_export]
macro_rules! psp22_conformance {
    (#[$attr:meta] $harness:ty) => {
        $crate::psp22_conformance!(@tests [$attr] $harness;
            deploy_issues_the_supply_to_the_deployer
            transfer_moves_tokens_and_emits_transfer
            transfer_beyond_the_balance_fails
            zero_and_self_transfers_are_silent_no_ops
            approve_sets_the_allowance_and_emits_approval
            self_approval_is_a_silent_no_op
            transfer_from_spends_the_allowance
            transfer_from_beyond_allowance_or_balance_fails
            increase_and_decrease_allowance
            zero_allowance_changes_are_silent_no_ops
        );
    };
    (@tests [$attr:meta] $harness:ty; $($name:ident)*) => {
        $(
            #[$attr]
            fn $name() {
                $crate::testing::psp22::$name::<$harness>();
            }
        )*
    };
}

/// A contract with two-step ownership, freshly deployed for each test by
/// `account(0)`, its owner. Calls map the contract's error to [`OwnableError`].
pub trait OwnableHarness: Sized {
    fn deploy() -> Self;
    /// Distinct accounts; 0 is the deployer.
    fn account(&mut self, index: u8) -> AccountId;
    fn owner(&mut self) -> AccountId;
    fn pending_owner(&mut self) -> Option<AccountId>;
    fn transfer_ownership(&mut self, caller: AccountId, new_owner: Option<AccountId>) -> Result<(), OwnableError>;
    fn accept_ownership(&mut self, caller: AccountId) -> Result<(), OwnableError>;
    /// Some message only the owner may call (it must succeed for the owner).
    fn owner_only(&mut self, caller: AccountId) -> Result<(), OwnableError>;
    /// `(previous, new)` of each `OwnershipTransferStarted` / `OwnershipTransferred`
    /// event of the last call.
    fn ownership_events(&mut self) -> Vec<(AccountId, Option<AccountId>)>;
}

/// The generic ownership tests; [`ownable_conformance!`](crate::ownable_conformance) runs each.
pub mod ownable {
    use super::*;

    pub fn ownership_moves_in_two_steps<H: OwnableHarness>() {
        let mut h = H::deploy();
        let (owner, heir, stranger) = (h.account(0), h.account(1), h.account(2));
        assert_eq!(h.owner(), owner);
        assert_eq!(h.owner_only(stranger), Err(OwnableError::NotOwner));
        assert_eq!(
            h.transfer_ownership(stranger, Some(stranger)),
            Err(OwnableError::NotOwner)
        );
        assert_eq!(h.transfer_ownership(owner, Some(heir)), Ok(()));
        assert_eq!(h.ownership_events(), [(owner, Some(heir))]);
        assert_eq!(
            (h.owner(), h.pending_owner()),
            (owner, Some(heir)),
            "nothing changes before acceptance"
        );
        assert_eq!(h.owner_only(owner), Ok(()));
        assert_eq!(h.accept_ownership(stranger), Err(OwnableError::NotPendingOwner));
        assert_eq!(h.accept_ownership(heir), Ok(()));
        assert_eq!(h.ownership_events(), [(owner, Some(heir))]);
        assert_eq!((h.owner(), h.pending_owner()), (heir, None));
        assert_eq!(
            h.owner_only(owner),
            Err(OwnableError::NotOwner),
            "the old owner has no power left"
        );
        assert_eq!(h.owner_only(heir), Ok(()));
        assert_eq!(
            h.accept_ownership(heir),
            Err(OwnableError::NotPendingOwner),
            "accepting twice"
        );
    }

    pub fn an_offer_can_be_withdrawn<H: OwnableHarness>() {
        let mut h = H::deploy();
        let (owner, heir) = (h.account(0), h.account(1));
        h.transfer_ownership(owner, Some(heir)).unwrap();
        assert_eq!(h.transfer_ownership(owner, None), Ok(()));
        assert_eq!(h.ownership_events(), [(owner, None)]);
        assert_eq!(h.pending_owner(), None);
        assert_eq!(h.accept_ownership(heir), Err(OwnableError::NotPendingOwner));
        assert_eq!(h.owner(), owner);
    }
}

/// Runs the ownership conformance suite on an [`OwnableHarness`].
#[macro_export]
macro_rules! ownable_conformance {
    (#[$attr:meta] $harness:ty) => {
        $crate::ownable_conformance!(@tests [$attr] $harness;
            ownership_moves_in_two_steps
            an_offer_can_be_withdrawn
        );
    };
    (@tests [$attr:meta] $harness:ty; $($name:ident)*) => {
        $(
            #[$attr]
            fn $name() {
                $crate::testing::ownable::$name::<$harness>();
            }
        )*
    };
}
