//! Property test on the real Wasm: the `credit_core` router in front of the full
//! `credit` code behaves exactly like the full contract deployed alone. Random
//! sequences of hot-path and forwarded calls, across blocks, give the same return
//! values, revert flags, events and final state on both; so do odd call data
//! (trailing bytes, truncated arguments, unknown selectors), raw byte for byte.

use cos_sandbox::{
    suite::{self, CreditCalls},
    Bundle, Chain, Outcome,
};
use ink::primitives::AccountId;
use parity_scale_codec::Encode;
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
    DecreaseAllowance {
        owner: usize,
        spender: usize,
        value: u128,
    },
    Burn {
        who: usize,
        value: u128,
    },
    Mint {
        to: usize,
        value: u128,
    },
    Freeze {
        who: usize,
        value: u128,
    },
    Delegate {
        who: usize,
        to: Option<usize>,
    },
    Batch {
        from: usize,
        payments: Vec<(usize, u128)>,
    },
    Pause(bool),
    NextBlock,
    /// A message as raw call data, altered by `odd`.
    Raw {
        caller: usize,
        message: usize,
        a: usize,
        b: usize,
        value: u128,
        odd: Odd,
    },
}

/// How raw call data is altered.
#[derive(Clone, Debug)]
enum Odd {
    Exact,
    Trailing(Vec<u8>),
    Truncated(usize),
    UnknownSelector,
}

const PEOPLE: usize = 4;

/// Messages sent raw: the router's hot path and a few it forwards.
const RAW: [&str; 9] = [
    "PSP22::transfer",
    "PSP22::transfer_from",
    "PSP22::approve",
    "PSP22::balance_of",
    "PSP22::allowance",
    "PSP22::total_supply",
    "PSP22::increase_allowance",
    "freeze",
    "paused",
];

fn value() -> impl Strategy<Value = u128> {
    prop_oneof![Just(0u128), 1..400u128, Just(u128::MAX)]
}

fn odd() -> impl Strategy<Value = Odd> {
    prop_oneof![
        2 => Just(Odd::Exact),
        2 => prop::collection::vec(any::<u8>(), 1..8).prop_map(Odd::Trailing),
        2 => (1..40usize).prop_map(Odd::Truncated),
        1 => Just(Odd::UnknownSelector),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..PEOPLE, 0..PEOPLE, value()).prop_map(|(from, to, value)| Op::Transfer { from, to, value }),
        3 => (0..PEOPLE, 0..PEOPLE, 0..PEOPLE, value()).prop_map(|(spender, from, to, value)| Op::TransferFrom { spender, from, to, value }),
        3 => (0..PEOPLE, 0..PEOPLE, value()).prop_map(|(owner, spender, value)| Op::Approve { owner, spender, value }),
        1 => (0..PEOPLE, 0..PEOPLE, value()).prop_map(|(owner, spender, value)| Op::DecreaseAllowance { owner, spender, value }),
        1 => (0..PEOPLE, value()).prop_map(|(who, value)| Op::Burn { who, value }),
        1 => (0..PEOPLE, value()).prop_map(|(to, value)| Op::Mint { to, value }),
        1 => (0..PEOPLE, value()).prop_map(|(who, value)| Op::Freeze { who, value }),
        2 => (0..PEOPLE, prop::option::of(0..PEOPLE)).prop_map(|(who, to)| Op::Delegate { who, to }),
        1 => (0..PEOPLE, prop::collection::vec((0..PEOPLE, value()), 0..3)).prop_map(|(from, payments)| Op::Batch { from, payments }),
        1 => any::<bool>().prop_map(Op::Pause),
        2 => Just(Op::NextBlock),
        4 => (0..PEOPLE, 0..RAW.len(), 0..PEOPLE, 0..PEOPLE, value(), odd())
            .prop_map(|(caller, message, a, b, value, odd)| Op::Raw { caller, message, a, b, value, odd }),
    ]
}

/// What a call showed: its value, whether it reverted, and its events.
fn seen<T: std::fmt::Debug>(out: Outcome<T>) -> String {
    let events: Vec<_> = out.events.iter().map(|e| (e.topics.clone(), e.data.clone())).collect();
    format!("{:?} reverted={} events={events:?}", out.value, out.reverted)
}

