//! The self-dealing rule: who may not be paid by an unlock.
//!
//! Unlocking quota pays the contributor the amount and, from the shared bonus
//! reserve, the sponsor 10-25 % and the unlocking manager 5-10 %. Without this
//! rule a sponsor could found a community, donate to it and, as its admin,
//! reward a second account of its own: the whole quota out as free COS at once,
//! with both bonuses. The rule refuses every direct form:
//!
//! 1. **a sponsor never unlocks its own quota** (caller != sponsor): so the one
//!    who unlocks and the sponsor are never paid both bonuses as one account;
//! 2. **a sponsor is never rewarded from its own quota** (contributor !=
//!    sponsor): no "donation back plus 25 %" through a colluding admin;
//! 3. **a manager never rewards themselves, the admin or anyone above them**:
//!    rewards flow down or across the tree, never up to those who control it.
//!
//! What it cannot stop, and why: an account is a key, not a person. A sponsor
//! with a second account (a Sybil) that it appoints as manager, or a sponsor
//! colluding with an unrelated manager, passes every check above. No on-chain
//! rule can tell two keys of one person apart; what limits this is off-chain:
//! the operator sells quota to sponsors it knows, and every contribution record
//! names the sponsor, the manager and the contributor, so the explorer shows
//! rewards that loop back to a sponsor's circle for anyone to see.

use crate::errors::QuotaError;
use cos_common::AccountId;

/// Who takes part in paying one contributor.
#[derive(Clone, Copy, Debug)]
pub struct Parties {
    /// The admin or manager who unlocks.
    pub caller: AccountId,
    /// Whose quota is unlocked.
    pub sponsor: AccountId,
    /// Who is rewarded.
    pub contributor: AccountId,
    /// Whether the contributor is the caller, the community's admin or a manager
    /// above the caller (the tree answers this).
    pub contributor_controls_caller: bool,
}

/// Checks the rule (see the module docs) for one contributor of an unlock.
pub fn check(parties: Parties) -> Result<(), QuotaError> {
    let Parties {
        caller,
        sponsor,
        contributor,
        contributor_controls_caller,
    } = parties;
    if caller == sponsor || contributor == sponsor || contributor == caller || contributor_controls_caller {
        Err(QuotaError::SelfDealing)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(n: u8) -> AccountId {
        AccountId::from([n; 32])
    }

    const MANAGER: u8 = 1;
    const SPONSOR: u8 = 2;
    const MEMBER: u8 = 3;

    fn parties(caller: u8, sponsor: u8, contributor: u8, controls: bool) -> Parties {
        Parties {
            caller: acc(caller),
            sponsor: acc(sponsor),
            contributor: acc(contributor),
            contributor_controls_caller: controls,
        }
    }

    #[test]
    fn a_member_rewarded_from_someone_elses_quota_passes() {
        assert_eq!(check(parties(MANAGER, SPONSOR, MEMBER, false)), Ok(()));
    }

    #[test]
    fn a_sponsor_never_unlocks_its_own_quota() {
        // The attack of the issue: the sponsor is the admin and rewards a second account.
        assert_eq!(
            check(parties(SPONSOR, SPONSOR, MEMBER, false)),
            Err(QuotaError::SelfDealing)
        );
    }

    #[test]
    fn a_sponsor_is_never_rewarded_from_its_own_quota() {
        // A colluding admin paying the donation back to the sponsor, plus 25 %.
        assert_eq!(
            check(parties(MANAGER, SPONSOR, SPONSOR, false)),
            Err(QuotaError::SelfDealing)
        );
    }

    #[test]
    fn nobody_rewards_themselves_or_those_above() {
        assert_eq!(
            check(parties(MANAGER, SPONSOR, MANAGER, false)),
            Err(QuotaError::SelfDealing)
        );
        assert_eq!(
            check(parties(MANAGER, SPONSOR, MEMBER, true)),
            Err(QuotaError::SelfDealing)
        );
    }

    #[test]
    fn the_rule_is_exactly_these_four_conditions() {
        for caller in 1..=3u8 {
            for sponsor in 1..=3u8 {
                for contributor in 1..=3u8 {
                    for controls in [false, true] {
                        let forbidden =
                            caller == sponsor || contributor == sponsor || contributor == caller || controls;
                        let result = check(parties(caller, sponsor, contributor, controls));
                        assert_eq!(
                            result.is_err(),
                            forbidden,
                            "{caller} {sponsor} {contributor} {controls}"
                        );
                    }
                }
            }
        }
    }
}
