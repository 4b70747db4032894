//! Hands one record to librdkafka: `rd_kafka_produceva` with the slot id as opaque.

use std::ffi::c_void;

use rdkafka_sys as rd;

use crate::api::errors::ErrorInfo;
use crate::hot_path::headers::OwnedHeaders;

/// Produces one record; returns librdkafka's result code (0: accepted).
///
/// # Safety
/// `rk` must be a live producer instance and `rkt` a live topic handle made from it.
#[allow(clippy::too_many_arguments)]
pub unsafe fn produce_one(
    rk: *mut rd::rd_kafka_t,
    rkt: *mut rd::rd_kafka_topic_t,
    partition: i32,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    slot: u32,
    timestamp: f64,
    packed_headers: Option<&[u8]>,
) -> i32 {
    let headers = match packed_headers.map(OwnedHeaders::parse) {
        Some(Ok(headers)) => Some(headers),
        Some(Err(_)) => return rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__BAD_MSG as i32,
        None => None,
    };
    let mut vus: [rd::rd_kafka_vu_t; 8] = [vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_END); 8];
    let mut n = 0;
    let mut push = |item: rd::rd_kafka_vu_t| {
        vus[n] = item;
        n += 1;
    };
    let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_RKT);
    item.u.rkt = rkt;
    push(item);
    let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_PARTITION);
    item.u.i32_ = partition;
    push(item);
    let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_MSGFLAGS);
    item.u.i = rd::RD_KAFKA_MSG_F_COPY;
    push(item);
    let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_OPAQUE);
    // The slot id travels as the opaque pointer: no allocation per record.
    item.u.ptr = slot as usize as *mut c_void;
    push(item);
    if let Some(value) = value {
        let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_VALUE);
        item.u.mem.ptr = value.as_ptr() as *mut c_void;
        item.u.mem.size = value.len();
        push(item);
    }
    if let Some(key) = key {
        let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_KEY);
        item.u.mem.ptr = key.as_ptr() as *mut c_void;
        item.u.mem.size = key.len();
        push(item);
    }
    if timestamp > 0.0 {
        let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_TIMESTAMP);
        item.u.i64_ = timestamp as i64;
        push(item);
    }
    if let Some(headers) = &headers {
        let mut item = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_HEADERS);
        item.u.headers = headers.as_raw();
        push(item);
    }
    // SAFETY: rk and rkt are live per the function's contract; key/value point to memory
    // borrowed for this call only, and RD_KAFKA_MSG_F_COPY makes librdkafka copy them before
    // returning; the headers stay ours unless the call succeeds (then librdkafka owns them).
    let error = unsafe { rd::rd_kafka_produceva(rk, vus.as_ptr(), n) };
    if error.is_null() {
        if let Some(headers) = headers {
            headers.release();
        }
        return 0;
    }
    // SAFETY: a non-null error is ours to read and destroy.
    unsafe { ErrorInfo::take(error) }.code
}

fn vu(vtype: rd::rd_kafka_vtype_t) -> rd::rd_kafka_vu_t {
    rd::rd_kafka_vu_t {
        vtype,
        u: rd::rd_kafka_vu_s__bindgen_ty_1 { _pad: [0; 64] },
    }
}
