//! The JSON result line, hand-written to keep the dependency list to librdkafka and the histogram.

use crate::client::Client;
use crate::resources::peak_rss_mb;
use crate::workload::Measured;

pub fn success(client: &Client, measured: &Measured, idle_rss_mb: f64, version: &str) -> String {
    let deliveries = client.deliveries();
    let latency = match &deliveries.latency {
        Some(l) if !l.histogram.is_empty() => {
            let ms = |ns: u64| ns as f64 / 1e6;
            let h = &l.histogram;
            format!(
                "{{\"count\":{},\"p50\":{},\"p99\":{},\"p999\":{},\"max\":{},\"mean\":{}}}",
                h.len(),
                ms(h.value_at_quantile(0.5)),
                ms(h.value_at_quantile(0.99)),
                ms(h.value_at_quantile(0.999)),
                ms(h.max()),
                h.mean() / 1e6
            )
        }
        _ => "null".to_string(),
    };
    format!(
        "{{\"ok\":true,\"submitted\":{},\"acked\":{},\"failed\":{},\"firstError\":{},\"measured\":{{\"acked\":{},\"seconds\":{},\"cpuUs\":{}}},\"latencyMs\":{},\"eventLoopDelayP99Ms\":null,\"peakRssMb\":{},\"idleRssMb\":{},\"librdkafkaVersion\":\"{}\"}}",
        measured.submitted,
        deliveries.acked,
        deliveries.failed,
        deliveries.first_error.as_deref().map(quote).unwrap_or_else(|| "null".to_string()),
        measured.acked,
        measured.seconds,
        measured.cpu_us,
        latency,
        peak_rss_mb(),
        idle_rss_mb,
        version
    )
}

pub fn failure(message: &str) -> String {
    format!("{{\"ok\":false,\"error\":{}}}", quote(message))
}

fn quote(text: &str) -> String {
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c if (c as u32) < 0x20 => format!("\\u{:04x}", c as u32),
            c => c.to_string(),
        })
        .collect();
    format!("\"{escaped}\"")
}
