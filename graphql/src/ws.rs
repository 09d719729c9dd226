//! GraphQL over WebSocket at `/graphql`: `graphql-transport-ws` (the
//! `graphql-ws` library's protocol, which GraphiQL, Apollo's `GraphQLWsLink`
//! and urql speak) and the older `subscriptions-transport-ws` (subprotocol
//! `graphql-ws`), with the bounds a public server needs:
//!
//! - a socket must send `connection_init` within
//!   [`Limits::ws_init_timeout`], or it is closed (4408);
//! - sockets are counted per client and in all ([`crate::clients`]): past
//!   either limit the upgrade is refused with the limit named;
//! - at most [`Limits::ws_operations`] operations run at once on a socket;
//! - every operation is checked and budgeted as an HTTP request is
//!   ([`crate::operation::prepare`]; a subscription's rows per second);
//! - an operation refused or invalid before it runs is answered with the
//!   protocol's `error` message (never `next` + `complete`); the protocol's
//!   own misuses close the socket with its codes (4400 bad message, 4401
//!   subscribe before the acknowledgement, 4409 an id in use, 4429 a second
//!   `connection_init`).
//!
//! [`Limits::ws_init_timeout`]: crate::limits::Limits::ws_init_timeout
//! [`Limits::ws_operations`]: crate::limits::Limits::ws_operations

use crate::{
    limits::Refusal,
    operation::{self, Incoming},
    server::App,
    transport::refuse,
};
use async_graphql::Response;
use axum::{
    extract::{
        ws::{CloseFrame, Message, WebSocket},
        ConnectInfo, FromRequestParts, WebSocketUpgrade,
    },
    http::{request::Parts, StatusCode},
    response::Response as HttpResponse,
};
use futures::{
    future::{AbortHandle, Abortable},
    stream::{BoxStream, SelectAll, SplitSink},
    SinkExt, StreamExt,
};
use serde_json::{json, Value};
use std::{collections::HashMap, net::SocketAddr, time::Duration};

/// The longest operation id kept.
const MAX_ID: usize = 128;
/// How often the old protocol's keep-alive (`ka`) is sent.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protocol {
    /// `graphql-transport-ws`.
    TransportWs,
    /// `subscriptions-transport-ws`, subprotocol `graphql-ws`.
    Legacy,
}

/// Answers a WebSocket upgrade of `/graphql`.
pub async fn upgrade(app: App, parts: &mut Parts) -> HttpResponse {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = app.clients.client(peer, &parts.headers);
    let upgrade = match WebSocketUpgrade::from_request_parts(parts, &app).await {
        Ok(upgrade) => upgrade,
        Err(e) => {
            return refuse(&Refusal::bad_request(
                "BAD_REQUEST",
                format!("not a WebSocket upgrade ({e}); subscribe over WebSocket with graphql-transport-ws"),
            ))
        }
    };
    let slot = match app.clients.socket(client) {
        Ok(slot) => slot,
        Err(refusal) => return refuse(&refusal),
    };
    let limit = app.limits.body_bytes;
    let upgrade = upgrade
        .protocols(["graphql-transport-ws", "graphql-ws"])
        .max_message_size(limit)
        .max_frame_size(limit);
    let protocol = match upgrade.selected_protocol() {
        Some(p) if p == "graphql-ws" => Protocol::Legacy,
        _ => Protocol::TransportWs,
    };
    upgrade.on_upgrade(move |socket| async move {
        serve(app, socket, protocol).await;
        drop(slot);
    })
}

/// A message from the client.
enum Frame {
    /// A protocol message: its `type` and the whole message.
    Message(String, Value),
    /// A WebSocket ping or pong (answered by the library).
    Skip,
    Closed,
    /// Not a message of the protocol: close with 4400 and this reason.
    Bad(String),
}

