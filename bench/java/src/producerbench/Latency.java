package producerbench;

import org.HdrHistogram.Histogram;

/**
 * Per-message latency from a message's (intended) send time to its delivery report, in µs, 1 µs to
 * 120 s at 3 significant digits (as bench/runner/measurement.mjs). Recorded only on the producer's
 * I/O thread, which runs every successful delivery callback; read after every report is in.
 */
final class Latency {
  private final Histogram histogram = new Histogram(1, 120_000_000L, 3);

  void record(long tookNanos) {
    histogram.recordValue(Math.min(120_000_000L, Math.max(1, Math.round(tookNanos / 1000.0))));
  }

  /** The JSON object child.mjs prints (ms), or null when nothing was recorded. */
  String summaryJson() {
    if (histogram.getTotalCount() == 0) return "null";
    return String.format(
        java.util.Locale.ROOT,
        "{\"count\":%d,\"p50\":%s,\"p99\":%s,\"p999\":%s,\"max\":%s,\"mean\":%s}",
        histogram.getTotalCount(),
        ms(histogram.getValueAtPercentile(50)),
        ms(histogram.getValueAtPercentile(99)),
        ms(histogram.getValueAtPercentile(99.9)),
        ms(histogram.getMaxValue()),
        Double.toString(histogram.getMean() / 1000.0));
  }

  private static String ms(long micros) {
    return Double.toString(micros / 1000.0);
  }
}
