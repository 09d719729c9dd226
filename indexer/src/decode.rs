//! Decoding an emitted event twice: into JSON with field names, from the
//! bundle's metadata (its event spec and type registry, decoded with
//! `scale-value`), for the raw events table; and into the contracts' own
//! event types ([`typed`]) for the derived tables.
//!
//! The JSON has **one form per type**, the form of every other column
//! ([`canonical`]): accounts, hashes and byte strings as lowercase hex
//! without `0x`; integers of 64 bits and more (`u64` times and ids, `u128`
//! amounts) as decimal text, whatever their value, and narrower ones as
//! numbers; `Option` as its value or null; an enum variant without fields as
//! its name, with fields as `{ name: fields }`; a struct as an object, a
//! newtype as its value, tuples and sequences as arrays.

use contract_transcode::ContractMessageTranscoder;
use parity_scale_codec::Decode;
use scale_info::{form::PortableForm, PortableRegistry, Type, TypeDef, TypeDefPrimitive};
use scale_value::{Composite, Primitive, Value, ValueDef};
use serde_json::{Map, Value as Json};

/// Type names whose values are byte strings shown as hex.
const BYTES: &[&str] = &["AccountId", "AccountId32", "Hash", "H160", "H256"];

/// `(event name, fields as JSON)` of an event, by its signature topic.
pub fn to_json(
    transcoder: &ContractMessageTranscoder,
    topics: &[[u8; 32]],
    data: &[u8],
) -> Result<(String, Json), String> {
    let signature = topics.first().ok_or("the event has no signature topic")?;
    let project = transcoder.metadata();
    let event = project
        .spec()
        .events()
        .iter()
        .find(|e| e.signature_topic().is_some_and(|t| t.as_bytes() == signature))
        .ok_or_else(|| {
            format!(
                "no event with signature topic {} in the bundle's metadata",
                hex::encode(signature)
            )
        })?;
    let registry = project.registry();
    let mut input = data;
    let mut fields = Map::new();
    for arg in event.args() {
        let value = scale_value::scale::decode_as_type(&mut input, arg.ty().ty().id, registry)
            .map_err(|e| format!("{}.{}: {e}", event.label(), arg.label()))?;
        fields.insert(arg.label().to_string(), canonical(&value, registry));
    }
    if !input.is_empty() {
        return Err(format!("{} trailing bytes after {}", input.len(), event.label()));
    }
    Ok((event.label().to_string(), Json::Object(fields)))
}

/// A decoded value in the form of every other column (see the module header).
pub fn canonical(value: &Value<u32>, registry: &PortableRegistry) -> Json {
    let ty = registry.resolve(value.context);
    if ty.is_some_and(|t| bytes_like(t, registry)) {
        if let Some(bytes) = bytes_of(value) {
            return Json::String(hex::encode(bytes));
        }
    }
    match &value.value {
        ValueDef::Primitive(p) => primitive(p, ty.is_none_or(|t| wide(t, registry))),
        ValueDef::Composite(c) => {
            let listed =
                ty.is_some_and(|t| matches!(t.type_def, TypeDef::Sequence(_) | TypeDef::Array(_) | TypeDef::Tuple(_)));
            match c {
                Composite::Unnamed(items) if listed && items.is_empty() => {
                    if ty.is_some_and(|t| matches!(t.type_def, TypeDef::Tuple(_))) {
                        Json::Null
                    } else {
                        Json::Array(Vec::new())
                    }
                }
                Composite::Unnamed(items) if listed => {
                    Json::Array(items.iter().map(|v| canonical(v, registry)).collect())
                }
                other => composite(other, registry),
            }
        }
        ValueDef::Variant(variant) => {
            let option = ty.is_some_and(|t| t.path.segments.last().is_some_and(|s| s == "Option"));
            match (option, variant.name.as_str(), &variant.values) {
                (true, "None", _) => Json::Null,
                (true, "Some", values) => composite(values, registry),
                (_, name, values) if is_empty(values) => Json::String(name.to_string()),
                (_, name, values) => {
                    let mut out = Map::new();
                    out.insert(name.to_string(), composite(values, registry));
                    Json::Object(out)
                }
            }
        }
        ValueDef::BitSequence(bits) => Json::String(bits.iter().map(|b| if b { '1' } else { '0' }).collect()),
    }
}

