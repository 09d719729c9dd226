//! What one batch writes: the cached current-state tables ([`State`]) and the
//! appended event rows ([`Batch`]).

use crate::{
    entities::*,
    store::{Rows, Table},
};
use anyhow::Result;
use sea_orm::DatabaseTransaction;

/// Current-state tables, cached across batches.
#[derive(Default)]
pub struct State {
    pub accounts: Table<accounts::Entity>,
    pub balances: Table<balances::Entity>,
    pub approvals: Table<approvals::Entity>,
    pub delegations: Table<delegations::Entity>,
    pub votes: Table<votes::Entity>,
    pub tokens: Table<tokens::Entity>,
    pub communities: Table<communities::Entity>,
    pub managers: Table<managers::Entity>,
    pub sponsors: Table<sponsors::Entity>,
    pub quotas: Table<quotas::Entity>,
    pub quota_totals: Table<quota_totals::Entity>,
    pub vesting: Table<vesting::Entity>,
    pub leaderboard: Table<leaderboard::Entity>,
    pub daily: Table<daily::Entity>,
    pub subtokens: Table<subtokens::Entity>,
    pub subtoken_history: Table<subtoken_history::Entity>,
    pub campaigns: Table<campaigns::Entity>,
    pub backers: Table<backers::Entity>,
    pub bounties: Table<bounties::Entity>,
    pub submissions: Table<submissions::Entity>,
    pub governances: Table<governances::Entity>,
    pub proposals: Table<proposals::Entity>,
    pub polls: Table<polls::Entity>,
    pub poll_options: Table<poll_options::Entity>,
    pub governance_members: Table<governance_members::Entity>,
    pub categories: Table<categories::Entity>,
}

impl State {
    pub async fn flush(&mut self, txn: &DatabaseTransaction) -> Result<()> {
        self.accounts.flush(txn).await?;
        self.balances.flush(txn).await?;
        self.approvals.flush(txn).await?;
        self.delegations.flush(txn).await?;
        self.votes.flush(txn).await?;
        self.tokens.flush(txn).await?;
        self.communities.flush(txn).await?;
        self.managers.flush(txn).await?;
        self.sponsors.flush(txn).await?;
        self.quotas.flush(txn).await?;
        self.quota_totals.flush(txn).await?;
        self.vesting.flush(txn).await?;
        self.leaderboard.flush(txn).await?;
        self.daily.flush(txn).await?;
        self.subtokens.flush(txn).await?;
        self.subtoken_history.flush(txn).await?;
        self.campaigns.flush(txn).await?;
        self.backers.flush(txn).await?;
        self.bounties.flush(txn).await?;
        self.submissions.flush(txn).await?;
        self.governances.flush(txn).await?;
        self.proposals.flush(txn).await?;
        self.polls.flush(txn).await?;
        self.poll_options.flush(txn).await?;
        self.governance_members.flush(txn).await?;
        self.categories.flush(txn).await
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// Rows appended by one batch.
#[derive(Default)]
pub struct Batch {
    pub blocks: Rows<blocks::Entity>,
    pub events: Rows<events::Entity>,
    pub transfers: Rows<transfers::Entity>,
    pub quota_grants: Rows<quota_grants::Entity>,
    pub donations: Rows<donations::Entity>,
    pub allocations: Rows<allocations::Entity>,
    pub records: Rows<records::Entity>,
    pub bonuses: Rows<bonuses::Entity>,
    pub shortfalls: Rows<shortfalls::Entity>,
    pub vesting_releases: Rows<vesting_releases::Entity>,
    pub subtoken_actions: Rows<subtoken_actions::Entity>,
    pub pledges: Rows<pledges::Entity>,
    pub campaign_payouts: Rows<campaign_payouts::Entity>,
    pub bounty_payouts: Rows<bounty_payouts::Entity>,
    pub proposal_actions: Rows<proposal_actions::Entity>,
    pub proposal_votes: Rows<proposal_votes::Entity>,
    pub poll_answers: Rows<poll_answers::Entity>,
}

impl Batch {
    pub async fn flush(&mut self, txn: &DatabaseTransaction) -> Result<()> {
        self.blocks.flush(txn).await?;
        self.events.flush(txn).await?;
        self.transfers.flush(txn).await?;
        self.quota_grants.flush(txn).await?;
        self.donations.flush(txn).await?;
        self.allocations.flush(txn).await?;
        self.records.flush(txn).await?;
        self.bonuses.flush(txn).await?;
        self.shortfalls.flush(txn).await?;
        self.vesting_releases.flush(txn).await?;
        self.subtoken_actions.flush(txn).await?;
        self.pledges.flush(txn).await?;
        self.campaign_payouts.flush(txn).await?;
        self.bounty_payouts.flush(txn).await?;
        self.proposal_actions.flush(txn).await?;
        self.proposal_votes.flush(txn).await?;
        self.poll_answers.flush(txn).await
    }
}
