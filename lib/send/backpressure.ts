import { ErrorCode } from '../errors/codes.js';
import { KafkaAbortError, KafkaError } from '../errors/kafka-errors.js';
import type { PreparedRecord } from './record.js';
import { SignalGroups } from './signal-groups.js';
import { WaitingQueue, type WaitingRecord, type WaitingRun } from './waiting-queue.js';

/**
 * Hands a waiting record (or the rest of a run) over; false when there is still no room (a run
 * may have been handed over in part). It may run user code (a custom
 * partitioner) that settles the entry meanwhile (an abort): then it must not hand it over.
 */
export type TryProduce = (entry: WaitingRecord) => boolean;

/**
 * Records that librdkafka could not take yet (its queue was full, the partition count a
 * custom partitioner needs is still unknown, or an async serializer has not finished). They wait in send() order until there is
 * room, their delivery deadline passes, or their AbortSignal fires; a record that never
 * left this queue was never sent.
 */
export class Backpressure {
  private readonly queue = new WaitingQueue();
  private readonly signals = new SignalGroups((entry) => {
    entry.done = true;
    const reason = entry.group?.signal.reason;
    this.settleEntry(entry, () => new KafkaAbortError(reason));
    this.movedLater();
  });
  private deadlineTimer: NodeJS.Timeout | undefined;
  private movedScheduled = false;
  /** Callers waiting until every record queued before they asked has left the queue, oldest first. */
  private leftWaiters: Array<{ position: number; wake: () => void }> = [];

  /**
   * `timeoutMs` 0 means no deadline, as librdkafka's `delivery.timeout.ms` 0 does. `moved`: records
   * left the line other than by a pump (aborted, expired): the ones behind them may go now (behind a
   * record still serializing, no delivery report would pump them).
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly settle: (slot: number, error: KafkaError, record: PreparedRecord) => void,
    private readonly moved: () => void = () => undefined,
  ) {}

  /** Records are waiting: later ones must queue behind them to keep the order. */
  get active(): boolean {
    return this.queue.length > 0;
  }

  /**
   * Called within the send() call itself, so the delivery deadline counts from send().
   * `serializing`: its serializer's promise is still running (see `serialized`, `failSerialization`).
   */
  wait(slot: number, record: PreparedRecord, signal: AbortSignal | undefined, serializing = false): WaitingRecord {
    return this.enqueue(slot, record, undefined, signal, serializing);
  }

  /**
   * Makes the records `slots[from..]` / `records[from..]` of a batch wait as one entry (one
   * object and one signal membership for all of them), in order, behind earlier waiting records.
   */
  waitRun(slots: Uint32Array, records: readonly PreparedRecord[], from: number, signal: AbortSignal | undefined): void {
    if (from >= records.length) return;
    this.enqueue(slots[from] as number, records[from] as PreparedRecord, { slots, records, next: from }, signal, false);
  }

  private enqueue(
    slot: number,
    record: PreparedRecord,
    run: WaitingRun | undefined,
    signal: AbortSignal | undefined,
    serializing: boolean,
  ): WaitingRecord {
    const deadline = this.timeoutMs === 0 ? Number.POSITIVE_INFINITY : performance.now() + this.timeoutMs;
    const entry: WaitingRecord = { slot, record, run, deadline, group: undefined, done: false, serializing };
    if (signal !== undefined) entry.group = this.signals.join(signal, entry);
    this.queue.push(entry);
    this.armDeadline();
    return entry;
  }

  /** A waiting record's serialization finished: it may go once the records before it went (`pump`). */
  serialized(entry: WaitingRecord): void {
    entry.serializing = false;
  }

  /** A waiting record's serialization failed: it leaves the line with `error` (the next `pump` moves the others on). */
  failSerialization(entry: WaitingRecord, error: KafkaError): void {
    if (entry.done) return;
    this.finish(entry);
    this.settle(entry.slot, error, entry.record);
  }

