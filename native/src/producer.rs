//! The producer class that JS holds: one synchronous native call per record (or per
//! batch) to enqueue, and a drain that hands delivery reports back in bulk.

use std::cell::RefCell;
use std::ffi::{c_void, CString};
use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use rdkafka_sys as rd;

use crate::client::KafkaClient;
use crate::config::NativeConfig;
use crate::delivery::DeliveryDrain;
use crate::errors::ErrorInfo;
use crate::headers::OwnedHeaders;
use crate::side_events::SideEvent;
use crate::tasks::{DestroyTask, FlushTask, PartitionCountTask};
use crate::wakeup::Wakeup;

/// A cached `rd_kafka_topic_t`, so the hot path never looks a topic up by name.
struct TopicHandle(*mut rd::rd_kafka_topic_t);

/// Every method takes `&self`: napi-rs keeps a shared borrow of the instance while an
/// async task (flush, transactions) runs, and an exclusive borrow would then fail.
/// The JS thread is the only one touching the cells, so RefCell is enough.
#[napi]
pub struct NativeProducer {
    client: RefCell<Option<Arc<KafkaClient>>>,
    topics: RefCell<Vec<TopicHandle>>,
    drain: RefCell<DeliveryDrain>,
}

fn closed_error() -> Error {
    Error::new(Status::GenericFailure, "the producer is closed")
}

#[napi]
impl NativeProducer {
    /// `config`: librdkafka properties as `[key, value, key, value, ...]`.
    /// `on_wake`: called (with no arguments) when events wait to be drained.
    #[napi(constructor)]
    pub fn new(config: Vec<String>, on_wake: Function<(), Unknown<'static>>) -> Result<Self> {
        let config = NativeConfig::from_pairs(&config).map_err(Error::from_reason)?;
        let wake = on_wake
            .build_threadsafe_function::<()>()
            .weak::<true>()
            .callee_handled::<false>()
            .build()?;
        let client = KafkaClient::new(config, Wakeup::new(wake)).map_err(Error::from_reason)?;
        Ok(NativeProducer {
            client: RefCell::new(Some(Arc::new(client))),
            topics: RefCell::new(Vec::new()),
            drain: RefCell::new(DeliveryDrain::default()),
        })
    }

    fn client(&self) -> Result<Arc<KafkaClient>> {
        self.client.borrow().clone().ok_or_else(closed_error)
    }

    fn rk(&self) -> Result<*mut rd::rd_kafka_t> {
        self.client
            .borrow()
            .as_ref()
            .map(|client| client.rk())
            .ok_or_else(closed_error)
    }

    /// Returns the id of a cached topic handle, to be passed to `produce`.
    #[napi]
    pub fn topic(&self, name: String) -> Result<u32> {
        let rk = self.rk()?;
        let c_name = CString::new(name).map_err(|_| Error::from_reason("topic contains a NUL byte"))?;
        // SAFETY: rk is live; a NULL conf uses the instance's default topic config.
        let rkt = unsafe { rd::rd_kafka_topic_new(rk, c_name.as_ptr(), std::ptr::null_mut()) };
        if rkt.is_null() {
            // SAFETY: rd_kafka_last_error reads a thread-local set by the failed call.
            let code = unsafe { rd::rd_kafka_last_error() } as i32;
            return Err(Error::from_reason(ErrorInfo::from_code(code, None).message));
        }
        let mut topics = self.topics.borrow_mut();
        topics.push(TopicHandle(rkt));
        Ok((topics.len() - 1) as u32)
    }

