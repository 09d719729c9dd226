//! # COS on a real chain
//!
//! What `cos deploy`, `cos reward` and the real-node tests need to work with
//! a node that runs `pallet-contracts` (a `substrate-contracts-node`, Astar,
//! Aleph Zero, ...):
//!
//! - [`calls`]: the call data of constructors and messages, from the
//!   contracts' own call builders (the same ones drink's tests use);
//! - [`keys`]: the signing key, from a secret URI (`//Alice`, a mnemonic,
//!   `0x` seed) given on the command line, in a file or in the environment;
//! - [`node`]: dry runs (gas, storage deposit and the result before anything
//!   is signed), uploads, instantiations and calls, and what the chain holds;
//! - [`manifest`]: the deployment manifest (addresses, code hashes, the block,
//!   bundle versions) that `cos deploy` writes and `index`, `serve` and
//!   `reward` read.

pub mod bundle;
pub mod calls;
pub mod keys;
pub mod manifest;
pub mod node;

pub use bundle::Bundle;
pub use manifest::Manifest;
pub use node::{Chain, Estimate, Weight};
