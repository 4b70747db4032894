// @ts-check
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

/**
 * `natives`: whether the plan runs any optional peer (node-rdkafka, confluent, platformatic, kafka-crab-js).
 * Without them (e.g. `--only raw,ferrokafka`) they are left out, which saves the native peers' ~10 minute
 * librdkafka builds.
 *
 * @param {string} node the Node binary the peers are built for
 * @param {import('../types.mjs').Log} log
 * @param {string} logFile
 * @param {boolean} [natives]
 */
export async function ensurePeers(node, log, logFile, natives = true) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
  const withoutNatives = `${version} without optional peers`;
  if (built === version || (!natives && built === withoutNatives)) return;
  if (!natives) {
    log(`installing the JS peers and harness packages for Node ${version} (no optional peers: the plan runs none; log: ${logFile}) ...`);
    const outcome = await runLogged('npm', ['install', '--no-audit', '--no-fund', '--omit=optional'], { cwd: BENCH, env: process.env, logFile });
    if (!outcome.ok) log(`npm install did not finish cleanly: ${outcome.message}`);
    if (existsSync(`${BENCH}node_modules/kafkajs`)) writeFileSync(STAMP, `${withoutNatives}\n`);
    return;
  }
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
  const args =
    built === null || built === withoutNatives
      ? ['install', '--no-audit', '--no-fund', '--foreground-scripts']
      : ['rebuild', '--foreground-scripts', ...NATIVE_PEERS];
  log(
    `${args[0] === 'install' ? 'installing' : 'rebuilding'} the peers for Node ${version} (node-rdkafka and confluent build librdkafka from source: ~10 min on 2 cores; log: ${logFile}) ...`,
  );
  const outcome = await runLogged('npm', args, { cwd: BENCH, env, logFile });
  // The native peers are optional dependencies: one failing to build leaves the others usable,
  // and its runs are recorded as not run with the load error.
  if (!outcome.ok) log(`npm ${args[0]} did not finish cleanly: ${outcome.message}`);
  if (existsSync(`${BENCH}node_modules/kafkajs`)) writeFileSync(STAMP, `${version}\n`);
}
