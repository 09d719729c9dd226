//! A real `substrate-contracts-node --dev` for tests: started on a free port
//! with a temporary database, killed on drop. Talking to it is
//! `cos_client::Chain`'s (what `cos deploy` and `cos reward` use).

use anyhow::{Context, Result};
use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::Duration,
};

use cos_client::Chain;

pub use subxt_signer::sr25519::dev;

/// The node binary `cargo xtask node` installs.
pub const NODE: &str = "substrate-contracts-node";

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
    pub async fn connect(&self) -> Result<Chain> {
        Chain::connect_within(&self.url, Duration::from_secs(60)).await
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ink! account of a key.
pub use cos_client::keys::account;
