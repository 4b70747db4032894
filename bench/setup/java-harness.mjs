// @ts-check
// Builds the Java producer harness (bench/java) with javac against kafka-clients, taken from the jar
// cache the broker harness fills from Maven Central (the broker's own Kafka version, so client and
// broker match). Recompiles only when a source, the JDK or the jars changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runLogged } from './run-command.mjs';

const SOURCES = fileURLToPath(new URL('../java/src/producerbench/', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../.tools/java/', import.meta.url));
const CLASSES = join(OUTPUT, 'classes');
const STAMP = join(OUTPUT, 'build-stamp');
const HARNESS = new URL('../../dist/esm/testing/index.js', import.meta.url);
const MAIN_CLASS = 'producerbench.Main';
/** kafka-clients and what it needs at run time (compression codecs, logging API), plus the latency histogram. */
const JAR_PREFIXES = ['kafka-clients-', 'zstd-jni-', 'lz4-java-', 'snappy-java-', 'slf4j-api-', 'HdrHistogram-'];

/**
 * @param {import('../types.mjs').Log} log
 * @param {string} logFile
 * @returns {Promise<{ java: import('../types.mjs').JavaHarness | null, reason: string | null }>}
 */
export async function buildJavaHarness(log, logFile) {
  const javac = jdkVersion();
  if (typeof javac !== 'string') return { java: null, reason: javac.problem };
  let libDir;
  try {
    /** @type {typeof import('../../lib/testing/index.js')} the compiled lib/testing */
    const { ensureKafkaJars } = await import(HARNESS.href);
    ({ libDir } = await ensureKafkaJars({ log }));
  } catch (error) {
    return { java: null, reason: `no kafka-clients jar: ${/** @type {Error} */ (error).message}` };
  }
  const files = readdirSync(libDir);
  /** @type {string[]} */
  const jars = [];
  for (const prefix of JAR_PREFIXES) {
    const jar = files.find((file) => file.startsWith(prefix) && file.endsWith('.jar'));
    if (jar === undefined) return { java: null, reason: `${libDir} has no ${prefix}*.jar` };
    jars.push(join(libDir, jar));
  }
  const classpath = jars.join(':');
  const sources = readdirSync(SOURCES)
    .filter((file) => file.endsWith('.java'))
    .sort()
    .map((file) => join(SOURCES, file));
  const stamp = buildStamp(javac, classpath, sources);
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== stamp) {
    log('compiling the Java producer harness (javac) ...');
    rmSync(CLASSES, { recursive: true, force: true });
    mkdirSync(CLASSES, { recursive: true });
    const outcome = await runLogged('javac', ['--release', '17', '-Xlint:all', '-Werror', '-cp', classpath, '-d', CLASSES, ...sources], {
      logFile,
    });
    if (!outcome.ok) return { java: null, reason: `javac of bench/java failed: ${outcome.message}` };
    writeFileSync(STAMP, stamp);
  }
  // The JVM's defaults (G1 here, heap up to a quarter of the memory): no tuning flags.
  return { java: { command: 'java', args: ['-cp', `${CLASSES}:${classpath}`, MAIN_CLASS] }, reason: null };
}

/** @returns {string | { problem: string }} javac's version line, or why there is no usable JDK */
function jdkVersion() {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    const javac = execFileSync('javac', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const major = Number(/javac (\d+)/.exec(javac)?.[1]);
    return major >= 17 ? javac : { problem: `a JDK 17 or newer is needed to build bench/java (found ${javac})` };
  } catch (error) {
    return { problem: `java/javac not found (a JDK 17 or newer is needed for the Java producer): ${/** @type {Error} */ (error).message}` };
  }
}

/**
 * @param {string} javac
 * @param {string} classpath
 * @param {string[]} sources
 */
function buildStamp(javac, classpath, sources) {
  const hash = createHash('sha256').update(`${javac}\n${classpath}\n`);
  for (const source of sources) hash.update(source).update(readFileSync(source));
  return `${hash.digest('hex')}\n`;
}
