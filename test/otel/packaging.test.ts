// `@opentelemetry/api` is an optional peer dependency: the main entry point must load without it,
// and ferrokafka/otel (which needs it) loads from ESM and CommonJS when it is there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe("'ferrokafka/otel' and the optional @opentelemetry/api", () => {
  let folder: string;
  let esmBlock: string;
  let cjsBlock: string;

  beforeAll(() => {
    // As if @opentelemetry/api were not installed: resolving any @opentelemetry/ package fails.
    folder = mkdtempSync(join(tmpdir(), 'ferrokafka-no-otel-'));
    writeFileSync(
      join(folder, 'hooks.mjs'),
      "export async function resolve(specifier, context, next) {\n  if (specifier.startsWith('@opentelemetry/')) throw Object.assign(new Error(\"Cannot find package '\" + specifier + \"'\"), { code: 'ERR_MODULE_NOT_FOUND' });\n  return next(specifier, context);\n}\n",
    );
    esmBlock = join(folder, 'block.mjs');
    writeFileSync(esmBlock, "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    cjsBlock = join(folder, 'block.cjs');
    writeFileSync(
      cjsBlock,
      "const Module = require('node:module');\nconst resolve = Module._resolveFilename;\nModule._resolveFilename = function (request, ...rest) {\n  if (request.startsWith('@opentelemetry/')) throw Object.assign(new Error(\"Cannot find module '\" + request + \"'\"), { code: 'MODULE_NOT_FOUND' });\n  return resolve.call(this, request, ...rest);\n};\n",
    );
  });

  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('the main entry point loads and takes records without it, from ESM and from CommonJS; only ferrokafka/otel needs it', () => {
    const esm = node([
      '--import',
      esmBlock,
      '--input-type=module',
      '-e',
      "import { Producer } from 'ferrokafka'; import { MockCluster } from 'ferrokafka/testing'; const p = new Producer({ bootstrapServers: '127.0.0.1:1', logger: () => {} }); let outcome; p.produce({ topic: 't', value: 'x' }, (error) => { outcome = error.type; }); const undelivered = await p.close({ timeoutMs: 1 }); console.log(typeof Producer, typeof MockCluster, undelivered.length, outcome); try { await import('ferrokafka/otel'); } catch (e) { console.log(e.message); }",
    ]);
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim().split('\n')).toEqual(['function function 1 PURGE_QUEUE', "Cannot find package '@opentelemetry/api'"]);
    const cjs = node([
      '-r',
      cjsBlock,
      '--input-type=commonjs',
      '-e',
      "const { Producer } = require('ferrokafka'); console.log(typeof Producer); try { require('ferrokafka/otel'); } catch (e) { console.log(e.message); }",
    ]);
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim().split('\n')).toEqual(['function', "Cannot find module '@opentelemetry/api'"]);
  });

  it('loads from ESM and from CommonJS when it is installed', () => {
    const check = 'console.log(typeof m.instrumentProducer, typeof m.enableOpenTelemetry)';
    const esm = node(['--input-type=module', '-e', `import * as m from 'ferrokafka/otel'; ${check}`]);
    const cjs = node(['--input-type=commonjs', '-e', `const m = require('ferrokafka/otel'); ${check}`]);
    expect(esm.stdout.trim()).toBe('function function');
    expect(cjs.stdout.trim()).toBe('function function');
  });
});
