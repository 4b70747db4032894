/** The command line's exit codes (documented in `ferrokafka --help` and the README). */
export const ExitCode = {
  /** Every record was delivered. */
  Ok: 0,
  /** Some records were not delivered, or some input lines could not become records. */
  SomeFailed: 1,
  /** Bad flags or arguments, a bad producer property, an input file that cannot be read. */
  Usage: 2,
  /** No broker was reachable, or one refused to authenticate the client. */
  Unreachable: 3,
  /** The producer failed fatally (e.g. fenced by another transactional producer). */
  Fatal: 4,
  /** Interrupted (Ctrl-C); what was handed over was still flushed and counted. */
  Interrupted: 130,
  /** Terminated (SIGTERM, as `timeout`, systemd or Kubernetes stop a process); handled as Ctrl-C is. */
  Terminated: 143,
} as const;

/** One of the codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem with how the command was called: one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit-code table as `--help` prints it. */
export const EXIT_CODE_HELP = `Exit codes:
  0    every record was delivered
  1    some records were not delivered, or some input lines were bad
  2    usage error: bad flags, a bad producer property, an unreadable input file
  3    no Kafka broker was reachable, or the broker refused authentication
  4    the producer failed fatally
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM); what was read is still flushed and counted, as with Ctrl-C`;
