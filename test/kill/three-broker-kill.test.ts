import { describe, expect, it } from 'vitest';

import { runKillTest } from './kill-run.js';
import { summaryLine } from './sequence-check.js';

// Short by default (CI); `npm run test:kill` runs the long version through these variables.
const RECORDS = Number(process.env.FERROKAFKA_KILL_RECORDS ?? 100_000);
const KILLS = Number(process.env.FERROKAFKA_KILL_COUNT ?? 3);
const PARTITIONS = Number(process.env.FERROKAFKA_KILL_PARTITIONS ?? 6);
const DOWN_MS = Number(process.env.FERROKAFKA_KILL_DOWN_MS ?? 2_000);
const externalCluster = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '') !== '';

describe.skipIf(externalCluster)('three brokers, partition leaders SIGKILLed and restarted while records are in flight', () => {
  it(
    `delivers all ${RECORDS} numbered records once each, in order, through ${KILLS} leader kills`,
    async () => {
      const result = await runKillTest({ records: RECORDS, kills: KILLS, partitions: PARTITIONS, downMs: DOWN_MS, log: (line) => console.log(line) });
      const { check } = result;
      console.log(summaryLine(check));
      console.log(
        `produce ${result.produceSeconds} s, read back ${result.readSeconds} s, total ${result.totalSeconds} s; ` +
          `${result.clientErrors} client error events`,
      );

      expect(result.survivors, 'JVMs still alive after stop()').toEqual([]);
      expect(result.kills).toHaveLength(KILLS);
      // each kill hit records in flight and took down the leader of the partition asked about
      for (const kill of result.kills) expect(kill.inFlight, `records in flight at the kill of node ${kill.node}`).toBeGreaterThan(0);
      expect(result.failures, `${result.failed} records failed`).toEqual([]);
      expect(check.acked).toBe(RECORDS);
      expect(check.missing, `first missing: ${check.firstMissing.join(', ')}`).toBe(0);
      expect(check.duplicated).toBe(0);
      expect(check.consumed).toBe(RECORDS);
      expect(check.orderKept, check.firstDisorder).toBe(true);
    },
    600_000 + RECORDS,
  );
});
