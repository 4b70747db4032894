//! librdkafka's side: one instance with its configuration, event queue and wakeup, the
//! per-thread table of live producers, and librdkafka's own error table.

pub(crate) mod client;
pub(crate) mod config;
pub(crate) mod error_codes;
pub(crate) mod registry;
pub(crate) mod wakeup;
