//! What one client may ask of a public server, and how a refusal reads.
//!
//! The rule: **every request's cost is bounded before work starts**. A body
//! is read only up to [`Limits::body_bytes`]; a query is scanned for bracket
//! nesting before the parser sees it, parsed, then walked with its fragments
//! expanded, each field, spread and inline fragment spending from
//! [`Limits::fields`] until the walk is done or the budget runs out (so the
//! check costs at most the budget, however the fragments multiply); only then
//! does async-graphql validate and run it, with [`Limits::rows`] bounding the
//! rows its lists may read and [`Limits::timeout`] the time. WebSockets get
//! the same checks per operation plus their own bounds (an init timeout,
//! operations per connection, connections per client and in all), and a
//! per-client request rate is available for a server on the open internet.
//!
//! Every refusal is a [`Refusal`]: a GraphQL error whose `extensions.code`
//! says what was refused and whose message names the limit and the
//! `cos serve` flag that sets it.

use axum::http::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

/// The bounds of one server. [`Limits::default`] is what `cos serve` starts with.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Nesting of field selections (GraphiQL's introspection query needs 14).
    pub depth: usize,
    /// Fields, fragment spreads and inline fragments in a query once every
    /// fragment is expanded where it is spread; `__typename` and
    /// introspection fields count like any other.
    pub fields: usize,
    /// Brackets (`{`, `(`, `[`) nested in a query's text, checked before the
    /// parser runs (the parser recurses on them).
    pub nesting: usize,
    /// Tokens in a query's text (names, numbers, strings, punctuation),
    /// checked before the parser runs (its time grows with them).
    pub tokens: usize,
    /// Rows one request may ask for, summed over all its lists (`first` or
    /// `last` of every connection it resolves) and its costly fields
    /// (`statistics`, `search`): what stops a query of nested lists from
    /// reading the database a thousand times over.
    pub rows: i64,
    /// The largest request body (and WebSocket message) read. The parser
    /// takes about 0.5 µs a byte and 8 µs a token on a 2-core machine, so
    /// 32 KB and [`Limits::tokens`] bound a request's parse to about 25 ms;
    /// real queries are a few KB (GraphiQL's introspection query is 1.5 KB,
    /// 600 tokens), and persisted queries send a hash.
    pub body_bytes: usize,
    /// Queries in one batch (a JSON array of requests).
    pub batch: usize,
    /// Longest a request (a whole batch, or one WebSocket operation's first
    /// answer) may take, parsing and validation included.
    pub timeout: Duration,
    /// Bytes of query text kept for automatic persisted queries (a
    /// least-recently-used cache).
    pub persisted_bytes: usize,
    /// How long a WebSocket may stay open without `connection_init`.
    pub ws_init_timeout: Duration,
    /// Operations running at once on one WebSocket.
    pub ws_operations: usize,
    /// WebSockets open at once, in all.
    pub ws_connections: usize,
    /// WebSockets open at once from one client.
    pub ws_connections_per_client: usize,
    /// Requests per second per client (with bursts of twice that), if set.
    pub rate: Option<u32>,
    /// The header naming the client when the server is behind a proxy
    /// (`x-forwarded-for`: its last address; `x-real-ip`); without it, the
    /// peer address is the client.
    pub client_header: Option<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            depth: 20,
            fields: 1_000,
            nesting: 64,
            tokens: 2_500,
            rows: 20_000,
            body_bytes: 32 * 1024,
            batch: 10,
            timeout: Duration::from_secs(10),
            persisted_bytes: 8 * 1024 * 1024,
            ws_init_timeout: Duration::from_secs(5),
            ws_operations: 16,
            ws_connections: 1_000,
            ws_connections_per_client: 32,
            rate: None,
            client_header: None,
        }
    }
}

/// A request refused before (or instead of) running: a GraphQL error with a
/// code, and the HTTP status it is sent with when it ends the whole request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    /// `extensions.code`: `QUERY_TOO_LARGE`, `BODY_TOO_LARGE`, ...
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// A refusal of what the client sent (400).
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// The error as GraphQL writes one.
    pub fn error(&self) -> Value {
        json!({ "message": self.message, "extensions": { "code": self.code } })
    }

    /// A whole GraphQL response that is this error.
    pub fn response(&self) -> Value {
        json!({ "data": null, "errors": [self.error()] })
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Bytes as people read them: `256 KB`, `8 MB`, `900 B`.
pub fn bytes(n: usize) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{} MB", n / (1024 * 1024))
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_a_graphql_error_with_its_code() {
        let refusal = Refusal::bad_request("BATCH_TOO_LARGE", "at most 10 queries");
        assert_eq!(
            refusal.response(),
            json!({ "data": null, "errors": [{ "message": "at most 10 queries", "extensions": { "code": "BATCH_TOO_LARGE" } }] })
        );
        assert_eq!(refusal.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(256 * 1024), "256 KB");
        assert_eq!(bytes(8 * 1024 * 1024), "8 MB");
        assert_eq!(bytes(1000), "1000 B");
    }
}
