//! Who is asking, and how much one client may hold: the per-client request
//! rate (`--rate-limit`, off by default) and the WebSockets one client and
//! all clients may keep open.
//!
//! A client is its address: the peer's, or, behind a proxy that says so
//! (`--client-header x-forwarded-for`), the one the proxy names (the last
//! address of `X-Forwarded-For`, the one the proxy itself appended; a client
//! cannot forge it past a proxy that appends). Rates are kept by
//! `governor`'s keyed limiter (GCRA: no timer per client), forgotten for
//! clients that have gone quiet, so a flood of addresses does not grow the
//! server for long.

use crate::limits::{Limits, Refusal};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    num::NonZeroU32,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Checks between two sweeps of quiet clients out of the rate limiter.
const SWEEP_EVERY: u64 = 10_000;

/// The clients of one server.
#[derive(Clone)]
pub struct Clients {
    header: Option<HeaderName>,
    rate: Option<(u32, Arc<DefaultKeyedRateLimiter<IpAddr>>)>,
    checks: Arc<AtomicU64>,
    sockets: Arc<Semaphore>,
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
    limits: Limits,
}

/// A WebSocket's place, given back when it is dropped.
#[derive(Debug)]
pub struct Slot {
    _permit: OwnedSemaphorePermit,
    client: IpAddr,
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.per_client.lock() {
            if let Some(n) = open.get_mut(&self.client) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.remove(&self.client);
                }
            }
        }
    }
}

impl Clients {
    pub fn new(limits: &Limits) -> anyhow::Result<Self> {
        let header = limits
            .client_header
            .as_deref()
            .map(|h| HeaderName::try_from(h.trim().to_ascii_lowercase()))
            .transpose()
            .map_err(|e| anyhow::anyhow!("--client-header: {e}"))?;
        let rate = limits.rate.and_then(NonZeroU32::new).map(|per_second| {
            let burst = per_second.saturating_mul(NonZeroU32::MIN.saturating_add(1));
            let quota = Quota::per_second(per_second).allow_burst(burst);
            (per_second.get(), Arc::new(RateLimiter::keyed(quota)))
        });
        Ok(Self {
            header,
            rate,
            checks: Arc::default(),
            sockets: Arc::new(Semaphore::new(limits.ws_connections)),
            per_client: Arc::default(),
            limits: limits.clone(),
        })
    }

    /// The client of a request: the configured header's address, else the peer's.
    pub fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
        let named = self.header.as_ref().and_then(|name| {
            let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
            value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        });
        named
            .or(peer.map(|p| p.ip()))
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    /// Counts a request of `client` against the rate limit.
    pub fn admit(&self, client: IpAddr) -> Result<(), Refusal> {
        let Some((per_second, limiter)) = &self.rate else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(&client).map_err(|_| {
            Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                format!(
                    "too many requests from {client}: at most {per_second} a second (bursts of {}); wait a moment (limit: cos serve --rate-limit)",
                    per_second.saturating_mul(2)
                ),
            )
        })
    }

    /// A place for one more WebSocket of `client`, or why there is none.
    pub fn socket(&self, client: IpAddr) -> Result<Slot, Refusal> {
        let permit = self.sockets.clone().try_acquire_owned().map_err(|_| {
            Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "TOO_MANY_CONNECTIONS",
                format!(
                    "the server has {} WebSockets open, its most; try again later (limit: cos serve --ws-max-connections)",
                    self.limits.ws_connections
                ),
            )
        })?;
        let mut open = self
            .per_client
            .lock()
            .map_err(|_| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "the server is stopping"))?;
        let mine = open.entry(client).or_insert(0);
        if *mine >= self.limits.ws_connections_per_client {
            return Err(Refusal::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TOO_MANY_CONNECTIONS",
                format!(
                    "{client} has {} WebSockets open, the most one client may; close one, or subscribe to several operations on one socket (limit: cos serve --ws-max-per-client)",
                    self.limits.ws_connections_per_client
                ),
            ));
        }
        *mine += 1;
        Ok(Slot {
            _permit: permit,
            client,
            per_client: self.per_client.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            rate: Some(2),
            ws_connections: 3,
            ws_connections_per_client: 2,
            client_header: Some("X-Forwarded-For".into()),
            ..Limits::default()
        }
    }

    #[test]
    fn the_client_is_the_proxys_last_address_or_the_peer() {
        let clients = Clients::new(&limits()).unwrap();
        let peer: SocketAddr = "10.0.0.1:5000".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(clients.client(Some(peer), &headers), peer.ip());
        headers.insert("x-forwarded-for", "1.2.3.4, 5.6.7.8".parse().unwrap());
        assert_eq!(
            clients.client(Some(peer), &headers),
            "5.6.7.8".parse::<IpAddr>().unwrap()
        );
        headers.insert("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(clients.client(Some(peer), &headers), peer.ip());
    }

    #[test]
    fn a_client_past_its_rate_is_refused_and_others_are_not() {
        let clients = Clients::new(&limits()).unwrap();
        let (a, b): (IpAddr, IpAddr) = ("1.1.1.1".parse().unwrap(), "2.2.2.2".parse().unwrap());
        // Bursts of twice the rate.
        for _ in 0..4 {
            clients.admit(a).unwrap();
        }
        let refusal = clients.admit(a).unwrap_err();
        assert_eq!(
            (refusal.status, refusal.code),
            (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED")
        );
        assert!(refusal.message.contains("--rate-limit"));
        clients.admit(b).unwrap();
    }

    #[test]
    fn sockets_are_bounded_per_client_and_in_all_and_given_back() {
        let clients = Clients::new(&limits()).unwrap();
        let (a, b, c): (IpAddr, IpAddr, IpAddr) = (
            "1.1.1.1".parse().unwrap(),
            "2.2.2.2".parse().unwrap(),
            "3.3.3.3".parse().unwrap(),
        );
        let first = clients.socket(a).unwrap();
        let _second = clients.socket(a).unwrap();
        assert_eq!(clients.socket(a).unwrap_err().status, StatusCode::TOO_MANY_REQUESTS);
        let _third = clients.socket(b).unwrap();
        assert_eq!(clients.socket(c).unwrap_err().status, StatusCode::SERVICE_UNAVAILABLE);
        drop(first);
        clients.socket(c).expect("a place was given back");
    }
}
