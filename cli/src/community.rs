//! `cos community`: what a community's people do with the deployed donation
//! quota before `cos reward` can unlock anything (white paper 000: sponsors
//! are granted locked quota, donate it to a community, whose admin hands it
//! down a tree of managers). One action per run, each dry-run first: a
//! refusal is reported by the contract's own error name with nothing sent,
//! and `--dry-run` prints the gas and storage deposit and signs nothing.
//!
//! | action | who |
//! |---|---|
//! | `grant SPONSOR AMOUNT` | the quota's operator (pays the COS) |
//! | `fund-reserve AMOUNT` | anyone |
//! | `create` | anyone: becomes the admin |
//! | `recognise --community ID [--withdraw]` | the quota's operator |
//! | `category --community ID NUMBER [NAME]` | the admin |
//! | `donate --community ID AMOUNT` | a sponsor |
//! | `offer-manager --community ID CANDIDATE` | the admin or a manager |
//! | `accept-manager --community ID [--parent ADDR]` | the candidate |
//! | `resign --community ID` | a manager (its sub-managers move up) |
//! | `allocate --community ID --sponsor S TO AMOUNT` | the admin or a manager above `TO` |
//! | `show --community ID [--sponsor S]...` | anyone, no key |

use crate::{deploy::parse_cos, narrate::say};
use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Subcommand};
use cos_client::{
    calls::message_data,
    keys,
    manifest::{parse_account, ss58},
    Chain, Manifest,
};
use cos_sandbox::suite::{self, cos};
use donation_quota::{BonusStage, Community, Manager, QuotaError, QuotaTotals};
use ink::primitives::AccountId;
use parity_scale_codec::Decode;
use psp22::{PSP22Error, PSP22};
use std::{fmt::Debug, path::PathBuf};
use subxt_signer::sr25519::Keypair;