fn read(message: Option<Result<Message, axum::Error>>) -> Frame {
    let text = match message {
        None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return Frame::Closed,
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => return Frame::Skip,
        Some(Ok(Message::Text(text))) => text.as_str().to_string(),
        Some(Ok(Message::Binary(bytes))) => match String::from_utf8(bytes.to_vec()) {
            Ok(text) => text,
            Err(_) => return Frame::Bad("messages are JSON text".into()),
        },
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => match value.get("type").and_then(Value::as_str) {
            Some(kind) => Frame::Message(kind.to_string(), value),
            None => Frame::Bad("a message needs a `type`".into()),
        },
        Err(e) => Frame::Bad(format!("the message is not JSON: {e}")),
    }
}

type Sink = SplitSink<WebSocket, Message>;

async fn send(tx: &mut Sink, message: Value) -> bool {
    tx.send(Message::Text(message.to_string().into())).await.is_ok()
}

async fn close(tx: &mut Sink, protocol: Protocol, code: u16, reason: &str) {
    if protocol == Protocol::Legacy {
        let _ = send(
            tx,
            json!({ "type": "connection_error", "payload": { "message": reason } }),
        )
        .await;
    }
    // A close reason is at most 123 bytes.
    let reason: String = reason.chars().take(100).collect();
    let _ = tx
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        })))
        .await;
}

/// What a running operation yields: its id, the response's place in its
/// stream, and the response (`None`: it ended).
type Item = (String, usize, Option<Response>);

