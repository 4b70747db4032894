//! Per-message latency from a message's (intended) send time to its delivery report, in an HDR histogram.

use std::time::Instant;

use hdrhistogram::Histogram;

pub struct Latency {
    origin: Instant,
    /// Send time of message `seq`, in ns since `origin`.
    sent_at: Vec<u64>,
    /// Messages before this one are warm-up and not recorded.
    pub record_from: u64,
    pub histogram: Histogram<u64>,
}

impl Latency {
    pub fn new(origin: Instant) -> Latency {
        Latency {
            origin,
            sent_at: Vec::with_capacity(1 << 20),
            record_from: u64::MAX,
            histogram: Histogram::new_with_bounds(1_000, 120_000_000_000, 3)
                .expect("histogram bounds"),
        }
    }

    /// `at` is the intended send time (open loop) or the actual one (closed loop).
    pub fn sent(&mut self, seq: u64, at: Instant) {
        debug_assert_eq!(seq as usize, self.sent_at.len());
        self.sent_at
            .push(at.duration_since(self.origin).as_nanos() as u64);
    }

    /// Forgets the last `sent` (librdkafka's queue was full; the message will be offered again).
    pub fn unsend(&mut self) {
        self.sent_at.pop();
    }

    pub fn record(&mut self, seq: u64, now: Instant) {
        if seq < self.record_from || seq as usize >= self.sent_at.len() {
            return;
        }
        let sent = self.sent_at[seq as usize];
        let took = (now.duration_since(self.origin).as_nanos() as u64).saturating_sub(sent);
        self.histogram.saturating_record(took.max(1_000));
    }
}
