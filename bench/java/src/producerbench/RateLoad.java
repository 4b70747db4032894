package producerbench;

import java.util.concurrent.TimeUnit;

/**
 * Open loop (S4): messages offered on a fixed schedule whatever the producer does; each latency runs
 * from the message's intended send time (no coordinated omission), as
 * bench/runner/loads/rate-load.mjs. More than 1 s of messages outstanding: saturated, stopped.
 */
final class RateLoad {
  private static final double SATURATION_SECONDS = 1;

  private RateLoad() {}

  static Measurement.Measured run(Submitter submitter, Deliveries deliveries, RunArgs args) throws InterruptedException {
    double intervalNanos = 1e9 / args.rate();
    long warmCount = Math.round(args.warmup().toMillis() / 1000.0 * args.rate());
    long total = warmCount + Math.round(args.duration().toMillis() / 1000.0 * args.rate());
    long cap = Math.max(1000, Math.round(args.rate() * SATURATION_SECONDS));
    long begin = System.nanoTime();
    long seq = 0;
    Measurement measurement = null;
    boolean saturated = false;
    while (seq < total && !saturated) {
      long due = Math.min(total, (long) Math.floor((System.nanoTime() - begin) / intervalNanos) + 1);
      while (seq < due) {
        if (seq == warmCount && measurement == null) measurement = Measurement.start(deliveries);
        if (submitter.outstanding() >= cap) {
          saturated = true;
          break;
        }
        long intended = begin + Math.round(seq * intervalNanos);
        submitter.submit(args.latency() && seq >= warmCount ? intended : Submitter.UNTIMED);
        seq++;
      }
      // Sleep in ~1 ms ticks rather than spin, which would take a core from the broker; a message
      // due meanwhile goes out late by up to ~1 ms, and that lateness is in its latency.
      long waitNanos = begin + Math.round(seq * intervalNanos) - System.nanoTime();
      if (waitNanos > 0) Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
    }
    return (measurement == null ? Measurement.start(deliveries) : measurement).stop(saturated, false);
  }
}
