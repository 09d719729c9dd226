//! The query's cost, checked before the query is validated or run.
//!
//! **The threat**: validation and execution expand every fragment where it is
//! spread, so a 1 KB document of fragments that each spread the next one twice
//! stands for 2^22 fields: async-graphql's own depth and complexity checks
//! walk all of them (seconds of CPU and a gigabyte of memory) before they
//! refuse it, and the parser recurses once per bracket of a deeply nested
//! query (10,000 levels answer with the parser's error, which echoes the
//! whole query).
//!
//! **The rule**: three steps, each bounded by the limit it checks.
//!
//! 1. [`scan`]: one pass over the text counts nested brackets and tokens
//!    (strings and comments skipped) and stops at the first past
//!    [`Limits::nesting`] or [`Limits::tokens`]; the parser (whose time grows
//!    with tokens and whose recursion with brackets) never sees more.
//! 2. The parser (`async-graphql-parser`), whose errors are shortened to their
//!    position and what was expected ([`syntax_error`]): the query is not
//!    echoed.
//! 3. [`Walk`]: the document's operations walked with fragments expanded in
//!    place, every field (`__typename` and introspection fields included),
//!    spread and inline fragment spending one unit of [`Limits::fields`]; the
//!    walk stops at the first unit past the budget, so it costs at most the
//!    budget whatever the document multiplies to, and a fragment spread
//!    inside itself simply runs out of budget. Field depth is checked on the
//!    way ([`Limits::depth`]), and spreads within spreads are bounded
//!    ([`Limits::nesting`]) so the walk's own recursion is.
//!
//! **The cost**: linear in the text for steps 1 and 2 (bounded by the body
//! limit), at most `fields` steps for step 3.

use crate::limits::{Limits, Refusal};
use async_graphql::parser::{
    parse_query,
    types::{ExecutableDocument, Selection, SelectionSet},
    Positioned,
};

/// Checks `query` against `limits` and returns it parsed.
pub fn check(query: &str, limits: &Limits) -> Result<ExecutableDocument, Refusal> {
    if query.trim().is_empty() {
        return Err(Refusal::bad_request(
            "BAD_REQUEST",
            "the request has no query: send `query` (or a persisted query's hash in `extensions.persistedQuery`)",
        ));
    }
    match scan(query, limits) {
        Scan::Fine => {}
        Scan::TooDeep { line, column } => {
            return Err(Refusal::bad_request(
                "QUERY_NESTED_TOO_DEEP",
                format!(
                    "the query nests brackets more than {} deep (at line {line}, column {column}); ask for less nested data (limit: cos serve --max-nesting)",
                    limits.nesting
                ),
            ))
        }
        Scan::TooLong => {
            return Err(Refusal::bad_request(
                "QUERY_TOO_LARGE",
                format!(
                    "the query has more than {} tokens (names, numbers, strings, punctuation); ask for fewer fields, or pass long lists as variables (limit: cos serve --max-tokens)",
                    limits.tokens
                ),
            ))
        }
    }
    let document = parse_query(query).map_err(|e| syntax_error(&e))?;
    let mut walk = Walk {
        document: &document,
        spent: 0,
        limits,
    };
    for (_, operation) in document.operations.iter() {
        walk.selections(&operation.node.selection_set, 0, 0)?;
    }
    Ok(document)
}

/// What the pass over the text found.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    Fine,
    /// Brackets nest deeper than [`Limits::nesting`] here (from 1).
    TooDeep {
        line: usize,
        column: usize,
    },
    /// More tokens than [`Limits::tokens`].
    TooLong,
}

/// One pass over the text, stopping at the first bracket nested deeper than
/// [`Limits::nesting`] or the first token past [`Limits::tokens`] (the
/// parser's time grows with tokens: this bounds it whatever the body
/// holds). Strings, block strings and comments are one token or none, and
/// brackets in them do not count; commas are not tokens (GraphQL ignores them).
pub fn scan(text: &str, limits: &Limits) -> Scan {
    let bytes = text.as_bytes();
    let (mut depth, mut tokens, mut i, mut line, mut line_start) = (0usize, 0usize, 0usize, 1usize, 0usize);
    let name = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    while i < bytes.len() {
        let b = bytes[i];
        let token = match b {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                false
            }
            b' ' | b'\t' | b'\r' | b',' | 0xEF | 0xBB | 0xBF => false,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    if bytes[i..].starts_with(b"\\\"\"\"") {
                        i += 4;
                        continue;
                    }
                    if bytes[i] == b'\n' {
                        line += 1;
                        line_start = i + 1;
                    }
                    i += 1;
                }
                i += 2;
                true
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                true
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > limits.nesting {
                    return Scan::TooDeep {
                        line,
                        column: i - line_start + 1,
                    };
                }
                true
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                true
            }
            _ if name(b) || b == b'-' => {
                while i + 1 < bytes.len() && (name(bytes[i + 1]) || bytes[i + 1] == b'.') {
                    i += 1;
                }
                true
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                i += 2;
                true
            }
            _ => true,
        };
        if token {
            tokens += 1;
            if tokens > limits.tokens {
                return Scan::TooLong;
            }
        }
        i += 1;
    }
    Scan::Fine
}

