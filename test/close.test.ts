import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { KafkaError, KafkaTimeoutError, Producer } from '../lib/index.js';
import { bootstrapServers, createTopic } from './helpers/kafka.js';
import { rejectionOf } from './helpers/rejection.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A broker address where nothing listens: records can only wait and then fail. */
const NOWHERE = '127.0.0.1:1';

describe('flush and close never drop a record silently', () => {
  it('flush rejects with the number still pending', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, logger: () => undefined });
    const sends = Array.from({ length: 3 }, (_, i) => producer.send({ topic: 'nowhere', value: String(i) }).catch((e: unknown) => e));
    const error = (await rejectionOf(producer.flush({ timeoutMs: 300 }))) as KafkaTimeoutError;
    expect(error).toBeInstanceOf(KafkaTimeoutError);
    expect(error.pending).toBe(3);
    expect(error.message).toBe('flush timed out after 300 ms with 3 record(s) still pending');
    const undelivered = await producer.close({ timeoutMs: 200 });
    expect(undelivered).toHaveLength(3);
    const outcomes = await Promise.all(sends);
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(KafkaError);
  });

  it('close purges what it could not deliver and resolves with each record and its reason', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, logger: () => undefined });
    const records = Array.from({ length: 5 }, (_, i) => ({ topic: 'nowhere', key: `k${i}`, value: `v${i}`, headers: { n: String(i) } }));
    const sends = records.map((record) => rejectionOf(producer.send(record)));
    const callbackErrors: KafkaError[] = [];
    producer.produce({ topic: 'nowhere', value: 'fire and forget' }, (error) => callbackErrors.push(error!));
    const started = Date.now();
    const undelivered = await producer.close({ timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(undelivered).toHaveLength(6);
    // Each comes back as it was sent (librdkafka hands its bytes back): partition -1, none was assigned.
    expect(undelivered.slice(0, 5).map((u) => u.record)).toEqual(
      records.map(({ topic, key, value, headers }) => ({
        topic,
        partition: -1,
        key: Buffer.from(key),
        value: Buffer.from(value),
        headers: [['n', Buffer.from(headers.n)]],
      })),
    );
    expect(undelivered[5]?.record.value).toEqual(Buffer.from('fire and forget'));
    for (const { error } of undelivered) {
      expect(error).toBeInstanceOf(KafkaError);
      expect(error.type).toBe('PURGE_QUEUE');
      expect(error.persistence).toBe('not-persisted');
    }
    const rejections = await Promise.all(sends);
    expect(rejections.map((e) => e.type)).toEqual(Array(5).fill('PURGE_QUEUE'));
    expect(callbackErrors.map((e) => e.type)).toEqual(['PURGE_QUEUE']);
    expect(producer.isOpen).toBe(false);
  });

  it('reports records that still waited for queue room at close with their bytes too', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, queueMaxMessages: 1, logger: () => undefined });
    const headers: Array<[string, string | null]> = [
      ['h', '1'],
      ['h', null],
    ];
    const sends = ['in librdkafka', 'waiting 1', 'waiting 2'].map((value) =>
      rejectionOf(producer.send({ topic: 'nowhere', key: null, value, headers })),
    );
    expect(producer.pending).toBe(3);
    const undelivered = await producer.close({ timeoutMs: 200 });
    expect(undelivered.map((u) => u.record.value?.toString()).sort()).toEqual(['in librdkafka', 'waiting 1', 'waiting 2']);
    for (const { record } of undelivered) {
      expect(record).toMatchObject({
        topic: 'nowhere',
        key: null,
        headers: [
          ['h', Buffer.from('1')],
          ['h', null],
        ],
      });
    }
    expect((await Promise.all(sends)).every((error) => error instanceof KafkaError)).toBe(true);
  });

  it('close waits for in-flight records that can be delivered', async () => {
    const topic = await createTopic(1);
    const producer = new Producer({ bootstrapServers: bootstrapServers(), lingerMs: 100 });
    const sends = Array.from({ length: 100 }, (_, i) => producer.send({ topic, value: String(i) }));
    expect(await producer.close()).toEqual([]);
    expect((await Promise.all(sends)).map((m) => m.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('lets the process exit by itself with an idle producer that was never closed', () => {
    const script = `
      import { Producer } from 'ferrokafka';
      const producer = new Producer({ bootstrapServers: process.env.BROKERS });
      const metadata = await producer.send({ topic: 'exit-test', value: 'x' });
      console.log('delivered', metadata.offset >= 0);
    `;
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, BROKERS: bootstrapServers() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('delivered true');
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('keeps the process alive until an un-awaited record is delivered', () => {
    const script = `
      import { Producer } from 'ferrokafka';
      const producer = new Producer({ bootstrapServers: process.env.BROKERS, lingerMs: 300 });
      producer.produce({ topic: 'exit-test', value: 'late' }, (error, metadata) => console.log('reported', error === null, metadata.offset >= 0));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, BROKERS: bootstrapServers() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stdout.trim()).toBe('reported true true');
    expect(child.status).toBe(0);
  });
});
