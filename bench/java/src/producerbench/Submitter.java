package producerbench;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends the run's message (no key, the same value bytes each time) and counts what it sent. */
final class Submitter {
  /** `sentAtNanos` for a message whose latency is not recorded. */
  static final long UNTIMED = Long.MIN_VALUE;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final byte[] value;
  private final Deliveries deliveries;
  private long submitted;

  Submitter(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, Deliveries deliveries) {
    this.producer = producer;
    this.topic = topic;
    this.value = value;
    this.deliveries = deliveries;
  }

  /** send() copies the value into the batch, so one array serves every message. */
  Future<RecordMetadata> submit(long sentAtNanos) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, value);
    Future<RecordMetadata> sent =
        producer.send(record, sentAtNanos == UNTIMED ? deliveries : deliveries.timed(sentAtNanos));
    submitted++;
    return sent;
  }

  long submitted() {
    return submitted;
  }

  long outstanding() {
    return submitted - deliveries.settled();
  }
}
