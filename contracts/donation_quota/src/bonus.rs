//! The unlock bonus schedule: what share of an unlock the sponsor and the
//! manager receive on top, by time since deployment.
//!
//! The schedule is fixed at deployment and validated then: stages start at
//! increasing offsets (the first at 0), rates stay within the white paper's bands
//! (sponsor 10-25 %, manager 5-10 %) and never rise from one stage to the next:
//! the earlier the unlock, the higher the bonus.

use crate::errors::QuotaError;
use ink::prelude::vec::Vec;

/// Basis points: 10,000 = 100 %.
pub const BPS: u128 = 10_000;
/// Sponsor bonus band, in basis points.
pub const SPONSOR_BPS: (u16, u16) = (1_000, 2_500);
/// Manager bonus band, in basis points.
pub const MANAGER_BPS: (u16, u16) = (500, 1_000);
/// Most stages a schedule may have.
pub const MAX_STAGES: usize = 16;

/// One stage of the schedule: from `starts_after_ms` after deployment (until the
/// next stage starts) unlocks pay these bonus rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct BonusStage {
    pub starts_after_ms: u64,
    pub sponsor_bps: u16,
    pub manager_bps: u16,
}

/// Checks a schedule (see the module docs).
pub fn validate(stages: &[BonusStage]) -> Result<(), QuotaError> {
    let first = stages.first().ok_or(QuotaError::InvalidSchedule)?;
    if stages.len() > MAX_STAGES || first.starts_after_ms != 0 {
        return Err(QuotaError::InvalidSchedule);
    }
    let in_band = |s: &BonusStage| {
        (SPONSOR_BPS.0..=SPONSOR_BPS.1).contains(&s.sponsor_bps)
            && (MANAGER_BPS.0..=MANAGER_BPS.1).contains(&s.manager_bps)
    };
    if !stages.iter().all(in_band) {
        return Err(QuotaError::InvalidSchedule);
    }
    let declines = stages.windows(2).all(|pair| {
        pair[1].starts_after_ms > pair[0].starts_after_ms
            && pair[1].sponsor_bps <= pair[0].sponsor_bps
            && pair[1].manager_bps <= pair[0].manager_bps
    });
    if declines {
        Ok(())
    } else {
        Err(QuotaError::InvalidSchedule)
    }
}

/// The stage in force `elapsed_ms` after deployment (the schedule is validated,
/// so there is always one).
pub fn stage_at(stages: &[BonusStage], elapsed_ms: u64) -> BonusStage {
    stages
        .iter()
        .rev()
        .find(|s| s.starts_after_ms <= elapsed_ms)
        .or(stages.first())
        .copied()
        .unwrap_or(BonusStage {
            starts_after_ms: 0,
            sponsor_bps: 0,
            manager_bps: 0,
        })
}

/// The default schedule: 25 % / 10 % in the first year, then 20 % / 8 %,
/// 15 % / 6 % and from the fourth year on 10 % / 5 %.
pub fn default_schedule() -> Vec<BonusStage> {
    const YEAR_MS: u64 = 31_556_952_000;
    [(0, 2_500, 1_000), (1, 2_000, 800), (2, 1_500, 600), (3, 1_000, 500)]
        .into_iter()
        .map(|(years, sponsor_bps, manager_bps)| BonusStage {
            starts_after_ms: YEAR_MS.saturating_mul(years),
            sponsor_bps,
            manager_bps,
        })
        .collect()
}

/// Bonuses owed and paid for one unlock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bonus {
    pub sponsor: u128,
    pub manager: u128,
    /// What the schedule promised, before any shortfall of the reserve.
    pub owed: u128,
}

impl Bonus {
    pub fn total(&self) -> u128 {
        self.sponsor.saturating_add(self.manager)
    }
}