#[derive(Args, Debug)]
pub struct CommunityArgs {
    #[command(subcommand)]
    pub action: Action,
    /// The deployment manifest (`cos deploy` writes it): the donation quota's
    /// and COS Credit's addresses and, unless --url, the node.
    #[arg(long, env = "COS_MANIFEST", default_value = "cos-deployment.json", global = true)]
    pub manifest: PathBuf,
    /// The node, a WebSocket URL (default: the manifest's).
    #[arg(long, env = "COS_NODE_URL", global = true)]
    pub url: Option<String>,
    /// The secret URI of the account that acts (`//Alice`, a mnemonic, a `0x`
    /// seed); see `cos deploy --help`. `show` needs none.
    #[arg(long, env = "COS_SURI", hide_env_values = true, global = true)]
    pub suri: Option<String>,
    /// A file whose first line is the secret URI.
    #[arg(long, conflicts_with = "suri", global = true)]
    pub suri_file: Option<PathBuf>,
    /// Print what the action would do (its answer, gas and storage deposit,
    /// from the node's dry run); sign nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

#[derive(Subcommand, Debug)]
pub enum Action {
    /// Grant SPONSOR AMOUNT COS of locked quota, paid in COS by the key (the
    /// donation quota's operator). Approves the donation quota for the COS
    /// first when its allowance is short.
    Grant {
        /// The sponsor (SS58 or hex).
        sponsor: String,
        /// COS, up to 8 decimals.
        amount: String,
    },
    /// Add AMOUNT COS from the key to the bonus reserve that pays sponsors'
    /// and managers' bonuses (anyone may). Approves first when needed.
    FundReserve {
        /// COS, up to 8 decimals.
        amount: String,
    },
    /// Create a community; the key becomes its admin. Prints its number.
    /// It receives quota once the operator recognises it (`recognise`).
    Create,
    /// Recognise a community, so that sponsors may donate quota to it and its
    /// managers allocate and unlock it; with --withdraw, withdraw the
    /// recognition (its quota then stays where it is). The donation quota's
    /// operator only: it answers for which communities are real.
    Recognise {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// Withdraw the recognition instead.
        #[arg(long)]
        withdraw: bool,
    },
    /// Name contribution category NUMBER of a community (rename it if named),
    /// or remove its name with --remove. Once a community names any category,
    /// rewards must use a named one. The admin only.
    Category {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// The category's number (0 to 65535).
        number: u16,
        /// Its name (1 to 32 bytes, unlike the community's others).
        #[arg(required_unless_present = "remove")]
        name: Option<String>,
        /// Remove the category's name instead.
        #[arg(long, conflicts_with = "name")]
        remove: bool,
    },
    /// Donate AMOUNT COS of the key's quota (a sponsor's) to a community.
    /// Irrevocable.
    Donate {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// COS, up to 8 decimals.
        amount: String,
    },
    /// Offer CANDIDATE a place as manager directly below the key (the admin
    /// or a manager); nothing changes until the candidate accepts.
    OfferManager {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// The account offered the place (SS58 or hex).
        candidate: String,
    },
    /// Accept the place offered to the key by --parent (default: the admin).
    AcceptManager {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// The manager who made the offer (SS58 or hex); without it, the admin.
        #[arg(long)]
        parent: Option<String>,
    },
    /// Leave a community's manager tree alone: the key's sub-managers move up
    /// under its parent and its quota goes up the tree. Open offers of the
    /// community lapse. (A manager the admin hands the community to resigns
    /// first.)
    Resign {
        /// The community's number.
        #[arg(long)]
        community: u32,
    },
    /// Allocate AMOUNT COS of SPONSOR's donated quota from the key (the
    /// admin's pool, or a manager's own quota) to TO, a manager below it, who
    /// can then reward with it (`cos reward`).
    Allocate {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// Whose quota (SS58 or hex).
        #[arg(long)]
        sponsor: String,
        /// The manager receiving it (SS58 or hex).
        to: String,
        /// COS, up to 8 decimals.
        amount: String,
    },
    /// Show a community: its admin, managers, categories, the bonus now and
    /// the reserve; with --sponsor, that sponsor's quota held and in the
    /// admin's pool; with --manager, what that manager holds. Needs no key.
    Show {
        /// The community's number.
        #[arg(long)]
        community: u32,
        /// A sponsor whose quota to show (repeat for more).
        #[arg(long = "sponsor")]
        sponsors: Vec<String>,
        /// A manager whose place and quota to show (repeat for more).
        #[arg(long = "manager")]
        managers: Vec<String>,
    },
}

/// The node, the deployment and, for actions that send, the key.
struct Session {
    chain: Chain,
    quota: AccountId,
    credit: AccountId,
    dry_run: bool,
}

/// The key that acts.
struct Actor {
    signer: Keypair,
    account: AccountId,
}

fn amount(text: &str) -> Result<u128> {
    match parse_cos(text)? {
        0 => bail!("the amount must be above zero"),
        a => Ok(a),
    }
}

fn account(text: &str, what: &str) -> Result<AccountId> {
    parse_account(text).with_context(|| what.to_string())
}

impl Session {
    /// Reads a view of the donation quota.
    async fn read<T: Decode>(&self, data: Vec<u8>) -> Result<T> {
        let output = self.chain.query_raw(self.quota, &data).await?;
        <Result<T, ink::LangError>>::decode(&mut &output[..])
            .context("decoding the donation quota's answer")?
            .map_err(|e| anyhow!("the donation quota cannot run the message: {e:?}"))
    }

