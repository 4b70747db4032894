// The user's path: the main package and this platform's package, packed with `npm pack` as
// they would be published, installed into a fresh folder with no Rust toolchain on PATH, and
// used from there (ESM and CommonJS) against the test broker.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bootstrapServers, consumeAll, createTopic } from './helpers/kafka.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { detectTarget, SUPPORTED } = createRequire(import.meta.url)('../native/target.cjs') as {
  detectTarget(): string;
  SUPPORTED: string[];
};
const host = detectTarget();
const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

interface Packed {
  name: string;
  file: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

/** PATH with only Node's own folder and the system folders: no cargo, rustc or rustup. */
function userEnv(): NodeJS.ProcessEnv {
  const path = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
  const { CARGO_TARGET_DIR: _target, CARGO_HOME: _cargoHome, RUSTUP_HOME: _rustupHome, ...rest } = process.env;
  return { ...rest, PATH: path, npm_config_yes: 'true', DENO_NO_UPDATE_CHECK: '1' };
}

function run(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: 120_000 });
}

describe('installing the packed tarballs into a fresh folder', () => {
  let work: string;
  let app: string;
  let packed: Packed[];
  let installSeconds: number;
  let installOutput: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ferrokafka-install-'));
    const packing = spawnSync(process.execPath, ['scripts/pack.mjs', '--out', join(work, 'tarballs'), '--targets', host, '--from-source', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (packing.status !== 0) throw new Error(`scripts/pack.mjs failed:\n${packing.stderr}`);
    packed = JSON.parse(packing.stdout) as Packed[];

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "install-check", "private": true }\n');
    const started = performance.now();
    // --offline: everything comes from the two tarballs; the other platforms' optional
    // packages are skipped as npm skips them for a user (they do not match this platform).
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...packed.map((p) => p.file)], app);
    installSeconds = (performance.now() - started) / 1000;
    installOutput = `${install.stdout}\n${install.stderr}`;
    if (install.status !== 0) throw new Error(`npm install failed:\n${installOutput}`);
    console.log(
      `packed install: ${installSeconds.toFixed(1)} s; ` +
        packed.map((p) => `${p.name} ${(p.size / 1e6).toFixed(2)} MB packed / ${(p.unpackedSize / 1e6).toFixed(2)} MB`).join(', '),
    );
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has no Rust toolchain on the PATH it installs and runs with', () => {
    expect(run('cargo', ['--version'], app).error).toBeDefined();
  });

  it('installs in seconds, with no install script and only this platform package', () => {
    expect(installSeconds).toBeLessThan(30);
    expect(installOutput).not.toMatch(/install-scripts|gyp|cargo/i);
    const installed = readdirSync(join(app, 'node_modules')).filter((name) => name.startsWith('ferrokafka'));
    expect(installed.sort()).toEqual(['ferrokafka', `ferrokafka-${host}`]);
  });

  it('packs a main package that holds only what users need', () => {
    const main = packed.find((p) => p.name === 'ferrokafka')!;
    const files = main.files;
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/esm/index.js',
      'dist/cjs/index.js',
      'dist/esm/index.d.ts',
      'native/index.cjs',
      'bin/ferrokafka.mjs',
      'dist/esm/cli/main.js',
    ]) {
      expect(files).toContain(needed);
    }
    // No binaries (they are in the platform packages), no Rust or build sources, no tests.
    expect(files.filter((file) => /\.(node|rs)$|Cargo\.|^(scripts|test|bench|lib|npm)\//.test(file))).toEqual([]);
    // Source maps would point at lib/*.ts, which is not shipped.
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const manifest = createRequire(join(app, 'package.json'))('ferrokafka/package.json') as Record<string, unknown>;
    expect(manifest['scripts']).toBeUndefined();
    expect(manifest['optionalDependencies']).toEqual(Object.fromEntries(SUPPORTED.map((t) => [`ferrokafka-${t}`, version])));
    for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'author', 'license']) expect(manifest[field]).toBeDefined();
  });

  it('installs without @opentelemetry/api (an optional peer); ferrokafka/otel, packed, then names it', () => {
    expect(packed.find((p) => p.name === 'ferrokafka')!.files).toContain('dist/esm/otel/index.js');
    expect(existsSync(join(app, 'node_modules', '@opentelemetry'))).toBe(false);
    const script = "import('ferrokafka/otel').then(() => console.log('loaded'), (error) => console.log(error.code, error.message))";
    const result = run(process.execPath, ['--input-type=module', '-e', script], app);
    expect(result.stdout.trim()).toMatch(
      /^ERR_MODULE_NOT_FOUND Cannot find package '@opentelemetry\/api' imported from .*node_modules\/ferrokafka\/dist\/esm\/otel\//,
    );
  });

  it('packs a platform package holding just its binary', () => {
    const platform = packed.find((p) => p.name === `ferrokafka-${host}`)!;
    expect(platform.files.sort()).toEqual(['README.md', `ferrokafka.${host}.node`, 'package.json']);
  });

  it('produces from an ES module', async () => {
    const topic = await createTopic(1, 'install-esm');
    writeFileSync(
      join(app, 'produce.mjs'),
      `import { Producer, librdkafkaVersion } from 'ferrokafka';
const [bootstrapServers, topic] = process.argv.slice(2);
const producer = new Producer({ bootstrapServers });
const metadata = await producer.send({ topic, key: 'esm', value: 'from an ES module, librdkafka ' + librdkafkaVersion() });
await producer.close();
console.log(JSON.stringify(metadata));
`,
    );
    const result = run(process.execPath, ['produce.mjs', bootstrapServers(), topic], app);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ topic, partition: 0, offset: 0 });
    const [record] = await consumeAll(topic, 1, { settleMs: 0 });
    expect(record!.key!.toString()).toBe('esm');
    expect(record!.value!.toString()).toMatch(/^from an ES module, librdkafka 2\./);
  });

  it('produces from CommonJS', async () => {
    const topic = await createTopic(1, 'install-cjs');
    writeFileSync(
      join(app, 'produce.cjs'),
      `const { Producer } = require('ferrokafka');
const [bootstrapServers, topic] = process.argv.slice(2);
(async () => {
  const producer = new Producer({ bootstrapServers });
  const metadata = await producer.send({ topic, key: 'cjs', value: 'from CommonJS' });
  await producer.close();
  console.log(JSON.stringify(metadata));
})();
`,
    );
    const result = run(process.execPath, ['produce.cjs', bootstrapServers(), topic], app);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ topic, partition: 0, offset: 0 });
    const [record] = await consumeAll(topic, 1, { settleMs: 0 });
    expect(record!.value!.toString()).toBe('from CommonJS');
  });

  it('runs the ferrokafka command from the installed package (npx ferrokafka)', async () => {
    const help = run('npx', ['--offline', 'ferrokafka', '--help'], app);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('perf-test [options]');
    const topic = await createTopic(1, 'install-cli');
    const produce = spawnSync('npx', ['--offline', 'ferrokafka', 'produce', '--topic', topic, '--bootstrap-server', bootstrapServers()], {
      cwd: app,
      env: userEnv(),
      encoding: 'utf8',
      input: 'from the command line\n',
      timeout: 120_000,
    });
    expect(produce.status, produce.stderr).toBe(0);
    expect(produce.stdout).toMatch(/^1 delivered, 0 failed/);
    const [record] = await consumeAll(topic, 1, { settleMs: 0 });
    expect(record!.value!.toString()).toBe('from the command line');
  });

  // Bun and Deno load Node-API addons too. .ci/run provides both (FERROKAFKA_TEST_BUN,
  // FERROKAFKA_TEST_DENO: paths to their executables); without them these two are skipped.
  const otherRuntimes = [
    { name: 'Bun', executable: process.env['FERROKAFKA_TEST_BUN'], args: [] as string[] },
    // Deno: --allow-ffi loads the addon; the connections are librdkafka's own, not Deno's.
    { name: 'Deno', executable: process.env['FERROKAFKA_TEST_DENO'], args: ['run', '--allow-ffi', '--allow-read', '--allow-env'] },
  ];
  for (const runtime of otherRuntimes) {
    it.skipIf(!runtime.executable)(`produces from an ES module under ${runtime.name}`, async () => {
      const topic = await createTopic(1, `install-${runtime.name.toLowerCase()}`);
      const result = run(runtime.executable!, [...runtime.args, 'produce.mjs', bootstrapServers(), topic], app);
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ topic, partition: 0, offset: 0 });
      const [record] = await consumeAll(topic, 1, { settleMs: 0 });
      expect(record!.value!.toString()).toMatch(/^from an ES module, librdkafka 2\./);
    });
  }

  it('names the package it looked for and the platform when that package is missing', () => {
    const platformPackage = join(app, 'node_modules', `ferrokafka-${host}`);
    renameSync(platformPackage, `${platformPackage}.away`);
    try {
      const result = run(process.execPath, ['-e', "require('ferrokafka')"], app);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`no native addon could be loaded for this platform, ${host}`);
      expect(result.stderr).toContain(`the package ferrokafka-${host}`);
      expect(result.stderr).not.toMatch(/npm has a bug/);
    } finally {
      renameSync(`${platformPackage}.away`, platformPackage);
    }
    expect(existsSync(platformPackage)).toBe(true);
  });
});
