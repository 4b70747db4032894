import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe("'ferrokafka/kafkajs' as a package export", () => {
  it('loads from ESM and from CommonJS, and hands admin() to the installed kafkajs', () => {
    const check =
      "console.log(typeof m.Kafka, typeof m.Partitioners.LegacyPartitioner, m.CompressionTypes.ZSTD, m.logLevel.WARN, typeof m.KafkaJSProtocolError, new m.Kafka({ brokers: ['127.0.0.1:1'] }).admin().constructor.name)";
    const esm = node(['--input-type=module', '-e', `import * as m from 'ferrokafka/kafkajs'; ${check}`]);
    // The default export holds everything too, as `import kafkajs from 'kafkajs'` does.
    const esmDefault = node(['--input-type=module', '-e', `import m from 'ferrokafka/kafkajs'; ${check}`]);
    expect(esmDefault.trim()).toBe(esm.trim());
    const cjs = node(['--input-type=commonjs', '-e', `const m = require('ferrokafka/kafkajs'); ${check}`]);
    expect(esm.trim()).toBe('function function 4 2 function Object');
    expect(cjs.trim()).toBe(esm.trim());
  });

  it('without kafkajs installed, consumer() and admin() throw an error saying what to install; the producer works', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ferrokafka-no-kafkajs-'));
    try {
      const script = join(folder, 'program.mjs');
      writeFileSync(
        script,
        [
          `import { Kafka, KafkaJSNotImplemented } from ${JSON.stringify(join(root, 'dist/esm/kafkajs/index.js'))};`,
          "const kafka = new Kafka({ brokers: ['127.0.0.1:1'] });",
          'for (const call of ["consumer", "admin"]) {',
          '  try { kafka[call]({ groupId: "g" }); console.log(call, "returned"); }',
          '  catch (error) { console.log(call, error instanceof KafkaJSNotImplemented, error.message); }',
          '}',
          'console.log("producer", typeof kafka.producer().send);',
        ].join('\n'),
      );
      const result = spawnSync(process.execPath, [script], { cwd: folder, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^consumer true kafka\.consumer\(\) needs the kafkajs package: .*npm install kafkajs/);
      expect(lines[1]).toMatch(/^admin true kafka\.admin\(\) needs the kafkajs package: .*npm install kafkajs/);
      expect(lines[2]).toBe('producer function');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
