//! `cos deploy`: puts the COS suite, or chosen contracts, on a chain with
//! `pallet-contracts`, wired together (the donation quota, the crowdfund,
//! the bounty board, governance and a sub-token all take COS Credit's
//! address), and writes the deployment manifest. Each step is dry-run first
//! (gas, storage deposit, the constructor's answer); `--dry-run` stops there.
//! The manifest is saved after every step, and a step already in it (and on
//! the chain) is skipped: re-running finishes an interrupted deployment and
//! does nothing to a complete one.

use crate::narrate::say;
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, ValueEnum};
use cos_client::{
    calls::constructor_data,
    keys,
    manifest::{self, Code as CodeEntry, Deployed},
    node::{Code, Estimate},
    Bundle, Chain, Manifest,
};
use credit::UNIT;
use ink::primitives::{AccountId, Hash};
use std::{
    path::PathBuf,
    time::{Instant, SystemTime, UNIX_EPOCH},
};

/// What `cos deploy` can deploy, in the order it deploys them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
#[clap(rename_all = "snake_case")]
pub enum Part {
    /// COS Credit: the full token code, uploaded, and the credit_core router
    /// instantiated on it (the bundle cos_credit.contract describes it).
    Credit,
    DonationQuota,
    Crowdfund,
    Bounty,
    /// A governance for the community --governance-community names.
    Governance,
    /// A community's sub-token (needs --subtoken-symbol).
    Subtoken,
}

impl Part {
    fn key(self) -> &'static str {
        match self {
            Part::Credit => "credit",
            Part::DonationQuota => "donation_quota",
            Part::Crowdfund => "crowdfund",
            Part::Bounty => "bounty",
            Part::Governance => "governance",
            Part::Subtoken => "subtoken",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// One vote per member (--member, and members added later).
    Members,
    /// COS votes at each proposal's snapshot (COS Credit's checkpoints).
    Token,
}

#[derive(Args, Debug)]
pub struct DeployArgs {
    /// The node, a WebSocket URL.
    #[arg(long, env = "COS_NODE_URL", default_value = "ws://127.0.0.1:9944")]
    pub url: String,
    /// The deployer's secret URI: `//Alice` on a dev chain, a mnemonic or a
    /// 0x seed (optionally `//derivation///password`). On a shared machine
    /// prefer --suri-file or COS_SURI: a command line is visible to others.
    #[arg(long, env = "COS_SURI", hide_env_values = true)]
    pub suri: Option<String>,
    /// A file whose first line is the deployer's secret URI.
    #[arg(long, conflicts_with = "suri")]
    pub suri_file: Option<PathBuf>,
    /// The deployment manifest: read to skip what is deployed, written after
    /// every step.
    #[arg(long, env = "COS_MANIFEST", default_value = "cos-deployment.json")]
    pub manifest: PathBuf,
    /// Deploy only these (comma-separated). Default: credit, donation_quota,
    /// crowdfund, bounty and governance, and subtoken when --subtoken-symbol
    /// is given. Contracts they need that are not in the manifest are an error.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<Part>,
    /// Dry-run every step: print its gas (ref_time, proof_size) and storage
    /// deposit, and what its constructor answers; sign nothing, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Directory holding the built bundles (`cargo xtask build`).
    #[arg(long, default_value = "target/ink")]
    pub ink_dir: PathBuf,
    /// COS Credit issued to the deployer when it is created, in COS
    /// (default: 30 % of the 102.4e9 cap).
    #[arg(long)]
    pub initial_supply: Option<String>,
    /// Governance: how votes are weighed.
    #[arg(long, value_enum, default_value = "members")]
    pub governance_mode: Mode,
    /// Governance: blocks from a proposal to its snapshot, when weights are
    /// read and voting opens (14,400: a day of 6-second blocks; at least 1),
    /// so COS borrowed across one block boundary does not vote.
    #[arg(long, default_value_t = 14_400)]
    pub voting_delay: u32,
    /// Governance: blocks a proposal is open for votes after its snapshot
    /// (100,800: a week of 6-second blocks).
    #[arg(long, default_value_t = 100_800)]
    pub voting_period: u32,
    /// Governance: turnout needed, in basis points of the eligible weight.
    #[arg(long, default_value_t = 2_000)]
    pub quorum_bps: u16,
    /// Governance: `for` must be above this share of `for + against`, in
    /// basis points (5,000: a simple majority).
    #[arg(long, default_value_t = 5_000)]
    pub threshold_bps: u16,
    /// Governance: blocks between queueing a passed proposal and executing it
    /// (14,400: a day of 6-second blocks).
    #[arg(long, default_value_t = 14_400)]
    pub execution_delay: u32,
    /// Governance: blocks a passed proposal may wait to be queued, and a
    /// queued one to be executed once its delay has passed; then it expires
    /// (201,600: two weeks of 6-second blocks).
    #[arg(long, default_value_t = 201_600)]
    pub grace_period: u32,
    /// Governance: COS votes needed to propose or open a poll (token mode;
    /// in members mode membership is what counts). Default 0: any holder.
    #[arg(long, default_value = "0")]
    pub proposal_threshold: String,
    /// Governance: its first members (SS58 or hex; repeat the flag), at most 64.
    #[arg(long = "member")]
    pub members: Vec<String>,
    /// The community (its number in the deployed donation quota) the
    /// governance decides for and the sub-token belongs to.
    #[arg(long)]
    pub community: Option<u32>,
    /// Sub-token: its name.
    #[arg(long, default_value = "Community points")]
    pub subtoken_name: String,
    /// Sub-token: its symbol; deploys a sub-token when given.
    #[arg(long)]
    pub subtoken_symbol: Option<String>,
    /// Sub-token: decimals of its units.
    #[arg(long, default_value_t = 0)]
    pub subtoken_decimals: u8,
    /// Sub-token: COS behind each whole unit (its face value), in COS.
    #[arg(long, default_value = "1")]
    pub subtoken_face_value: String,
    /// Sub-token: COS a whole unit costs on its exchange, in COS (at least the face value).
    #[arg(long, default_value = "1")]
    pub subtoken_price: String,
}

/// A COS amount (`12.5`) in base units (8 decimals).
pub fn parse_cos(text: &str) -> Result<u128> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        bail!("{text:?} is not an amount of COS (digits, at most one point: 12.5)");
    }
    if fraction.len() > 8 {
        bail!("{text:?} has more than 8 decimals (COS has 8)");
    }
    let whole: u128 = if whole.is_empty() { 0 } else { whole.parse()? };
    let fraction: u128 = format!("{fraction:0<8}").parse()?;
    whole
        .checked_mul(UNIT)
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(|| anyhow!("{text:?} COS is too large"))
}

