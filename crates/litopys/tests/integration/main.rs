//! The `litopys` binary end to end: one integration-test crate (as ripgrep has), one
//! module per concern, shared helpers in [`common`]. Every test runs the real binary
//! (`CARGO_BIN_EXE_litopys`) on indexes it builds in temporary folders, with the tiny test
//! lexicon unless it says it needs the real one.

mod common;

mod api_server;
mod api_shards;
mod cli_archive_options;
mod cli_cooccur;
mod cli_encodings;
mod cli_entities;
mod cli_export;
mod cli_html;
mod cli_index;
mod cli_language;
mod cli_persons;
mod cli_reindex;
mod cli_reindex_jobs;
mod cli_reindex_lines;
mod cli_search;
mod cli_search_path;
mod cli_shards;
mod cli_stories;
mod cli_tabular;
mod cli_terms;
mod cli_timeline;
mod faults_damage;
mod faults_disk;
mod server_access;
mod server_connections;
mod server_deadline;
mod server_netns;
mod web_compare;
mod web_map;
mod web_ui;
