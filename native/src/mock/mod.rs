//! librdkafka's mock cluster, hosted in this addon (over the same statically linked librdkafka):
//! the host that owns it and the names of the protocol's APIs.

pub(crate) mod api_keys;
pub(crate) mod host;
