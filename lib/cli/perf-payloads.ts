import { readFileSync } from 'node:fs';

import { UsageError } from './exit-codes.js';

/** Gives the payload of the i-th record of a perf test. */
export type PayloadSource = (index: number) => Buffer;

/** Distinct payload views over the random pool; records cycle through them. */
const RANDOM_VIEWS = 4096;

/**
 * `--record-size`: random upper-case letters, like Kafka's tool. Kafka's tool fills each record
 * anew; here a pool of random letters is made once and records cycle through 4,096 views of it
 * at random offsets, so the payloads vary (compression sees realistic data) at no cost per record.
 * The views are never written to, so a record still waiting in the producer keeps its bytes.
 */
export function randomPayloads(recordSize: number): PayloadSource {
  // Room for views at up to 1 MiB of different offsets, without doubling a huge record's memory.
  const pool = Buffer.allocUnsafe(Math.max(1 << 20, recordSize + Math.min(recordSize, 1 << 20)));
  for (let i = 0; i < pool.length; i++) pool[i] = 65 + Math.floor(Math.random() * 26);
  const views = Array.from({ length: RANDOM_VIEWS }, () => {
    const offset = Math.floor(Math.random() * (pool.length - recordSize + 1));
    return pool.subarray(offset, offset + recordSize);
  });
  return (index) => views[index % RANDOM_VIEWS] as Buffer;
}

/** `--payload-monotonic`: the record's index as decimal text. */
export function monotonicPayloads(): PayloadSource {
  return (index) => Buffer.from(String(index));
}

/**
 * `--payload-file`: the file split at `delimiter` (Kafka's default: a line break); each record
 * takes one of them at random, as Kafka's tool does. Returns the payloads and the source.
 */
export function filePayloads(path: string, delimiter: string): { count: number; source: PayloadSource } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --payload-file ${path}: ${(error as Error).message}`);
  }
  const payloads = text
    .split(delimiter)
    .filter((payload) => payload !== '')
    .map((payload) => Buffer.from(payload));
  if (payloads.length === 0) throw new UsageError(`--payload-file ${path} holds no payloads (empty, or nothing but ${JSON.stringify(delimiter)})`);
  return { count: payloads.length, source: () => payloads[Math.floor(Math.random() * payloads.length)] as Buffer };
}

/** Kafka's tool takes the delimiter literally except its default, written `\n`. */
export function payloadDelimiterOf(flag: string): string {
  return flag === '\\n' ? '\n' : flag;
}
