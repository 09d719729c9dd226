//! The web explorer: pages rendered on the server (maud), readable with no
//! JavaScript; charts and the quota flow are SVG drawn here; the home page
//! follows new blocks over the GraphQL subscription when scripts run. Every
//! list is a table of [`crate::data`] with cursors and a CSV export.

mod charts;
mod funding;
mod governance;
mod pages;
mod subtoken;
mod units;

use crate::{
    accounts,
    data::{Filter, Op, Order, PageArgs, Row},
    server::App,
};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde_json::Value;
use std::collections::BTreeMap;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(search))
        .route("/account/{address}", get(pages::account))
        .route("/contract/{address}", get(pages::contract))
        .route("/token/{address}", get(pages::contract))
        .route("/subtoken/{address}", get(pages::contract))
        .route("/community/{contract}/{id}", get(pages::community))
        .route("/campaign/{contract}/{id}", get(funding::campaign))
        .route("/bounty/{contract}/{id}", get(funding::bounty))
        .route("/campaigns", get(funding::campaigns))
        .route("/proposal/{contract}/{id}", get(governance::proposal))
        .route("/poll/{contract}/{id}", get(governance::poll))
        .route("/decisions", get(governance::decisions))
        .route("/bounties", get(funding::bounties))
        .route("/record/{contract}/{id}", get(pages::record))
        .route("/block/{number}", get(pages::block))
        .route("/tx/{block}/{extrinsic}", get(pages::transaction))
        .route("/list/{table}", get(list))
        .route("/csv/{table}", get(csv))
        .route("/style.css", get(style))
}

/// An error page (or a plain "not found").
#[derive(Debug)]
pub struct Failure(StatusCode, String);

impl Failure {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self(StatusCode::NOT_FOUND, what.into())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Self(StatusCode::BAD_REQUEST, format!("{e:#}"))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let title = if self.0 == StatusCode::NOT_FOUND {
            "Not found"
        } else {
            "Cannot show this"
        };
        (
            self.0,
            layout(
                title,
                html! { h1 { (title) } p.error { (self.1) } p { a href="/" { "Home" } } },
            ),
        )
            .into_response()
    }
}

pub type Page = Result<Html<String>, Failure>;

