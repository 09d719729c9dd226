//! The schema, as `sea-orm-migration` migrations. `m0001` creates the tables
//! of the first release from the entities; a later change of a table, or a new
//! contract's tables, comes as a new migration beside it.

use crate::entities::*;
use sea_orm::{ConnectionTrait, Schema};
use sea_orm_migration::{async_trait::async_trait, prelude::*};

pub struct Migrator;

#[async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Initial),
            Box::new(M0002Ranking),
            Box::new(M0003Subtokens),
            Box::new(M0004CrowdfundBounty),
            Box::new(M0005Governance),
            Box::new(M0006Categories),
            Box::new(M0007Chain),
            Box::new(M0008GovernanceRules),
            Box::new(M0009SubtokenPriceNotice),
            Box::new(M0010CommunityRecognition),
            Box::new(M0011PauseClock),
        ]
    }
}

/// Creates the tables of these entity modules, as their entities say.
macro_rules! create {
    ($manager:ident, $($module:ident),* $(,)?) => {
        let schema = Schema::new($manager.get_database_backend());
        $($manager.create_table(schema.create_table_from_entity($module::Entity)).await?;)*
    };
}

#[derive(DeriveMigrationName)]
struct M0001Initial;

/// `(table, name, columns)` of the secondary indexes: the lookups of the API
/// (an account's transfers, a community's records, leaderboards by amount).
const INDEXES: &[(&str, &str, &[&str])] = &[
    ("events", "events_contract", &["contract", "block", "idx"]),
    ("events", "events_name", &["name", "block", "idx"]),
    ("transfers", "transfers_from", &["from", "block", "idx"]),
    ("transfers", "transfers_to", &["to", "block", "idx"]),
    ("transfers", "transfers_token", &["token", "block", "idx"]),
    ("balances", "balances_account", &["account"]),
    ("balances", "balances_rich", &["token", "balance"]),
    ("approvals", "approvals_spender", &["spender"]),
    ("records", "records_community", &["contract", "community", "id"]),
    ("records", "records_contributor", &["contributor", "id"]),
    ("records", "records_time", &["timestamp"]),
    (
        "leaderboard",
        "leaderboard_rank",
        &["contract", "community", "category", "period", "amount"],
    ),
    ("quotas", "quotas_holder", &["holder"]),
    (
        "allocations",
        "allocations_community",
        &["contract", "community", "block"],
    ),
    ("donations", "donations_community", &["contract", "community", "block"]),
    ("bonuses", "bonuses_community", &["contract", "community", "block"]),
    ("vesting", "vesting_beneficiary", &["beneficiary"]),
];

#[async_trait]
impl MigrationTrait for M0001Initial {
    /// All or nothing on every backend (SQLite too): a process killed in the
    /// middle of the first start leaves no half-made schema behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The first release's tables, frozen here: later tables come with
        // their own migrations, so a database made by this one gets them too.
        create!(
            manager,
            cursor,
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
            daily
        );
        create_indexes(manager, INDEXES).await
    }
}

/// Creates each `(table, name, columns)` index.
async fn create_indexes(manager: &SchemaManager<'_>, indexes: &[(&str, &str, &[&str])]) -> Result<(), DbErr> {
    for (table, name, columns) in indexes {
        let mut index = Index::create();
        index.name(*name).table(Alias::new(*table));
        for column in *columns {
            index.col(Alias::new(*column));
        }
        manager.create_index(index).await?;
    }
    Ok(())
}

struct M0002Ranking;

/// Named by hand: the derive names a migration after its file, the same for
/// every migration in this one (M0001's stored name, `migration`, stays).
impl MigrationName for M0002Ranking {
    fn name(&self) -> &str {
        "m0002_ranking"
    }
}

