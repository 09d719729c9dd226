//! # The COS indexer
//!
//! Reads every COS contract instance on a chain and keeps a database of what
//! they did, for the GraphQL API and the explorer. The pipeline:
//!
//! - **source** ([`source::Source`]): finalised blocks with their
//!   `pallet-contracts` events, from a node over subxt ([`source::node`]),
//!   from drink's in-process chain (`cos-sandbox` records its blocks), or
//!   from a recorded block file ([`source::FileSource`]);
//! - **discovery** ([`bundles`]): an instance is a COS contract when its code
//!   hash is one of the release bundles' (`Contracts::Instantiated` plus the
//!   instance's code hash); no per-instance configuration;
//! - **decode** ([`decode`]): every event into JSON with field names (the
//!   bundle's metadata, `contract-transcode`) and into the contracts' own event
//!   types ([`modules`], one per contract kind); an event that does not decode
//!   is stored raw with the reason, and the indexer goes on;
//! - **store** ([`store`], [`entities`], [`migration`]): sea-orm on SQLite
//!   (default) or PostgreSQL; each batch of blocks and the cursor are written
//!   in one transaction, so a restart after a crash at any point resumes with
//!   no gap and no duplicate ([`pipeline::Indexer`]).

pub mod amount;
pub mod bundles;
pub mod decode;
pub mod entities;
pub mod migration;
pub mod model;
pub mod modules;
pub mod pipeline;
pub mod source;
pub mod state;
pub mod store;

pub use bundles::{Kind, Registry};
pub use model::{Block, ChainEvent, EventKind};
pub use pipeline::{Indexer, Options, Progress, Quiet, Refused, Summary};
pub use source::{ChannelSource, FileSource, MemorySource, Source};
pub use store::Store;
