import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { afterAll, describe, expect, it } from 'vitest';

import { watchBroker } from '../../lib/cli/broker-check.js';
import { InputReader, recordOfLine } from '../../lib/cli/input-reader.js';
import { filePayloads } from '../../lib/cli/perf-payloads.js';
import { parsePropertyArgument, producerConfigFromProperties } from '../../lib/cli/property-arguments.js';
import { ErrorCode } from '../../lib/errors/codes.js';
import { KafkaError } from '../../lib/errors/kafka-errors.js';
import type { Producer } from '../../lib/producer/producer.js';

const work = mkdtempSync(join(tmpdir(), 'ferrokafka-cli-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const line = (number: number, text: string | Buffer) => ({ number, text: Buffer.isBuffer(text) ? text : Buffer.from(text) });

describe('ferrokafka produce, hostile input', () => {
  it('reads a line spanning thousands of chunks in linear time (a 32 MiB line, 16 KiB chunks)', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x41);
    const chunks = [Buffer.from('first\n'), ...Array.from({ length: 2048 }, () => chunk), Buffer.from('\r\nlast')];
    const reader = InputReader.open(undefined, Readable.from(chunks, { objectMode: false }));
    const started = performance.now();
    const lines: [number, number][] = [];
    for await (const { number, text } of reader.lines()) lines.push([number, text.length]);
    // Joining the pieces chunk by chunk copies about 32 GiB here (tens of seconds); once, 32 MiB.
    expect(performance.now() - started).toBeLessThan(4000);
    expect(lines).toEqual([
      [1, 5],
      [2, 32 * 1024 * 1024],
      [3, 4],
    ]);
  });

  it('refuses a JSON line that is not UTF-8 instead of sending its bad bytes', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(() => recordOfLine(line(3, bytes), 'jsonl', undefined)).toThrow('line 3: not valid JSON (not valid UTF-8)');
    // A byte order mark is not allowed in JSON text either (RFC 8259), so it is not quietly dropped.
    expect(() => recordOfLine(line(5, Buffer.from('\uFEFF{"a":1}')), 'jsonl', undefined)).toThrow(/^line 5: not valid JSON/);
    // Plain lines are bytes and stay so.
    expect(recordOfLine(line(4, bytes), 'lines', undefined)?.value).toEqual(bytes);
  });

  it("keys by the object's own field only, never by one inherited from Object.prototype", () => {
    for (const field of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => recordOfLine(line(2, '{"a":1}'), 'jsonl', field)).toThrow(`line 2: has no field '${field}' (--key-field)`);
    }
    expect(recordOfLine(line(1, '{"toString":"k"}'), 'jsonl', 'toString')?.key).toBe('k');
  });

  it('never echoes what follows the key of a malformed producer property (it may be a secret)', () => {
    for (const argument of ['sasl.password hunter2', 'sasl.password: hunter2', '=hunter2', ' =hunter2']) {
      let message = '';
      try {
        parsePropertyArgument(argument);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/must have the form key=value/);
      expect(message).not.toContain('hunter2');
    }
  });

  it('names an empty --payload-file in one line, the delimiter escaped', () => {
    const path = join(work, 'empty.txt');
    writeFileSync(path, '\n\n');
    let message = '';
    try {
      filePayloads(path, '\n');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`--payload-file ${path} holds no payloads (empty, or nothing but "\\n")`);
  });
});

describe('ferrokafka and a broker that refuses authentication', () => {
  it('stops the run with one line that names the broker, not the password, instead of retrying for minutes', () => {
    const producer = new EventEmitter();
    const seen: string[] = [];
    watchBroker(producer as unknown as Producer, '127.0.0.1:9093', {
      unreachable: (line) => seen.push(`unreachable: ${line}`),
      fatal: (line) => seen.push(`fatal: ${line}`),
      warning: (line) => seen.push(`warning: ${line}`),
    });
    const failure = (after: string) =>
      new KafkaError({
        code: ErrorCode.AUTHENTICATION,
        type: 'AUTHENTICATION',
        message: `sasl_plaintext://127.0.0.1:9093/bootstrap: SASL authentication error: Authentication failed: Invalid username or password (after ${after} in state AUTH_REQ)`,
      });
    producer.emit('error', failure('5ms'));
    expect(seen).toEqual([
      'unreachable: the Kafka broker at 127.0.0.1:9093 refused authentication (sasl_plaintext://127.0.0.1:9093/bootstrap: SASL authentication error: Authentication failed: Invalid username or password); check security.protocol and the sasl.* properties',
    ]);
  });

  it('prints a repeated warning once, whatever librdkafka says about its timing', () => {
    const producer = new EventEmitter();
    const warnings: string[] = [];
    watchBroker(producer as unknown as Producer, 'b:1', { unreachable: () => {}, fatal: () => {}, warning: (line) => warnings.push(line) });
    for (const after of ['6ms in state CONNECT', '0ms in state CONNECT, 1 identical error(s) suppressed'])
      producer.emit(
        'error',
        new KafkaError({ code: ErrorCode.SSL, type: 'SSL', message: `ssl://b:1/bootstrap: SSL handshake failed (after ${after})` }),
      );
    expect(warnings).toEqual(['warning: SSL: ssl://b:1/bootstrap: SSL handshake failed (after 6ms in state CONNECT)']);
  });
});

describe('TLS producer properties on the command line', () => {
  it('become the typed tls option, which owns them (the escape hatch refuses them)', () => {
    const config = producerConfigFromProperties(
      new Map([
        ['security.protocol', 'SSL'],
        ['ssl.key.location', '/etc/client.key'],
        ['ssl.key.password', 'hunter2'],
        ['ssl.endpoint.identification.algorithm', ''],
        ['enable.ssl.certificate.verification', 'false'],
      ]),
      'b:1',
    );
    expect(config.tls).toEqual({ keyPassword: 'hunter2', checkHostname: false, rejectUnauthorized: false });
    expect(config.librdkafka).toEqual({ 'ssl.key.location': '/etc/client.key' });
    expect(
      producerConfigFromProperties(
        new Map([
          ['security.protocol', 'SASL_SSL'],
          ['sasl.username', 'u'],
          ['sasl.password', 'p'],
        ]),
        'b:1',
      ).tls,
    ).toBe(true);
    expect(() => producerConfigFromProperties(new Map([['ssl.key.password', 'hunter2']]), 'b:1')).toThrow(
      'producer property ssl.key.password needs security.protocol=SSL or SASL_SSL',
    );
    expect(() =>
      producerConfigFromProperties(
        new Map([
          ['security.protocol', 'SSL'],
          ['ssl.endpoint.identification.algorithm', 'HTTP'],
        ]),
        'b:1',
      ),
    ).toThrow("ssl.endpoint.identification.algorithm must be https, none or empty; got 'HTTP'");
  });
});
