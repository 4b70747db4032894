import type { ResolvedConfig } from '../config/resolve.js';
import { ErrorCode } from '../errors/codes.js';
import { KafkaError } from '../errors/kafka-errors.js';
import { defaultLogger, SECURITY_FACILITY, type LogEntry } from './log.js';
import type { MetricsTracker } from './metrics.js';
import type { NativeProducer, SideEvent } from '../native/binding.js';
import type { OAuthBearerToken } from '../config/options.js';
import { Reachability } from './reachability.js';
import { SecretScrubber } from '../security/redact.js';
import type { LibrdkafkaStatistics } from './statistics.js';
import { brokerAddress, diagnoseCertificate, LIBRDKAFKA_VERIFY_HINT } from '../security/tls-diagnosis.js';
import { rethrowLater } from '../errors/user-exceptions.js';

const WARNING = 4;
/** Token handovers whose values stay secrets: the current token and a few before it, which connections may still use. */
const REMEMBERED_TOKENS = 4;
/**
 * What librdkafka says when a connection without TLS reaches a TLS listener: the broker hangs up
 * while the first request (ApiVersion) waits, or its TLS alert is read as a huge response size.
 */
const TLS_LISTENER_SIGNS = /Disconnected.*in state APIVERSION_QUERY|connecting to a SSL listener\?|Invalid response size \d+/;
/** Hang-ups seen before the hint: one could be a broker going down; a TLS listener does it every time. */
const TLS_LISTENER_HANGUPS = 2;

/** The events a producer emits about itself (as opposed to its records). */
export interface ClientEventMap {
  /** A client-level error (brokers down, authentication, TLS, a fatal error): records may still be retried by librdkafka. */
  error: [error: KafkaError];
  /** librdkafka's statistics, every `statisticsIntervalMs`. */
  stats: [statistics: LibrdkafkaStatistics];
  /** A librdkafka log line or a ferrokafka warning. */
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
  /** The first fatal error librdkafka raised: every record failing afterwards failed because of it. */
  fatalError: KafkaError | undefined;
  #scrubber: SecretScrubber;
  /** Secrets of the latest OAUTHBEARER tokens handed to librdkafka, newest last. */
  readonly #tokenSecrets: string[][] = [];
  /** Per broker address, why its certificate failed verification (undefined: nothing more to say). */
  readonly #certificateFindings = new Map<string, Promise<string | undefined>>();
  #tlsListenerHangups = 0;
  readonly #reachability: Reachability;

  constructor(
    private readonly emitter: ClientEventTarget,
    private readonly native: NativeProducer,
    private readonly config: ResolvedConfig,
    private readonly metrics: MetricsTracker,
    private readonly logger: ((entry: LogEntry) => void) | undefined,
    private readonly onFatal: (error: KafkaError) => void,
  ) {
    this.#scrubber = new SecretScrubber(config.secrets);
    // After the constructor returns, so a 'log' listener attached right after `new Producer()` hears it.
    for (const message of config.warnings) queueMicrotask(() => this.log({ level: WARNING, facility: SECURITY_FACILITY, message }));
    const bootstrap = config.pairs[config.pairs.indexOf('bootstrap.servers') + 1] ?? '';
    this.#reachability = new Reachability(bootstrap, config.deliveryTimeoutMs, (error) => this.report(error));
  }

  /** A record was delivered: a broker is reachable, and earlier client errors explain nothing any more. */
  delivered(): void {
    if (this.lastError === undefined) return;
    this.lastError = undefined;
    this.#reachability.onReachable();
  }

  stop(): void {
    this.#reachability.stop();
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
      case 'log': {
        const message = this.redact(event.message ?? '');
        this.forwardLibrdkafkaLog({ level: event.level ?? 6, facility: event.facility ?? '', message });
        this.checkForTlsListener(message);
        break;
      }
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
    return this.#scrubber.scrub(text);
  }

  private onError(event: SideEvent): void {
    const error = KafkaError.fromCode(event.code ?? ErrorCode.FAIL, {
      message: this.redact(event.message ?? ''),
      fatal: event.fatal ?? false,
    });
    this.#reachability.onClientError(error);
    if (!this.explainCertificateFailure(error)) this.report(error);
  }

