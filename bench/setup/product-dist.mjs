// @ts-check
// The ferrokafka runner and the broker harness load the compiled dist/; build it if it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { runLogged } from './run-command.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @param {import('../types.mjs').Log} log
 * @param {string} logFile
 */
export async function ensureProductDist(log, logFile) {
  if (existsSync(`${ROOT}dist/esm/index.js`) && existsSync(`${ROOT}dist/esm/testing/index.js`)) return;
  log('dist/ is missing: npm run build:ts ...');
  const outcome = await runLogged('npm', ['run', 'build:ts'], { cwd: ROOT, logFile });
  if (!outcome.ok) throw new Error(`npm run build:ts failed: ${outcome.message}`);
}
