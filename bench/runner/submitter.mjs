// Turns an adapter's API (promise per message, callback per message, or promise per batch) into
// one `submit(topic, payload, sentAt)` that counts delivery reports and, when asked, latencies.
import { recordFailure } from './measurement.mjs';

/**
 * @param api {{ kind: 'promise' | 'callback' | 'batch', call: Function }}
 * @param histogram latency histogram, or undefined when latency is not measured
 * @returns {(topic: string, payload: Buffer | Buffer[], sentAt?: number) => boolean} false: queue full, retry later
 */
export function makeSubmitter(api, counters, waiter, histogram) {
  const record = (sentAt) => histogram.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
  const onOk = () => {
    counters.acked++;
    waiter.notify();
  };
  const onError = (error) => {
    recordFailure(counters, error);
    waiter.notify();
  };
  const done = (error) => (error ? onError(error) : onOk());
  const { call } = api;
  switch (api.kind) {
    case 'promise':
      return (topic, value, sentAt) => {
        const sent = call(topic, value);
        if (sentAt === undefined) sent.then(onOk, onError);
        else
          sent.then(() => {
            record(sentAt);
            onOk();
          }, onError);
        return true;
      };
    case 'callback':
      return (topic, value, sentAt) =>
        call(
          topic,
          value,
          sentAt === undefined
            ? done
            : (error) => {
                if (!error) record(sentAt);
                done(error);
              },
        ) !== false;
    case 'batch':
      return (topic, values) => {
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
    default:
      throw new Error(`unknown API kind ${api.kind}`);
  }
}
