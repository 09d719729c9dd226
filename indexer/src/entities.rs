//! The tables, as sea-orm entities. Conventions, the same in every table:
//!
//! - accounts, contracts and hashes are lowercase hex without `0x` (64 digits);
//! - amounts (`u128`) are 39-digit zero-padded decimal text ([`crate::amount`]),
//!   so that ordering and range filters compare numerically on SQLite and
//!   PostgreSQL alike and no value is ever rounded;
//! - block numbers are `i64`, times are milliseconds since the Unix epoch;
//! - an event row is keyed by `(block, idx)`, the event's index in its block;
//! - a community is keyed by `(contract, community)`: several donation-quota
//!   instances may number their communities alike.

/// Calls `$callback!(table, table, ...)` with every table's module: the one
/// list of tables, for the migration and for anything that must visit them all
/// (the crash test compares every table). A new table is added here.
#[macro_export]
macro_rules! for_all_tables {
    ($callback:ident) => {
        $callback!(
            cursor,
            chain,
            blocks,
            contracts,
            accounts,
            events,
            balances,
            transfers,
            approvals,
            delegations,
            votes,
            tokens,
            communities,
            managers,
            sponsors,
            quota_grants,
            donations,
            allocations,
            quotas,
            quota_totals,
            records,
            bonuses,
            shortfalls,
            vesting,
            vesting_releases,
            leaderboard,
            daily,
            subtokens,
            subtoken_actions,
            subtoken_history,
            campaigns,
            backers,
            pledges,
            campaign_payouts,
            bounties,
            submissions,
            bounty_payouts,
            governances,
            proposals,
            proposal_actions,
            proposal_votes,
            polls,
            poll_options,
            poll_answers,
            governance_members,
            categories
        )
    };
}

macro_rules! entity {
    ($(#[$doc:meta])* $module:ident, $table:literal { $($(#[$attr:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$doc])*
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                $($(#[$attr])* pub $field: $ty,)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

entity!(
    /// Where the indexer stands: one row (`id` 1), written in the same
    /// transaction as the blocks up to it.
    cursor, "cursor" {
        #[sea_orm(primary_key, auto_increment = false)]
        id: i32,
        number: i64,
        hash: String,
        /// The finalised head when this row was written.
        head: i64,
    }
);

entity!(
    /// Which chain the database holds: one row (`id` 1), written with the
    /// first batch. The indexer refuses blocks of a chain with another
    /// genesis hash.
    chain, "chain" {
        #[sea_orm(primary_key, auto_increment = false)]
        id: i32,
        /// The genesis block's hash, lowercase hex.
        genesis: String,
    }
);

entity!(
    /// Every indexed block (also those without COS events).
    blocks, "blocks" {
        #[sea_orm(primary_key, auto_increment = false)]
        number: i64,
        hash: String,
        parent_hash: String,
        timestamp: i64,
        /// COS contract events in the block.
        events: i32,
    }
);

entity!(
    /// COS contract instances, found by code hash.
    contracts, "contracts" {
        #[sea_orm(primary_key, auto_increment = false)]
        address: String,
        /// `credit`, `donation_quota`, ...
        kind: String,
        /// The bundle of the code: `credit_core` (routed COS Credit), `credit`, ...
        bundle: String,
        code_hash: String,
        deployer: String,
        block: i64,
        extrinsic: Option<i32>,
        terminated: bool,
        /// From the ownership events (`None` until the first one).
        owner: Option<String>,
        paused: bool,
        /// COS Credit's pause clock (`cos_common::deadline::PauseClock`): ms
        /// paused before the current pause, and when that began (`None`
        /// while not paused). Campaign and bounty deadlines move by it.
        pause_clock: i64,
        paused_since: Option<i64>,
    }
);

entity!(
    /// Every account seen in a COS event.
    accounts, "accounts" {
        #[sea_orm(primary_key, auto_increment = false)]
        address: String,
        first_block: i64,
    }
);

entity!(
    /// Every event of a COS contract, decoded with its bundle's metadata.
    events, "events" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        extrinsic: Option<i32>,
        timestamp: i64,
        contract: String,
        kind: String,
        /// The event's name (`Transfer`); `None` if it did not decode.
        name: Option<String>,
        /// The fields by name, as JSON (`None` if it did not decode).
        #[sea_orm(column_type = "Text", nullable)]
        fields: Option<String>,
        /// Topics, hex, comma-separated.
        #[sea_orm(column_type = "Text")]
        topics: String,
        #[sea_orm(column_type = "Text")]
        data: String,
        /// Why the event did not decode.
        error: Option<String>,
    }
);

entity!(
    /// Balance and frozen amount per token and account.
    balances, "balances" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        #[sea_orm(primary_key, auto_increment = false)]
        account: String,
        balance: String,
        frozen: String,
    }
);

entity!(
    /// Token transfers; mints have no `from`, burns no `to`.
    transfers, "transfers" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        token: String,
        from: Option<String>,
        to: Option<String>,
        amount: String,
    }
);

entity!(
    /// Current allowances.
    approvals, "approvals" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        #[sea_orm(primary_key, auto_increment = false)]
        owner: String,
        #[sea_orm(primary_key, auto_increment = false)]
        spender: String,
        amount: String,
        block: i64,
    }
);

entity!(
    /// Current delegate of each account that ever delegated.
    delegations, "delegations" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        #[sea_orm(primary_key, auto_increment = false)]
        delegator: String,
        delegate: Option<String>,
        block: i64,
    }
);

