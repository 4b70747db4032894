import { describe, expect, it } from 'vitest';

import { bootstrapServers, consumeAll, createTopic, type ConsumedRecord } from '../helpers/kafka.js';
import { runProgram } from './helpers.js';

interface ProgramResults {
  send: Array<Record<string, unknown>>;
  sendBatch: Array<Record<string, unknown>>;
  transactionSend: Array<Record<string, unknown>>;
  activeAfterCommit: boolean;
}

/** What a record is, without where in the log it sits (offsets) or when (the broker's timestamps). */
function content(record: ConsumedRecord, createTimes: boolean): object {
  return {
    partition: record.partition,
    key: record.key?.toString() ?? null,
    value: record.value?.toString() ?? null,
    headers: Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, String(value)])),
    ...(createTimes && record.timestamp === 1_700_000_000_000 ? { timestamp: record.timestamp } : {}),
  };
}

async function runAgainstFreshTopics(client: 'kafkajs' | 'ferrokafka/kafkajs') {
  const topics = { TOPIC_ORDERS: await createTopic(3, 'orders'), TOPIC_AUDIT: await createTopic(2, 'audit'), TOPIC_TXN: await createTopic(1, 'txn') };
  const results = (await runProgram('orders.mjs', client, { BROKERS: bootstrapServers(), ...topics })) as ProgramResults;
  const orders = await consumeAll(topics.TOPIC_ORDERS, 6);
  const audit = await consumeAll(topics.TOPIC_AUDIT, 1);
  const committed = await consumeAll(topics.TOPIC_TXN, 1, { readCommitted: true });
  return { results, orders, audit, committed };
}

describe('the same KafkaJS program, with only its import changed', () => {
  it('writes the same records to the same partitions, and resolves with results of the same shape', { timeout: 180_000 }, async () => {
    const kafkajs = await runAgainstFreshTopics('kafkajs');
    const ferrokafka = await runAgainstFreshTopics('ferrokafka/kafkajs');

    const sortByContent = (records: ConsumedRecord[]) =>
      records.map((r) => content(r, true)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sortByContent(ferrokafka.orders)).toEqual(sortByContent(kafkajs.orders));
    expect(ferrokafka.orders).toHaveLength(6);
    expect(sortByContent(ferrokafka.audit)).toEqual(sortByContent(kafkajs.audit));
    // Only the committed transaction is visible to read_committed, with either client.
    expect(ferrokafka.committed.map((r) => r.value?.toString())).toEqual(['committed']);
    expect(kafkajs.committed.map((r) => r.value?.toString())).toEqual(['committed']);

    // Same RecordMetadata: one entry per topic-partition, same fields, same partitions and offsets
    // (fresh topics). logStartOffset is the one value librdkafka cannot know.
    const comparable = (entries: Array<Record<string, unknown>>) =>
      entries.map(({ logStartOffset, topicName, ...rest }) => ({
        ...rest,
        hasTopicName: typeof topicName === 'string',
        logStartOffsetType: typeof logStartOffset,
      }));
    for (const call of ['send', 'sendBatch', 'transactionSend'] as const) {
      const sortEntries = (entries: Array<Record<string, unknown>>) =>
        comparable(entries).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sortEntries(ferrokafka.results[call])).toEqual(sortEntries(kafkajs.results[call]));
      expect(Object.keys(ferrokafka.results[call][0] ?? {}).sort()).toEqual(Object.keys(kafkajs.results[call][0] ?? {}).sort());
    }
    expect(ferrokafka.results.send.length).toBe(kafkajs.results.send.length);
    expect(ferrokafka.results.activeAfterCommit).toBe(false);
    expect(kafkajs.results.activeAfterCommit).toBe(false);
  });
});

describe('a KafkaJS program about errors and events, with only its import changed', () => {
  it('sees the same events, errors, partitions and offsets', { timeout: 120_000 }, async () => {
    // Each run gets a fresh topic; its name is replaced in the summary, which quotes it in messages.
    const run = async (client: 'kafkajs' | 'ferrokafka/kafkajs') => {
      const topic = await createTopic(4, 'errors');
      const summary = await runProgram('errors-and-events.mjs', client, { BROKERS: bootstrapServers(), TOPIC: topic });
      return JSON.parse(JSON.stringify(summary).replaceAll(topic, 'TOPIC')) as unknown;
    };
    const kafkajs = (await run('kafkajs')) as Record<string, unknown>;
    const ferrokafka = (await run('ferrokafka/kafkajs')) as Record<string, unknown>;
    expect(ferrokafka).toEqual(kafkajs);
    // The summary holds what it should (not two empty objects).
    expect(kafkajs.events).toEqual(['producer.connect', 'producer.disconnect']);
    expect(kafkajs.tooLarge).toMatchObject({ name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE' });
    expect(kafkajs.acksZero).toEqual([]);
    expect(kafkajs.missingTopic).toMatchObject({
      name: 'KafkaJSNumberOfRetriesExceeded',
      cause: { name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION' },
    });
    expect((kafkajs.keyed as unknown[]).length).toBeGreaterThan(1);
  });
});