  /** To 'error' listeners, or one log line when there are none (an unhandled 'error' would crash the process). */
  private report(error: KafkaError): void {
    this.lastError = error;
    if (error.fatal) {
      this.fatalError ??= error;
      this.onFatal(error);
    }
    if (this.emitter.listenerCount('error') > 0) this.emitter.emit('error', error);
    else this.log({ level: error.fatal ? 2 : 3, facility: 'ERROR', message: `${error.type}: ${error.message}` });
  }

  /**
   * librdkafka words every certificate verification failure alike and points at the CA even when the
   * host name is what failed: look at the certificate and say which. The error waits for that.
   */
  private explainCertificateFailure(error: KafkaError): boolean {
    const tls = this.config.tls;
    const address = brokerAddress(error.message);
    if (tls === undefined || !tls.caKnown || address === undefined || error.type !== 'SSL' || !error.message.includes('certificate verify failed')) {
      return false;
    }
    const key = `${address.host}:${address.port}`;
    let finding = this.#certificateFindings.get(key);
    if (finding === undefined) {
      finding = diagnoseCertificate(address.host, address.port, tls).catch(() => undefined);
      this.#certificateFindings.set(key, finding);
    }
    void finding.then((reason) => {
      if (reason === undefined) return this.report(error);
      const message = LIBRDKAFKA_VERIFY_HINT.test(error.message)
        ? error.message.replace(LIBRDKAFKA_VERIFY_HINT, `: ${reason}`)
        : `${error.message}: ${reason}`;
      this.report(KafkaError.fromCode(error.code, { message, fatal: error.fatal }));
    });
    return true;
  }

  /**
   * Without TLS, a TLS listener looks like a broker that hangs up, and records end in a bare
   * "Message timed out" with no 'error' event: name the likely cause once.
   */
  private checkForTlsListener(message: string): void {
    if (this.config.tls !== undefined || this.#tlsListenerHangups >= TLS_LISTENER_HANGUPS || !TLS_LISTENER_SIGNS.test(message)) return;
    if (++this.#tlsListenerHangups < TLS_LISTENER_HANGUPS) return;
    const address = /(\w+:\/\/[^/\s]+)/.exec(message)?.[1] ?? 'a broker';
    this.report(
      KafkaError.fromCode(ErrorCode.TRANSPORT, {
        message:
          `${address} hung up before answering; it is likely a TLS listener, but this producer connects without TLS. ` +
          `Set tls: true (or TLS options) if the listener expects TLS (librdkafka said: ${message})`,
      }),
    );
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
    this.#reachability.onStatistics(statistics);
    if (this.emitter.listenerCount('stats') > 0) this.emitter.emit('stats', statistics);
  }

  /** Any failure (the provider throws, or librdkafka refuses its token) is reported, so librdkafka asks again. */
  private refreshOAuthToken(): void {
    const provider = this.config.oauthBearerProvider;
    if (provider === undefined) return;
    Promise.resolve()
      .then(() => provider())
      .then((token) => {
        checkTokenShape(token);
        const extensions = Object.entries(token.extensions ?? {});
        // librdkafka quotes a token or extension value it refuses in full: scrub them from then on
        // Extension values of a few characters are no secrets worth masking wherever they occur.
        this.rememberTokenSecrets([token.value, ...extensions.map(([, value]) => String(value)).filter((value) => value.length >= 4)]);
        this.native.setOauthbearerToken({
          value: token.value,
          lifetimeMs: token.expiresAtMs,
          principal: token.principal ?? 'ferrokafka',
          extensions: extensions.flat(),
        });
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

  private rememberTokenSecrets(secrets: string[]): void {
    this.#tokenSecrets.push(secrets);
    if (this.#tokenSecrets.length > REMEMBERED_TOKENS) this.#tokenSecrets.shift();
    this.#scrubber = new SecretScrubber([...this.config.secrets, ...this.#tokenSecrets.flat()]);
  }
}

/** A provider's answer must be a token librdkafka can take; the error never repeats the token. */
function checkTokenShape(token: OAuthBearerToken): void {
  if (token === null || typeof token !== 'object' || typeof token.value !== 'string' || token.value === '') {
    throw new Error('the oauthBearerProvider must return { value, expiresAtMs } with the token as a non-empty string value');
  }
  if (typeof token.expiresAtMs !== 'number' || !Number.isFinite(token.expiresAtMs)) {
    throw new Error(
      "the oauthBearerProvider's token needs expiresAtMs, its absolute expiry in ms since the epoch (KafkaJS's { value } shape has none)",
    );
  }
}
