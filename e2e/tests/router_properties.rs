//! Property test on the real Wasm: the `credit_core` router in front of the full
//! `credit` code behaves exactly like the full contract deployed alone. Random
//! sequences of hot-path and forwarded calls, across blocks, give the same return
//! values, revert flags, events and final state on both.

use cos_e2e::{credit::Credit, Chain, Outcome};
use drink::AccountId32;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Transfer { from: usize, to: usize, value: u128 },
    TransferFrom { spender: usize, from: usize, to: usize, value: u128 },
    Approve { owner: usize, spender: usize, value: u128 },
    Burn { who: usize, value: u128 },
    Mint { to: usize, value: u128 },
    Freeze { who: usize, value: u128 },
    Delegate { who: usize, to: Option<usize> },
    Batch { from: usize, payments: Vec<(usize, u128)> },
    Pause(bool),
    NextBlock,
}

const PEOPLE: usize = 4;

fn value() -> impl Strategy<Value = u128> {
    prop_oneof![Just(0u128), 1..400u128, Just(u128::MAX)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..PEOPLE, 0..PEOPLE, value()).prop_map(|(from, to, value)| Op::Transfer { from, to, value }),
        3 => (0..PEOPLE, 0..PEOPLE, 0..PEOPLE, value()).prop_map(|(spender, from, to, value)| Op::TransferFrom { spender, from, to, value }),
        3 => (0..PEOPLE, 0..PEOPLE, value()).prop_map(|(owner, spender, value)| Op::Approve { owner, spender, value }),
        1 => (0..PEOPLE, value()).prop_map(|(who, value)| Op::Burn { who, value }),
        1 => (0..PEOPLE, value()).prop_map(|(to, value)| Op::Mint { to, value }),
        1 => (0..PEOPLE, value()).prop_map(|(who, value)| Op::Freeze { who, value }),
        2 => (0..PEOPLE, prop::option::of(0..PEOPLE)).prop_map(|(who, to)| Op::Delegate { who, to }),
        1 => (0..PEOPLE, prop::collection::vec((0..PEOPLE, value()), 0..3)).prop_map(|(from, payments)| Op::Batch { from, payments }),
        1 => any::<bool>().prop_map(Op::Pause),
        2 => Just(Op::NextBlock),
    ]
}

/// What a call showed: its value, whether it reverted, and its events.
fn seen<T: std::fmt::Debug>(out: Outcome<T>) -> String {
    let events: Vec<_> = out.events.iter().map(|e| (e.topics.clone(), e.data.clone())).collect();
    format!("{:?} reverted={} events={events:?}", out.value, out.reverted)
}

fn apply(chain: &mut Chain, token: &Credit, people: &[AccountId32], op: &Op) -> String {
    let p = |i: usize| &people[i];
    let owner = &people[0];
    match op.clone() {
        Op::Transfer { from, to, value } => seen(token.transfer(chain, p(from), p(to), value).unwrap()),
        Op::TransferFrom { spender, from, to, value } => seen(token.transfer_from(chain, p(spender), p(from), p(to), value).unwrap()),
        Op::Approve { owner, spender, value } => seen(token.approve(chain, p(owner), p(spender), value).unwrap()),
        Op::Burn { who, value } => seen(token.burn(chain, p(who), value).unwrap()),
        Op::Mint { to, value } => seen(token.mint(chain, owner, p(to), value).unwrap()),
        Op::Freeze { who, value } => seen(token.freeze(chain, owner, p(who), value).unwrap()),
        Op::Delegate { who, to } => seen(token.delegate(chain, p(who), to.map(p)).unwrap()),
        Op::Batch { from, payments } => {
            let payments: Vec<_> = payments.iter().map(|(to, v)| (p(*to).clone(), *v)).collect();
            seen(token.batch_transfer(chain, p(from), &payments).unwrap())
        }
        Op::Pause(true) => seen(token.pause(chain, owner).unwrap()),
        Op::Pause(false) => seen(token.unpause(chain, owner).unwrap()),
        Op::NextBlock => {
            chain.next_block();
            String::from("next block")
        }
    }
}

fn state(chain: &mut Chain, token: &Credit, people: &[AccountId32]) -> String {
    let mut s = format!("supply {} paused {}", token.total_supply(chain).unwrap(), token.paused(chain).unwrap());
    for a in people {
        s.push_str(&format!(
            " | {} {} {} {}",
            token.balance_of(chain, a).unwrap(),
            token.frozen_balance_of(chain, a).unwrap(),
            token.get_votes(chain, a).unwrap(),
            token.num_checkpoints(chain, a).unwrap()
        ));
        for b in people {
            s.push_str(&format!(" {}", token.allowance(chain, a, b).unwrap()));
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn router_behaves_like_the_full_contract(ops in prop::collection::vec(op(), 1..25)) {
        // Two chains from the same genesis, so block numbers and events line up.
        let mut chains = [Chain::new(), Chain::new()];
        let mut traces = Vec::new();
        for (i, chain) in chains.iter_mut().enumerate() {
            let people: Vec<AccountId32> = (1..=PEOPLE as u8).map(|n| chain.account(n)).collect();
            let token = if i == 0 {
                Credit::deploy(chain, &people[0], Some(1_000)).unwrap()
            } else {
                Credit::deploy_standalone(chain, &people[0], Some(1_000)).unwrap()
            };
            token.set_minter(chain, &people[0], &people[0], true).unwrap();
            let mut trace = Vec::new();
            for op in &ops {
                // Events are compared by topics and data: neither holds the
                // token's own address, which differs between the two.
                trace.push(apply(chain, &token, &people, op));
            }
            trace.push(state(chain, &token, &people));
            traces.push(trace);
        }
        for (step, (routed, alone)) in traces[0].iter().zip(&traces[1]).enumerate() {
            prop_assert_eq!(routed, alone, "diverged at step {} ({:?})", step, ops.get(step));
        }
    }
}
