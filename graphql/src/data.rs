//! Reading the indexer's tables: filters, keyset pagination, counts and
//! batched lookups, for any table of [`crate::tables`]. GraphQL, the explorer
//! and the CSV export all read through here, so they agree on every rule
//! (page sizes, cursors, what a filter accepts).

use crate::{
    accounts,
    tables::{Column, Kind, Table},
};
use anyhow::{anyhow, bail, Context, Result};
use async_graphql::dataloader::Loader;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use cos_indexer::amount;
use sea_orm::{
    sea_query::{
        Alias, Condition, Expr, ExprTrait, Func, Order as SqlOrder, Query, SelectStatement, SimpleExpr,
        Value as SqlValue,
    },
    ConnectionTrait, DatabaseConnection, QueryResult,
};
use serde_json::{Map, Value};
use std::{collections::HashMap, sync::Arc};

/// A row: the table's GraphQL field names to their values (amounts as decimal
/// text, accounts as hex, decoded JSON as JSON).
pub type Row = Map<String, Value>;

/// Rows per page when none is asked for.
pub const DEFAULT_PAGE: u64 = 100;
/// The most rows a page may ask for.
pub const MAX_PAGE: u64 = 1_000;

/// A condition on one column.
#[derive(Clone, Debug)]
pub enum Op {
    Eq(Value),
    Ne(Value),
    In(Vec<Value>),
    Gt(Value),
    Gte(Value),
    Lt(Value),
    Lte(Value),
    IsNull(bool),
}

/// What rows to read: conditions on columns, all of which must hold, and
/// optionally an account that any account column of the row must equal.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub conditions: Vec<(String, Op)>,
    pub account: Option<String>,
}

impl Filter {
    pub fn eq(mut self, column: &str, value: impl Into<Value>) -> Self {
        self.conditions.push((column.to_string(), Op::Eq(value.into())));
        self
    }
}

/// The order of a list: one column, ascending or descending; ties are broken
/// by the primary key in the same direction, so the order is total and a
/// cursor names one place in it.
#[derive(Clone, Debug, Default)]
pub struct Order {
    /// `None`: the primary key.
    pub column: Option<String>,
    pub desc: bool,
}

/// Which page: Relay's `first`/`after` (forwards) or `last`/`before` (backwards).
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i64>,
    pub after: Option<String>,
    pub last: Option<i64>,
    pub before: Option<String>,
}

/// A page of rows, each with its cursor.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub rows: Vec<Row>,
    pub cursors: Vec<String>,
    pub has_next: bool,
    pub has_previous: bool,
}

/// The database and the tables in it.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    tables: Arc<Vec<Table>>,
}

/// The columns a list is ordered by: `(column index, descending)`.
type Keyset = Vec<(usize, bool)>;

