//! Governance: each instance's configuration and counts (`governances`),
//! proposals with their tallies and follow-up (`proposals`), what each would
//! do (`proposal_actions`, calls decoded with the callee's metadata), every
//! vote (`proposal_votes`), polls with a tally per option (`polls`,
//! `poll_options`, `poll_answers`) and the member list (`governance_members`).

use super::on;
use crate::{
    amount::{self, to_db, zero},
    entities::{
        governance_members, governances, poll_answers, poll_options, polls, proposal_actions, proposal_votes, proposals,
    },
    pipeline::Ctx,
};
use ::governance::{events::*, Action, Config, Reply, Support, VoteMode};
use anyhow::{anyhow, Result};

/// `None`: not a governance event.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    on!(topics, data, GovernanceCreated, |e| {
        let credit = ctx.account(&e.credit).await?;
        let contract = ctx.contract.clone();
        let row = governances::Model {
            contract: contract.clone(),
            credit,
            mode: match e.config.mode {
                VoteMode::TokenWeighted => "token_weighted",
                VoteMode::OneMemberOneVote => "one_member_one_vote",
            }
            .to_string(),
            voting_period: 0,
            quorum_bps: 0,
            threshold_bps: 0,
            execution_delay: 0,
            registry: e.community.map(|c| hex::encode(c.registry)),
            community: e.community.map(|c| i64::from(c.id)),
            members: 0,
            proposals: 0,
            polls: 0,
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
            voting_delay: 0,
            grace_period: None,
            proposal_threshold: zero(),
            config_block: None,
        };
        let config = e.config;
        ctx.state
            .governances
            .update(
                ctx.txn,
                contract,
                || row,
                |g| {
                    set_config(g, &config);
                    Ok(())
                },
            )
            .await?;
        let admin = ctx.account(&e.admin).await?;
        ctx.update_contract(|c| c.owner = Some(admin));
    });
    on!(topics, data, ConfigChanged, |e| {
        let block = ctx.place.block;
        governance(ctx, |g| {
            set_config(g, &e.config);
            g.config_block = Some(block);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, ProposalCreated, |e| {
        let proposer = ctx.account(&e.proposer).await?;
        let g = governance(ctx, |g| {
            g.proposals = g.proposals.saturating_add(1);
            Ok(())
        })
        .await?;
        let contract = ctx.contract.clone();
        let id = i64::from(e.id);
        let row = proposals::Model {
            contract: contract.clone(),
            id,
            proposer,
            description: hex::encode(e.description),
            snapshot: i64::from(e.snapshot),
            end_block: i64::from(e.end),
            eligible: zero(),
            for_votes: zero(),
            against: zero(),
            abstain: zero(),
            voters: 0,
            quorum_bps: i64::from(e.rules.quorum_bps),
            threshold_bps: i64::from(e.rules.threshold_bps),
            actions: i64::try_from(e.actions.len()).unwrap_or(i64::MAX),
            queued_block: None,
            eta: None,
            executed_block: None,
            executed_by: None,
            follow_up: "pending".to_string(),
            accepted_block: None,
            accepted_by: None,
            cancelled: false,
            cancelled_block: None,
            cancelled_by: None,
            registry: g.registry,
            community: g.community,
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
            eligible_block: None,
            execution_delay: Some(i64::from(e.rules.execution_delay)),
            grace_period: Some(i64::from(e.rules.grace_period)),
            expires_block: None,
        };
        ctx.state
            .proposals
            .update(ctx.txn, (contract.clone(), id), || row, |_| Ok(()))
            .await?;
        for (position, action) in e.actions.into_iter().enumerate() {
            let mut row = proposal_actions::Model {
                contract: contract.clone(),
                proposal: id,
                position: i64::try_from(position).unwrap_or(i64::MAX),
                kind: String::new(),
                callee: None,
                selector: None,
                input: None,
                call_text: None,
                account: None,
                target: None,
                reply: None,
            };
            match action {
                Action::Call {
                    callee,
                    selector,
                    input,
                    reply,
                } => {
                    row.reply = Some(
                        match reply {
                            Reply::Result => "result",
                            Reply::Value => "value",
                        }
                        .to_string(),
                    );
                    let callee = ctx.account(&callee).await?;
                    let mut call = selector.to_vec();
                    call.extend_from_slice(&input);
                    row.kind = "call".to_string();
                    row.call_text = ctx.decode_call(&callee, &call);
                    row.callee = Some(callee);
                    row.selector = Some(hex::encode(selector));
                    row.input = Some(hex::encode(input));
                }
                Action::AddMember(account) => {
                    row.kind = "add_member".to_string();
                    row.account = Some(ctx.account(&account).await?);
                }
                Action::RemoveMember(account) => {
                    row.kind = "remove_member".to_string();
                    row.account = Some(ctx.account(&account).await?);
                }
                Action::Accept(target) => {
                    row.kind = "accept".to_string();
                    row.target = Some(i64::from(target));
                }
                Action::SetConfig(config) => {
                    row.kind = "set_config".to_string();
                    row.call_text = Some(config_text(&config));
                }
                Action::TransferAdmin(to) => {
                    row.kind = "transfer_admin".to_string();
                    row.account = ctx.maybe_account(&to).await?;
                }
                Action::AcceptAdmin => row.kind = "accept_admin".to_string(),
                Action::Cancel(target) => {
                    row.kind = "cancel".to_string();
                    row.target = Some(i64::from(target));
                }
            }
            ctx.batch.proposal_actions.push(row);
        }
    });
    on!(topics, data, VoteCast, |e| {
        let voter = ctx.account(&e.voter).await?;
        proposal(ctx, e.id, |p| {
            let slot = match e.support {
                Support::For => &mut p.for_votes,
                Support::Against => &mut p.against,
                Support::Abstain => &mut p.abstain,
            };
            *slot = amount::add(slot, e.weight)?;
            p.voters = p.voters.saturating_add(1);
            Ok(())
        })
        .await?;
        ctx.batch.proposal_votes.push(proposal_votes::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            timestamp: ctx.place.timestamp,
            contract: ctx.contract.clone(),
            proposal: i64::from(e.id),
            voter,
            support: support(e.support).to_string(),
            weight: to_db(e.weight),
        });
    });
    on!(topics, data, ProposalEligibleFixed, |e| {
        let block = ctx.place.block;
        proposal(ctx, e.id, |p| {
            p.eligible = to_db(e.eligible);
            p.eligible_block = Some(block);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, ProposalQueued, |e| {
        let block = ctx.place.block;
        proposal(ctx, e.id, |p| {
            p.queued_block = Some(block);
            p.eta = Some(i64::from(e.eta));
            p.expires_block = Some(i64::from(e.expires));
            Ok(())
        })
        .await?;
    });
    on!(topics, data, ProposalExecuted, |e| {
        let (by, block) = (ctx.account(&e.by).await?, ctx.place.block);
        proposal(ctx, e.id, |p| {
            p.executed_block = Some(block);
            p.executed_by = Some(by);
            p.follow_up = "executed".to_string();
            Ok(())
        })
        .await?;
    });
    on!(topics, data, ProposalCancelled, |e| {
        let (by, block) = (ctx.account(&e.by).await?, ctx.place.block);
        proposal(ctx, e.id, |p| {
            p.cancelled = true;
            p.cancelled_block = Some(block);
            p.cancelled_by = Some(by);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, ResolutionAccepted, |e| {
        let (by, block) = (ctx.account(&e.by).await?, ctx.place.block);
        proposal(ctx, e.id, |p| {
            p.follow_up = "accepted".to_string();
            p.accepted_block = Some(block);
            p.accepted_by = Some(by);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, MemberAdded, |e| {
        let account = ctx.account(&e.account).await?;
        let (contract, block) = (ctx.contract.clone(), ctx.place.block);
        let row = governance_members::Model {
            contract: contract.clone(),
            account: account.clone(),
            joined: block,
            active: true,
            removed: None,
        };
        ctx.state
            .governance_members
            .update(
                ctx.txn,
                (contract, account),
                || row,
                |m| {
                    m.joined = block;
                    m.active = true;
                    m.removed = None;
                    Ok(())
                },
            )
            .await?;
        governance(ctx, |g| {
            g.members = i64::from(e.members);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, MemberRemoved, |e| {
        let account = ctx.account(&e.account).await?;
        let block = ctx.place.block;
        let key = (ctx.contract.clone(), account.clone());
        let known = ctx
            .state
            .governance_members
            .edit(ctx.txn, key, |m| {
                m.active = false;
                m.removed = Some(block);
                Ok(())
            })
            .await?;
        if !known {
            return Err(anyhow!(
                "governance {}: {account} removed but never added",
                ctx.contract
            ));
        }
        governance(ctx, |g| {
            g.members = i64::from(e.members);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, PollCreated, |e| {
        let creator = ctx.account(&e.creator).await?;
        let g = governance(ctx, |g| {
            g.polls = g.polls.saturating_add(1);
            Ok(())
        })
        .await?;
        let contract = ctx.contract.clone();
        let id = i64::from(e.id);
        let row = polls::Model {
            contract: contract.clone(),
            id,
            creator,
            description: hex::encode(e.description),
            options: i64::from(e.options),
            snapshot: i64::from(e.snapshot),
            end_block: i64::from(e.end),
            eligible: zero(),
            turnout: zero(),
            voters: 0,
            registry: g.registry,
            community: g.community,
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
            eligible_block: None,
        };
        ctx.state
            .polls
            .update(ctx.txn, (contract.clone(), id), || row, |_| Ok(()))
            .await?;
        // At most `MAX_OPTIONS` (16): the contract checks.
        for option in 0..i64::from(e.options) {
            let row = poll_options::Model {
                contract: contract.clone(),
                poll: id,
                option,
                weight: zero(),
                answers: 0,
            };
            ctx.state
                .poll_options
                .update(ctx.txn, (contract.clone(), id, option), || row, |_| Ok(()))
                .await?;
        }
    });
    on!(topics, data, PollEligibleFixed, |e| {
        let (contract, block) = (ctx.contract.clone(), ctx.place.block);
        let known = ctx
            .state
            .polls
            .edit(ctx.txn, (contract.clone(), i64::from(e.id)), |p| {
                p.eligible = to_db(e.eligible);
                p.eligible_block = Some(block);
                Ok(())
            })
            .await?;
        if !known {
            return Err(anyhow!(
                "governance {contract}: poll {} fixed before its PollCreated",
                e.id
            ));
        }
    });
    on!(topics, data, PollAnswered, |e| {
        let voter = ctx.account(&e.voter).await?;
        let contract = ctx.contract.clone();
        let (id, option) = (i64::from(e.id), i64::from(e.option));
        let known = ctx
            .state
            .polls
            .edit(ctx.txn, (contract.clone(), id), |p| {
                p.turnout = amount::add(&p.turnout, e.weight)?;
                p.voters = p.voters.saturating_add(1);
                Ok(())
            })
            .await?
            && ctx
                .state
                .poll_options
                .edit(ctx.txn, (contract.clone(), id, option), |o| {
                    o.weight = amount::add(&o.weight, e.weight)?;
                    o.answers = o.answers.saturating_add(1);
                    Ok(())
                })
                .await?;
        if !known {
            return Err(anyhow!(
                "governance {contract}: an answer ({option}) to poll {id} before its PollCreated"
            ));
        }
        ctx.batch.poll_answers.push(poll_answers::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            timestamp: ctx.place.timestamp,
            contract,
            poll: id,
            voter,
            option,
            weight: to_db(e.weight),
        });
    });
    Ok(None)
}

/// Writes a configuration into its governance's row.
fn set_config(g: &mut governances::Model, config: &Config) {
    g.mode = match config.mode {
        VoteMode::TokenWeighted => "token_weighted",
        VoteMode::OneMemberOneVote => "one_member_one_vote",
    }
    .to_string();
    g.voting_delay = i64::from(config.voting_delay);
    g.voting_period = i64::from(config.voting_period);
    g.quorum_bps = i64::from(config.quorum_bps);
    g.threshold_bps = i64::from(config.threshold_bps);
    g.execution_delay = i64::from(config.execution_delay);
    g.grace_period = Some(i64::from(config.grace_period));
    g.proposal_threshold = to_db(config.proposal_threshold);
}

/// A configuration in words, as a `set_config` action shows it.
fn config_text(c: &Config) -> String {
    format!(
        "set_config {{ voting_delay: {}, voting_period: {}, quorum_bps: {}, threshold_bps: {}, execution_delay: {}, grace_period: {}, proposal_threshold: {} }}",
        c.voting_delay, c.voting_period, c.quorum_bps, c.threshold_bps, c.execution_delay, c.grace_period, c.proposal_threshold
    )
}

fn support(support: Support) -> &'static str {
    match support {
        Support::For => "for",
        Support::Against => "against",
        Support::Abstain => "abstain",
    }
}

/// Applies `edit` to the emitting governance's row; returns the row after it.
async fn governance(
    ctx: &mut Ctx<'_>,
    edit: impl FnOnce(&mut governances::Model) -> Result<()>,
) -> Result<governances::Model> {
    let contract = ctx.contract.clone();
    if !ctx.state.governances.edit(ctx.txn, contract.clone(), edit).await? {
        return Err(anyhow!("governance {contract}: an event before its GovernanceCreated"));
    }
    ctx.state
        .governances
        .get(ctx.txn, &contract)
        .await?
        .cloned()
        .ok_or_else(|| anyhow!("governance {contract} vanished from the cache"))
}

/// Applies `edit` to proposal `id` of the emitting governance.
async fn proposal(ctx: &mut Ctx<'_>, id: u32, edit: impl FnOnce(&mut proposals::Model) -> Result<()>) -> Result<()> {
    let key = (ctx.contract.clone(), i64::from(id));
    let contract = key.0.clone();
    if ctx.state.proposals.edit(ctx.txn, key, edit).await? {
        Ok(())
    } else {
        Err(anyhow!(
            "governance {contract}: an event of proposal {id} before its ProposalCreated"
        ))
    }
}
