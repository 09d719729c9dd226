//! The API's values beyond GraphQL's built-in scalars, one rule each for
//! what is served and what is accepted, shared by GraphQL, the explorer's
//! filters and the CSV export:
//!
//! - `Timestamp`: a time on the chain (milliseconds since the Unix epoch);
//!   served as ISO 8601 UTC text with milliseconds (`2026-12-01T23:30:14.123Z`);
//!   accepted as that, a date (`2026-12-01`, midnight UTC), or milliseconds
//!   as decimal text or a number.
//! - `BigInt`: a `u64` of the chain or a duration in milliseconds, which may
//!   pass GraphQL's 32-bit `Int`: served as decimal text; accepted as text or
//!   a number.
//! - `Amount`: a token amount in base units (`u128`): served as decimal text;
//!   accepted as decimal text, or as a JSON integer where it is exact.
//!
//! Served as text because a JSON number beyond 2^53 is rounded by
//! JavaScript and anything beyond 2^31 breaks 32-bit clients of `Int`.

use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, NaiveDate, SecondsFormat};
use serde_json::Value;

pub const TIMESTAMP: &str = "Timestamp";
pub const BIG_INT: &str = "BigInt";
pub const AMOUNT: &str = "Amount";

pub const TIMESTAMP_DOC: &str = "A time on the chain: ISO 8601 UTC with milliseconds (`2026-12-01T23:30:14.123Z`). \
As input also a date (`2026-12-01`: midnight UTC) or milliseconds since the Unix epoch, as text or a number.";
pub const BIG_INT_DOC: &str = "An integer that may pass GraphQL's 32-bit `Int` (a `u64` of the chain, \
a duration in milliseconds), as decimal text. As input also a number.";
pub const AMOUNT_DOC: &str = "A token amount in base units (u128), as decimal text: exact beyond 2^53. \
As input also a JSON integer up to 2^64 - 1.";

/// `ms` as served: ISO 8601 UTC with milliseconds.
pub fn timestamp(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_else(|| ms.to_string())
}

/// A served value of a `Timestamp` column (a JSON integer of milliseconds).
pub fn timestamp_json(value: &Value) -> Value {
    match value.as_i64() {
        Some(ms) => Value::String(timestamp(ms)),
        None => value.clone(),
    }
}

/// A served value of a `BigInt` column.
pub fn big_int_json(value: &Value) -> Value {
    match value {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

/// A `Timestamp` as given (a filter, a cursor), in milliseconds.
pub fn parse_timestamp(value: &Value) -> Result<i64> {
    let wrong = || {
        anyhow!("{value} is not a time: give ISO 8601 (`2026-12-01T08:00:00Z`), a date (`2026-12-01`) or milliseconds since 1970")
    };
    match value {
        Value::Number(n) => n.as_i64().ok_or_else(wrong),
        Value::String(s) => {
            let s = s.trim();
            if let Ok(ms) = s.parse::<i64>() {
                return Ok(ms);
            }
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Ok(t.timestamp_millis());
            }
            let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| wrong())?;
            let midnight = date.and_hms_opt(0, 0, 0).ok_or_else(wrong)?;
            Ok(midnight.and_utc().timestamp_millis())
        }
        _ => Err(wrong()),
    }
}

/// A `BigInt` as given.
pub fn parse_big_int(value: &Value) -> Result<i64> {
    let n = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    n.ok_or_else(|| anyhow!("{value} is not an integer from -2^63 to 2^63 - 1 (as text or a number)"))
}

/// An `Amount` as given, in base units.
pub fn parse_amount(value: &Value) -> Result<u128> {
    match value {
        Value::Number(n) => match n.as_u64() {
            Some(n) => Ok(n.into()),
            None => bail!(
                "the number {n} is not an amount in base units: give an integer from 0 to 2^128 - 1 as decimal text (\"1000000000000000000000000000000\"); numbers are taken up to 2^64 - 1"
            ),
        },
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| anyhow!("{value} is not an amount in base units: give an integer from 0 to 2^128 - 1 as decimal text")),
        _ => bail!("{value} is not an amount in base units: give an integer from 0 to 2^128 - 1 as decimal text"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timestamps_are_served_as_iso_and_read_in_three_forms() {
        let ms = 1_764_632_400_123;
        assert_eq!(timestamp(ms), "2025-12-01T23:40:00.123Z");
        assert_eq!(parse_timestamp(&json!(timestamp(ms))).unwrap(), ms);
        assert_eq!(parse_timestamp(&json!(ms)).unwrap(), ms);
        assert_eq!(parse_timestamp(&json!(ms.to_string())).unwrap(), ms);
        assert_eq!(parse_timestamp(&json!("2025-12-01")).unwrap(), 1_764_547_200_000);
        assert_eq!(
            parse_timestamp(&json!("2025-12-01T08:00:00+08:00")).unwrap(),
            1_764_547_200_000
        );
        assert!(parse_timestamp(&json!("yesterday"))
            .unwrap_err()
            .to_string()
            .contains("ISO 8601"));
        assert_eq!(timestamp_json(&json!(ms)), json!("2025-12-01T23:40:00.123Z"));
    }

    #[test]
    fn big_ints_are_text() {
        assert_eq!(
            big_int_json(&json!(9_007_199_254_740_993_i64)),
            json!("9007199254740993")
        );
        assert_eq!(
            parse_big_int(&json!("9007199254740993")).unwrap(),
            9_007_199_254_740_993
        );
        assert!(parse_big_int(&json!("18446744073709551615")).is_err());
    }

    #[test]
    fn amounts_beyond_a_number_ask_for_text_without_internal_names() {
        let huge: Value = serde_json::from_str("1e30").unwrap();
        let message = parse_amount(&huge).unwrap_err().to_string();
        assert!(
            message.contains("decimal text") && !message.contains("serde_json"),
            "{message}"
        );
        assert_eq!(
            parse_amount(&json!("1000000000000000000000000000000")).unwrap(),
            10u128.pow(30)
        );
        assert_eq!(parse_amount(&json!(5)).unwrap(), 5);
        assert!(parse_amount(&json!("-1")).is_err());
    }
}
