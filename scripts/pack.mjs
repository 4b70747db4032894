// Packs what gets published: the main package `ferrokafka` and one package per target,
// `ferrokafka-<target>` from npm/<target>/ (each holding its ferrokafka.<target>.node).
//
//   node scripts/pack.mjs [--out DIR] [--targets linux-x64-gnu,linux-arm64-gnu] [--from-source] [--json]
//
// The main package's optionalDependencies are written here, at pack time, with the exact
// version of every target in package.json "napi.targets": a clone's package.json leaves them
// out because `npm ci` needs them in package-lock.json, which only works once they are
// published. npm then installs only the one matching the user's os, cpu and libc.
// Without --targets, every npm/<target>/ folder holding its binary is packed.
// --from-source packs this machine's source build (native/ferrokafka.<target>.node) as its
// platform package, as the packed-install test does.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const { detectTarget } = createRequire(import.meta.url)('../native/target.cjs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Rust target triple -> napi-rs platform name (the npm/<name>/ folder).
 * @param {string} triple
 * @returns {string}
 */
export function platformName(triple) {
  const [arch, , os, abi] = triple.split('-');
  /** @type {Record<string, string>} */
  const cpus = { x86_64: 'x64', aarch64: 'arm64' };
  const cpu = cpus[arch ?? ''] ?? arch;
  if (os === 'linux') return `linux-${cpu}-${abi}`;
  if (os === 'darwin') return `darwin-${cpu}`;
  if (os === 'windows') return `win32-${cpu}-${abi}`;
  throw new Error(`no platform name for ${triple}`);
}

/**
 * @typedef {{ name: string, file: string, size: number, unpackedSize: number, files: string[] }} PackedTarball
 */

/**
 * @param {string} folder
 * @param {string} out
 * @returns {PackedTarball}
 */
function packFolder(folder, out) {
  const [info] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
      cwd: folder,
      encoding: 'utf8',
    }),
  );
  return {
    name: info.name,
    file: join(out, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((/** @type {{ path: string }} */ f) => f.path),
  };
}

/**
 * @param {{ out?: string, targets?: string[], fromSource?: boolean }} [options]
 * @returns {PackedTarball[]}
 */
export function packAll({ out = join(root, 'packages'), targets, fromSource = false } = {}) {
  mkdirSync(out, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  /** @type {string[]} */
  const names = manifest.napi.targets.map(platformName);
  const hostTarget = detectTarget();
  const sourceBuild = join(root, 'native', `ferrokafka.${hostTarget}.node`);
  if (fromSource && !existsSync(sourceBuild)) throw new Error(`${sourceBuild} is missing: run \`npm run build:native\` first`);
  const chosen =
    targets ?? names.filter((name) => existsSync(join(root, 'npm', name, `ferrokafka.${name}.node`)) || (fromSource && name === hostTarget));
  if (!existsSync(join(root, 'dist', 'esm', 'index.js'))) throw new Error('dist/ is missing: run `npm run build:ts` first');

  /** @type {PackedTarball[]} */
  const packed = [];
  const stage = mkdtempSync(join(tmpdir(), 'ferrokafka-pack-'));
  try {
    // Scripts and devDependencies are for working in a clone: the scripts they name are not in
    // the tarball, and npm warns about any package that declares a lifecycle script (even
    // `prepare`, which does not run for a registry install).
    const { scripts: _scripts, devDependencies: _devDependencies, ...kept } = manifest;
    const published = { ...kept, optionalDependencies: Object.fromEntries(names.map((name) => [`ferrokafka-${name}`, manifest.version])) };
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
    for (const entry of ['README.md', 'LICENSE', 'bin', 'dist', 'native/index.cjs', 'native/index.d.cts', 'native/target.cjs']) {
      if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true });
    }
    packed.push(packFolder(stage, out));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }

  for (const name of chosen) {
    const folder = join(root, 'npm', name);
    const platformManifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    if (platformManifest.version !== manifest.version) {
      throw new Error(`npm/${name}/package.json is at ${platformManifest.version}, not ${manifest.version}: run \`npx napi version\``);
    }
    const binary = `ferrokafka.${name}.node`;
    if (fromSource && name === hostTarget) {
      const platformStage = mkdtempSync(join(tmpdir(), 'ferrokafka-pack-'));
      try {
        cpSync(folder, platformStage, { recursive: true });
        cpSync(sourceBuild, join(platformStage, binary));
        packed.push(packFolder(platformStage, out));
      } finally {
        rmSync(platformStage, { recursive: true, force: true });
      }
      continue;
    }
    if (!existsSync(join(folder, binary))) {
      throw new Error(`npm/${name}/${binary} is missing: run \`npm run build:platforms\` (or the release workflow) first`);
    }
    packed.push(packFolder(folder, out));
  }
  return packed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (/** @type {string} */ flag) => {
    const index = process.argv.indexOf(flag);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const packed = packAll({
    out: resolve(arg('--out') ?? join(root, 'packages')),
    targets: arg('--targets')?.split(','),
    fromSource: process.argv.includes('--from-source'),
  });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(packed));
    process.exit(0);
  }
  for (const { name, file, size, unpackedSize } of packed) {
    console.log(
      `${name.padEnd(28)} ${(size / 1e6).toFixed(2).padStart(6)} MB packed, ${(unpackedSize / 1e6).toFixed(2).padStart(6)} MB unpacked  ${file}`,
    );
  }
}
