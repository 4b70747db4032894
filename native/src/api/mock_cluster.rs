//! The mock cluster class JS holds (`ferrokafka/testing`'s `MockCluster` wraps it).
//!
//! It keeps no threadsafe function and no reference to any JS value, so a started mock never
//! keeps Node's event loop alive: a process that forgets to stop it still exits (the mock's
//! threads end with the process). Validation that names the caller's values (broker ids,
//! partitions, API and error names) is done in TypeScript; here, codes are checked against
//! librdkafka's table before they become its enum.

use std::cell::RefCell;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use rdkafka_sys as rd;

use crate::kafka::error_codes;
use crate::mock::api_keys;
use crate::mock::host::{c_string, MockHost};

/// A request the mock cluster received while tracking was on.
#[napi(object)]
pub struct MockRequest {
    pub broker_id: i32,
    pub api_key: i32,
    /// librdkafka's monotonic clock, in microseconds.
    pub timestamp_us: f64,
}

#[napi(custom_finalize)]
pub struct NativeMockCluster {
    host: RefCell<Option<MockHost>>,
}

fn stopped_error() -> Error {
    Error::new(Status::GenericFailure, "the mock cluster is stopped")
}

fn api_key(key: i32) -> Result<i16> {
    i16::try_from(key)
        .ok()
        .filter(|&key| api_keys::api_name_of(key).is_some())
        .ok_or_else(|| Error::from_reason(format!("{key} is not an API key librdkafka knows")))
}

fn resp_err(code: i32) -> Result<rd::rd_kafka_resp_err_t> {
    error_codes::resp_err(code)
        .ok_or_else(|| Error::from_reason(format!("{code} is not an error code librdkafka knows")))
}

fn c_str(what: &str, value: &str) -> Result<std::ffi::CString> {
    c_string(what, value).map_err(Error::from_reason)
}

#[napi]
impl NativeMockCluster {
    /// Starts `brokers` mock brokers (ids 1..=brokers) listening on 127.0.0.1.
    #[napi(constructor)]
    pub fn new(brokers: i32) -> Result<Self> {
        if !(1..=64).contains(&brokers) {
            return Err(Error::from_reason(format!(
                "a mock cluster has 1 to 64 brokers, not {brokers}"
            )));
        }
        let host = MockHost::start(brokers).map_err(Error::from_reason)?;
        Ok(NativeMockCluster {
            host: RefCell::new(Some(host)),
        })
    }

    fn with<T>(&self, call: impl FnOnce(&MockHost) -> Result<T>) -> Result<T> {
        match self.host.borrow().as_ref() {
            Some(host) => call(host),
            None => Err(stopped_error()),
        }
    }

    #[napi(getter)]
    pub fn bootstrap_servers(&self) -> Result<String> {
        self.with(|host| Ok(host.bootstrap_servers()))
    }

    /// Returns librdkafka's result code (0, or e.g. TOPIC_ALREADY_EXISTS).
    #[napi]
    pub fn create_topic(
        &self,
        topic: String,
        partitions: i32,
        replication_factor: i32,
    ) -> Result<i32> {
        let topic = c_str("topic", &topic)?;
        self.with(|host| Ok(host.create_topic(&topic, partitions, replication_factor)))
    }

    #[napi]
    pub fn set_topic_error(&self, topic: String, code: i32) -> Result<()> {
        let topic = c_str("topic", &topic)?;
        let error = resp_err(code)?;
        self.with(|host| {
            host.set_topic_error(&topic, error);
            Ok(())
        })
    }

    #[napi]
    pub fn push_request_errors(&self, key: i32, codes: Vec<i32>) -> Result<()> {
        let key = api_key(key)?;
        let errors = codes
            .into_iter()
            .map(resp_err)
            .collect::<Result<Vec<_>>>()?;
        self.with(|host| {
            host.push_request_errors(key, &errors);
            Ok(())
        })
    }

    /// `codes[i]` is answered after `rtts_ms[i]`; returns librdkafka's result code.
    #[napi]
    pub fn push_broker_request_errors(
        &self,
        broker_id: i32,
        key: i32,
        codes: Vec<i32>,
        rtts_ms: Vec<i32>,
    ) -> Result<i32> {
        let key = api_key(key)?;
        if codes.len() != rtts_ms.len() {
            return Err(Error::from_reason("one round-trip time per error"));
        }
        let errors = codes
            .into_iter()
            .zip(rtts_ms)
            .map(|(code, rtt)| Ok((resp_err(code)?, rtt)))
            .collect::<Result<Vec<_>>>()?;
        self.with(|host| Ok(host.push_broker_request_errors(broker_id, key, &errors)))
    }

