// @ts-check
// Turns an adapter's API (promise per message, callback per message, or promise per batch) into
// one `submit(topic, payload, sentAt)` that counts delivery reports and, when asked, latencies.
import { recordFailure } from './measurement.mjs';

/**
 * The payload is a Buffer for the per-message kinds and a Buffer[] for `batch` (child.mjs passes
 * what the API's kind takes), hence the casts below.
 *
 * @param {import('../types.mjs').ClientApi} api
 * @param {import('../types.mjs').Counters} counters
 * @param {import('../types.mjs').ReportWaiter} waiter
 * @param {import('../types.mjs').LatencyHistogram | undefined} histogram latency histogram, or undefined when latency is not measured
 *   (then no message is given a `sentAt`)
 * @returns {import('../types.mjs').Submit} false: queue full, retry later
 */
export function makeSubmitter(api, counters, waiter, histogram) {
  const record = (/** @type {number} */ sentAt) => histogram?.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
  const onOk = () => {
    counters.acked++;
    waiter.notify();
  };
  const onError = (/** @type {unknown} */ error) => {
    recordFailure(counters, error);
    waiter.notify();
  };
  const done = (/** @type {unknown} */ error) => (error ? onError(error) : onOk());
  switch (api.kind) {
    case 'promise': {
      const { call } = api;
      return (topic, value, sentAt) => {
        const sent = call(topic, /** @type {Buffer} */ (value));
        if (sentAt === undefined) sent.then(onOk, onError);
        else
          sent.then(() => {
            record(sentAt);
            onOk();
          }, onError);
        return true;
      };
    }
    case 'callback': {
      const { call } = api;
      return (topic, value, sentAt) =>
        call(
          topic,
          /** @type {Buffer} */ (value),
          sentAt === undefined
            ? done
            : (error) => {
                if (!error) record(sentAt);
                done(error);
              },
        ) !== false;
    }
    case 'batch': {
      const { call } = api;
      return (topic, payload) => {
        const values = /** @type {Buffer[]} */ (payload);
        const count = values.length;
        call(topic, values).then(
          () => {
            counters.acked += count;
            waiter.notify();
          },
          (error) => {
            recordFailure(counters, error, count);
            waiter.notify();
          },
        );
        return true;
      };
    }
    default:
      throw new Error(`unknown API kind ${/** @type {{ kind: string }} */ (api).kind}`);
  }
}
