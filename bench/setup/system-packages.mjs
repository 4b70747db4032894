// @ts-check
// node-rdkafka and @confluentinc/kafka-javascript compile librdkafka against these Debian
// dev packages. As root, install the missing ones; otherwise say which are missing (the peers
// that fail to build are then recorded as not run, with the reason).
import { execFileSync } from 'node:child_process';

import { runLogged } from './run-command.mjs';

const PACKAGES = ['zlib1g-dev', 'libssl-dev', 'libzstd-dev', 'liblz4-dev', 'libsasl2-dev', 'libcurl4-openssl-dev'];

/** @param {string} name */
function installed(name) {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${Status} is dpkg-query's format field, not a template
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).includes('install ok installed');
  } catch {
    return false;
  }
}

/**
 * @param {import('../types.mjs').Log} log
 * @param {string} logFile
 */
export async function ensureSystemPackages(log, logFile) {
  const missing = PACKAGES.filter((name) => !installed(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`missing system packages for the native peers (install them with apt-get): ${missing.join(' ')}`);
    return;
  }
  log(`installing system packages for the native peers: ${missing.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update', '-qq'], { cwd: '/', env, logFile });
  const outcome = await runLogged('apt-get', ['install', '-y', '-qq', ...missing], { cwd: '/', env, logFile });
  if (!outcome.ok) log(`apt-get install did not finish cleanly: ${outcome.message}`);
}
