//! `cos reward`: rewards everyone on an activity form in one command (white
//! paper 000: after each activity its organiser fills in a form of everyone
//! who took part and what they did). The form is a CSV file:
//!
//! ```csv
//! contributor,amount,category,note
//! 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty,12.5,organising,set up the hall
//! 0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48,3,2,ran the raffle
//! ```
//!
//! `contributor`: SS58 or 64 hex digits; `amount`: COS (at most 8 decimals,
//! above zero); `category`: a category the community named (by name or
//! number), or any number if it names none; `note`: free text whose BLAKE2b-256
//! hash becomes the record's content hash (the text stays with the community).
//!
//! Every line is checked before anything is sent: a bad line is reported
//! with its line number and nothing goes out. Lines are grouped by category
//! (a batch has one) and sent in batches of at most `MAX_REWARD_BATCH`, each
//! all or nothing; `--dry-run` prints each line with its bonuses and each
//! batch's gas, and signs nothing.
//!
//! Every batch that lands is written to a journal beside the form
//! (`form.csv.rewarded.jsonl`: the chain, contract, community, activity,
//! sponsor, block and lines). A second run of the same form skips the lines
//! the journal says were rewarded, so a run cut short is finished by running
//! it again and a form sent twice by mistake pays nobody twice (`--again`
//! sends them anyway).

use crate::{deploy::parse_cos, narrate::say};
use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use cos_client::{
    calls::{contract, message_data},
    keys,
    manifest::{self, parse_account},
    Chain, Manifest,
};
use donation_quota::{bonus, BonusStage, QuotaError, MAX_REWARD_BATCH};
use ink::{
    env::hash::{Blake2x256, CryptoHash},
    primitives::AccountId,
};
use parity_scale_codec::Decode;
use serde::{Deserialize, Serialize};
use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    io::Write,
    path::{Path, PathBuf},
    time::Instant,
};

type QuotaCalls = <donation_quota::donation_quota::DonationQuota as ink::codegen::ContractCallBuilder>::Type;

#[derive(Args, Debug)]
pub struct RewardArgs {
    /// The activity form: a CSV file with the header
    /// `contributor,amount,category,note`.
    pub form: PathBuf,
    /// The community (its number in the deployed donation quota).
    #[arg(long)]
    pub community: u32,
    /// The sponsor whose quota the rewards unlock (SS58 or hex).
    #[arg(long)]
    pub sponsor: String,
    /// The activity's id (a number the community gives its activities); every
    /// record of the form carries it.
    #[arg(long)]
    pub activity: u64,
    /// The deployment manifest (`cos deploy` writes it): the donation quota's
    /// address and, unless --url, the node.
    #[arg(long, env = "COS_MANIFEST", default_value = "cos-deployment.json")]
    pub manifest: PathBuf,
    /// The node, a WebSocket URL (default: the manifest's).
    #[arg(long, env = "COS_NODE_URL")]
    pub url: Option<String>,
    /// The rewarding manager's (or admin's) secret URI; see `cos deploy --help`.
    #[arg(long, env = "COS_SURI", hide_env_values = true)]
    pub suri: Option<String>,
    /// A file whose first line is the manager's secret URI.
    #[arg(long, conflicts_with = "suri")]
    pub suri_file: Option<PathBuf>,
    /// Lines per batch (one transaction each, all or nothing), at most 50.
    #[arg(long, default_value_t = MAX_REWARD_BATCH as u32)]
    pub batch: u32,
    /// Check the form, print each line's reward and bonuses and each batch's
    /// gas from dry runs; sign nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send lines the journal (`FORM.rewarded.jsonl`) says were rewarded
    /// already for this activity, as if the form were new.
    #[arg(long)]
    pub again: bool,
}

/// A line of the form, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Its line number in the file (the header is line 1).
    pub number: u64,
    pub contributor: AccountId,
    pub amount: u128,
    pub category: u16,
    pub note: String,
    pub content_hash: [u8; 32],
}