entity!(
    /// Vote checkpoints: a delegate's votes from `block` on (the last change in that block).
    votes, "votes" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        #[sea_orm(primary_key, auto_increment = false)]
        delegate: String,
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        votes: String,
    }
);

entity!(
    /// Per token: supply and the statistics of the home page.
    tokens, "tokens" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        /// Ever minted.
        issued: String,
        burned: String,
        supply: String,
        /// Supply outside COS contracts (locked quota, reserves and vesting excluded).
        circulating: String,
        transfers: i64,
        volume: String,
    }
);

entity!(
    /// Communities of a donation-quota contract.
    communities, "communities" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        community: i64,
        admin: String,
        pending_admin: Option<String>,
        /// Whether the operator recognised it (only then may quota reach it).
        recognised: bool,
        block: i64,
        members: i64,
        records: i64,
        donated: String,
        unlocked: String,
        bonuses: String,
    }
);

entity!(
    /// Managers of a community: `offered`, `active`, `removed`, `resigned`,
    /// or `lapsed` (offered, but the tree changed before it was accepted).
    managers, "managers" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        community: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        manager: String,
        /// `None`: directly under the admin.
        parent: Option<String>,
        state: String,
        block: i64,
    }
);

entity!(
    /// Quota granted to sponsors.
    quota_grants, "quota_grants" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        contract: String,
        sponsor: String,
        amount: String,
        /// The sponsor's undonated quota after the grant.
        held: String,
    }
);

entity!(
    /// Quota donated by a sponsor to a community.
    donations, "donations" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        contract: String,
        community: i64,
        sponsor: String,
        amount: String,
    }
);

entity!(
    /// Quota moved within a community (`None`: the admin's pool).
    allocations, "allocations" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        contract: String,
        community: i64,
        sponsor: String,
        from: Option<String>,
        to: Option<String>,
        amount: String,
    }
);

entity!(
    /// Current quota per holder (`""`: the community's pool) and sponsor.
    quotas, "quotas" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        community: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        holder: String,
        #[sea_orm(primary_key, auto_increment = false)]
        sponsor: String,
        amount: String,
    }
);

entity!(
    /// Per donation-quota contract: the totals of `totals()`.
    quota_totals, "quota_totals" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        granted: String,
        held: String,
        unallocated: String,
        allocated: String,
        unlocked: String,
        reserve: String,
        bonus_paid: String,
        operator: Option<String>,
    }
);

