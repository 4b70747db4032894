import { expect } from 'vitest';

import type { KafkaError, Producer, RecordMetadata } from '../../../lib/index.js';

/** One record sent in a fault case, with every report it got (exactly one is expected). */
export interface TrackedRecord {
  key: string;
  /** Its position among the records of its key, counted from 0: the order it must keep. */
  seq: number;
  reports: Array<{ error: KafkaError | null; metadata: RecordMetadata | null }>;
}

/** A record read back from the mock's log. */
export interface LoggedRecord {
  partition: number;
  offset: number;
  key: string;
  seq: number;
}

/** The value written for `key`'s `seq`-th record, which the log must give back unchanged. */
export function recordValue(key: string, seq: number): string {
  return `${key}#${seq}`;
}

export function parseValue(value: string): { key: string; seq: number } {
  const at = value.lastIndexOf('#');
  return { key: value.slice(0, at), seq: Number(value.slice(at + 1)) };
}

/**
 * Sends records through `produce()` with a callback (so a second report of the same record
 * would be seen, which a promise could hide) and keeps every report.
 */
export class FaultRun {
  readonly records: TrackedRecord[] = [];
  readonly #nextSeq = new Map<string, number>();

  constructor(
    readonly producer: Producer<string, string>,
    readonly topic: string,
  ) {}

  /** Sends `count` records, round-robin over `keys` keys (`k0`, `k1`, ...). */
  produce(count: number, keys = 6): TrackedRecord[] {
    const sent: TrackedRecord[] = [];
    for (let index = 0; index < count; index += 1) sent.push(this.produceOne(`k${index % keys}`));
    return sent;
  }

  produceOne(key: string): TrackedRecord {
    const seq = this.#nextSeq.get(key) ?? 0;
    this.#nextSeq.set(key, seq + 1);
    const record: TrackedRecord = { key, seq, reports: [] };
    this.records.push(record);
    this.producer.produce({ topic: this.topic, key, value: recordValue(key, seq) }, (error, metadata) => {
      record.reports.push({ error, metadata });
    });
    return record;
  }

