//! What the server knows of the indexer's tables, read from its sea-orm
//! entities (so a table or column the indexer adds is served without a change
//! here): names, column kinds, primary keys. The GraphQL schema
//! ([`crate::schema`]), the explorer's tables and the CSV export are all built
//! from this one description.

use cos_indexer::entities::*;
use sea_orm::{sea_query::ColumnType, ColumnTrait, EntityTrait, IdenStatic, Iterable, PrimaryKeyToColumn};

/// How a column's values are stored and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `i32`-range integers (served as GraphQL `Int`): block numbers, ids,
    /// counts, basis points (`u32` on chain).
    Int,
    /// A time on the chain: milliseconds since the Unix epoch (`u64` on
    /// chain), served as the `Timestamp` scalar (ISO 8601 text).
    Time,
    /// A `u64` of the chain beyond GraphQL's 32-bit `Int` (an activity id, a
    /// record id): served as the `BigInt` scalar (decimal text).
    BigInt,
    Bool,
    /// Free text (names, hashes, periods).
    Text,
    /// An account or contract: 64 hex digits; accepted as hex (with or
    /// without `0x`) or SS58 in filters.
    Account,
    /// A `u128` stored as 39-digit zero-padded text; served as decimal text.
    Amount,
    /// JSON stored as text (an event's decoded fields).
    Json,
}

/// Columns holding accounts (the `account` filter matches any of them).
const ACCOUNTS: &[&str] = &[
    "account",
    "address",
    "admin",
    "accepted_by",
    "beneficiary",
    "callee",
    "cancelled_by",
    "contract",
    "contributor",
    "creator",
    "credit",
    "delegate",
    "delegator",
    "deployer",
    "executed_by",
    "fee_recipient",
    "from",
    "helper",
    "holder",
    "issuer",
    "manager",
    "operator",
    "owner",
    "parent",
    "pending_admin",
    "pledger",
    "poster",
    "proposer",
    "registry",
    "spender",
    "sponsor",
    "to",
    "token",
    "voter",
];

/// Columns holding times in milliseconds since the Unix epoch.
const TIMES: &[&str] = &["timestamp", "deadline", "start_ms", "sales_from"];

/// Columns holding `u64` ids of the chain (records are numbered by a `u64`;
/// an activity is any `u64` its manager chose), as `(table, column)`; `*`:
/// every table.
const BIG: &[(&str, &str)] = &[
    ("*", "activity"),
    ("*", "first_record"),
    ("*", "last_record"),
    ("records", "id"),
];

/// Columns holding `u128` amounts (padded text in the database).
const AMOUNTS: &[&str] = &[
    "abstain",
    "against",
    "allocated",
    "amount",
    "balance",
    "bonus_paid",
    "bonuses",
    "bought",
    "burned",
    "circulating",
    "claimed",
    "collateral",
    "cos",
    "donated",
    "eligible",
    "face_value",
    "fee",
    "fees_owed",
    "fees_paid",
    "for_votes",
    "frozen",
    "goal",
    "granted",
    "held",
    "issued",
    "manager_bonus",
    "owed",
    "paid",
    "pledged",
    "price",
    "proposal_threshold",
    "raised",
    "redeemed_face",
    "redeemed_right",
    "refunded",
    "released",
    "reserve",
    "returned",
    "reward",
    "sale_price",
    "sold",
    "sponsor_bonus",
    "supply",
    "total",
    "turnout",
    "unallocated",
    "unlocked",
    "volume",
    "votes",
    "weight",
];

/// A column of a table.
#[derive(Clone, Debug)]
pub struct Column {
    /// In the database: `pending_admin`.
    pub name: &'static str,
    /// In GraphQL: `pendingAdmin`.
    pub field: String,
    pub kind: Kind,
    pub nullable: bool,
    /// An `i32` column (read as such: PostgreSQL is strict about widths).
    pub small: bool,
}

/// A table of the indexer.
#[derive(Clone, Debug)]
pub struct Table {
    /// In the database: `quota_grants`.
    pub name: &'static str,
    /// The GraphQL object type: `QuotaGrant`.
    pub type_name: String,
    /// The query field of the list: `quotaGrants`.
    pub plural: String,
    /// The query field of one row by key: `quotaGrant`.
    pub singular: String,
    pub description: &'static str,
    pub columns: Vec<Column>,
    /// Indexes into `columns` of the primary key, in key order.
    pub key: Vec<usize>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<(usize, &Column)> {
        self.columns
            .iter()
            .enumerate()
            .find(|(_, c)| c.name == name || c.field == name)
    }

