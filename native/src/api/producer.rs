//! The producer class that JS holds. The per-record and per-report-batch calls live in
//! hot_path.rs (raw Node-API, keyed by `id`); this class owns the lifecycle and the
//! less frequent calls (topics, batches, flush, purge, metadata, transactions).

use std::ffi::CString;
use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use rdkafka_sys as rd;

use crate::api::errors::ErrorInfo;
use crate::api::oauthbearer::OauthbearerTokenGrant;
use crate::api::side_events::SideEvent;
use crate::api::tasks::{DestroyTask, FlushTask, PartitionCountTask};
use crate::hot_path::failed_records::FailedRecord;
use crate::kafka::client::KafkaClient;
use crate::kafka::config::NativeConfig;
use crate::kafka::registry::{self, ProducerState, TopicHandle};
use crate::kafka::wakeup::Wakeup;

/// The property of the JS object that holds the wake callback (see `new`).
const ON_WAKE_PROPERTY: &std::ffi::CStr = c"onWake";

/// Every method takes `&self`: napi-rs keeps a shared borrow of the instance while an
/// async task (flush, transactions) runs, and an exclusive borrow would then fail.
#[napi(custom_finalize)]
pub struct NativeProducer {
    id: u32,
}

fn closed_error() -> Error {
    Error::new(Status::GenericFailure, "the producer is closed")
}

#[napi]
impl NativeProducer {
    /// `config`: librdkafka properties as `[key, value, key, value, ...]`.
    /// `on_wake`: called (with no arguments) when events wait to be drained.
    ///
    /// The callback is kept as a (hidden) property of this object, so it lives exactly as
    /// long as this object, and the wakeup holds it weakly while idle: an unclosed producer
    /// whose callback captures its owner is collected with its owner (see wakeup.rs).
    #[napi(constructor)]
    pub fn new(
        env: Env,
        this: This,
        config: Vec<String>,
        on_wake: Function<(), Unknown<'static>>,
    ) -> Result<Self> {
        let config = NativeConfig::from_pairs(&config).map_err(Error::from_reason)?;
        let property = napi::sys::napi_property_descriptor {
            utf8name: ON_WAKE_PROPERTY.as_ptr(),
            name: std::ptr::null_mut(),
            method: None,
            getter: None,
            setter: None,
            value: on_wake.raw(),
            attributes: napi::sys::PropertyAttributes::default,
            data: std::ptr::null_mut(),
        };
        // SAFETY: on the JS thread with its env; `this` and `on_wake` are live values of this
        // call, and the descriptor (a static name, a value, no accessors) is read during the call.
        let status =
            unsafe { napi::sys::napi_define_properties(env.raw(), this.raw(), 1, &property) };
        if status != napi::sys::Status::napi_ok {
            return Err(Error::from_reason("could not keep the wake callback"));
        }
        let wakeup = Wakeup::new(&env, &on_wake)?;
        let client = KafkaClient::new(config, wakeup).map_err(Error::from_reason)?;
        let id = registry::register(ProducerState::new(Arc::new(client)));
        Ok(NativeProducer { id })
    }

    /// The id that the hot-path functions (`hotProduce`, `hotDrain`) take.
    #[napi(getter)]
    pub fn id(&self) -> u32 {
        self.id
    }

    fn client(&self) -> Result<Arc<KafkaClient>> {
        registry::with(self.id, |state| state.client.clone()).ok_or_else(closed_error)
    }

    /// Returns the id of a cached topic handle, to be passed to `produce`.
    #[napi]
    pub fn topic(&self, name: String) -> Result<u32> {
        let c_name =
            CString::new(name).map_err(|_| Error::from_reason("topic contains a NUL byte"))?;
        registry::with(self.id, |state| {
            // SAFETY: rk is live; a NULL conf uses the instance's default topic config.
            let rkt = unsafe {
                rd::rd_kafka_topic_new(state.client.rk(), c_name.as_ptr(), std::ptr::null_mut())
            };
            if rkt.is_null() {
                // SAFETY: rd_kafka_last_error reads a thread-local set by the failed call.
                let code = unsafe { rd::rd_kafka_last_error() } as i32;
                return Err(Error::from_reason(ErrorInfo::from_code(code, None).message));
            }
            state.topics.push(TopicHandle(rkt));
            Ok((state.topics.len() - 1) as u32)
        })
        .ok_or_else(closed_error)?
    }

    /// Key and value bytes accepted so far.
    #[napi(getter)]
    pub fn payload_bytes(&self) -> f64 {
        registry::with(self.id, |state| state.payload_bytes as f64).unwrap_or(0.0)
    }

    /// The bytes of failed records the drain kept (see failed_records.rs).
    #[napi]
    pub fn take_failed_records(&self) -> Vec<FailedRecord> {
        registry::with(self.id, |state| std::mem::take(&mut state.drain.failed))
            .unwrap_or_default()
            .into_iter()
            .map(FailedRecord::from)
            .collect()
    }

    #[napi]
    pub fn take_side_events(&self) -> Vec<SideEvent> {
        registry::with(self.id, |state| {
            std::mem::take(&mut state.drain.side_events)
        })
        .unwrap_or_default()
    }

