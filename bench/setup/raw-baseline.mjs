// @ts-check
// Builds the raw librdkafka baseline (bench/raw-librdkafka) with cargo; incremental after the first time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { runLogged } from './run-command.mjs';

const CRATE = fileURLToPath(new URL('../raw-librdkafka/', import.meta.url));
// .cargo/config.toml there: the root target dir and the same target triple as the addon build.
const BINARY = fileURLToPath(new URL('../../target/x86_64-unknown-linux-gnu/release/raw-librdkafka-bench', import.meta.url));

/**
 * @param {import('../types.mjs').Log} log
 * @param {string} logFile
 * @returns {Promise<{ binary: string | null, reason: string | null }>}
 */
export async function buildRawBaseline(log, logFile) {
  log('building the raw librdkafka baseline (cargo build --release) ...');
  const outcome = await runLogged('cargo', ['build', '--release', '--quiet'], { cwd: CRATE, logFile });
  if (outcome.ok && existsSync(BINARY)) return { binary: BINARY, reason: null };
  return { binary: null, reason: `cargo build of bench/raw-librdkafka failed: ${outcome.message}` };
}
