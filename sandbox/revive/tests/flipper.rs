//! The chain runs a real ink! 6 PolkaVM contract: upload, instantiate, call,
//! query, events, blocks and time.

use cos_revive_chain::{Chain, GENESIS_MS};
use std::path::Path;

fn selector(name: &str) -> Vec<u8> {
    sp_core::hashing::blake2_256(name.as_bytes())[..4].to_vec()
}

#[test]
fn a_flipper_flips_and_tells_the_time() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/revive/ink/flipper/flipper.polkavm");
    let Ok(code) = std::fs::read(&path) else {
        panic!("{} is missing: build it with `cargo xtask build`", path.display());
    };
    let mut chain = Chain::new();
    let alice = chain.account(1);
    let hash = chain.upload(&alice, code).unwrap();
    let mut data = selector("new");
    data.push(1);
    let (flipper, _) = chain.instantiate(&alice, hash, data, [0; 32]).unwrap();
    let get = |chain: &mut Chain| chain.query(&alice, flipper, selector("get")).unwrap().data;
    assert_eq!(get(&mut chain), vec![0, 1], "Ok(true)");
    let flip = chain.call(&alice, flipper, selector("flip")).unwrap();
    assert!(!flip.reverted);
    assert_eq!(flip.events.len(), 1, "Flipped");
    assert_eq!(flip.events[0].contract, flipper);
    assert!(flip.weight_consumed.ref_time() > 0);
    assert_eq!(get(&mut chain), vec![0, 0], "Ok(false)");
    chain.next_block();
    let now = chain.query(&alice, flipper, selector("now")).unwrap().data;
    // Ok(u64): ink! 6 reads block time in seconds on pallet-revive (PR #7784),
    // where pallet-timestamp and ink! 5 on pallet-contracts use milliseconds.
    let mut seconds = [0u8; 8];
    seconds.copy_from_slice(&now[1..9]);
    assert_eq!(now[0], 0);
    assert_eq!(u64::from_le_bytes(seconds), (GENESIS_MS + 6_000) / 1_000);
    println!("flip: {:?}", flip.weight_consumed);
}
