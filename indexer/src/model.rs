//! What a source delivers: finalised blocks with the contract events the indexer
//! needs, in chain order. Independent of where they come from (a node, drink's
//! in-process chain, a recorded file).

use serde::{Deserialize, Serialize};

/// A 32-byte account, hash or topic.
pub type Bytes32 = [u8; 32];

/// One block: header facts and the events of `pallet-contracts` in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub number: u64,
    #[serde(with = "hex::serde")]
    pub hash: Bytes32,
    #[serde(with = "hex::serde")]
    pub parent_hash: Bytes32,
    /// Milliseconds since the Unix epoch (`pallet-timestamp`).
    pub timestamp_ms: u64,
    pub events: Vec<ChainEvent>,
}

/// An event of `pallet-contracts`, with its place in the block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEvent {
    /// Index of the event among all the block's events.
    pub index: u32,
    /// Index of the extrinsic that caused it (`None`: block initialisation or finalisation).
    pub extrinsic: Option<u32>,
    pub kind: EventKind,
}

/// The events of `pallet-contracts` the indexer reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// `Contracts::Instantiated`, with the new instance's code hash (read by the
    /// source from `ContractInfoOf` at that block).
    Instantiated {
        #[serde(with = "hex::serde")]
        deployer: Bytes32,
        #[serde(with = "hex::serde")]
        contract: Bytes32,
        #[serde(with = "hex::serde")]
        code_hash: Bytes32,
    },
    /// `Contracts::ContractCodeUpdated` (`set_code_hash`).
    CodeUpdated {
        #[serde(with = "hex::serde")]
        contract: Bytes32,
        #[serde(with = "hex::serde")]
        new_code_hash: Bytes32,
    },
    /// `Contracts::Terminated`.
    Terminated {
        #[serde(with = "hex::serde")]
        contract: Bytes32,
    },
    /// `Contracts::ContractEmitted`: an event of a contract. `data` is the
    /// event's SCALE encoding, without the length prefix of the pallet event.
    Emitted {
        #[serde(with = "hex::serde")]
        contract: Bytes32,
        #[serde(with = "topics")]
        topics: Vec<Bytes32>,
        #[serde(with = "hex::serde")]
        data: Vec<u8>,
    },
}

impl Block {
    /// Number of contract events (`Emitted`) in the block.
    pub fn contract_events(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Emitted { .. }))
            .count()
    }
}

/// `0x`-less lowercase hex of any bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

mod topics {
    use super::Bytes32;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(topics: &[Bytes32], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(topics.iter().map(hex::encode))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Bytes32>, D::Error> {
        let strings = Vec::<String>::deserialize(d)?;
        strings
            .iter()
            .map(|s| {
                let mut topic = [0u8; 32];
                hex::decode_to_slice(s, &mut topic).map_err(D::Error::custom)?;
                Ok(topic)
            })
            .collect()
    }
}
