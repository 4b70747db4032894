//! The bytes of records librdkafka could not deliver, copied from their delivery reports
//! while the producer is closing: JS keeps no copy of a record once librdkafka has it,
//! so this is where `close()` gets the records it reports as undelivered.

use std::ffi::{c_void, CStr};
use std::ptr;

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use rdkafka_sys as rd;

/// A failed record's bytes, as librdkafka held them.
pub struct FailedBytes {
    slot: u32,
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    headers: Vec<(String, Option<Vec<u8>>)>,
}

#[napi(object)]
pub struct FailedRecord {
    /// The record's slot (its opaque).
    pub slot: u32,
    pub key: Option<Buffer>,
    pub value: Option<Buffer>,
    pub headers: Vec<FailedHeader>,
}

#[napi(object)]
pub struct FailedHeader {
    pub name: String,
    pub value: Option<Buffer>,
}

impl From<FailedBytes> for FailedRecord {
    fn from(bytes: FailedBytes) -> Self {
        FailedRecord {
            slot: bytes.slot,
            key: bytes.key.map(Buffer::from),
            value: bytes.value.map(Buffer::from),
            headers: bytes
                .headers
                .into_iter()
                .map(|(name, value)| FailedHeader {
                    name,
                    value: value.map(Buffer::from),
                })
                .collect(),
        }
    }
}

/// Copies a failed message's key, value and headers.
///
/// # Safety
/// `message` must be a live message of a delivery-report event.
pub unsafe fn copy_failed(message: *const rd::rd_kafka_message_t) -> FailedBytes {
    // SAFETY: guaranteed by the caller; key and payload point to key_len / len readable bytes.
    unsafe {
        let m = &*message;
        FailedBytes {
            slot: m._private as usize as u32,
            key: bytes(m.key as *const u8, m.key_len),
            value: bytes(m.payload as *const u8, m.len),
            headers: headers(message),
        }
    }
}

/// # Safety
/// `data` must be null or point to `length` readable bytes.
unsafe fn bytes(data: *const u8, length: usize) -> Option<Vec<u8>> {
    if data.is_null() {
        return None;
    }
    // SAFETY: guaranteed by the caller.
    Some(unsafe { std::slice::from_raw_parts(data, length) }.to_vec())
}

/// # Safety
/// `message` must be a live message.
unsafe fn headers(message: *const rd::rd_kafka_message_t) -> Vec<(String, Option<Vec<u8>>)> {
    let mut list = Vec::new();
    let mut hdrs: *mut rd::rd_kafka_headers_t = ptr::null_mut();
    // SAFETY: the message is live; librdkafka keeps ownership of the headers it returns.
    if unsafe { rd::rd_kafka_message_headers(message, &mut hdrs) }
        != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
    {
        return list;
    }
    for index in 0.. {
        let mut name = ptr::null();
        let mut value: *const c_void = ptr::null();
        let mut size = 0usize;
        // SAFETY: hdrs is live with the message; out-pointers are valid locals.
        let found =
            unsafe { rd::rd_kafka_header_get_all(hdrs, index, &mut name, &mut value, &mut size) };
        if found != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            break;
        }
        // SAFETY: names are NUL-terminated; values are `size` bytes or null, alive with the message.
        let entry = unsafe {
            (
                CStr::from_ptr(name).to_string_lossy().into_owned(),
                bytes(value as *const u8, size),
            )
        };
        list.push(entry);
    }
    list
}
