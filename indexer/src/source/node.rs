//! A node over `subxt`: finalised blocks only, read block by block by number.
//! `pallet-contracts` events are decoded from their SCALE fields; the code hash
//! of a new instance is read from `Contracts::ContractInfoOf` at its block.

use super::Source;
use crate::model::{Block, Bytes32, ChainEvent, EventKind};
use anyhow::{anyhow, Context, Result};
use parity_scale_codec::Decode;
use std::time::Duration;
use subxt::{events::Phase, OnlineClient, SubstrateConfig};

/// Blocks requested at once while catching up.
const IN_FLIGHT: usize = 16;

/// How long [`NodeSource::wait_for_head`] sleeps between looks at the finalised head.
const POLL: Duration = Duration::from_millis(500);

/// A node's finalised chain.
pub struct NodeSource {
    url: String,
    client: OnlineClient<SubstrateConfig>,
}

impl NodeSource {
    /// Connects to `url` (`ws://` or `wss://`; plain `ws://` only for a local
    /// node or one on a trusted network).
    pub async fn connect(url: &str) -> Result<Self> {
        let client = if url.starts_with("ws://") {
            OnlineClient::<SubstrateConfig>::from_insecure_url(url).await
        } else {
            OnlineClient::<SubstrateConfig>::from_url(url).await
        }
        .map_err(|e| {
            anyhow!("cannot connect to the node at {url}: {e}; check that the node runs and that the URL (ws://host:port) is right")
        })?;
        Ok(Self {
            url: url.to_string(),
            client,
        })
    }

    pub fn client(&self) -> &OnlineClient<SubstrateConfig> {
        &self.client
    }

    async fn block(&self, number: u64) -> Result<Block> {
        let at = self
            .client
            .at_block(number)
            .await
            .with_context(|| format!("reading block {number} from {}", self.url))?;
        let header = at.block_header().await.context("reading the block header")?;
        let now = subxt::dynamic::storage::<(), u64>("Timestamp", "Now");
        let timestamp_ms = match at
            .storage()
            .try_fetch(now, ())
            .await
            .context("reading Timestamp::Now")?
        {
            Some(value) => value.decode().context("decoding Timestamp::Now")?,
            None => 0,
        };
        let events = at.events().fetch().await.context("reading the block's events")?;
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event.context("decoding an event record")?;
            if event.pallet_name() != "Contracts" {
                continue;
            }
            let mut fields = event.field_bytes();
            let kind = match event.event_name() {
                "Instantiated" => {
                    let (deployer, contract) = <(Bytes32, Bytes32)>::decode(&mut fields)?;
                    let code_hash = self.code_hash(&at, contract).await?;
                    EventKind::Instantiated {
                        deployer,
                        contract,
                        code_hash,
                    }
                }
                "ContractCodeUpdated" => {
                    let (contract, new_code_hash) = <(Bytes32, Bytes32)>::decode(&mut fields)?;
                    EventKind::CodeUpdated {
                        contract,
                        new_code_hash,
                    }
                }
                "Terminated" => EventKind::Terminated {
                    contract: Bytes32::decode(&mut fields)?,
                },
                "ContractEmitted" => {
                    let (contract, data) = <(Bytes32, Vec<u8>)>::decode(&mut fields)?;
                    let topics = event.topics().iter().map(|t| t.0).collect();
                    EventKind::Emitted { contract, topics, data }
                }
                _ => continue,
            };
            out.push(ChainEvent {
                index: event.index(),
                extrinsic: match event.phase() {
                    Phase::ApplyExtrinsic(i) => Some(i),
                    _ => None,
                },
                kind,
            });
        }
        Ok(Block {
            number,
            hash: at.block_hash().0,
            parent_hash: header.parent_hash.0,
            timestamp_ms,
            events: out,
        })
    }

    async fn code_hash(
        &self,
        at: &subxt::client::ClientAtBlock<SubstrateConfig, subxt::client::OnlineClientAtBlockImpl<SubstrateConfig>>,
        contract: Bytes32,
    ) -> Result<Bytes32> {
        let info = subxt::dynamic::storage::<(Bytes32,), ()>("Contracts", "ContractInfoOf");
        let value = at
            .storage()
            .try_fetch(info, (contract,))
            .await
            .context("reading Contracts::ContractInfoOf")?
            .ok_or_else(|| anyhow!("no ContractInfoOf for the new instance {}", hex::encode(contract)))?;
        // ContractInfo { trie_id: BoundedVec<u8>, code_hash: H256, .. }
        let mut bytes = value.bytes();
        let _trie_id = Vec::<u8>::decode(&mut bytes)?;
        Ok(Bytes32::decode(&mut bytes)?)
    }
}

impl Source for NodeSource {
    fn describe(&self) -> String {
        format!("node {}", self.url)
    }

    async fn genesis(&mut self) -> Result<Option<Bytes32>> {
        Ok(Some(self.client.genesis_hash().0))
    }

    async fn finalized_head(&mut self) -> Result<u64> {
        let at = self
            .client
            .at_current_block()
            .await
            .with_context(|| format!("reading the finalised head of {}", self.url))?;
        Ok(at.block_number())
    }

    async fn blocks(&mut self, from: u64, to: u64) -> Result<Vec<Block>> {
        use subxt::ext::futures::{StreamExt, TryStreamExt};
        // Several blocks in flight at once (each takes a few round trips), in order.
        subxt::ext::futures::stream::iter(from..=to)
            .map(|number| self.block(number))
            .buffered(IN_FLIGHT)
            .try_collect()
            .await
    }

    async fn wait_for_head(&mut self, known: u64) -> Result<Option<u64>> {
        loop {
            let head = self.finalized_head().await?;
            if head > known {
                return Ok(Some(head));
            }
            tokio::time::sleep(POLL).await;
        }
    }
}
