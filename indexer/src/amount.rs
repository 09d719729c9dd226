//! Amounts (`u128`) in the database: 39-digit zero-padded decimal text, so that
//! `ORDER BY` and range filters compare numerically on SQLite and PostgreSQL
//! alike, and no value is ever rounded. (`u128::MAX` has 39 digits.)

use anyhow::{anyhow, Result};

/// Width of a stored amount.
pub const WIDTH: usize = 39;

/// The stored form of `value`.
pub fn to_db(value: u128) -> String {
    format!("{value:0WIDTH$}")
}

/// The value of a stored amount (padded or not).
pub fn from_db(text: &str) -> Result<u128> {
    text.parse().map_err(|e| anyhow!("bad stored amount {text:?}: {e}"))
}

/// `text` plus `delta`, checked.
pub fn add(text: &str, delta: u128) -> Result<String> {
    let sum = from_db(text)?
        .checked_add(delta)
        .ok_or_else(|| anyhow!("amount overflow: {text} + {delta}"))?;
    Ok(to_db(sum))
}

/// `text` minus `delta`, checked: an underflow means the events contradict
/// what is stored.
pub fn sub(text: &str, delta: u128) -> Result<String> {
    let rest = from_db(text)?
        .checked_sub(delta)
        .ok_or_else(|| anyhow!("amount underflow: {text} - {delta}"))?;
    Ok(to_db(rest))
}

/// Zero, stored.
pub fn zero() -> String {
    to_db(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_keeps_numeric_order_and_every_digit() {
        let values = [0u128, 9, 10, 1_000_000_000_000, u128::MAX - 1, u128::MAX];
        let stored: Vec<String> = values.iter().map(|v| to_db(*v)).collect();
        assert!(stored.windows(2).all(|w| w[0] < w[1]));
        assert!(stored.iter().all(|s| s.len() == WIDTH));
        for (v, s) in values.iter().zip(&stored) {
            assert_eq!(from_db(s).unwrap(), *v);
        }
        assert!(add(&to_db(u128::MAX), 1).is_err());
        assert!(sub(&to_db(1), 2).is_err());
    }
}