/// The frame of every page.
pub fn layout(title: &str, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · COS explorer" }
                    link rel="stylesheet" href="/style.css";
                }
                body {
                    header {
                        a.brand href="/" { "COS explorer" }
                        nav {
                            a href="/list/communities" { "Communities" }
                            a href="/list/tokens" { "Tokens" }
                            a href="/list/subtokens" { "Sub-tokens" }
                            a href="/campaigns" { "Campaigns" }
                            a href="/bounties" { "Bounties" }
                            a href="/decisions" { "Decisions" }
                            a href="/list/records?order=block&desc=1" { "Records" }
                            a href="/list/transfers?order=block&desc=1" { "Transfers" }
                            a href="/list/blocks?desc=1" { "Blocks" }
                            a href="/graphiql" { "GraphQL" }
                        }
                        form action="/search" method="get" role="search" {
                            input type="search" name="q" placeholder="Account, contract, block, tx (block-index), record" aria-label="Search";
                            button type="submit" { "Search" }
                        }
                    }
                    main { (body) }
                }
            }
        }
        .into_string(),
    )
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css")], STYLE).into_response()
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{display:flex;flex-wrap:wrap;gap:1em;align-items:center;padding:.6em 1.2em;background:#12355b;color:#fff}
header a{color:#fff;text-decoration:none;margin-right:.9em}.brand{font-weight:700;font-size:1.15em}
header form{margin-left:auto;display:flex;gap:.3em}header input{width:24em;padding:.35em}
main{max-width:1150px;margin:0 auto;padding:1em 1.2em}
h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.15em;margin:1.4em 0 .4em}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92em}
th,td{padding:.35em .55em;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.6em}
.card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.6em .8em}
.card b{display:block;font-size:1.25em}.card span{color:#5b6675;font-size:.85em}
.mono{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
.pager{margin:.6em 0;display:flex;gap:1em}.error{color:#a01c1c}
.tree ul{margin:.2em 0 .2em 1.2em;padding:0}.tree li{list-style:none;margin:.15em 0}
.tag{display:inline-block;padding:0 .4em;border-radius:4px;background:#e7edf5;font-size:.8em}
svg text{font:11px system-ui,sans-serif;fill:#1d2430}
.progress{background:#e3e6ea;border-radius:4px;height:.7em;margin:.5em 0}.progress div{background:#2c7a4b;height:100%;border-radius:4px}
.tally{position:relative;display:flex;background:#e3e6ea;border-radius:4px;height:1.1em;margin:.5em 0;overflow:visible}
.tally .yes,.legend .yes{background:#2c7a4b;color:#2c7a4b}.tally .no,.legend .no{background:#a01c1c;color:#a01c1c}
.tally .abstain,.legend .abstain{background:#8a94a3;color:#8a94a3}.legend span{background:none!important}
.tally .quorum{position:absolute;top:-.25em;bottom:-.25em;width:2px;background:#12355b}
.timeline li{margin:.2em 0}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1em}@media(max-width:800px){.grid2{grid-template-columns:1fr}}
";

/// `1234.5 COS` from base units (8 decimals), digits grouped.
pub fn cos(base_units: &str) -> String {
    units(base_units, 8, "COS")
}

/// `1,234.5 SYMBOL` from base units with `decimals` decimals, digits grouped
/// (the text as it is if it is not a number).
pub fn units(base_units: &str, decimals: u32, symbol: &str) -> String {
    let Ok(value) = base_units.parse::<u128>() else {
        return base_units.to_string();
    };
    let one = 10u128.checked_pow(decimals).unwrap_or(1);
    let (whole, fraction) = (value / one, value % one);
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    if fraction > 0 {
        let f = format!("{fraction:0width$}", width = decimals as usize);
        grouped = format!("{grouped}.{}", f.trim_end_matches('0'));
    }
    format!("{grouped} {symbol}")
}

/// A link to an account's (or contract's) page, shown in SS58 shortened.
pub fn account_link(hex: &str) -> Markup {
    let shown = accounts::ss58(hex).map_or_else(|| hex.to_string(), |s| format!("{}…{}", &s[..8], &s[s.len() - 6..]));
    html! { a.mono href={ "/account/" (hex) } title=(hex) { (shown) } }
}

pub fn text<'a>(row: &'a Row, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

pub fn int(row: &Row, key: &str) -> i64 {
    row.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// `2026-11-21 13:45:10 UTC` from milliseconds.
pub fn time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map_or_else(|| ms.to_string(), |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// A cell of a generic table: links for accounts, blocks and communities,
/// amounts in COS, or in a sub-token's units where they count its units.
fn cell(table: &crate::tables::Table, column: &crate::tables::Column, row: &Row, subtokens: &units::Units) -> Markup {
    use crate::tables::Kind;
    let value = row.get(&column.field).unwrap_or(&Value::Null);
    match (column.kind, value) {
        (_, Value::Null) => html! { td { "—" } },
        (Kind::Account, Value::String(s)) if column.name == "token" && subtokens.is_subtoken(s) => {
            html! { td { a href={ "/subtoken/" (s) } title=(s) { (subtokens.symbol(s)) } } }
        }
        (Kind::Amount, Value::String(s)) if subtokens.counts_votes(table, column, row) => {
            html! { td.num { (units::votes(s)) } }
        }
        (Kind::Amount, Value::String(s)) if subtokens.counts_units(table, column, row) => {
            html! { td.num title={ (s) " base units" } { (subtokens.format(row, s)) } }
        }
        (Kind::Account, Value::String(s))
            if column.name == "contract"
                || column.name == "token"
                || column.name == "address" && table.name == "contracts" =>
        {
            html! { td { a.mono href={ "/contract/" (s) } title=(s) { (crate::search::short(s)) } } }
        }
        (Kind::Account, Value::String(s)) if s.is_empty() => html! { td { "pool" } },
        (Kind::Account, Value::String(s)) => html! { td { (account_link(s)) } },
        (Kind::Amount, Value::String(s)) => html! { td.num title={ (s) " base units" } { (cos(s)) } },
        (Kind::Int, Value::Number(n))
            if column.name == "block" || column.name == "number" || column.name == "first_block" =>
        {
            html! { td.num { a href={ "/block/" (n) } { (n) } } }
        }
        (Kind::Time, Value::Number(n)) => html! { td { (time(n.as_i64().unwrap_or(0))) } },
        (Kind::BigInt, Value::Number(n)) if column.name == "id" && table.name == "records" => {
            html! { td.num { a href={ "/record/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n)) if column.name == "id" && table.name == "campaigns" => {
            html! { td.num { a href={ "/campaign/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n)) if column.name == "campaign" => {
            html! { td.num { a href={ "/campaign/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n))
            if (column.name == "id" && table.name == "bounties") || column.name == "bounty" =>
        {
            html! { td.num { a href={ "/bounty/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n))
            if (column.name == "id" && table.name == "proposals")
                || column.name == "proposal"
                || (column.name == "target" && table.name == "proposal_actions") =>
        {
            html! { td.num { a href={ "/proposal/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n)) if (column.name == "id" && table.name == "polls") || column.name == "poll" => {
            html! { td.num { a href={ "/poll/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n))
            if matches!(
                column.name,
                "snapshot"
                    | "joined"
                    | "removed"
                    | "queued_block"
                    | "executed_block"
                    | "accepted_block"
                    | "cancelled_block"
            ) =>
        {
            html! { td.num { a href={ "/block/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n)) if column.name == "community" && table.column("registry").is_some() => {
            html! { td.num { a href={ "/community/" (text(row, "registry")) "/" (n) } { (n) } } }
        }
        (Kind::Int, Value::Number(n)) if column.name == "community" => {
            html! { td.num { a href={ "/community/" (text(row, "contract")) "/" (n) } { (n) } } }
        }
        (Kind::Json, v) => html! { td.mono { (v.to_string()) } },
        (_, Value::String(s)) if s.len() == 64 => html! { td.mono title=(s) { (crate::search::short(s)) } },
        (_, Value::String(s)) => html! { td { (s) } },
        (_, v) => html! { td.num { (v.to_string()) } },
    }
}

/// The query of a list page: filters (`column=value`, `column.gte=value`,
/// `involves=ACCOUNT` for any account column), order
/// (`order=column`, `desc=1`) and page (`first`, `after`, `before`).
pub type Params = BTreeMap<String, String>;

fn parse_params(table: &crate::tables::Table, params: &Params) -> Result<(Filter, Order, PageArgs), Failure> {
    let bad = |message: String| Failure(StatusCode::BAD_REQUEST, message);
    let mut filter = Filter::default();
    let mut order = Order::default();
    let mut page = PageArgs::default();
    let mut size = None;
    for (key, value) in params {
        match key.as_str() {
            "involves" => {
                accounts::parse(value).map_err(|e| bad(format!("filter involves={value}: {e:#}")))?;
                filter.account = Some(value.clone());
            }
            // Which columns a page shows (see `table_section`).
            "columns" => {}
            "order" => {
                match table.column(value) {
                    Some((_, c)) if !c.nullable && c.kind != crate::tables::Kind::Json => {}
                    _ => {
                        return Err(bad(format!(
                            "order={value}: {} cannot be ordered by {value}",
                            table.plural
                        )))
                    }
                }
                order.column = Some(value.clone());
            }
            "desc" => order.desc = value == "1" || value == "true",
            "first" => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| bad(format!("first={value}: `first` is a number of rows")))?;
                crate::data::page_size(n, "first").map_err(|e| bad(format!("first={value}: {e:#}")))?;
                size = Some(n);
            }
            "after" => page.after = Some(value.clone()),
            "before" => page.before = Some(value.clone()),
            _ => {
                let (name, op) = match key.rsplit_once('.') {
                    Some((name, op)) => (name, op),
                    None => (key.as_str(), "eq"),
                };
                let Some((_, column)) = table.column(name) else {
                    return Err(bad(format!(
                        "filter {key}={value}: {} has no column {name}",
                        table.plural
                    )));
                };
                let v = Value::String(value.clone());
                // Checked here, so a bad filter is a 400 page saying which, never a broken stream.
                crate::data::to_sql(column, &v).map_err(|e| bad(format!("filter {key}={value}: {e:#}")))?;
                let op = match op {
                    "gte" => Op::Gte(v),
                    "lte" => Op::Lte(v),
                    "gt" => Op::Gt(v),
                    "lt" => Op::Lt(v),
                    "ne" => Op::Ne(v),
                    "eq" => Op::Eq(v),
                    other => {
                        return Err(bad(format!(
                            "filter {key}={value}: unknown comparison .{other} (use .gt, .gte, .lt, .lte or .ne)"
                        )))
                    }
                };
                filter.conditions.push((name.to_string(), op));
            }
        }
    }
    // A page is `first` rows after `after`, or, going back, the last rows before `before`.
    let size = size.unwrap_or(50);
    if page.before.is_some() && page.after.is_none() {
        page.last = Some(size);
    } else {
        page.first = Some(size);
    }
    Ok((filter, order, page))
}

/// A page of any table, as HTML with links to the next and previous pages
/// and to the CSV of the whole list.
pub async fn table_section(app: &App, table_name: &str, params: &Params, title: &str) -> Result<Markup, Failure> {
    let table = app.db.table(table_name)?.clone();
    let (filter, order, args) = parse_params(&table, params)?;
    let page = app.db.page(table.name, &filter, &order, &args).await?;
    let subtokens = units::Units::load(app, &table).await?;
    let base: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "after" | "before"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let link = |extra: (&str, &str)| {
        let mut q = base.clone();
        q.push((extra.0.to_string(), extra.1.to_string()));
        query_string(&q)
    };
    let csv = query_string(&base.iter().filter(|(k, _)| k != "first").cloned().collect::<Vec<_>>());
    // A column fixed by the filter says the same on every row: the title says it once.
    // `columns=a,b` shows those, in that order.
    let shown: Vec<&crate::tables::Column> = match params.get("columns") {
        Some(list) => list
            .split(',')
            .filter_map(|name| table.column(name.trim()).map(|(_, c)| c))
            .collect(),
        None => table
            .columns
            .iter()
            .filter(|c| !params.contains_key(c.name) && !params.contains_key(&c.field))
            .collect(),
    };
    // Campaigns, bounties, proposals and polls change state with time: a first column says where each stands.
    let head = if matches!(table.name, "campaigns" | "bounties" | "proposals" | "polls") {
        Some(crate::deadlines::head(&app.db).await?)
    } else {
        None
    };
    let state = |row: &Row| -> &'static str {
        let Some(head) = &head else { return "" };
        match table.name {
            "proposals" => crate::decisions::proposal_state(row, head.block),
            "polls" => crate::decisions::poll_state(row, head.block),
            name => crate::deadlines::state(name, row, head).unwrap_or(""),
        }
    };
    Ok(html! {
        section.list data-table=(table.name) {
            h2 { (title) }
            @if page.rows.is_empty() {
                p { "Nothing yet." }
            } @else {
                table {
                    thead { tr { @if head.is_some() { th { "state" } } @for column in &shown { th { (column.field) } } } }
                    tbody { @for row in &page.rows { tr {
                        @if head.is_some() { td { span.tag { (state(row)) } } }
                        @for column in &shown { (cell(&table, column, row, &subtokens)) }
                    } } }
                }
            }
            div.pager {
                @if page.has_previous { @if let Some(c) = page.cursors.first() { a rel="prev" href={ "/list/" (table.name) "?" (link(("before", c))) } { "← previous" } } }
                @if page.has_next { @if let Some(c) = page.cursors.last() { a rel="next" href={ "/list/" (table.name) "?" (link(("after", c))) } { "next →" } } }
                a href={ "/list/" (table.name) "?" (query_string(&base)) } { "full list" }
                a href={ "/csv/" (table.name) "?" (csv) } download { "CSV" }
            }
        }
    })
}

fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn list(State(app): State<App>, Path(table): Path<String>, Query(params): Query<Params>) -> Page {
    let t = app
        .db
        .table(&table)
        .map_err(|_| Failure::not_found(format!("There is no list {table:?}.")))?
        .clone();
    let section = table_section(&app, t.name, &params, &t.plural).await?;
    let filters: Vec<String> = params
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "after" | "before" | "first" | "order" | "desc"))
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    Ok(layout(
        &t.plural,
        html! {
            h1 { (t.plural) }
            p { (t.description) }
            @if !filters.is_empty() { p { "Where " (filters.join(", ")) "." } }
            (section)
        },
    ))
}

/// Rows per CSV export at most.
const CSV_ROWS: usize = 1_000_000;

/// The whole list as CSV, read in pages of 1000 by cursor and streamed.
async fn csv(
    State(app): State<App>,
    Path(table): Path<String>,
    Query(params): Query<Params>,
) -> Result<Response, Failure> {
    let t = app
        .db
        .table(&table)
        .map_err(|_| Failure::not_found(format!("There is no list {table:?}.")))?
        .clone();
    let (filter, order, _) = parse_params(&t, &params)?;
    // Held until the last row is sent.
    let permit = app.exports.clone().try_acquire_owned().map_err(|_| {
        Failure(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "{} CSV exports are running, the most at once; try again in a moment",
                crate::server::EXPORTS
            ),
        )
    })?;
    let header_line = t.columns.iter().map(|c| c.field.as_str()).collect::<Vec<_>>().join(",") + "\n";
    let db = app.db.clone();
    let columns: Vec<String> = t.columns.iter().map(|c| c.field.clone()).collect();
    let name = t.name;
    // The first page is read before the answer starts: an error is a 400
    // page, not a stream cut short after its headers.
    let first = db
        .page(
            name,
            &filter,
            &order,
            &PageArgs {
                first: Some(crate::data::MAX_PAGE as i64),
                ..PageArgs::default()
            },
        )
        .await?;
    let lines = |rows: &[Row], columns: &[String]| {
        let mut chunk = String::new();
        for row in rows {
            let fields: Vec<String> = columns
                .iter()
                .map(|c| csv_field(row.get(c).unwrap_or(&Value::Null)))
                .collect();
            chunk.push_str(&fields.join(","));
            chunk.push('\n');
        }
        chunk
    };
    let head = header_line + &lines(&first.rows, &columns);
    let start = (first.cursors.last().cloned(), first.rows.len(), !first.has_next);
    // (next cursor, rows sent, done)
    let stream = futures::stream::unfold(start, move |(after, sent, done)| {
        let _held = &permit;
        let db = db.clone();
        let filter = filter.clone();
        let order = order.clone();
        let columns = columns.clone();
        async move {
            if done || sent >= CSV_ROWS {
                return None;
            }
            let args = PageArgs {
                first: Some(crate::data::MAX_PAGE as i64),
                after,
                ..PageArgs::default()
            };
            match db.page(name, &filter, &order, &args).await {
                Ok(page) => {
                    let chunk = lines(&page.rows, &columns);
                    let next = page.cursors.last().cloned();
                    let sent = sent + page.rows.len();
                    Some((Ok::<_, std::io::Error>(chunk), (next, sent, !page.has_next)))
                }
                Err(e) => Some((Err(std::io::Error::other(format!("{e:#}"))), (None, sent, true))),
            }
        }
    });
    let body = futures::StreamExt::chain(futures::stream::once(async move { Ok(head) }), stream);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// A CSV cell. Text a spreadsheet would evaluate (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return: OWASP's CSV injection) is prefixed
/// with `'` so that it reads as text; numbers (JSON numbers, and decimal
/// text such as amounts) are left as they are.
fn csv_field(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => {
            let numeric = s.parse::<f64>().is_ok() && s.bytes().all(|b| b.is_ascii_digit() || b"-.".contains(&b));
            if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !numeric {
                format!("'{s}")
            } else {
                s.clone()
            }
        }
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[derive(serde::Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn search(State(app): State<App>, Query(query): Query<SearchQuery>) -> Result<Response, Failure> {
    let hits = crate::search::search(&app.db, &query.q).await?;
    if hits.len() == 1 {
        return Ok(Redirect::to(text(&hits[0], "path")).into_response());
    }
    Ok(layout(
        "Search",
        html! {
            h1 { "Search: " (query.q) }
            @if hits.is_empty() {
                p { "Nothing found for " b { (query.q) } ". Search for an account (hex or SS58), a contract, a block number or hash, a transaction as " code { "block-index" } ", or a record as " code { "contract/id" } "." }
            } @else {
                ul { @for hit in &hits { li { a href=(text(hit, "path")) { (text(hit, "label")) } " " span.tag { (text(hit, "kind")) } } } }
            }
        },
    )
    .into_response())
}

/// A small script that follows new blocks over the GraphQL subscription
/// (`graphql-ws` from npm) and updates the page's head counter.
pub fn live_script() -> Markup {
    html! {
        script src="/assets/graphql-ws/umd/graphql-ws.min.js" {}
        script { (PreEscaped(r##"
if (window.graphqlWs) {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql";
  const client = graphqlWs.createClient({ url });
  client.subscribe({ query: "subscription { blocks { number events timestamp } }" }, {
    next: ({ data }) => {
      const head = document.getElementById("head");
      if (head && data) { head.textContent = "#" + data.blocks.number; head.dataset.live = "1"; }
      const list = document.getElementById("live");
      if (list && data && data.blocks.events > 0) {
        const li = document.createElement("li");
        li.innerHTML = '<a href="/block/' + data.blocks.number + '">block #' + data.blocks.number + '</a>: ' + data.blocks.events + ' COS events';
        list.prepend(li);
      }
    },
    error: () => {}, complete: () => {},
  });
}
"##)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_cells_a_spreadsheet_would_evaluate_read_as_text() {
        assert_eq!(
            csv_field(&json!("=HYPERLINK(\"http://x\")")),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        for formula in ["+1+1", "-1+1", "@SUM(A1)", "\tx"] {
            assert!(csv_field(&json!(formula)).starts_with('\''), "{formula}");
        }
        assert_eq!(csv_field(&json!("-5")), "-5", "a negative number stays a number");
        assert_eq!(csv_field(&json!("1000")), "1000");
        assert_eq!(csv_field(&json!(-3)), "-3");
        assert_eq!(csv_field(&json!("a,b")), "\"a,b\"");
    }

    #[test]
    fn list_parameters_page_both_ways_and_name_a_bad_filter() {
        let tables = crate::tables::all();
        let transfers = tables.iter().find(|t| t.name == "transfers").unwrap();
        let params =
            |pairs: &[(&str, &str)]| -> Params { pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
        let (_, _, page) = parse_params(transfers, &params(&[("first", "10"), ("before", "c")])).unwrap();
        assert_eq!(
            (page.first, page.last, page.before.as_deref()),
            (None, Some(10), Some("c"))
        );
        let (_, _, page) = parse_params(transfers, &params(&[("first", "10"), ("after", "c")])).unwrap();
        assert_eq!((page.first, page.last), (Some(10), None));
        let Err(Failure(status, message)) = parse_params(transfers, &params(&[("amount.gt", "-1")])) else {
            panic!("refused")
        };
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.starts_with("filter amount.gt=-1: "), "{message}");
        assert!(parse_params(transfers, &params(&[("nothing", "1")])).is_err());
        assert!(parse_params(transfers, &params(&[("block.like", "1")])).is_err());
    }
}
