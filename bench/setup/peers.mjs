// Installs the peers (bench/package.json) with Node 24 first in PATH and its headers as nodedir,
// so node-gyp compiles node-rdkafka and @confluentinc/kafka-javascript for the Node that runs them.
// A stamp records the Node version they were built for; a different one triggers a rebuild.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { NODE24_DIR } from './node24.mjs';
import { runLogged } from './run-command.mjs';

const BENCH = fileURLToPath(new URL('../', import.meta.url));
const STAMP = `${BENCH}node_modules/.ferrokafka-bench-node`;
const NATIVE_PEERS = ['node-rdkafka', '@confluentinc/kafka-javascript'];

export async function ensurePeers(node, log, logFile) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
  if (built === version) return;
  const env = {
    ...process.env,
    PATH: `${NODE24_DIR}/bin:${process.env.PATH}`,
    // The machine's npm config points nodedir at Node 20's headers; Node 24's ship in its package.
    npm_config_nodedir: NODE24_DIR,
    // Confluent's prebuilt binary download fails here; this builds its bundled librdkafka against
    // the system's zlib/OpenSSL/zstd/lz4/SASL/curl dev packages, linked dynamically.
    CKJS_LINKING: 'dynamic',
    // ... and without this a rebuild keeps confluent's binary built for the previous Node.
    npm_config_build_from_source: 'true',
  };
  const args = built === null ? ['install', '--no-audit', '--no-fund', '--foreground-scripts'] : ['rebuild', '--foreground-scripts', ...NATIVE_PEERS];
  log(
    `${args[0] === 'install' ? 'installing' : 'rebuilding'} the peers for Node ${version} (node-rdkafka and confluent build librdkafka from source: ~10 min on 2 cores; log: ${logFile}) ...`,
  );
  const outcome = await runLogged('npm', args, { cwd: BENCH, env, logFile });
  // The native peers are optional dependencies: one failing to build leaves the others usable,
  // and its runs are recorded as not run with the load error.
  if (!outcome.ok) log(`npm ${args[0]} did not finish cleanly: ${outcome.message}`);
  if (existsSync(`${BENCH}node_modules/kafkajs`)) writeFileSync(STAMP, `${version}\n`);
}