fn is_empty(values: &Composite<u32>) -> bool {
    match values {
        Composite::Named(v) => v.is_empty(),
        Composite::Unnamed(v) => v.is_empty(),
    }
}

/// A struct's (or a variant's) fields: named as an object, one unnamed as
/// that value (a newtype), several as an array, none as null.
fn composite(values: &Composite<u32>, registry: &PortableRegistry) -> Json {
    match values {
        Composite::Named(fields) => Json::Object(
            fields
                .iter()
                .map(|(name, v)| (name.clone(), canonical(v, registry)))
                .collect(),
        ),
        Composite::Unnamed(items) => match items.as_slice() {
            [] => Json::Null,
            [one] => canonical(one, registry),
            many => Json::Array(many.iter().map(|v| canonical(v, registry)).collect()),
        },
    }
}

fn primitive(p: &Primitive, wide: bool) -> Json {
    match p {
        Primitive::Bool(b) => Json::Bool(*b),
        Primitive::Char(c) => Json::String(c.to_string()),
        Primitive::String(s) => Json::String(s.clone()),
        Primitive::U128(n) if !wide => u64::try_from(*n).map_or_else(|_| Json::String(n.to_string()), Json::from),
        Primitive::I128(n) if !wide => i64::try_from(*n).map_or_else(|_| Json::String(n.to_string()), Json::from),
        Primitive::U128(n) => Json::String(n.to_string()),
        Primitive::I128(n) => Json::String(n.to_string()),
        // Not in COS's events: hex, little-endian as encoded.
        Primitive::U256(bytes) | Primitive::I256(bytes) => Json::String(hex::encode(bytes)),
    }
}

/// Whether integers of this type may pass 32 bits (served as text).
fn wide(ty: &Type<PortableForm>, registry: &PortableRegistry) -> bool {
    match &ty.type_def {
        TypeDef::Primitive(p) => !matches!(
            p,
            TypeDefPrimitive::U8
                | TypeDefPrimitive::U16
                | TypeDefPrimitive::U32
                | TypeDefPrimitive::I8
                | TypeDefPrimitive::I16
                | TypeDefPrimitive::I32
        ),
        TypeDef::Compact(c) => registry.resolve(c.type_param.id).is_none_or(|t| wide(t, registry)),
        _ => true,
    }
}

fn is_u8(id: u32, registry: &PortableRegistry) -> bool {
    registry
        .resolve(id)
        .is_some_and(|t| matches!(t.type_def, TypeDef::Primitive(TypeDefPrimitive::U8)))
}

/// Accounts, hashes, `[u8; N]` and `Vec<u8>`: shown as hex.
fn bytes_like(ty: &Type<PortableForm>, registry: &PortableRegistry) -> bool {
    match &ty.type_def {
        TypeDef::Sequence(s) => is_u8(s.type_param.id, registry),
        TypeDef::Array(a) => is_u8(a.type_param.id, registry),
        TypeDef::Composite(c) => {
            ty.path
                .segments
                .last()
                .is_some_and(|name| BYTES.contains(&name.as_str()))
                && c.fields.len() == 1
                && registry
                    .resolve(c.fields[0].ty.id)
                    .is_some_and(|inner| bytes_like(inner, registry))
        }
        _ => false,
    }
}

/// The bytes of a byte-like value, if every leaf is a byte.
fn bytes_of(value: &Value<u32>) -> Option<Vec<u8>> {
    fn collect(value: &Value<u32>, out: &mut Vec<u8>) -> Option<()> {
        match &value.value {
            ValueDef::Primitive(Primitive::U128(n)) => out.push(u8::try_from(*n).ok()?),
            ValueDef::Composite(Composite::Unnamed(items)) => {
                for item in items {
                    collect(item, out)?;
                }
            }
            ValueDef::Composite(Composite::Named(fields)) => {
                for (_, item) in fields {
                    collect(item, out)?;
                }
            }
            _ => return None,
        }
        Some(())
    }
    let mut out = Vec::new();
    collect(value, &mut out)?;
    Some(out)
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
