/** One librdkafka log line. Levels are syslog's: 0 emergency .. 3 error, 4 warning .. 7 debug. */
export interface LogEntry {
  level: number;
  facility: string;
  message: string;
}

const WARNING = 4;

/** What happens to ferrokafka's own errors and warnings when the user gave no logger and no 'log' listener. */
export function defaultLogger(entry: LogEntry): void {
  if (entry.level <= WARNING) {
    process.stderr.write(`ferrokafka [${entry.facility}] ${entry.message}\n`);
  }
}
