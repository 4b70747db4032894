package producerbench;

/**
 * Memory (S6-queued1M): `count` messages sent back to back without waiting for any report, so that
 * (nearly) all are queued in the producer at once, then every report awaited; the process's peak
 * RSS is the measure (as bench/runner/loads/burst-load.mjs).
 */
final class BurstLoad {
  private static final long DRAIN_TIMEOUT_MS = 120_000;

  private BurstLoad() {}

  static Measurement.Measured run(Submitter submitter, Deliveries deliveries, RunArgs args) {
    Measurement measurement = Measurement.start(deliveries);
    for (long sent = 0; sent < args.count(); sent++) submitter.submit(Submitter.UNTIMED);
    boolean complete = deliveries.awaitSettled(submitter.submitted(), DRAIN_TIMEOUT_MS);
    return measurement.stop(false, !complete);
  }
}
