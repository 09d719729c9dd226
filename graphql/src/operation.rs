//! One GraphQL operation as a client sends it, over HTTP (`POST` JSON, a
//! batch's element, `GET` parameters) or a WebSocket: read from JSON with
//! errors in the client's terms, its persisted query resolved
//! ([`crate::persisted`]), its cost checked ([`crate::guard`]), and built into
//! the request async-graphql runs, with what every request carries of its
//! own ([`crate::schema::request`]).

use crate::{guard, limits::Refusal, persisted::Hash, server::App};
use async_graphql::{Name, Value, Variables};
use serde_json::Value as Json;

/// What a client asks, before anything is checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incoming {
    pub query: Option<String>,
    pub operation_name: Option<String>,
    /// A JSON object, or none.
    pub variables: Option<Json>,
    /// A JSON object, or none (`persistedQuery`).
    pub extensions: Option<Json>,
}

fn bad(message: impl Into<String>) -> Refusal {
    Refusal::bad_request("BAD_REQUEST", message)
}

impl Incoming {
    /// A request as GraphQL over HTTP writes it:
    /// `{"query", "operationName", "variables", "extensions"}`.
    pub fn from_json(value: Json) -> Result<Self, Refusal> {
        let Json::Object(mut map) = value else {
            return Err(bad(
                "a GraphQL request is a JSON object: {\"query\": \"{ ... }\", \"variables\": {...}}",
            ));
        };
        let text = |value: Option<Json>, name: &str| -> Result<Option<String>, Refusal> {
            match value {
                None | Some(Json::Null) => Ok(None),
                Some(Json::String(s)) => Ok(Some(s)),
                Some(_) => Err(bad(format!("`{name}` must be a string"))),
            }
        };
        let object = |value: Option<Json>, name: &str| -> Result<Option<Json>, Refusal> {
            match value {
                None | Some(Json::Null) => Ok(None),
                Some(value @ Json::Object(_)) => Ok(Some(value)),
                Some(_) => Err(bad(format!("`{name}` must be a JSON object"))),
            }
        };
        Ok(Self {
            query: text(map.remove("query"), "query")?,
            operation_name: text(map.remove("operationName"), "operationName")?,
            variables: object(map.remove("variables"), "variables")?,
            extensions: object(map.remove("extensions"), "extensions")?,
        })
    }

    /// A request as `GET /graphql?query=...&variables=...` writes it
    /// (`variables` and `extensions` as JSON text).
    pub fn from_params(params: &[(String, String)]) -> Result<Self, Refusal> {
        let mut incoming = Self::default();
        for (key, value) in params {
            let json = |name: &str| -> Result<Option<Json>, Refusal> {
                if value.is_empty() {
                    return Ok(None);
                }
                match serde_json::from_str(value) {
                    Ok(value @ Json::Object(_)) => Ok(Some(value)),
                    Ok(Json::Null) => Ok(None),
                    Ok(_) => Err(bad(format!("`{name}` must be a JSON object"))),
                    Err(e) => Err(bad(format!("`{name}` is not JSON: {e}"))),
                }
            };
            let slot = match key.as_str() {
                "query" => {
                    incoming.query = Some(value.clone()).filter(|q| !q.trim().is_empty());
                    continue;
                }
                "operationName" => {
                    incoming.operation_name = Some(value.clone()).filter(|v| !v.is_empty());
                    continue;
                }
                "variables" => &mut incoming.variables,
                "extensions" => &mut incoming.extensions,
                _ => continue,
            };
            *slot = json(key)?;
        }
        Ok(incoming)
    }

    /// Whether it asks anything at all (a `GET` with neither a query nor a
    /// persisted query's hash is a person or a probe, not a client).
    pub fn is_empty(&self) -> bool {
        self.query.is_none() && self.extensions.is_none()
    }
}

/// JSON as a GraphQL value, numbers kept as they came: converted by hand,
/// because with serde_json's `arbitrary_precision` (on in this build) a
/// number such as `1e30` deserialises into GraphQL's value as an object of
/// serde_json's private field.
pub fn value(json: Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Boolean(b),
        Json::Number(n) => Value::Number(n),
        Json::String(s) => Value::String(s),
        Json::Array(items) => Value::List(items.into_iter().map(value).collect()),
        Json::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (Name::new(k), value(v))).collect()),
    }
}

/// The request async-graphql runs for `incoming`, or why it is refused.
/// `subscription`: the request serves a subscription, whose row budget
/// refills every second instead of once per request.
pub fn prepare(app: &App, incoming: Incoming, subscription: bool) -> Result<async_graphql::Request, Refusal> {
    let hash = Hash::of(incoming.extensions.as_ref())?;
    let query = app.persisted.resolve(incoming.query, hash.as_ref())?;
    let document = guard::check(&query, &app.limits)?;
    if let Some(hash) = &hash {
        app.persisted.keep(hash, &query);
    }
    let mut request = async_graphql::Request::new(query);
    request.set_parsed_query(document);
    if let Some(name) = incoming.operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = incoming.variables {
        request = request.variables(Variables::from_value(value(variables)));
    }
    Ok(crate::schema::request_for(request, &app.db, &app.limits, subscription))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_request_reads_its_four_fields_and_refuses_wrong_types() {
        let incoming = Incoming::from_json(json!({
            "query": "{ a }", "operationName": null, "variables": { "x": 1 }, "extensions": {}
        }))
        .unwrap();
        assert_eq!(incoming.query.as_deref(), Some("{ a }"));
        assert_eq!(incoming.variables, Some(json!({ "x": 1 })));
        for (body, what) in [
            (json!([1]), "JSON object"),
            (json!({ "query": 5 }), "`query` must be a string"),
            (
                json!({ "query": "{ a }", "variables": [1] }),
                "`variables` must be a JSON object",
            ),
        ] {
            let refusal = Incoming::from_json(body).unwrap_err();
            assert!(refusal.message.contains(what), "{refusal}");
        }
    }

    #[test]
    fn get_parameters_carry_json_text() {
        let params = vec![
            ("query".to_string(), "{ a }".to_string()),
            ("variables".to_string(), "{\"x\":\"1\"}".to_string()),
        ];
        let incoming = Incoming::from_params(&params).unwrap();
        assert_eq!(incoming.variables, Some(json!({ "x": "1" })));
        let bad = vec![("variables".to_string(), "{x".to_string())];
        assert!(Incoming::from_params(&bad).unwrap_err().message.contains("not JSON"));
        assert!(Incoming::from_params(&[]).unwrap().is_empty());
    }

    #[test]
    fn numbers_stay_numbers() {
        let json: Json = serde_json::from_str(r#"{"amount": 1e30, "small": 5}"#).unwrap();
        let Value::Object(map) = value(json) else {
            panic!("an object")
        };
        assert!(matches!(map.get("amount"), Some(Value::Number(_))), "{map:?}");
        assert_eq!(map.get("small"), Some(&Value::Number(5.into())));
    }
}
