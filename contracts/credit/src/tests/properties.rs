//! Property test: under random sequences of operations by several accounts,
//!
//! - the total supply equals the sum of all balances and never exceeds the cap;
//! - no account's frozen amount exceeds its balance;
//! - the votes of all delegates add up to the balances that are delegated;
//! - a failed operation changes nothing.

use super::{accounts, snapshot};
use crate::{credit::Credit, MAX_SUPPLY};
use ink::{
    env::{test, DefaultEnvironment},
    primitives::AccountId,
};
use proptest::prelude::*;
use psp22::{PSP22Burnable, PSP22};

#[derive(Clone, Debug)]
enum Op {
    Transfer {
        from: usize,
        to: usize,
        value: u128,
    },
    TransferFrom {
        spender: usize,
        from: usize,
        to: usize,
        value: u128,
    },
    Approve {
        owner: usize,
        spender: usize,
        value: u128,
    },
    Batch {
        from: usize,
        payments: Vec<(usize, u128)>,
    },
    Mint {
        to: usize,
        value: u128,
    },
    Burn {
        from: usize,
        value: u128,
    },
    Freeze {
        who: usize,
        value: u128,
    },
    Unfreeze {
        who: usize,
        value: u128,
    },
    Delegate {
        who: usize,
        to: Option<usize>,
    },
    Pause(bool),
    NextBlock,
}

/// Amounts around the interesting scale: the initial supply is a few thousand.
fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![0..3u128, 0..2_000u128, Just(MAX_SUPPLY), Just(u128::MAX)]
}

fn who() -> impl Strategy<Value = usize> {
    0..4usize
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (who(), who(), amount()).prop_map(|(from, to, value)| Op::Transfer { from, to, value }),
        2 => (who(), who(), who(), amount()).prop_map(|(spender, from, to, value)| Op::TransferFrom { spender, from, to, value }),
        2 => (who(), who(), amount()).prop_map(|(owner, spender, value)| Op::Approve { owner, spender, value }),
        2 => (who(), prop::collection::vec((who(), amount()), 0..4)).prop_map(|(from, payments)| Op::Batch { from, payments }),
        2 => (who(), amount()).prop_map(|(to, value)| Op::Mint { to, value }),
        2 => (who(), amount()).prop_map(|(from, value)| Op::Burn { from, value }),
        2 => (who(), amount()).prop_map(|(who, value)| Op::Freeze { who, value }),
        2 => (who(), amount()).prop_map(|(who, value)| Op::Unfreeze { who, value }),
        2 => (who(), prop::option::of(who())).prop_map(|(who, to)| Op::Delegate { who, to }),
        1 => any::<bool>().prop_map(Op::Pause),
        2 => Just(Op::NextBlock),
    ]
}

fn set_caller(account: AccountId) {
    test::set_caller::<DefaultEnvironment>(account);
}

/// Applies `op`; returns whether it succeeded.
fn apply(token: &mut Credit, people: &[AccountId; 4], op: &Op) -> bool {
    let owner = people[0];
    match *op {
        Op::Transfer { from, to, value } => {
            set_caller(people[from]);
            token.transfer(people[to], value, vec![]).is_ok()
        }
        Op::TransferFrom {
            spender,
            from,
            to,
            value,
        } => {
            set_caller(people[spender]);
            token.transfer_from(people[from], people[to], value, vec![]).is_ok()
        }
        Op::Approve { owner, spender, value } => {
            set_caller(people[owner]);
            token.approve(people[spender], value).is_ok()
        }
        Op::Batch { from, ref payments } => {
            set_caller(people[from]);
            let payments = payments.iter().map(|&(to, value)| (people[to], value)).collect();
            token.batch_transfer(payments).is_ok()
        }
        Op::Mint { to, value } => {
            set_caller(owner);
            token.mint(people[to], value).is_ok()
        }
        Op::Burn { from, value } => {
            set_caller(people[from]);
            token.burn(value).is_ok()
        }
        Op::Freeze { who, value } => {
            set_caller(owner);
            token.freeze(people[who], value).is_ok()
        }
        Op::Unfreeze { who, value } => {
            set_caller(owner);
            token.unfreeze(people[who], value).is_ok()
        }
        Op::Delegate { who, to } => {
            set_caller(people[who]);
            token.delegate(to.map(|i| people[i])).is_ok()
        }
        Op::Pause(pause) => {
            set_caller(owner);
            if pause {
                token.pause().is_ok()
            } else {
                token.unpause().is_ok()
            }
        }
        Op::NextBlock => {
            test::advance_block::<DefaultEnvironment>();
            true
        }
    }
}

fn check_invariants(token: &Credit, people: &[AccountId; 4]) -> Result<(), TestCaseError> {
    let balances: u128 = people.iter().map(|p| token.balance_of(*p)).sum();
    prop_assert_eq!(token.total_supply(), balances, "supply equals the sum of balances");
    prop_assert!(token.total_supply() <= MAX_SUPPLY, "supply within the cap");
    for p in people {
        prop_assert!(
            token.frozen_balance_of(*p) <= token.balance_of(*p),
            "frozen within balance"
        );
    }
    let delegated: u128 = people
        .iter()
        .filter(|p| token.delegates(**p).is_some())
        .map(|p| token.balance_of(*p))
        .sum();
    let votes: u128 = people.iter().map(|p| token.get_votes(*p)).sum();
    prop_assert_eq!(votes, delegated, "votes equal delegated balances");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_under_random_operations(
        near_cap in any::<bool>(),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let mut outcome = Ok(());
        test::run_test::<DefaultEnvironment, _>(|_| {
            let a = accounts();
            let people = [a.alice, a.bob, a.charlie, a.django];
            set_caller(a.alice);
            // Start near the cap in half the cases so that minting hits it.
            let initial = if near_cap { MAX_SUPPLY - 1_000 } else { 5_000 };
            let mut token = Credit::new(Some(initial)).expect("deploys");
            token.set_minter(a.alice, true).expect("owner appoints");
            outcome = (|| {
                for op in &ops {
                    let before = snapshot(&token);
                    if !apply(&mut token, &people, op) {
                        prop_assert_eq!(&snapshot(&token), &before, "failed {:?} changed state", op);
                    }
                    check_invariants(&token, &people)?;
                }
                Ok(())
            })();
            Ok(())
        })
        .expect("off-chain engine");
        outcome?;
    }
}
