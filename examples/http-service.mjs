// @ts-check
// An HTTP service that writes one Kafka record per request: `POST /events` with any body (up
// to 1 MiB; an `x-key` header becomes the record's key) answers 201 with the partition and offset
// once the broker has the record, or 503 when it could not be delivered. On SIGTERM or SIGINT it
// stops accepting requests, lets the ones in flight finish, drains and closes the producer and
// reports every record it could not deliver; it exits 0 only if there were none.
//
//   node examples/http-service.mjs
//   curl -X POST --data '{"page":"/home"}' http://127.0.0.1:<port>/events
//
// PORT (default: a free one) and HOST (default 127.0.0.1) choose the address. Uses
// KAFKA_BOOTSTRAP_SERVERS if set, otherwise starts a local broker. EXAMPLE_TOPIC names the topic
// (default page-views); SHUTDOWN_TIMEOUT_MS how long shutdown waits for deliveries (default 10 s).
// `GET /healthz` says whether the producer is open and how many records are pending. Its last
// line, on shutdown, is a JSON summary.
import { createServer } from 'node:http';
import { KafkaError, Producer } from 'ferrokafka';
import { startKafka } from 'ferrokafka/testing';

const topic = process.env.EXAMPLE_TOPIC ?? 'page-views';
const MAX_BODY_BYTES = 1024 * 1024;
/** How long shutdown waits for the records still in flight before giving up on them (SHUTDOWN_TIMEOUT_MS). */
const DRAIN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);

const kafka = await startKafka();
const producer = new Producer({ bootstrapServers: kafka.bootstrapServers, clientId: 'ferrokafka-http-service', lingerMs: 5 });
producer.on('error', (error) => console.error(`Kafka client error (${error.type}): ${error.message}`));
let accepted = 0;
let delivered = 0;
let failed = 0;

const server = createServer(async (request, response) => {
  // `pending`: records sent and not yet acknowledged (a growing number means Kafka is not keeping up).
  if (request.method === 'GET' && request.url === '/healthz')
    return reply(response, producer.isOpen ? 200 : 503, { open: producer.isOpen, pending: producer.pending });
  if (request.method !== 'POST' || request.url !== '/events') return reply(response, 404, { error: 'POST /events' });
  const body = await readBody(request);
  if (body === undefined) return reply(response, 413, { error: `the body is larger than ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
  accepted++;
  const key = request.headers['x-key'];
  try {
    const { partition, offset } = await producer.send({ topic, key: typeof key === 'string' ? key : undefined, value: body });
    delivered++;
    reply(response, 201, { topic, partition, offset });
  } catch (error) {
    failed++;
    const kafkaError = error instanceof KafkaError ? error : undefined;
    // A retriable failure (brokers down, timeout) is the client's cue to try again later.
    /** @type {Record<string, string>} */
    const headers = kafkaError?.retriable ? { 'retry-after': '5' } : {};
    reply(
      response,
      503,
      { error: kafkaError?.type ?? 'ERROR', message: kafkaError?.message ?? String(error), persistence: kafkaError?.persistence },
      headers,
    );
  }
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  const where = typeof address === 'object' && address !== null ? `http://${address.address}:${address.port}` : String(address);
  console.log(`Listening on ${where} (POST /events writes to ${topic}); SIGTERM to stop`);
});

process.once('SIGTERM', shutDown);
process.once('SIGINT', shutDown);

/** @param {NodeJS.Signals} signal */
async function shutDown(signal) {
  console.log(`${signal}: no new requests; draining the producer`);
  // Stop accepting; requests already running finish (their records are still being delivered).
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const undelivered = await producer.close({ timeoutMs: DRAIN_TIMEOUT_MS });
  await closed;
  for (const { record, error } of undelivered) {
    console.error(`Undelivered: ${record.topic} key ${record.key?.toString() ?? '(none)'}, ${record.value?.length ?? 0} bytes: ${error.message}`);
  }
  await kafka.stop();
  console.log(`Accepted ${accepted} requests: ${delivered} records delivered, ${failed} failed, ${undelivered.length} undelivered at shutdown`);
  console.log(JSON.stringify({ example: 'http-service', topic, accepted, delivered, failed, undelivered: undelivered.length }));
  process.exitCode = failed === 0 && undelivered.length === 0 ? 0 : 1;
}

/**
 * The request's body, or undefined when it is larger than MAX_BODY_BYTES.
 * @param {import('node:http').IncomingMessage} request
 */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {object} body
 * @param {Record<string, string>} [headers]
 */
function reply(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
