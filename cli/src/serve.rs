//! `cos serve`: the GraphQL API and the explorer over an indexer's database.

use anyhow::Result;
use clap::Args;
use cos_graphql::{schema::Limits, Config};
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
    /// Longest a GraphQL query may run, in seconds, before it is stopped with an error.
    #[arg(long, default_value_t = 10)]
    pub timeout_secs: u64,
    /// Deepest nesting of a query's selections.
    #[arg(long, default_value_t = Limits::default().depth)]
    pub max_depth: usize,
    /// Most fields in one query.
    #[arg(long, default_value_t = Limits::default().complexity)]
    pub max_complexity: usize,
    /// Most rows one query may ask for, summed over its lists (nested lists once per parent).
    #[arg(long, default_value_t = Limits::default().rows)]
    pub max_rows: i64,
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
        config.timeout = Duration::from_secs(self.timeout_secs.max(1));
        config.limits = Limits {
            depth: self.max_depth,
            complexity: self.max_complexity,
            rows: self.max_rows,
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
