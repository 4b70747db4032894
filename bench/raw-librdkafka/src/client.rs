//! One librdkafka producer: configuration, produceva with a cached topic handle, and the
//! delivery-report callback that counts what the broker acknowledged.

use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr;
use std::time::Instant;

use rdkafka_sys as rd;

use crate::latency::Latency;

/// What the delivery reports said so far. Only touched on the thread that calls poll.
pub struct Deliveries {
    pub acked: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub latency: Option<Latency>,
}

pub struct Client {
    rk: *mut rd::rd_kafka_t,
    rkt: *mut rd::rd_kafka_topic_t,
    deliveries: *mut Deliveries,
}

pub enum Produced {
    Ok,
    QueueFull,
}

impl Client {
    pub fn new(
        pairs: &[(&str, String)],
        topic: &str,
        latency: Option<Latency>,
    ) -> Result<Client, String> {
        let deliveries = Box::into_raw(Box::new(Deliveries {
            acked: 0,
            failed: 0,
            first_error: None,
            latency,
        }));
        let mut errstr = [0 as c_char; 512];
        // SAFETY: `conf` comes from rd_kafka_conf_new (never NULL) and is ours until rd_kafka_new
        // succeeds and takes it over. `n`, `v` and `name` are NUL-terminated and outlive the calls
        // that read them (librdkafka copies them). `errstr` starts zeroed and its real length is
        // passed, so it always holds a NUL-terminated string for CStr::from_ptr. `on_delivery`
        // has the callback signature librdkafka expects, and the opaque is the `deliveries` box,
        // which Drop frees only after rd_kafka_destroy. `rk` is checked for NULL before use. The
        // early returns leak `conf` and the box (a leak, not unsound).
        unsafe {
            let conf = rd::rd_kafka_conf_new();
            for (name, value) in pairs {
                let (n, v) = (
                    CString::new(*name).unwrap(),
                    CString::new(value.as_str()).unwrap(),
                );
                if rd::rd_kafka_conf_set(
                    conf,
                    n.as_ptr(),
                    v.as_ptr(),
                    errstr.as_mut_ptr(),
                    errstr.len(),
                ) != rd::rd_kafka_conf_res_t::RD_KAFKA_CONF_OK
                {
                    return Err(CStr::from_ptr(errstr.as_ptr())
                        .to_string_lossy()
                        .into_owned());
                }
            }
            rd::rd_kafka_conf_set_dr_msg_cb(conf, Some(on_delivery));
            rd::rd_kafka_conf_set_opaque(conf, deliveries as *mut c_void);
            let rk = rd::rd_kafka_new(
                rd::rd_kafka_type_t::RD_KAFKA_PRODUCER,
                conf,
                errstr.as_mut_ptr(),
                errstr.len(),
            );
            if rk.is_null() {
                return Err(CStr::from_ptr(errstr.as_ptr())
                    .to_string_lossy()
                    .into_owned());
            }
            let name = CString::new(topic).unwrap();
            let rkt = rd::rd_kafka_topic_new(rk, name.as_ptr(), ptr::null_mut());
            if rkt.is_null() {
                rd::rd_kafka_destroy(rk);
                drop(Box::from_raw(deliveries));
                return Err(format!("cannot create a handle for topic {topic}"));
            }
            Ok(Client {
                rk,
                rkt,
                deliveries,
            })
        }
    }

    pub fn deliveries(&self) -> &Deliveries {
        // SAFETY: the pointer comes from Box::into_raw in `new` and is freed only in Drop, so it
        // is valid while `&self` is. The only other access is on_delivery, which runs inside
        // `poll` on this thread; callers do not keep this reference across `poll`.
        unsafe { &*self.deliveries }
    }

    pub fn deliveries_mut(&mut self) -> &mut Deliveries {
        // SAFETY: the pointer is valid as in `deliveries`, and `&mut self` rules out any other
        // reference to it and any `poll` (the only way on_delivery runs) while this one lives.
        unsafe { &mut *self.deliveries }
    }

