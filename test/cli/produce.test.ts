import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { bootstrapServers, consumeAll, createTopic } from '../helpers/kafka.js';
import { ANSI_ESCAPE, runCli, STACK_FRAME } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'ferrokafka-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ferrokafka produce', () => {
  it('sends each line of a file as one record, in order, and says so', async () => {
    const topic = await createTopic(1, 'cli-lines');
    const file = join(work, 'lines.txt');
    writeFileSync(file, 'first\r\nsecond\n\nfourth, no line break');
    const run = await runCli(['produce', '--topic', topic, '--bootstrap-server', bootstrapServers(), '--file', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^4 delivered, 0 failed, 0 bad input line\(s\) in [\d.]+ s: [\d.]+ records\/sec \([\d.]+ MB\/sec\), latency p50 [\d.]+ ms, p99 [\d.]+ ms\n$/,
    );
    expect(run.stderr).not.toMatch(ANSI_ESCAPE);
    const records = await consumeAll(topic, 4);
    expect(records.map((r) => r.value?.toString())).toEqual(['first', 'second', '', 'fourth, no line break']);
    expect(records.every((r) => r.key === null)).toBe(true);
  });

  it('reads JSON Lines from standard input, keys them by a field, and reports a bad line by its number while sending the others', async () => {
    const topic = await createTopic(1, 'cli-jsonl');
    const input = ['{"id":"a","n":1}', '{"id":7,"n":2}', '{"id":"c", broken', '', '{"id":"d","n":4}', '{"n":5}', ''].join('\n');
    const run = await runCli(['produce', '--topic', topic, '--format', 'jsonl', '--key-field', 'id'], {
      input,
      env: { KAFKA_BOOTSTRAP_SERVERS: bootstrapServers() },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('standard input: line 3: not valid JSON');
    expect(run.stderr).toContain("standard input: line 6: has no field 'id' (--key-field)");
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stderr).not.toMatch(ANSI_ESCAPE);
    expect(run.stdout).toMatch(/^3 delivered, 0 failed, 2 bad input line\(s\)/);
    const records = await consumeAll(topic, 3);
    expect(records.map((r) => [r.key?.toString(), JSON.parse(r.value!.toString()).n])).toEqual([
      ['a', 1],
      ['7', 2],
      ['d', 4],
    ]);
  });

  it('refuses a bad producer property with the typed error, before sending anything', async () => {
    const run = await runCli([
      'produce',
      '--topic',
      'never-created',
      '--bootstrap-server',
      bootstrapServers(),
      '--producer-property',
      'linger.ms=soon',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ferrokafka: lingerMs (librdkafka `linger.ms`) must be a number from 0 to 900000; got "soon"\n');
  });
  it('on SIGTERM (as timeout or a service manager sends) delivers what it read, prints the summary and exits 143', async () => {
    const topic = await createTopic(1, 'cli-sigterm');
    const run = await runCli(['produce', '--topic', topic, '--bootstrap-server', bootstrapServers()], {
      input: 'one\ntwo\nthree\n',
      signal: { name: 'SIGTERM', afterMs: 3000 },
    });
    expect(run.code, run.stderr).toBe(143);
    expect(run.stdout).toMatch(/^3 delivered, 0 failed, 0 bad input line\(s\)/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const records = await consumeAll(topic, 3);
    expect(records.map((r) => r.value?.toString())).toEqual(['one', 'two', 'three']);
  });
});
