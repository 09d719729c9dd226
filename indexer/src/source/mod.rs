//! Block sources behind one trait: a node over subxt ([`node::NodeSource`]),
//! blocks held in memory ([`MemorySource`]: drink's in-process chain records
//! them) and a recorded file ([`FileSource`], JSON lines of [`Block`]s, which
//! the crash test and the benchmarks replay).

use crate::model::{Block, Bytes32};
use anyhow::{bail, Context, Result};
use std::{
    io::{BufRead, BufReader, Write},
    path::Path,
};

pub mod node;

/// Where blocks come from. Every block a source returns is final: it never
/// changes once returned.
#[allow(async_fn_in_trait)]
pub trait Source {
    /// What this source reads, for logs and errors (a URL, a file).
    fn describe(&self) -> String;

    /// The first block worth reading when nothing is stored yet.
    fn first_block(&self) -> u64 {
        0
    }

    /// The chain's genesis hash, if this source can tell (a node always can;
    /// blocks held from block 1 on can: it is block 1's parent). The indexer
    /// keeps it and refuses another chain's blocks.
    async fn genesis(&mut self) -> Result<Option<Bytes32>> {
        Ok(None)
    }

    /// The number of the newest finalised block.
    async fn finalized_head(&mut self) -> Result<u64>;

    /// Blocks `from..=to` (all at or below the finalised head), in order.
    async fn blocks(&mut self, from: u64, to: u64) -> Result<Vec<Block>>;

    /// Waits until the finalised head passes `known` and returns the new head;
    /// `None` when the source has no more blocks to give (a file, a finished
    /// in-process chain).
    async fn wait_for_head(&mut self, known: u64) -> Result<Option<u64>>;
}

/// Blocks held in memory, in order; ends after the last.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    name: String,
    blocks: Vec<Block>,
    genesis: Option<Bytes32>,
}

impl MemorySource {
    /// `blocks` must be in ascending order of number. If they start at
    /// block 1, its parent is the genesis hash.
    pub fn new(name: impl Into<String>, blocks: Vec<Block>) -> Result<Self> {
        if blocks.windows(2).any(|w| w[0].number >= w[1].number) {
            bail!("blocks are not in ascending order");
        }
        let genesis = blocks.first().filter(|b| b.number == 1).map(|b| b.parent_hash);
        Ok(Self {
            name: name.into(),
            blocks,
            genesis,
        })
    }

    /// The same blocks, of the chain with this genesis hash.
    pub fn with_genesis(mut self, genesis: Bytes32) -> Self {
        self.genesis = Some(genesis);
        self
    }

    pub fn blocks_held(&self) -> &[Block] {
        &self.blocks
    }
}

impl Source for MemorySource {
    fn describe(&self) -> String {
        self.name.clone()
    }

    fn first_block(&self) -> u64 {
        self.blocks.first().map_or(0, |b| b.number)
    }

    async fn genesis(&mut self) -> Result<Option<Bytes32>> {
        Ok(self.genesis)
    }

    async fn finalized_head(&mut self) -> Result<u64> {
        Ok(self.blocks.last().map_or(0, |b| b.number))
    }

    async fn blocks(&mut self, from: u64, to: u64) -> Result<Vec<Block>> {
        let start = self.blocks.partition_point(|b| b.number < from);
        let end = self.blocks.partition_point(|b| b.number <= to);
        Ok(self.blocks.get(start..end).unwrap_or_default().to_vec())
    }

    async fn wait_for_head(&mut self, known: u64) -> Result<Option<u64>> {
        let head = self.finalized_head().await?;
        Ok((head > known).then_some(head))
    }
}

/// Blocks handed over one by one as a chain seals them (the demo: drink's
/// chain runs on one thread, the indexer follows on another); ends when every
/// sender is dropped.
pub struct ChannelSource {
    name: String,
    held: std::collections::VecDeque<Block>,
    receiver: tokio::sync::mpsc::UnboundedReceiver<Block>,
    open: bool,
}

impl ChannelSource {
    /// A source and the sender its blocks come from, in ascending order.
    pub fn new(name: impl Into<String>) -> (Self, tokio::sync::mpsc::UnboundedSender<Block>) {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        let source = Self {
            name: name.into(),
            held: std::collections::VecDeque::new(),
            receiver,
            open: true,
        };
        (source, sender)
    }

    fn drain(&mut self) {
        loop {
            match self.receiver.try_recv() {
                Ok(block) => self.held.push_back(block),
                Err(tokio::sync::mpsc::error::TryRecvError::Empty) => break,
                Err(tokio::sync::mpsc::error::TryRecvError::Disconnected) => {
                    self.open = false;
                    break;
                }
            }
        }
    }

    fn head(&self) -> Option<u64> {
        self.held.back().map(|b| b.number)
    }
}

impl Source for ChannelSource {
    fn describe(&self) -> String {
        self.name.clone()
    }

    /// Block 1's parent, once block 1 has come (the chain's first block).
    async fn genesis(&mut self) -> Result<Option<Bytes32>> {
        self.drain();
        if self.held.is_empty() && self.open {
            if let Some(block) = self.receiver.recv().await {
                self.held.push_back(block);
            }
        }
        Ok(self.held.front().filter(|b| b.number == 1).map(|b| b.parent_hash))
    }

    async fn finalized_head(&mut self) -> Result<u64> {
        self.drain();
        if self.held.is_empty() && self.open {
            if let Some(block) = self.receiver.recv().await {
                self.held.push_back(block);
            }
        }
        Ok(self.head().unwrap_or(0))
    }

    async fn blocks(&mut self, from: u64, to: u64) -> Result<Vec<Block>> {
        while self.held.front().is_some_and(|b| b.number < from) {
            self.held.pop_front();
        }
        Ok(self.held.iter().take_while(|b| b.number <= to).cloned().collect())
    }

    async fn wait_for_head(&mut self, known: u64) -> Result<Option<u64>> {
        loop {
            self.drain();
            if let Some(head) = self.head().filter(|h| *h > known) {
                return Ok(Some(head));
            }
            if !self.open {
                return Ok(None);
            }
            match self.receiver.recv().await {
                Some(block) => self.held.push_back(block),
                None => self.open = false,
            }
        }
    }
}

/// A recorded chain: one JSON [`Block`] per line.
pub struct FileSource;

impl FileSource {
    /// Reads the whole file (line numbers in errors).
    pub fn open(path: &Path) -> Result<MemorySource> {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open the block file {}", path.display()))?;
        let mut blocks = Vec::new();
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let block: Block =
                serde_json::from_str(&line).with_context(|| format!("{}:{}: not a block", path.display(), n + 1))?;
            blocks.push(block);
        }
        MemorySource::new(format!("file {}", path.display()), blocks)
            .with_context(|| format!("reading {}", path.display()))
    }

    /// Writes `blocks` as a block file.
    pub fn write(path: &Path, blocks: &[Block]) -> Result<()> {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        );
        for block in blocks {
            serde_json::to_writer(&mut out, block)?;
            out.write_all(b"\n")?;
        }
        out.flush().with_context(|| format!("writing {}", path.display()))
    }
}
