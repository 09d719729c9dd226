//! # COS GraphQL API and web explorer
//!
//! Serves what the indexer ([`cos_indexer`]) stored, reading the same
//! database (SQLite or PostgreSQL); it never writes but for creating the
//! schema if the indexer has not yet.
//!
//! - [`tables`]: the indexer's tables as the API sees them, read from its
//!   entities;
//! - [`data`]: filters, keyset pagination, counts and batched lookups over
//!   any table, shared by GraphQL, the explorer and CSV export;
//! - [`schema`]: the GraphQL schema (async-graphql, dynamic: one generic
//!   connection per table);
//! - [`deadlines`]: campaign and bounty states, which change with the chain's time;
//! - [`decisions`]: proposal and poll states, which change with the block number;
//! - [`feed`]: new blocks for subscriptions (PostgreSQL `LISTEN/NOTIFY` or polling);
//! - [`explorer`]: server-rendered pages;
//! - [`server`]: the axum server with `/graphql`, `/graphiql`, `/health`, `/metrics`.

pub mod accounts;
pub mod data;
pub mod deadlines;
pub mod decisions;
pub mod explorer;
pub mod feed;
pub mod schema;
pub mod search;
pub mod server;
pub mod stats;
pub mod tables;

pub use server::{serve, App, Config};
