// @ts-check
// Runs a setup command with its output appended to a log file (installs are long and noisy).
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, logFile: string }} options
 * @returns {Promise<import('../types.mjs').CommandOutcome>}
 */
export function runLogged(command, args, { cwd, env, logFile }) {
  return new Promise((resolve) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.on('error', (error) => {
      closeSync(fd);
      resolve({ ok: false, message: error.message });
    });
    child.on('close', (code) => {
      closeSync(fd);
      resolve({ ok: code === 0, message: `exit ${code} (see ${logFile})` });
    });
  });
}
