//! ferrokafka's native layer: a narrow bridge between Node-API and librdkafka.
//!
//! librdkafka's own threads do the buffering, batching, compression, retries and
//! idempotent sequencing. This crate only hands records to it (one call per record
//! or per batch, staged in shared memory) and hands delivery reports back to
//! JavaScript in batches.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod blocking;
mod client;
mod config;
mod delivery;
mod error_codes;
mod errors;
mod failed_records;
mod headers;
mod hot_path;
mod oauthbearer;
mod produce;
mod producer;
mod registry;
mod side_events;
mod staging;
mod tasks;
mod transactions;
mod version;
mod wakeup;

/// Adds the raw Node-API hot-path functions next to the generated exports.
#[napi_derive::napi(module_exports)]
pub fn module_exports(exports: napi::bindgen_prelude::Object, env: napi::Env) -> napi::Result<()> {
    use napi::JsValue;
    // SAFETY: napi-rs calls this once while loading the module, with its env and exports.
    unsafe { hot_path::export(env.raw(), exports.raw()) }
}
