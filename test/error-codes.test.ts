import { describe, expect, it } from 'vitest';

import { KafkaError } from '../lib/index.js';

describe('error codes from librdkafka', () => {
  it('describes known local and broker codes by their names', () => {
    expect(KafkaError.fromCode(-184)).toMatchObject({ code: -184, type: 'QUEUE_FULL', message: 'Local: Queue full' });
    expect(KafkaError.fromCode(3)).toMatchObject({ code: 3, type: 'UNKNOWN_TOPIC_OR_PART' });
  });

  it('describes a code librdkafka does not know as UNKNOWN, naming the code', () => {
    for (const code of [123_456, -2_147_483_648, 2_147_483_647, -120, -50, -200, -100]) {
      const error = KafkaError.fromCode(code);
      expect(error.code).toBe(code);
      expect(error.type).toBe('UNKNOWN');
      expect(error.message).toBe(`Unknown librdkafka error code ${code}`);
    }
  });
});