/// Call data of `RAW[message]` with arguments from `a`, `b` and `value`, altered by `odd`.
fn raw_data(
    full: &Bundle,
    people: &[AccountId],
    message: usize,
    a: usize,
    b: usize,
    value: u128,
    odd: &Odd,
) -> Vec<u8> {
    let label = RAW[message];
    let mut data = full.selector(label).expect("selector").to_vec();
    let (a, b) = (people[a], people[b]);
    match label {
        "PSP22::transfer" => (a, value, vec![1u8, 2]).encode_to(&mut data),
        "PSP22::transfer_from" => (a, b, value, Vec::<u8>::new()).encode_to(&mut data),
        "PSP22::approve" | "PSP22::increase_allowance" | "freeze" => (a, value).encode_to(&mut data),
        "PSP22::balance_of" => a.encode_to(&mut data),
        "PSP22::allowance" => (a, b).encode_to(&mut data),
        _ => {}
    }
    match odd {
        Odd::Exact => {}
        Odd::Trailing(bytes) => data.extend_from_slice(bytes),
        Odd::Truncated(n) => data.truncate(data.len().saturating_sub(*n)),
        Odd::UnknownSelector => data[..4].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]),
    }
    data
}

fn apply(
    chain: &mut Chain,
    token: &mut CreditCalls,
    address: AccountId,
    full: &Bundle,
    people: &[AccountId],
    op: &Op,
) -> String {
    let p = |i: usize| people[i];
    let owner = people[0];
    match op.clone() {
        Op::Transfer { from, to, value } => seen(chain.call(p(from), token.transfer(p(to), value, vec![])).unwrap()),
        Op::TransferFrom {
            spender,
            from,
            to,
            value,
        } => seen(
            chain
                .call(p(spender), token.transfer_from(p(from), p(to), value, vec![]))
                .unwrap(),
        ),
        Op::Approve { owner, spender, value } => seen(chain.call(p(owner), token.approve(p(spender), value)).unwrap()),
        Op::DecreaseAllowance { owner, spender, value } => seen(
            chain
                .call(p(owner), token.decrease_allowance(p(spender), value))
                .unwrap(),
        ),
        Op::Burn { who, value } => seen(chain.call(p(who), token.burn(value)).unwrap()),
        Op::Mint { to, value } => seen(chain.call(owner, token.mint(p(to), value)).unwrap()),
        Op::Freeze { who, value } => seen(chain.call(owner, token.freeze(p(who), value)).unwrap()),
        Op::Delegate { who, to } => seen(chain.call(p(who), token.delegate(to.map(p))).unwrap()),
        Op::Batch { from, payments } => {
            let payments: Vec<_> = payments.iter().map(|(to, v)| (p(*to), *v)).collect();
            seen(chain.call(p(from), token.batch_transfer(payments)).unwrap())
        }
        Op::Pause(true) => seen(chain.call(owner, token.pause()).unwrap()),
        Op::Pause(false) => seen(chain.call(owner, token.unpause()).unwrap()),
        Op::NextBlock => {
            chain.next_block();
            String::from("next block")
        }
        Op::Raw {
            caller,
            message,
            a,
            b,
            value,
            odd,
        } => {
            let data = raw_data(full, people, message, a, b, value, &odd);
            seen(chain.call_raw(address, p(caller), data).unwrap())
        }
    }
}

fn state(chain: &mut Chain, token: &CreditCalls, people: &[AccountId]) -> String {
    let mut s = format!(
        "supply {} paused {}",
        chain.query(token.total_supply()).unwrap(),
        chain.query(token.paused()).unwrap()
    );
    for &a in people {
        s.push_str(&format!(
            " | {} {} {} {}",
            chain.query(token.balance_of(a)).unwrap(),
            chain.query(token.frozen_balance_of(a)).unwrap(),
            chain.query(token.get_votes(a)).unwrap(),
            chain.query(token.num_checkpoints(a)).unwrap()
        ));
        for &b in people {
            s.push_str(&format!(" {}", chain.query(token.allowance(a, b)).unwrap()));
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn router_behaves_like_the_full_contract(ops in prop::collection::vec(op(), 1..25)) {
        let full = Bundle::load("credit").unwrap();
        // Two chains from the same genesis, so block numbers and events line up.
        let mut traces = Vec::new();
        for routed in [true, false] {
            let mut chain = Chain::new();
            let people: Vec<AccountId> = (1..=PEOPLE as u8).map(|n| chain.account(n)).collect();
            let address = if routed {
                suite::deploy_credit(&mut chain, people[0], Some(1_000)).unwrap()
            } else {
                suite::deploy_credit_standalone(&mut chain, people[0], Some(1_000)).unwrap()
            };
            let mut token = suite::credit(address);
            chain.call(people[0], token.set_minter(people[0], true)).unwrap();
            let mut trace = Vec::new();
            for op in &ops {
                // Events are compared by topics and data: neither holds the
                // token's own address, which differs between the two.
                trace.push(apply(&mut chain, &mut token, address, &full, &people, op));
            }
            trace.push(state(&mut chain, &token, &people));
            traces.push(trace);
        }
        for (step, (routed, alone)) in traces[0].iter().zip(&traces[1]).enumerate() {
            prop_assert_eq!(routed, alone, "diverged at step {} ({:?})", step, ops.get(step));
        }
    }
}
