import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchApiVersions } from './broker-probes.js';
import type { KafkaJars } from './kafka-jars.js';
import { kraftNodeProperties, propertiesText, type KraftNodeAddress } from './kraft-properties.js';
import { SERVER_STARTED_MESSAGE } from './log4j-config.js';
import { trackProcess } from './process-reaper.js';
import { lastLines, runCommand } from './run-command.js';

const SERVER_JVM_FLAGS = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC'];
// StorageTool runs for a second: C1 only and a small heap start it faster.
const TOOL_JVM_FLAGS = ['-Xmx256m', '-XX:TieredStopAtLevel=1'];
const LOG_TAIL_LINES = 40;
const EXIT_WAIT_MS = 10_000;
const PROBE_TIMEOUT_MS = 2_000;

export interface KraftNodeOptions {
  self: KraftNodeAddress;
  voters: readonly KraftNodeAddress[];
  /** this node's own folder: server.properties, data/, kafka.log */
  dir: string;
  jars: KafkaJars;
  log4jConfigPath: string;
  /** server.properties entries of the TLS/SASL listeners, before `brokerProperties` */
  securityProperties?: Readonly<Record<string, string>>;
  /** extra `kafka-storage format` arguments, e.g. `--add-scram ...` */
  formatArguments?: readonly string[];
  brokerProperties?: Readonly<Record<string, string>>;
  log?: (line: string) => void;
}

interface JvmEnd {
  /** e.g. "exited with code 1" */
  how: string;
}

interface RunningJvm {
  pid: number | undefined;
  signal(signal: NodeJS.Signals): void;
  /** resolves once the "Kafka Server started" line was printed */
  started: Promise<void>;
  /** resolves when the JVM has exited and its output is flushed */
  ended: Promise<JvmEnd>;
}

/** One Kafka JVM (`kafka.Kafka`, broker + controller), started and stopped by pid. */
export class KraftNode {
  readonly nodeId: number;
  readonly port: number;
  readonly logPath: string;
  private readonly propertiesPath: string;
  private readonly recentLines: string[] = [];
  private running: RunningJvm | undefined;

  constructor(private readonly options: KraftNodeOptions) {
    this.nodeId = options.self.nodeId;
    this.port = options.self.port;
    this.logPath = join(options.dir, 'kafka.log');
    this.propertiesPath = join(options.dir, 'server.properties');
  }

