import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { connectionFailureReason, unreachableLine, bootstrapServersOf } from '../../lib/cli/broker-check.js';
import { BadInputLine, InputReader, recordOfLine } from '../../lib/cli/input-reader.js';
import { DeliveryWindow, LatencyRecorder } from '../../lib/cli/latency-recorder.js';
import { formatMetrics, formatTotalLine, formatWindowLine } from '../../lib/cli/perf-report.js';
import { addPropertyArguments, parsePropertyArgument, producerConfigFromProperties, readPropertiesFile } from '../../lib/cli/property-arguments.js';
import { renderChartSvg, chartFormatOf } from '../../lib/cli/throughput-chart.js';
import { ErrorCode } from '../../lib/errors/codes.js';
import { KafkaConfigError, KafkaError } from '../../lib/errors/kafka-errors.js';

/** Digits runs become N: two lines have the same shape when only their numbers differ. */
const shape = (line: string): string => line.replace(/\d+/g, 'N');

describe('perf-test report lines', () => {
  // Printed by Kafka 4.1.1's own kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance).
  const kafkaWindow = '113216 records sent, 22629.6 records/sec (2.16 MB/sec), 2958.7 ms avg latency, 3497.0 ms max latency.';
  const kafkaTotal =
    '200000 records sent, 18296.6 records/sec (1.74 MB/sec), 2830.76 ms avg latency, 3497.00 ms max latency, 3001 ms 50th, 3283 ms 95th, 3452 ms 99th, 3495 ms 99.9th.';

  it("match the shape of Kafka's lines, with the same arithmetic", () => {
    const window = new DeliveryWindow(0);
    for (let i = 0; i < 1000; i++) window.add(i % 10, 100);
    const line = formatWindowLine(window, 5000);
    expect(shape(line)).toBe(shape(kafkaWindow));
    // 1000 records in 5 s; 100,000 bytes in 5 s = 0.02 MiB/s; latencies 0..9 average 4.5, max 9
    expect(line).toBe('1000 records sent, 200.0 records/sec (0.02 MB/sec), 4.5 ms avg latency, 9.0 ms max latency.');

    const recorder = new LatencyRecorder(0, 1000);
    for (let i = 1; i <= 1000; i++) recorder.record(i, 100);
    const total = formatTotalLine(recorder.total, 2000, recorder.percentiles(0.5, 0.95, 0.99, 0.999));
    expect(shape(total)).toBe(shape(kafkaTotal));
    expect(total).toBe(
      '1000 records sent, 500.0 records/sec (0.05 MB/sec), 500.50 ms avg latency, 1000.00 ms max latency, 501 ms 50th, 951 ms 95th, 991 ms 99th, 1000 ms 99.9th.',
    );
  });

  it('prints metrics in the layout of Kafka tools', () => {
    const text = formatMetrics({ 'record-send-total': 10, 'batch-size-avg': 1.5 }, 'perf-producer-client');
    expect(text.split('\n')).toEqual([
      '',
      `${'Metric Name'.padEnd('producer-metrics:record-send-total:{client-id=perf-producer-client}'.length)}   Value`,
      'producer-metrics:batch-size-avg:{client-id=perf-producer-client}    : 1.500',
      'producer-metrics:record-send-total:{client-id=perf-producer-client} : 10.000',
    ]);
  });
});

