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

pub fn error_name(code: i32) -> String {
    // SAFETY: rd_kafka_err2name accepts any value and returns a static string.
    unsafe { CStr::from_ptr(rd::rd_kafka_err2name(code_to_err(code))) }
        .to_string_lossy()
        .into_owned()
}

pub fn error_description(code: i32) -> String {
    // SAFETY: rd_kafka_err2str accepts any value and returns a static string.
    unsafe { CStr::from_ptr(rd::rd_kafka_err2str(code_to_err(code))) }
        .to_string_lossy()
        .into_owned()
}

/// Converts a raw integer into librdkafka's error enum.
pub fn code_to_err(code: i32) -> rd::rd_kafka_resp_err_t {
    // SAFETY: rd_kafka_resp_err_t is a C enum with i32 representation; librdkafka's
    // err2name/err2str handle values outside the known range ("Unknown error").
    unsafe { std::mem::transmute::<i32, rd::rd_kafka_resp_err_t>(code) }
}

impl ErrorInfo {
    pub fn from_code(code: i32, message: Option<String>) -> Self {
        ErrorInfo {
            code,
            name: error_name(code),
            message: message.unwrap_or_else(|| error_description(code)),
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