/// The API's leaderboard query (`ORDER BY amount DESC, account DESC` within one
/// community, category and period) read straight from an index, with no sort.
#[async_trait]
impl MigrationTrait for M0002Ranking {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("leaderboard_rank")
                    .table(Alias::new("leaderboard"))
                    .to_owned(),
            )
            .await?;
        let mut index = Index::create();
        index.name("leaderboard_ranking").table(Alias::new("leaderboard"));
        for column in ["contract", "community", "category", "period", "amount", "account"] {
            index.col(Alias::new(column));
        }
        manager.create_index(index).await
    }
}

struct M0003Subtokens;

impl MigrationName for M0003Subtokens {
    fn name(&self) -> &str {
        "m0003_subtokens"
    }
}

/// The sub-token tables (issue "subtoken"), with the lookups of the explorer:
/// a community's sub-tokens, a sub-token's actions by kind and an account's.
#[async_trait]
impl MigrationTrait for M0003Subtokens {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create!(manager, subtokens, subtoken_actions, subtoken_history);
        create_indexes(
            manager,
            &[
                ("subtokens", "subtokens_community", &["registry", "community"]),
                (
                    "subtoken_actions",
                    "subtoken_actions_token",
                    &["token", "kind", "block", "idx"],
                ),
                (
                    "subtoken_actions",
                    "subtoken_actions_account",
                    &["account", "block", "idx"],
                ),
            ],
        )
        .await
    }
}

struct M0004CrowdfundBounty;

impl MigrationName for M0004CrowdfundBounty {
    fn name(&self) -> &str {
        "m0004_crowdfund_bounty"
    }
}

/// The crowdfund and bounty tables (issue "crowdfund and bounty"), with the
/// lookups of the explorer: a community's campaigns and bounties, open ones by
/// deadline, an account's pledges, payouts and submissions.
#[async_trait]
impl MigrationTrait for M0004CrowdfundBounty {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create!(
            manager,
            campaigns,
            backers,
            pledges,
            campaign_payouts,
            bounties,
            submissions,
            bounty_payouts
        );
        create_indexes(
            manager,
            &[
                (
                    "campaigns",
                    "campaigns_community",
                    &["registry", "community", "deadline"],
                ),
                ("campaigns", "campaigns_deadline", &["cancelled", "deadline"]),
                ("backers", "backers_pledger", &["pledger"]),
                ("pledges", "pledges_campaign", &["contract", "campaign", "block", "idx"]),
                ("pledges", "pledges_pledger", &["pledger", "block", "idx"]),
                (
                    "campaign_payouts",
                    "campaign_payouts_campaign",
                    &["contract", "campaign", "block", "idx"],
                ),
                (
                    "campaign_payouts",
                    "campaign_payouts_account",
                    &["account", "block", "idx"],
                ),
                ("bounties", "bounties_community", &["registry", "community", "deadline"]),
                ("bounties", "bounties_status", &["status", "deadline"]),
                ("bounties", "bounties_poster", &["poster"]),
                ("submissions", "submissions_helper", &["helper"]),
                (
                    "bounty_payouts",
                    "bounty_payouts_bounty",
                    &["contract", "bounty", "block", "idx"],
                ),
                ("bounty_payouts", "bounty_payouts_account", &["account", "block", "idx"]),
            ],
        )
        .await
    }
}

struct M0005Governance;

impl MigrationName for M0005Governance {
    fn name(&self) -> &str {
        "m0005_governance"
    }
}