entity!(
    /// Contribution records.
    records, "records" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        id: i64,
        community: i64,
        contributor: String,
        amount: String,
        category: i32,
        activity: i64,
        content_hash: String,
        manager: String,
        sponsor: String,
        block: i64,
        timestamp: i64,
    }
);

entity!(
    /// Bonuses paid to the sponsor and the manager of a batch of records.
    bonuses, "bonuses" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        contract: String,
        community: i64,
        first_record: i64,
        last_record: i64,
        sponsor: String,
        sponsor_bonus: String,
        manager: String,
        manager_bonus: String,
    }
);

entity!(
    /// Bonuses the reserve could not pay in full.
    shortfalls, "shortfalls" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        contract: String,
        community: i64,
        first_record: i64,
        owed: String,
        paid: String,
    }
);

entity!(
    /// Vesting schedules.
    vesting, "vesting" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        schedule: i64,
        beneficiary: String,
        total: String,
        start_ms: i64,
        cliff_months: i64,
        releases: i64,
        released: String,
        block: i64,
    }
);

entity!(
    /// Vesting releases.
    vesting_releases, "vesting_releases" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        contract: String,
        schedule: i64,
        beneficiary: String,
        amount: String,
        released: String,
    }
);

entity!(
    /// Leaderboards: contributions per contributor, per community, per category
    /// (`-1`: all) and per period (`""`: all time, `YYYY-MM`: a month).
    leaderboard, "leaderboard" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        community: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        category: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        period: String,
        #[sea_orm(primary_key, auto_increment = false)]
        account: String,
        records: i64,
        amount: String,
    }
);

entity!(
    /// Daily statistics: `metric` is `contributions` (per community `scope`,
    /// `key` the category, -1 for all) or `transfers` (per token, key -1).
    daily, "daily" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        scope: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        metric: String,
        #[sea_orm(primary_key, auto_increment = false)]
        day: String,
        #[sea_orm(primary_key, auto_increment = false)]
        key: i32,
        count: i64,
        amount: String,
    }
);

entity!(
    /// Per sponsor of a donation-quota contract: quota granted, still held
    /// (not donated) and donated.
    sponsors, "sponsors" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        sponsor: String,
        granted: String,
        held: String,
        donated: String,
    }
);

entity!(
    /// A sub-token (COS-backed community token): what it was deployed with,
    /// its current price, fee, supply and backing, and running totals of units
    /// issued, bought, sold and redeemed. Its holders, balances and transfers
    /// are in `balances`, `transfers` and `tokens` under its address.
    subtokens, "subtokens" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        /// The COS Credit contract holding the collateral.
        credit: String,
        issuer: String,
        name: String,
        symbol: String,
        decimals: i32,
        /// COS base units behind each sub-token base unit.
        face_value: String,
        /// COS base units per sub-token base unit a purchase pays.
        price: String,
        /// What a sale pays before `sales_from`: `price` unless a rise waits
        /// for its notice (`subtoken::book::sale_price` reads the two).
        sale_price: String,
        /// Block time (ms) from which sales pay `price`, while a rise waits.
        sales_from: Option<i64>,
        fee_bps: i32,
        fee_recipient: String,
        /// The donation-quota contract numbering the issuing community, and its id.
        registry: Option<String>,
        community: Option<i64>,
        /// Units outstanding.
        supply: String,
        /// COS held against them: face value x supply.
        collateral: String,
        /// The issuer's reserve: COS paying the price above face value on sales.
        reserve: String,
        fees_owed: String,
        fees_paid: String,
        /// Units issued by the issuer, bought, sold back, redeemed for their
        /// right and for their face value, since deployment.
        issued: String,
        bought: String,
        sold: String,
        redeemed_right: String,
        redeemed_face: String,
        block: i64,
        timestamp: i64,
    }
);