    /// The columns naming people (for the `involves` filter): accounts, not
    /// the contract or token a row belongs to (nor a sub-token's COS Credit or
    /// community registry) (an OR over those would match
    /// nothing more and keep the database from using its indexes).
    pub fn account_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(|c| c.kind == Kind::Account && !matches!(c.name, "contract" | "token" | "credit" | "registry"))
    }
}

fn describe<E: EntityTrait>(
    name: &'static str,
    type_name: &str,
    singular: &str,
    plural: &str,
    description: &'static str,
) -> Table
where
    E::Column: IdenStatic,
{
    let name_of_table = name;
    let columns: Vec<Column> = E::Column::iter()
        .map(|column| {
            let name = column.as_str();
            let def = column.def();
            let big = BIG
                .iter()
                .any(|(t, c)| (*t == "*" || *t == name_of_table) && *c == name);
            let kind = match def.get_column_type() {
                ColumnType::BigInteger if TIMES.contains(&name) => Kind::Time,
                ColumnType::BigInteger if big => Kind::BigInt,
                ColumnType::BigInteger | ColumnType::Integer | ColumnType::SmallInteger => Kind::Int,
                ColumnType::Boolean => Kind::Bool,
                _ if name == "fields" => Kind::Json,
                _ if AMOUNTS.contains(&name) => Kind::Amount,
                _ if ACCOUNTS.contains(&name) => Kind::Account,
                _ => Kind::Text,
            };
            Column {
                name,
                field: camel(name),
                kind,
                nullable: def.is_null(),
                small: matches!(def.get_column_type(), ColumnType::Integer | ColumnType::SmallInteger),
            }
        })
        .collect();
    let key = E::PrimaryKey::iter()
        .map(|pk| {
            let name = pk.into_column().as_str();
            columns
                .iter()
                .position(|c| c.name == name)
                .expect("a key column is a column")
        })
        .collect();
    Table {
        name,
        type_name: type_name.to_string(),
        singular: singular.to_string(),
        plural: plural.to_string(),
        description,
        columns,
        key,
    }
}

