//! Command-line options, as `--name value` pairs (the same names the JS runners take).

use std::collections::HashMap;

pub struct Args {
    pub bootstrap: String,
    pub topic: String,
    /// "window" (at most `window` un-acked messages), "rate" (open loop at `rate` msg/s) or
    /// "burst" (`count` messages submitted at once).
    pub mode: String,
    pub size: usize,
    pub compression: String,
    pub linger_ms: u32,
    pub warmup_ms: u64,
    pub duration_ms: u64,
    pub window: u64,
    pub rate: u64,
    /// Messages of a "burst" run (all submitted at once).
    pub count: u64,
    /// librdkafka's queue.buffering.max.messages, when the scenario sets it.
    pub queue_messages: Option<u64>,
    /// Record a latency per message (S3/S4/S5); off for pure throughput runs.
    pub latency: bool,
}

pub fn parse() -> Result<Args, String> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let mut map = HashMap::new();
    let mut it = raw.into_iter();
    while let Some(name) = it.next() {
        let key = name
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument {name}"))?
            .to_string();
        let value = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
        map.insert(key, value);
    }
    let text =
        |key: &str, default: &str| map.get(key).cloned().unwrap_or_else(|| default.to_string());
    let number = |key: &str, default: u64| -> Result<u64, String> {
        match map.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key} must be a number, got {v}")),
        }
    };
    Ok(Args {
        bootstrap: map
            .get("bootstrap")
            .cloned()
            .ok_or("--bootstrap is required")?,
        topic: map.get("topic").cloned().ok_or("--topic is required")?,
        mode: text("mode", "window"),
        size: number("size", 100)? as usize,
        compression: text("compression", "none"),
        linger_ms: number("linger-ms", 5)? as u32,
        warmup_ms: number("warmup-ms", 1000)?,
        duration_ms: number("duration-ms", 3000)?,
        window: number("window", 50_000)?,
        rate: number("rate", 10_000)?,
        count: number("count", 1_000_000)?,
        queue_messages: match map.get("queue-messages") {
            None => None,
            Some(_) => Some(number("queue-messages", 0)?),
        },
        latency: text("latency", "false") == "true",
    })
}
