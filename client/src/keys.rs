//! The key that signs: an sr25519 key pair from a secret URI, the form
//! `subkey`, polkadot.js and `cargo contract --suri` take: a development key
//! (`//Alice`), a mnemonic with optional derivation (`word ... word//hard/soft`)
//! or a 32-byte seed (`0x...`), each with an optional `///password`.

use anyhow::{anyhow, bail, Context, Result};
use ink::primitives::AccountId;
use std::{path::Path, str::FromStr};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The key pair of a secret URI.
pub fn from_suri(suri: &str) -> Result<Keypair> {
    let suri = suri.trim();
    if suri.is_empty() {
        bail!("the secret URI is empty");
    }
    // Never echo the secret: errors name its kind only.
    let uri = SecretUri::from_str(suri).map_err(|e| anyhow!("not a secret URI ({e})"))?;
    Keypair::from_uri(&uri).map_err(|e| anyhow!("the secret URI gives no sr25519 key ({e})"))
}

/// The key pair of the secret URI in `path` (its first line; a file only its
/// owner may read, as a key file should be).
pub fn from_file(path: &Path) -> Result<Keypair> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading the key file {}", path.display()))?;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if line.starts_with('{') {
        bail!(
            "{} looks like an encrypted JSON key export; put the secret URI (mnemonic or 0x seed) in the file instead",
            path.display()
        );
    }
    from_suri(line).with_context(|| format!("the key file {}", path.display()))
}

/// The key from `--suri` or `--suri-file` (exactly one of them).
pub fn signer(suri: Option<&str>, file: Option<&Path>) -> Result<Keypair> {
    match (suri, file) {
        (Some(suri), None) => from_suri(suri).context("--suri"),
        (None, Some(file)) => from_file(file),
        (Some(_), Some(_)) => bail!("give --suri or --suri-file, not both"),
        (None, None) => bail!("no key: give --suri (e.g. //Alice on a dev chain) or --suri-file, or set COS_SURI"),
    }
}

/// The account of a key pair.
pub fn account(key: &Keypair) -> AccountId {
    AccountId::from(key.public_key().0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_keys_mnemonics_and_bad_input() {
        let alice = from_suri("//Alice").unwrap();
        assert_eq!(
            hex::encode(account(&alice)),
            "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
            "Alice of every dev chain"
        );
        assert!(from_suri("").is_err());
        assert!(from_suri("not a uri at all").is_err());
        let dir = std::env::temp_dir().join(format!("cos-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("key");
        std::fs::write(&file, "\n//Bob\n").unwrap();
        let bob = from_file(&file).unwrap();
        assert_eq!(account(&bob), account(&from_suri("//Bob").unwrap()));
        std::fs::write(&file, "{\"encoded\": \"...\"}").unwrap();
        assert!(format!("{:#}", from_file(&file).unwrap_err()).contains("encrypted JSON"));
        assert!(signer(None, None).is_err());
        assert!(signer(Some("//Alice"), Some(&file)).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
