package producerbench;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer configuration: the settings every contender gets, mapped to kafka-clients' names. */
final class ProducerSettings {
  /** librdkafka's default batch.size: the librdkafka-based contenders batch up to this many bytes. */
  static final int BATCH_BYTES = 1_000_000;

  /**
   * librdkafka's default queue.buffering.max.kbytes (1 GiB). The pool is filled only as batches are
   * made, so this is a bound, not an allocation; the loads' own bound (50,000 un-acked, or the 1M
   * burst of S6) stays far below it, so send() never blocks on a full buffer.
   */
  static final long BUFFER_BYTES = 1L << 30;

  private ProducerSettings() {}

  static Properties of(RunArgs args) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.bootstrap());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "java-producer-bench");
    props.put(ProducerConfig.ACKS_CONFIG, args.acks());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(args.idempotence()));
    props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(args.lingerMs()));
    // At the codec's default level: lz4 uses the fast compressor and zstd level 3, as librdkafka does.
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, args.compression());
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(BUFFER_BYTES));
    // The most idempotence allows, and librdkafka's limit with idempotence on.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