/// The parser's error without the echo of the query: where, and what was
/// expected there.
fn syntax_error(error: &async_graphql::parser::Error) -> Refusal {
    /// Longest message kept of the parser's own words.
    const MAX: usize = 200;
    let text = error.to_string();
    // pest writes ` --> 1:5`, the line of the query with a caret, then `= what`.
    let what = text
        .lines()
        .rev()
        .find_map(|line| line.trim_start().strip_prefix("= "))
        .unwrap_or(&text);
    let mut what: String = what.chars().take(MAX).collect();
    if what.len() < text.len() && what.chars().count() == MAX {
        what.push('…');
    }
    let message = match error.positions().next() {
        Some(at) => format!("syntax error at line {}, column {}: {what}", at.line, at.column),
        None => format!("the query is not a GraphQL document: {what}"),
    };
    Refusal::bad_request("GRAPHQL_PARSE_FAILED", message)
}

/// The budgeted walk of step 3.
struct Walk<'a> {
    document: &'a ExecutableDocument,
    spent: usize,
    limits: &'a Limits,
}

impl Walk<'_> {
    fn spend(&mut self) -> Result<(), Refusal> {
        self.spent += 1;
        if self.spent > self.limits.fields {
            return Err(Refusal::bad_request(
                "QUERY_TOO_LARGE",
                format!(
                    "the query asks for more than {} fields once its fragments are expanded (every field, alias, `__typename`, spread and inline fragment counts); ask for fewer (limit: cos serve --max-fields)",
                    self.limits.fields
                ),
            ));
        }
        Ok(())
    }

    /// `depth`: fields above this selection set; `nesting`: fields and
    /// fragments above it (what the walk's recursion is).
    fn selections(&mut self, set: &Positioned<SelectionSet>, depth: usize, nesting: usize) -> Result<(), Refusal> {
        if nesting > self.limits.nesting {
            return Err(Refusal::bad_request(
                "QUERY_NESTED_TOO_DEEP",
                format!(
                    "the query nests fields and fragments more than {} deep; spread fewer fragments within fragments (limit: cos serve --max-nesting)",
                    self.limits.nesting
                ),
            ));
        }
        for item in &set.node.items {
            self.spend()?;
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    for _ in &field.directives {
                        self.spend()?;
                    }
                    if !field.selection_set.node.items.is_empty() {
                        if depth + 1 >= self.limits.depth {
                            return Err(Refusal::bad_request(
                                "QUERY_TOO_DEEP",
                                format!(
                                    "the query is nested too deep: at most {} levels of selections (limit: cos serve --max-depth)",
                                    self.limits.depth
                                ),
                            ));
                        }
                        self.selections(&field.selection_set, depth + 1, nesting + 1)?;
                    }
                }
                Selection::FragmentSpread(spread) => {
                    // An unknown fragment is validation's to report.
                    if let Some(fragment) = self.document.fragments.get(&spread.node.fragment_name.node) {
                        self.selections(&fragment.node.selection_set, depth, nesting + 1)?;
                    }
                }
                Selection::InlineFragment(inline) => {
                    self.selections(&inline.node.selection_set, depth, nesting + 1)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    fn refused(query: &str) -> Refusal {
        check(query, &limits()).expect_err("refused")
    }

    /// `query { ...F0 } fragment F0 on Query { ...F1 ...F1 } ...`: 2^n spreads.
    fn bomb(levels: usize) -> String {
        let mut query = String::from("query { ...F0 }\n");
        for i in 0..levels {
            query.push_str(&format!("fragment F{i} on Query {{ ...F{} ...F{} }}\n", i + 1, i + 1));
        }
        query.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
        query
    }

    #[test]
    fn a_fragment_bomb_is_refused_after_at_most_the_budget() {
        let started = std::time::Instant::now();
        let refusal = refused(&bomb(40));
        assert_eq!(refusal.code, "QUERY_TOO_LARGE");
        assert!(refusal.message.contains("more than 1000 fields"), "{refusal}");
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        // A small one passes: 2^3 leaves and 2^4 - 1 spreads.
        check(&bomb(3), &limits()).expect("within the budget");
    }

    #[test]
    fn typename_and_aliases_count() {
        let aliases: String = (0..1_001).map(|i| format!("a{i}: __typename ")).collect();
        assert_eq!(refused(&format!("{{ {aliases} }}")).code, "QUERY_TOO_LARGE");
        let refusal = refused(&format!("{{ {} }}", "__typename ".repeat(1_001)));
        assert!(refusal.message.contains("more than 1000 fields"), "{refusal}");
        check(&format!("{{ {} }}", "__typename ".repeat(999)), &limits()).expect("999 fields pass");
        let aliases: String = (0..800).map(|i| format!("a{i}: __typename ")).collect();
        check(&format!("{{ {aliases} }}"), &limits()).expect("800 aliases pass");
    }

    #[test]
    fn a_fragment_spread_in_itself_runs_out_of_budget_or_nesting() {
        let refusal = refused("query { ...A } fragment A on Query { __typename ...A }");
        assert!(
            matches!(refusal.code, "QUERY_TOO_LARGE" | "QUERY_NESTED_TOO_DEEP"),
            "{refusal:?}"
        );
    }

    #[test]
    fn deep_selections_are_refused_by_depth() {
        let mut query = String::from("{ a ");
        for _ in 0..25 {
            query.push_str("{ a ");
        }
        query.push_str(&"}".repeat(26));
        assert_eq!(refused(&query).code, "QUERY_TOO_DEEP");
    }

    #[test]
    fn brackets_nested_past_the_limit_never_reach_the_parser() {
        let deep = format!("{}{}", "{ a ".repeat(100_000), "}".repeat(100_000));
        let refusal = refused(&deep);
        assert_eq!(refusal.code, "QUERY_NESTED_TOO_DEEP");
        assert!(refusal.message.len() < 300, "the query is not echoed: {refusal}");
        let list = format!("{{ a(x: {}1{}) }}", "[".repeat(70), "]".repeat(70));
        assert_eq!(refused(&list).code, "QUERY_NESTED_TOO_DEEP");
    }

    fn nesting(text: &str, limit: usize) -> Scan {
        scan(
            text,
            &Limits {
                nesting: limit,
                ..Limits::default()
            },
        )
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert_eq!(nesting(&format!("{{ a(x: \"{}\") }}", "{".repeat(100)), 3), Scan::Fine);
        assert_eq!(nesting(&format!("# {}\n{{ a }}", "(".repeat(100)), 3), Scan::Fine);
        assert_eq!(
            nesting(&format!("{{ a(x: \"\"\"{}\"\"\") }}", "[".repeat(100)), 3),
            Scan::Fine
        );
        assert_eq!(nesting("{ a(x: \"\\\"{{{{\") }", 3), Scan::Fine);
        assert_eq!(
            nesting("{\n  a { b { c } }\n}", 2),
            Scan::TooDeep { line: 2, column: 9 }
        );
    }

    #[test]
    fn tokens_are_counted_before_the_parser_runs() {
        let limits = Limits {
            tokens: 10,
            ..Limits::default()
        };
        // `{`, `a`, `(`, `x`, `:`, `1.5e3`, `)`, `...`, `F`, `}`: ten.
        assert_eq!(scan("{ a(x: 1.5e3), ...F }", &limits), Scan::Fine);
        assert_eq!(scan("{ a(x: 1.5e3), ...F b }", &limits), Scan::TooLong);
        assert_eq!(scan("{ a(x: \"many words, one string\") }", &limits), Scan::Fine);
        let list: String = (0..20_000).map(|i| format!("{i},")).collect();
        let refusal = refused(&format!(
            "{{ transfers(where: {{ block: {{ in: [{list}] }} }}) {{ totalCount }} }}"
        ));
        assert_eq!(refusal.code, "QUERY_TOO_LARGE");
        assert!(refusal.message.contains("--max-tokens"), "{refusal}");
    }

    /// The parser's time at the token limit, for the shapes a body of the
    /// largest size can take (printed; the hostile suite checks the time).
    #[test]
    fn the_parser_at_the_token_limit() {
        let limits = Limits::default();
        let shapes = [
            (
                "aliases",
                (0..limits.tokens / 3)
                    .map(|i| format!("a{i}: __typename "))
                    .collect::<String>(),
            ),
            (
                "long names",
                (0..limits.tokens).map(|i| format!("{}{i} ", "n".repeat(20))).collect(),
            ),
            (
                "numbers",
                format!(
                    "a(x: [{}])",
                    (0..limits.tokens - 8).map(|i| format!("{i},")).collect::<String>()
                ),
            ),
        ];
        for (shape, body) in shapes {
            let query = format!("{{ {body} }}");
            let started = std::time::Instant::now();
            let _ = async_graphql::parser::parse_query(&query);
            println!("{shape}: {} KB parsed in {:?}", query.len() / 1024, started.elapsed());
        }
    }

    #[test]
    fn a_syntax_error_says_where_without_the_query() {
        let long = format!("{{ {} ", "field ".repeat(2_000));
        let refusal = refused(&long);
        assert_eq!(refusal.code, "GRAPHQL_PARSE_FAILED");
        assert!(
            refusal.message.starts_with("syntax error at line 1, column"),
            "{refusal}"
        );
        assert!(refusal.message.len() < 300, "{}", refusal.message.len());
        assert_eq!(refused("   ").code, "BAD_REQUEST");
    }
}