/// The governance tables (issue "governance"), with the lookups of the
/// explorer: a community's governances, proposals and polls, a proposal's
/// votes and actions, a poll's answers, an account's votes and answers.
#[async_trait]
impl MigrationTrait for M0005Governance {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create!(
            manager,
            governances,
            proposals,
            proposal_actions,
            proposal_votes,
            polls,
            poll_options,
            poll_answers,
            governance_members
        );
        create_indexes(
            manager,
            &[
                ("governances", "governances_community", &["registry", "community"]),
                ("proposals", "proposals_community", &["registry", "community", "block"]),
                ("proposals", "proposals_proposer", &["proposer"]),
                ("proposal_actions", "proposal_actions_callee", &["callee"]),
                (
                    "proposal_votes",
                    "proposal_votes_proposal",
                    &["contract", "proposal", "block", "idx"],
                ),
                ("proposal_votes", "proposal_votes_voter", &["voter", "block", "idx"]),
                ("polls", "polls_community", &["registry", "community", "block"]),
                (
                    "poll_answers",
                    "poll_answers_poll",
                    &["contract", "poll", "block", "idx"],
                ),
                ("poll_answers", "poll_answers_voter", &["voter", "block", "idx"]),
                ("governance_members", "governance_members_account", &["account"]),
            ],
        )
        .await
    }
}

struct M0006Categories;

impl MigrationName for M0006Categories {
    fn name(&self) -> &str {
        "m0006_categories"
    }
}

/// The contribution categories communities name (issue "COS on a real chain").
#[async_trait]
impl MigrationTrait for M0006Categories {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create!(manager, categories);
        Ok(())
    }
}

struct M0007Chain;

impl MigrationName for M0007Chain {
    fn name(&self) -> &str {
        "m0007_chain"
    }
}

/// The chain a database holds, by its genesis hash (issue "Safe on the open
/// internet"): written as an explicit table, frozen as it was made.
#[async_trait]
impl MigrationTrait for M0007Chain {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("chain"))
                    .col(ColumnDef::new(Alias::new("id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("genesis")).string().not_null())
                    .to_owned(),
            )
            .await
    }
}

struct M0008GovernanceRules;

impl MigrationName for M0008GovernanceRules {
    fn name(&self) -> &str {
        "m0008_governance_rules"
    }
}

/// `(table, column, definition)` added by m0008.
fn governance_columns() -> Vec<(&'static str, &'static str, ColumnDef)> {
    let big = |name: &str| ColumnDef::new(Alias::new(name)).big_integer().null().to_owned();
    vec![
        (
            "governances",
            "voting_delay",
            ColumnDef::new(Alias::new("voting_delay"))
                .big_integer()
                .not_null()
                .default(0)
                .to_owned(),
        ),
        ("governances", "grace_period", big("grace_period")),
        (
            "governances",
            "proposal_threshold",
            ColumnDef::new(Alias::new("proposal_threshold"))
                .string()
                .not_null()
                .default(crate::amount::zero())
                .to_owned(),
        ),
        ("governances", "config_block", big("config_block")),
        ("proposals", "eligible_block", big("eligible_block")),
        ("proposals", "execution_delay", big("execution_delay")),
        ("proposals", "grace_period", big("grace_period")),
        ("proposals", "expires_block", big("expires_block")),
        (
            "proposal_actions",
            "reply",
            ColumnDef::new(Alias::new("reply")).string().null().to_owned(),
        ),
        ("polls", "eligible_block", big("eligible_block")),
    ]
}

