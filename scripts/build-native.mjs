// @ts-check
// Builds the Rust addon (and librdkafka with it) from source with @napi-rs/cli.
// `--if-missing` (used by `npm install`) skips the build when the addon already loads.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

if (process.argv.includes('--if-missing')) {
  try {
    require('../native/index.cjs');
    process.exit(0);
  } catch {
    // Not built yet (or built for another platform): build it below.
  }
}

if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error(
    'ferrokafka: building the native addon needs Rust (cargo), a C compiler, cmake, make and perl.\n' +
      'Install Rust from https://rustup.rs, then run `npm run build:native`.',
  );
  process.exit(1);
}

const started = Date.now();
console.log('ferrokafka: building the native addon and librdkafka from source (several minutes on a first build)...');
const cliManifest = require.resolve('@napi-rs/cli/package.json');
const napi = join(dirname(cliManifest), require(cliManifest).bin.napi);
const result = spawnSync(
  process.execPath,
  [
    napi,
    'build',
    '--platform',
    '--release',
    '--manifest-path',
    'native/Cargo.toml',
    '--package-json-path',
    'package.json',
    '--output-dir',
    'native',
    '--js',
    'index.cjs',
    '--dts',
    'index.d.cts',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`ferrokafka: native addon built in ${Math.round((Date.now() - started) / 1000)} s`);