  /** Resolves once every record has a report, then waits `graceMs` more for any second report. */
  async settled(timeoutMs = 20_000, graceMs = 100): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.records.some((record) => record.reports.length === 0)) {
      if (performance.now() > deadline) {
        const missing = this.records.filter((record) => record.reports.length === 0).length;
        throw new Error(`${missing} of ${this.records.length} record(s) got no report within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, graceMs));
  }

  delivered(): TrackedRecord[] {
    return this.records.filter((record) => record.reports[0]?.error === null);
  }

  failed(): Array<TrackedRecord & { error: KafkaError }> {
    return this.records.flatMap((record) => {
      const error = record.reports[0]?.error;
      return error === null || error === undefined ? [] : [{ ...record, error }];
    });
  }
}

export interface InvariantOptions {
  /** Every record must have been delivered (no failure at all). */
  allDelivered?: boolean;
  /**
   * The mock de-duplicates retried batches only for transactional producers: with an
   * idempotent one, a batch written whose answer was lost is written again by the retry.
   * Lost-response cases on a non-transactional producer set this to check what ferrokafka
   * reports without failing on the mock's duplicate.
   */
  mockMayDuplicate?: boolean;
  /**
   * The mock acknowledges a retried batch it already holds with offset -1 (a real broker gives
   * the offset of the first write). With this set, a record delivered at offset -1 must be in the
   * log exactly once (found by its value) instead of at the offset reported.
   */
  mockAcksDuplicatesWithoutOffset?: boolean;
}

/**
 * The fault matrix's invariants, for every case:
 * - every record got exactly one outcome;
 * - a record reported delivered is in the log, at the partition and offset reported, with its own value;
 * - nothing is written twice, and per partition the log is contiguous; every logged record was either
 *   acknowledged at that offset or failed as possibly persisted (never "not persisted");
 * - per key, acknowledged offsets increase with the record's sequence number (order kept), in the log too.
 */
export function assertFaultInvariants(run: FaultRun, log: readonly LoggedRecord[], options: InvariantOptions = {}): void {
  const reportCounts = run.records.map((record) => record.reports.length);
  expect(
    reportCounts.filter((count) => count !== 1),
    'records without exactly one report',
  ).toEqual([]);

  if (options.allDelivered === true) {
    expect(
      run.failed().map(({ key, seq, error }) => `${key}#${seq}: ${error.type} ${error.message}`),
      'failed records',
    ).toEqual([]);
  }

  const logged = new Map<string, LoggedRecord>();
  for (const entry of log) logged.set(`${entry.partition}@${entry.offset}`, entry);
  for (const record of run.delivered()) {
    const metadata = record.reports[0]?.metadata;
    expect(metadata, `${record.key}#${record.seq} delivered without metadata`).toBeTruthy();
    if (metadata === null || metadata === undefined) continue;
    if (metadata.offset === -1 && options.mockAcksDuplicatesWithoutOffset === true) {
      const copies = log.filter((logged) => logged.key === record.key && logged.seq === record.seq && logged.partition === metadata.partition);
      expect(copies, `${record.key}#${record.seq} acknowledged as a duplicate`).toHaveLength(1);
      continue;
    }
    const entry = logged.get(`${metadata.partition}@${metadata.offset}`);
    expect(entry, `${record.key}#${record.seq} reported at ${metadata.partition}@${metadata.offset}, which the log does not hold`).toBeDefined();
    expect(entry && { key: entry.key, seq: entry.seq }).toEqual({ key: record.key, seq: record.seq });
  }

  const byValue = new Map<string, LoggedRecord[]>();
  for (const entry of log) byValue.set(recordValue(entry.key, entry.seq), [...(byValue.get(recordValue(entry.key, entry.seq)) ?? []), entry]);
  const written = new Map(run.records.map((record) => [recordValue(record.key, record.seq), record]));
  for (const [value, entries] of byValue) {
    expect(written.has(value), `the log holds ${value}, which was never sent`).toBe(true);
    if (options.mockMayDuplicate !== true) expect(entries.length, `${value} written ${entries.length} times`).toBe(1);
  }
  for (const entry of log) {
    const record = written.get(recordValue(entry.key, entry.seq));
    const report = record?.reports[0];
    if (report === undefined || report.error !== null) continue;
    const duplicateAck = report.metadata?.offset === -1 && options.mockAcksDuplicatesWithoutOffset === true;
    const ackedHere = duplicateAck || (report.metadata?.partition === entry.partition && report.metadata.offset === entry.offset);
    if (options.mockMayDuplicate !== true)
      expect(ackedHere, `${entry.key}#${entry.seq} at ${entry.partition}@${entry.offset} is not where it was acknowledged`).toBe(true);
  }
  for (const failure of run.failed()) {
    if (failure.error.persistence === 'not-persisted') {
      expect(byValue.has(recordValue(failure.key, failure.seq)), `${failure.key}#${failure.seq} reported not persisted, but it is in the log`).toBe(
        false,
      );
    }
  }

  const partitions = new Map<number, LoggedRecord[]>();
  for (const entry of log) partitions.set(entry.partition, [...(partitions.get(entry.partition) ?? []), entry]);
  for (const [partition, entries] of partitions) {
    const offsets = entries.map((entry) => entry.offset).sort((a, b) => a - b);
    expect(offsets, `partition ${partition}'s log`).toEqual(offsets.map((_, index) => (offsets[0] ?? 0) + index));
  }

  const byKey = new Map<string, TrackedRecord[]>();
  for (const record of run.delivered()) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);
  for (const [key, records] of byKey) {
    const positions = records.sort((a, b) => a.seq - b.seq).map((record) => record.reports[0]?.metadata);
    const samePartition = new Set(positions.map((metadata) => metadata?.partition));
    expect(samePartition.size, `key ${key} went to more than one partition`).toBe(1);
    // An offset of -1 (a duplicate's acknowledgement from the mock) has no place to check; the log's order is checked below.
    const offsets = positions.map((metadata) => metadata?.offset ?? -1).filter((offset) => offset !== -1);
    expect(offsets, `key ${key}: offsets by sequence`).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(offsets).size, `key ${key}: an offset acknowledged twice`).toBe(offsets.length);
  }
  const logByKey = new Map<string, LoggedRecord[]>();
  for (const entry of log) logByKey.set(entry.key, [...(logByKey.get(entry.key) ?? []), entry]);
  for (const [key, entries] of logByKey) {
    const seqs = entries.sort((a, b) => a.offset - b.offset).map((entry) => entry.seq);
    const firstSeen = seqs.filter((seq, index) => seqs.indexOf(seq) === index);
    expect(firstSeen, `key ${key}: sequence numbers in log order`).toEqual([...firstSeen].sort((a, b) => a - b));
  }
}
