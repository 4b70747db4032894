// @ts-check
// `npm test`: installs whatever is still missing (npm packages, the native build, the
// compiled TypeScript), type-checks the sources and the type-level tests, checks that every
// export has a doc comment (scripts/docs.mjs --check), runs the unit tests (no broker), the
// fault matrix (librdkafka's mock cluster, no broker), then every other suite against a real
// Kafka broker (started by test/global-setup.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(new URL('../node_modules/vitest', import.meta.url))) {
  run(npm, ['install', '--no-audit', '--no-fund']);
}
run(process.execPath, ['scripts/build-native.mjs', '--if-missing']);
run(process.execPath, ['scripts/build-ts.mjs']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.check.json']);
// Every export documented (the API reference's check, without writing it: a few seconds).
run(process.execPath, ['scripts/docs.mjs', '--check']);
const vitest = ['node_modules/vitest/vitest.mjs', 'run'];
const only = process.argv.slice(2);
if (only.length > 0) {
  // `npm test -- <files or flags>`: just those, with the broker if any of them needs it.
  run(process.execPath, ['scripts/fetch-kafka.mjs']);
  run(process.execPath, [...vitest, ...only]);
} else {
  // The unit tests need no broker and take seconds: a mistake shows before one starts.
  run(process.execPath, [...vitest, '--project', 'unit']);
  // Faults injected through librdkafka's mock cluster: no broker either, about a minute.
  run(process.execPath, [...vitest, '--project', 'faults']);
  run(process.execPath, ['scripts/fetch-kafka.mjs']);
  run(process.execPath, [...vitest, '--project', 'broker']);
}
