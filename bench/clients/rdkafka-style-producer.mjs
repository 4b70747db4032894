// @ts-check
// The node-rdkafka producer API (also offered by @confluentinc/kafka-javascript): produce() per
// message, delivery reports as 'delivery-report' events carrying the message's opaque.
const QUEUE_FULL = -184; // RD_KAFKA_RESP_ERR__QUEUE_FULL

/**
 * @template {import('node-rdkafka').RdkafkaProducer} P
 * @param {{ Producer: new (config: Record<string, string | number | boolean>) => P }} lib the module (node-rdkafka, or @confluentinc/kafka-javascript)
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {(producer: P) => void} startPolling how this library serves delivery reports (background thread or a poll timer)
 * @returns {Promise<Omit<import('../types.mjs').OpenedClient, 'versions'>>}
 */
export async function openRdkafkaStyle(lib, settings, startPolling) {
  const producer = new lib.Producer({
    'bootstrap.servers': settings.bootstrapServers,
    'client.id': 'rdkafka-style-bench',
    acks: settings.acks,
    'enable.idempotence': settings.idempotence,
    'linger.ms': settings.lingerMs,
    'compression.codec': settings.compression,
    dr_cb: true,
  });
  // The opaque of each message is its own completion callback.
  producer.on('delivery-report', (error, report) => report.opaque(error ?? null));
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      producer.connect({}, (error) => (error ? reject(error) : resolve()));
    })
  );
  startPolling(producer);
  /** @type {import('../types.mjs').CallbackApi['call']} */
  const call = (topic, value, done) => {
    try {
      producer.produce(topic, null, value, null, null, done);
      return true;
    } catch (error) {
      if (/** @type {import('../types.mjs').Thrown} */ (error)?.code === QUEUE_FULL) return false;
      throw error;
    }
  };
  return {
    api: { kind: 'callback', call },
    close: async () => {
      await /** @type {Promise<void>} */ (new Promise((resolve) => producer.flush(30_000, () => resolve())));
      await /** @type {Promise<void>} */ (new Promise((resolve) => producer.disconnect(() => resolve())));
    },
  };
}
