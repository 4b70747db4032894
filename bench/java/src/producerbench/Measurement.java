package producerbench;

/** The measured phase: started at the end of the warm-up, it counts acknowledgements, seconds and CPU time since. */
final class Measurement {
  /** What the measured phase saw, and how the load ended. */
  record Measured(long acked, double seconds, long cpuUs, boolean saturated, boolean drainTimedOut) {
    Measured withDrainTimedOut(boolean timedOut) {
      return new Measured(acked, seconds, cpuUs, saturated, timedOut);
    }
  }

  private final Deliveries deliveries;
  private final long startNanos = System.nanoTime();
  private final long startCpuMicros = ProcessResources.cpuMicros();
  private final long startAcked;

  private Measurement(Deliveries deliveries) {
    this.deliveries = deliveries;
    this.startAcked = deliveries.acked();
  }

  static Measurement start(Deliveries deliveries) {
    return new Measurement(deliveries);
  }

  Measured stop(boolean saturated, boolean drainTimedOut) {
    return new Measured(
        deliveries.acked() - startAcked,
        (System.nanoTime() - startNanos) / 1e9,
        ProcessResources.cpuMicros() - startCpuMicros,
        saturated,
        drainTimedOut);
  }
}
