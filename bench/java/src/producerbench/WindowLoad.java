package producerbench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Closed loop (S1, S3, S5): at most `window` messages un-acked, refilled as reports arrive, with the
 * same slow start as bench/runner/loads/window-load.mjs. The measured phase runs from the end of the
 * warm-up until the last message sent has its report. A window of 1 (S3, S5-inflight1) is the
 * serial round trip a Java caller writes: send(record, callback).get().
 */
final class WindowLoad {
  private static final long SLOW_START = 1_000;
  private static final long DRAIN_TIMEOUT_MS = 60_000;

  private WindowLoad() {}

  static Measurement.Measured run(Submitter submitter, Deliveries deliveries, RunArgs args) throws InterruptedException {
    long begin = System.nanoTime();
    long warmEnd = begin + args.warmup().toNanos();
    long end = warmEnd + args.duration().toNanos();
    Measurement measurement = null;
    boolean recording = false;
    for (;;) {
      long now = System.nanoTime();
      if (now - end >= 0) break;
      if (measurement == null && now - warmEnd >= 0) {
        measurement = Measurement.start(deliveries);
        recording = args.latency();
      }
      // Slow start: the bound grows with acknowledgements (as TCP's window does).
      long bound = Math.min(args.window(), SLOW_START + deliveries.acked());
      if (submitter.outstanding() + 1 > bound) {
        deliveries.awaitReport(50);
        continue;
      }
      Future<RecordMetadata> sent = submitter.submit(recording ? now : Submitter.UNTIMED);
      // get() returns after the record's callback ran, so the counts are current afterwards.
      if (args.window() == 1) awaitQuietly(sent);
    }
    if (measurement == null) measurement = Measurement.start(deliveries);
    boolean complete = deliveries.awaitSettled(submitter.submitted(), DRAIN_TIMEOUT_MS);
    return measurement.stop(false, !complete);
  }

  /** A failed delivery is already counted by its callback; the loop goes on as the Node loads do. */
  private static void awaitQuietly(Future<RecordMetadata> sent) throws InterruptedException {
    try {
      sent.get();
    } catch (ExecutionException counted) {
      // counted in Deliveries
    }
  }
}
