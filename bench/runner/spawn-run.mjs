// @ts-check
// Parent side of one run: start the client's process, collect its one JSON line, and stop it by
// pid if it overstays. Every live child is tracked so run.mjs can stop them all on failure.
import { spawn } from 'node:child_process';

/** @type {Map<number, import('node:child_process').ChildProcess>} */
const live = new Map(); // pid -> ChildProcess

/** SIGKILLs every child still running (by its pid). */
export function killLiveChildren() {
  for (const [pid, child] of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    child.unref();
  }
  live.clear();
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ timeoutMs: number, cwd?: string }} options
 * @returns {Promise<{ result: import('../types.mjs').ChildResult | null, exitCode: number | null, timedOut: boolean, stderrTail: string, wallMs: number }>}
 */
export function runProcess(command, args, { timeoutMs, cwd }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000); // librdkafka logs can be long: keep the end
    });
    if (child.pid !== undefined) live.set(child.pid, child);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    let finished = false;
    const finish = (/** @type {number | null} */ exitCode) => {
      if (finished) return; // 'error' may be followed by 'close'
      finished = true;
      clearTimeout(timer);
      if (child.pid !== undefined) live.delete(child.pid);
      resolve({ result: lastJsonLine(stdout), exitCode, timedOut, stderrTail: stderr.trim(), wallMs: performance.now() - started });
    };
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

/**
 * @param {string} text
 * @returns {import('../types.mjs').ChildResult | null}
 */
function lastJsonLine(text) {
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // not ours
    }
  }
  return null;
}
