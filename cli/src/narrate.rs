//! How the demo's chapters tell their story: a heading per step, and one line
//! per call with its result, gas and events (a refused call ends the demo with
//! the contract's typed error).

use anyhow::{bail, ensure, Result};
use cos_sandbox::Outcome;
use ink::primitives::AccountId;
use std::fmt::Debug;

/// A step's heading.
pub fn say(step: &str) {
    println!("\n== {step}");
}

/// The call's value, printed with its gas and events (a `()` value is not
/// printed); an error if the contract refused it.
pub fn ok<T: Debug, E: Debug>(what: &str, outcome: Outcome<Result<T, E>>) -> Result<T> {
    match outcome.value {
        Ok(value) => {
            let shown = format!("{value:?}");
            let arrow = if shown == "()" {
                String::new()
            } else {
                format!(" -> {shown}")
            };
            println!(
                "   ok: {what}{arrow} (ref_time {}, proof_size {}, {} event(s))",
                outcome.gas.ref_time(),
                outcome.gas.proof_size(),
                outcome.events.len()
            );
            Ok(value)
        }
        Err(e) => bail!("{what} failed: {e:?}"),
    }
}

/// A call the contract must refuse with `expected`: printed with what it
/// answered; an error if it did anything else.
pub fn refused<T: Debug, E: Debug + PartialEq>(what: &str, outcome: Outcome<Result<T, E>>, expected: E) -> Result<()> {
    println!("   {what} -> {:?}", outcome.value);
    ensure!(
        outcome.value.as_ref().err() == Some(&expected),
        "{what}: expected {expected:?}, got {:?}",
        outcome.value
    );
    Ok(())
}

/// An account or contract as the explorer's URLs write it: 64 hex digits.
pub fn hex(account: &AccountId) -> String {
    AsRef::<[u8; 32]>::as_ref(account)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
