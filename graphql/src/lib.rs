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
//! - [`server`]: the axum server with `/graphql`, `/graphiql`, `/health`, `/metrics`;
//! - [`limits`]: what one request and one client may ask, and how a refusal
//!   reads; [`guard`]: a query's cost, checked before it is validated;
//!   [`operation`]: one operation as a client sends it; [`persisted`]:
//!   automatic persisted queries; [`clients`]: rates and sockets per client;
//! - [`transport`]: GraphQL over HTTP (`POST`, batches, `GET`); [`ws`]:
//!   GraphQL over WebSocket;
//! - [`scalars`]: `Timestamp`, `BigInt` and `Amount`, served and read.

pub mod accounts;
pub mod clients;
pub mod data;
pub mod deadlines;
pub mod decisions;
pub mod explorer;
pub mod feed;
pub mod guard;
pub mod limits;
pub mod operation;
pub mod persisted;
pub mod scalars;
pub mod schema;
pub mod search;
pub mod server;
pub mod stats;
pub mod tables;
pub mod transport;
pub mod ws;

pub use server::{serve, App, Config};