    /// Enqueues one record. Returns 0 or a librdkafka error code (e.g. -184 queue full);
    /// failures are return codes, not exceptions, so the hot path stays cheap.
    /// `partition` -1 lets librdkafka's partitioner choose; `timestamp` 0 means now.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn produce(
        &self,
        topic_id: u32,
        partition: i32,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        slot: u32,
        timestamp: f64,
        headers: Option<&[u8]>,
    ) -> Result<i32> {
        let rk = self.rk()?;
        let rkt = self.topic_handle(topic_id)?;
        Ok(produce_one(rk, rkt, partition, key, value, slot, timestamp, headers))
    }

    /// Enqueues many records in one call. `keys`/`values` are arrays of Buffer or null,
    /// `headers` an array of packed headers or null (or null for none at all).
    /// Writes each record's result code into `results` and returns how many were
    /// attempted: fewer than all when librdkafka's queue filled up, so JS can wait and resume.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn produce_batch(
        &self,
        topic_ids: &[u32],
        partitions: &[i32],
        keys: Array,
        values: Array,
        slots: &[u32],
        timestamps: &[f64],
        headers: Option<Array>,
        mut results: Int32ArraySlice,
    ) -> Result<u32> {
        // SAFETY: JS cannot run while this synchronous call holds the slice.
        let results = unsafe { results.as_mut() };
        let rk = self.rk()?;
        let count = slots.len();
        if topic_ids.len() != count
            || partitions.len() != count
            || timestamps.len() != count
            || results.len() < count
            || keys.len() as usize != count
            || values.len() as usize != count
        {
            return Err(Error::from_reason("produceBatch: arrays of different lengths"));
        }
        for i in 0..count {
            let rkt = self.topic_handle(topic_ids[i])?;
            let key: Option<&[u8]> = keys.get(i as u32)?.flatten();
            let value: Option<&[u8]> = values.get(i as u32)?.flatten();
            let packed_headers: Option<&[u8]> = match &headers {
                Some(list) => list.get(i as u32)?.flatten(),
                None => None,
            };
            let code = produce_one(
                rk,
                rkt,
                partitions[i],
                key,
                value,
                slots[i],
                timestamps[i],
                packed_headers,
            );
            results[i] = code;
            if code == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__QUEUE_FULL as i32 {
                return Ok(i as u32);
            }
        }
        Ok(count as u32)
    }

    fn topic_handle(&self, topic_id: u32) -> Result<*mut rd::rd_kafka_topic_t> {
        self.topics
            .borrow()
            .get(topic_id as usize)
            .map(|handle| handle.0)
            .ok_or_else(|| Error::from_reason("unknown topic id"))
    }

    /// Moves waiting delivery reports into `reports` (see delivery.rs for the layout).
    #[napi]
    pub fn drain(&self, mut reports: Float64ArraySlice) -> u32 {
        // SAFETY: JS cannot run while this synchronous call holds the slice.
        let reports = unsafe { reports.as_mut() };
        match self.client.borrow().as_ref() {
            Some(client) => self.drain.borrow_mut().drain(client, reports),
            None => 0,
        }
    }

    #[napi]
    pub fn take_side_events(&self) -> Vec<SideEvent> {
        std::mem::take(&mut self.drain.borrow_mut().side_events)
    }

    /// Holds the event loop open while records are in flight (see Wakeup::keep_alive).
    #[napi]
    pub fn keep_alive(&self, env: Env, keep: bool) -> Result<()> {
        match self.client.borrow().as_ref() {
            Some(client) => client.wakeup().keep_alive(&env, keep),
            None => Ok(()),
        }
    }

    /// Records queued, in flight, or awaiting their report.
    #[napi]
    pub fn outq_len(&self) -> i32 {
        self.client.borrow().as_ref().map_or(0, |client| client.outq_len())
    }

    /// Waits (off the JS thread) until every record is reported or the timeout passes;
    /// resolves with how many are still outstanding.
    #[napi(ts_return_type = "Promise<number>")]
    pub fn flush(&self, timeout_ms: i32) -> Result<AsyncTask<FlushTask>> {
        Ok(AsyncTask::new(FlushTask::new(self.client()?, timeout_ms)))
    }

    /// Fails queued (and, with `in_flight`, in-flight) records with purge errors.
    /// Non-blocking: their reports come through the drain.
    #[napi]
    pub fn purge(&self, in_flight: bool) -> Result<i32> {
        let rk = self.rk()?;
        let mut flags = rd::RD_KAFKA_PURGE_F_QUEUE | rd::RD_KAFKA_PURGE_F_NON_BLOCKING;
        if in_flight {
            flags |= rd::RD_KAFKA_PURGE_F_INFLIGHT;
        }
        // SAFETY: rk is live; purge is thread-safe and non-blocking with this flag.
        Ok(unsafe { rd::rd_kafka_purge(rk, flags) } as i32)
    }

    /// The number of partitions of a topic, from a metadata request (off the JS thread).
    #[napi(ts_return_type = "Promise<PartitionCount>")]
    pub fn partition_count(&self, topic: String, timeout_ms: i32) -> Result<AsyncTask<PartitionCountTask>> {
        Ok(AsyncTask::new(PartitionCountTask::new(
            self.client()?,
            topic,
            timeout_ms,
        )))
    }

    /// Releases librdkafka's instance off the JS thread. Afterwards every call fails
    /// with "closed" (or returns nothing), never touching freed memory.
    #[napi(ts_return_type = "Promise<void> | null")]
    pub fn destroy(&self) -> Option<AsyncTask<DestroyTask>> {
        let client = self.release()?;
        Some(AsyncTask::new(DestroyTask::new(client)))
    }

    /// Gives an OAUTHBEARER token to librdkafka (answer to a token-refresh event).
    #[napi]
    pub fn set_oauthbearer_token(
        &self,
        token: String,
        lifetime_ms: i64,
        principal: String,
        extensions: Vec<String>,
    ) -> Result<()> {
        let client = self.client()?;
        crate::oauthbearer::set_token(&client, &token, lifetime_ms, &principal, &extensions)
    }

    /// Reports an OAUTHBEARER token failure to librdkafka.
    #[napi]
    pub fn set_oauthbearer_token_failure(&self, reason: String) -> Result<()> {
        let rk = self.rk()?;
        let c_reason = CString::new(reason).map_err(|_| Error::from_reason("reason contains a NUL byte"))?;
        // SAFETY: rk is live; the reason string is NUL-terminated and copied by librdkafka.
        unsafe { rd::rd_kafka_oauthbearer_set_token_failure(rk, c_reason.as_ptr()) };
        Ok(())
    }

    pub(crate) fn client_for_transactions(&self) -> Result<Arc<KafkaClient>> {
        self.client()
    }

    fn release(&self) -> Option<Arc<KafkaClient>> {
        let client = self.client.borrow_mut().take()?;
        self.drain.borrow_mut().discard();
        for TopicHandle(rkt) in self.topics.borrow_mut().drain(..) {
            // SAFETY: each handle came from rd_kafka_topic_new on this (still live) instance.
            unsafe { rd::rd_kafka_topic_destroy(rkt) };
        }
        Some(client)
    }
}

impl Drop for NativeProducer {
    fn drop(&mut self) {
        // Never block the JS thread (a finalizer) on librdkafka joining its threads.
        if let Some(client) = self.release() {
            std::thread::spawn(move || drop(client));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn produce_one(
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
    // SAFETY: rk and rkt are live; key/value point to JS memory borrowed for this call only,
    // and RD_KAFKA_MSG_F_COPY makes librdkafka copy them before returning.
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
