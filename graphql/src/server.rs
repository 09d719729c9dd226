//! The HTTP server (axum): `/graphql` (POST queries, WebSocket subscriptions
//! with `graphql-transport-ws`), `/graphiql`, `/health`, `/metrics` and the
//! explorer's pages, over one database the indexer writes.

use crate::{
    clients::Clients, data::Db, explorer, feed::Feed, limits::Limits, persisted::Persisted, schema, transport,
};
use anyhow::{Context, Result};
use async_graphql::dynamic::Schema;
use axum::{
    extract::{ConnectInfo, MatchedPath, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::get,
    Json, Router,
};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Instant};
use tower_http::{
    cors::{AllowHeaders, AllowOrigin, CorsLayer},
    services::ServeDir,
};

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The indexer's database: `sqlite:FILE` or `postgres://...`.
    pub database: String,
    pub listen: SocketAddr,
    /// Origins allowed to call the API from a browser (`*`: any).
    pub cors: Vec<String>,
    /// What one request and one client may ask.
    pub limits: Limits,
    /// The front-end libraries (`graphql/web/node_modules`).
    pub assets: PathBuf,
    /// Connections to the database.
    pub connections: u32,
}

impl Config {
    pub fn new(database: impl Into<String>, listen: SocketAddr) -> Self {
        Self {
            database: database.into(),
            listen,
            cors: vec!["*".into()],
            limits: Limits::default(),
            assets: default_assets(),
            connections: 8,
        }
    }
}

/// Where `cargo xtask setup` installs the front-end libraries.
pub fn default_assets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("web")
        .join("node_modules")
}

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub schema: Schema,
    pub limits: Limits,
    pub metrics: Arc<Metrics>,
    pub assets: PathBuf,
    /// Automatic persisted queries.
    pub persisted: Persisted,
    /// Request rates and WebSockets per client.
    pub clients: Clients,
    /// CSV exports streaming at once (each may read up to a million rows).
    pub exports: Arc<tokio::sync::Semaphore>,
}

/// CSV exports that may stream at once.
pub const EXPORTS: usize = 4;

/// Prometheus metrics of the server.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    lag: IntGauge,
    head: IntGauge,
}

impl Metrics {
    fn new() -> Result<Self> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("cos_http_requests_total", "HTTP requests by route and status"),
            &["route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("cos_http_request_duration_seconds", "HTTP request latency by route").buckets(vec![
                0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ]),
            &["route"],
        )?;
        let lag = IntGauge::new("cos_indexer_lag_blocks", "Finalised head minus the last indexed block")?;
        let head = IntGauge::new("cos_indexer_head", "The last indexed block")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(lag.clone()))?;
        registry.register(Box::new(head.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            lag,
            head,
        })
    }
}

impl App {
    /// Opens the database (migrating it, so the server may start before the
    /// indexer) and builds the schema; the feed starts following the indexer.
    pub async fn open(config: &Config) -> Result<Self> {
        let store = cos_indexer::Store::open_with(&config.database, config.connections).await?;
        let db = Db::new(store.connection().clone());
        let feed = Feed::start(db.clone(), &config.database);
        Self::new(db, feed, config)
    }

    pub fn new(db: Db, feed: Feed, config: &Config) -> Result<Self> {
        let schema = schema::build(db.clone(), feed, &config.limits).context("building the GraphQL schema")?;
        Ok(Self {
            db,
            schema,
            limits: config.limits.clone(),
            metrics: Arc::new(Metrics::new()?),
            assets: config.assets.clone(),
            persisted: Persisted::new(config.limits.persisted_bytes),
            clients: Clients::new(&config.limits)?,
            exports: Arc::new(tokio::sync::Semaphore::new(EXPORTS)),
        })
    }