  /** Settles an entry's record, or every record of its run not handed over yet. */
  private settleEntry(entry: WaitingRecord, makeError: () => KafkaError): void {
    const run = entry.run;
    if (run === undefined) {
      this.settle(entry.slot, makeError(), entry.record);
      return;
    }
    const end = run.records.length;
    // Advanced first: a settle runs user code, which must not see these records as still waiting.
    const from = run.next;
    run.next = end;
    for (let i = from; i < end; i++) this.settle(run.slots[i] as number, makeError(), run.records[i] as PreparedRecord);
  }

  /**
   * Calls `wake` once every record waiting now has left the queue (handed over, failed or
   * aborted); returns false, without calling it, when nothing waits. Lets a caller hold back
   * more records until librdkafka took its own, instead of queueing without bound.
   */
  whenLeft(wake: () => void): boolean {
    if (this.queue.length === 0) return false;
    this.leftWaiters.push({ position: this.queue.pushed, wake });
    return true;
  }

  /** Hands waiting records over while `tryProduce` accepts them; fails those already past their deadline. */
  pump(tryProduce: TryProduce): void {
    let blocked = false;
    for (let entry = this.queue.peek(); entry !== undefined; entry = this.queue.peek()) {
      if (entry.deadline <= performance.now()) {
        this.expire(entry);
        continue;
      }
      if (entry.serializing || !tryProduce(entry)) {
        blocked = true;
        break;
      }
      this.queue.shift();
      this.finish(entry);
    }
    // Nothing waits any more: no deadline to watch.
    if (!blocked) this.stop();
    this.wakeLeft();
  }

  /** Fails every waiting record (close, fatal error); none of them was sent. */
  failAll(makeError: () => KafkaError): void {
    for (let entry = this.queue.shift(); entry !== undefined; entry = this.queue.shift()) {
      if (entry.done) continue;
      this.finish(entry);
      this.settleEntry(entry, makeError);
    }
    this.wakeLeft();
  }

  stop(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
  }

  /** Wakes the callers whose records have all left the queue; one added meanwhile waits for its own. */
  private wakeLeft(): void {
    const waiters = this.leftWaiters;
    while (waiters.length > 0 && (waiters[0] as { position: number }).position <= this.queue.shifted) {
      (waiters.shift() as { wake: () => void }).wake();
    }
  }

  /** After an abort: not from inside the caller's abort() (it may run inside a pump). */
  private movedLater(): void {
    if (this.movedScheduled) return;
    this.movedScheduled = true;
    queueMicrotask(() => {
      this.movedScheduled = false;
      if (this.queue.length > 0) this.moved();
    });
  }

  private finish(entry: WaitingRecord): void {
    entry.done = true;
    this.signals.leave(entry);
  }

  private expire(entry: WaitingRecord): void {
    this.queue.shift();
    this.finish(entry);
    this.settleEntry(entry, () =>
      KafkaError.fromCode(ErrorCode.MSG_TIMED_OUT, {
        message: entry.serializing
          ? `the record's serializer had not finished by its delivery timeout (deliveryTimeoutMs ${this.timeoutMs} ms); it was not sent`
          : `the record waited for room in the producer queue until its delivery timeout (deliveryTimeoutMs ${this.timeoutMs} ms); it was not sent`,
        persistence: 'not-persisted',
      }),
    );
  }

  /** One timer for the oldest record: deadlines come in queue order. */
  private armDeadline(): void {
    if (this.deadlineTimer !== undefined) return;
    const head = this.queue.peek();
    if (head === undefined || head.deadline === Number.POSITIVE_INFINITY) return;
    this.deadlineTimer = setTimeout(
      () => {
        this.deadlineTimer = undefined;
        const now = performance.now();
        let expired = false;
        for (let entry = this.queue.peek(); entry !== undefined && entry.deadline <= now; entry = this.queue.peek()) {
          this.expire(entry);
          expired = true;
        }
        this.armDeadline();
        this.wakeLeft();
        if (expired) this.moved();
      },
      Math.max(0, head.deadline - performance.now()),
    );
    // While records wait they are in flight, and the producer holds the event loop open itself:
    // this timer must not (nor keep a dropped producer from being collected).
    this.deadlineTimer.unref();
  }
}
