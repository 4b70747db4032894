import { setTimeout as sleep } from 'node:timers/promises';

import type { Admin } from 'kafkajs';

/** The node that leads `partition` of `topic` now, asked of the cluster (a fresh Metadata request). */
export async function leaderOf(admin: Admin, topic: string, partition: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const leader = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
      if (leader >= 0) return leader;
      last = `partition ${partition} has no leader`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`no leader of ${topic}/${partition} within ${timeoutMs} ms: ${last}`);
}

/**
 * Waits until the cluster knows all `partitions` of `topic`, each with a leader and all `replicas` in
 * its in-sync set. Any error meanwhile (a node that does not know the topic yet, one that is down)
 * only means "not yet".
 */
export async function waitForFullIsr(admin: Admin, topic: string, partitions: number, replicas: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const known = metadata.topics[0]?.partitions ?? [];
      const short = known.filter((p) => p.leader < 0 || p.isr.length < replicas);
      if (known.length === partitions && short.length === 0) return;
      last =
        known.length === partitions
          ? short.map((p) => `partition ${p.partitionId}: leader ${p.leader}, ISR [${p.isr.join(',')}]`).join('; ')
          : `${known.length} of ${partitions} partitions known`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${topic} did not get all ${replicas} replicas back in sync within ${timeoutMs} ms: ${last}`);
}
