import { ErrorCode } from '../errors/codes.js';
import { KafkaError } from '../errors/kafka-errors.js';
import type { LibrdkafkaStatistics } from './statistics.js';

/** How long connections may keep failing before the producer says that no broker is reachable. */
export const UNREACHABLE_AFTER_MS = 10_000;

/**
 * Client errors that mean no connection could be made. Authentication and TLS failures are
 * not among them: the broker was reached, and their own error events already say what failed.
 */
const CONNECTION_FAILURES: ReadonlySet<number> = new Set([ErrorCode.TRANSPORT, ErrorCode.ALL_BROKERS_DOWN, ErrorCode.RESOLVE]);

/**
 * Says early, in one clear error, that no broker has been reachable: librdkafka retries
 * quietly until each record's delivery timeout (minutes), so a misconfigured address would
 * otherwise show only as records failing much later. Any sign of a live broker (a record
 * delivered, a statistics report with a broker up) resets it.
 */
export class Reachability {
  private failingSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bootstrapServers: string,
    private readonly deliveryTimeoutMs: number,
    private readonly report: (error: KafkaError) => void,
  ) {}

  onClientError(error: KafkaError): void {
    if (!CONNECTION_FAILURES.has(error.code) || this.failingSince !== undefined) return;
    this.failingSince = performance.now();
    // Unreferenced: an idle producer must not keep the process alive for this.
    this.timer = setTimeout(() => this.unreachable(error), UNREACHABLE_AFTER_MS).unref();
  }

  onStatistics(statistics: LibrdkafkaStatistics): void {
    for (const broker of Object.values(statistics.brokers ?? {})) {
      if (broker.state === 'UP') {
        this.onReachable();
        return;
      }
    }
  }

  onReachable(): void {
    this.failingSince = undefined;
    this.stop();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private unreachable(first: KafkaError): void {
    this.timer = undefined;
    if (this.failingSince === undefined) return;
    const seconds = Math.round((performance.now() - this.failingSince) / 1000);
    this.report(
      new KafkaError({
        code: ErrorCode.ALL_BROKERS_DOWN,
        type: 'ALL_BROKERS_DOWN',
        message:
          `no broker has been reachable for ${seconds} s: tried ${this.bootstrapServers} (bootstrapServers); the first failure was ${first.type}: ${first.message}. ` +
          (this.deliveryTimeoutMs === 0
            ? 'Records wait until a broker becomes reachable (deliveryTimeoutMs 0: no timeout)'
            : `Records fail after deliveryTimeoutMs (${this.deliveryTimeoutMs} ms) unless a broker becomes reachable`),
        retriable: true,
        cause: first,
      }),
    );
  }
}
