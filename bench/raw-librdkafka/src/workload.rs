//! The ways of offering load: a closed loop bounded by un-acked messages (S1, S3, S5), an
//! open loop at a fixed rate (S4), both warmed up first, and a burst of queued messages (S6).

use std::time::{Duration, Instant};

use crate::client::{Client, Produced};
use crate::resources::cpu_micros;

const SLOW_START: u64 = 1_000;

pub struct Measured {
    pub submitted: u64,
    pub acked: u64,
    pub seconds: f64,
    pub cpu_us: u64,
}

/// Snapshot taken when the measured phase starts.
struct Mark {
    at: Instant,
    acked: u64,
    cpu: u64,
}

fn mark(client: &Client) -> Mark {
    Mark {
        at: Instant::now(),
        acked: client.deliveries().acked,
        cpu: cpu_micros(),
    }
}

fn settled(client: &Client) -> u64 {
    client.deliveries().acked + client.deliveries().failed
}

fn finish(client: &Client, start: Mark, submitted: u64) -> Measured {
    Measured {
        submitted,
        acked: client.deliveries().acked - start.acked,
        seconds: start.at.elapsed().as_secs_f64(),
        cpu_us: cpu_micros() - start.cpu,
    }
}

/// Produces message `seq`, timed from `sent_at` when latency is measured. Returns false when
/// librdkafka's queue was full (after serving reports for a moment): the caller tries again.
fn submit(client: &mut Client, value: &[u8], seq: u64, sent_at: Instant) -> Result<bool, String> {
    if let Some(latency) = client.deliveries_mut().latency.as_mut() {
        latency.sent(seq, sent_at);
    }
    match client.produce(value, seq)? {
        Produced::Ok => Ok(true),
        Produced::QueueFull => {
            if let Some(latency) = client.deliveries_mut().latency.as_mut() {
                latency.unsend();
            }
            client.poll(1);
            Ok(false)
        }
    }
}

/// Keeps at most `window` messages un-acked. The measured phase runs from the end of the warm-up
/// until the last message has its report (as in bench/runner/loads/window-load.mjs).
/// `before`: messages already produced (and reported) before this load started.
pub fn window(
    client: &mut Client,
    value: &[u8],
    before: u64,
    window: u64,
    warmup: Duration,
    duration: Duration,
) -> Result<Measured, String> {
    let begin = Instant::now();
    let (warm_end, end) = (begin + warmup, begin + warmup + duration);
    let mut seq = 0u64;
    let mut start: Option<Mark> = None;
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        if start.is_none() && now >= warm_end {
            if let Some(latency) = client.deliveries_mut().latency.as_mut() {
                latency.record_from = seq;
            }
            start = Some(mark(client));
        }
        // Slow start, as in window-load.mjs: the bound grows with acknowledgements.
        let bound = window.min(SLOW_START + client.deliveries().acked);
        if before + seq - settled(client) >= bound {
            client.poll(10);
            continue;
        }
        if submit(client, value, seq, now)? {
            seq += 1;
        }
        if seq.is_multiple_of(1024) {
            client.poll(0);
        }
    }
    let start = start.unwrap_or_else(|| mark(client));
    drain(client, before + seq, Duration::from_secs(60));
    Ok(finish(client, start, before + seq))
}

/// Offers `rate` msg/s on a fixed schedule; latency is taken from each message's intended send time.
pub fn rate(
    client: &mut Client,
    value: &[u8],
    before: u64,
    rate: u64,
    warmup: Duration,
    duration: Duration,
) -> Result<Measured, String> {
    let begin = Instant::now();
    let interval_ns = 1e9 / rate as f64;
    let warm_count = (warmup.as_secs_f64() * rate as f64) as u64;
    let total = warm_count + (duration.as_secs_f64() * rate as f64) as u64;
    let intended = |seq: u64| begin + Duration::from_nanos((seq as f64 * interval_ns) as u64);
    if let Some(latency) = client.deliveries_mut().latency.as_mut() {
        latency.record_from = warm_count;
    }
    let mut seq = 0u64;
    let mut start: Option<Mark> = None;
    while seq < total {
        if start.is_none() && seq >= warm_count {
            start = Some(mark(client));
        }
        let due = intended(seq);
        if due > Instant::now() {
            // Wait in ~1 ms ticks, serving reports meanwhile, rather than spin: spinning would take
            // a core from the broker. Lateness is counted in latency (as in rate-load.mjs).
            client.poll(1);
            continue;
        }
        if submit(client, value, seq, due)? {
            seq += 1;
        }
        if seq.is_multiple_of(64) {
            client.poll(0);
        }
    }
    let start = start.unwrap_or_else(|| mark(client));
    Ok(finish(client, start, before + seq))
}

/// Submits `count` messages back to back, serving reports only when the queue is full, so that
/// (nearly) all of them are queued at once; then waits for every report (memory scenario).
pub fn burst(
    client: &mut Client,
    value: &[u8],
    before: u64,
    count: u64,
) -> Result<Measured, String> {
    let start = mark(client);
    let mut seq = 0u64;
    while seq < count {
        if submit(client, value, seq, Instant::now())? {
            seq += 1;
        }
    }
    drain(client, before + seq, Duration::from_secs(120));
    Ok(finish(client, start, before + seq))
}

/// Produces one message and waits for its report, so that connecting, fetching metadata and the
/// idempotent producer id happen before the warm-up (the Node runner does the same).
pub fn first_delivery(client: &mut Client, value: &[u8]) -> Result<u64, String> {
    while let Produced::QueueFull = client.produce(value, u64::MAX)? {
        client.poll(1);
    }
    drain(client, 1, Duration::from_secs(30));
    Ok(1)
}

/// Serves delivery reports until every produced message is reported, or `timeout` passes.
pub fn drain(client: &Client, submitted: u64, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while settled(client) < submitted && Instant::now() < deadline {
        client.poll(50);
    }
}