    /// Dry-runs `data` to `dest` as `actor`; a contract's refusal (its error,
    /// by name) stops everything with nothing sent. Prints the gas and
    /// deposit; unless --dry-run, sends it and waits until it is finalised.
    /// The dry run's answer and, when sent, the events of the transaction.
    async fn act<T: Decode + Debug, E: Decode + Debug>(
        &self,
        actor: &Actor,
        what: &str,
        dest: AccountId,
        data: &[u8],
    ) -> Result<(T, Option<cos_client::node::Landed>)> {
        let estimate = self
            .chain
            .dry_call(actor.account, dest, data)
            .await
            .context(what.to_string())?;
        let output = estimate.output().context(what.to_string())?;
        let answer = <Result<Result<T, E>, ink::LangError>>::decode(&mut &output.data[..]).with_context(|| {
            format!(
                "{what}: decoding the contract's answer (0x{})",
                hex::encode(&output.data)
            )
        })?;
        let value = match answer {
            Ok(Ok(value)) => value,
            Ok(Err(e)) => bail!("{what}: the contract refuses it: {e:?}; nothing was sent"),
            Err(e) => {
                bail!("{what}: the contract cannot run the message ({e:?}): is the manifest's contract a COS one?")
            }
        };
        println!(
            "   {what}: ref_time {}, proof_size {}, storage deposit {}",
            estimate.gas_required.ref_time, estimate.gas_required.proof_size, estimate.deposit
        );
        if self.dry_run {
            return Ok((value, None));
        }
        let landed = self
            .chain
            .call(&actor.signer, dest, data, &estimate)
            .await
            .context(what.to_string())?;
        println!("   {what}: finalised in block {}", landed.block);
        Ok((value, Some(landed)))
    }

