#!/usr/bin/env node
// @ts-check
// Hosts librdkafka's mock cluster (the product's `MockCluster`) in a process of its own, so its
// threads never count in a client's CPU time. `node mock-host.mjs <harness URL> <brokers>` prints
// one JSON line `{ bootstrapServers, pid }`, then answers one JSON command per stdin line:
//   { id, op: 'createTopic', topic, partitions }  ->  { id, ok: true } | { id, ok: false, error }
// (the mock answers no CreateTopics or DeleteTopics request, so the bench asks this host instead).
// It stops the mock and exits on SIGTERM/SIGINT, or when stdin closes (its parent is gone).
import { createInterface } from 'node:readline';

const [harness, brokersText = '1'] = process.argv.slice(2);
if (harness === undefined) throw new Error('usage: mock-host.mjs <URL of dist/esm/testing/index.js> [brokers]');
const reply = (/** @type {object} */ line) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** @type {typeof import('../../lib/testing/index.js')} the compiled lib/testing */
const { MockCluster } = await import(harness);
const mock = await MockCluster.start({ brokers: Number(brokersText) });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  mock.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

const commands = createInterface({ input: process.stdin });
commands.on('close', stop);
commands.on('line', async (line) => {
  /** @type {{ id?: unknown, op?: unknown, topic?: unknown, partitions?: unknown }} */
  let command = {};
  try {
    command = JSON.parse(line);
    if (command.op !== 'createTopic') throw new Error(`unknown op ${JSON.stringify(command.op)} (known: createTopic)`);
    await mock.createTopic(String(command.topic), { partitions: Number(command.partitions), replicationFactor: 1 });
    reply({ id: command.id, ok: true });
  } catch (error) {
    reply({ id: command.id, ok: false, error: /** @type {Error} */ (error).message });
  }
});

reply({ bootstrapServers: mock.bootstrapServers, pid: process.pid });
