// @ts-check
// `--pin`: the broker on one CPU and every client process on another, so that neither steals the
// other's core and a client's throughput shows its own CPU cost.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/** @returns {{ brokerCpu: number, clientCpu: number } | null} null when there is only one CPU or no taskset */
export function planPinning() {
  if (cpus().length < 2) return null;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { brokerCpu: 0, clientCpu: 1 };
}

/**
 * Moves every thread of the running broker JVM to `cpu`.
 *
 * @param {number} pid
 * @param {number} cpu
 */
export function pinProcess(pid, cpu) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/**
 * The command and arguments that start `command` on `cpu` only.
 *
 * @param {number} cpu
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
export function onCpu(cpu, command, args) {
  return ['taskset', ['-c', String(cpu), command, ...args]];
}
