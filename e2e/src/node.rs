//! COS on a real `substrate-contracts-node --dev`, over subxt: start a node,
//! upload and instantiate bundles, send messages and read their results. The
//! call data comes from the contracts' own call builders, as on drink.

use anyhow::{anyhow, bail, Context, Result};
use cos_sandbox::Bundle;
use ink::primitives::AccountId;
use parity_scale_codec::{Compact, Decode, Encode};
use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};
use subxt::{
    dynamic::Value,
    utils::{AccountId32, MultiAddress},
    OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

pub use subxt_signer::sr25519::dev;

/// The node binary `cargo xtask node` installs.
pub const NODE: &str = "substrate-contracts-node";

/// Gas limit of every call: generous, well below the dev chain's block limit.
const GAS: (u64, u64) = (200_000_000_000, 2_000_000);

/// A `substrate-contracts-node --dev --tmp` child process, killed on drop.
pub struct Node {
    child: Child,
    pub url: String,
}

impl Node {
    /// Starts a node on a free port; `None` when the binary is not on PATH.
    pub fn start() -> Result<Option<Self>> {
        let found = Command::new(NODE)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Ok(None);
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(NODE)
            .args([
                "--dev",
                "--tmp",
                "--rpc-port",
                &port.to_string(),
                "--no-telemetry",
                "--no-prometheus",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {NODE}"))?;
        Ok(Some(Self {
            child,
            url: format!("ws://127.0.0.1:{port}"),
        }))
    }

    /// Connects, waiting up to a minute for the node to answer.
    pub async fn connect(&self) -> Result<OnlineClient<SubstrateConfig>> {
        let started = Instant::now();
        loop {
            match OnlineClient::<SubstrateConfig>::from_insecure_url(&self.url).await {
                Ok(api) => return Ok(api),
                Err(e) if started.elapsed() < Duration::from_secs(60) => {
                    tracing_free_wait(e.to_string()).await;
                }
                Err(e) => bail!("the node at {} did not answer within a minute: {e}", self.url),
            }
        }
    }
}

async fn tracing_free_wait(_why: String) {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn weight() -> Value {
    Value::named_composite([
        ("ref_time", Value::u128(GAS.0.into())),
        ("proof_size", Value::u128(GAS.1.into())),
    ])
}

fn none() -> Value {
    Value::unnamed_variant("None", [])
}

/// The ink! account of a dev key.
pub fn account(key: &Keypair) -> AccountId {
    AccountId::from(key.public_key().0)
}

/// A node client that signs with dev keys.
pub struct NodeChain {
    pub api: OnlineClient<SubstrateConfig>,
}

impl NodeChain {
    async fn submit<CallData: subxt::ext::scale_encode::EncodeAsFields>(
        &self,
        signer: &Keypair,
        call: &str,
        args: CallData,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let payload = subxt::dynamic::tx("Contracts", call, args);
        let at = self.api.at_current_block().await?;
        let events = at
            .transactions()
            .sign_and_submit_then_watch_default(&payload, signer)
            .await
            .with_context(|| format!("submitting Contracts::{call}"))?
            .wait_for_finalized_success()
            .await
            .with_context(|| format!("Contracts::{call} failed"))?;
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event?;
            out.push((
                format!("{}::{}", event.pallet_name(), event.event_name()),
                event.field_bytes().to_vec(),
            ));
        }
        Ok(out)
    }

    /// Uploads `bundle`'s code; returns its code hash.
    pub async fn upload(&self, signer: &Keypair, bundle: &Bundle) -> Result<[u8; 32]> {
        let events = self
            .submit(
                signer,
                "upload_code",
                (bundle.wasm.clone(), none(), Value::unnamed_variant("Enforced", [])),
            )
            .await?;
        let (_, fields) = events
            .iter()
            .find(|(name, _)| name == "Contracts::CodeStored")
            .ok_or_else(|| anyhow!("no CodeStored event uploading {}", bundle.name))?;
        Ok(<[u8; 32]>::decode(&mut &fields[..])?)
    }

    /// Instantiates `bundle` (uploading its code) with constructor `data`.
    pub async fn instantiate(&self, signer: &Keypair, bundle: &Bundle, data: Vec<u8>, salt: u8) -> Result<AccountId> {
        let events = self
            .submit(
                signer,
                "instantiate_with_code",
                (0u128, weight(), none(), bundle.wasm.clone(), data, vec![salt]),
            )
            .await?;
        let (_, fields) = events
            .iter()
            .find(|(name, _)| name == "Contracts::Instantiated")
            .ok_or_else(|| anyhow!("no Instantiated event deploying {}", bundle.name))?;
        let (_deployer, contract) = <([u8; 32], [u8; 32])>::decode(&mut &fields[..])?;
        Ok(AccountId::from(contract))
    }

    /// Sends `data` (a message's selector and arguments) to `contract`.
    pub async fn call(&self, signer: &Keypair, contract: AccountId, data: Vec<u8>) -> Result<()> {
        let dest: MultiAddress<AccountId32, u32> = MultiAddress::Id(AccountId32(*contract.as_ref()));
        let events = self
            .submit(signer, "call", (dest, 0u128, weight(), none(), data))
            .await?;
        if !events.iter().any(|(name, _)| name == "System::ExtrinsicSuccess") {
            bail!("the call to {contract:?} did not succeed");
        }
        Ok(())
    }

    /// Runs a message without a transaction (`ContractsApi_call`); returns its
    /// output decoded as `R` (ink!'s `Result<R, LangError>` unwrapped).
    pub async fn query<R: Decode>(&self, contract: AccountId, data: Vec<u8>) -> Result<R> {
        let origin = [0u8; 32];
        let args = (
            origin,
            *AsRef::<[u8; 32]>::as_ref(&contract),
            0u128,
            None::<(Compact<u64>, Compact<u64>)>,
            None::<u128>,
            data,
        )
            .encode();
        let at = self.api.at_current_block().await?;
        let raw = at.runtime_apis().call_raw("ContractsApi_call", Some(&args)).await?;
        let mut input = &raw[..];
        // ContractResult { gas_consumed, gas_required: Weight, storage_deposit, debug_message, result, events }
        for _ in 0..2 {
            <(Compact<u64>, Compact<u64>)>::decode(&mut input)?;
        }
        let _deposit = <(u8, u128)>::decode(&mut input)?;
        let _debug = Vec::<u8>::decode(&mut input)?;
        match u8::decode(&mut input)? {
            0 => {
                let _flags = u32::decode(&mut input)?;
                let output = Vec::<u8>::decode(&mut input)?;
                <Result<R, ink::LangError>>::decode(&mut &output[..])?
                    .map_err(|e| anyhow!("query of {contract:?} rejected: {e:?}"))
            }
            _ => bail!("query of {contract:?} failed in the runtime"),
        }
    }
}
