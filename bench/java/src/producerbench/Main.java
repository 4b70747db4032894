package producerbench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * One benchmark run of the official Java producer (kafka-clients) in its own JVM: the same run spec
 * and the same JSON result line as the raw librdkafka baseline (bench/raw-librdkafka).
 */
public final class Main {
  private static final long FIRST_DELIVERY_TIMEOUT_MS = 30_000;
  private static final long DRAIN_TIMEOUT_MS = 60_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private Main() {}

  public static void main(String[] argv) {
    RunArgs args;
    try {
      args = RunArgs.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("java-producer-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      System.out.println(run(args));
      System.exit(0);
    } catch (Throwable error) {
      System.out.println(ResultLine.failure(error));
      System.exit(1);
    }
  }

  private static String run(RunArgs args) throws InterruptedException {
    Latency latency = args.latency() ? new Latency() : null;
    Deliveries deliveries = new Deliveries(latency);
    double rssBefore = ProcessResources.currentRssMb();
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerSettings.of(args));
    try {
      byte[] value = new byte[args.size()];
      Arrays.fill(value, (byte) 'x');
      Submitter submitter = new Submitter(producer, args.topic(), value, deliveries);
      // One message and its report first, so that connecting, metadata and the idempotent producer
      // id are done before the warm-up starts (as the other contenders do).
      submitter.submit(Submitter.UNTIMED);
      if (!deliveries.awaitSettled(1, FIRST_DELIVERY_TIMEOUT_MS)) {
        throw new IllegalStateException("no report for the first message within 30 s");
      }
      double idleRssMb = ProcessResources.currentRssMb() - rssBefore;
      Measurement.Measured measured =
          switch (args.mode()) {
            case "rate" -> RateLoad.run(submitter, deliveries, args);
            case "burst" -> BurstLoad.run(submitter, deliveries, args);
            default -> WindowLoad.run(submitter, deliveries, args);
          };
      // The rate load returns without waiting for its last reports: every load ends drained here.
      boolean complete = !measured.drainTimedOut() && deliveries.awaitSettled(submitter.submitted(), DRAIN_TIMEOUT_MS);
      return ResultLine.success(submitter, deliveries, measured.withDrainTimedOut(!complete), latency, idleRssMb, clientVersion());
    } finally {
      // Bounded: after a drain that timed out, records may still be pending.
      producer.close(CLOSE_TIMEOUT);
    }
  }

  /** kafka-clients' version, with the JVM and the garbage collector it ran under. */
  private static String clientVersion() {
    String collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
    return AppInfoParser.getVersion() + " (Java " + Runtime.version() + ", " + collectors + ")";
  }
}
