import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import { registerPeerErrors } from '../../lib/kafkajs/errors.js';
import * as ours from '../../lib/kafkajs/index.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as Record<string, unknown>;

describe("ferrokafka/kafkajs's exports", () => {
  it('exports every name kafkajs exports, so an import switched to ferrokafka/kafkajs loads', () => {
    const missing = Object.keys(kafkajs).filter((name) => !(name in ours));
    expect(missing).toEqual([]);
  });

  it("has kafkajs's constants, its error class names and their hierarchy", () => {
    for (const name of [
      'logLevel',
      'CompressionTypes',
      'ConfigResourceTypes',
      'ConfigSource',
      'AclResourceTypes',
      'AclOperationTypes',
      'AclPermissionTypes',
      'ResourcePatternTypes',
    ]) {
      expect((ours as Record<string, unknown>)[name], name).toEqual(kafkajs[name]);
    }
    const oursByName = ours as unknown as Record<string, new (message: string) => Error>;
    for (const [name, theirs] of Object.entries(kafkajs)) {
      if (!name.startsWith('KafkaJS')) continue;
      const Theirs = theirs as new (...args: unknown[]) => Error;
      const Ours = oursByName[name] as new (...args: unknown[]) => Error;
      expect(Ours.name).toBe(name);
      // Same parent class name, so `instanceof` a parent means the same with either package.
      expect(Object.getPrototypeOf(Ours).name, name).toBe(Object.getPrototypeOf(Theirs).name);
    }
    expect((ours.PartitionAssigners as { roundRobin: unknown }).roundRobin).toBe((kafkajs.PartitionAssigners as { roundRobin: unknown }).roundRobin);
  });

  it("once kafkajs is loaded for consumer() or admin(), its errors are instanceof ferrokafka/kafkajs's classes", () => {
    const Theirs = kafkajs as unknown as {
      KafkaJSOffsetOutOfRange: new (e: object, options: object) => Error;
      KafkaJSNumberOfRetriesExceeded: new (e: Error, options: object) => Error;
    };
    const offsetError = new Theirs.KafkaJSOffsetOutOfRange(
      { message: 'out of range', type: 'OFFSET_OUT_OF_RANGE', code: 1 },
      { topic: 't', partition: 0 },
    );
    registerPeerErrors(kafkajs);
    expect(offsetError).toBeInstanceOf(ours.KafkaJSOffsetOutOfRange);
    expect(offsetError).toBeInstanceOf(ours.KafkaJSProtocolError);
    expect(offsetError).toBeInstanceOf(ours.KafkaJSError);
    expect(offsetError).not.toBeInstanceOf(ours.KafkaJSNonRetriableError);
    const exhausted = new Theirs.KafkaJSNumberOfRetriesExceeded(new Error('x'), { retryCount: 1, retryTime: 1 });
    expect(exhausted).toBeInstanceOf(ours.KafkaJSNonRetriableError);
    expect(exhausted).not.toBeInstanceOf(ours.KafkaJSProtocolError);
    expect(new Error('plain')).not.toBeInstanceOf(ours.KafkaJSError);
    // Our own errors are still recognised directly.
    expect(new ours.KafkaJSLockTimeout('lock')).toBeInstanceOf(ours.KafkaJSTimeout);
  });
});
