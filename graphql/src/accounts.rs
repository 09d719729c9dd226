//! Accounts as people write them: 64 hex digits (with or without `0x`) or SS58
//! (the `5Grw...` form wallets show), stored and served as lowercase hex.

use anyhow::{anyhow, bail, Result};
use blake2::{Blake2b512, Digest};

/// The SS58 address type of the development chains (and the generic one).
const GENERIC: u8 = 42;

/// An account given as hex or SS58, as the 64 lowercase hex digits the indexer stores.
pub fn parse(text: &str) -> Result<String> {
    let text = text.trim();
    let hex = text.strip_prefix("0x").unwrap_or(text);
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(hex.to_ascii_lowercase());
    }
    let bytes = bs58::decode(text)
        .into_vec()
        .map_err(|_| anyhow!("{text:?} is not an account: give 64 hex digits or an SS58 address"))?;
    // One-byte address types (0..=63) only: [type, 32 bytes, 2 checksum bytes].
    if bytes.len() != 35 || bytes[0] > 63 {
        bail!("{text:?} is not an account: an SS58 address of a 32-byte account has 35 bytes");
    }
    if checksum(&bytes[..33])[..2] != bytes[33..] {
        bail!("{text:?} is not an account: its SS58 checksum is wrong (a typo?)");
    }
    Ok(hex::encode(&bytes[1..33]))
}

/// `hex` (64 digits) in SS58 with the generic address type; `None` if it is not an account.
pub fn ss58(hex: &str) -> Option<String> {
    let raw = hex::decode(hex).ok()?;
    if raw.len() != 32 {
        return None;
    }
    let mut bytes = Vec::with_capacity(35);
    bytes.push(GENERIC);
    bytes.extend_from_slice(&raw);
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum[..2]);
    Some(bs58::encode(bytes).into_string())
}

fn checksum(payload: &[u8]) -> [u8; 64] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"SS58PRE");
    hasher.update(payload);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alice of the development chains.
    const ALICE_HEX: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    const ALICE_SS58: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn hex_and_ss58_name_the_same_account() {
        assert_eq!(parse(ALICE_SS58).unwrap(), ALICE_HEX);
        assert_eq!(parse(&format!("0x{}", ALICE_HEX.to_uppercase())).unwrap(), ALICE_HEX);
        assert_eq!(ss58(ALICE_HEX).unwrap(), ALICE_SS58);
    }

    #[test]
    fn typos_are_errors() {
        let mut typo = ALICE_SS58.to_string();
        typo.replace_range(10..11, "x");
        assert!(parse(&typo).unwrap_err().to_string().contains("checksum") || parse(&typo).is_err());
        assert!(parse("abc").is_err());
        assert!(parse("0l").is_err());
    }
}