    /// Every route. CORS admits any header a client sends (Apollo's
    /// `apollographql-client-name` / `-version`, urql's, graphql-request's):
    /// the API takes no credentials, so no header grants anything.
    pub fn router(self, cors: &[String]) -> Router {
        let cors = if cors.iter().any(|o| o == "*") {
            CorsLayer::new().allow_origin(AllowOrigin::any())
        } else {
            let origins: Vec<HeaderValue> = cors.iter().filter_map(|o| o.parse().ok()).collect();
            CorsLayer::new().allow_origin(origins)
        }
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(AllowHeaders::mirror_request())
        .max_age(std::time::Duration::from_secs(86_400));
        let assets = ServeDir::new(&self.assets);
        explorer::routes()
            .route("/graphql", get(transport::get).post(transport::post))
            .route("/graphiql", get(graphiql))
            .route("/health", get(health))
            .route("/metrics", get(metrics))
            .nest_service("/assets", assets)
            .layer(middleware::from_fn_with_state(self.clone(), measure))
            .layer(middleware::from_fn_with_state(self.clone(), admit))
            .layer(cors)
            .with_state(self)
    }
}

/// Serves `app` on `listener` until `shutdown` completes, with each
/// connection's peer address known (for per-client limits).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: App,
    cors: &[String],
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.router(cors).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("serving")
}

/// Serves until `shutdown` completes.
pub async fn serve(config: Config, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<()> {
    let app = App::open(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {} (is another server there?)", config.listen))?;
    serve_on(listener, app, &config.cors, shutdown).await
}

/// The per-client request rate (`--rate-limit`), before anything else runs.
async fn admit(State(app): State<App>, request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = app.clients.client(peer, request.headers());
    if let Err(refusal) = app.clients.admit(client) {
        let mut response = transport::refuse(&refusal);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    next.run(request).await
}

async fn measure(State(app): State<App>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let metrics = &app.metrics;
    metrics
        .latency
        .with_label_values(&[&route])
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .with_label_values(&[&route, response.status().as_str()])
        .inc();
    response
}

/// Where the indexer stands, also recorded in the metrics' gauges.
async fn indexer_state(app: &App) -> Result<crate::data::Row> {
    let meta = crate::stats::meta(&app.db).await?;
    let number = |key: &str, none: i64| meta.get(key).and_then(serde_json::Value::as_i64).unwrap_or(none);
    app.metrics.lag.set(number("lag", 0));
    app.metrics.head.set(number("indexedHead", -1));
    Ok(meta)
}

async fn health(State(app): State<App>) -> Response {
    match indexer_state(&app).await {
        Ok(meta) => Json(serde_json::json!({ "status": "ok", "database": "ok", "indexer": meta })).into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "error": format!("{e:#}") })),
        )
            .into_response(),
    }
}

async fn metrics(State(app): State<App>) -> Response {
    // The gauges are as fresh as this scrape; without a database they keep their last value.
    let _ = indexer_state(&app).await;
    let mut buffer = Vec::new();
    if let Err(e) = TextEncoder::new().encode(&app.metrics.registry.gather(), &mut buffer) {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], buffer).into_response()
}

/// GraphiQL from the npm packages `cargo xtask setup` installs: no CDN, so it
/// works offline.
async fn graphiql(State(app): State<App>) -> Response {
    if !app.assets.join("graphiql").exists() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Html(format!(
                "<p>GraphiQL is not installed at {}: run <code>cargo xtask setup</code> (npm ci in graphql/web). \
                 The API itself works: POST queries to <code>/graphql</code>.</p>",
                app.assets.display()
            )),
        )
            .into_response();
    }
    Html(GRAPHIQL).into_response()
}

const GRAPHIQL: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>COS GraphQL</title>
<link rel="stylesheet" href="/assets/graphiql/graphiql.min.css">
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id="graphiql">Loading GraphiQL…</div>
<script src="/assets/react/umd/react.production.min.js"></script>
<script src="/assets/react-dom/umd/react-dom.production.min.js"></script>
<script src="/assets/graphql-ws/umd/graphql-ws.min.js"></script>
<script src="/assets/graphiql/graphiql.min.js"></script>
<script>
const ws = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql";
const fetcher = GraphiQL.createFetcher({ url: "/graphql", wsClient: graphqlWs.createClient({ url: ws }) });
const query = `# COS on this chain. Try: the leaderboard of community 0
{
  _meta { indexedHead finalizedHead lag }
  communities(first: 5) {
    totalCount
    nodes {
      contract community members records unlocked
      leaderboard(first: 5, where: { category: { eq: -1 }, period: { eq: "" } }, orderBy: { field: AMOUNT, direction: DESC }) {
        nodes { account amount records }
      }
    }
  }
}
`;
ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, { fetcher, defaultQuery: query }));
</script></body></html>"#;
