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

    /// One page of `table` under `filter` in `order`, as the Relay cursor
    /// connections spec cuts it: the rows after `after` and before `before`
    /// (both may be given), then the first `first` of them, then the last
    /// `last` of those (`first` and `last` may be given together). With
    /// neither, the first [`DEFAULT_PAGE`].
    ///
    /// `hasNextPage` is exact when `first` is given (a row beyond it was
    /// read) and otherwise says whether `before` was given; `hasPreviousPage`
    /// is exact when `last` is given and otherwise says whether `after` was
    /// (as the spec allows: a cursor names a row that exists).
    pub async fn page(&self, table: &str, filter: &Filter, order: &Order, args: &PageArgs) -> Result<Page> {
        let table = self.table(table)?;
        let first = args.first.map(|n| page_size(n, "first")).transpose()?;
        let last = args.last.map(|n| page_size(n, "last")).transpose()?;
        let (first, last) = match (first, last) {
            (None, None) => (Some(DEFAULT_PAGE), None),
            given => given,
        };
        let keyset = keyset(table, order)?;
        let mut query = select(table);
        query.cond_where(condition(table, filter)?);
        for (cursor, backwards) in [(&args.after, false), (&args.before, true)] {
            if let Some(cursor) = cursor {
                query.and_where(after_cursor(table, &keyset, cursor, backwards)?.into());
            }
        }
        // Forwards from the start of the window when `first` is given (then
        // `last` trims what was read), else backwards from its end.
        let backwards = first.is_none();
        let wanted = std::cmp::max(first.unwrap_or(0), last.unwrap_or(0));
        for (column, desc) in &keyset {
            let ascending = *desc == backwards;
            let direction = if ascending { SqlOrder::Asc } else { SqlOrder::Desc };
            query.order_by(Alias::new(table.columns[*column].name), direction);
        }
        query.limit(wanted + 1);
        let results = self
            .conn
            .query_all(&query)
            .await
            .with_context(|| format!("reading {}", table.name))?;
        // The window's rows as read (in the list's order once reversed), at most `wanted + 1`.
        let read = results.len() as u64;
        let mut rows = Vec::with_capacity(results.len());
        let mut cursors = Vec::with_capacity(results.len());
        for result in &results {
            let (row, raw) = decode(table, result)?;
            cursors.push(encode_cursor(table, &keyset, &raw));
            rows.push(row);
        }
        if backwards {
            rows.reverse();
            cursors.reverse();
        }
        let (has_next, has_previous) = match first {
            Some(f) => {
                let has_next = read > f;
                rows.truncate(f as usize);
                cursors.truncate(f as usize);
                // More than `last` rows in the window: the spec's hasPreviousPage.
                let has_previous = match last {
                    Some(l) => read > l,
                    None => args.after.is_some(),
                };
                if let Some(l) = last {
                    let drop = rows.len().saturating_sub(l as usize);
                    rows.drain(..drop);
                    cursors.drain(..drop);
                }
                (has_next, has_previous)
            }
            None => {
                let l = last.unwrap_or(DEFAULT_PAGE);
                let has_previous = read > l;
                let drop = rows.len().saturating_sub(l as usize);
                rows.drain(..drop);
                cursors.drain(..drop);
                (args.before.is_some(), has_previous)
            }
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
        Kind::Time => SqlValue::BigInt(Some(
            crate::scalars::parse_timestamp(value).with_context(|| format!("`{}`", column.field))?,
        )),
        Kind::BigInt => SqlValue::BigInt(Some(
            crate::scalars::parse_big_int(value).with_context(|| format!("`{}`", column.field))?,
        )),
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
            let n = crate::scalars::parse_amount(value).with_context(|| format!("`{}`", column.field))?;
            SqlValue::String(Some(amount::to_db(n)))
        }
        Kind::Json => bail!("`{}` (JSON) cannot be filtered on", column.field),
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "an integer",
        Kind::Time => "a time",
        Kind::BigInt => "an integer",
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

/// A cursor: the list's table, the keyset's columns and values, as
/// base64url JSON. Opaque to clients; it names a place in one order of one
/// list, so it stays valid as rows are added, and another list's cursor is
/// refused even where the key columns are alike (`events` and `transfers`).
fn encode_cursor(table: &Table, keyset: &Keyset, raw: &[Value]) -> String {
    let mut parts = Vec::with_capacity(keyset.len() * 2 + 1);
    parts.push(Value::String(table.name.to_string()));
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
    let shown: String = cursor.chars().take(80).collect();
    let invalid = || anyhow!("invalid cursor {shown:?}: use a cursor this list returned, with the same `orderBy`");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let parts: Vec<Value> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    let Some((list, parts)) = parts.split_first() else {
        return Err(invalid());
    };
    if let Some(other) = list.as_str().filter(|name| *name != table.name) {
        bail!(
            "this cursor is of another list ({other}), not of {}: use a cursor this list returned",
            table.plural
        );
    }
    if list.as_str().is_none() || parts.len() != keyset.len() * 2 {
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
            Kind::Int | Kind::Time | Kind::BigInt => result
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