entity!(
    /// What happened to a sub-token's backing, one row per event: `issue`,
    /// `redeem_right`, `redeem_face_value`, `buy`, `sell`, `deposit`,
    /// `withdraw`, `fees` (fees paid to the recipient), `recover` (COS sent
    /// to it by mistake, paid out by the owner). `amount`: units;
    /// `cos`: the COS that moved (collateral deposited, released or paid, the
    /// cost of a purchase or the proceeds of a sale, without the fee); `fee`:
    /// the exchange fee; `memo`: the hash a right redemption carries.
    subtoken_actions, "subtoken_actions" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        token: String,
        kind: String,
        account: String,
        amount: String,
        cos: String,
        fee: String,
        memo: Option<String>,
    }
);

entity!(
    /// A sub-token's supply and backing at the end of each block where they
    /// changed: the collateral ratio over time is `(collateral + reserve) /
    /// collateral`.
    subtoken_history, "subtoken_history" {
        #[sea_orm(primary_key, auto_increment = false)]
        token: String,
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        timestamp: i64,
        supply: String,
        collateral: String,
        reserve: String,
        fees_owed: String,
    }
);

entity!(
    /// A crowdfunding campaign: its terms and its totals. Its state depends on
    /// the time (`deadline` against the chain's latest block): open before the
    /// deadline; after it, a donation campaign has ended, an all-or-nothing
    /// one succeeded (`raised >= goal`; `claimed` once the beneficiary took
    /// it) or failed (pledgers refund themselves); `cancelled` by its creator.
    /// Invariant: `raised = claimed + refunded + COS still held`.
    campaigns, "campaigns" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        id: i64,
        creator: String,
        beneficiary: String,
        /// `all_or_nothing` or `donation`.
        kind: String,
        goal: String,
        /// Block time (ms) from which no pledge is accepted, before the COS
        /// pauses since the start move it.
        deadline: i64,
        /// The COS Credit whose pauses move the deadline (`None` for rows
        /// of a crowdfund from before deadlines moved).
        credit: Option<String>,
        /// Its pause clock when the campaign started.
        pause_clock: i64,
        /// `deadline - pause_clock`: the deadline on the clock that stops
        /// while COS is paused. Lists compare it with the head's `time -
        /// pause clock` to find what is still open in one index search.
        unpaused_deadline: i64,
        /// The hash of the description, kept off-chain.
        description: String,
        /// The donation-quota contract numbering its community, and its id.
        registry: Option<String>,
        community: Option<i64>,
        raised: String,
        /// Accounts that pledged.
        pledgers: i64,
        claimed: String,
        refunded: String,
        cancelled: bool,
        block: i64,
        timestamp: i64,
    }
);

entity!(
    /// What one account pledged to one campaign, and took back.
    backers, "backers" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        campaign: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pledger: String,
        pledged: String,
        refunded: String,
        /// Pledges made.
        pledges: i64,
    }
);

entity!(
    /// A pledge to a campaign: `amount`, the pledger's running total
    /// (`pledged`) and the campaign's (`raised`).
    pledges, "pledges" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        contract: String,
        campaign: i64,
        pledger: String,
        amount: String,
        pledged: String,
        raised: String,
    }
);

entity!(
    /// COS leaving a campaign: the beneficiary's `claim` or a pledger's
    /// `refund`.
    campaign_payouts, "campaign_payouts" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        contract: String,
        campaign: i64,
        /// `claim` or `refund`.
        kind: String,
        account: String,
        amount: String,
    }
);

