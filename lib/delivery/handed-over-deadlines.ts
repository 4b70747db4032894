interface Tracked {
  slot: number;
  deadline: number;
  done: boolean;
}

/**
 * Delivery deadlines of records that waited for queue room before librdkafka took them.
 * librdkafka starts its `delivery.timeout.ms` clock when it takes a record, so for these
 * records the time already spent waiting is enforced here: the deadline counts from
 * send(), as the Java producer's does. Records are handed over in send() order, so their
 * deadlines come in order too and one timer serves them all.
 */
export class HandedOverDeadlines {
  private readonly bySlot = new Map<number, Tracked>();
  private order: Tracked[] = [];
  private head = 0;
  /** Settled records still in `order` after `head`. */
  private settledListed = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `expire` gets each record still unreported at its deadline. */
  constructor(private readonly expire: (slot: number) => void) {}

  get size(): number {
    return this.bySlot.size;
  }

  track(slot: number, deadline: number): void {
    if (deadline === Number.POSITIVE_INFINITY) return;
    const tracked: Tracked = { slot, deadline, done: false };
    this.bySlot.set(slot, tracked);
    this.order.push(tracked);
    this.arm();
  }

  /** The record got its outcome from librdkafka in time. */
  forget(slot: number): void {
    const tracked = this.bySlot.get(slot);
    if (tracked === undefined) return;
    tracked.done = true;
    this.bySlot.delete(slot);
    this.settledListed++;
    // Records are mostly acknowledged in order: drop them now, not when the timer next fires
    // (a delivery timeout away), so the list stays as long as the records in flight.
    this.dropSettledHead();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private next(): Tracked | undefined {
    this.dropSettledHead();
    return this.order[this.head];
  }

  /**
   * Skips the settled records at the head. Once settled records are most of the list (one
   * record stuck at the head, the others acknowledged), keeps only the unsettled ones, in order.
   */
  private dropSettledHead(): void {
    const order = this.order;
    while (this.head < order.length && (order[this.head] as Tracked).done) {
      this.head++;
      this.settledListed--;
    }
    if (this.head === order.length) {
      this.order = [];
      this.head = 0;
      this.settledListed = 0;
    } else if (this.settledListed > 1024 && this.settledListed * 2 > order.length - this.head) {
      this.order = order.slice(this.head).filter((tracked) => !tracked.done);
      this.head = 0;
      this.settledListed = 0;
    } else if (this.head > 1024 && this.head * 2 > order.length) {
      this.order = order.slice(this.head);
      this.head = 0;
    }
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const first = this.next();
    if (first === undefined) return;
    // Unreferenced: while records are outstanding the producer holds the event loop open itself.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const now = performance.now();
        for (let tracked = this.next(); tracked !== undefined && tracked.deadline <= now; tracked = this.next()) {
          this.forget(tracked.slot);
          this.expire(tracked.slot);
        }
        this.arm();
      },
      Math.max(0, first.deadline - performance.now()),
    ).unref();
  }
}
