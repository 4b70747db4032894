// An independent reader for the tests: the official Java consumer (every codec, read_committed).
// Run as a single-file source program: java -cp <kafka jars> VerifyConsumer.java BOOTSTRAP TOPIC COUNT ISOLATION TIMEOUT_MS
// Prints one JSON object per record, then "DONE <count>".
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class VerifyConsumer {
    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        int expected = Integer.parseInt(args[2]);
        String isolation = args[3];
        long timeoutMs = Long.parseLong(args[4]);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", isolation);
        props.put("enable.auto.commit", "false");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofMillis(timeoutMs))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + timeoutMs;
            long settleUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    System.out.println(toJson(record));
                    seen++;
                }
                if (seen >= expected && settleUntil == Long.MAX_VALUE) {
                    // Keep polling briefly to catch records beyond the expected count (duplicates).
                    settleUntil = System.currentTimeMillis() + 1000;
                }
            }
        }
        System.out.println("DONE " + seen);
    }

    private static String toJson(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder headers = new StringBuilder("[");
        for (Header header : record.headers()) {
            if (headers.length() > 1) headers.append(',');
            // the key base64-encoded too: any character (a quote, a backslash, a control character) survives
            headers.append('[').append(b64(header.key().getBytes(StandardCharsets.UTF_8))).append(',').append(b64(header.value())).append(']');
        }
        headers.append(']');
        return "{\"partition\":" + record.partition() + ",\"offset\":" + record.offset() + ",\"timestamp\":" + record.timestamp()
            + ",\"key\":" + b64(record.key()) + ",\"value\":" + b64(record.value()) + ",\"headers\":" + headers + "}";
    }

    private static String b64(byte[] bytes) {
        return bytes == null ? "null" : "\"" + Base64.getEncoder().encodeToString(bytes) + "\"";
    }
}
