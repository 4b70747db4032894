import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How an example process ended, with everything it printed. */
export interface ExampleExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * An example running as a child process (`node examples/<file>`), its output collected. Every
 * process started here is killed by `killAll()` (SIGKILL by pid) if it is still running.
 */
export class ExampleProcess {
  private static readonly running = new Set<ExampleProcess>();
  readonly exited: Promise<ExampleExit>;
  private stdoutText = '';
  private stderrText = '';
  private readonly child: ChildProcess;

  constructor(file: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [`examples/${file}`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdoutText += chunk;
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrText += chunk;
    });
    ExampleProcess.running.add(this);
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        ExampleProcess.running.delete(this);
        resolve({ code, signal, stdout: this.stdoutText, stderr: this.stderrText });
      });
    });
  }

  /** What it printed so far. */
  get output(): string {
    return `stdout:\n${this.stdoutText}\nstderr:\n${this.stderrText}`;
  }

  /** Resolves with the first match of `pattern` in its stdout; fails if it exits or `timeoutMs` passes first. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.stdoutText);
      if (match !== null) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the example did not print ${pattern} within ${timeoutMs} ms\n${this.output}`);
  }

  /** Its exit, or SIGKILL and a failure naming the example once `timeoutMs` has passed. */
  async exit(timeoutMs: number): Promise<ExampleExit> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`the example did not exit within ${timeoutMs} ms\n${this.output}`);
    }
    return outcome;
  }

  /** Sends it a signal (SIGTERM, SIGINT). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGKILL for every example process still running (after a failed test). */
  static killAll(): void {
    for (const example of ExampleProcess.running) example.child.kill('SIGKILL');
  }
}

/** The JSON summary an example prints as its last line, if it prints one. */
export interface ExampleSummary {
  /** The topic it wrote to. */
  topic: string;
  /** Records the broker acknowledged (committed, for a transactional example). */
  delivered: number;
  /** Written in transactions: only committed records count. */
  transactional?: boolean;
  /** Where it wrote, when not to KAFKA_BOOTSTRAP_SERVERS. */
  bootstrapServers?: string;
  [field: string]: unknown;
}

/** The last line of `stdout` as an example's summary, or undefined when it is not one. */
export function summaryOf(stdout: string): ExampleSummary | undefined {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  if (!last.startsWith('{')) return undefined;
  const parsed: unknown = JSON.parse(last);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const summary = parsed as Partial<ExampleSummary>;
  if (typeof summary.topic !== 'string' || typeof summary.delivered !== 'number') {
    throw new Error(`an example's JSON summary needs topic (string) and delivered (number); got ${last}`);
  }
  return summary as ExampleSummary;
}
