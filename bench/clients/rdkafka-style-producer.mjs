// The node-rdkafka producer API (also offered by @confluentinc/kafka-javascript): produce() per
// message, delivery reports as 'delivery-report' events carrying the message's opaque.
const QUEUE_FULL = -184; // RD_KAFKA_RESP_ERR__QUEUE_FULL

/**
 * @param lib the module (node-rdkafka, or @confluentinc/kafka-javascript)
 * @param startPolling how this library serves delivery reports (background thread or a poll timer)
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
  await new Promise((resolve, reject) => {
    producer.connect({}, (error) => (error ? reject(error) : resolve()));
  });
  startPolling(producer);
  const call = (topic, value, done) => {
    try {
      producer.produce(topic, null, value, null, null, done);
      return true;
    } catch (error) {
      if (error?.code === QUEUE_FULL) return false;
      throw error;
    }
  };
  return {
    api: { kind: 'callback', call },
    close: async () => {
      await new Promise((resolve) => producer.flush(30_000, () => resolve()));
      await new Promise((resolve) => producer.disconnect(() => resolve()));
    },
  };
}
