import type { KafkaError } from '../errors/kafka-errors.js';
import type { RecordCollector } from '../delivery/slot-table.js';
import type { RecordMetadata } from '../send/record.js';

/** Where a burst reports each record's outcome: its position in the stream (counted from 0) and the caller's chunk. */
export type RecordSettled = (position: number, chunk: unknown, error: KafkaError | null) => void;

/**
 * The outcomes of one burst of a writable stream (the records of one `_write`/`_writev` call):
 * one object per burst, none per record. It keeps the burst's chunks by reference (no copy)
 * until the burst is reported, so that a failed record can be named and handed back.
 */
export class BurstOutcome implements RecordCollector {
  constructor(
    private readonly firstPosition: number,
    private readonly entries: ReadonlyArray<{ chunk: unknown }>,
    private readonly settled: RecordSettled,
  ) {}

  settle(index: number, error: KafkaError | null, _metadata: RecordMetadata | null): void {
    this.settled(this.firstPosition + index, (this.entries[index] as { chunk: unknown }).chunk, error);
  }

  /** A delivered record: the stream needs no metadata, only that it succeeded. */
  delivered(index: number): void {
    this.settled(this.firstPosition + index, (this.entries[index] as { chunk: unknown }).chunk, null);
  }
}
