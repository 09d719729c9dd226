//! GraphQL over HTTP at `/graphql`: `POST` of one request or a batch (a JSON
//! array, Apollo's `BatchHttpLink`), `GET` with the request in the URL
//! (queries only; Apollo's persisted queries use it), and the WebSocket
//! upgrade, handed to [`crate::ws`].
//!
//! Every answer is GraphQL's JSON, refusals included: a body over
//! [`Limits::body_bytes`] is not read past the limit (413), malformed JSON or
//! a request of the wrong shape is a 400 that says what is wrong and where,
//! and each operation of a batch is checked and budgeted on its own
//! ([`crate::operation::prepare`]). The timeout covers the whole request:
//! parsing, checking, validation and execution of every operation.
//!
//! [`Limits::body_bytes`]: crate::limits::Limits::body_bytes

use crate::{
    limits::{bytes, Refusal},
    operation::{self, Incoming},
    schema,
    server::App,
};
use axum::{
    body::to_bytes,
    extract::{FromRequestParts, Query, Request, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use serde_json::Value;

/// A refusal as the whole answer.
pub fn refuse(refusal: &Refusal) -> Response {
    (refusal.status, Json(refusal.response())).into_response()
}

/// `POST /graphql`.
pub async fn post(State(app): State<App>, request: Request) -> Response {
    let limit = app.limits.body_bytes;
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BODY_TOO_LARGE",
            format!(
                "the request body is larger than {}, the most this server reads; send a smaller query, or a persisted query's hash (limit: cos serve --max-body)",
                bytes(limit)
            ),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refuse(&too_large());
    }
    let graphql_text = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/graphql") && !v.contains("json"));
    let body = match to_bytes(request.into_body(), limit).await {
        Ok(body) => body,
        Err(_) => return refuse(&too_large()),
    };
    if graphql_text {
        // `Content-Type: application/graphql`: the body is the query itself.
        let query = String::from_utf8_lossy(&body).into_owned();
        return answer(
            &app,
            vec![Ok(Incoming {
                query: Some(query),
                ..Incoming::default()
            })],
            false,
        )
        .await;
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => {
            return refuse(&Refusal::bad_request(
                "BAD_REQUEST",
                format!(
                    "the request body is not JSON ({e}); send {{\"query\": \"{{ ... }}\", \"variables\": {{...}}}} with Content-Type: application/json"
                ),
            ))
        }
    };
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                return refuse(&Refusal::bad_request(
                    "BAD_REQUEST",
                    "the batch is empty: send at least one request",
                ));
            }
            if items.len() > app.limits.batch {
                return refuse(&Refusal::bad_request(
                    "BATCH_TOO_LARGE",
                    format!(
                        "the batch has {} requests, more than {}; send fewer at once (limit: cos serve --max-batch)",
                        items.len(),
                        app.limits.batch
                    ),
                ));
            }
            let requests = items.into_iter().map(Incoming::from_json).collect();
            answer(&app, requests, true).await
        }
        single => match Incoming::from_json(single) {
            Ok(incoming) => answer(&app, vec![Ok(incoming)], false).await,
            Err(refusal) => refuse(&refusal),
        },
    }
}

/// `GET /graphql`: a WebSocket upgrade, a query in the URL, or, with
/// neither, an answer that says how to ask (a person's browser goes to
/// GraphiQL).
pub async fn get(State(app): State<App>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let upgrade = parts
        .headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if upgrade {
        return crate::ws::upgrade(app, &mut parts).await;
    }
    let params = match Query::<Vec<(String, String)>>::from_request_parts(&mut parts, &app).await {
        Ok(Query(params)) => params,
        Err(e) => {
            return refuse(&Refusal::bad_request(
                "BAD_REQUEST",
                format!("the URL's query string: {e}"),
            ))
        }
    };
    let incoming = match Incoming::from_params(&params) {
        Ok(incoming) => incoming,
        Err(refusal) => return refuse(&refusal),
    };
    if incoming.is_empty() {
        if wants_html(&parts.headers) {
            return Redirect::to("/graphiql").into_response();
        }
        return refuse(&Refusal::bad_request(
            "BAD_REQUEST",
            "GET /graphql takes the request in the URL: /graphql?query={...}&variables={...}&operationName=...; \
             POST JSON {\"query\": \"{ ... }\"} for anything long; WebSocket subscriptions (graphql-transport-ws) here too; \
             GraphiQL, to try queries, at /graphiql",
        ));
    }
    answer(&app, vec![Ok(incoming)], false).await
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Runs each request (checked on its own, in order) within the timeout and
/// answers one response, or an array for a batch.
async fn answer(app: &App, requests: Vec<Result<Incoming, Refusal>>, batch: bool) -> Response {
    let count = requests.len();
    let run = async {
        let mut responses = Vec::with_capacity(count);
        for incoming in requests {
            let response = match incoming.and_then(|i| operation::prepare(app, i, false)) {
                Ok(request) => {
                    let response = schema::execute(&app.schema, request, &app.limits).await;
                    serde_json::to_value(&response).unwrap_or_else(|e| {
                        Refusal::new(
                            StatusCode::OK,
                            "INTERNAL",
                            format!("the response did not serialise: {e}"),
                        )
                        .response()
                    })
                }
                Err(refusal) => refusal.response(),
            };
            responses.push(response);
        }
        responses
    };
    let responses = match tokio::time::timeout(app.limits.timeout, run).await {
        Ok(responses) => responses,
        Err(_) => {
            let refusal = Refusal::new(
                StatusCode::OK,
                "TIMEOUT",
                format!(
                    "the request ran longer than {} s and was stopped; ask for fewer rows, or filter on indexed columns (limit: cos serve --timeout-secs)",
                    app.limits.timeout.as_secs_f64()
                ),
            );
            vec![refusal.response(); count]
        }
    };
    let body = if batch {
        Value::Array(responses)
    } else {
        responses.into_iter().next().unwrap_or(Value::Null)
    };
    (StatusCode::OK, Json(body)).into_response()
}
