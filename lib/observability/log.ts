/** One librdkafka log line. Levels are syslog's: 0 emergency .. 3 error, 4 warning .. 7 debug. */
export interface LogEntry {
  /** Syslog severity, 0 (emergency) to 7 (debug). */
  level: number;
  /** librdkafka's facility (`BROKER`, `SASL`, ...) or ferrokafka's own (`SECURITY`). */
  facility: string;
  /** The line itself, scrubbed of secrets. */
  message: string;
}

const WARNING = 4;
/** The facility of ferrokafka's own security warnings (librdkafka has no such facility). */
export const SECURITY_FACILITY = 'SECURITY';

/**
 * What happens to ferrokafka's own errors and warnings (security, exit) when the user gave no
 * logger and no 'log' listener: stderr. librdkafka's own lines never come here (see ClientEvents).
 */
export function defaultLogger(entry: LogEntry): void {
  if (entry.level <= WARNING) {
    process.stderr.write(`ferrokafka [${entry.facility}] ${entry.message}\n`);
  }
}
