//! One librdkafka mock cluster and the minimal `rd_kafka_t` that hosts it.
//!
//! The mock runs on a thread of its own with real TCP listeners on 127.0.0.1 (random ports);
//! any Kafka client can connect to it. Its commands are synchronous (they wait for the mock
//! thread to apply them) and quick, so they run on the caller's thread; only destroying it,
//! which joins librdkafka's threads, belongs on a thread of its own.

use std::ffi::{c_int, CStr, CString};

use rdkafka_sys as rd;

use crate::kafka::config::NativeConfig;

/// A request the mock received while tracking was on.
pub struct TrackedRequest {
    pub broker_id: i32,
    pub api_key: i16,
    /// librdkafka's monotonic clock, microseconds.
    pub timestamp_us: i64,
}

/// Owns the host instance and the mock cluster; dropping it destroys both (mock first).
pub struct MockHost {
    rk: *mut rd::rd_kafka_t,
    mcluster: *mut rd::rd_kafka_mock_cluster_t,
}

// SAFETY: the mock cluster's API is thread-safe (each call locks the cluster or posts an op
// to its thread and waits), and the host rk is only destroyed, after the cluster, in Drop.
unsafe impl Send for MockHost {}

impl MockHost {
    /// Starts `brokers` mock brokers (ids 1..=brokers).
    pub fn start(brokers: i32) -> Result<Self, String> {
        ensure_free_descriptors(brokers)?;
        let config = NativeConfig::from_pairs(&[])?;
        config.set("client.id", "ferrokafka-mock-cluster")?;
        // Warnings and errors only: the host has no bootstrap servers, and says so at notice level.
        config.set("log_level", "4")?;
        let rk = config.into_producer_instance()?;
        // SAFETY: rk is a live instance; the mock keeps a pointer to it, which stays valid
        // because Drop destroys the mock before rk.
        let mcluster = unsafe { rd::rd_kafka_mock_cluster_new(rk, brokers as c_int) };
        if mcluster.is_null() {
            // SAFETY: rk is live and nothing else refers to it.
            unsafe { rd::rd_kafka_destroy(rk) };
            return Err(format!(
                "librdkafka could not start a mock cluster of {brokers} brokers (no free port?)"
            ));
        }
        Ok(MockHost { rk, mcluster })
    }

    /// `host:port,host:port,...` of the mock brokers.
    pub fn bootstrap_servers(&self) -> String {
        // SAFETY: the cluster is live; the string it returns lives as long as the cluster and
        // is copied before this borrow ends.
        unsafe { CStr::from_ptr(rd::rd_kafka_mock_cluster_bootstraps(self.mcluster)) }
            .to_string_lossy()
            .into_owned()
    }

    pub fn create_topic(&self, topic: &CStr, partitions: i32, replication_factor: i32) -> i32 {
        // SAFETY: live cluster; the name is NUL-terminated and copied by the mock.
        unsafe {
            rd::rd_kafka_mock_topic_create(
                self.mcluster,
                topic.as_ptr(),
                partitions as c_int,
                replication_factor as c_int,
            ) as i32
        }
    }

    pub fn set_topic_error(&self, topic: &CStr, error: rd::rd_kafka_resp_err_t) {
        // SAFETY: live cluster; the name is NUL-terminated and copied by the mock.
        unsafe { rd::rd_kafka_mock_topic_set_error(self.mcluster, topic.as_ptr(), error) }
    }

    /// Errors the next requests of `api_key` get, whichever broker they reach.
    pub fn push_request_errors(&self, api_key: i16, errors: &[rd::rd_kafka_resp_err_t]) {
        // SAFETY: live cluster; `errors` holds `errors.len()` values, copied during the call.
        unsafe {
            rd::rd_kafka_mock_push_request_errors_array(
                self.mcluster,
                api_key,
                errors.len(),
                errors.as_ptr(),
            )
        }
    }

    /// Errors, each answered after its round-trip time, for the next requests of `api_key`
    /// to one broker. Pushed one by one: the C function is variadic, and each push appends
    /// to the same stack in order.
    pub fn push_broker_request_errors(
        &self,
        broker_id: i32,
        api_key: i16,
        errors: &[(rd::rd_kafka_resp_err_t, i32)],
    ) -> i32 {
        for &(error, rtt_ms) in errors {
            // SAFETY: live cluster; one (error, rtt) pair, as the count of 1 says; the error
            // is passed as a C int (an enum argument of a variadic call is promoted to int).
            let result = unsafe {
                rd::rd_kafka_mock_broker_push_request_error_rtts(
                    self.mcluster,
                    broker_id,
                    api_key,
                    1,
                    error as c_int,
                    rtt_ms as c_int,
                )
            } as i32;
            if result != 0 {
                return result;
            }
        }
        0
    }

    pub fn clear_request_errors(&self, api_key: i16) {
        // SAFETY: live cluster.
        unsafe { rd::rd_kafka_mock_clear_request_errors(self.mcluster, api_key) }
    }

