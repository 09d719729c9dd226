//! The property suites on pallet-revive, the same sources as on drink: the
//! sub-token's collateral (`cos_common::collateral_suite`), governance's
//! "every weight counts once" (`cos_common::votes_suite`), quota
//! conservation (`cos_common::quota_suite`) and the crowdfund's and bounty
//! board's money in = money out + held (`cos_common::funding_suite`).

use cos_common::{collateral_suite, funding_suite, quota_suite, votes_suite};
use cos_e2e_revive::{
    funding::FundingOnRevive,
    quota::QuotaOnRevive,
    subtoken::SubtokenOnRevive,
    votes::{self, GovernanceOnRevive},
};
use proptest::prelude::*;
use subtoken::MAX_FEE_BPS;

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cos_held_is_exactly_what_is_owed(
        (face, ops) in collateral_suite::face().prop_flat_map(|face| (Just(face), collateral_suite::ops(face, MAX_FEE_BPS))),
    ) {
        collateral_suite::check(&mut SubtokenOnRevive::new(face), face, &ops)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_weight_counts_once_and_as_at_the_snapshot(
        early in votes_suite::ops(12),
        ops in votes_suite::ops(30),
    ) {
        votes_suite::check(&mut GovernanceOnRevive::new(votes::CONFIG), &early, &ops)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn quota_is_conserved_and_backed_by_real_cos(ops in quota_suite::ops()) {
        quota_suite::check(&mut QuotaOnRevive::new(), &ops)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn money_in_equals_money_out_plus_held(ops in funding_suite::ops()) {
        funding_suite::check(&mut FundingOnRevive::new(), &ops)?;
    }
}