/// A COS amount in per-unit terms for a sub-token with `decimals` decimals:
/// COS base units per base unit of the sub-token.
fn per_base_unit(cos: u128, decimals: u8, what: &str) -> Result<u128> {
    let scale = 10u128.pow(u32::from(decimals));
    if !cos.is_multiple_of(scale) || cos == 0 {
        bail!(
            "the sub-token's {what} must be a positive multiple of {} COS base units (10^decimals) so every base unit is worth a whole number of COS base units",
            scale
        );
    }
    Ok(cos / scale)
}

/// One step of a deployment.
struct Step {
    part: Part,
    /// The bundle instantiated (`credit_core` for COS Credit).
    bundle: Bundle,
    data: Vec<u8>,
}

/// Uniquely salted: the same constructor arguments on the same code would
/// otherwise give the same address as an earlier deployment.
fn salt(part: Part) -> Vec<u8> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut salt = part.key().as_bytes().to_vec();
    salt.extend_from_slice(&nanos.to_le_bytes());
    salt
}

fn show_estimate(estimate: &Estimate) -> String {
    format!(
        "ref_time {}, proof_size {}, storage deposit {}",
        estimate.gas_required.ref_time, estimate.gas_required.proof_size, estimate.deposit
    )
}

pub async fn run(args: DeployArgs) -> Result<()> {
    let signer = keys::signer(args.suri.as_deref(), args.suri_file.as_deref())?;
    let deployer = keys::account(&signer);
    let chain = Chain::connect(&args.url).await?;
    let genesis = chain.genesis();
    let mut manifest = match Manifest::load(&args.manifest)? {
        Some(m) if m.genesis != genesis => bail!(
            "{} describes a deployment on another chain (genesis {}; this node's is {genesis}): give another --manifest",
            args.manifest.display(),
            m.genesis
        ),
        Some(m) => m,
        None => Manifest::new(&args.url, &genesis, deployer),
    };
    manifest.url = args.url.clone();
    for (name, deployed) in &manifest.contracts {
        let on_chain = chain.contract_code(deployed.account()?).await?;
        if on_chain.map(hex::encode).as_deref() != Some(deployed.code_hash.as_str()) {
            bail!(
                "the manifest says {name} is at {} with code {}, but the chain has {}: a reset chain? Move {} away to deploy afresh",
                deployed.address,
                deployed.code_hash,
                on_chain.map_or("no contract there".to_string(), hex::encode),
                args.manifest.display()
            );
        }
    }
    let mut parts = if args.only.is_empty() {
        let mut all = vec![
            Part::Credit,
            Part::DonationQuota,
            Part::Crowdfund,
            Part::Bounty,
            Part::Governance,
        ];
        if args.subtoken_symbol.is_some() {
            all.push(Part::Subtoken);
        }
        all
    } else {
        args.only.clone()
    };
    parts.sort();
    parts.dedup();
    if parts.contains(&Part::Subtoken) && args.subtoken_symbol.is_none() {
        bail!("a sub-token needs --subtoken-symbol (and --subtoken-name, --subtoken-face-value, --subtoken-price)");
    }
    let members: Vec<AccountId> = args
        .members
        .iter()
        .map(|m| manifest::parse_account(m).with_context(|| format!("--member {m}")))
        .collect::<Result<_>>()?;
    let initial_supply = args.initial_supply.as_deref().map(parse_cos).transpose()?;

    say(&format!(
        "{} COS on {} (genesis {}) from {}{}",
        if args.dry_run {
            "Dry run of deploying"
        } else {
            "Deploying"
        },
        args.url,
        &genesis[..16.min(genesis.len())],
        manifest::ss58(&deployer),
        if args.dry_run { ": nothing is signed" } else { "" }
    ));
    println!(
        "   the deployer holds {} native units",
        chain.free_balance(deployer).await?
    );
    let started = Instant::now();
    let total = parts.len();
    // Addresses of earlier steps; in a dry run, what the dry runs say they would be.
    let mut planned: std::collections::BTreeMap<&'static str, AccountId> = std::collections::BTreeMap::new();
    for (name, deployed) in &manifest.contracts {
        if let Some(part) = [
            Part::Credit,
            Part::DonationQuota,
            Part::Crowdfund,
            Part::Bounty,
            Part::Governance,
            Part::Subtoken,
        ]
        .into_iter()
        .find(|p| p.key() == name)
        {
            planned.insert(part.key(), deployed.account()?);
        }
    }
    let mut placeholder = false;
    for (index, part) in parts.iter().copied().enumerate() {
        let label = format!("[{}/{total}] {}", index + 1, part.key());
        if let Some(done) = manifest.contracts.get(part.key()) {
            println!(
                "   {label}: already at {} (block {}), skipped",
                done.address, done.block
            );
            continue;
        }
        let credit = match planned.get("credit") {
            Some(a) => *a,
            None if part == Part::Credit => deployer,
            None if args.dry_run => {
                placeholder = true;
                deployer
            }
            None => bail!("{label} needs COS Credit: deploy it first (`--only credit`) or drop --only"),
        };
        let step = match part {
            Part::Credit => {
                let full = Bundle::load(&args.ink_dir, "credit")?;
                let hash = upload_code(&chain, &signer, &mut manifest, &full, &args, &label).await?;
                let Some(hash) = hash else {
                    println!(
                        "   {label}: the router cannot be dry-run before the full code is on the chain; estimated when deploying"
                    );
                    placeholder = true;
                    continue;
                };
                Step {
                    part,
                    bundle: Bundle::load(&args.ink_dir, "credit_core")?,
                    data: constructor_data(credit_core::credit_core::CreditCoreRef::new(
                        initial_supply,
                        Hash::from(hash),
                    )),
                }
            }
            Part::DonationQuota => Step {
                part,
                bundle: Bundle::load(&args.ink_dir, "donation_quota")?,
                data: constructor_data(donation_quota::donation_quota::DonationQuotaRef::new(credit, None)),
            },
            Part::Crowdfund => Step {
                part,
                bundle: Bundle::load(&args.ink_dir, "crowdfund")?,
                data: constructor_data(crowdfund::crowdfund::CrowdfundRef::new(credit)),
            },
            Part::Bounty => Step {
                part,
                bundle: Bundle::load(&args.ink_dir, "bounty")?,
                data: constructor_data(bounty::bounty::BountyRef::new(credit)),
            },
            Part::Governance => {
                let config = governance::Config {
                    mode: match args.governance_mode {
                        Mode::Members => governance::VoteMode::OneMemberOneVote,
                        Mode::Token => governance::VoteMode::TokenWeighted,
                    },
                    voting_delay: args.voting_delay,
                    voting_period: args.voting_period,
                    quorum_bps: args.quorum_bps,
                    threshold_bps: args.threshold_bps,
                    execution_delay: args.execution_delay,
                    grace_period: args.grace_period,
                    proposal_threshold: parse_cos(&args.proposal_threshold)
                        .with_context(|| format!("--proposal-threshold {}", args.proposal_threshold))?,
                };
                config
                    .check()
                    .map_err(|e| anyhow!("the governance's rules: {e:?} (see cos deploy --help)"))?;
                let community = community_ref(&planned, args.community, &label)?;
                Step {
                    part,
                    bundle: Bundle::load(&args.ink_dir, "governance")?,
                    data: constructor_data(governance::governance::GovernanceRef::new(
                        credit,
                        config,
                        community,
                        members.clone(),
                    )),
                }
            }
            Part::Subtoken => {
                let decimals = args.subtoken_decimals;
                let face = per_base_unit(parse_cos(&args.subtoken_face_value)?, decimals, "face value")?;
                let price = per_base_unit(parse_cos(&args.subtoken_price)?, decimals, "price")?;
                let community = community_ref(&planned, args.community, &label)?;
                Step {
                    part,
                    bundle: Bundle::load(&args.ink_dir, "subtoken")?,
                    data: constructor_data(subtoken::subtoken::SubtokenRef::new(
                        credit,
                        args.subtoken_name.clone(),
                        args.subtoken_symbol.clone().unwrap_or_default(),
                        decimals,
                        face,
                        price,
                        community,
                    )),
                }
            }
        };
        let address = instantiate(&chain, &signer, &mut manifest, &step, &args, &label).await?;
        planned.insert(step.part.key(), address);
    }
    if args.dry_run {
        if placeholder {
            println!("   (steps that need COS Credit's address were estimated with the deployer's in its place: the same size, so the same gas)");
        }
        println!("\nNothing was signed. Run again without --dry-run to deploy.");
    } else {
        manifest.save(&args.manifest)?;
        say(&format!(
            "Deployed in {:.0?}; the manifest is {}",
            started.elapsed(),
            args.manifest.display()
        ));
        for (name, d) in &manifest.contracts {
            println!("   {name:<15} {}  ({}, block {})", d.address, d.bundle, d.block);
        }
        println!(
            "   next: cos index --manifest {0} --db sqlite:cos.db   and   cos serve --db sqlite:cos.db",
            args.manifest.display()
        );
    }
    Ok(())
}

