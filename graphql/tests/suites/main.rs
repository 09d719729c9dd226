//! The API, server and explorer tests, one module each, in one test binary:
//! the story is indexed once for all of them (`common`), and the
//! optimised server code links once, not once per file.

mod api;
mod browser;
mod common;
mod server;
