//! Operations that block inside librdkafka. Each runs on a thread of its own (see
//! blocking.rs), never on the JS thread nor on libuv's worker pool.

use std::ffi::CString;
use std::sync::Arc;

use napi::bindgen_prelude::*;
use rdkafka_sys as rd;

use crate::api::errors::ErrorInfo;
use crate::kafka::client::KafkaClient;

pub struct FlushTask {
    client: Arc<KafkaClient>,
    timeout_ms: i32,
}

impl FlushTask {
    pub fn new(client: Arc<KafkaClient>, timeout_ms: i32) -> Self {
        FlushTask { client, timeout_ms }
    }
}

impl Task for FlushTask {
    type Output = i32;
    type JsValue = i32;

    fn compute(&mut self) -> Result<i32> {
        // Why a blocking flush at all (JS waits for the reports through its drain anyway):
        // librdkafka sends lingering batches at once only while a flush() call is running (it
        // holds `rk_flushing` for the call's duration); flush(0) would drop the flag before the
        // broker threads woke up. So it runs on a thread of its own (see blocking.rs).
        // SAFETY: the client (and so rk) is kept alive by the Arc for the whole call. With
        // the event API, flush only waits for the count of unreported records to reach zero;
        // it does not serve the queue, so every report still reaches the JS drain.
        unsafe { rd::rd_kafka_flush(self.client.rk(), self.timeout_ms) };
        Ok(self.client.outq_len())
    }

    fn resolve(&mut self, _env: Env, remaining: i32) -> Result<i32> {
        Ok(remaining)
    }
}

/// Drops the last reference to librdkafka's instance off the JS thread, since
/// rd_kafka_destroy joins librdkafka's threads.
pub struct DestroyTask {
    client: Option<Arc<KafkaClient>>,
}

impl DestroyTask {
    pub fn new(client: Arc<KafkaClient>) -> Self {
        DestroyTask {
            client: Some(client),
        }
    }
}

impl Task for DestroyTask {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> Result<()> {
        drop(self.client.take());
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> Result<()> {
        Ok(())
    }
}

pub struct PartitionCountTask {
    client: Arc<KafkaClient>,
    topic: String,
    timeout_ms: i32,
}

impl PartitionCountTask {
    pub fn new(client: Arc<KafkaClient>, topic: String, timeout_ms: i32) -> Self {
        PartitionCountTask {
            client,
            topic,
            timeout_ms,
        }
    }
}

/// A topic's partition count, or the error that prevented knowing it.
#[napi_derive::napi(object)]
pub struct PartitionCount {
    pub count: i32,
    pub error: Option<ErrorInfo>,
}

impl Task for PartitionCountTask {
    type Output = PartitionCount;
    type JsValue = PartitionCount;

    fn compute(&mut self) -> Result<PartitionCount> {
        let rk = self.client.rk();
        let name = CString::new(self.topic.as_str())
            .map_err(|_| Error::from_reason("topic contains a NUL byte"))?;
        // SAFETY: rk is live (held by the Arc); the name is NUL-terminated; a NULL conf uses
        // the instance's default topic config.
        let rkt = unsafe { rd::rd_kafka_topic_new(rk, name.as_ptr(), std::ptr::null_mut()) };
        if rkt.is_null() {
            // SAFETY: reads the thread-local error of the failed call just above.
            let code = unsafe { rd::rd_kafka_last_error() } as i32;
            return Ok(PartitionCount {
                count: -1,
                error: Some(ErrorInfo::from_code(code, None)),
            });
        }
        let mut metadata: *const rd::rd_kafka_metadata = std::ptr::null();
        // SAFETY: rk and rkt are live; librdkafka writes the metadata pointer on success.
        let err = unsafe { rd::rd_kafka_metadata(rk, 0, rkt, &mut metadata, self.timeout_ms) };
        // SAFETY: rkt came from rd_kafka_topic_new above and is not used afterwards.
        unsafe { rd::rd_kafka_topic_destroy(rkt) };
        if err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR || metadata.is_null() {
            return Ok(PartitionCount {
                count: -1,
                error: Some(ErrorInfo::from_code(err as i32, None)),
            });
        }
        // SAFETY: on success librdkafka hands us a valid metadata object, ours until
        // rd_kafka_metadata_destroy below; it is only read in between.
        let result = unsafe { partition_count_of(&*metadata) };
        // SAFETY: the metadata came from rd_kafka_metadata and is not used afterwards.
        unsafe { rd::rd_kafka_metadata_destroy(metadata) };
        Ok(result)
    }

    fn resolve(&mut self, _env: Env, output: PartitionCount) -> Result<PartitionCount> {
        Ok(output)
    }
}

/// The partition count of the (one) topic a metadata response describes.
///
/// # Safety
/// `metadata` must be a metadata object from librdkafka, alive for the call: its `topics`
/// pointer then holds `topic_cnt` entries (or is NULL / the count 0 when there are none).
unsafe fn partition_count_of(metadata: &rd::rd_kafka_metadata) -> PartitionCount {
    let topics: &[rd::rd_kafka_metadata_topic] = match usize::try_from(metadata.topic_cnt) {
        Ok(count) if count > 0 && !metadata.topics.is_null() => {
            // SAFETY: per the function's contract, `topics` points to `topic_cnt` entries.
            unsafe { std::slice::from_raw_parts(metadata.topics, count) }
        }
        _ => &[],
    };
    match topics.first() {
        Some(topic) if topic.err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR => {
            PartitionCount {
                count: -1,
                error: Some(ErrorInfo::from_code(topic.err as i32, None)),
            }
        }
        Some(topic) => PartitionCount {
            count: topic.partition_cnt,
            error: None,
        },
        None => PartitionCount {
            count: -1,
            error: Some(ErrorInfo::from_code(
                rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC as i32,
                None,
            )),
        },
    }
}