entity!(
    /// A task bounty: its reward in escrow, deadline and what became of it
    /// (`status`: `open`, `awarded`, `cancelled` before the deadline,
    /// `reclaimed` after it). An open bounty past its deadline is expired:
    /// its poster may take the escrow back. Invariant: `reward = paid +
    /// returned + held`, held being the reward while open.
    bounties, "bounties" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        id: i64,
        poster: String,
        reward: String,
        /// Block time (ms) from which no submission or approval is
        /// accepted, before the COS pauses since the posting move it.
        deadline: i64,
        /// The COS Credit whose pauses move the deadline (`None` for rows
        /// of a board from before deadlines moved).
        credit: Option<String>,
        /// Its pause clock when the bounty was posted.
        pause_clock: i64,
        /// `deadline - pause_clock`: the deadline on the clock that stops
        /// while COS is paused. Lists compare it with the head's `time -
        /// pause clock` to find what is still open in one index search.
        unpaused_deadline: i64,
        /// The hash of the task's description, kept off-chain.
        description: String,
        /// Where it was posted (a bounty is the same wherever it is shared).
        registry: Option<String>,
        community: Option<i64>,
        submissions: i64,
        status: String,
        paid: String,
        returned: String,
        block: i64,
        timestamp: i64,
    }
);

entity!(
    /// Work submitted to a bounty, and what it was paid (`0` unless approved).
    submissions, "submissions" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        bounty: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        submission: i64,
        helper: String,
        /// The hash of the work, kept off-chain.
        content: String,
        paid: String,
        block: i64,
        timestamp: i64,
    }
);

entity!(
    /// COS leaving a bounty's escrow: an `approved` submission's helper paid
    /// (the whole reward or a share), or the escrow returned to the poster
    /// (`cancelled` before the deadline, `reclaimed` after it; no `submission`).
    bounty_payouts, "bounty_payouts" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        contract: String,
        bounty: i64,
        kind: String,
        submission: Option<i64>,
        account: String,
        amount: String,
    }
);

entity!(
    /// A governance contract: its configuration (immutable), the community it
    /// decides for, and its counts. `mode`: `token_weighted` (COS votes at
    /// each proposal's snapshot block) or `one_member_one_vote`; weights,
    /// tallies and `eligible` are COS base units in the first mode and votes
    /// (1 per member) in the second.
    governances, "governances" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        credit: String,
        mode: String,
        /// Blocks a proposal or poll is open for votes, after its snapshot.
        voting_period: i64,
        /// Turnout needed, in basis points of the weight eligible at the snapshot.
        quorum_bps: i64,
        /// `for` must be above this share of `for + against`, in basis points.
        threshold_bps: i64,
        /// Blocks between queueing and executing.
        execution_delay: i64,
        registry: Option<String>,
        community: Option<i64>,
        /// Members now (one member one vote).
        members: i64,
        proposals: i64,
        polls: i64,
        block: i64,
        timestamp: i64,
        /// Blocks from a proposal to its snapshot (0: a governance deployed
        /// before the voting delay, whose snapshot was the block before).
        voting_delay: i64,
        /// Blocks to queue a passed proposal, and to execute a queued one
        /// (none: a governance deployed before proposals expired).
        grace_period: Option<i64>,
        /// The weight needed to propose or open a poll, in the block before.
        proposal_threshold: String,
        /// The block of the last `ConfigChanged` (the configuration above is
        /// the latest; each proposal keeps the rules it was made under).
        config_block: Option<i64>,
    }
);

