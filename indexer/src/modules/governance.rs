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
use ::governance::{events::*, Action, Support, VoteMode};
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
            voting_period: i64::from(e.config.voting_period),
            quorum_bps: i64::from(e.config.quorum_bps),
            threshold_bps: i64::from(e.config.threshold_bps),
            execution_delay: i64::from(e.config.execution_delay),
            registry: e.community.map(|c| hex::encode(c.registry)),
            community: e.community.map(|c| i64::from(c.id)),
            members: 0,
            proposals: 0,
            polls: 0,
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
        };
        ctx.state
            .governances
            .update(ctx.txn, contract, || row, |_| Ok(()))
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
            eligible: to_db(e.eligible),
            for_votes: zero(),
            against: zero(),
            abstain: zero(),
            voters: 0,
            quorum_bps: g.quorum_bps,
            threshold_bps: g.threshold_bps,
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
            };
            match action {
                Action::Call {
                    callee,
                    selector,
                    input,
                } => {
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
    on!(topics, data, ProposalQueued, |e| {
        let block = ctx.place.block;
        proposal(ctx, e.id, |p| {
            p.queued_block = Some(block);
            p.eta = Some(i64::from(e.eta));
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
            eligible: to_db(e.eligible),
            turnout: zero(),
            voters: 0,
            registry: g.registry,
            community: g.community,
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
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