async fn serve(app: App, socket: WebSocket, protocol: Protocol) {
    let (mut tx, mut rx) = socket.split();

    // The handshake, within the init timeout.
    let deadline = tokio::time::Instant::now() + app.limits.ws_init_timeout;
    loop {
        let message = match tokio::time::timeout_at(deadline, rx.next()).await {
            Ok(message) => read(message),
            Err(_) => {
                let reason = format!(
                    "Connection initialisation timeout: send connection_init within {} s (limit: cos serve --ws-init-timeout)",
                    app.limits.ws_init_timeout.as_secs_f64()
                );
                return close(&mut tx, protocol, 4408, &reason).await;
            }
        };
        match message {
            Frame::Message(kind, value) => match kind.as_str() {
                "connection_init" => break,
                "ping" if protocol == Protocol::TransportWs => {
                    if !send(&mut tx, pong(&value)).await {
                        return;
                    }
                }
                "subscribe" | "start" => return close(&mut tx, protocol, 4401, "Unauthorized").await,
                other => {
                    let reason = format!("unexpected message `{other}` before connection_init");
                    return close(&mut tx, protocol, 4400, &reason).await;
                }
            },
            Frame::Skip => {}
            Frame::Closed => return,
            Frame::Bad(reason) => return close(&mut tx, protocol, 4400, &reason).await,
        }
    }
    if !send(&mut tx, json!({ "type": "connection_ack" })).await {
        return;
    }
    if protocol == Protocol::Legacy && !send(&mut tx, json!({ "type": "ka" })).await {
        return;
    }

    let mut running: SelectAll<BoxStream<'static, Item>> = SelectAll::new();
    let mut handles: HashMap<String, AbortHandle> = HashMap::new();
    let mut keep_alive = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    loop {
        tokio::select! {
            message = rx.next() => {
                let (kind, value) = match read(message) {
                    Frame::Message(kind, value) => (kind, value),
                    Frame::Skip => continue,
                    Frame::Closed => return,
                    Frame::Bad(reason) => return close(&mut tx, protocol, 4400, &reason).await,
                };
                match kind.as_str() {
                    "subscribe" | "start" => {
                        let Some(id) = value.get("id").and_then(Value::as_str).filter(|id| id.len() <= MAX_ID) else {
                            return close(&mut tx, protocol, 4400, "a subscribe message needs an `id` (text, at most 128 bytes)").await;
                        };
                        let id = id.to_string();
                        if handles.contains_key(&id) {
                            return close(&mut tx, protocol, 4409, &format!("Subscriber for {id} already exists")).await;
                        }
                        match start(&app, &value, handles.len()) {
                            Ok(stream) => {
                                let (handle, registration) = AbortHandle::new_pair();
                                let tag = id.clone();
                                let stream = Abortable::new(stream, registration)
                                    .enumerate()
                                    .map(move |(n, response)| (tag.clone(), n, Some(response)))
                                    .chain(futures::stream::once({
                                        let id = id.clone();
                                        async move { (id, 0, None) }
                                    }));
                                handles.insert(id, handle);
                                running.push(stream.boxed());
                            }
                            Err(refusal) => {
                                if !send(&mut tx, error(protocol, &id, vec![refusal.error()])).await {
                                    return;
                                }
                            }
                        }
                    }
                    "complete" | "stop" => {
                        if let Some(handle) = value.get("id").and_then(Value::as_str).and_then(|id| handles.remove(id)) {
                            handle.abort();
                            if protocol == Protocol::Legacy {
                                let id = value.get("id").cloned().unwrap_or(Value::Null);
                                if !send(&mut tx, json!({ "type": "complete", "id": id })).await {
                                    return;
                                }
                            }
                        }
                    }
                    "connection_init" => return close(&mut tx, protocol, 4429, "Too many initialisation requests").await,
                    "ping" if protocol == Protocol::TransportWs => {
                        if !send(&mut tx, pong(&value)).await {
                            return;
                        }
                    }
                    "pong" => {}
                    "connection_terminate" if protocol == Protocol::Legacy => return,
                    other => return close(&mut tx, protocol, 4400, &format!("unknown message type `{other}`")).await,
                }
            }
            Some((id, n, response)) = running.next(), if !running.is_empty() => {
                let Some(response) = response else {
                    // The operation ended on its own: say so, unless the client stopped it.
                    if handles.remove(&id).is_some() && !send(&mut tx, json!({ "type": "complete", "id": id })).await {
                        return;
                    }
                    continue;
                };
                if !handles.contains_key(&id) {
                    continue;
                }
                let sent = if n == 0 && response.data == async_graphql::Value::Null && !response.errors.is_empty() {
                    // Refused before it ran (validation): the protocol's `error`, and it is over.
                    handles.remove(&id);
                    let errors = response.errors.iter().map(|e| serde_json::to_value(e).unwrap_or(Value::Null)).collect();
                    send(&mut tx, error(protocol, &id, errors)).await
                } else {
                    let kind = if protocol == Protocol::Legacy { "data" } else { "next" };
                    let payload = serde_json::to_value(&response).unwrap_or(Value::Null);
                    send(&mut tx, json!({ "type": kind, "id": id, "payload": payload })).await
                };
                if !sent {
                    return;
                }
            }
            _ = keep_alive.tick(), if protocol == Protocol::Legacy => {
                if !send(&mut tx, json!({ "type": "ka" })).await {
                    return;
                }
            }
        }
    }
}

/// The stream of an operation a `subscribe` (or `start`) message asks for.
fn start(app: &App, message: &Value, running: usize) -> Result<BoxStream<'static, Response>, Refusal> {
    if running >= app.limits.ws_operations {
        return Err(Refusal::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_OPERATIONS",
            format!(
                "{running} operations already run on this socket, the most one may; complete one first (limit: cos serve --ws-max-operations)",
            ),
        ));
    }
    let payload = message.get("payload").cloned().unwrap_or(Value::Null);
    let incoming = Incoming::from_json(payload)?;
    let request = operation::prepare(app, incoming, true)?;
    Ok(app.schema.execute_stream(request))
}

fn error(protocol: Protocol, id: &str, errors: Vec<Value>) -> Value {
    match protocol {
        Protocol::TransportWs => json!({ "type": "error", "id": id, "payload": errors }),
        // The old protocol's `error` carries one error.
        Protocol::Legacy => {
            json!({ "type": "error", "id": id, "payload": errors.into_iter().next().unwrap_or(Value::Null) })
        }
    }
}

fn pong(ping: &Value) -> Value {
    match ping.get("payload") {
        Some(payload) => json!({ "type": "pong", "payload": payload }),
        None => json!({ "type": "pong" }),
    }
}