  get pid(): number | undefined {
    return this.running?.pid;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Writes server.properties and formats the (new) data folder. Only ever run once per node. */
  async format(clusterId: string, timeoutMs: number): Promise<void> {
    const dataDir = join(this.options.dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const properties = kraftNodeProperties({
      self: this.options.self,
      voters: this.options.voters,
      dataDir,
      ...(this.options.securityProperties === undefined ? {} : { security: this.options.securityProperties }),
      ...(this.options.brokerProperties === undefined ? {} : { overrides: this.options.brokerProperties }),
    });
    // 0600: it holds the SASL users' passwords and the broker's private key, like the key files themselves
    await writeFile(this.propertiesPath, propertiesText(properties), { mode: 0o600 });
    const args = [
      ...TOOL_JVM_FLAGS,
      `-Dlog4j2.configurationFile=${this.options.log4jConfigPath}`,
      '-cp',
      this.options.jars.classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      this.propertiesPath,
      '--ignore-formatted',
      ...(this.options.formatArguments ?? []),
    ];
    const result = await runCommand(javaExecutable(), args, { cwd: this.options.dir, timeoutMs }).catch((error: unknown) => {
      throw new Error(`Java 17+ is needed to run a local Kafka broker; set JAVA_HOME or put java on the PATH (${(error as Error).message})`, {
        cause: error,
      });
    });
    if (result.exitCode !== 0) {
      throw new Error(
        `formatting Kafka node ${this.nodeId} failed (exit ${result.exitCode ?? result.signal}):\n${lastLines(result.output, LOG_TAIL_LINES)}`,
      );
    }
  }

  /**
   * Starts the JVM on the formatted data folder and waits until it logged "Kafka Server started"
   * and answers an ApiVersions request. On failure the JVM is killed and the error holds its log tail.
   */
  async start(timeoutMs: number): Promise<void> {
    if (this.running !== undefined) throw new Error(`Kafka node ${this.nodeId} is already running`);
    const deadline = Date.now() + timeoutMs;
    const jvm = this.spawnJvm();
    try {
      const startedOrEnded = await raceDeadline([jvm.started.then(() => undefined), jvm.ended], deadline);
      if (startedOrEnded === 'timeout') throw new Error(`no "${SERVER_STARTED_MESSAGE}" line within ${timeoutMs} ms`);
      if (startedOrEnded !== undefined) throw new Error(`the JVM ${startedOrEnded.how} during startup`);
      await this.waitUntilServing(deadline);
    } catch (error) {
      await this.kill();
      throw new Error(
        `Kafka node ${this.nodeId} (127.0.0.1:${this.port}) did not start: ${(error as Error).message}\n` +
          `Last lines of its log:\n${this.logTail()}`,
        { cause: error },
      );
    }
  }

  /** SIGKILL, then wait until the process is gone. No-op if not running. */
  async kill(): Promise<void> {
    const jvm = this.running;
    if (jvm === undefined) return;
    jvm.signal('SIGKILL');
    if ((await raceDeadline([jvm.ended], Date.now() + EXIT_WAIT_MS)) === 'timeout') {
      throw new Error(`Kafka node ${this.nodeId} (pid ${jvm.pid}) did not exit after SIGKILL`);
    }
  }

  /** SIGTERM (Kafka's controlled shutdown), SIGKILL after `graceMs`. No-op if not running. */
  async stop(graceMs: number): Promise<void> {
    const jvm = this.running;
    if (jvm === undefined) return;
    jvm.signal('SIGTERM');
    if ((await raceDeadline([jvm.ended], Date.now() + graceMs)) === 'timeout') await this.kill();
  }

  logTail(): string {
    return this.recentLines.join('\n');
  }

  private async waitUntilServing(deadline: number): Promise<void> {
    for (;;) {
      try {
        await fetchApiVersions('127.0.0.1', this.port, PROBE_TIMEOUT_MS);
        return;
      } catch (error) {
        if (this.running === undefined) throw new Error('the JVM exited during startup', { cause: error });
        if (Date.now() > deadline) throw new Error(`127.0.0.1:${this.port} did not answer ApiVersions: ${(error as Error).message}`);
      }
      await sleep(200);
    }
  }

  private spawnJvm(): RunningJvm {
    const args = [
      ...SERVER_JVM_FLAGS,
      `-Dlog4j2.configurationFile=${this.options.log4jConfigPath}`,
      '-cp',
      this.options.jars.classpath,
      'kafka.Kafka',
      this.propertiesPath,
    ];
    // java directly, no shell: the pid we hold is the JVM's. Its folder as cwd keeps crash files
    // (hs_err_pid*.log) out of the user's working directory.
    const child = spawn(javaExecutable(), args, { cwd: this.options.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    trackProcess(child);
    const logFile = createWriteStream(this.logPath, { flags: 'a' });
    let markStarted = (): void => {};
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const onLine = (line: string): void => {
      logFile.write(`${line}\n`);
      this.recentLines.push(line);
      if (this.recentLines.length > LOG_TAIL_LINES) this.recentLines.shift();
      this.options.log?.(`[kafka-${this.nodeId}] ${line}`);
      if (line.includes(SERVER_STARTED_MESSAGE)) markStarted();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    const ended = new Promise<JvmEnd>((resolve) => {
      child.once('error', (error) => resolve({ how: `could not be started (${error.message})` }));
      // 'close' comes after 'exit' once stdout/stderr are drained
      child.once('close', (code, signal) => resolve({ how: signal === null ? `exited with code ${code}` : `was killed by ${signal}` }));
    }).then((end) => {
      logFile.end();
      if (this.running === jvm) this.running = undefined;
      return end;
    });
    const jvm: RunningJvm = {
      pid: child.pid,
      signal: (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
      started,
      ended,
    };
    this.running = jvm;
    // A forgotten stop() must not keep Node alive: the exit hook in process-reaper kills the JVM.
    child.unref();
    unrefPipe(child.stdout);
    unrefPipe(child.stderr);
    return jvm;
  }
}

function javaExecutable(): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome === undefined || javaHome === '' ? 'java' : join(javaHome, 'bin', 'java');
}

/** child_process pipes are net.Sockets at run time, typed as plain Readables */
function unrefPipe(stream: Readable): void {
  (stream as Partial<Pick<Socket, 'unref'>>).unref?.();
}

/**
 * Waits for the first of `promises` to settle, or for the deadline. Resolves with that promise's
 * value, or 'timeout'. Its timer is cleared, so it never keeps Node alive longer than needed.
 */
async function raceDeadline<T>(promises: readonly Promise<T>[], deadline: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([...promises, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
