//! Decoding an emitted event twice: into JSON with field names, from the
//! bundle's metadata (`contract-transcode`), for the raw events table; and
//! into the contracts' own event types ([`typed`]) for the derived tables.

use contract_transcode::{ContractMessageTranscoder, Value};
use parity_scale_codec::{Compact, Decode, Encode};
use serde_json::{Map, Value as Json};

/// Integers up to this value are JSON numbers; larger ones are decimal strings
/// (JavaScript's numbers are exact only up to 2^53 - 1).
const MAX_SAFE: u128 = (1 << 53) - 1;

/// `(event name, fields as JSON)` of an event, by its signature topic.
pub fn to_json(
    transcoder: &ContractMessageTranscoder,
    topics: &[[u8; 32]],
    data: &[u8],
) -> Result<(String, Json), String> {
    let signature = topics.first().ok_or("the event has no signature topic")?;
    // The transcoder expects the pallet event's `Vec<u8>`, length prefix included.
    let mut framed = Compact(u32::try_from(data.len()).map_err(|_| "event too large")?).encode();
    framed.extend_from_slice(data);
    let value = transcoder
        .decode_contract_event(signature, &mut &framed[..])
        .map_err(|e| format!("{e:#}"))?;
    let Value::Map(map) = &value else {
        return Err("the decoded event is not a map".into());
    };
    let name = map.ident().unwrap_or_default();
    Ok((name, json(&value)))
}

fn json(value: &Value) -> Json {
    match value {
        Value::Bool(b) => Json::Bool(*b),
        Value::Char(c) => Json::String(c.to_string()),
        Value::UInt(n) if *n <= MAX_SAFE => Json::from(*n as u64),
        Value::UInt(n) => Json::String(n.to_string()),
        Value::Int(n) if n.unsigned_abs() <= MAX_SAFE => Json::from(*n as i64),
        Value::Int(n) => Json::String(n.to_string()),
        Value::Map(map) => {
            let mut out = Map::new();
            for (k, v) in map.iter() {
                let key = match k {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.insert(key, json(v));
            }
            Json::Object(out)
        }
        Value::Tuple(tuple) => {
            let values: Vec<Json> = tuple.values().map(json).collect();
            match (tuple.ident().as_deref(), values.len()) {
                // `Some(x)` is `x`, `None` is null; other variants keep their name.
                (Some("Some"), 1) => values.into_iter().next().unwrap_or(Json::Null),
                (Some("None"), 0) => Json::Null,
                (Some(name), 0) => Json::String(name.to_string()),
                (Some(name), _) => {
                    let mut out = Map::new();
                    out.insert(name.to_string(), Json::Array(values));
                    Json::Object(out)
                }
                (None, _) => Json::Array(values),
            }
        }
        Value::String(s) | Value::Literal(s) => Json::String(s.clone()),
        Value::Seq(seq) => Json::Array(seq.elems().iter().map(json).collect()),
        Value::Hex(hex) => Json::String(hex.as_str().to_string()),
        Value::Unit => Json::Null,
    }
}

/// The event as `E` if its signature topic is `E`'s. `Err` if the topic
/// matches but the data does not decode as `E`.
pub fn typed<E: ink::env::Event + Decode>(topics: &[[u8; 32]], data: &[u8]) -> Option<Result<E, String>> {
    let signature = E::SIGNATURE_TOPIC?;
    if topics.first() != Some(&signature) {
        return None;
    }
    let mut input = data;
    Some(match E::decode(&mut input) {
        Ok(event) if input.is_empty() => Ok(event),
        Ok(_) => Err(format!("{} trailing bytes after the event", input.len())),
        Err(e) => Err(format!("does not decode: {e}")),
    })
}