/// The bonuses for unlocking `amount` at `stage`, limited to `reserve`. When the
/// reserve cannot cover both, what is left is split in proportion to the rates
/// (the manager's share rounds down, the sponsor gets the rest).
pub fn compute(amount: u128, stage: BonusStage, reserve: u128) -> Result<Bonus, QuotaError> {
    let share = |bps: u16| {
        amount
            .checked_mul(u128::from(bps))
            .map(|v| v / BPS)
            .ok_or(QuotaError::Overflow)
    };
    let sponsor = share(stage.sponsor_bps)?;
    let manager = share(stage.manager_bps)?;
    let owed = sponsor.checked_add(manager).ok_or(QuotaError::Overflow)?;
    if owed <= reserve {
        return Ok(Bonus { sponsor, manager, owed });
    }
    // owed > reserve >= 0, so owed > 0 and the division is safe.
    let manager_paid = reserve
        .checked_mul(manager)
        .and_then(|v| v.checked_div(owed))
        .ok_or(QuotaError::Overflow)?;
    Ok(Bonus {
        sponsor: reserve.saturating_sub(manager_paid),
        manager: manager_paid,
        owed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(at: u64, s: u16, m: u16) -> BonusStage {
        BonusStage {
            starts_after_ms: at,
            sponsor_bps: s,
            manager_bps: m,
        }
    }

    #[test]
    fn default_schedule_is_valid_and_declines() {
        let schedule = default_schedule();
        assert_eq!(validate(&schedule), Ok(()));
        assert_eq!(stage_at(&schedule, 0).sponsor_bps, 2_500);
        assert_eq!(stage_at(&schedule, 31_556_952_000 - 1).sponsor_bps, 2_500);
        assert_eq!(stage_at(&schedule, 31_556_952_000).sponsor_bps, 2_000);
        assert_eq!(stage_at(&schedule, u64::MAX).manager_bps, 500);
    }

    #[test]
    fn invalid_schedules_are_rejected() {
        let bad = [
            vec![],
            vec![stage(5, 2_000, 800)],                        // does not start at 0
            vec![stage(0, 2_600, 800)],                        // sponsor above 25 %
            vec![stage(0, 900, 800)],                          // sponsor below 10 %
            vec![stage(0, 2_000, 1_100)],                      // manager above 10 %
            vec![stage(0, 2_000, 400)],                        // manager below 5 %
            vec![stage(0, 2_000, 800), stage(10, 2_100, 800)], // sponsor rises
            vec![stage(0, 2_000, 800), stage(10, 2_000, 900)], // manager rises
            vec![stage(0, 2_000, 800), stage(0, 1_900, 700)],  // offsets not increasing
            vec![stage(0, 2_000, 800); MAX_STAGES + 1],
        ];
        for schedule in bad {
            assert_eq!(validate(&schedule), Err(QuotaError::InvalidSchedule), "{schedule:?}");
        }
        assert_eq!(validate(&[stage(0, 2_500, 1_000), stage(10, 2_500, 1_000 - 1)]), Ok(()));
    }

    #[test]
    fn bonus_is_paid_in_full_while_the_reserve_lasts() {
        let s = stage(0, 2_500, 1_000);
        assert_eq!(
            compute(1_000, s, 1_000),
            Ok(Bonus {
                sponsor: 250,
                manager: 100,
                owed: 350
            })
        );
        assert_eq!(
            compute(1_000, s, 350),
            Ok(Bonus {
                sponsor: 250,
                manager: 100,
                owed: 350
            })
        );
    }

    #[test]
    fn shortfall_splits_what_is_left() {
        let s = stage(0, 2_500, 1_000);
        let b = compute(1_000, s, 70).unwrap();
        assert_eq!((b.sponsor, b.manager, b.owed), (50, 20, 350));
        let b = compute(1_000, s, 0).unwrap();
        assert_eq!((b.sponsor, b.manager, b.total()), (0, 0, 0));
        assert_eq!(compute(u128::MAX, s, 0), Err(QuotaError::Overflow));
    }
}
