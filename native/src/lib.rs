//! ferrokafka's native layer: a narrow bridge between Node-API and librdkafka.
//!
//! librdkafka's own threads do the buffering, batching, compression, retries and
//! idempotent sequencing. This crate only hands records to it (one call per record
//! or per batch) and hands delivery reports back to JavaScript in batches.

mod client;
mod config;
mod delivery;
mod errors;
mod headers;
mod oauthbearer;
mod producer;
mod side_events;
mod tasks;
mod transactions;
mod version;
mod wakeup;
