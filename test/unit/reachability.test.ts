import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ErrorCode } from '../../lib/errors/codes.js';
import { KafkaError } from '../../lib/errors/kafka-errors.js';
import { Reachability, UNREACHABLE_AFTER_MS } from '../../lib/observability/reachability.js';
import type { LibrdkafkaStatistics } from '../../lib/observability/statistics.js';

const refused = new KafkaError({ code: ErrorCode.TRANSPORT, type: 'TRANSPORT', message: 'Connect to ipv4#127.0.0.1:1 failed' });

describe('reachability', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports once when connections keep failing, naming the addresses', () => {
    const reports: KafkaError[] = [];
    const reachability = new Reachability('a:1,b:2', 120_000, (error) => reports.push(error));
    reachability.onClientError(refused);
    vi.advanceTimersByTime(UNREACHABLE_AFTER_MS / 2);
    reachability.onClientError(refused);
    vi.advanceTimersByTime(UNREACHABLE_AFTER_MS / 2);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ type: 'ALL_BROKERS_DOWN', retriable: true });
    expect(reports[0]?.message).toContain('tried a:1,b:2 (bootstrapServers)');
    expect(reports[0]?.message).toContain('deliveryTimeoutMs (120000 ms)');
  });

  it('stays quiet when a broker comes up, and ignores errors that are not about connecting', () => {
    const reports: KafkaError[] = [];
    const reachability = new Reachability('a:1', 120_000, (error) => reports.push(error));
    reachability.onClientError(new KafkaError({ code: ErrorCode.AUTHENTICATION, type: 'AUTHENTICATION', message: 'bad password' }));
    reachability.onClientError(refused);
    reachability.onStatistics({ brokers: { 'a:1/1': { state: 'UP' } } } as unknown as LibrdkafkaStatistics);
    vi.advanceTimersByTime(UNREACHABLE_AFTER_MS * 2);
    expect(reports).toEqual([]);
  });
});
