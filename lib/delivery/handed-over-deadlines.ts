const INITIAL_CAPACITY = 1024;

/**
 * Delivery deadlines of records that waited for queue room before librdkafka took them.
 * librdkafka starts its `delivery.timeout.ms` clock when it takes a record, so for these
 * records the time already spent waiting is enforced here: the deadline counts from
 * send(), as the Java producer's does. Records are handed over in send() order, so their
 * deadlines come in order too and one timer serves them all.
 *
 * No object or map entry per record (a stream under backpressure tracks every record it
 * writes): a slot's deadline lives in a typed array indexed by slot, and the order in a
 * queue of (slot, deadline) pairs. A queue entry whose slot no longer holds that deadline
 * (reported meanwhile, possibly reused) is skipped when reached.
 */
export class HandedOverDeadlines {
  /** The deadline of each tracked slot; 0 when the slot is not tracked. */
  private bySlot: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private orderSlots: Uint32Array = new Uint32Array(INITIAL_CAPACITY);
  private orderDeadlines: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private tail = 0;
  private tracked = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `expire` gets each record still unreported at its deadline. */
  constructor(private readonly expire: (slot: number) => void) {}

  get size(): number {
    return this.tracked;
  }

  /** Entries in the deadline queue, current or stale: stays within about twice the records tracked (plus 1,024). */
  get listed(): number {
    return this.tail - this.head;
  }

  track(slot: number, deadline: number): void {
    if (deadline === Number.POSITIVE_INFINITY) return;
    if (slot >= this.bySlot.length) this.bySlot = grown(this.bySlot, slot + 1);
    if (this.bySlot[slot] === 0) this.tracked++;
    this.bySlot[slot] = deadline;
    this.push(slot, deadline);
    this.arm();
  }

  /** The record got its outcome from librdkafka in time. */
  forget(slot: number): void {
    if (slot >= this.bySlot.length || this.bySlot[slot] === 0) return;
    this.bySlot[slot] = 0;
    this.tracked--;
    // Records are mostly acknowledged in order: drop their entries now, not when the timer next
    // fires (a delivery timeout away), so the queue stays as long as the records in flight.
    this.dropStale();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private push(slot: number, deadline: number): void {
    if (this.tail === this.orderSlots.length) {
      // Compact (entries before head are done), then grow if still full.
      const live = this.tail - this.head;
      const capacity = live * 2 > this.orderSlots.length ? this.orderSlots.length * 2 : this.orderSlots.length;
      const slots = new Uint32Array(capacity);
      const deadlines = new Float64Array(capacity);
      slots.set(this.orderSlots.subarray(this.head, this.tail));
      deadlines.set(this.orderDeadlines.subarray(this.head, this.tail));
      this.orderSlots = slots;
      this.orderDeadlines = deadlines;
      this.head = 0;
      this.tail = live;
    }
    this.orderSlots[this.tail] = slot;
    this.orderDeadlines[this.tail] = deadline;
    this.tail++;
  }

  /** The oldest queue entry still tracked, as its index; -1 when none (the queue is then emptied). */
  private next(): number {
    this.dropStale();
    return this.head < this.tail ? this.head : -1;
  }

  /** Whether the queue entry at `at` still stands for its slot's deadline. */
  private isCurrent(at: number): boolean {
    return this.bySlot[this.orderSlots[at] as number] === this.orderDeadlines[at];
  }

  /**
   * Skips the stale entries at the head. Once stale entries are most of the queue (one record
   * stuck at the head, the others acknowledged), keeps only the current ones, in order.
   */
  private dropStale(): void {
    while (this.head < this.tail && !this.isCurrent(this.head)) this.head++;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      return;
    }
    const listed = this.tail - this.head;
    if (listed > 1024 && listed > this.tracked * 2) {
      let kept = 0;
      for (let at = this.head; at < this.tail; at++) {
        if (!this.isCurrent(at)) continue;
        this.orderSlots[kept] = this.orderSlots[at] as number;
        this.orderDeadlines[kept] = this.orderDeadlines[at] as number;
        kept++;
      }
      this.head = 0;
      this.tail = kept;
    }
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const first = this.next();
    if (first < 0) return;
    // Unreferenced: while records are outstanding the producer holds the event loop open itself.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const now = performance.now();
        for (let at = this.next(); at >= 0 && (this.orderDeadlines[at] as number) <= now; at = this.next()) {
          const slot = this.orderSlots[at] as number;
          this.forget(slot);
          this.expire(slot);
        }
        this.arm();
      },
      Math.max(0, (this.orderDeadlines[first] as number) - performance.now()),
    ).unref();
  }
}

function grown(from: Float64Array, needed: number): Float64Array {
  let capacity = from.length * 2;
  while (capacity < needed) capacity *= 2;
  const to = new Float64Array(capacity);
  to.set(from);
  return to;
}
