//! Vesting schedules: a total released in equal monthly steps after a cliff.
//!
//! Release `i` (1-based) of a schedule vests at `start + (cliff_months + i) months`;
//! nothing vests before. A month is the mean Gregorian month (30.436875 days), so
//! 12 of them make a mean year. The SPEC's schedules:
//!
//! - angel round and founding team: `cliff_months = 0`, `releases = 48`;
//! - 12 months locked, then 24 monthly releases: `cliff_months = 12`, `releases = 24`.

use crate::errors::QuotaError;
use cos_common::AccountId;

/// Mean Gregorian month in milliseconds.
pub const MONTH_MS: u64 = 2_629_746_000;
/// Most monthly releases (and most cliff months) a schedule may have: 50 years.
pub const MAX_MONTHS: u32 = 600;

/// A vesting schedule and how much of it has been released.
#[derive(Clone, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct VestingSchedule {
    pub beneficiary: AccountId,
    pub total: u128,
    pub released: u128,
    /// Start, in milliseconds since the Unix epoch (block timestamps).
    pub start_ms: u64,
    pub cliff_months: u32,
    pub releases: u32,
}

impl VestingSchedule {
    /// A new schedule; fails on a zero total, zero releases or more than
    /// [`MAX_MONTHS`] releases or cliff months.
    pub fn new(
        beneficiary: AccountId,
        total: u128,
        start_ms: u64,
        cliff_months: u32,
        releases: u32,
    ) -> Result<Self, QuotaError> {
        if total == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        if releases == 0 {
            return Err(QuotaError::ZeroReleases);
        }
        if releases > MAX_MONTHS || cliff_months > MAX_MONTHS {
            return Err(QuotaError::InvalidSchedule);
        }
        Ok(Self {
            beneficiary,
            total,
            released: 0,
            start_ms,
            cliff_months,
            releases,
        })
    }

    /// How many monthly releases are due at `now_ms`.
    pub fn releases_due(&self, now_ms: u64) -> u32 {
        let Some(elapsed) = now_ms.checked_sub(self.start_ms) else {
            return 0;
        };
        let months = u32::try_from(elapsed / MONTH_MS).unwrap_or(u32::MAX);
        months.saturating_sub(self.cliff_months).min(self.releases)
    }

    /// Amount vested at `now_ms` (released or not). The last release carries the
    /// rounding remainder, so the whole total vests.
    pub fn vested(&self, now_ms: u64) -> u128 {
        let due = self.releases_due(now_ms);
        if due >= self.releases {
            return self.total;
        }
        let due = u128::from(due);
        // Multiplying first is exact; for totals near u128::MAX divide first.
        let releases = u128::from(self.releases.max(1));
        match self.total.checked_mul(due) {
            Some(product) => product.checked_div(releases).unwrap_or_default(),
            None => self.total.checked_div(releases).unwrap_or_default().saturating_mul(due),
        }
    }

    /// Vested but not yet released at `now_ms`.
    pub fn releasable(&self, now_ms: u64) -> u128 {
        self.vested(now_ms).saturating_sub(self.released)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: u64 = 1_700_000_000_000;

    fn at_month(m: u64) -> u64 {
        START + m * MONTH_MS
    }

    fn schedule(total: u128, cliff: u32, releases: u32) -> VestingSchedule {
        VestingSchedule::new(AccountId::from([7; 32]), total, START, cliff, releases).unwrap()
    }

    #[test]
    fn forty_eight_monthly_releases() {
        let s = schedule(48_000, 0, 48);
        assert_eq!(s.vested(START - 1), 0);
        assert_eq!(s.vested(START), 0);
        assert_eq!(s.vested(at_month(1) - 1), 0, "nothing vests early");
        assert_eq!(s.vested(at_month(1)), 1_000);
        assert_eq!(s.vested(at_month(24)), 24_000);
        assert_eq!(s.vested(at_month(48) - 1), 47_000);
        assert_eq!(s.vested(at_month(48)), 48_000);
        assert_eq!(s.vested(at_month(100)), 48_000);
    }

    #[test]
    fn twelve_months_locked_then_twenty_four_releases() {
        let s = schedule(2_400, 12, 24);
        assert_eq!(s.vested(at_month(12)), 0);
        assert_eq!(s.vested(at_month(13) - 1), 0);
        assert_eq!(s.vested(at_month(13)), 100);
        assert_eq!(s.vested(at_month(36) - 1), 2_300);
        assert_eq!(s.vested(at_month(36)), 2_400);
    }

    #[test]
    fn remainder_vests_with_the_last_release() {
        let s = schedule(100, 0, 3);
        assert_eq!(s.vested(at_month(1)), 33);
        assert_eq!(s.vested(at_month(2)), 66);
        assert_eq!(s.vested(at_month(3)), 100);
    }

    #[test]
    fn releasable_subtracts_what_was_released() {
        let mut s = schedule(48_000, 0, 48);
        s.released = 2_000;
        assert_eq!(s.releasable(at_month(3)), 1_000);
        assert_eq!(s.releasable(at_month(2)), 0);
    }

    #[test]
    fn bad_schedules_are_rejected() {
        let who = AccountId::from([7; 32]);
        assert_eq!(VestingSchedule::new(who, 1, START, 0, 0), Err(QuotaError::ZeroReleases));
        assert_eq!(VestingSchedule::new(who, 0, START, 0, 4), Err(QuotaError::ZeroAmount));
        assert_eq!(
            VestingSchedule::new(who, 1, START, 0, MAX_MONTHS + 1),
            Err(QuotaError::InvalidSchedule)
        );
        assert_eq!(
            VestingSchedule::new(who, 1, START, MAX_MONTHS + 1, 1),
            Err(QuotaError::InvalidSchedule)
        );
    }

    #[test]
    fn huge_totals_do_not_overflow() {
        let s = schedule(u128::MAX, 0, 48);
        assert_eq!(s.vested(at_month(47)), u128::MAX / 48 * 47);
        assert_eq!(s.vested(at_month(48)), u128::MAX);
    }
}