/// How a form names categories: the community's names (empty: it names none
/// and takes any number).
pub struct Categories(pub Vec<(u16, String)>);

impl Categories {
    fn resolve(&self, text: &str) -> std::result::Result<u16, String> {
        let text = text.trim();
        if let Ok(number) = text.parse::<u16>() {
            if self.0.is_empty() || self.0.iter().any(|(c, _)| *c == number) {
                return Ok(number);
            }
        } else if let Some((c, _)) = self.0.iter().find(|(_, name)| name.eq_ignore_ascii_case(text)) {
            return Ok(*c);
        }
        if self.0.is_empty() {
            Err(format!(
                "category {text:?}: the community names no categories, so give a number (0 to 65535)"
            ))
        } else {
            let known: Vec<String> = self.0.iter().map(|(c, n)| format!("{n} ({c})")).collect();
            Err(format!(
                "category {text:?} is not one the community uses: {}",
                known.join(", ")
            ))
        }
    }
}

fn hash(text: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    Blake2x256::hash(text.as_bytes(), &mut out);
    out
}

/// Reads and checks a form: its lines, or every problem with its line number.
pub fn read_form(text: &str, categories: &Categories) -> std::result::Result<Vec<Line>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_ascii_lowercase()).collect(),
        Err(e) => return Err(vec![format!("line 1: cannot read the header: {e}")]),
    };
    const COLUMNS: [&str; 4] = ["contributor", "amount", "category", "note"];
    let index: Vec<Option<usize>> = COLUMNS.iter().map(|c| header.iter().position(|h| h == c)).collect();
    if index.iter().any(Option::is_none) {
        return Err(vec![format!(
            "line 1: the header must name the columns contributor,amount,category,note (it has {})",
            header.join(",")
        )]);
    }
    let col = |i: usize| index[i].unwrap_or(0);
    let mut lines = Vec::new();
    let mut seen: HashMap<(AccountId, u128, u16, String), u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let number = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |i: usize| record.get(col(i)).unwrap_or("");
        let mut bad = |what: String| problems.push(format!("line {number}: {what}"));
        let contributor = match parse_account(field(0)) {
            Ok(a) => Some(a),
            Err(_) => {
                bad(format!(
                    "contributor {:?} is not an account (SS58 or 64 hex digits)",
                    field(0)
                ));
                None
            }
        };
        let amount = match parse_cos(field(1)) {
            Ok(0) => {
                bad(format!("amount {:?} must be above zero", field(1)));
                None
            }
            Ok(a) => Some(a),
            Err(e) if field(1).starts_with('-') => {
                let _ = e;
                bad(format!("amount {:?} is negative", field(1)));
                None
            }
            Err(e) => {
                bad(format!("amount: {e:#}"));
                None
            }
        };
        let category = match categories.resolve(field(2)) {
            Ok(c) => Some(c),
            Err(e) => {
                bad(e);
                None
            }
        };
        let note = field(3).to_string();
        let (Some(contributor), Some(amount), Some(category)) = (contributor, amount, category) else {
            continue;
        };
        if let Some(first) = seen.insert((contributor, amount, category, note.clone()), number) {
            problems.push(format!(
                "line {number}: repeats line {first} (same contributor, amount, category and note)"
            ));
            continue;
        }
        lines.push(Line {
            number,
            contributor,
            amount,
            category,
            content_hash: hash(&note),
            note,
        });
    }
    if lines.is_empty() && problems.is_empty() {
        problems.push("the form has no lines".to_string());
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// The form's batches: by category (a batch has one), in the form's order,
/// at most `size` lines each.
pub fn batches(lines: &[Line], size: usize) -> Vec<Vec<Line>> {
    let mut by_category: BTreeMap<u16, Vec<Line>> = BTreeMap::new();
    for line in lines {
        by_category.entry(line.category).or_default().push(line.clone());
    }
    by_category
        .into_values()
        .flat_map(|lines| lines.chunks(size.max(1)).map(<[Line]>::to_vec).collect::<Vec<_>>())
        .collect()
}

/// One batch that landed, as the journal beside the form keeps it (a JSON line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The chain's genesis hash.
    pub genesis: String,
    /// The donation quota's address (SS58).
    pub quota: String,
    pub community: u32,
    pub activity: u64,
    /// The sponsor (SS58).
    pub sponsor: String,
    /// The block the batch landed in.
    pub block: u64,
    /// The lines' keys ([`Line::key`]).
    pub lines: Vec<String>,
}

