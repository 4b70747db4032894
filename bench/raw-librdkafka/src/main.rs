//! Raw librdkafka producer benchmark: the ceiling the Node clients are compared with.
//! Prints one JSON object (the same shape as bench/runner/child.mjs) on stdout.

mod args;
mod client;
mod latency;
mod report;
mod resources;
mod workload;

use std::ffi::CStr;
use std::time::{Duration, Instant};

use client::Client;
use latency::Latency;

fn main() {
    let args = match args::parse() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("raw-librdkafka-bench: {message}");
            std::process::exit(2);
        }
    };
    match run(&args) {
        Ok(json) => println!("{json}"),
        Err(message) => {
            println!("{}", report::failure(&message));
            std::process::exit(1);
        }
    }
}

fn run(args: &args::Args) -> Result<String, String> {
    // The settings every client gets (see bench/scenarios/settings.mjs).
    let mut pairs = vec![
        ("bootstrap.servers", args.bootstrap.clone()),
        ("client.id", "raw-librdkafka-bench".to_string()),
        ("acks", "all".to_string()),
        ("enable.idempotence", "true".to_string()),
        ("linger.ms", args.linger_ms.to_string()),
        ("compression.codec", args.compression.clone()),
    ];
    if let Some(messages) = args.queue_messages {
        pairs.push(("queue.buffering.max.messages", messages.to_string()));
    }
    let rss_before = resources::current_rss_mb();
    let origin = Instant::now();
    let latency = args.latency.then(|| Latency::new(origin));
    let mut client = Client::new(&pairs, &args.topic, latency)?;
    let value = vec![b'x'; args.size];
    let (warmup, duration) = (
        Duration::from_millis(args.warmup_ms),
        Duration::from_millis(args.duration_ms),
    );
    let before = workload::first_delivery(&mut client, &value)?;
    let idle_rss_mb = resources::current_rss_mb() - rss_before;
    let measured = match args.mode.as_str() {
        "window" => workload::window(&mut client, &value, before, args.window, warmup, duration)?,
        "rate" => workload::rate(&mut client, &value, before, args.rate, warmup, duration)?,
        "burst" => workload::burst(&mut client, &value, before, args.count)?,
        other => return Err(format!("unknown mode {other}")),
    };
    workload::drain(&client, measured.submitted, Duration::from_secs(120));
    // SAFETY: rd_kafka_version_str returns a pointer to a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(rdkafka_sys::rd_kafka_version_str()) }
        .to_string_lossy()
        .into_owned();
    Ok(report::success(&client, &measured, idle_rss_mb, &version))
}