/// The community `id` of the deployed donation quota, for governance and sub-tokens.
fn community_ref(
    planned: &std::collections::BTreeMap<&'static str, AccountId>,
    id: Option<u32>,
    label: &str,
) -> Result<Option<cos_common::CommunityRef>> {
    let Some(id) = id else { return Ok(None) };
    let registry = planned.get("donation_quota").copied().ok_or_else(|| {
        anyhow!("{label}: --community names a community of the donation quota, which is not deployed")
    })?;
    Ok(Some(cos_common::CommunityRef { registry, id }))
}

/// Uploads `bundle`'s code unless the chain has it; its code hash, or `None`
/// in a dry run where it is not on the chain yet.
async fn upload_code(
    chain: &Chain,
    signer: &subxt_signer::sr25519::Keypair,
    manifest: &mut Manifest,
    bundle: &Bundle,
    args: &DeployArgs,
    label: &str,
) -> Result<Option<[u8; 32]>> {
    let deployer = keys::account(signer);
    if chain.has_code(bundle.code_hash).await? {
        println!(
            "   {label}: the {} code {} is on the chain already",
            bundle.name,
            hex::encode(bundle.code_hash)
        );
        if !args.dry_run && !manifest.code.contains_key(&bundle.name) {
            manifest.code.insert(
                bundle.name.clone(),
                CodeEntry {
                    code_hash: hex::encode(bundle.code_hash),
                    block: chain.finalized().await?,
                    bundle: bundle.name.clone(),
                    version: bundle.version.clone(),
                },
            );
        }
        return Ok(Some(bundle.code_hash));
    }
    let (hash, deposit) = chain
        .dry_upload(deployer, &bundle.wasm)
        .await?
        .map_err(|e| anyhow!("{label}: the chain refuses the {} code: {e}", bundle.name))?;
    println!(
        "   {label}: upload {} {} ({} bytes of Wasm): storage deposit {deposit}",
        bundle.name,
        bundle.version,
        bundle.wasm.len()
    );
    if args.dry_run {
        return Ok(None);
    }
    let started = Instant::now();
    let (stored, block) = chain.upload(signer, &bundle.wasm, deposit).await?;
    if stored != hash {
        bail!(
            "{label}: the chain stored code {} for a dry run's {}",
            hex::encode(stored),
            hex::encode(hash)
        );
    }
    manifest.saw_block(block);
    manifest.code.insert(
        bundle.name.clone(),
        CodeEntry {
            code_hash: hex::encode(stored),
            block,
            bundle: bundle.name.clone(),
            version: bundle.version.clone(),
        },
    );
    manifest.save(&args.manifest)?;
    println!(
        "   {label}: stored as {} in block {block} ({:.1?})",
        hex::encode(stored),
        started.elapsed()
    );
    Ok(Some(stored))
}

