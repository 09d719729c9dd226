//! The property suites on pallet-revive, the same sources as on drink: the
//! sub-token's collateral (`cos_common::collateral_suite`) and governance's
//! "every weight counts once" (`cos_common::votes_suite`).

use cos_common::{collateral_suite, votes_suite};
use cos_e2e_revive::{
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
