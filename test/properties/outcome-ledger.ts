import type { DeliveryReport, KafkaError, Producer, RecordMetadata, UndeliveredRecord } from '../../lib/index.js';

/** One record as the caller saw it: every outcome it got, and whether the producer took it in. */
export interface LedgerEntry {
  label: string;
  /** whether the record got past the call (open producer, signal not yet aborted): only then a 'delivery' report is due */
  admitted: boolean;
  /** false for produce() without a callback: its one outcome is the 'delivery' report */
  reported: boolean;
  outcomes: Array<{ error: KafkaError | null; metadata: RecordMetadata | null }>;
}

/**
 * Everything a producer reported, kept to check the one-outcome rule afterwards: each record's
 * outcomes, each 'delivery' report, what close() returned as undelivered.
 */
export class OutcomeLedger {
  readonly entries: LedgerEntry[] = [];
  readonly reports: DeliveryReport[] = [];
  /** settlements of whole calls (a sendBatch() promise, a flush), each due exactly once */
  readonly callSettlements = new Map<string, number>();
  undelivered: UndeliveredRecord[] = [];
  /** problems seen while it ran (a callback called synchronously, an unexpected error class) */
  readonly problems: string[] = [];
  private calls = 0;

  constructor(producer: Producer) {
    producer.on('delivery', (reports) => this.reports.push(...reports));
  }

  entry(label: string, admitted: boolean, reported: boolean): LedgerEntry {
    const entry: LedgerEntry = { label, admitted, reported, outcomes: [] };
    this.entries.push(entry);
    return entry;
  }

  /** A call whose promise must settle once: returns the function to call at each settlement. */
  call(label: string): () => void {
    const key = `${label} #${this.calls++}`;
    this.callSettlements.set(key, 0);
    return () => this.callSettlements.set(key, (this.callSettlements.get(key) ?? 0) + 1);
  }

  /**
   * Every way the one-outcome rule can break, as readable lines (none when it held): a record with
   * no outcome or two, a call settled twice or never, a 'delivery' report missing, repeated or for
   * a record the producer never took in, an undelivered record with an error no record got.
   */
  violations(): string[] {
    const found = [...this.problems];
    for (const entry of this.entries) {
      if (entry.reported && entry.outcomes.length !== 1) found.push(`${entry.label}: ${entry.outcomes.length} outcomes`);
    }
    for (const [call, count] of this.callSettlements) if (count !== 1) found.push(`${call}: settled ${count} times`);

    const successReports = new Map<string, number>();
    const errorReports = new Map<KafkaError, number>();
    for (const report of this.reports) {
      if (report.error === null) {
        const at = `${report.topic}:${report.partition}:${report.offset}`;
        successReports.set(at, (successReports.get(at) ?? 0) + 1);
      } else errorReports.set(report.error, (errorReports.get(report.error) ?? 0) + 1);
    }
    let matched = 0;
    for (const entry of this.entries) {
      const outcome = entry.outcomes[0];
      if (!entry.reported || outcome === undefined) continue;
      const count =
        outcome.error === null
          ? (successReports.get(`${outcome.metadata?.topic}:${outcome.metadata?.partition}:${outcome.metadata?.offset}`) ?? 0)
          : (errorReports.get(outcome.error) ?? 0);
      if (entry.admitted && count !== 1)
        found.push(`${entry.label}: ${count} 'delivery' reports of its outcome (${outcome.error?.type ?? 'delivered'})`);
      if (!entry.admitted && count !== 0) found.push(`${entry.label}: refused at the call, yet ${count} 'delivery' reports`);
      matched += count;
    }
    const callbackless = this.entries.filter((entry) => !entry.reported && entry.admitted).length;
    const unmatched = this.reports.length - matched;
    if (unmatched !== callbackless) {
      found.push(`${unmatched} 'delivery' reports match no record's outcome, but ${callbackless} records had no other outcome than their report`);
    }
    for (const { error } of this.undelivered) {
      if (!errorReports.has(error)) found.push(`close() listed an undelivered record whose error (${error.type}) no 'delivery' report had`);
    }
    return found;
  }
}
