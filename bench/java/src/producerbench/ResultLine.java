package producerbench;

import java.util.Locale;

/** The one JSON line a client process prints (the shape of bench/types.d.mts ChildResult), written by hand to need no JSON library. */
final class ResultLine {
  private ResultLine() {}

  static String success(
      Submitter submitter, Deliveries deliveries, Measurement.Measured measured, Latency latency, double idleRssMb, String clientVersion) {
    return String.format(
        Locale.ROOT,
        "{\"ok\":true,\"submitted\":%d,\"acked\":%d,\"failed\":%d,\"firstError\":%s,\"drainTimedOut\":%b,\"saturated\":%b,"
            + "\"measured\":{\"acked\":%d,\"seconds\":%s,\"cpuUs\":%d},\"latencyMs\":%s,\"eventLoopDelayP99Ms\":null,"
            + "\"peakRssMb\":%s,\"idleRssMb\":%s,\"versions\":{\"client\":%s,\"librdkafka\":null}}",
        submitter.submitted(),
        deliveries.acked(),
        deliveries.failed(),
        quote(deliveries.firstError()),
        measured.drainTimedOut(),
        measured.saturated(),
        measured.acked(),
        number(measured.seconds()),
        measured.cpuUs(),
        latency == null ? "null" : latency.summaryJson(),
        number(ProcessResources.peakRssMb()),
        number(idleRssMb),
        quote(clientVersion));
  }

  static String failure(Throwable error) {
    return "{\"ok\":false,\"error\":" + quote(String.valueOf(error)) + "}";
  }

  private static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }

  private static String quote(String text) {
    if (text == null) return "null";
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
