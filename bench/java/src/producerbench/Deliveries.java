package producerbench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts what the delivery callbacks report and lets the sending thread wait for reports. Callbacks
 * run on the producer's I/O thread (and, for a record send() refuses, on the sending thread), hence
 * atomics; the thread waiting for a report is woken by the next one.
 */
final class Deliveries implements Callback {
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  /** Null when the run measures no latency. */
  private final Latency latency;
  private volatile Thread waiting;

  Deliveries(Latency latency) {
    this.latency = latency;
  }

  /** The untimed callback, shared by every message that records no latency. */
  @Override
  public void onCompletion(RecordMetadata metadata, Exception error) {
    settle(error);
  }

  /** A callback that also records the latency from `sentAtNanos` (System.nanoTime) on success. */
  Callback timed(long sentAtNanos) {
    return (metadata, error) -> {
      // Recorded before the count moves, so a reader that sees the final count sees every latency.
      if (error == null && latency != null) latency.record(System.nanoTime() - sentAtNanos);
      settle(error);
    };
  }

  private void settle(Exception error) {
    if (error == null) {
      acked.incrementAndGet();
    } else {
      firstError.compareAndSet(null, error.toString());
      failed.incrementAndGet();
    }
    Thread thread = waiting;
    if (thread != null) LockSupport.unpark(thread);
  }

  long acked() {
    return acked.get();
  }

  long failed() {
    return failed.get();
  }

  long settled() {
    return acked.get() + failed.get();
  }

  String firstError() {
    return firstError.get();
  }

  /** Waits for the next report, or `timeoutMillis` (as the Node runner's waiter.next). */
  void awaitReport(long timeoutMillis) {
    awaitSettled(settled() + 1, timeoutMillis);
  }

  /** Waits until `target` messages have their report; false when `timeoutMillis` passed first. */
  boolean awaitSettled(long target, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    waiting = Thread.currentThread();
    try {
      // Re-checked after `waiting` is set: a report that lands in between unparks this thread.
      while (settled() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        LockSupport.parkNanos(this, left);
      }
      return true;
    } finally {
      waiting = null;
    }
  }
}
