//! The contracts the indexer knows, from their release bundles
//! (`target/ink/<name>/<name>.contract`): each bundle's code hash says which
//! instances on the chain are COS contracts, its metadata decodes their events.

use crate::model::Bytes32;
use anyhow::{anyhow, bail, Context, Result};
use contract_transcode::ContractMessageTranscoder;
use std::{collections::HashMap, path::Path, sync::Arc};

/// What an instance is, by the module that reads its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// COS Credit: `credit` (standalone) or `credit_core` (the router, whose
    /// events are the full token's).
    Credit,
    DonationQuota,
    /// A COS-backed community sub-token.
    Subtoken,
    Crowdfund,
    Bounty,
    Governance,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Credit => "credit",
            Kind::DonationQuota => "donation_quota",
            Kind::Subtoken => "subtoken",
            Kind::Crowdfund => "crowdfund",
            Kind::Bounty => "bounty",
            Kind::Governance => "governance",
        }
    }

    /// The kind of a bundle, by its contract name.
    pub fn of_bundle(name: &str) -> Option<Kind> {
        match name {
            // `cos_credit`: the routed token's bundle for wallets (the router's code).
            "credit" | "credit_core" | "cos_credit" => Some(Kind::Credit),
            "donation_quota" => Some(Kind::DonationQuota),
            "subtoken" => Some(Kind::Subtoken),
            "crowdfund" => Some(Kind::Crowdfund),
            "bounty" => Some(Kind::Bounty),
            "governance" => Some(Kind::Governance),
            _ => None,
        }
    }

    /// The bundle whose metadata lists every event of this kind.
    fn events_bundle(self) -> &'static str {
        match self {
            Kind::Credit => "credit",
            Kind::DonationQuota => "donation_quota",
            Kind::Subtoken => "subtoken",
            Kind::Crowdfund => "crowdfund",
            Kind::Bounty => "bounty",
            Kind::Governance => "governance",
        }
    }
}

/// The names of the bundles the indexer reads by default.
pub const BUNDLES: [&str; 7] = [
    "credit",
    "credit_core",
    "donation_quota",
    "subtoken",
    "crowdfund",
    "bounty",
    "governance",
];

/// One loaded bundle.
pub struct Bundle {
    /// The contract's name in its metadata (`credit_core`).
    pub name: String,
    pub kind: Kind,
    pub code_hash: Bytes32,
    transcoder: Arc<ContractMessageTranscoder>,
}

/// Every known code hash, and the metadata that decodes each kind's events.
#[derive(Default)]
pub struct Registry {
    by_code: HashMap<Bytes32, Bundle>,
    events: HashMap<Kind, Arc<ContractMessageTranscoder>>,
}

impl Registry {
    /// Loads the default bundles from `dir` (`target/ink`).
    pub fn from_ink_dir(dir: &Path) -> Result<Self> {
        let paths: Vec<_> = BUNDLES
            .iter()
            .map(|name| dir.join(name).join(format!("{name}.contract")))
            .collect();
        Self::load(&paths)
    }

    /// Loads `.contract` bundles (at least one credit).
    pub fn load(paths: &[impl AsRef<Path>]) -> Result<Self> {
        let mut registry = Self::default();
        for path in paths {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path).with_context(|| {
                format!(
                    "cannot read the bundle {}: build the contracts (`cargo xtask build`) or pass bundle files with --bundle",
                    path.display()
                )
            })?;
            let metadata: contract_metadata::ContractMetadata =
                serde_json::from_str(&text).with_context(|| format!("{} is not a .contract bundle", path.display()))?;
            let name = metadata.contract.name.clone();
            let kind = Kind::of_bundle(&name)
                .ok_or_else(|| anyhow!("{}: the indexer has no module for contract `{name}`", path.display()))?;
            let transcoder = Arc::new(
                ContractMessageTranscoder::load(path)
                    .map_err(|e| anyhow!("{}: cannot read its metadata: {e}", path.display()))?,
            );
            let code_hash = metadata.source.hash.0;
            if kind.events_bundle() == name {
                registry.events.insert(kind, transcoder.clone());
            }
            registry.by_code.insert(
                code_hash,
                Bundle {
                    name,
                    kind,
                    code_hash,
                    transcoder,
                },
            );
        }
        if registry.by_code.is_empty() {
            bail!("no bundles given");
        }
        Ok(registry)
    }

    /// The bundle deployed under `code_hash`, if it is a COS contract.
    pub fn bundle(&self, code_hash: &Bytes32) -> Option<&Bundle> {
        self.by_code.get(code_hash)
    }

    pub fn bundles(&self) -> impl Iterator<Item = &Bundle> {
        self.by_code.values()
    }

    /// The metadata that decodes events of an instance of `code_hash`: its
    /// kind's full event list where loaded, else the bundle's own.
    pub fn transcoder(&self, kind: Kind, code_hash: &Bytes32) -> Option<&ContractMessageTranscoder> {
        self.events
            .get(&kind)
            .or_else(|| self.by_code.get(code_hash).map(|b| &b.transcoder))
            .map(|t| &**t)
    }
}