/// `pending_admin` -> `pendingAdmin`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Every table the API serves (all but the cursor and the chain, which
/// `_meta` shows), with
/// its GraphQL names and description.
pub fn all() -> Vec<Table> {
    macro_rules! table {
        ($module:ident, $type:literal, $one:literal, $many:literal, $doc:literal) => {
            describe::<$module::Entity>(stringify!($module), $type, $one, $many, $doc)
        };
    }
    vec![
        table!(blocks, "Block", "block", "blocks", "An indexed block (also those without COS events)."),
        table!(contracts, "Contract", "contract", "contracts", "A COS contract instance, found by code hash."),
        table!(accounts, "Account", "account", "accounts", "An account seen in a COS event; `firstBlock` is where."),
        table!(events, "Event", "event", "events", "A COS contract event, decoded with its bundle's metadata (`fields`), or raw with the reason (`error`)."),
        table!(balances, "Balance", "balance", "balances", "Balance and frozen amount of an account in a token."),
        table!(transfers, "Transfer", "transfer", "transfers", "A token transfer; mints have no `from`, burns no `to`."),
        table!(approvals, "Approval", "approval", "approvals", "A current allowance."),
        table!(delegations, "Delegation", "delegation", "delegations", "The current delegate of an account that delegated its votes."),
        table!(votes, "VoteCheckpoint", "voteCheckpoint", "voteCheckpoints", "A delegate's votes from `block` on."),
        table!(tokens, "Token", "token", "tokens", "A token's supply and statistics."),
        table!(communities, "Community", "community", "communities", "A community of a donation-quota contract."),
        table!(managers, "Manager", "manager", "managers", "A manager of a community (`offered`, `active`, `withdrawn` or `removed`); `parent` is the manager above (none: the admin)."),
        table!(sponsors, "Sponsor", "sponsor", "sponsors", "A sponsor's quota: granted, still held (not donated), donated."),
        table!(quota_grants, "QuotaGrant", "quotaGrant", "quotaGrants", "Quota granted to a sponsor."),
        table!(donations, "Donation", "donation", "donations", "Quota donated by a sponsor to a community."),
        table!(allocations, "Allocation", "allocation", "allocations", "Quota moved within a community (no `from`/`to`: the community's pool)."),
        table!(quotas, "Quota", "quota", "quotas", "Current quota of a holder (empty holder: the community's pool) from a sponsor."),
        table!(quota_totals, "QuotaTotals", "quotaTotal", "quotaTotals", "The totals of a donation-quota contract."),
        table!(records, "Record", "record", "records", "A contribution record: who did what, rewarded with how much, by which manager from which sponsor's quota."),
        table!(bonuses, "Bonus", "bonus", "bonuses", "Bonuses paid to the sponsor and the manager of a batch of records."),
        table!(shortfalls, "Shortfall", "shortfall", "shortfalls", "A bonus the reserve could not pay in full."),
        table!(vesting, "Vesting", "vestingSchedule", "vesting", "A vesting schedule."),
        table!(vesting_releases, "VestingRelease", "vestingRelease", "vestingReleases", "A release of vested COS."),
        table!(leaderboard, "LeaderboardEntry", "leaderboardEntry", "leaderboard", "Contributions of an account in a community, per category (-1: all) and period (empty: all time, `YYYY-MM`: a month)."),
        table!(subtokens, "Subtoken", "subtoken", "subtokens", "A sub-token: a community's COS-backed token, its terms (face value, price, fee), supply and backing (`collateral` = face value x supply, the issuer's `reserve`, fees), and units issued, bought, sold and redeemed. Holders and transfers are under `holders` and in `transfers` (`token` = its address)."),
        table!(subtoken_actions, "SubtokenAction", "subtokenAction", "subtokenActions", "An issue, redemption (`redeem_right` with its `memo`, `redeem_face_value`), purchase (`buy`), sale (`sell`), reserve `deposit` / `withdraw`, `fees` payment, or `recover`y of COS sent to it by mistake, of a sub-token: `amount` units, `cos` COS moved (without the fee), `fee`."),
        table!(subtoken_history, "SubtokenBacking", "subtokenBacking", "subtokenHistory", "A sub-token's supply and backing at the end of a block that changed them: the collateral ratio over time is `(collateral + reserve) / collateral`."),
        table!(campaigns, "Campaign", "campaign", "campaigns", "A crowdfunding campaign: terms (`kind` `all_or_nothing` or `donation`, `goal`, `deadline`), totals (`raised`, `pledgers`, `claimed`, `refunded`; COS still held = raised - claimed - refunded) and `state` and `timeLeft` at the chain's latest indexed block."),
        table!(backers, "Backer", "backer", "backers", "What one account pledged to one campaign (`pledged`, in `pledges` pledges) and took back (`refunded`)."),
        table!(pledges, "Pledge", "pledge", "pledges", "A pledge to a campaign: `amount`, the pledger's total so far (`pledged`) and the campaign's (`raised`)."),
        table!(campaign_payouts, "CampaignPayout", "campaignPayout", "campaignPayouts", "COS leaving a campaign: the beneficiary's `claim` or a pledger's `refund`."),
        table!(bounties, "Bounty", "bounty", "bounties", "A task bounty: the `reward` in escrow, `deadline`, `submissions` received, `status` (`open`, `awarded`, `cancelled`, `reclaimed`), `paid` to helpers, `returned` to the poster, and `state` and `timeLeft` at the chain's latest indexed block (an open bounty past its deadline is `EXPIRED`)."),
        table!(submissions, "Submission", "submission", "submissions", "Work submitted to a bounty (`content`: its hash) and what it was `paid` (0 unless approved)."),
        table!(bounty_payouts, "BountyPayout", "bountyPayout", "bountyPayouts", "COS leaving a bounty's escrow: an `approved` submission's helper paid (the reward or a share of it), or the reward returned to the poster (`cancelled` before the deadline, `reclaimed` after it)."),
        table!(governances, "Governance", "governance", "governances", "A governance contract: its `mode` (`token_weighted`: COS votes at each proposal's snapshot block; `one_member_one_vote`: 1 per member at it), `votingDelay` (blocks from a proposal to its snapshot), `votingPeriod` (blocks of voting after it), `quorumBps`, `thresholdBps`, `executionDelay`, `gracePeriod` (blocks to queue, then to execute, before a passed proposal expires; null: never, for a governance of before), `proposalThreshold` (the weight to propose), the last `configBlock` (changed by proposal), the community it decides for, and its counts. Its admin is the contract's `owner` (`contractInfo`): the governance's own address once it governs itself. In `one_member_one_vote` mode every weight, tally and `eligible` counts votes, not COS base units."),
        table!(proposals, "Proposal", "proposal", "proposals", "A proposal: `description` (hash of the text kept off-chain), `snapshot` (weights are read at its end; voting opens after it), voting until `endBlock`, the tally (`forVotes`, `against`, `abstain`, `voters`) of the `eligible` weight (fixed by the first vote, `eligibleBlock`), the rules it was made under (`quorumBps`, `thresholdBps`, `executionDelay`, `gracePeriod`), `actions` to run if it passes (`actionList`), and its timeline (`queuedBlock`, `eta`, `expiresBlock`, `executedBlock`, `acceptedBlock`, `cancelledBlock`) and `followUp` (`pending`, `executed`, `accepted`). `state`, `turnout`, `quorumReached`, `passing`, `blocksToStart`, `blocksLeft` and `deadline` are at the chain's latest indexed block."),
        table!(proposal_actions, "ProposalAction", "proposalAction", "proposalActions", "What a proposal does if it passes, in `position` order, all or nothing: `call` (`callee`'s message `selector` with SCALE-encoded `input`; `callText` decoded with the callee's metadata when it is a COS contract), `add_member` / `remove_member` (`account`) or `accept` (`target`: a resolution accepted as done)."),
        table!(proposal_votes, "Vote", "vote", "votes", "A vote on a proposal: `support` (`for`, `against`, `abstain`) with the voter's `weight` at the proposal's snapshot."),
        table!(polls, "Poll", "poll", "polls", "A non-binding poll with `options` options (numbered from 0; `optionList` has the tally of each), answered until `endBlock`, weighed as its governance weighs votes; `turnout` and `voters` so far. `state` (`OPEN`, `CLOSED`) and `blocksLeft` are at the chain's latest indexed block."),
        table!(poll_options, "PollOption", "pollOption", "pollOptions", "One option of a poll: the `weight` of its answers and how many `answers` chose it."),
        table!(poll_answers, "PollAnswer", "pollAnswer", "pollAnswers", "An answer to a poll: the `option` chosen with the voter's `weight`."),
        table!(governance_members, "GovernanceMember", "governanceMember", "governanceMembers", "A member of a governance (one member one vote): `joined` (block), `active`, `removed` (block)."),
        table!(categories, "Category", "category", "categories", "A contribution category a community named (`name` is null once its admin removed the name). A community that names any category rewards named ones only; `categoryInfo` on a record or leaderboard row gives its name."),
        table!(daily, "DailyStat", "dailyStat", "daily", "Daily statistics: `contributions` per community (`scope`) and category (`key`, -1: all), `transfers` per token."),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_but_the_cursor_is_described() {
        macro_rules! names {
            ($($module:ident),*) => { vec![$(stringify!($module)),*] };
        }
        let mut expected: Vec<&str> = cos_indexer::for_all_tables!(names);
        expected.retain(|t| !matches!(*t, "cursor" | "chain"));
        let tables = all();
        let mut served: Vec<&str> = tables.iter().map(|t| t.name).collect();
        served.sort_unstable();
        expected.sort_unstable();
        assert_eq!(
            served, expected,
            "a table of the indexer is not served (add it to tables::all)"
        );
        for table in &tables {
            assert!(!table.key.is_empty(), "{} has a key", table.name);
        }
        let transfers = tables.iter().find(|t| t.name == "transfers").unwrap();
        let kinds: Vec<(&str, Kind)> = transfers.columns.iter().map(|c| (c.name, c.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("block", Kind::Int),
                ("idx", Kind::Int),
                ("timestamp", Kind::Time),
                ("token", Kind::Account),
                ("from", Kind::Account),
                ("to", Kind::Account),
                ("amount", Kind::Amount),
            ]
        );
    }
}
