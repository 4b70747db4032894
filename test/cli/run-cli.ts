import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ferrokafka.mjs', import.meta.url));

/** What one run of the command line did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `node bin/ferrokafka.mjs ...args` (the compiled command line, as `npx ferrokafka` would)
 * with pipes, not a terminal; `input` goes to its standard input. Killed (by pid) after `timeoutMs`.
 */
export function runCli(
  args: string[],
  options: {
    input?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Sends this signal after `afterMs`; standard input stays open until then, as a live pipe would. */
    signal?: { name: NodeJS.Signals; afterMs: number };
  } = {},
): Promise<CliRun> {
  const started = performance.now();
  const { KAFKA_BOOTSTRAP_SERVERS: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const { signal } = options;
  if (signal === undefined) child.stdin.end(options.input ?? '');
  else {
    child.stdin.write(options.input ?? '');
    setTimeout(() => child.kill(signal.name), signal.afterMs);
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** ANSI escape sequences (colours, cursor moves): none may reach a pipe. */
export const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(0x1b)}\\[`);
/** A line of a JavaScript stack trace. */
export const STACK_FRAME = /^\s+at .+[:(]/m;
