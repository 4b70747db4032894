/** One librdkafka log line. Levels are syslog's: 0 emergency .. 3 error, 4 warning .. 7 debug. */
export interface LogEntry {
  level: number;
  facility: string;
  message: string;
}

const ERROR = 3;
const WARNING = 4;
/** The facility of ferrokafka's own security warnings (librdkafka has no such facility). */
export const SECURITY_FACILITY = 'SECURITY';

/** What happens to a log line when the user gave no logger and no 'log' listener: errors, and our security warnings, go to stderr. */
export function defaultLogger(entry: LogEntry): void {
  if (entry.level <= ERROR || (entry.level === WARNING && entry.facility === SECURITY_FACILITY)) {
    process.stderr.write(`ferrokafka [${entry.facility}] ${entry.message}\n`);
  }
}
