//! ferrokafka's native layer: a narrow bridge between Node-API and librdkafka.
//!
//! librdkafka's own threads do the buffering, batching, compression, retries and
//! idempotent sequencing. This crate only hands records to it (one call per record
//! or per batch, staged in shared memory) and hands delivery reports back to
//! JavaScript in batches.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

/// The napi-rs surface JavaScript calls now and then: the producer class, its blocking
/// operations (on threads of their own), transactions, tokens and side events.
mod api;
/// The per-record and per-report-batch calls, over raw Node-API and shared memory.
mod hot_path;
/// Ownership of librdkafka's instance, its configuration, its event queue and error table.
mod kafka;
/// The layout of the memory shared with JavaScript (the one definition both sides use).
mod layout;
/// librdkafka's mock cluster, hosted for `ferrokafka/testing`.
mod mock;

/// Adds the raw Node-API hot-path functions next to the generated exports.
#[napi_derive::napi(module_exports)]
pub fn module_exports(exports: napi::bindgen_prelude::Object, env: napi::Env) -> napi::Result<()> {
    use napi::JsValue;
    // SAFETY: napi-rs calls this once while loading the module, with its env and exports.
    unsafe { hot_path::export(env.raw(), exports.raw()) }
}
