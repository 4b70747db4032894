//! The napi-rs control surface: what JavaScript calls per producer, not per record.

pub(crate) mod blocking;
pub(crate) mod errors;
pub(crate) mod mock_cluster;
pub(crate) mod oauthbearer;
pub(crate) mod producer;
pub(crate) mod side_events;
pub(crate) mod tasks;
pub(crate) mod transactions;
pub(crate) mod version;
