import { describe, expect, it } from 'vitest';

import { createTopic } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

// A gross effect, not a speed measurement: linger.ms must really hold a lone record back.
describe('lingerMs holds records back', () => {
  const open = trackProducers();

  async function sendTime(lingerMs: number, topic: string): Promise<number> {
    const producer = open({ lingerMs });
    // the first send also fetches metadata and connects: time the second
    await producer.send({ topic, value: 'warm-up' });
    const started = performance.now();
    await producer.send({ topic, value: 'timed' });
    return performance.now() - started;
  }

  it('a lone record waits about lingerMs: 1000', async () => {
    const topic = await createTopic(1);
    expect(await sendTime(1000, topic)).toBeGreaterThanOrEqual(800);
  });

  it('and goes at once with lingerMs: 0', async () => {
    const topic = await createTopic(1);
    expect(await sendTime(0, topic)).toBeLessThan(500);
  });
});
