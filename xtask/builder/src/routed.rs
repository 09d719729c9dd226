//! The routed COS Credit's bundle, `cos_credit.contract`: what a wallet, the
//! Contracts UI or `cargo contract` need to instantiate and call COS Credit as
//! deployed (the `credit_core` router in front of the full `credit` code).
//!
//! The router's own bundle lists only its constructor and its catch-all
//! message; the full token's lists every message but has another Wasm. This
//! one is the router's Wasm, code hash and constructors, with every message
//! and event of the full token (the router answers each of their selectors,
//! itself or through the full code) and the router's own named messages.
//! Metadata refers to types by index into its own `types` list, so the
//! router's constructor types are imported into the token's list: each type
//! is rewritten with the token's indices and reused where the token already
//! has the same type.

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Map, Value};
use std::{collections::HashMap, path::Path};

/// The name of the routed bundle (`target/ink/cos_credit/cos_credit.contract`).
pub const NAME: &str = "cos_credit";

/// Writes `<ink_dir>/cos_credit/cos_credit.contract` from the `credit` and
/// `credit_core` bundles in `ink_dir`; returns its path.
pub fn write(ink_dir: &Path) -> Result<std::path::PathBuf> {
    let read = |name: &str| -> Result<Value> {
        let path = ink_dir.join(name).join(format!("{name}.contract"));
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    };
    let merged = merge(&read("credit")?, &read("credit_core")?)?;
    let dir = ink_dir.join(NAME);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("{NAME}.contract"));
    std::fs::write(&path, serde_json::to_string_pretty(&merged)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// The routed bundle from the full token's bundle and the router's.
pub fn merge(full: &Value, router: &Value) -> Result<Value> {
    let mut out = full.clone();
    let mut types = Types::new(full, router)?;
    let mut constructors = Vec::new();
    for constructor in array(&router["spec"]["constructors"])? {
        let mut constructor = constructor.clone();
        types.rewrite_spec(&mut constructor)?;
        constructors.push(constructor);
    }
    let selectors: Vec<&Value> = array(&full["spec"]["messages"])?
        .iter()
        .map(|m| &m["selector"])
        .collect();
    let mut messages = array(&full["spec"]["messages"])?.clone();
    for message in array(&router["spec"]["messages"])? {
        // The catch-all message (`selector = _`) is how the router forwards
        // the full token's messages: they are listed instead.
        if message["label"] == "route" || selectors.contains(&&message["selector"]) {
            continue;
        }
        let mut message = message.clone();
        types.rewrite_spec(&mut message)?;
        messages.push(message);
    }
    out["types"] = Value::Array(types.base);
    out["spec"]["constructors"] = Value::Array(constructors);
    out["spec"]["messages"] = Value::Array(messages);
    out["source"] = router["source"].clone();
    let contract = out["contract"]
        .as_object_mut()
        .ok_or_else(|| anyhow!("the token's bundle has no `contract` section"))?;
    contract.insert("name".into(), json!(NAME));
    contract.insert(
        "description".into(),
        json!("COS Credit as deployed: the credit_core router (this Wasm and constructor) in front of the full credit code, with every message and event of the token"),
    );
    Ok(out)
}

fn array(value: &Value) -> Result<&Vec<Value>> {
    value
        .as_array()
        .ok_or_else(|| anyhow!("expected a list in the metadata"))
}

/// The token's type list, growing with the router's types it did not have.
struct Types {
    base: Vec<Value>,
    /// The router's types by id.
    other: HashMap<u64, Value>,
    /// Router id -> token id, for the types imported so far.
    mapped: HashMap<u64, u64>,
}

impl Types {
    fn new(full: &Value, router: &Value) -> Result<Self> {
        let base = array(&full["types"])?.clone();
        let mut other = HashMap::new();
        for entry in array(&router["types"])? {
            let id = entry["id"].as_u64().ok_or_else(|| anyhow!("a type without an id"))?;
            other.insert(id, entry["type"].clone());
        }
        Ok(Self {
            base,
            other,
            mapped: HashMap::new(),
        })
    }

    /// The token's id of the router's type `id`, importing it (and what it
    /// refers to) if the token has no equal type.
    fn import(&mut self, id: u64) -> Result<u64> {
        if let Some(mapped) = self.mapped.get(&id) {
            return Ok(*mapped);
        }
        let mut ty = self
            .other
            .get(&id)
            .cloned()
            .ok_or_else(|| anyhow!("the router's metadata has no type {id}"))?;
        if let Some(params) = ty.get_mut("params").and_then(Value::as_array_mut) {
            for param in params {
                if let Some(inner) = param.get("type").and_then(Value::as_u64) {
                    param["type"] = json!(self.import(inner)?);
                }
            }
        }
        if let Some(def) = ty.get_mut("def") {
            self.rewrite_def(def)?;
        }
        let existing = self
            .base
            .iter()
            .find(|entry| entry["type"] == ty)
            .and_then(|e| e["id"].as_u64());
        let new_id = match existing {
            Some(found) => found,
            None => {
                let next = u64::try_from(self.base.len())?;
                self.base.push(json!({ "id": next, "type": ty }));
                next
            }
        };
        self.mapped.insert(id, new_id);
        Ok(new_id)
    }

    /// Rewrites the type ids inside a type definition (`composite`,
    /// `variant`, `sequence`, `array`, `tuple`, `compact`, `primitive`).
    fn rewrite_def(&mut self, def: &mut Value) -> Result<()> {
        let Some(map) = def.as_object_mut() else {
            bail!("a type definition that is not an object: {def}");
        };
        for (kind, body) in map.iter_mut() {
            match kind.as_str() {
                "composite" => self.rewrite_fields(body.get_mut("fields"))?,
                "variant" => {
                    if let Some(variants) = body.get_mut("variants").and_then(Value::as_array_mut) {
                        for variant in variants {
                            self.rewrite_fields(variant.get_mut("fields"))?;
                        }
                    }
                }
                "sequence" | "array" | "compact" => {
                    if let Some(inner) = body.get("type").and_then(Value::as_u64) {
                        body["type"] = json!(self.import(inner)?);
                    }
                }
                "tuple" => {
                    if let Some(items) = body.as_array_mut() {
                        for item in items {
                            if let Some(inner) = item.as_u64() {
                                *item = json!(self.import(inner)?);
                            }
                        }
                    }
                }
                "primitive" | "bitsequence" => {}
                other => bail!("a type definition of an unknown kind `{other}`"),
            }
        }
        Ok(())
    }

    fn rewrite_fields(&mut self, fields: Option<&mut Value>) -> Result<()> {
        if let Some(fields) = fields.and_then(Value::as_array_mut) {
            for field in fields {
                if let Some(inner) = field.get("type").and_then(Value::as_u64) {
                    field["type"] = json!(self.import(inner)?);
                }
            }
        }
        Ok(())
    }

    /// Rewrites a constructor's or message's argument and return types.
    fn rewrite_spec(&mut self, spec: &mut Value) -> Result<()> {
        if let Some(args) = spec.get_mut("args").and_then(Value::as_array_mut) {
            for arg in args {
                self.rewrite_type_spec(arg.get_mut("type"))?;
            }
        }
        self.rewrite_type_spec(spec.get_mut("returnType"))
    }

    /// `{ "type": id, "displayName": [...] }` with the token's id.
    fn rewrite_type_spec(&mut self, spec: Option<&mut Value>) -> Result<()> {
        let Some(Value::Object(spec)) = spec else {
            return Ok(());
        };
        let spec: &mut Map<String, Value> = spec;
        if let Some(id) = spec.get("type").and_then(Value::as_u64) {
            spec.insert("type".into(), json!(self.import(id)?));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(id: u64, ty: Value) -> Value {
        json!({ "id": id, "type": ty })
    }

    #[test]
    fn router_types_are_reused_or_appended_with_the_token_s_ids() {
        let u128_ = json!({ "def": { "primitive": "u128" } });
        let full = json!({
            "source": { "hash": "0xfull" },
            "contract": { "name": "credit" },
            "spec": { "constructors": [], "messages": [
                { "label": "PSP22::transfer", "selector": "0xdb20f9f5", "args": [], "returnType": { "type": 0 } }
            ], "events": [] },
            "types": [ty(0, u128_.clone())],
        });
        let option = json!({ "path": ["Option"], "params": [{ "name": "T", "type": 0 }],
            "def": { "variant": { "variants": [ { "name": "None", "index": 0 }, { "name": "Some", "index": 1, "fields": [{ "type": 0 }] } ] } } });
        let hash = json!({ "path": ["Hash"], "def": { "composite": { "fields": [{ "type": 1 }] } } });
        let router = json!({
            "source": { "hash": "0xrouter", "wasm": "0x00" },
            "spec": {
                "constructors": [{ "label": "new", "args": [
                    { "label": "initial_supply", "type": { "type": 2, "displayName": ["Option"] } },
                    { "label": "extension", "type": { "type": 3, "displayName": ["Hash"] } }
                ], "returnType": { "type": 2 } }],
                "messages": [
                    { "label": "route", "selector": "_", "args": [] },
                    { "label": "extension_code_hash", "selector": "0x9bae9d5e", "args": [], "returnType": { "type": 3 } }
                ]
            },
            "types": [
                ty(0, u128_),
                ty(1, json!({ "def": { "array": { "len": 32, "type": 4 } } })),
                ty(2, option),
                ty(3, hash),
                ty(4, json!({ "def": { "primitive": "u8" } })),
            ],
        });
        let merged = merge(&full, &router).unwrap();
        assert_eq!(merged["source"]["hash"], "0xrouter");
        assert_eq!(merged["contract"]["name"], NAME);
        let types = merged["types"].as_array().unwrap();
        // u128 reused (0); Option<u128>, u8, [u8; 32], Hash appended.
        assert_eq!(types.len(), 5);
        let ctor = &merged["spec"]["constructors"][0];
        let option_id = ctor["args"][0]["type"]["type"].as_u64().unwrap();
        assert_eq!(
            types[option_id as usize]["type"]["params"][0]["type"], 0,
            "Option<u128> points at the token's u128"
        );
        let hash_id = ctor["args"][1]["type"]["type"].as_u64().unwrap();
        let array_id = types[hash_id as usize]["type"]["def"]["composite"]["fields"][0]["type"]
            .as_u64()
            .unwrap();
        let byte_id = types[array_id as usize]["type"]["def"]["array"]["type"]
            .as_u64()
            .unwrap();
        assert_eq!(types[byte_id as usize]["type"]["def"]["primitive"], "u8");
        let labels: Vec<&str> = merged["spec"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["label"].as_str().unwrap())
            .collect();
        assert_eq!(
            labels,
            ["PSP22::transfer", "extension_code_hash"],
            "the catch-all is not listed"
        );
        assert_eq!(merged["spec"]["messages"][1]["returnType"]["type"], json!(hash_id));
    }
}
