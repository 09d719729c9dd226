//! Automatic persisted queries, as Apollo's `createPersistedQueryLink` speaks
//! them: a client sends `extensions.persistedQuery { version: 1, sha256Hash }`
//! without the query; the server answers `PersistedQueryNotFound` the first
//! time, the client sends the query with its hash, and from then on the hash
//! alone (also over `GET`, where URLs stay short and cacheable).
//!
//! **The threat**: a cache any client fills. It is bounded in bytes (least
//! recently used evicted first), a query is kept only once its hash is
//! checked and it passed the cost check, so a hostile client can evict
//! entries (they come back on the next miss) but never grow the server's
//! memory past [`crate::limits::Limits::persisted_bytes`].

use crate::limits::Refusal;
use axum::http::StatusCode;
use lru::LruCache;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

/// The cache of one server.
#[derive(Clone)]
pub struct Persisted {
    inner: Arc<Mutex<Inner>>,
    capacity: usize,
}

struct Inner {
    queries: LruCache<String, Arc<str>>,
    bytes: usize,
}

/// What a request's `extensions.persistedQuery` asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hash(pub String);

impl Hash {
    /// The hash a request's extensions name, if they name one.
    pub fn of(extensions: Option<&Value>) -> Result<Option<Self>, Refusal> {
        let Some(persisted) = extensions.and_then(|e| e.get("persistedQuery")) else {
            return Ok(None);
        };
        let version = persisted.get("version").and_then(Value::as_i64);
        if version != Some(1) {
            return Err(Refusal::bad_request(
                "PERSISTED_QUERY_NOT_SUPPORTED",
                "PersistedQueryNotSupported: only `persistedQuery.version` 1 (SHA-256 of the query) is supported",
            ));
        }
        let hash = persisted
            .get("sha256Hash")
            .and_then(Value::as_str)
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| {
                Refusal::bad_request(
                    "BAD_REQUEST",
                    "`persistedQuery.sha256Hash` must be the query's SHA-256 as 64 hex digits",
                )
            })?;
        Ok(Some(Self(hash.to_ascii_lowercase())))
    }
}

/// The SHA-256 of `query` as lowercase hex, as Apollo's link computes it.
pub fn sha256(query: &str) -> String {
    hex::encode(Sha256::digest(query.as_bytes()))
}

impl Persisted {
    /// A cache of at most `capacity` bytes of query text.
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Inner {
                queries: LruCache::unbounded(),
                bytes: 0,
            })),
            capacity,
        }
    }

    /// The query a request stands for: the one it carries (checked against
    /// its hash, if it names one) or, for a hash alone, the one kept under it.
    pub fn resolve(&self, query: Option<String>, hash: Option<&Hash>) -> Result<String, Refusal> {
        match (query, hash) {
            (Some(query), Some(hash)) => {
                if sha256(&query) != hash.0 {
                    return Err(Refusal::bad_request(
                        "PERSISTED_QUERY_HASH_MISMATCH",
                        "provided sha does not match query: `persistedQuery.sha256Hash` must be the SHA-256 of `query`",
                    ));
                }
                Ok(query)
            }
            (Some(query), None) => Ok(query),
            (None, Some(hash)) => self.get(hash).map(|q| q.to_string()).ok_or_else(|| {
                // Apollo's link looks for this message (and this code) to send the query.
                Refusal::new(StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
            }),
            (None, None) => Err(Refusal::bad_request(
                "BAD_REQUEST",
                "the request has no query: send `query` (or a persisted query's hash in `extensions.persistedQuery`)",
            )),
        }
    }

    fn get(&self, hash: &Hash) -> Option<Arc<str>> {
        let mut inner = self.inner.lock().ok()?;
        inner.queries.get(&hash.0).cloned()
    }

    /// Keeps `query` under `hash` (once it passed the cost check).
    pub fn keep(&self, hash: &Hash, query: &str) {
        if query.len() > self.capacity {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        if inner.queries.contains(&hash.0) {
            return;
        }
        while inner.bytes + query.len() > self.capacity {
            match inner.queries.pop_lru() {
                Some((_, old)) => inner.bytes -= old.len(),
                None => break,
            }
        }
        inner.bytes += query.len();
        inner.queries.put(hash.0.clone(), Arc::from(query));
    }

    /// Bytes of query text kept.
    pub fn bytes(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_hash_alone_is_found_once_the_query_was_sent() {
        let cache = Persisted::new(1024);
        let query = "{ _meta { lag } }";
        let hash = Hash(sha256(query));
        let missing = cache.resolve(None, Some(&hash)).unwrap_err();
        assert_eq!(
            (missing.code, missing.message.as_str()),
            ("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        );
        assert_eq!(cache.resolve(Some(query.into()), Some(&hash)).unwrap(), query);
        cache.keep(&hash, query);
        assert_eq!(cache.resolve(None, Some(&hash)).unwrap(), query);
    }

    #[test]
    fn a_wrong_hash_is_refused() {
        let cache = Persisted::new(1024);
        let wrong = Hash("0".repeat(64));
        assert_eq!(
            cache.resolve(Some("{ a }".into()), Some(&wrong)).unwrap_err().code,
            "PERSISTED_QUERY_HASH_MISMATCH"
        );
    }

    #[test]
    fn the_cache_never_holds_more_than_its_bytes() {
        let cache = Persisted::new(100);
        for i in 0..50 {
            let query = format!("{{ field{i:02} padding padding padding }}");
            cache.keep(&Hash(sha256(&query)), &query);
            assert!(cache.bytes() <= 100);
        }
        let last = "{ field49 padding padding padding }";
        assert!(
            cache.resolve(None, Some(&Hash(sha256(last)))).is_ok(),
            "the newest stays"
        );
        let first = "{ field00 padding padding padding }";
        assert!(
            cache.resolve(None, Some(&Hash(sha256(first)))).is_err(),
            "the oldest went"
        );
    }

    #[test]
    fn extensions_name_a_version_one_hash() {
        let hash = "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38";
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
        assert_eq!(Hash::of(Some(&ext)).unwrap(), Some(Hash(hash.into())));
        assert_eq!(Hash::of(Some(&json!({}))).unwrap(), None);
        let v2 = json!({ "persistedQuery": { "version": 2, "sha256Hash": hash } });
        assert_eq!(Hash::of(Some(&v2)).unwrap_err().code, "PERSISTED_QUERY_NOT_SUPPORTED");
    }
}
