package producerbench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The run spec, as the `--name value` flags the raw librdkafka baseline takes (bench/runner/execute-run.mjs
 * builds both from the same spec).
 */
record RunArgs(
    String bootstrap,
    String topic,
    /** "window" (at most `window` un-acked), "rate" (open loop at `rate` msg/s) or "burst" (`count` at once). */
    String mode,
    int size,
    String acks,
    boolean idempotence,
    int lingerMs,
    String compression,
    Duration warmup,
    Duration duration,
    long window,
    long rate,
    long count,
    /** Record a latency per message (S3, S4). */
    boolean latency) {

  private static final Set<String> KNOWN =
      Set.of(
          "bootstrap", "topic", "mode", "size", "acks", "idempotence", "compression", "linger-ms",
          "warmup-ms", "duration-ms", "window", "rate", "count", "queue-messages", "latency");
  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

  /** @throws IllegalArgumentException naming the flag that is missing, unknown or malformed */
  static RunArgs parse(String[] argv) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + argv[i]);
      String name = argv[i].substring(2);
      if (!KNOWN.contains(name)) throw new IllegalArgumentException("unknown flag --" + name);
      if (i + 1 >= argv.length) throw new IllegalArgumentException("--" + name + " needs a value");
      flags.put(name, argv[i + 1]);
    }
    String compression = flags.getOrDefault("compression", "none");
    if (!COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException("--compression must be one of " + COMPRESSIONS + ", got " + compression);
    }
    String mode = flags.getOrDefault("mode", "window");
    if (!Set.of("window", "rate", "burst").contains(mode)) {
      throw new IllegalArgumentException("--mode must be window, rate or burst, got " + mode);
    }
    return new RunArgs(
        required(flags, "bootstrap"),
        required(flags, "topic"),
        mode,
        (int) number(flags, "size", 100),
        flags.getOrDefault("acks", "all"),
        Boolean.parseBoolean(flags.getOrDefault("idempotence", "true")),
        (int) number(flags, "linger-ms", 5),
        compression,
        Duration.ofMillis(number(flags, "warmup-ms", 1000)),
        Duration.ofMillis(number(flags, "duration-ms", 3000)),
        number(flags, "window", 50_000),
        number(flags, "rate", 10_000),
        number(flags, "count", 1_000_000),
        Boolean.parseBoolean(flags.getOrDefault("latency", "false")));
  }

  private static String required(Map<String, String> flags, String name) {
    String value = flags.get(name);
    if (value == null) throw new IllegalArgumentException("--" + name + " is required");
    return value;
  }

  private static long number(Map<String, String> flags, String name, long fallback) {
    String value = flags.get(name);
    if (value == null) return fallback;
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 0) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number >= 0, got " + value);
    }
  }
}
