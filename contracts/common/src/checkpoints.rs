//! Values in force from a block on: an append-only list of `(block, value)`
//! points sorted by block, and the lookup of the value in force at the end of
//! a past block. COS Credit keeps its vote checkpoints this way, governance
//! its members and their count.
//!
//! **Cost**: a lookup is a binary search over the list after one look at the
//! newest point (most lookups are for recent blocks): at most 33 reads of
//! `get`, whatever the list's length.

/// The value of the last point whose block is `<= block` in a list of `len`
/// points sorted by block (`get(i)` is point `i`: its block and value), or
/// `T::default()` before the first.
pub fn upper_lookup<T: Default>(len: u32, block: u32, get: impl Fn(u32) -> (u32, T)) -> T {
    let Some(last) = len.checked_sub(1) else {
        return T::default();
    };
    let (newest, value) = get(last);
    if newest <= block {
        return value;
    }
    // Invariant: every point below `low` is <= block, every one at or above `high` is > block.
    let (mut low, mut high) = (0u32, last);
    while low < high {
        let mid = low.saturating_add(high.saturating_sub(low) / 2);
        if get(mid).0 <= block {
            low = mid.saturating_add(1);
        } else {
            high = mid;
        }
    }
    match low.checked_sub(1) {
        Some(index) => get(index).1,
        None => T::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(list: &[(u32, u128)]) -> impl Fn(u32) -> (u32, u128) + '_ {
        move |index| list[index as usize]
    }

    #[test]
    fn upper_lookup_finds_the_value_in_force() {
        let list = [(2, 10), (5, 20), (9, 30)];
        let len = list.len() as u32;
        assert_eq!(upper_lookup(len, 1, points(&list)), 0);
        assert_eq!(upper_lookup(len, 2, points(&list)), 10);
        assert_eq!(upper_lookup(len, 4, points(&list)), 10);
        assert_eq!(upper_lookup(len, 5, points(&list)), 20);
        assert_eq!(upper_lookup(len, 8, points(&list)), 20);
        assert_eq!(upper_lookup(len, 9, points(&list)), 30);
        assert_eq!(upper_lookup(len, 1_000, points(&list)), 30);
        assert_eq!(upper_lookup(0, 5, points(&list)), 0);
    }

    #[test]
    fn upper_lookup_matches_a_linear_scan() {
        let list: Vec<(u32, u128)> = (0..100u32).map(|i| (i * 3 + 1, u128::from(i) + 7)).collect();
        for len in 0..=list.len() as u32 {
            for block in 0..310 {
                let expected = list[..len as usize]
                    .iter()
                    .rev()
                    .find(|(b, _)| *b <= block)
                    .map(|(_, v)| *v)
                    .unwrap_or(0);
                assert_eq!(
                    upper_lookup(len, block, points(&list)),
                    expected,
                    "len {len} block {block}"
                );
            }
        }
    }
}
