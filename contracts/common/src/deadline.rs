//! Deadlines that a COS pause moves.
//!
//! While COS Credit is paused nobody can pledge to a campaign or be paid a
//! bounty's reward, so the time a pause lasts must not count against the
//! people who were waiting for it to end. COS Credit keeps a [`PauseClock`]:
//! how long it has been paused in all, in milliseconds of block time. A
//! campaign or bounty keeps the clock's reading when it was created; its
//! deadline is then [`moved`] by every millisecond paused since. A deadline
//! thus counts unpaused time only: a pause one hour before the deadline
//! leaves that hour to run once the pause is lifted, and nothing ends while
//! COS is paused.
//!
//! [`moment`] reads the clock only once the nominal deadline has passed (before
//! it, no pause can have made it pass), so a contract pays the call to COS
//! Credit only then. Once passed, a deadline stays passed: the clock runs at
//! most as fast as block time.
//!
//! The same functions serve the contracts, the indexer and the server.

/// Milliseconds since the Unix epoch, as `pallet-timestamp` keeps block time.
pub type Timestamp = u64;

/// How long a token has been paused in all (milliseconds of block time).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct PauseClock {
    /// Milliseconds paused before the current pause, if any.
    pub paused_ms: u64,
    /// When the current pause began; `None` while not paused.
    pub since: Option<Timestamp>,
}

impl PauseClock {
    /// The clock at `now`: every millisecond paused so far, the current
    /// pause included. Never decreases while `now` does not.
    pub fn read(&self, now: Timestamp) -> u64 {
        match self.since {
            Some(since) => self.paused_ms.saturating_add(now.saturating_sub(since)),
            None => self.paused_ms,
        }
    }

    /// A pause begins at `now` (a second call while paused changes nothing).
    pub fn pause(&mut self, now: Timestamp) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }

    /// The pause ends at `now` (a call while not paused changes nothing).
    pub fn unpause(&mut self, now: Timestamp) {
        self.paused_ms = self.read(now);
        self.since = None;
    }
}

/// A moment as a deadline sees it: block time and the pause clock's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Block time.
    pub now: Timestamp,
    /// The pause clock at `now` (or, before the nominal deadline, the
    /// reading at the start: see [`moment`]).
    pub clock: u64,
}

/// `deadline`, moved by the time paused since the clock read `clock_at_start`
/// (`clock_now` is the clock's reading now).
pub fn moved(deadline: Timestamp, clock_at_start: u64, clock_now: u64) -> Timestamp {
    deadline.saturating_add(clock_now.saturating_sub(clock_at_start))
}

/// Whether `deadline`, set when the pause clock read `clock_at_start`, has
/// passed at `at`, moved by the pauses since.
pub fn passed(deadline: Timestamp, clock_at_start: u64, at: Moment) -> bool {
    at.now >= deadline && at.now >= moved(deadline, clock_at_start, at.clock)
}

/// The moment `now` for a deadline set when the clock read `clock_at_start`.
/// `read` reads the pause clock (a call to COS Credit) and is called only at
/// or past the nominal deadline: before it no pause can have made the
/// deadline pass, and the moment carries `clock_at_start` instead.
pub fn moment<E>(
    now: Timestamp,
    deadline: Timestamp,
    clock_at_start: u64,
    read: impl FnOnce() -> Result<u64, E>,
) -> Result<Moment, E> {
    let clock = if now < deadline { clock_at_start } else { read()? };
    Ok(Moment { now, clock })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(now: Timestamp, clock: &PauseClock) -> Moment {
        Moment {
            now,
            clock: clock.read(now),
        }
    }

    #[test]
    fn a_pause_before_the_deadline_moves_it_by_its_length() {
        let mut clock = PauseClock::default();
        clock.pause(50);
        clock.pause(60);
        assert_eq!(clock.read(80), 30, "still paused: the clock runs");
        clock.unpause(90);
        clock.unpause(95);
        assert_eq!((clock.read(90), clock.read(1_000)), (40, 40));
        // Created at clock 0 with a deadline at 100: paused 40 ms, ends at 140.
        assert_eq!(moved(100, 0, clock.read(120)), 140);
        assert!(!passed(100, 0, at(139, &clock)));
        assert!(passed(100, 0, at(140, &clock)));
        // Created after the pause: unmoved.
        assert!(passed(100, 40, at(100, &clock)));
    }

    #[test]
    fn the_clock_is_read_only_past_the_nominal_deadline() {
        let early: Result<_, ()> = moment(99, 100, 7, || unreachable!("read before the deadline"));
        assert_eq!(early, Ok(Moment { now: 99, clock: 7 }));
        assert!(!passed(100, 7, early.unwrap()));
        assert_eq!(
            moment(100, 100, 7, || Ok::<_, ()>(9)),
            Ok(Moment { now: 100, clock: 9 })
        );
        assert_eq!(moment(100, 100, 7, || Err("no token")), Err("no token"));
    }

    #[test]
    fn nothing_ends_while_paused() {
        let mut clock = PauseClock::default();
        clock.pause(90);
        for now in [90, 100, 1_000, 1_000_000] {
            assert!(!passed(100, 0, at(now, &clock)), "ended at {now} while paused");
        }
        clock.unpause(1_000);
        assert!(!passed(100, 0, at(1_009, &clock)));
        assert!(passed(100, 0, at(1_010, &clock)), "the 10 ms left run after the pause");
    }

    proptest! {
        /// Over random pauses: a deadline passes exactly when the unpaused
        /// time since creation reaches the time it was set to run, and once
        /// passed it stays passed.
        #[test]
        fn a_deadline_counts_unpaused_time_only(
            created in 0u64..1_000,
            length in 1u64..2_000,
            flips in prop::collection::vec(1u64..300, 0..12),
        ) {
            // Pauses and unpauses by turns, at increasing times.
            let mut switches = Vec::new();
            let mut time = 0;
            for (i, gap) in flips.iter().enumerate() {
                time += gap;
                switches.push((time, i % 2 == 0));
            }
            let mut clock = PauseClock::default();
            let mut next = switches.iter().peekable();
            let mut apply = |clock: &mut PauseClock, until: u64| {
                while let Some(&&(t, pause)) = next.peek() {
                    if t > until { break; }
                    if pause { clock.pause(t) } else { clock.unpause(t) }
                    next.next();
                }
            };
            apply(&mut clock, created);
            let start = clock.read(created);
            let deadline = created + length;
            let (mut unpaused, mut was_passed) = (0u64, false);
            for now in created..created + length + 4_000 {
                apply(&mut clock, now);
                let is_passed = passed(deadline, start, at(now, &clock));
                prop_assert_eq!(is_passed, unpaused >= length, "at {}", now);
                prop_assert!(!was_passed || is_passed, "a passed deadline came back at {}", now);
                was_passed = is_passed;
                if clock.since.is_none() { unpaused += 1; }
            }
        }
    }
}
