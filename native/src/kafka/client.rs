//! Ownership of one librdkafka producer instance and its event queue.

use rdkafka_sys as rd;

use crate::kafka::config::NativeConfig;
use crate::kafka::wakeup::Wakeup;

/// Every event type this producer asks librdkafka for; all of them arrive on one queue.
const EVENT_MASK: i32 = rd::RD_KAFKA_EVENT_DR
    | rd::RD_KAFKA_EVENT_ERROR
    | rd::RD_KAFKA_EVENT_STATS
    | rd::RD_KAFKA_EVENT_LOG
    | rd::RD_KAFKA_EVENT_OAUTHBEARER_TOKEN_REFRESH;

/// One `rd_kafka_t` with its main queue. Dropping it destroys librdkafka's instance,
/// which joins librdkafka's threads: drop it off the JS thread (see DestroyTask).
pub struct KafkaClient {
    rk: *mut rd::rd_kafka_t,
    queue: *mut rd::rd_kafka_queue_t,
    // Boxed so its address, registered with librdkafka as the callback's opaque, never moves.
    wakeup: Box<Wakeup>,
}

// SAFETY: librdkafka's rd_kafka_t and rd_kafka_queue_t are documented thread-safe for the
// calls made through this type (produce, poll, flush, purge, metadata, transactions), and
// `Wakeup` is Send and Sync (see wakeup.rs).
unsafe impl Send for KafkaClient {}
// SAFETY: as above; no method takes `&mut self` state that is not internally synchronised.
unsafe impl Sync for KafkaClient {}

impl KafkaClient {
    pub fn new(config: NativeConfig, wakeup: Wakeup) -> Result<Self, String> {
        config.set("log.queue", "true")?;
        config.enable_events(EVENT_MASK);
        let rk = config.into_producer_instance()?;
        // SAFETY: rk is a fresh, valid instance. With log.queue=true, logs go to the queue we
        // set here (NULL = the main queue), next to delivery reports and errors.
        let queue = unsafe {
            rd::rd_kafka_set_log_queue(rk, std::ptr::null_mut());
            rd::rd_kafka_queue_get_main(rk)
        };
        let wakeup = Box::new(wakeup);
        // SAFETY: the queue is live; the box keeps the wakeup at one address, and Drop disables
        // the callback before the box is dropped.
        unsafe { wakeup.enable(queue) };
        Ok(KafkaClient { rk, queue, wakeup })
    }

    pub fn rk(&self) -> *mut rd::rd_kafka_t {
        self.rk
    }

    pub fn queue(&self) -> *mut rd::rd_kafka_queue_t {
        self.queue
    }

    pub fn wakeup(&self) -> &Wakeup {
        &self.wakeup
    }

    /// Messages (and requests) not yet finished: queued, in flight, or with an undrained report.
    pub fn outq_len(&self) -> i32 {
        // SAFETY: rk is valid for the lifetime of self.
        unsafe { rd::rd_kafka_outq_len(self.rk) }
    }
}

impl Drop for KafkaClient {
    fn drop(&mut self) {
        // SAFETY: the queue is live. With the callback disabled, nothing refers to `wakeup` any
        // more; the queue handle is released before the instance, as librdkafka requires.
        unsafe {
            Wakeup::disable(self.queue);
            rd::rd_kafka_queue_destroy(self.queue);
            rd::rd_kafka_destroy(self.rk);
        }
    }
}
