import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { withFileLock } from './file-lock.js';
import { cancelRemoveAtExit, removeAtExit } from './process-reaper.js';
import { lastLines, runCommand } from './run-command.js';

/** The Apache Kafka version the local broker runs unless told otherwise. */
export const DEFAULT_KAFKA_VERSION = '4.1.1';
// Kafka 4.x logs through slf4j 1.7 and ships no binding: without one it is silent.
const LOG4J_VERSION = '2.24.3';
const MAVEN_DEPENDENCY_PLUGIN_VERSION = '3.8.1';
const COMPLETE_MARKER = '.complete';
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/** Options of `ensureKafkaJars()`. */
export interface EnsureKafkaJarsOptions {
  /** Apache Kafka version (4.x), default 4.1.1 */
  kafkaVersion?: string;
  /**
   * Folder holding one `kafka-<version>/` folder per version.
   * Default: `$FERROKAFKA_CACHE_DIR`, else `~/.cache/ferrokafka`.
   */
  cacheDir?: string;
  /** receives progress lines (the download) */
  log?: (line: string) => void;
}

/** Where a Kafka version's jars are, once downloaded. */
export interface KafkaJars {
  /** the Apache Kafka version */
  version: string;
  /** folder holding the jars */
  libDir: string;
  /** value for `java -cp` (java expands the trailing `*` itself) */
  classpath: string;
}

/**
 * Makes sure Kafka's jars (and a log4j2 binding) are in the local cache, downloading them once from
 * Maven Central with `mvn dependency:copy-dependencies`. Safe to call from concurrent processes:
 * one downloads under a lock into a staging folder that is renamed into place when complete.
 */
export async function ensureKafkaJars(options: EnsureKafkaJarsOptions = {}): Promise<KafkaJars> {
  const version = options.kafkaVersion ?? DEFAULT_KAFKA_VERSION;
  if (!/^4\.\d+\.\d+$/.test(version)) {
    throw new Error(
      `kafkaVersion ${JSON.stringify(version)} is not supported: the local broker needs Apache Kafka 4.x (e.g. "${DEFAULT_KAFKA_VERSION}")`,
    );
  }
  const cacheRoot = options.cacheDir ?? process.env.FERROKAFKA_CACHE_DIR ?? join(homedir(), '.cache', 'ferrokafka');
  const versionDir = join(cacheRoot, `kafka-${version}`);
  const jars: KafkaJars = { version, libDir: join(versionDir, 'lib'), classpath: join(versionDir, 'lib', '*') };
  if (existsSync(join(versionDir, COMPLETE_MARKER))) return jars;

  await mkdir(cacheRoot, { recursive: true });
  const lockOptions = {
    waitTimeoutMs: DOWNLOAD_TIMEOUT_MS,
    staleAfterMs: DOWNLOAD_TIMEOUT_MS,
    onWait: (holder: string) => options.log?.(`waiting for ${holder} to finish downloading Kafka ${version}`),
  };
  await withFileLock(`${versionDir}.lock`, lockOptions, async () => {
    if (existsSync(join(versionDir, COMPLETE_MARKER))) return; // another process finished meanwhile
    await removeAbandonedStagingDirs(cacheRoot, version);
    const stagingDir = await mkdtemp(`${versionDir}.staging-`);
    removeAtExit(stagingDir);
    try {
      options.log?.(`downloading Kafka ${version} jars from Maven Central into ${versionDir} (once, about 45 MB)`);
      const started = Date.now();
      await downloadJars(version, stagingDir);
      await writeFile(join(stagingDir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
      await rm(versionDir, { recursive: true, force: true }); // a partial folder made by hand
      await rename(stagingDir, versionDir);
      options.log?.(`Kafka ${version} jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await rm(stagingDir, { recursive: true, force: true });
      cancelRemoveAtExit(stagingDir);
    }
  });
  return jars;
}

async function downloadJars(version: string, stagingDir: string): Promise<void> {
  await writeFile(join(stagingDir, 'pom.xml'), kafkaPom(version));
  const args = ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=lib'];
  const result = await runCommand('mvn', args, { cwd: stagingDir, timeoutMs: DOWNLOAD_TIMEOUT_MS }).catch((error: unknown) => {
    throw new Error(
      `Maven (mvn) is needed once to download Kafka's jars (${(error as Error).message}); or point KAFKA_BOOTSTRAP_SERVERS at a running cluster`,
      { cause: error },
    );
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `mvn could not fetch Kafka ${version} (exit ${result.exitCode ?? result.signal}). Maven output:\n${lastLines(result.output, 40)}`,
    );
  }
  const files = await readdir(join(stagingDir, 'lib'));
  for (const expected of [`kafka_2.13-${version}.jar`, `log4j-core-${LOG4J_VERSION}.jar`]) {
    if (!files.includes(expected)) throw new Error(`mvn finished but ${expected} is missing from the downloaded jars`);
  }
}

async function removeAbandonedStagingDirs(cacheRoot: string, version: string): Promise<void> {
  const prefix = `kafka-${version}.staging-`;
  for (const entry of await readdir(cacheRoot)) {
    if (entry.startsWith(prefix)) await rm(join(cacheRoot, entry), { recursive: true, force: true });
  }
}

function kafkaPom(version: string): string {
  const dependency = (groupId: string, artifactId: string, v: string): string =>
    `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${v}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by ferrokafka/testing: the jars needed to run a local Kafka ${version} broker. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ferrokafka.testing</groupId>
  <artifactId>kafka-broker-jars</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('org.apache.kafka', 'kafka_2.13', version)}
${dependency('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J_VERSION)}
${dependency('org.apache.logging.log4j', 'log4j-core', LOG4J_VERSION)}
${dependency('org.apache.logging.log4j', 'log4j-api', LOG4J_VERSION)}
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-dependency-plugin</artifactId>
          <version>${MAVEN_DEPENDENCY_PLUGIN_VERSION}</version>
        </plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
`;
}