entity!(
    /// A proposal: its terms, tally, and where it went (queued, executed,
    /// accepted, cancelled: the block of each). Its state depends on the
    /// block (voting opens after `snapshot` and ends with `end_block`, a
    /// passed proposal expires, all with no event): the API derives it with
    /// the contract's own rule. The rules are those it was made under
    /// (`quorum_bps`, `threshold_bps`, `execution_delay`, `grace_period`).
    proposals, "proposals" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        id: i64,
        proposer: String,
        /// The hash of the text, kept off-chain.
        description: String,
        /// Weights are read at this block.
        snapshot: i64,
        /// The last block of voting.
        end_block: i64,
        /// The weight that could vote at the snapshot.
        eligible: String,
        for_votes: String,
        against: String,
        abstain: String,
        voters: i64,
        quorum_bps: i64,
        threshold_bps: i64,
        /// Actions run if it passes (see `proposal_actions`).
        actions: i64,
        queued_block: Option<i64>,
        /// Executable from this block, once queued.
        eta: Option<i64>,
        executed_block: Option<i64>,
        executed_by: Option<String>,
        /// `pending`, `executed` or `accepted` (the resolution's follow-up).
        follow_up: String,
        accepted_block: Option<i64>,
        accepted_by: Option<String>,
        cancelled: bool,
        cancelled_block: Option<i64>,
        cancelled_by: Option<String>,
        registry: Option<String>,
        community: Option<i64>,
        block: i64,
        timestamp: i64,
        /// The block of the first vote, which fixed `eligible` (the snapshot
        /// is in the future when the proposal is made); none: no vote yet.
        eligible_block: Option<i64>,
        /// The rules it was made under (with `quorum_bps`, `threshold_bps`);
        /// none for a governance deployed before proposals expired.
        execution_delay: Option<i64>,
        grace_period: Option<i64>,
        /// The last block it may be executed in, once queued.
        expires_block: Option<i64>,
    }
);

entity!(
    /// An action of a proposal, run in `position` order if it passes:
    /// `call` (`callee`'s message `selector` with `input`, SCALE-encoded;
    /// `call_text` is it decoded with the callee's metadata when the callee is
    /// a COS contract; `reply`: `result` or `value`, how its reply is judged),
    /// `add_member` / `remove_member` (`account`), `accept` (`target`: an
    /// executed resolution accepted as done), `set_config` (`call_text`: the
    /// new rules), `transfer_admin` (`account`; none: the offer withdrawn),
    /// `accept_admin`, or `cancel` (`target`).
    proposal_actions, "proposal_actions" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        proposal: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        position: i64,
        kind: String,
        callee: Option<String>,
        selector: Option<String>,
        input: Option<String>,
        call_text: Option<String>,
        account: Option<String>,
        target: Option<i64>,
        reply: Option<String>,
    }
);

entity!(
    /// A vote on a proposal: `support` (`for`, `against`, `abstain`) with the
    /// voter's `weight` at the proposal's snapshot.
    proposal_votes, "proposal_votes" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        contract: String,
        proposal: i64,
        voter: String,
        support: String,
        weight: String,
    }
);

entity!(
    /// A non-binding poll with `options` options (numbered from 0), answered
    /// until `end_block`, weighed as its governance weighs votes.
    polls, "polls" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        id: i64,
        creator: String,
        description: String,
        options: i64,
        snapshot: i64,
        end_block: i64,
        eligible: String,
        /// The weight of every answer.
        turnout: String,
        voters: i64,
        registry: Option<String>,
        community: Option<i64>,
        block: i64,
        timestamp: i64,
        /// The block of the first answer, which fixed `eligible`.
        eligible_block: Option<i64>,
    }
);

entity!(
    /// One option of a poll: the weight of its answers and how many chose it.
    poll_options, "poll_options" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        poll: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        option: i64,
        weight: String,
        answers: i64,
    }
);

entity!(
    /// An answer to a poll.
    poll_answers, "poll_answers" {
        #[sea_orm(primary_key, auto_increment = false)]
        block: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        idx: i32,
        timestamp: i64,
        contract: String,
        poll: i64,
        voter: String,
        option: i64,
        weight: String,
    }
);

entity!(
    /// A member of a governance (one member one vote): since `joined`, until
    /// `removed` (a member removed and added again is a member from the new
    /// `joined`).
    governance_members, "governance_members" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        account: String,
        joined: i64,
        active: bool,
        removed: Option<i64>,
    }
);

entity!(
    /// A contribution category a community named (`name`: `None` once the
    /// admin removed the name). Once a community names any category, its
    /// rewards use named ones only.
    categories, "categories" {
        #[sea_orm(primary_key, auto_increment = false)]
        contract: String,
        #[sea_orm(primary_key, auto_increment = false)]
        community: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        category: i64,
        name: Option<String>,
        /// The block of the last change.
        block: i64,
    }
);