    /// Holds the event loop open while records are in flight (see Wakeup::keep_alive).
    #[napi]
    pub fn keep_alive(&self, env: Env, keep: bool) -> Result<()> {
        registry::with(self.id, |state| {
            state.client.wakeup().keep_alive(&env, keep)
        })
        .unwrap_or(Ok(()))
    }

    /// Records queued, in flight, or awaiting their report.
    #[napi]
    pub fn outq_len(&self) -> i32 {
        registry::with(self.id, |state| state.client.outq_len()).unwrap_or(0)
    }

    /// Waits (off the JS thread) until every record is reported or the timeout passes;
    /// resolves with how many are still outstanding.
    #[napi(ts_return_type = "Promise<number>")]
    pub fn flush<'env>(&self, env: &'env Env, timeout_ms: i32) -> Result<Object<'env>> {
        let task = FlushTask::new(self.client()?, timeout_ms);
        crate::api::blocking::spawn(env, "ferrokafka-flush", task)
    }

    /// Fails queued (and, with `in_flight`, in-flight) records with purge errors.
    /// Non-blocking: their reports come through the drain.
    #[napi]
    pub fn purge(&self, in_flight: bool) -> Result<i32> {
        let rk = self.client()?.rk();
        let mut flags = rd::RD_KAFKA_PURGE_F_QUEUE | rd::RD_KAFKA_PURGE_F_NON_BLOCKING;
        if in_flight {
            flags |= rd::RD_KAFKA_PURGE_F_INFLIGHT;
        }
        // SAFETY: rk is live; purge is thread-safe and non-blocking with this flag.
        Ok(unsafe { rd::rd_kafka_purge(rk, flags) } as i32)
    }

    /// The number of partitions of a topic, from a metadata request (off the JS thread).
    #[napi(ts_return_type = "Promise<PartitionCount>")]
    pub fn partition_count<'env>(
        &self,
        env: &'env Env,
        topic: String,
        timeout_ms: i32,
    ) -> Result<Object<'env>> {
        let task = PartitionCountTask::new(self.client()?, topic, timeout_ms);
        crate::api::blocking::spawn(env, "ferrokafka-metadata", task)
    }

    /// Releases librdkafka's instance off the JS thread. Afterwards every call fails
    /// with "closed" (or returns nothing), never touching freed memory.
    #[napi(ts_return_type = "Promise<void> | null")]
    pub fn destroy<'env>(&self, env: &'env Env) -> Result<Option<Object<'env>>> {
        let Some(client) = self.release(env) else {
            return Ok(None);
        };
        crate::api::blocking::spawn(env, "ferrokafka-destroy", DestroyTask::new(client)).map(Some)
    }

    /// librdkafka's fatal error, once the instance has one, else null. It is set before the
    /// reports of the records it fails reach the queue, so the drain can mark them `fatal`
    /// even when the error event itself comes later.
    #[napi]
    pub fn fatal_error(&self) -> Result<Option<ErrorInfo>> {
        let client = self.client()?;
        let mut reason = [0 as std::ffi::c_char; 512];
        // SAFETY: rk is live (the Arc holds it); the buffer is ours and zeroed, and librdkafka
        // writes at most its length, NUL included.
        let code =
            unsafe { rd::rd_kafka_fatal_error(client.rk(), reason.as_mut_ptr(), reason.len()) }
                as i32;
        if code == 0 {
            return Ok(None);
        }
        let message = crate::kafka::config::errstr_to_string(&reason);
        Ok(Some(ErrorInfo {
            fatal: true,
            ..ErrorInfo::from_code(code, Some(message))
        }))
    }

    /// Gives an OAUTHBEARER token to librdkafka (answer to a token-refresh event).
    #[napi]
    pub fn set_oauthbearer_token(&self, token: OauthbearerTokenGrant) -> Result<()> {
        let client = self.client()?;
        crate::api::oauthbearer::set_token(
            &client,
            &token.value,
            token.lifetime_ms,
            &token.principal,
            &token.extensions,
        )
    }

    /// Reports an OAUTHBEARER token failure to librdkafka.
    #[napi]
    pub fn set_oauthbearer_token_failure(&self, reason: String) -> Result<()> {
        let rk = self.client()?.rk();
        let c_reason =
            CString::new(reason).map_err(|_| Error::from_reason("reason contains a NUL byte"))?;
        // SAFETY: rk is live; the reason string is NUL-terminated and copied by librdkafka.
        unsafe { rd::rd_kafka_oauthbearer_set_token_failure(rk, c_reason.as_ptr()) };
        Ok(())
    }

    pub(crate) fn client_for_transactions(&self) -> Result<Arc<KafkaClient>> {
        self.client()
    }

    fn release(&self, env: &Env) -> Option<Arc<KafkaClient>> {
        let mut state = registry::remove(self.id)?;
        state.release_handles(env);
        Some(state.client)
    }
}

impl ObjectFinalize for NativeProducer {
    /// Runs when the JS object is collected (or its environment tears down) without `destroy`.
    fn finalize(self, env: Env) -> Result<()> {
        // Never block the JS thread (a finalizer) on librdkafka joining its threads.
        if let Some(client) = self.release(&env) {
            // Should no thread start, the closure (and the client) is dropped right here.
            let _ = std::thread::Builder::new()
                .name("ferrokafka-destroy".to_owned())
                .spawn(move || drop(client));
        }
        Ok(())
    }
}
