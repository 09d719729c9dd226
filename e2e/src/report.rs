//! BENCHMARKS.md as a document people write, with generated figures in it:
//! each benchmark binary replaces only what stands between the markers
//! `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, so that the prose
//! around the tables (what a figure means, how it moved and why) stays as
//! written when `cargo xtask bench --write` runs again.

use anyhow::{bail, Context, Result};
use std::path::Path;

fn markers(name: &str) -> (String, String) {
    (format!("<!-- bench:{name} -->"), format!("<!-- /bench:{name} -->"))
}

/// `doc` with the block `name` replaced by `generated`; an error naming the
/// block if its markers are missing, repeated or out of order.
pub fn splice(doc: &str, name: &str, generated: &str) -> Result<String> {
    let (open, close) = markers(name);
    let (Some(start), Some(end)) = (doc.find(&open), doc.find(&close)) else {
        bail!("no `{open}` ... `{close}` block: add both markers where its figures go");
    };
    if doc.matches(&open).count() > 1 || doc.matches(&close).count() > 1 {
        bail!("`{open}` or `{close}` appears more than once");
    }
    if end < start {
        bail!("`{close}` comes before `{open}`");
    }
    let body = generated.trim_matches('\n');
    Ok(format!("{}{open}\n{body}\n{}", &doc[..start], &doc[end..]))
}

/// Replaces the blocks `(name, generated)` of the file at `path` (all or
/// none: nothing is written if one block is missing).
pub fn write_blocks(path: impl AsRef<Path>, blocks: &[(&str, String)]) -> Result<()> {
    let path = path.as_ref();
    let mut doc = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    for (name, generated) in blocks {
        doc = splice(&doc, name, generated).with_context(|| format!("in {}", path.display()))?;
    }
    std::fs::write(path, doc).with_context(|| format!("writing {}", path.display()))?;
    let names: Vec<&str> = blocks.iter().map(|(n, _)| *n).collect();
    eprintln!("wrote {} of {}", names.join(", "), path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Title\n\nProse before.\n\n<!-- bench:a -->\nold table\n<!-- /bench:a -->\n\nProse after.\n";

    #[test]
    fn only_the_block_changes() {
        let doc = splice(DOC, "a", "\n| new | table |\n\n").unwrap();
        assert_eq!(
            doc,
            "# Title\n\nProse before.\n\n<!-- bench:a -->\n| new | table |\n<!-- /bench:a -->\n\nProse after.\n"
        );
        assert_eq!(splice(&doc, "a", "| new | table |").unwrap(), doc, "idempotent");
    }

    #[test]
    fn the_committed_benchmarks_have_every_block_the_binaries_write() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../BENCHMARKS.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let names = [
            "credit",
            "donation_quota",
            "subtoken",
            "funding",
            "governance",
            "revive",
            "indexer",
            "graphql",
        ];
        for name in names {
            let spliced = splice(&doc, name, "x").unwrap_or_else(|e| panic!("{name}: {e:#}"));
            assert!(spliced.len() < doc.len(), "{name}: the block holds its figures");
        }
    }

    #[test]
    fn a_missing_or_broken_block_is_an_error_that_names_it() {
        let missing = splice(DOC, "b", "x").unwrap_err().to_string();
        assert!(missing.contains("<!-- bench:b -->"), "{missing}");
        let reversed = "<!-- /bench:a -->\n<!-- bench:a -->\n";
        assert!(splice(reversed, "a", "x").unwrap_err().to_string().contains("before"));
        let twice = format!("{DOC}{DOC}");
        assert!(splice(&twice, "a", "x")
            .unwrap_err()
            .to_string()
            .contains("more than once"));
    }
}