impl JournalEntry {
    fn same_reward(&self, other: &Self) -> bool {
        (&self.genesis, &self.quota, self.community, self.activity, &self.sponsor)
            == (
                &other.genesis,
                &other.quota,
                other.community,
                other.activity,
                &other.sponsor,
            )
    }
}

impl Line {
    /// What identifies the line in the journal whatever its place in the
    /// form: contributor, amount, category and the note's hash.
    pub fn key(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            hex::encode(self.contributor),
            self.amount,
            self.category,
            hex::encode(self.content_hash)
        )
    }
}

/// The journal of `form`: `form.csv.rewarded.jsonl`.
pub fn journal_path(form: &Path) -> PathBuf {
    let mut name = form.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".rewarded.jsonl");
    form.with_file_name(name)
}

/// The keys of lines the journal at `path` says were rewarded for the same
/// chain, contract, community, activity and sponsor as `scope`, with the
/// block of each.
pub fn rewarded(path: &Path, scope: &JournalEntry) -> Result<HashMap<String, u64>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(e).with_context(|| format!("reading the journal {}", path.display())),
    };
    let mut done = HashMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let entry: JournalEntry = serde_json::from_str(line)
            .with_context(|| format!("{} line {}: not a journal entry", path.display(), n + 1))?;
        if entry.same_reward(scope) {
            for key in entry.lines {
                done.insert(key, entry.block);
            }
        }
    }
    Ok(done)
}

/// Appends `entry` to the journal at `path` and syncs it to disk.
pub fn record(path: &Path, entry: &JournalEntry) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening the journal {}", path.display()))?;
    writeln!(file, "{}", serde_json::to_string(entry)?)
        .and_then(|()| file.sync_data())
        .with_context(|| format!("writing the journal {}", path.display()))
}

fn cos(amount: u128) -> String {
    cos_sandbox::suite::cos(amount)
}

