import { writeFile } from 'node:fs/promises';

/** Marker line printed by every node once it serves clients (logged by KafkaRaftServer at INFO). */
export const SERVER_STARTED_MESSAGE = 'Kafka Server started';

/**
 * Writes a log4j2 configuration that keeps a node's log small: warnings and errors, plus the
 * KafkaRaftServer lifecycle lines (started / shutting down) and accepted OAUTHBEARER tokens at INFO. Everything goes to stdout,
 * which the harness copies into each node's log file.
 */
export async function writeLog4jConfig(path: string): Promise<void> {
  await writeFile(
    path,
    [
      'status = warn',
      // Kafka stops on SIGTERM from its own shutdown hook; log4j's would race it and warn
      'shutdownHook = disable',
      'appender.stdout.type = Console',
      'appender.stdout.name = STDOUT',
      'appender.stdout.layout.type = PatternLayout',
      'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = WARN',
      'rootLogger.appenderRef.stdout.ref = STDOUT',
      'logger.raftServer.name = kafka.server.KafkaRaftServer',
      'logger.raftServer.level = INFO',
      // one line per accepted OAUTHBEARER token, naming its principal (only unsecured test tokens get here)
      'logger.unsecuredJwt.name = org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler',
      'logger.unsecuredJwt.level = INFO',
      '',
    ].join('\n'),
  );
}
