import type { LogEntry as FerrokafkaLogEntry } from '../observability/log.js';

/** KafkaJS's log levels. `NOTHING` silences a logger. */
export const logLevel = {
  /** Nothing is logged. */
  NOTHING: 0,
  /** Errors only. */
  ERROR: 1,
  /** Errors and warnings. */
  WARN: 2,
  /** Also information (KafkaJS's default). */
  INFO: 4,
  /** Everything. */
  DEBUG: 5,
} as const;

/** One of the values of {@link logLevel}. */
export type LogLevel = (typeof logLevel)[keyof typeof logLevel];

/** What a KafkaJS log function receives. */
export interface LogEntry {
  /** Which part of the client logs, e.g. `Producer` or `librdkafka`. */
  namespace: string;
  /** The entry's level. */
  level: LogLevel;
  /** The level's name: `ERROR`, `WARN`, `INFO`, `DEBUG`. */
  label: string;
  /** The entry itself: ISO time, `logger: 'kafkajs'`, the message and any extra fields. */
  log: {
    /** ISO 8601 time of the entry. */
    timestamp: string;
    /** Always 'kafkajs'. */
    logger: 'kafkajs';
    /** What happened. */
    message: string;
    [extra: string]: unknown;
  };
}

/** KafkaJS's `logCreator`: called once per client with the configured level, returns the log function. */
export type logCreator = (level: LogLevel) => (entry: LogEntry) => void;

/** KafkaJS's logger, as `kafka.logger()` and `producer.logger()` return it. */
export interface Logger {
  /** Logs at INFO. */
  info(message: string, extra?: object): void;
  /** Logs at ERROR. */
  error(message: string, extra?: object): void;
  /** Logs at WARN. */
  warn(message: string, extra?: object): void;
  /** Logs at DEBUG. */
  debug(message: string, extra?: object): void;
  /** A logger for a sub-namespace, optionally with its own level. */
  namespace(namespace: string, level?: LogLevel): Logger;
  /** Changes the level of the client's loggers (those without a level of their own). */
  setLogLevel(level: LogLevel): void;
}

const LABELS: Readonly<Record<number, string>> = { 1: 'ERROR', 2: 'WARN', 4: 'INFO', 5: 'DEBUG' };

/** KafkaJS's default output: one JSON line per entry on the console, its namespace in brackets. */
export const defaultLogCreator: logCreator = () => (entry) => {
  const { message, ...extra } = entry.log;
  const line = JSON.stringify({ level: entry.label, ...extra, message: entry.namespace === '' ? message : `[${entry.namespace}] ${message}` });
  if (entry.level === logLevel.ERROR) console.error(line);
  else if (entry.level === logLevel.WARN) console.warn(line);
  else console.log(line);
};

/** Builds the root logger of a `Kafka` instance: entries above `level` are dropped before `logCreator` sees them. */
export function createLogger(level: LogLevel, creator: logCreator): Logger {
  const write = creator(level);
  let rootLevel = level;
  const make = (namespace: string, ownLevel: LogLevel | undefined): Logger => {
    const log = (entryLevel: LogLevel, message: string, extra: object | undefined): void => {
      if (entryLevel > (ownLevel ?? rootLevel)) return;
      const entry: LogEntry = {
        namespace,
        level: entryLevel,
        label: LABELS[entryLevel] ?? 'INFO',
        log: { timestamp: new Date().toISOString(), logger: 'kafkajs', message, ...extra },
      };
      // Entries are also written from librdkafka's callbacks and event listeners, where a throw would
      // crash the process or reject nothing anyone awaits: a failing log function never propagates.
      try {
        write(entry);
      } catch (error) {
        reportLogFailure(entry, error);
      }
    };
    return {
      info: (message, extra) => log(logLevel.INFO, message, extra),
      error: (message, extra) => log(logLevel.ERROR, message, extra),
      warn: (message, extra) => log(logLevel.WARN, message, extra),
      debug: (message, extra) => log(logLevel.DEBUG, message, extra),
      namespace: (child, childLevel) => make(child, childLevel ?? ownLevel),
      setLogLevel: (newLevel) => {
        rootLevel = newLevel;
      },
    };
  };
  return make('', undefined);
}

/** The log function's own failure goes to stderr, with the entry it could not write. */
function reportLogFailure(entry: LogEntry, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ferrokafka/kafkajs: the logCreator's log function threw (${reason}) writing: [${entry.namespace}] ${entry.log.message}\n`);
}

/** librdkafka's syslog levels (0 emergency .. 7 debug) as KafkaJS levels. */
export function kafkajsLevelOf(syslogLevel: number): LogLevel {
  if (syslogLevel <= 3) return logLevel.ERROR;
  if (syslogLevel === 4) return logLevel.WARN;
  if (syslogLevel <= 6) return logLevel.INFO;
  return logLevel.DEBUG;
}

/** A ferrokafka `logger` option that writes librdkafka's lines (and ferrokafka's warnings) to a KafkaJS logger. */
export function librdkafkaLines(logger: Logger): (entry: FerrokafkaLogEntry) => void {
  const log = logger.namespace('librdkafka');
  return ({ level, facility, message }) => {
    const kafkajsLevel = kafkajsLevelOf(level);
    const extra = { facility };
    if (kafkajsLevel === logLevel.ERROR) log.error(message, extra);
    else if (kafkajsLevel === logLevel.WARN) log.warn(message, extra);
    else if (kafkajsLevel === logLevel.INFO) log.info(message, extra);
    else log.debug(message, extra);
  };
}