impl Db {
    pub fn new(conn: DatabaseConnection) -> Self {
        Self {
            conn,
            tables: Arc::new(crate::tables::all()),
        }
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    pub fn table(&self, name: &str) -> Result<&Table> {
        self.tables
            .iter()
            .find(|t| t.name == name || t.plural == name)
            .ok_or_else(|| anyhow!("no table {name:?}"))
    }

    /// One page of `table` under `filter` in `order`.
    pub async fn page(&self, table: &str, filter: &Filter, order: &Order, args: &PageArgs) -> Result<Page> {
        let table = self.table(table)?;
        let (backwards, size, cursor) = match (args.first, args.last) {
            (Some(_), Some(_)) => bail!("give `first` or `last`, not both"),
            (_, Some(last)) => (true, page_size(last, "last")?, args.before.as_deref()),
            (first, None) => {
                if args.before.is_some() {
                    bail!("`before` goes with `last`");
                }
                (
                    false,
                    page_size(first.unwrap_or(DEFAULT_PAGE as i64), "first")?,
                    args.after.as_deref(),
                )
            }
        };
        if backwards && args.after.is_some() {
            bail!("`after` goes with `first`");
        }
        let keyset = keyset(table, order)?;
        let mut query = select(table);
        query.cond_where(condition(table, filter)?);
        if let Some(cursor) = cursor {
            query.and_where(after_cursor(table, &keyset, cursor, backwards)?.into());
        }
        for (column, desc) in &keyset {
            let ascending = *desc == backwards;
            let direction = if ascending { SqlOrder::Asc } else { SqlOrder::Desc };
            query.order_by(Alias::new(table.columns[*column].name), direction);
        }
        query.limit(size + 1);
        let results = self
            .conn
            .query_all(&query)
            .await
            .with_context(|| format!("reading {}", table.name))?;
        let more = results.len() as u64 > size;
        let mut rows = Vec::with_capacity(results.len().min(size as usize));
        let mut cursors = Vec::with_capacity(rows.capacity());
        for result in results.iter().take(size as usize) {
            let (row, raw) = decode(table, result)?;
            cursors.push(encode_cursor(table, &keyset, &raw));
            rows.push(row);
        }
        if backwards {
            rows.reverse();
            cursors.reverse();
        }
        let (has_next, has_previous) = if backwards {
            (cursor.is_some(), more)
        } else {
            (more, cursor.is_some())
        };
        Ok(Page {
            rows,
            cursors,
            has_next,
            has_previous,
        })
    }

    /// How many rows of `table` match `filter`.
    pub async fn count(&self, table: &str, filter: &Filter) -> Result<i64> {
        let table = self.table(table)?;
        let mut query = Query::select();
        query
            .expr_as(Func::count(Expr::cust("*")), Alias::new("n"))
            .from(Alias::new(table.name))
            .cond_where(condition(table, filter)?);
        let row = self
            .conn
            .query_one(&query)
            .await
            .with_context(|| format!("counting {}", table.name))?;
        row.map_or(Ok(0), |r| r.try_get::<i64>("", "n").map_err(Into::into))
    }

    /// The row of `table` with primary key `key` (values in key order).
    pub async fn by_key(&self, table: &str, key: &[Value]) -> Result<Option<Row>> {
        let t = self.table(table)?;
        if key.len() != t.key.len() {
            bail!("{} is keyed by {} values", t.name, t.key.len());
        }
        let mut filter = Filter::default();
        for (index, value) in t.key.iter().zip(key) {
            filter = filter.eq(t.columns[*index].name, value.clone());
        }
        let args = PageArgs {
            first: Some(1),
            ..PageArgs::default()
        };
        Ok(self
            .page(table, &filter, &Order::default(), &args)
            .await?
            .rows
            .into_iter()
            .next())
    }

    /// Every row of `table` matching `filter`, with no pagination: for small
    /// sets the caller knows to be bounded (a community's managers, the days of
    /// a chart), read at most `limit` rows.
    pub async fn all(&self, table: &str, filter: &Filter, order: &Order, limit: u64) -> Result<Vec<Row>> {
        let table = self.table(table)?;
        let mut query = select(table);
        query.cond_where(condition(table, filter)?);
        for (column, desc) in keyset(table, order)? {
            query.order_by(
                Alias::new(table.columns[column].name),
                if desc { SqlOrder::Desc } else { SqlOrder::Asc },
            );
        }
        query.limit(limit);
        let results = self
            .conn
            .query_all(&query)
            .await
            .with_context(|| format!("reading {}", table.name))?;
        results.iter().map(|r| decode(table, r).map(|(row, _)| row)).collect()
    }

    /// A number from one SQL statement (a statistic).
    pub async fn scalar(&self, query: &SelectStatement) -> Result<i64> {
        let row = self.conn.query_one(query).await.context("reading a statistic")?;
        Ok(row
            .map(|r| r.try_get_by_index::<Option<i64>>(0))
            .transpose()?
            .flatten()
            .unwrap_or(0))
    }
}

/// `first` or `last`, checked: not negative, at most [`MAX_PAGE`].
pub fn page_size(n: i64, name: &str) -> Result<u64> {
    if n < 0 {
        bail!("`{name}` must not be negative");
    }
    if n as u64 > MAX_PAGE {
        bail!("`{name}: {n}` is more than {MAX_PAGE} rows; page through with `after`/`before` and the cursors");
    }
    Ok(n as u64)
}

fn select(table: &Table) -> SelectStatement {
    let mut query = Query::select();
    query.from(Alias::new(table.name));
    for column in &table.columns {
        query.column(Alias::new(column.name));
    }
    query
}

fn keyset(table: &Table, order: &Order) -> Result<Keyset> {
    let mut keyset: Keyset = Vec::with_capacity(table.key.len() + 1);
    if let Some(name) = &order.column {
        let (index, column) = table
            .column(name)
            .ok_or_else(|| anyhow!("{} has no column {name:?} to order by", table.type_name))?;
        if column.nullable || column.kind == Kind::Json {
            bail!(
                "{}.{} cannot order a list (it may be empty)",
                table.type_name,
                column.field
            );
        }
        keyset.push((index, order.desc));
    }
    for index in &table.key {
        if !keyset.iter().any(|(k, _)| k == index) {
            keyset.push((*index, order.desc));
        }
    }
    Ok(keyset)
}

/// A value given for `column` (a filter, a key, a cursor) as the database stores it.
pub fn to_sql(column: &Column, value: &Value) -> Result<SqlValue> {
    let wrong = || anyhow!("`{}` takes {}, not {value}", column.field, kind_name(column.kind));
    Ok(match column.kind {
        Kind::Int => {
            let n = match value {
                Value::Number(n) => n.as_i64().ok_or_else(wrong)?,
                Value::String(s) => s.trim().parse().map_err(|_| wrong())?,
                _ => return Err(wrong()),
            };
            if column.small {
                SqlValue::Int(Some(i32::try_from(n).map_err(|_| wrong())?))
            } else {
                SqlValue::BigInt(Some(n))
            }
        }
        Kind::Bool => SqlValue::Bool(Some(match value {
            Value::Bool(b) => *b,
            Value::String(s) if s == "true" => true,
            Value::String(s) if s == "false" => false,
            _ => return Err(wrong()),
        })),
        Kind::Text => SqlValue::String(Some(value.as_str().ok_or_else(wrong)?.to_string())),
        Kind::Account => {
            let text = value.as_str().ok_or_else(wrong)?;
            SqlValue::String(Some(
                accounts::parse(text).with_context(|| format!("`{}`", column.field))?,
            ))
        }
        Kind::Amount => {
            let n: u128 = match value {
                Value::Number(n) => n.as_u64().ok_or_else(wrong)?.into(),
                Value::String(s) => s.trim().parse().map_err(|_| {
                    anyhow!(
                        "`{}` takes an amount in base units (0 to 2^128-1), not {value}",
                        column.field
                    )
                })?,
                _ => return Err(wrong()),
            };
            SqlValue::String(Some(amount::to_db(n)))
        }
        Kind::Json => bail!("`{}` (JSON) cannot be filtered on", column.field),
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "an integer",
        Kind::Bool => "true or false",
        Kind::Text => "text",
        Kind::Account => "an account (hex or SS58)",
        Kind::Amount => "an amount in base units, as text",
        Kind::Json => "JSON",
    }
}

fn condition(table: &Table, filter: &Filter) -> Result<Condition> {
    let mut all = Condition::all();
    for (name, op) in &filter.conditions {
        let (_, column) = table
            .column(name)
            .ok_or_else(|| anyhow!("{} has no column {name:?}", table.type_name))?;
        let col = Expr::col(Alias::new(column.name));
        let value = |v: &Value| to_sql(column, v);
        let expr: SimpleExpr = match op {
            Op::Eq(v) => col.eq(value(v)?),
            Op::Ne(v) => col.ne(value(v)?),
            Op::In(values) => {
                if values.len() as u64 > MAX_PAGE {
                    bail!("`{}: {{in: [...]}}` takes at most {MAX_PAGE} values", column.field);
                }
                col.is_in(values.iter().map(value).collect::<Result<Vec<_>>>()?)
            }
            Op::Gt(v) => col.gt(value(v)?),
            Op::Gte(v) => col.gte(value(v)?),
            Op::Lt(v) => col.lt(value(v)?),
            Op::Lte(v) => col.lte(value(v)?),
            Op::IsNull(true) => col.is_null(),
            Op::IsNull(false) => col.is_not_null(),
        };
        all = all.add(expr);
    }
    if let Some(account) = &filter.account {
        let hex = accounts::parse(account).context("`involves`")?;
        let mut any = Condition::any();
        let mut columns = 0;
        for column in table.account_columns() {
            any = any.add(Expr::col(Alias::new(column.name)).eq(hex.clone()));
            columns += 1;
        }
        if columns == 0 {
            bail!("{} has no account to filter by", table.type_name);
        }
        all = all.add(any);
    }
    Ok(all)
}

/// The rows after (or, going backwards, before) `cursor` in `keyset` order:
/// `(a, b, c) > (x, y, z)` spelled out, as SQLite and PostgreSQL both index it.
fn after_cursor(table: &Table, keyset: &Keyset, cursor: &str, backwards: bool) -> Result<Condition> {
    let values = decode_cursor(table, keyset, cursor)?;
    let mut any = Condition::any();
    for i in 0..keyset.len() {
        let mut all = Condition::all();
        for (j, value) in values.iter().enumerate().take(i) {
            all = all.add(Expr::col(Alias::new(table.columns[keyset[j].0].name)).eq(value.clone()));
        }
        let (column, desc) = keyset[i];
        let col = Expr::col(Alias::new(table.columns[column].name));
        let value = values[i].clone();
        all = all.add(if desc != backwards {
            col.lt(value)
        } else {
            col.gt(value)
        });
        any = any.add(all);
    }
    Ok(any)
}

/// A cursor: the keyset's columns and values, as base64url JSON. Opaque to
/// clients; it names a place in one order, so it stays valid as rows are added.
fn encode_cursor(table: &Table, keyset: &Keyset, raw: &[Value]) -> String {
    let mut parts = Vec::with_capacity(keyset.len() * 2);
    for (column, desc) in keyset {
        parts.push(Value::String(format!(
            "{}{}",
            if *desc { "-" } else { "+" },
            table.columns[*column].name
        )));
        parts.push(raw[*column].clone());
    }
    URL_SAFE_NO_PAD.encode(Value::Array(parts).to_string())
}

fn decode_cursor(table: &Table, keyset: &Keyset, cursor: &str) -> Result<Vec<SqlValue>> {
    let invalid = || anyhow!("invalid cursor {cursor:?}: use a cursor this list returned, with the same `orderBy`");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let parts: Vec<Value> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if parts.len() != keyset.len() * 2 {
        return Err(invalid());
    }
    let mut values = Vec::with_capacity(keyset.len());
    for ((column, desc), pair) in keyset.iter().zip(parts.chunks(2)) {
        let col = &table.columns[*column];
        let expected = format!("{}{}", if *desc { "-" } else { "+" }, col.name);
        if pair[0].as_str() != Some(expected.as_str()) {
            return Err(invalid());
        }
        values.push(raw_to_sql(col, &pair[1]).map_err(|_| invalid())?);
    }
    Ok(values)
}

/// A stored value (as in a cursor) back into SQL.
fn raw_to_sql(column: &Column, raw: &Value) -> Result<SqlValue> {
    match column.kind {
        Kind::Amount => {
            let text = raw.as_str().ok_or_else(|| anyhow!("not text"))?;
            amount::from_db(text)?;
            Ok(SqlValue::String(Some(text.to_string())))
        }
        _ => to_sql(column, raw),
    }
}

/// A result row as served (`Row`) and as stored (for cursors).
fn decode(table: &Table, result: &QueryResult) -> Result<(Row, Vec<Value>)> {
    let mut row = Map::with_capacity(table.columns.len());
    let mut raw = Vec::with_capacity(table.columns.len());
    for column in &table.columns {
        let name = column.name;
        let stored: Value = match column.kind {
            Kind::Int if column.small => result
                .try_get::<Option<i32>>("", name)?
                .map_or(Value::Null, Value::from),
            Kind::Int => result
                .try_get::<Option<i64>>("", name)?
                .map_or(Value::Null, Value::from),
            Kind::Bool => result
                .try_get::<Option<bool>>("", name)?
                .map_or(Value::Null, Value::from),
            _ => result
                .try_get::<Option<String>>("", name)?
                .map_or(Value::Null, Value::from),
        };
        let served = match (&stored, column.kind) {
            (Value::String(s), Kind::Amount) => Value::String(amount::from_db(s)?.to_string()),
            (Value::String(s), Kind::Json) => serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone())),
            _ => stored.clone(),
        };
        row.insert(column.field.clone(), served);
        raw.push(stored);
    }
    Ok((row, raw))
}

