//! Drains librdkafka's event queue on the JS thread and writes delivery reports into
//! a Float64Array shared with JS: no JS object is created per report.

use rdkafka_sys as rd;

use crate::api::side_events::{read_side_event, SideEvent};
use crate::hot_path::failed_records::{copy_failed, FailedBytes};
use crate::kafka::client::KafkaClient;

use crate::layout::{
    DRAIN_COUNT_MASK, DRAIN_FAILED_RECORDS_FLAG, DRAIN_SIDE_EVENTS_FLAG, REPORT_CODE,
    REPORT_OFFSET, REPORT_PARTITION, REPORT_PERSISTENCE, REPORT_SLOT, REPORT_STRIDE,
    REPORT_TIMESTAMP,
};

/// A delivery-report event that did not fit in the last drain, kept for the next one.
#[derive(Default)]
pub struct DeliveryDrain {
    partial: Option<PartialEvent>,
    pub side_events: Vec<SideEvent>,
    /// Failed records' bytes, collected only when the drain is asked to (see failed_records.rs).
    pub failed: Vec<FailedBytes>,
}

struct PartialEvent(*mut rd::rd_kafka_event_t);

impl DeliveryDrain {
    /// Writes up to `reports.len() / REPORT_STRIDE` reports; returns how many, plus
    /// DRAIN_SIDE_EVENTS_FLAG when side events are waiting and DRAIN_FAILED_RECORDS_FLAG when failed
    /// records' bytes are (copied only with `keep_failed`).
    pub fn drain(&mut self, client: &KafkaClient, reports: &mut [f64], keep_failed: bool) -> u32 {
        client.wakeup().rearm();
        // The count shares the result with the flags: never more reports than its bits hold.
        let capacity = (reports.len() / REPORT_STRIDE).min(DRAIN_COUNT_MASK as usize);
        let mut written = 0usize;
        while written < capacity {
            let event = match self.partial.take() {
                Some(PartialEvent(event)) => event,
                // SAFETY: the queue belongs to the live client; timeout 0 never blocks.
                None => unsafe { rd::rd_kafka_queue_poll(client.queue(), 0) },
            };
            if event.is_null() {
                break;
            }
            // SAFETY: `event` was just polled (or kept from a previous drain) and not destroyed.
            let is_delivery = unsafe { rd::rd_kafka_event_type(event) } == rd::RD_KAFKA_EVENT_DR;
            if !is_delivery {
                // SAFETY: as above; the event is destroyed right after being copied.
                unsafe {
                    if let Some(side) = read_side_event(client.rk(), event) {
                        self.side_events.push(side);
                    }
                    rd::rd_kafka_event_destroy(event);
                }
                continue;
            }
            loop {
                if written == capacity {
                    self.partial = Some(PartialEvent(event));
                    break;
                }
                // SAFETY: the DR event is live; message_next iterates its messages in order.
                let message = unsafe { rd::rd_kafka_event_message_next(event) };
                if message.is_null() {
                    // SAFETY: all its messages were read; nothing refers to the event any more.
                    unsafe { rd::rd_kafka_event_destroy(event) };
                    break;
                }
                // SAFETY: message belongs to the live event.
                unsafe {
                    write_report(&mut reports[written * REPORT_STRIDE..], message);
                    if keep_failed
                        && (*message).err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
                    {
                        self.failed.push(copy_failed(message));
                    }
                }
                written += 1;
            }
        }
        let mut flags = 0;
        if !self.side_events.is_empty() {
            flags |= DRAIN_SIDE_EVENTS_FLAG;
        }
        if !self.failed.is_empty() {
            flags |= DRAIN_FAILED_RECORDS_FLAG;
        }
        written as u32 | flags
    }

    /// Destroys a kept partial event (before the client goes away).
    pub fn discard(&mut self) {
        if let Some(PartialEvent(event)) = self.partial.take() {
            // SAFETY: the kept event is live and owned by us.
            unsafe { rd::rd_kafka_event_destroy(event) };
        }
    }
}

/// # Safety
/// `message` must be a live message of a delivery-report event.
unsafe fn write_report(out: &mut [f64], message: *const rd::rd_kafka_message_t) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let m = &*message;
        let mut timestamp_type = rd::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
        let timestamp = rd::rd_kafka_message_timestamp(message, &mut timestamp_type);
        out[REPORT_SLOT] = m._private as usize as f64;
        out[REPORT_CODE] = m.err as i32 as f64;
        out[REPORT_PARTITION] = m.partition as f64;
        out[REPORT_OFFSET] = m.offset as f64;
        out[REPORT_TIMESTAMP] = timestamp as f64;
        out[REPORT_PERSISTENCE] = rd::rd_kafka_message_status(message) as i32 as f64;
    }
}