    /// Lets the donation quota take `needed` COS from the actor: approves it
    /// when the allowance is short. `false` if an approval is needed but this
    /// is a dry run (so what follows cannot be dry-run yet).
    async fn allow(&self, actor: &Actor, needed: u128) -> Result<bool> {
        let mut token = suite::credit(self.credit);
        let allowance: u128 = self
            .chain
            .query(self.credit, &message_data(token.allowance(actor.account, self.quota)).1)
            .await
            .context("reading the COS Credit allowance")?;
        let balance: u128 = self
            .chain
            .query(self.credit, &message_data(token.balance_of(actor.account)).1)
            .await
            .context("reading the COS Credit balance")?;
        if balance < needed {
            bail!(
                "{} holds {} but this takes {}: nothing was sent",
                ss58(&actor.account),
                cos(balance),
                cos(needed)
            );
        }
        if allowance >= needed {
            return Ok(true);
        }
        let (_, data) = message_data(token.approve(self.quota, needed));
        self.act::<(), PSP22Error>(
            actor,
            &format!("approve the donation quota for {}", cos(needed)),
            self.credit,
            &data,
        )
        .await?;
        Ok(!self.dry_run)
    }
}

pub async fn run(args: CommunityArgs) -> Result<()> {
    let manifest = Manifest::require(&args.manifest)?;
    let url = args.url.clone().unwrap_or_else(|| manifest.url.clone());
    let chain = Chain::connect(&url).await?;
    if chain.genesis() != manifest.genesis {
        bail!(
            "the node at {url} runs another chain than {} describes",
            args.manifest.display()
        );
    }
    let session = Session {
        chain,
        quota: manifest.address("donation_quota")?,
        credit: manifest.address("credit")?,
        dry_run: args.dry_run,
    };
    let mut q = suite::quota(session.quota);
    if let Action::Show {
        community,
        sponsors,
        managers,
    } = &args.action
    {
        return show(&session, *community, sponsors, managers).await;
    }
    let signer = keys::signer(args.suri.as_deref(), args.suri_file.as_deref())?;
    let actor = Actor {
        account: keys::account(&signer),
        signer,
    };
    let who = ss58(&actor.account);
    match args.action {
        Action::Grant { sponsor, amount: a } => {
            let (sponsor, a) = (account(&sponsor, "SPONSOR")?, amount(&a)?);
            let operator: AccountId = session.read(message_data(q.operator()).1).await?;
            if operator != actor.account {
                bail!(
                    "only the donation quota's operator ({}) grants quota; the key is {who}: nothing was sent",
                    ss58(&operator)
                );
            }
            let what = format!("grant {} {} of quota", ss58(&sponsor), cos(a));
            if session.allow(&actor, a).await? {
                session
                    .act::<(), QuotaError>(&actor, &what, session.quota, &message_data(q.grant_quota(sponsor, a)).1)
                    .await?;
            } else {
                println!("   {what}: its dry run needs the approval first; it runs when sent");
            }
        }
        Action::FundReserve { amount: a } => {
            let a = amount(&a)?;
            let what = format!("add {} to the bonus reserve", cos(a));
            if session.allow(&actor, a).await? {
                session
                    .act::<(), QuotaError>(&actor, &what, session.quota, &message_data(q.fund_reserve(a)).1)
                    .await?;
            } else {
                println!("   {what}: its dry run needs the approval first; it runs when sent");
            }
        }
        Action::Create => {
            let (id, landed) = session
                .act::<u32, QuotaError>(
                    &actor,
                    &format!("create a community with {who} as admin"),
                    session.quota,
                    &message_data(q.create_community()).1,
                )
                .await?;
            // Another community may have been created between the dry run and
            // the transaction: the event says which number this one got.
            let id = match landed {
                Some(landed) => created_id(&landed, session.quota).unwrap_or(id),
                None => id,
            };
            if session.dry_run {
                say(&format!("It would be community {id}"));
            } else {
                say(&format!("Community {id} created; its admin is {who}"));
            }
        }
        Action::Recognise { community, withdraw } => {
            let operator: AccountId = session.read(message_data(q.operator()).1).await?;
            if operator != actor.account {
                bail!(
                    "only the donation quota's operator ({}) recognises communities; the key is {who}: nothing was sent",
                    ss58(&operator)
                );
            }
            let what = if withdraw {
                format!("withdraw the recognition of community {community}")
            } else {
                format!("recognise community {community}")
            };
            session
                .act::<(), QuotaError>(
                    &actor,
                    &what,
                    session.quota,
                    &message_data(q.recognise(community, !withdraw)).1,
                )
                .await?;
        }
        Action::Resign { community } => {
            session
                .act::<(), QuotaError>(
                    &actor,
                    &format!("{who} resigns as manager of community {community}"),
                    session.quota,
                    &message_data(q.resign(community)).1,
                )
                .await?;
        }
        Action::Category {
            community,
            number,
            name,
            remove,
        } => {
            let name = if remove { None } else { name };
            let what = match &name {
                Some(n) => format!("name category {number} of community {community} {n:?}"),
                None => format!("remove the name of category {number} of community {community}"),
            };
            session
                .act::<(), QuotaError>(
                    &actor,
                    &what,
                    session.quota,
                    &message_data(q.set_category(community, number, name)).1,
                )
                .await?;
        }
        Action::Donate { community, amount: a } => {
            let a = amount(&a)?;
            session
                .act::<(), QuotaError>(
                    &actor,
                    &format!("donate {} of {who}'s quota to community {community}", cos(a)),
                    session.quota,
                    &message_data(q.donate(community, a)).1,
                )
                .await?;
        }
        Action::OfferManager { community, candidate } => {
            let candidate = account(&candidate, "CANDIDATE")?;
            session
                .act::<(), QuotaError>(
                    &actor,
                    &format!(
                        "offer {} a place below {who} in community {community}",
                        ss58(&candidate)
                    ),
                    session.quota,
                    &message_data(q.offer_manager(community, candidate)).1,
                )
                .await?;
        }
        Action::AcceptManager { community, parent } => {
            let parent = parent.as_deref().map(|p| account(p, "--parent")).transpose()?;
            let below = parent.map_or_else(|| "the admin".to_string(), |p| ss58(&p));
            session
                .act::<(), QuotaError>(
                    &actor,
                    &format!("{who} accepts a place below {below} in community {community}"),
                    session.quota,
                    &message_data(q.accept_manager(community, parent)).1,
                )
                .await?;
        }
        Action::Allocate {
            community,
            sponsor,
            to,
            amount: a,
        } => {
            let (sponsor, to, a) = (account(&sponsor, "--sponsor")?, account(&to, "TO")?, amount(&a)?);
            session
                .act::<(), QuotaError>(
                    &actor,
                    &format!(
                        "allocate {} of {}'s quota to {} in community {community}",
                        cos(a),
                        ss58(&sponsor),
                        ss58(&to)
                    ),
                    session.quota,
                    &message_data(q.allocate(community, sponsor, to, a)).1,
                )
                .await?;
        }
        Action::Show { .. } => unreachable!("shown above"),
    }
    if session.dry_run {
        println!("\nNothing was signed. Run again without --dry-run to send it.");
    }
    Ok(())
}

/// The number a `CommunityCreated` event of the donation quota gives.
fn created_id(landed: &cos_client::node::Landed, quota: AccountId) -> Option<u32> {
    landed
        .events
        .iter()
        .filter(|(name, _)| name == "Contracts::ContractEmitted")
        .filter_map(|(_, fields)| <([u8; 32], Vec<u8>)>::decode(&mut &fields[..]).ok())
        .find(|(contract, _)| AccountId::from(*contract) == quota)
        .and_then(|(_, data)| <(u32, [u8; 32])>::decode(&mut &data[..]).ok())
        .map(|(id, _admin)| id)
}

async fn show(session: &Session, id: u32, sponsors: &[String], managers: &[String]) -> Result<()> {
    let q = suite::quota(session.quota);
    let community: Community = session
        .read::<Option<Community>>(message_data(q.community(id)).1)
        .await?
        .ok_or_else(|| anyhow!("the donation quota has no community {id}"))?;
    let categories: Vec<(u16, String)> = session.read(message_data(q.categories(id)).1).await?;
    let stage: BonusStage = session.read(message_data(q.current_bonus()).1).await?;
    let totals: QuotaTotals = session.read(message_data(q.totals()).1).await?;
    say(&format!("Community {id}"));
    println!("   admin: {}", ss58(&community.admin));
    println!(
        "   {}",
        if community.recognised {
            "recognised by the operator: it receives, allocates and unlocks quota"
        } else {
            "not recognised by the operator: it receives no quota, and its quota does not move"
        }
    );
    if let Some(pending) = community.pending_admin {
        println!("   offered to: {} (not yet accepted)", ss58(&pending));
    }
    println!("   managers directly below the admin: {}", community.children);
    println!(
        "   categories: {}",
        if categories.is_empty() {
            "none named (rewards take any number)".to_string()
        } else {
            categories
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    println!(
        "   bonus now: sponsor {:.2} %, manager {:.2} % of each reward; reserve {}",
        f64::from(stage.sponsor_bps) / 100.0,
        f64::from(stage.manager_bps) / 100.0,
        cos(totals.reserve)
    );
    for sponsor in sponsors {
        let sponsor = account(sponsor, "--sponsor")?;
        let held: u128 = session.read(message_data(q.held_quota(sponsor)).1).await?;
        let pool: u128 = session.read(message_data(q.quota_of(id, None, sponsor)).1).await?;
        println!(
            "   sponsor {}: {} not yet donated; {} donated here and in the admin's pool",
            ss58(&sponsor),
            cos(held),
            cos(pool)
        );
    }
    for manager in managers {
        let manager = account(manager, "--manager")?;
        let Some(place) = session
            .read::<Option<Manager>>(message_data(q.manager(id, manager)).1)
            .await?
        else {
            println!("   {} is not a manager of community {id}", ss58(&manager));
            continue;
        };
        let parent = place.parent.map_or_else(|| "the admin".to_string(), |p| ss58(&p));
        let below: Vec<AccountId> = session.read(message_data(q.manager_children(id, manager)).1).await?;
        println!(
            "   manager {}: level {} below {parent}; sub-managers: {}",
            ss58(&manager),
            place.depth,
            if below.is_empty() {
                "none".to_string()
            } else {
                below.iter().map(ss58).collect::<Vec<_>>().join(", ")
            }
        );
        let of: Vec<AccountId> = session.read(message_data(q.manager_sponsors(id, manager)).1).await?;
        for sponsor in of {
            let held: u128 = session
                .read(message_data(q.quota_of(id, Some(manager), sponsor)).1)
                .await?;
            println!("      holds {} of {}'s quota", cos(held), ss58(&sponsor));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use parity_scale_codec::Encode;

    fn parse(args: &[&str]) -> std::result::Result<CommunityArgs, clap::Error> {
        let cli = crate::Cli::try_parse_from([&["cos", "community"], args].concat())?;
        match cli.command {
            crate::Command::Community(args) => Ok(args),
            _ => unreachable!("a community command"),
        }
    }

    #[test]
    fn actions_parse_with_their_flags_anywhere_and_refuse_contradictions() {
        let args = parse(&["category", "--community", "3", "1", "organising", "--suri", "//Eve"]).unwrap();
        assert_eq!(args.suri.as_deref(), Some("//Eve"));
        assert!(matches!(
            args.action,
            Action::Category { community: 3, number: 1, name: Some(ref n), remove: false } if n == "organising"
        ));
        let removing = parse(&["--dry-run", "category", "--community", "0", "1", "--remove"]).unwrap();
        assert!(removing.dry_run);
        assert!(matches!(
            removing.action,
            Action::Category {
                name: None,
                remove: true,
                ..
            }
        ));
        assert!(
            parse(&["category", "--community", "0", "1"]).is_err(),
            "a name or --remove"
        );
        assert!(parse(&["category", "--community", "0", "1", "x", "--remove"]).is_err());
        assert!(parse(&["category", "--community", "0", "70000", "x"]).is_err(), "a u16");
        assert!(parse(&["donate", "5"]).is_err(), "--community is required");
        assert!(matches!(
            parse(&["recognise", "--community", "2", "--withdraw"]).unwrap().action,
            Action::Recognise {
                community: 2,
                withdraw: true
            }
        ));
        assert!(matches!(
            parse(&["resign", "--community", "1"]).unwrap().action,
            Action::Resign { community: 1 }
        ));
        assert!(parse(&["grant", "--suri", "//A", "--suri-file", "k", "x", "1"]).is_err());
        let show = parse(&["show", "--community", "0", "--sponsor", "a", "--sponsor", "b"]).unwrap();
        assert!(matches!(show.action, Action::Show { ref sponsors, .. } if sponsors.len() == 2));
    }

    #[test]
    fn amounts_are_cos_above_zero() {
        assert_eq!(amount("12.5").unwrap(), 1_250_000_000);
        assert!(amount("0").unwrap_err().to_string().contains("above zero"));
        assert!(amount("0.000000001").is_err());
        assert!(amount("-1").is_err());
    }

    #[test]
    fn the_created_community_is_read_from_the_quota_event() {
        let (quota, other) = (AccountId::from([7; 32]), AccountId::from([8; 32]));
        let emitted = |contract: AccountId, id: u32| {
            (
                "Contracts::ContractEmitted".to_string(),
                (*AsRef::<[u8; 32]>::as_ref(&contract), (id, [1u8; 32]).encode()).encode(),
            )
        };
        let landed = cos_client::node::Landed {
            block: 9,
            events: vec![
                ("Balances::Withdraw".to_string(), vec![0; 40]),
                emitted(other, 5),
                emitted(quota, 3),
            ],
        };
        assert_eq!(
            created_id(&landed, quota),
            Some(3),
            "the quota's event, not another contract's"
        );
        assert_eq!(created_id(&landed, AccountId::from([9; 32])), None);
    }
}
