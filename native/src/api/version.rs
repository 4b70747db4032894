use std::ffi::CStr;

use napi_derive::napi;

/// The version of the librdkafka linked into this addon, e.g. "2.12.1".
#[napi]
pub fn librdkafka_version() -> String {
    // SAFETY: rd_kafka_version_str returns a pointer to a static NUL-terminated string.
    unsafe { CStr::from_ptr(rdkafka_sys::rd_kafka_version_str()) }
        .to_string_lossy()
        .into_owned()
}

/// librdkafka's compiled-in features (e.g. "gzip,snappy,ssl,sasl,..."), read from
/// the default value of its `builtin.features` property.
#[napi]
pub fn librdkafka_features() -> String {
    crate::kafka::config::default_value("builtin.features").unwrap_or_default()
}
