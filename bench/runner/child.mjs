// @ts-check
// One benchmark run of one Node client in its own process. argv[2] is the run's JSON spec;
// prints one JSON result line on stdout (the same shape as the raw librdkafka baseline).
import { drained, deliveryCounters, latencyHistogram, summarizeLatency } from './measurement.mjs';
import { burstLoad } from './loads/burst-load.mjs';
import { rateLoad } from './loads/rate-load.mjs';
import { streamLoad } from './loads/stream-load.mjs';
import { windowLoad } from './loads/window-load.mjs';
import { reportWaiter } from './report-waiter.mjs';
import { makeSubmitter } from './submitter.mjs';

const DRAIN_TIMEOUT_MS = 60_000;
const FIRST_DELIVERY_TIMEOUT_MS = 30_000;

/** @type {import('../types.mjs').RunSpec} */
const spec = JSON.parse(process.argv[2]);
const print = (/** @type {import('../types.mjs').ChildResult} */ result) => process.stdout.write(`${JSON.stringify(result)}\n`);

/** @type {import('../types.mjs').OpenedClient} */
let client;
const rssBeforeOpen = process.memoryUsage.rss();
try {
  /** @type {import('../types.mjs').ClientAdapter} */
  const adapter = await import(`../clients/${spec.client}.mjs`);
  client = await adapter.open(
    {
      bootstrapServers: spec.bootstrapServers,
      acks: spec.acks,
      idempotence: spec.idempotence,
      lingerMs: spec.lingerMs,
      compression: spec.compression,
      queueMessages: spec.queueMessages,
      productRoot: spec.productRoot,
    },
    spec.api,
  );
} catch (error) {
  // An adapter throws { notSupported } for a combination the client cannot do (e.g. no lz4 codec).
  const failure = /** @type {import('../types.mjs').Thrown} */ (error);
  print(failure?.notSupported ? { ok: false, notRun: failure.message } : { ok: false, error: `open: ${failure?.message ?? error}` });
  process.exit(0);
}

try {
  const counters = deliveryCounters();
  const waiter = reportWaiter();
  const histogram = spec.latency ? latencyHistogram() : undefined;
  if (client.api.kind === 'stream') {
    let idleRssMb = 0;
    const outcome = await streamLoad({
      api: client.api,
      topic: spec.topic,
      payload: Buffer.alloc(spec.size, 'x'),
      counters,
      warmupMs: spec.warmupMs,
      durationMs: spec.durationMs,
      connected: () => {
        idleRssMb = (process.memoryUsage.rss() - (client.rssAfterLoad ?? rssBeforeOpen)) / 2 ** 20;
      },
    });
    await client.close();
    print({
      ok: true,
      submitted: counters.submitted,
      acked: counters.acked,
      failed: counters.failed,
      firstError: counters.firstError,
      drainTimedOut: outcome.drainTimedOut,
      saturated: false,
      measured: { acked: outcome.measured.acked, seconds: outcome.measured.seconds, cpuUs: outcome.measured.cpuUs },
      latencyMs: null,
      eventLoopDelayP99Ms: outcome.measured.eventLoopDelayP99Ms,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      idleRssMb,
      versions: client.versions,
    });
    process.exit(0);
  }
  const submit = makeSubmitter(client.api, counters, waiter, histogram);
  const value = Buffer.alloc(spec.size, 'x');
  const batch = client.api.kind === 'batch';
  // One message and its report first, so that connecting, metadata and the idempotent producer id
  // are done before the warm-up starts (the raw baseline does the same).
  while (!submit(spec.topic, batch ? [value] : value)) await waiter.next(1);
  counters.submitted += 1;
  if (!(await drained(counters, (ms) => waiter.next(ms), FIRST_DELIVERY_TIMEOUT_MS))) throw new Error('no report for the first message within 30 s');
  // What a connected, idle producer adds: from after its module was loaded (when the adapter
  // says when that was) to now.
  const idleRssMb = (process.memoryUsage.rss() - (client.rssAfterLoad ?? rssBeforeOpen)) / 2 ** 20;
  const common = { submit, topic: spec.topic, counters, waiter, warmupMs: spec.warmupMs, durationMs: spec.durationMs };
  const outcome =
    spec.load === 'rate'
      ? await rateLoad({ ...common, payload: value, rate: required(spec.rate, 'rate') })
      : spec.load === 'burst'
        ? await burstLoad({ ...common, payload: value, count: required(spec.count, 'count') })
        : await windowLoad({
            ...common,
            payload: batch ? Array.from({ length: required(spec.batchSize, 'batchSize') }, () => value) : value,
            perSubmit: batch ? required(spec.batchSize, 'batchSize') : 1,
            window: required(spec.window, 'window'),
            timed: spec.latency,
          });
  const complete = !outcome.drainTimedOut && (await drained(counters, (ms) => waiter.next(ms), DRAIN_TIMEOUT_MS));
  await client.close();
  print({
    ok: true,
    submitted: counters.submitted,
    acked: counters.acked,
    failed: counters.failed,
    firstError: counters.firstError,
    drainTimedOut: !complete,
    saturated: outcome.saturated,
    measured: { acked: outcome.measured.acked, seconds: outcome.measured.seconds, cpuUs: outcome.measured.cpuUs },
    latencyMs: summarizeLatency(histogram),
    eventLoopDelayP99Ms: outcome.measured.eventLoopDelayP99Ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    idleRssMb,
    versions: client.versions,
  });
  process.exit(0);
} catch (error) {
  print({ ok: false, error: String(/** @type {import('../types.mjs').Thrown} */ (error)?.stack ?? error) });
  process.exit(1);
}

/**
 * A field the scenario's load always sets (the catalog gives every window, rate, burst and batch
 * scenario its own).
 *
 * @template T
 * @param {T | undefined} value
 * @param {string} name
 * @returns {T}
 */
function required(value, name) {
  if (value === undefined) throw new Error(`the run spec has no ${name}`);
  return value;
}
