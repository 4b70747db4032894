import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('packaging', () => {
  it('loads from ESM: import { Producer } from "ferrokafka"', () => {
    const out = node([
      '--input-type=module',
      '-e',
      "import { Producer, KafkaError, librdkafkaVersion } from 'ferrokafka'; import { startKafka } from 'ferrokafka/testing'; console.log(typeof Producer, typeof KafkaError, librdkafkaVersion(), typeof startKafka);",
    ]);
    expect(out.trim()).toBe('function function 2.12.1 function');
  });

  it('loads from CommonJS: require("ferrokafka")', () => {
    const out = node([
      '--input-type=commonjs',
      '-e',
      "const { Producer, serializers } = require('ferrokafka'); const { startKafka } = require('ferrokafka/testing'); console.log(typeof Producer, typeof serializers.json, typeof startKafka);",
    ]);
    expect(out.trim()).toBe('function function function');
  });

  it('on a platform without a package, names the platform, the package it looked for and the supported list', () => {
    const result = spawnSync(
      process.execPath,
      ['-e', "Object.defineProperty(process, 'platform', { value: 'freebsd' }); require('./native/index.cjs')"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`no native addon could be loaded for this platform, freebsd-${process.arch}`);
    expect(result.stderr).toContain(`ferrokafka-freebsd-${process.arch}`);
    expect(result.stderr).toContain('Prebuilt packages exist for: linux-x64-gnu, linux-arm64-gnu, linux-x64-musl');
    expect(result.stderr).toContain('install Rust');
    expect(result.stderr).not.toMatch(/npm has a bug/);
  });

  it('ships declaration files for both builds', () => {
    expect(readdirSync(`${root}/dist/esm`)).toContain('index.d.ts');
    expect(readdirSync(`${root}/dist/cjs`)).toContain('index.d.ts');
  });

  it('has a native addon that needs nothing beyond the C library at run time', () => {
    const addon = readdirSync(`${root}/native`).find((file) => file.endsWith('.node'));
    expect(addon).toBeDefined();
    const libraries = execFileSync('ldd', [`${root}/native/${addon}`], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0] ?? '')
      .filter((name) => name !== '' && !name.startsWith('linux-vdso') && !name.includes('ld-linux'));
    for (const library of libraries) {
      expect(library, `unexpected shared library dependency ${library}`).toMatch(/^lib(c|m|gcc_s|pthread|dl|rt)\.so/);
    }
  });

  it('was built with every codec and security feature', async () => {
    const { librdkafkaFeatures } = await import('../lib/index.js');
    const features = librdkafkaFeatures().split(',');
    for (const feature of ['gzip', 'snappy', 'lz4', 'zstd', 'ssl', 'sasl_plain', 'sasl_scram', 'sasl_oauthbearer', 'oidc']) {
      expect(features).toContain(feature);
    }
  });
});