/// Governance's voting delay, proposal threshold, grace period, eligible
/// weight fixed by the first vote, and declared replies (issue "Contracts
/// closed to the audit's findings"). m0005 made the governance tables from
/// the entities of its day, and a fresh database makes them from today's,
/// which have these columns: each is added only where it is missing, one
/// statement per column (SQLite alters one at a time). Rows of before
/// fixed their eligible weight when they were made: `eligible_block` is
/// their own block.
#[async_trait]
impl MigrationTrait for M0008GovernanceRules {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column, mut definition) in governance_columns() {
            if manager.has_column(table, column).await? {
                continue;
            }
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(&mut definition)
                        .to_owned(),
                )
                .await?;
            if column == "eligible_block" {
                manager
                    .exec_stmt(
                        Query::update()
                            .table(Alias::new(table))
                            .value(Alias::new("eligible_block"), Expr::col(Alias::new("block")))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

struct M0009SubtokenPriceNotice;

impl MigrationName for M0009SubtokenPriceNotice {
    fn name(&self) -> &str {
        "m0009_subtoken_price_notice"
    }
}

/// A sub-token's rise waits a notice before sales get it (issue "Contracts
/// closed to the audit's findings"): `subtokens` gains `sale_price` (what a
/// sale pays before `sales_from`; rows of before sold at their `price`) and
/// `sales_from`. A fresh database has them from m0003's entities already.
#[async_trait]
impl MigrationTrait for M0009SubtokenPriceNotice {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager.has_column("subtokens", "sale_price").await? {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("subtokens"))
                        .add_column(
                            ColumnDef::new(Alias::new("sale_price"))
                                .string()
                                .not_null()
                                .default(crate::amount::zero()),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .exec_stmt(
                    Query::update()
                        .table(Alias::new("subtokens"))
                        .value(Alias::new("sale_price"), Expr::col(Alias::new("price")))
                        .to_owned(),
                )
                .await?;
        }
        if !manager.has_column("subtokens", "sales_from").await? {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("subtokens"))
                        .add_column(ColumnDef::new(Alias::new("sales_from")).big_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

struct M0010CommunityRecognition;

impl MigrationName for M0010CommunityRecognition {
    fn name(&self) -> &str {
        "m0010_community_recognition"
    }
}

/// Quota reaches only communities the operator recognised (issue "Contracts
/// closed to the audit's findings"): `communities` gains `recognised`. A fresh
/// database has it from m0001's entities already.
#[async_trait]
impl MigrationTrait for M0010CommunityRecognition {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager.has_column("communities", "recognised").await? {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("communities"))
                        .add_column(
                            ColumnDef::new(Alias::new("recognised"))
                                .boolean()
                                .not_null()
                                .default(false),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

struct M0011PauseClock;

impl MigrationName for M0011PauseClock {
    fn name(&self) -> &str {
        "m0011_pause_clock"
    }
}

/// Deadlines move by COS pauses (issue "Contracts closed to the audit's
/// findings"): `contracts` gains the pause clock (`pause_clock`,
/// `paused_since`), `campaigns` and `bounties` the COS Credit and its clock
/// at their start (`credit`, `pause_clock`). A fresh database has them from
/// the entities already. `unpaused_deadline` (`deadline - pause_clock`) is
/// what the open and ended lists search by, with indexes like M0004's.
#[async_trait]
impl MigrationTrait for M0011PauseClock {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ("contracts", "pause_clock", false),
            ("contracts", "paused_since", true),
            ("campaigns", "credit", true),
            ("campaigns", "pause_clock", false),
            ("bounties", "credit", true),
            ("bounties", "pause_clock", false),
            ("campaigns", "unpaused_deadline", false),
            ("bounties", "unpaused_deadline", false),
        ];
        for (table, column, nullable) in columns {
            if manager.has_column(table, column).await? {
                continue;
            }
            let mut def = ColumnDef::new(Alias::new(column));
            match (column, nullable) {
                ("credit", _) => def.string().null(),
                (_, true) => def.big_integer().null(),
                (_, false) => def.big_integer().not_null().default(0),
            };
            manager
                .alter_table(Table::alter().table(Alias::new(table)).add_column(def).to_owned())
                .await?;
            if column == "unpaused_deadline" {
                // Rows from before: no pause clock at their start.
                manager
                    .get_connection()
                    .execute_unprepared(&format!("UPDATE {table} SET unpaused_deadline = deadline"))
                    .await?;
            }
        }
        create_indexes(
            manager,
            &[
                (
                    "campaigns",
                    "campaigns_community_unpaused",
                    &["registry", "community", "unpaused_deadline"],
                ),
                ("campaigns", "campaigns_unpaused", &["cancelled", "unpaused_deadline"]),
                (
                    "bounties",
                    "bounties_community_unpaused",
                    &["registry", "community", "unpaused_deadline"],
                ),
                ("bounties", "bounties_status_unpaused", &["status", "unpaused_deadline"]),
            ],
        )
        .await
    }
}
