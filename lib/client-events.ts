import type { ResolvedConfig } from './config-builder.js';
import { ErrorCode } from './error-codes.js';
import { KafkaError } from './errors.js';
import { defaultLogger, type LogEntry } from './log.js';
import type { MetricsTracker } from './metrics.js';
import type { NativeProducer, SideEvent } from './native.js';
import { Reachability } from './reachability.js';
import { redactSecrets } from './redact.js';
import { rethrowLater } from './user-exceptions.js';
import type { LibrdkafkaStatistics } from './statistics.js';

/** The events a producer emits about itself (as opposed to its records). */
export interface ClientEventMap {
  error: [error: KafkaError];
  stats: [statistics: LibrdkafkaStatistics];
  log: [entry: LogEntry];
}

/** Where client events go: the producer itself. */
export interface ClientEventTarget {
  listenerCount(event: keyof ClientEventMap): number;
  emit<E extends keyof ClientEventMap>(event: E, ...args: ClientEventMap[E]): boolean;
}

/**
 * Routes librdkafka's non-delivery events: client errors to 'error' (or the log when nobody
 * listens, so an unhandled 'error' never crashes the process), statistics to the metrics and
 * 'stats', log lines to the logger, and token-refresh requests to the OAUTHBEARER provider.
 * Everything that librdkafka wrote is scrubbed of configured secrets first.
 */
export class ClientEvents {
  /** The latest client-level error since the last successful delivery (see Producer.#deliveryError). */
  lastError: KafkaError | undefined;
  private readonly reachability: Reachability;

  constructor(
    private readonly emitter: ClientEventTarget,
    private readonly native: NativeProducer,
    private readonly config: ResolvedConfig,
    private readonly metrics: MetricsTracker,
    private readonly logger: ((entry: LogEntry) => void) | undefined,
    private readonly onFatal: (error: KafkaError) => void,
  ) {
    const bootstrap = config.pairs[config.pairs.indexOf('bootstrap.servers') + 1] ?? '';
    this.reachability = new Reachability(bootstrap, config.deliveryTimeoutMs, (error) => this.raise(error));
  }

  /** A record was delivered: a broker is reachable, and earlier client errors explain nothing any more. */
  delivered(): void {
    if (this.lastError === undefined) return;
    this.lastError = undefined;
    this.reachability.onReachable();
  }

  stop(): void {
    this.reachability.stop();
  }

  handle(events: SideEvent[]): void {
    for (const event of events) {
      try {
        this.handleOne(event);
      } catch (thrown) {
        // A user's listener or logger threw: the other events (and the drain) go on.
        rethrowLater(thrown);
      }
    }
  }

  private handleOne(event: SideEvent): void {
    switch (event.kind) {
      case 'error':
        this.onError(event);
        break;
      case 'stats':
        this.onStatistics(event.message ?? '{}');
        break;
      case 'log':
        this.forwardLibrdkafkaLog({ level: event.level ?? 6, facility: event.facility ?? '', message: this.redact(event.message ?? '') });
        break;
      case 'oauthbearer-token-refresh':
        this.refreshOAuthToken();
        break;
    }
  }

  /** ferrokafka's own lines (errors nobody listens for, warnings): to the logger, else to stderr. */
  log(entry: LogEntry): void {
    if (this.logger !== undefined) this.logger(entry);
    else if (this.emitter.listenerCount('log') > 0) this.emitter.emit('log', entry);
    else defaultLogger(entry);
  }

  /**
   * librdkafka's own log lines go only to a logger or 'log' listener: its error lines repeat
   * the error events, which already print once (or reach the user's 'error' listener).
   */
  private forwardLibrdkafkaLog(entry: LogEntry): void {
    if (this.logger !== undefined) this.logger(entry);
    else if (this.emitter.listenerCount('log') > 0) this.emitter.emit('log', entry);
  }

  redact(text: string): string {
    return redactSecrets(text, this.config.secrets);
  }

  private onError(event: SideEvent): void {
    const error = KafkaError.fromCode(event.code ?? ErrorCode.FAIL, {
      message: this.redact(event.message ?? ''),
      fatal: event.fatal ?? false,
    });
    this.reachability.onClientError(error);
    this.raise(error);
  }

  /** To 'error' listeners, or one log line when there are none (an unhandled 'error' would crash the process). */
  private raise(error: KafkaError): void {
    this.lastError = error;
    if (error.fatal) this.onFatal(error);
    if (this.emitter.listenerCount('error') > 0) this.emitter.emit('error', error);
    else this.log({ level: error.fatal ? 2 : 3, facility: 'ERROR', message: `${error.type}: ${error.message}` });
  }

  private onStatistics(json: string): void {
    let statistics: LibrdkafkaStatistics;
    try {
      statistics = JSON.parse(json) as LibrdkafkaStatistics;
    } catch {
      return;
    }
    this.metrics.counters.payloadBytes = this.native.payloadBytes;
    this.metrics.onStatistics(statistics);
    this.reachability.onStatistics(statistics);
    if (this.emitter.listenerCount('stats') > 0) this.emitter.emit('stats', statistics);
  }

  /** Any failure (the provider throws, or librdkafka refuses its token) is reported, so librdkafka asks again. */
  private refreshOAuthToken(): void {
    const provider = this.config.oauthBearerProvider;
    if (provider === undefined) return;
    Promise.resolve()
      .then(() => provider())
      .then((token) => {
        const extensions = Object.entries(token.extensions ?? {}).flat();
        this.native.setOauthbearerToken(token.value, token.expiresAtMs, token.principal ?? 'ferrokafka', extensions);
      })
      .catch((error: unknown) => {
        const reason = this.redact(String((error as Error)?.message ?? error));
        try {
          this.native.setOauthbearerTokenFailure(reason);
        } catch {
          this.log({ level: 3, facility: 'OAUTHBEARER', message: reason });
        }
      });
  }
}