    /// Hands one copy of `value` to librdkafka; `seq` travels as the message opaque.
    pub fn produce(&self, value: &[u8], seq: u64) -> Result<Produced, String> {
        let mut vus = [vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_END); 5];
        // SAFETY: `self.rk` is the live handle from `new` (non-NULL, destroyed only in Drop).
        // `self.rkt` is non-NULL: `new` fails when rd_kafka_topic_new returns NULL. `vus` has
        // `vus.len()` initialised entries. The value bytes are only read during the call, since
        // RD_KAFKA_MSG_F_COPY makes librdkafka copy them. The message opaque is `seq` stored as
        // an integer and never dereferenced. A non-NULL `error` is ours: its string is copied
        // before the one rd_kafka_error_destroy.
        unsafe {
            vus[0] = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_RKT);
            vus[0].u.rkt = self.rkt;
            vus[1] = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_PARTITION);
            vus[1].u.i32_ = -1; // RD_KAFKA_PARTITION_UA: the partitioner chooses
            vus[2] = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_MSGFLAGS);
            vus[2].u.i = rd::RD_KAFKA_MSG_F_COPY;
            vus[3] = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_OPAQUE);
            vus[3].u.ptr = seq as usize as *mut c_void;
            vus[4] = vu(rd::rd_kafka_vtype_t::RD_KAFKA_VTYPE_VALUE);
            vus[4].u.mem.ptr = value.as_ptr() as *mut c_void;
            vus[4].u.mem.size = value.len();
            let error = rd::rd_kafka_produceva(self.rk, vus.as_ptr(), vus.len());
            if error.is_null() {
                return Ok(Produced::Ok);
            }
            let code = rd::rd_kafka_error_code(error);
            let text = CStr::from_ptr(rd::rd_kafka_error_string(error))
                .to_string_lossy()
                .into_owned();
            rd::rd_kafka_error_destroy(error);
            if code == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__QUEUE_FULL {
                Ok(Produced::QueueFull)
            } else {
                Err(text)
            }
        }
    }

    /// Serves delivery reports (calls on_delivery) for up to `timeout_ms`.
    pub fn poll(&self, timeout_ms: i32) {
        // SAFETY: `self.rk` is the live handle from `new`. rd_kafka_poll runs on_delivery on this
        // thread, which takes `&mut Deliveries`; no other reference to it is alive here, because
        // deliveries_mut needs `&mut self` and callers drop what `deliveries` returns first.
        unsafe { rd::rd_kafka_poll(self.rk, timeout_ms) };
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: both handles come from `new` and are destroyed once, here: the topic handle
        // first, then `rk`, the order librdkafka asks for (`rkt` is non-NULL, see `new`).
        // The box came from Box::into_raw in `new` and is freed only after rd_kafka_destroy has
        // returned, so no delivery callback can still reach it.
        unsafe {
            rd::rd_kafka_topic_destroy(self.rkt);
            rd::rd_kafka_destroy(self.rk);
            drop(Box::from_raw(self.deliveries));
        }
    }
}

fn vu(vtype: rd::rd_kafka_vtype_t) -> rd::rd_kafka_vu_t {
    rd::rd_kafka_vu_t {
        vtype,
        u: rd::rd_kafka_vu_s__bindgen_ty_1 { _pad: [0; 64] },
    }
}

unsafe extern "C" fn on_delivery(
    _rk: *mut rd::rd_kafka_t,
    message: *const rd::rd_kafka_message_t,
    opaque: *mut c_void,
) {
    // SAFETY: librdkafka calls this only from rd_kafka_poll on our handle, on the thread that
    // called `Client::poll`, with the opaque set in `Client::new`: the live `Deliveries` box, to
    // which no other reference exists during the call (see `Client::poll`).
    let deliveries = &mut *(opaque as *mut Deliveries);
    // SAFETY: librdkafka passes a non-NULL message that stays valid for the whole callback.
    let message = &*message;
    if message.err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        deliveries.acked += 1;
        if let Some(latency) = deliveries.latency.as_mut() {
            latency.record(message._private as usize as u64, Instant::now());
        }
    } else {
        deliveries.failed += 1;
        if deliveries.first_error.is_none() {
            deliveries.first_error = Some(
                // SAFETY: rd_kafka_err2str returns a static NUL-terminated string.
                CStr::from_ptr(rd::rd_kafka_err2str(message.err))
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}
