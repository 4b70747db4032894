//! Per-thread table of live producers, indexed by a small integer id.
//!
//! The hot-path functions (hot_path.rs) are plain Node-API callbacks that receive this
//! id instead of a napi-rs class receiver: that skips napi-rs's per-call borrow tracking
//! (a global lock and a hash map per call), which cost more than the produce call itself.
//! Node-API calls for one environment always arrive on its own thread, so a
//! thread-local table needs no locking; a worker thread has its own table.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use nohash_hasher::BuildNoHashHasher;

use rdkafka_sys as rd;

use crate::hot_path::delivery::DeliveryDrain;
use crate::hot_path::staging::StageMemory;
use crate::kafka::client::KafkaClient;

/// A cached `rd_kafka_topic_t`, so the hot path never looks a topic up by name.
pub struct TopicHandle(pub *mut rd::rd_kafka_topic_t);

pub struct ProducerState {
    pub client: Arc<KafkaClient>,
    pub topics: Vec<TopicHandle>,
    pub drain: DeliveryDrain,
    /// Key and value bytes accepted so far (for the record-size and compression metrics).
    pub payload_bytes: u64,
    /// The JS staging area's arrays, read by every produce call.
    pub stage_memory: StageMemory,
}

impl ProducerState {
    pub fn new(client: Arc<KafkaClient>) -> Self {
        ProducerState {
            client,
            topics: Vec::new(),
            drain: DeliveryDrain::default(),
            payload_bytes: 0,
            stage_memory: StageMemory::default(),
        }
    }

    /// Releases what librdkafka handed out before its instance may be destroyed, and the
    /// staged arrays.
    pub fn release_handles(&mut self, env: &napi::Env) {
        // SAFETY: the registry lives on the JS thread of its environment, `env`.
        unsafe { self.stage_memory.release(env.raw()) };
        self.drain.discard();
        for TopicHandle(rkt) in self.topics.drain(..) {
            // SAFETY: each handle came from rd_kafka_topic_new on this still-live instance.
            unsafe { rd::rd_kafka_topic_destroy(rkt) };
        }
    }
}

thread_local! {
    static PRODUCERS: RefCell<Producers> = RefCell::new(Producers::default());
}

/// Ids are never reused, so a stale id (a closed producer's late drain, a finalizer)
/// can never reach another producer's state. Ids are already unique integers: no hashing.
#[derive(Default)]
struct Producers {
    next_id: u32,
    live: HashMap<u32, ProducerState, BuildNoHashHasher<u32>>,
}

pub fn register(state: ProducerState) -> u32 {
    PRODUCERS.with(|table| {
        let mut table = table.borrow_mut();
        let id = table.next_id;
        table.next_id = id.wrapping_add(1);
        table.live.insert(id, state);
        id
    })
}

/// Runs `f` on the producer `id`, or returns None if it was closed (or never existed).
pub fn with<R>(id: u32, f: impl FnOnce(&mut ProducerState) -> R) -> Option<R> {
    PRODUCERS.with(|table| table.borrow_mut().live.get_mut(&id).map(f))
}

pub fn remove(id: u32) -> Option<ProducerState> {
    // try_with: a finalizer may run while the thread is tearing its locals down.
    PRODUCERS
        .try_with(|table| table.borrow_mut().live.remove(&id))
        .ok()
        .flatten()
}
