//! `cos serve`: the GraphQL API and the explorer over an indexer's database.

use anyhow::Result;
use clap::Args;
use cos_graphql::{limits::Limits, Config};
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The indexer's database: `sqlite:FILE` or `postgres://user@host/db[?schema=NAME]`
    /// (the same URL as `cos index --db`). Several servers may serve one database.
    #[arg(long, env = "COS_DATABASE_URL", default_value = "sqlite:cos.db")]
    pub db: String,
    /// Address to listen on (`0.0.0.0:8080` to serve other machines).
    #[arg(long, env = "COS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Origins allowed to call the API from a browser, comma-separated; `*` for any.
    #[arg(long, env = "COS_CORS", default_value = "*", value_delimiter = ',')]
    pub cors: Vec<String>,
    /// Longest a GraphQL request may take (parsing, checking, validation and
    /// execution; a whole batch), in seconds, before it is stopped with an error.
    #[arg(long, default_value_t = Limits::default().timeout.as_secs())]
    pub timeout_secs: u64,
    /// Deepest nesting of a query's field selections.
    #[arg(long, default_value_t = Limits::default().depth)]
    pub max_depth: usize,
    /// Most fields in one query once its fragments are expanded: every field,
    /// alias, `__typename`, fragment spread and inline fragment counts, and the
    /// count stops at the first past the limit (a fragment bomb costs nothing).
    #[arg(long, alias = "max-complexity", default_value_t = Limits::default().fields)]
    pub max_fields: usize,
    /// Most brackets (`{`, `(`, `[`) nested in a query's text, checked before
    /// the parser sees it; also bounds fragments spread within fragments.
    #[arg(long, default_value_t = Limits::default().nesting)]
    pub max_nesting: usize,
    /// Most tokens (names, numbers, strings, punctuation) in a query's text,
    /// counted before the parser sees it: what bounds the parser's time.
    #[arg(long, default_value_t = Limits::default().tokens)]
    pub max_tokens: usize,
    /// Most rows one query may ask for, summed over its lists (nested lists
    /// once per parent; `totalCount` counts 100, `statistics` 1000); a
    /// subscription's rows per second.
    #[arg(long, default_value_t = Limits::default().rows)]
    pub max_rows: i64,
    /// Largest request body (and WebSocket message) read, in bytes; larger
    /// ones are refused unread (413).
    #[arg(long, default_value_t = Limits::default().body_bytes)]
    pub max_body: usize,
    /// Most queries in one batch (a JSON array of requests, as Apollo's
    /// BatchHttpLink sends); each is checked and budgeted on its own.
    #[arg(long, default_value_t = Limits::default().batch)]
    pub max_batch: usize,
    /// Bytes of query text kept for automatic persisted queries (least
    /// recently used first out).
    #[arg(long, default_value_t = Limits::default().persisted_bytes)]
    pub persisted_bytes: usize,
    /// Seconds a WebSocket may stay open without `connection_init`.
    #[arg(long, default_value_t = Limits::default().ws_init_timeout.as_secs())]
    pub ws_init_timeout: u64,
    /// Operations (subscriptions) running at once on one WebSocket.
    #[arg(long, default_value_t = Limits::default().ws_operations)]
    pub ws_max_operations: usize,
    /// WebSockets open at once, in all.
    #[arg(long, default_value_t = Limits::default().ws_connections)]
    pub ws_max_connections: usize,
    /// WebSockets open at once from one client.
    #[arg(long, default_value_t = Limits::default().ws_connections_per_client)]
    pub ws_max_per_client: usize,
    /// Requests per second one client may send (with bursts of twice that);
    /// past it the answer is 429 with `Retry-After`. Off unless given.
    #[arg(long, env = "COS_RATE_LIMIT")]
    pub rate_limit: Option<u32>,
    /// Behind a reverse proxy: the header that names the client, for the
    /// per-client limits (`x-forwarded-for`: its last address, the one the
    /// proxy appended; or `x-real-ip`). Without it, the peer address is the
    /// client. Set it only behind a proxy that writes the header.
    #[arg(long, env = "COS_CLIENT_HEADER")]
    pub client_header: Option<String>,
    /// Connections to the database.
    #[arg(long, default_value_t = 8)]
    pub connections: u32,
    /// The front-end libraries (GraphiQL, graphql-ws), as `cargo xtask setup` installs them.
    #[arg(long, env = "COS_ASSETS", default_value_os_t = cos_graphql::server::default_assets())]
    pub assets: PathBuf,
}

impl ServeArgs {
    pub fn config(&self) -> Config {
        let mut config = Config::new(self.db.clone(), self.listen);
        config.cors = self.cors.clone();
        config.limits = Limits {
            depth: self.max_depth,
            fields: self.max_fields,
            nesting: self.max_nesting,
            tokens: self.max_tokens,
            rows: self.max_rows,
            body_bytes: self.max_body,
            batch: self.max_batch.max(1),
            timeout: Duration::from_secs(self.timeout_secs.max(1)),
            persisted_bytes: self.persisted_bytes,
            ws_init_timeout: Duration::from_secs(self.ws_init_timeout.max(1)),
            ws_operations: self.ws_max_operations,
            ws_connections: self.ws_max_connections,
            ws_connections_per_client: self.ws_max_per_client,
            rate: self.rate_limit,
            client_header: self.client_header.clone(),
        };
        config.assets = self.assets.clone();
        config.connections = self.connections;
        config
    }
}

pub async fn run(args: ServeArgs) -> Result<()> {
    let config = args.config();
    print_urls(config.listen);
    cos_graphql::serve(config, async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("stopping: finishing the requests in flight");
    })
    .await
}

pub fn print_urls(listen: SocketAddr) {
    let host = if listen.ip().is_unspecified() {
        format!("127.0.0.1:{}", listen.port())
    } else {
        listen.to_string()
    };
    println!("   explorer   http://{host}/");
    println!("   GraphQL    http://{host}/graphql  (POST; subscriptions over WebSocket, graphql-transport-ws)");
    println!("   GraphiQL   http://{host}/graphiql");
    println!("   health     http://{host}/health   metrics http://{host}/metrics");
}