/// Dry-runs and (unless a dry run) instantiates `step`; records it in the manifest.
async fn instantiate(
    chain: &Chain,
    signer: &subxt_signer::sr25519::Keypair,
    manifest: &mut Manifest,
    step: &Step,
    args: &DeployArgs,
    label: &str,
) -> Result<AccountId> {
    let deployer = keys::account(signer);
    let on_chain = chain.has_code(step.bundle.code_hash).await?;
    let code = if on_chain {
        Code::Existing(step.bundle.code_hash)
    } else {
        Code::Upload(&step.bundle.wasm)
    };
    let salt = salt(step.part);
    let estimate = chain.dry_instantiate(deployer, code, &step.data, &salt).await?;
    let output = estimate
        .output()
        .with_context(|| format!("{label}: instantiating {}", step.bundle.name))?;
    if output.reverted {
        bail!(
            "{label}: the {} constructor refuses (it answered 0x{}): check the arguments",
            step.bundle.name,
            hex::encode(&output.data)
        );
    }
    let address = output
        .address
        .ok_or_else(|| anyhow!("{label}: the dry run gave no address"))?;
    println!(
        "   {label}: instantiate {} {}{}: {}",
        step.bundle.name,
        step.bundle.version,
        if on_chain { "" } else { " (uploading its code with it)" },
        show_estimate(&estimate)
    );
    if args.dry_run {
        return Ok(address);
    }
    let started = Instant::now();
    let (address, block) = chain.instantiate(signer, code, &step.data, &salt, &estimate).await?;
    manifest.saw_block(block);
    manifest.contracts.insert(
        step.part.key().to_string(),
        Deployed::new(
            address,
            step.bundle.code_hash,
            &step.bundle.name,
            &step.bundle.version,
            block,
        ),
    );
    manifest.save(&args.manifest)?;
    println!(
        "   {label}: at {} in block {block} ({:.1?})",
        manifest::ss58(&address),
        started.elapsed()
    );
    Ok(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_cos_parse_exactly_or_not_at_all() {
        assert_eq!(parse_cos("12.5").unwrap(), 1_250_000_000);
        assert_eq!(parse_cos("0.00000001").unwrap(), 1);
        assert_eq!(parse_cos("7").unwrap(), 700_000_000);
        assert_eq!(parse_cos(".5").unwrap(), 50_000_000);
        for bad in ["", ".", "-1", "1e3", "1.000000001", "1,5", "abc", "1.2.3"] {
            assert!(parse_cos(bad).is_err(), "{bad:?}");
        }
        assert!(parse_cos(&"9".repeat(40)).is_err(), "overflow");
        assert_eq!(per_base_unit(UNIT, 0, "x").unwrap(), UNIT);
        assert_eq!(per_base_unit(UNIT, 2, "x").unwrap(), UNIT / 100);
        assert!(per_base_unit(5, 2, "x").is_err());
    }
}