describe('latency sampling', () => {
  it('keeps every n-th latency as Kafka does when the count is known, at most about 500,000', () => {
    const recorder = new LatencyRecorder(0, 1_200_000);
    for (let i = 0; i < 1_200_000; i++) recorder.record(i % 100, 1);
    // sampling = floor(1,200,000 / 500,000) = 2
    expect(recorder.sampleCount).toBe(600_000);
    expect(recorder.percentiles(0.5)).toEqual([50]);
  });

  it('stays bounded with an open-ended count and still reads percentiles right', () => {
    const recorder = new LatencyRecorder(0);
    for (let i = 0; i < 1_000_000; i++) recorder.record((i % 1000) + 1, 1);
    expect(recorder.sampleCount).toBeLessThanOrEqual(1 << 17);
    const [p50, p99] = recorder.percentiles(0.5, 0.99);
    expect(p50).toBeGreaterThanOrEqual(495);
    expect(p50).toBeLessThanOrEqual(505);
    expect(p99).toBeGreaterThanOrEqual(985);
    expect(recorder.total.count).toBe(1_000_000);
    expect(recorder.total.maxLatencyMs).toBe(1000);
  });

  it('reads 0 when nothing was delivered', () => {
    expect(new LatencyRecorder(0, 10).percentiles(0.5, 0.99)).toEqual([0, 0]);
  });
});

