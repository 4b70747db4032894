//! Transactions (exactly-once): each blocking call runs on a thread of its own (see blocking.rs) and resolves
//! with `null` on success or the error librdkafka reported (fatal / retriable / abortable).

use std::ffi::CString;
use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use rdkafka_sys as rd;

use crate::api::errors::ErrorInfo;
use crate::api::producer::NativeProducer;
use crate::kafka::client::KafkaClient;

/// The consumer position to commit inside a transaction.
pub struct OffsetsToCommit {
    group_id: CString,
    generation_id: i32,
    member_id: CString,
    group_instance_id: Option<CString>,
    topics: Vec<CString>,
    partitions: Vec<i32>,
    offsets: Vec<i64>,
}

enum Operation {
    Init,
    Commit,
    Abort,
    SendOffsets(OffsetsToCommit),
}

pub struct TransactionTask {
    client: Arc<KafkaClient>,
    operation: Operation,
    timeout_ms: i32,
}

impl Task for TransactionTask {
    type Output = Option<ErrorInfo>;
    type JsValue = Option<ErrorInfo>;

    fn compute(&mut self) -> Result<Option<ErrorInfo>> {
        let rk = self.client.rk();
        // SAFETY: rk is kept alive by the Arc; every pointer passed below is valid for the call.
        let error = unsafe {
            match &self.operation {
                Operation::Init => rd::rd_kafka_init_transactions(rk, self.timeout_ms),
                Operation::Commit => rd::rd_kafka_commit_transaction(rk, self.timeout_ms),
                Operation::Abort => rd::rd_kafka_abort_transaction(rk, self.timeout_ms),
                Operation::SendOffsets(offsets) => send_offsets(rk, offsets, self.timeout_ms),
            }
        };
        if error.is_null() {
            Ok(None)
        } else {
            // SAFETY: a non-null error is ours to read and destroy.
            Ok(Some(unsafe { ErrorInfo::take(error) }))
        }
    }

    fn resolve(&mut self, _env: Env, output: Option<ErrorInfo>) -> Result<Option<ErrorInfo>> {
        Ok(output)
    }
}

/// # Safety
/// `rk` must be a live transactional producer.
unsafe fn send_offsets(
    rk: *mut rd::rd_kafka_t,
    offsets: &OffsetsToCommit,
    timeout_ms: i32,
) -> *mut rd::rd_kafka_error_t {
    // SAFETY: guaranteed by the caller; the list and group metadata are created and destroyed here.
    unsafe {
        let list = rd::rd_kafka_topic_partition_list_new(offsets.topics.len() as i32);
        for ((topic, partition), offset) in offsets
            .topics
            .iter()
            .zip(&offsets.partitions)
            .zip(&offsets.offsets)
        {
            let entry = rd::rd_kafka_topic_partition_list_add(list, topic.as_ptr(), *partition);
            (*entry).offset = *offset;
        }
        let group = rd::rd_kafka_consumer_group_metadata_new_with_genid(
            offsets.group_id.as_ptr(),
            offsets.generation_id,
            offsets.member_id.as_ptr(),
            offsets
                .group_instance_id
                .as_ref()
                .map_or(std::ptr::null(), |id| id.as_ptr()),
        );
        let error = rd::rd_kafka_send_offsets_to_transaction(rk, list, group, timeout_ms);
        rd::rd_kafka_consumer_group_metadata_destroy(group);
        rd::rd_kafka_topic_partition_list_destroy(list);
        error
    }
}

fn c_string(text: String, what: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::from_reason(format!("{what} contains a NUL byte")))
}

#[napi]
impl NativeProducer {
    fn transaction_task<'env>(
        &self,
        env: &'env Env,
        operation: Operation,
        timeout_ms: i32,
    ) -> Result<Object<'env>> {
        let task = TransactionTask {
            client: self.client_for_transactions()?,
            operation,
            timeout_ms,
        };
        crate::api::blocking::spawn(env, "ferrokafka-transaction", task)
    }

    #[napi(ts_return_type = "Promise<ErrorInfo | null>")]
    pub fn init_transactions<'env>(&self, env: &'env Env, timeout_ms: i32) -> Result<Object<'env>> {
        self.transaction_task(env, Operation::Init, timeout_ms)
    }

    /// Local and non-blocking in librdkafka, so it runs synchronously.
    #[napi]
    pub fn begin_transaction(&self) -> Result<Option<ErrorInfo>> {
        let client = self.client_for_transactions()?;
        // SAFETY: rk is live while `client` is held.
        let error = unsafe { rd::rd_kafka_begin_transaction(client.rk()) };
        if error.is_null() {
            Ok(None)
        } else {
            // SAFETY: a non-null error is ours to read and destroy.
            Ok(Some(unsafe { ErrorInfo::take(error) }))
        }
    }

    #[napi(ts_return_type = "Promise<ErrorInfo | null>")]
    pub fn commit_transaction<'env>(
        &self,
        env: &'env Env,
        timeout_ms: i32,
    ) -> Result<Object<'env>> {
        self.transaction_task(env, Operation::Commit, timeout_ms)
    }

    #[napi(ts_return_type = "Promise<ErrorInfo | null>")]
    pub fn abort_transaction<'env>(&self, env: &'env Env, timeout_ms: i32) -> Result<Object<'env>> {
        self.transaction_task(env, Operation::Abort, timeout_ms)
    }

    #[napi(ts_return_type = "Promise<ErrorInfo | null>")]
    #[allow(clippy::too_many_arguments)]
    pub fn send_offsets_to_transaction<'env>(
        &self,
        env: &'env Env,
        group_id: String,
        generation_id: i32,
        member_id: String,
        group_instance_id: Option<String>,
        topics: Vec<String>,
        partitions: Vec<i32>,
        offsets: Vec<i64>,
        timeout_ms: i32,
    ) -> Result<Object<'env>> {
        if topics.len() != partitions.len() || topics.len() != offsets.len() {
            return Err(Error::from_reason(
                "sendOffsetsToTransaction: arrays of different lengths",
            ));
        }
        let offsets = OffsetsToCommit {
            group_id: c_string(group_id, "groupId")?,
            generation_id,
            member_id: c_string(member_id, "memberId")?,
            group_instance_id: group_instance_id
                .map(|id| c_string(id, "groupInstanceId"))
                .transpose()?,
            topics: topics
                .into_iter()
                .map(|topic| c_string(topic, "topic"))
                .collect::<Result<_>>()?,
            partitions,
            offsets,
        };
        self.transaction_task(env, Operation::SendOffsets(offsets), timeout_ms)
    }
}