pub async fn run(args: RewardArgs) -> Result<()> {
    let size = usize::try_from(args.batch)?;
    if size == 0 || size > MAX_REWARD_BATCH {
        bail!("--batch must be 1 to {MAX_REWARD_BATCH} (the contract's bound)");
    }
    let manifest = Manifest::require(&args.manifest)?;
    let url = args.url.clone().unwrap_or_else(|| manifest.url.clone());
    let quota_address = manifest.address("donation_quota")?;
    let signer = keys::signer(args.suri.as_deref(), args.suri_file.as_deref())?;
    let caller = keys::account(&signer);
    let sponsor = parse_account(&args.sponsor).context("--sponsor")?;
    let text = std::fs::read_to_string(&args.form).with_context(|| format!("reading {}", args.form.display()))?;
    let chain = Chain::connect(&url).await?;
    if chain.genesis() != manifest.genesis {
        bail!(
            "the node at {url} runs another chain than {} describes",
            args.manifest.display()
        );
    }
    let mut q: QuotaCalls = contract::<donation_quota::donation_quota::DonationQuota>(quota_address);
    let query = |message: Vec<u8>| {
        let chain = chain.clone();
        async move { chain.query_raw(quota_address, &message).await }
    };
    let community =
        decode::<Option<donation_quota::Community>>(&query(message_data(q.community(args.community)).1).await?)?
            .ok_or_else(|| anyhow!("the donation quota has no community {}", args.community))?;
    let categories = Categories(decode(&query(message_data(q.categories(args.community)).1).await?)?);

    let lines = match read_form(&text, &categories) {
        Ok(lines) => lines,
        Err(problems) => {
            for p in &problems {
                eprintln!("{}: {p}", args.form.display());
            }
            bail!(
                "{} problem(s) in {}: nothing was sent; fix the form and run again",
                problems.len(),
                args.form.display()
            );
        }
    };
    let journal = journal_path(&args.form);
    let scope = JournalEntry {
        genesis: manifest.genesis.clone(),
        quota: manifest::ss58(&quota_address),
        community: args.community,
        activity: args.activity,
        sponsor: manifest::ss58(&sponsor),
        block: 0,
        lines: Vec::new(),
    };
    let lines = if args.again {
        lines
    } else {
        let done = rewarded(&journal, &scope)?;
        let (skipped, todo): (Vec<Line>, Vec<Line>) = lines.into_iter().partition(|l| done.contains_key(&l.key()));
        if !skipped.is_empty() {
            let blocks: BTreeSet<u64> = skipped.iter().filter_map(|l| done.get(&l.key()).copied()).collect();
            say(&format!(
                "{} line(s) of the form were rewarded already for activity {} (blocks {}, as {} records): skipping them (--again sends them anyway)",
                skipped.len(),
                args.activity,
                blocks.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
                journal.display()
            ));
        }
        if todo.is_empty() {
            say("Every line of the form was rewarded already: nothing to send");
            return Ok(());
        }
        todo
    };
    let total: u128 = lines.iter().map(|l| l.amount).sum();
    let holder = (community.admin != caller).then_some(caller);
    let held: u128 = decode(&query(message_data(q.quota_of(args.community, holder, sponsor)).1).await?)?;
    if held < total {
        bail!(
            "the form rewards {} but {} holds {} of {}'s quota in community {}: nothing was sent",
            cos(total),
            manifest::ss58(&caller),
            cos(held),
            manifest::ss58(&sponsor),
            args.community
        );
    }
    let stage: BonusStage = decode(&query(message_data(q.current_bonus()).1).await?)?;
    let totals: donation_quota::QuotaTotals = decode(&query(message_data(q.totals()).1).await?)?;
    let batches = batches(&lines, size);
    say(&format!(
        "{} lines, {} in all, to reward from {}'s quota in community {} (activity {}), in {} batch(es)",
        lines.len(),
        cos(total),
        manifest::ss58(&sponsor),
        args.community,
        args.activity,
        batches.len()
    ));
    println!(
        "   bonuses now: sponsor {:.2} %, manager {:.2} % of each reward, from a reserve of {}",
        f64::from(stage.sponsor_bps) / 100.0,
        f64::from(stage.manager_bps) / 100.0,
        cos(totals.reserve)
    );
    // Dry runs, in order, with the reserve each batch leaves to the next.
    let mut reserve = totals.reserve;
    let mut estimates = Vec::new();
    for (n, batch) in batches.iter().enumerate() {
        let entries: Vec<(AccountId, u128, [u8; 32])> = batch
            .iter()
            .map(|l| (l.contributor, l.amount, l.content_hash))
            .collect();
        let batch_total: u128 = batch.iter().map(|l| l.amount).sum();
        let b = bonus::compute(batch_total, stage, reserve).map_err(|e| anyhow!("{e:?}"))?;
        reserve = reserve.saturating_sub(b.total());
        let (_, data) =
            message_data(q.reward_batch(args.community, sponsor, batch[0].category, args.activity, entries));
        let estimate = chain.dry_call(caller, quota_address, &data).await?;
        let output = estimate.output().with_context(|| format!("batch {}", n + 1))?;
        if output.reverted {
            let refusal = <Result<Result<(u64, u64), QuotaError>, ink::LangError>>::decode(&mut &output.data[..])
                .map(|r| format!("{r:?}"))
                .unwrap_or_else(|_| format!("0x{}", hex::encode(&output.data)));
            bail!(
                "the donation quota refuses batch {} (lines {}-{}): {refusal}; nothing was sent",
                n + 1,
                batch[0].number,
                batch[batch.len() - 1].number
            );
        }
        if args.dry_run {
            println!(
                "\n   batch {} of {}: category {}, {} lines, {}: ref_time {}, proof_size {}",
                n + 1,
                batches.len(),
                batch[0].category,
                batch.len(),
                cos(batch_total),
                estimate.gas_required.ref_time,
                estimate.gas_required.proof_size
            );
            println!(
                "   {:>5}  {:<48}  {:>18}  {:>16}  {:>16}",
                "line", "contributor", "reward", "sponsor bonus", "manager bonus"
            );
            for l in batch {
                let share = |bps: u16| l.amount.saturating_mul(u128::from(bps)) / bonus::BPS;
                println!(
                    "   {:>5}  {:<48}  {:>18}  {:>16}  {:>16}",
                    l.number,
                    manifest::ss58(&l.contributor),
                    cos(l.amount),
                    cos(share(stage.sponsor_bps)),
                    cos(share(stage.manager_bps))
                );
            }
            println!(
                "   the batch pays the sponsor {} and the manager {} in bonuses{}",
                cos(b.sponsor),
                cos(b.manager),
                if b.total() < b.owed {
                    format!(" ({} owed: the reserve runs dry)", cos(b.owed))
                } else {
                    String::new()
                }
            );
        }
        estimates.push((data, estimate));
    }
    if args.dry_run {
        println!("\nNothing was signed. Run again without --dry-run to reward.");
        return Ok(());
    }
    // The journal must take what lands: found unwritable now, nothing is sent.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&journal)
        .with_context(|| format!("opening the journal {}: nothing was sent", journal.display()))?;
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(lines.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} lines {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    for (n, (batch, (data, estimate))) in batches.iter().zip(&estimates).enumerate() {
        match chain.call(&signer, quota_address, data, estimate).await {
            Ok(landed) => {
                let entry = JournalEntry {
                    block: landed.block,
                    lines: batch.iter().map(Line::key).collect(),
                    ..scope.clone()
                };
                record(&journal, &entry).with_context(|| {
                    format!(
                        "batch {} (lines {}-{}) was rewarded in block {} but not journaled: remove those lines before running the form again",
                        n + 1,
                        batch[0].number,
                        batch[batch.len() - 1].number,
                        landed.block
                    )
                })?;
                bar.inc(batch.len() as u64);
                bar.println(format!(
                    "   batch {}/{}: lines {}-{} rewarded in block {}",
                    n + 1,
                    batches.len(),
                    batch[0].number,
                    batch[batch.len() - 1].number,
                    landed.block
                ));
            }
            Err(e) => {
                bar.abandon();
                let done: Vec<String> = batches[..n]
                    .iter()
                    .map(|b| format!("{}-{}", b[0].number, b[b.len() - 1].number))
                    .collect();
                return Err(e.context(format!(
                    "batch {} (lines {}-{}) was not rewarded; {}: run the same command again to send the rest ({} says what was rewarded)",
                    n + 1,
                    batch[0].number,
                    batch[batch.len() - 1].number,
                    if done.is_empty() {
                        "nothing was rewarded".to_string()
                    } else {
                        format!("lines {} were", done.join(", "))
                    },
                    journal.display()
                )));
            }
        }
    }
    bar.finish_and_clear();
    say(&format!(
        "Rewarded {} contributors {} in {} batch(es) in {:.1?}",
        lines.len(),
        cos(total),
        batches.len(),
        started.elapsed()
    ));
    Ok(())
}

fn decode<T: Decode>(output: &[u8]) -> Result<T> {
    <Result<T, ink::LangError>>::decode(&mut &output[..])
        .context("decoding the donation quota's answer")?
        .map_err(|e| anyhow!("the donation quota rejects the message: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    const BOB: &str = "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48";

    fn named() -> Categories {
        Categories(vec![(1, "organising".into()), (2, "teaching".into())])
    }

    #[test]
    fn a_good_form_reads_and_batches_by_category() {
        let form = format!(
            "contributor,amount,category,note\n{ALICE},12.5,organising,set up the hall\n{BOB},3,2,ran the raffle\n\n{ALICE},1,teaching,\"a note, with a comma\"\n"
        );
        let lines = read_form(&form, &named()).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            (lines[0].number, lines[0].amount, lines[0].category),
            (2, 1_250_000_000, 1)
        );
        assert_eq!(lines[2].note, "a note, with a comma");
        assert_eq!(lines[2].content_hash, hash("a note, with a comma"));
        let b = batches(&lines, 1);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0][0].category, 1);
        assert!(b[1..].iter().all(|b| b[0].category == 2));
        assert_eq!(batches(&lines, 50).len(), 2, "one batch per category");
        let numbers = read_form(
            &format!("contributor,amount,category,note\n{ALICE},1,7,x\n"),
            &Categories(vec![]),
        );
        assert_eq!(
            numbers.unwrap()[0].category,
            7,
            "a community with no names takes numbers"
        );
    }

    #[test]
    fn the_journal_keeps_what_landed_per_activity_and_skips_nothing_else() {
        let form = format!("contributor,amount,category,note\n{ALICE},1,1,a\n{BOB},2,2,b\n");
        let lines = read_form(&form, &named()).unwrap();
        assert_ne!(lines[0].key(), lines[1].key());
        let dir = std::env::temp_dir().join(format!("cos-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = journal_path(&dir.join("form.csv"));
        assert_eq!(path, dir.join("form.csv.rewarded.jsonl"));
        let scope = JournalEntry {
            genesis: "0xab".into(),
            quota: ALICE.into(),
            community: 0,
            activity: 42,
            sponsor: ALICE.into(),
            block: 0,
            lines: vec![],
        };
        assert!(rewarded(&path, &scope).unwrap().is_empty(), "no journal yet");
        record(
            &path,
            &JournalEntry {
                block: 7,
                lines: vec![lines[0].key()],
                ..scope.clone()
            },
        )
        .unwrap();
        record(
            &path,
            &JournalEntry {
                activity: 43,
                block: 8,
                lines: vec![lines[1].key()],
                ..scope.clone()
            },
        )
        .unwrap();
        let done = rewarded(&path, &scope).unwrap();
        assert_eq!(done.len(), 1, "another activity's lines are not this one's");
        assert_eq!(done.get(&lines[0].key()), Some(&7));
        assert!(rewarded(
            &path,
            &JournalEntry {
                genesis: "0xcd".into(),
                ..scope.clone()
            }
        )
        .unwrap()
        .is_empty());
        std::fs::write(&path, "not json\n").unwrap();
        assert!(rewarded(&path, &scope).unwrap_err().to_string().contains("line 1"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let form = format!(
            "contributor,amount,category,note\n\
             nobody,1,organising,a\n\
             {ALICE},0,organising,b\n\
             {ALICE},-2,organising,c\n\
             {ALICE},1,dancing,d\n\
             {BOB},1,1,e\n\
             {BOB},1,organising,e\n\
             {ALICE},1.000000001,2,f\n"
        );
        let problems = read_form(&form, &named()).unwrap_err();
        let text = problems.join("\n");
        for expected in [
            "line 2: contributor \"nobody\" is not an account",
            "line 3: amount \"0\" must be above zero",
            "line 4: amount \"-2\" is negative",
            "line 5: category \"dancing\" is not one the community uses: organising (1), teaching (2)",
            "line 7: repeats line 6",
            "line 8: amount: \"1.000000001\" has more than 8 decimals",
        ] {
            assert!(text.contains(expected), "{expected:?} in:\n{text}");
        }
        assert_eq!(problems.len(), 6);
        assert!(read_form("who,amount\nx,1\n", &named()).unwrap_err()[0].contains("header"));
        assert!(
            read_form("contributor,amount,category,note\n", &named()).is_err(),
            "no lines"
        );
        let unnamed = read_form(
            &format!("contributor,amount,category,note\n{ALICE},1,organising,x\n"),
            &Categories(vec![]),
        )
        .unwrap_err();
        assert!(unnamed[0].contains("names no categories"));
    }
}