    #[napi]
    pub fn clear_request_errors(&self, key: i32) -> Result<()> {
        let key = api_key(key)?;
        self.with(|host| {
            host.clear_request_errors(key);
            Ok(())
        })
    }

    #[napi]
    pub fn set_partition_leader(
        &self,
        topic: String,
        partition: i32,
        broker_id: i32,
    ) -> Result<i32> {
        let topic = c_str("topic", &topic)?;
        self.with(|host| Ok(host.set_partition_leader(&topic, partition, broker_id)))
    }

    #[napi]
    pub fn set_broker_up(&self, broker_id: i32, up: bool) -> Result<i32> {
        self.with(|host| Ok(host.set_broker_up(broker_id, up)))
    }

    #[napi]
    pub fn set_rtt(&self, broker_id: i32, rtt_ms: i32) -> Result<i32> {
        self.with(|host| Ok(host.set_rtt(broker_id, rtt_ms)))
    }

    #[napi]
    pub fn set_coordinator(&self, key_type: String, key: String, broker_id: i32) -> Result<i32> {
        let key_type = c_str("coordinator type", &key_type)?;
        let key = c_str("coordinator key", &key)?;
        self.with(|host| Ok(host.set_coordinator(&key_type, &key, broker_id)))
    }

    #[napi]
    pub fn set_group_initial_rebalance_delay(&self, delay_ms: i32) -> Result<()> {
        self.with(|host| {
            host.set_group_initial_rebalance_delay(delay_ms);
            Ok(())
        })
    }

    #[napi]
    pub fn track_requests(&self, on: bool) -> Result<()> {
        self.with(|host| {
            host.track_requests(on);
            Ok(())
        })
    }

    #[napi]
    pub fn clear_requests(&self) -> Result<()> {
        self.with(|host| {
            host.clear_requests();
            Ok(())
        })
    }

    #[napi]
    pub fn requests(&self) -> Result<Vec<MockRequest>> {
        self.with(|host| {
            Ok(host
                .requests()
                .into_iter()
                .map(|request| MockRequest {
                    broker_id: request.broker_id,
                    api_key: i32::from(request.api_key),
                    timestamp_us: request.timestamp_us as f64,
                })
                .collect())
        })
    }

    /// Destroys the mock and its host on a thread of their own (that joins librdkafka's
    /// threads); null when already stopped.
    #[napi(ts_return_type = "Promise<void> | null")]
    pub fn stop<'env>(&self, env: &'env Env) -> Result<Option<Object<'env>>> {
        let Some(host) = self.host.borrow_mut().take() else {
            return Ok(None);
        };
        crate::api::blocking::spawn(env, "ferrokafka-mock-stop", StopTask(Some(host))).map(Some)
    }
}

struct StopTask(Option<MockHost>);

impl Task for StopTask {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> Result<()> {
        drop(self.0.take());
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> Result<()> {
        Ok(())
    }
}

impl ObjectFinalize for NativeMockCluster {
    /// A mock collected without `stop()`: destroyed off the JS thread, like `stop()` does.
    fn finalize(self, _env: Env) -> Result<()> {
        if let Some(host) = self.host.into_inner() {
            // Should no thread start, the closure (and the host) is dropped right here.
            let _ = std::thread::Builder::new()
                .name("ferrokafka-mock-stop".to_owned())
                .spawn(move || drop(host));
        }
        Ok(())
    }
}

/// The key of a Kafka API named as librdkafka or Kafka's protocol names it (`Produce`,
/// `ApiVersions`), or null.
#[napi]
pub fn mock_api_key(name: String) -> Option<i32> {
    api_keys::api_key_of(&name).map(i32::from)
}

/// librdkafka's name of an API key, or null.
#[napi]
pub fn mock_api_name(key: i32) -> Option<String> {
    i16::try_from(key)
        .ok()
        .and_then(api_keys::api_name_of)
        .map(str::to_owned)
}

/// Every API name librdkafka knows, in key order.
#[napi]
pub fn mock_api_names() -> Vec<String> {
    api_keys::api_names().map(str::to_owned).collect()
}

/// The code librdkafka names `name` (with or without a local code's leading underscore, or
/// an alias such as NOT_LEADER_OR_FOLLOWER), or null.
#[napi]
pub fn error_code_of_name(name: String) -> Option<i32> {
    error_codes::code_of_name(&name)
}