    pub fn set_partition_leader(&self, topic: &CStr, partition: i32, broker_id: i32) -> i32 {
        // SAFETY: live cluster; the name is NUL-terminated and read during the call.
        unsafe {
            rd::rd_kafka_mock_partition_set_leader(
                self.mcluster,
                topic.as_ptr(),
                partition,
                broker_id,
            ) as i32
        }
    }

    pub fn set_broker_up(&self, broker_id: i32, up: bool) -> i32 {
        // SAFETY: live cluster; an unknown id is reported as an error code.
        unsafe {
            if up {
                rd::rd_kafka_mock_broker_set_up(self.mcluster, broker_id) as i32
            } else {
                rd::rd_kafka_mock_broker_set_down(self.mcluster, broker_id) as i32
            }
        }
    }

    pub fn set_rtt(&self, broker_id: i32, rtt_ms: i32) -> i32 {
        // SAFETY: live cluster; an unknown id is reported as an error code.
        unsafe {
            rd::rd_kafka_mock_broker_set_rtt(self.mcluster, broker_id, rtt_ms as c_int) as i32
        }
    }

    /// `key_type`: "transaction" or "group".
    pub fn set_coordinator(&self, key_type: &CStr, key: &CStr, broker_id: i32) -> i32 {
        // SAFETY: live cluster; both strings are NUL-terminated and copied by the mock.
        unsafe {
            rd::rd_kafka_mock_coordinator_set(
                self.mcluster,
                key_type.as_ptr(),
                key.as_ptr(),
                broker_id,
            ) as i32
        }
    }

    pub fn set_group_initial_rebalance_delay(&self, delay_ms: i32) {
        // SAFETY: live cluster.
        unsafe { rd::rd_kafka_mock_group_initial_rebalance_delay_ms(self.mcluster, delay_ms) }
    }

    pub fn track_requests(&self, on: bool) {
        // SAFETY: live cluster.
        unsafe {
            if on {
                rd::rd_kafka_mock_start_request_tracking(self.mcluster)
            } else {
                rd::rd_kafka_mock_stop_request_tracking(self.mcluster)
            }
        }
    }

    pub fn clear_requests(&self) {
        // SAFETY: live cluster.
        unsafe { rd::rd_kafka_mock_clear_requests(self.mcluster) }
    }

    pub fn requests(&self) -> Vec<TrackedRequest> {
        let mut count = 0usize;
        // SAFETY: live cluster; librdkafka returns copies (or NULL when there are none) that
        // are ours to destroy.
        let array = unsafe { rd::rd_kafka_mock_get_requests(self.mcluster, &mut count) };
        if array.is_null() {
            return Vec::new();
        }
        // SAFETY: `array` holds `count` valid request copies; each is read, then the whole array
        // (and every copy) is freed once, with the function librdkafka provides for it.
        unsafe {
            let requests = std::slice::from_raw_parts(array, count)
                .iter()
                .map(|&request| TrackedRequest {
                    broker_id: rd::rd_kafka_mock_request_id(request),
                    api_key: rd::rd_kafka_mock_request_api_key(request),
                    timestamp_us: rd::rd_kafka_mock_request_timestamp(request),
                })
                .collect();
            rd::rd_kafka_mock_request_destroy_array(array, count);
            requests
        }
    }
}

/// Descriptors a mock uses besides its listeners: the host instance's and the mock thread's
/// queue wake-ups (6 measured with librdkafka 2.12.1), with room to spare.
const DESCRIPTORS_BESIDES_LISTENERS: i32 = 16;

/// Fails unless the descriptors a mock of `brokers` brokers needs can be opened. librdkafka 2.12.1
/// segfaults when a mock broker cannot open its listener (it destroys the half-built cluster as if
/// its thread were running), so a full descriptor table must be found here, before it. Another
/// thread can still take the last descriptors in between: this narrows the window, no more.
#[cfg(unix)]
fn ensure_free_descriptors(brokers: i32) -> Result<(), String> {
    let needed = usize::try_from(brokers + DESCRIPTORS_BESIDES_LISTENERS).unwrap_or(0);
    let mut held = Vec::with_capacity(needed);
    while held.len() < needed {
        match std::fs::File::open("/dev/null") {
            Ok(file) => held.push(file),
            // EMFILE (process limit) or ENFILE (system limit); anything else says nothing of the table.
            Err(error) if matches!(error.raw_os_error(), Some(23 | 24)) => {
                return Err(format!(
                    "a mock cluster of {brokers} brokers needs about {needed} free file descriptors and only {} are free ({error}); raise the limit (ulimit -n) or close other mocks and clients",
                    held.len()
                ));
            }
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn ensure_free_descriptors(_brokers: i32) -> Result<(), String> {
    Ok(())
}

/// A string for the C side, or the reason it cannot be one.
pub fn c_string(what: &str, value: &str) -> Result<CString, String> {
    CString::new(value).map_err(|_| format!("{what} {value:?} contains a NUL byte"))
}

impl Drop for MockHost {
    fn drop(&mut self) {
        // SAFETY: both are live and owned by self; the mock (whose thread uses rk) is destroyed
        // and joined before rk.
        unsafe {
            rd::rd_kafka_mock_cluster_destroy(self.mcluster);
            rd::rd_kafka_destroy(self.rk);
        }
    }
}
