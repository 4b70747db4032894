/** What a read-back of records numbered 0..acked-1 showed. */
export interface SequenceCheck {
  acked: number;
  consumed: number;
  /** numbers acknowledged to the producer but never read back */
  missing: number;
  /** records read back more than once (every extra copy counts) */
  duplicated: number;
  /** whether each partition's numbers strictly increase in offset order */
  orderKept: boolean;
  /** a few of the missing numbers, for the failure message */
  firstMissing: number[];
  /** the first partition whose order broke, with the two numbers out of order */
  firstDisorder: string | undefined;
}

/**
 * Compares what was read back (each partition's numbers in offset order) with the numbers the
 * producer got an acknowledgement for. Numbers that were never acknowledged but were read back
 * count as consumed only (a record whose outcome was an error may still have been written).
 */
export function checkSequences(acked: ReadonlySet<number>, byPartition: ReadonlyMap<number, readonly number[]>): SequenceCheck {
  const seen = new Set<number>();
  let consumed = 0;
  let duplicated = 0;
  let firstDisorder: string | undefined;
  for (const [partition, numbers] of byPartition) {
    let previous = -1;
    for (const number of numbers) {
      consumed++;
      if (seen.has(number)) duplicated++;
      else seen.add(number);
      if (number <= previous && firstDisorder === undefined) firstDisorder = `partition ${partition}: ${number} after ${previous}`;
      previous = number;
    }
  }
  const missingNumbers = [...acked].filter((number) => !seen.has(number));
  return {
    acked: acked.size,
    consumed,
    missing: missingNumbers.length,
    duplicated,
    orderKept: firstDisorder === undefined,
    firstMissing: missingNumbers.slice(0, 10),
    firstDisorder,
  };
}

/** The one line both the CI test and the long run print. */
export function summaryLine(check: SequenceCheck): string {
  return `acked ${check.acked} / consumed ${check.consumed} / missing ${check.missing} / duplicated ${check.duplicated} / ${check.orderKept ? 'order kept' : `order broken (${check.firstDisorder})`}`;
}