describe('producer properties from the command line', () => {
  it('maps Java and librdkafka names to the typed options, the rest to the escape hatch', () => {
    const properties = addPropertyArguments(new Map(), [
      'acks=all',
      'linger.ms=5',
      'compression.type=lz4',
      'enable.idempotence=false',
      'buffer.memory=33554432',
      'socket.keepalive.enable=true',
      'key.serializer=org.apache.kafka.common.serialization.ByteArraySerializer',
      'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p=q";',
      'security.protocol=SASL_SSL',
    ]);
    expect(producerConfigFromProperties(properties, 'localhost:9092')).toEqual({
      bootstrapServers: 'localhost:9092',
      acks: 'all',
      lingerMs: 5,
      compression: 'lz4',
      idempotence: false,
      queueMaxKbytes: 32768,
      librdkafka: { 'socket.keepalive.enable': 'true' },
      tls: true,
      sasl: { mechanism: 'plain', username: 'u', password: 'p=q' },
    });
  });

  it('lets bootstrap.servers in the properties win, and numbers stay numbers only when they are', () => {
    const config = producerConfigFromProperties(
      new Map([
        ['bootstrap.servers', 'b:1'],
        ['acks', '-1'],
        ['batch.size', 'big'],
      ]),
      'a:1',
    );
    expect(config).toEqual({ bootstrapServers: 'b:1', acks: -1, batchSize: 'big' });
  });

  it('refuses malformed arguments with typed errors', () => {
    expect(() => parsePropertyArgument('linger.ms')).toThrow(KafkaConfigError);
    expect(() => parsePropertyArgument('=5')).toThrow('producer property with an empty key must have the form key=value');
    expect(parsePropertyArgument('a=b=c')).toEqual(['a', 'b=c']);
    expect(() => producerConfigFromProperties(new Map([['security.protocol', 'SSL_PLAIN']]), 'a:1')).toThrow(
      "security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL; got 'SSL_PLAIN'",
    );
    expect(() => producerConfigFromProperties(new Map([['sasl.username', 'u']]), 'a:1')).toThrow(
      'needs security.protocol=SASL_PLAINTEXT or SASL_SSL',
    );
  });

  it('reads a Java .properties file (--producer.config): comments, = : or space, continued lines', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ferrokafka-props-'));
    try {
      const file = join(folder, 'producer.properties');
      writeFileSync(file, '# comment\n! also a comment\n\nbootstrap.servers = b:1,\\\n    c:2\nacks: all\nlinger.ms 5\n');
      expect([...readPropertiesFile(file)]).toEqual([
        ['bootstrap.servers', 'b:1,c:2'],
        ['acks', 'all'],
        ['linger.ms', '5'],
      ]);
      expect(() => readPropertiesFile(join(folder, 'missing.properties'))).toThrow(
        /^cannot read the producer config file .*missing\.properties: ENOENT/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('takes --bootstrap-server, else KAFKA_BOOTSTRAP_SERVERS, else localhost:9092', () => {
    expect(bootstrapServersOf('x:1', { KAFKA_BOOTSTRAP_SERVERS: 'y:2' })).toBe('x:1');
    expect(bootstrapServersOf(undefined, { KAFKA_BOOTSTRAP_SERVERS: ' y:2 ' })).toBe('y:2');
    expect(bootstrapServersOf(undefined, {})).toBe('localhost:9092');
  });
});

describe('input lines', () => {
  const readAll = async (chunks: string[]) => {
    const reader = InputReader.open(undefined, Readable.from(chunks.map((c) => Buffer.from(c))));
    const lines: Array<[number, string]> = [];
    for await (const line of reader.lines()) lines.push([line.number, line.text.toString()]);
    return { lines, bytes: reader.bytesRead };
  };

  it('numbers lines across chunk boundaries, drops CR of CRLF, keeps a last line without a break', async () => {
    expect(await readAll(['ab', 'c\r\nde\n', '\nf'])).toEqual({
      lines: [
        [1, 'abc'],
        [2, 'de'],
        [3, ''],
        [4, 'f'],
      ],
      bytes: 10,
    });
    expect((await readAll(['x\n'])).lines).toEqual([[1, 'x']]);
  });

  it('makes records of JSON Lines, keyed by a field, and names bad lines', () => {
    const line = (number: number, text: string) => ({ number, text: Buffer.from(text) });
    expect(recordOfLine(line(1, '{"id":"k","v":1}'), 'jsonl', 'id')).toEqual({ key: 'k', value: Buffer.from('{"id":"k","v":1}') });
    expect(recordOfLine(line(2, '{"id":{"a":1}}'), 'jsonl', 'id')?.key).toBe('{"a":1}');
    expect(recordOfLine(line(3, '   '), 'jsonl', undefined)).toBeUndefined();
    expect(() => recordOfLine(line(4, '{"id":'), 'jsonl', undefined)).toThrow(/^line 4: not valid JSON/);
    expect(() => recordOfLine(line(5, '[1]'), 'jsonl', 'id')).toThrow(BadInputLine);
    expect(() => recordOfLine(line(6, '{}'), 'jsonl', 'id')).toThrow("line 6: has no field 'id' (--key-field)");
    expect(recordOfLine(line(7, 'not json'), 'lines', undefined)).toEqual({ key: null, value: Buffer.from('not json') });
  });
});

describe('unreachable broker line', () => {
  const unreachable = (first: KafkaError) =>
    new KafkaError({ code: ErrorCode.ALL_BROKERS_DOWN, type: 'ALL_BROKERS_DOWN', message: 'no broker has been reachable', cause: first });

  it('says where, why and what to check, in one line', () => {
    const refused = new KafkaError({
      code: ErrorCode.TRANSPORT,
      type: 'TRANSPORT',
      message: '127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)',
    });
    expect(unreachableLine(unreachable(refused), '127.0.0.1:1')).toBe(
      'cannot reach the Kafka broker at 127.0.0.1:1 (connection refused) after 10 s; check --bootstrap-server',
    );
    const unresolved = new KafkaError({
      code: ErrorCode.RESOLVE,
      type: 'RESOLVE',
      message: "nohost:9092/bootstrap: Failed to resolve 'nohost:9092': Name or service not known (after 1ms in state CONNECT)",
    });
    expect(connectionFailureReason(unresolved)).toBe('host not found: Name or service not known');
  });
});

describe('throughput chart', () => {
  it('draws one path per series with a point per sample, in a standalone SVG', () => {
    const points = [0.5, 1, 1.5].map((s, i) => ({
      atMs: s * 1000,
      recordsPerSec: 1000 * (i + 1),
      mbPerSec: 0.1,
      avgLatencyMs: 2 + i,
      maxLatencyMs: 10,
    }));
    const svg = renderChartSvg(points, 'a <test> & more');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('a &lt;test&gt; &amp; more');
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!.split(' '));
    expect(paths.map((p) => p.length)).toEqual([3, 3, 3]);
    expect(chartFormatOf('x.SVG')).toBe('svg');
    expect(chartFormatOf('x.html')).toBe('html');
    expect(chartFormatOf('x.png')).toBeUndefined();
  });
});
