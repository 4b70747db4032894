//! librdkafka error codes and their descriptions, as plain data for the JS layer,
//! which builds its typed `KafkaError` from them.

use std::ffi::CStr;

use napi_derive::napi;
use rdkafka_sys as rd;

/// Everything JavaScript needs to build a typed error.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// librdkafka's numeric code (negative: local errors; positive: broker errors).
    pub code: i32,
    /// librdkafka's symbolic name without the `RD_KAFKA_RESP_ERR_` prefix, e.g. `_QUEUE_FULL`.
    pub name: String,
    pub message: String,
    pub fatal: bool,
    pub retriable: bool,
    pub abortable: bool,
}

/// librdkafka's symbolic name of `code`, or `UNKNOWN` (see error_codes.rs).
pub fn error_name(code: i32) -> String {
    crate::kafka::error_codes::describe(code).name
}

/// librdkafka's description of `code`, or a message naming an unknown code.
pub fn error_description(code: i32) -> String {
    crate::kafka::error_codes::describe(code).message
}

impl ErrorInfo {
    pub fn from_code(code: i32, message: Option<String>) -> Self {
        let description = crate::kafka::error_codes::describe(code);
        ErrorInfo {
            code,
            name: description.name,
            message: message.unwrap_or(description.message),
            fatal: false,
            retriable: false,
            abortable: false,
        }
    }

    /// Takes ownership of an `rd_kafka_error_t` (as returned by the transactional
    /// and `produceva` APIs), copies what it says and destroys it.
    ///
    /// # Safety
    /// `error` must be a valid, non-null `rd_kafka_error_t` not used afterwards.
    pub unsafe fn take(error: *mut rd::rd_kafka_error_t) -> Self {
        // SAFETY: the caller guarantees `error` is valid; every accessor below only reads it,
        // and the strings are copied before rd_kafka_error_destroy frees them.
        unsafe {
            let info = ErrorInfo {
                code: rd::rd_kafka_error_code(error) as i32,
                name: CStr::from_ptr(rd::rd_kafka_error_name(error))
                    .to_string_lossy()
                    .into_owned(),
                message: CStr::from_ptr(rd::rd_kafka_error_string(error))
                    .to_string_lossy()
                    .into_owned(),
                fatal: rd::rd_kafka_error_is_fatal(error) != 0,
                retriable: rd::rd_kafka_error_is_retriable(error) != 0,
                abortable: rd::rd_kafka_error_txn_requires_abort(error) != 0,
            };
            rd::rd_kafka_error_destroy(error);
            info
        }
    }
}

/// Describes any librdkafka error code: its name and librdkafka's own description.
#[napi]
pub fn describe_error(code: i32) -> ErrorInfo {
    ErrorInfo::from_code(code, None)
}