/// A batched lookup: the rows of `table` whose `columns` equal `values`
/// (`DataLoader` gathers the lookups of one query into one statement per table).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lookup {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub values: Vec<LookupValue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LookupValue {
    Int(i64),
    Text(String),
}

impl LookupValue {
    pub fn of(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_i64().map(Self::Int),
            Value::String(s) => Some(Self::Text(s.clone())),
            _ => None,
        }
    }

    fn json(&self) -> Value {
        match self {
            Self::Int(n) => Value::from(*n),
            Self::Text(s) => Value::from(s.clone()),
        }
    }
}

/// Lookups per statement (bind parameters stay far below both databases' limits).
const LOOKUP_CHUNK: usize = 500;

impl Loader<Lookup> for Db {
    type Value = Arc<Vec<Row>>;
    type Error = Arc<anyhow::Error>;

    async fn load(&self, keys: &[Lookup]) -> Result<HashMap<Lookup, Self::Value>, Self::Error> {
        let mut groups: HashMap<(&'static str, &'static [&'static str]), Vec<&Lookup>> = HashMap::new();
        for key in keys {
            groups.entry((key.table, key.columns)).or_default().push(key);
        }
        let mut found: HashMap<Lookup, Vec<Row>> = HashMap::new();
        for ((table_name, columns), lookups) in groups {
            let table = self.table(table_name).map_err(Arc::new)?;
            let fields: Vec<String> = columns
                .iter()
                .map(|c| {
                    table
                        .column(c)
                        .map(|(_, col)| col.field.clone())
                        .ok_or_else(|| anyhow!("no column {c}"))
                })
                .collect::<Result<_>>()
                .map_err(Arc::new)?;
            for chunk in lookups.chunks(LOOKUP_CHUNK) {
                let mut any = Condition::any();
                for lookup in chunk {
                    let mut all = Condition::all();
                    for (column, value) in columns.iter().zip(&lookup.values) {
                        let (_, col) = table
                            .column(column)
                            .ok_or_else(|| Arc::new(anyhow!("no column {column}")))?;
                        let value = to_sql(col, &value.json()).map_err(Arc::new)?;
                        all = all.add(Expr::col(Alias::new(col.name)).eq(value));
                    }
                    any = any.add(all);
                }
                let mut query = select(table);
                query.cond_where(any);
                let results = self
                    .conn
                    .query_all(&query)
                    .await
                    .map_err(|e| Arc::new(anyhow!("looking up {table_name}: {e}")))?;
                for result in &results {
                    let (row, _) = decode(table, result).map_err(Arc::new)?;
                    let values = fields
                        .iter()
                        .filter_map(|f| row.get(f).and_then(LookupValue::of))
                        .collect();
                    let key = Lookup {
                        table: table_name,
                        columns,
                        values,
                    };
                    found.entry(key).or_default().push(row);
                }
            }
        }
        Ok(keys
            .iter()
            .map(|k| (k.clone(), Arc::new(found.remove(k).unwrap_or_default())))
            .collect())
    }
}
