// @ts-check
// Builds the Rust addon (and librdkafka with it) from source for this machine with
// @napi-rs/cli, into native/ferrokafka.<target>.node, which native/index.cjs loads first.
// Used in a clone of the repository (`npm run build:native`; `npm ci` runs it through the
// `prepare` script); installs from the registry use the prebuilt platform packages instead.
//
// `--if-missing` (used by `prepare` and `npm test`) skips the build when that file exists.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

if (process.argv.includes('--if-missing')) {
  const built = readdirSync(join(root, 'native')).filter((file) => file.endsWith('.node'));
  const { detectTarget } = require('../native/target.cjs');
  if (built.includes(`ferrokafka.${detectTarget()}.node`)) process.exit(0);
}

const needs = 'Rust (cargo, from https://rustup.rs), a C compiler, cmake, make and perl';
if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error(`ferrokafka: building the native addon from source needs ${needs}; cargo was not found.`);
  process.exit(1);
}

let napi;
try {
  const cliManifest = require.resolve('@napi-rs/cli/package.json');
  napi = join(dirname(cliManifest), require(cliManifest).bin.napi);
} catch {
  console.error('ferrokafka: building the native addon needs the dev dependencies: run `npm install` first.');
  process.exit(1);
}

const started = Date.now();
console.log('ferrokafka: building the native addon and librdkafka from source (several minutes on a first build)...');
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
    // native/index.cjs is written by hand (it names the package it looked for when nothing loads).
    '--no-js',
    '--dts',
    'index.d.cts',
    // String enums become TypeScript string unions (SideEventKind: 'error' | 'stats' | ...).
    '--no-const-enum',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error(`ferrokafka: the source build failed; it needs ${needs}.`);
  process.exit(result.status ?? 1);
}
console.log(`ferrokafka: native addon built in ${Math.round((Date.now() - started) / 1000)} s`);
