import type { RecordMetadata } from '../../lib/index.js';
import type { JavaRecord } from '../helpers/java-consumer.js';

/** A record the broker acknowledged, and what a consumer must read back at its offset. */
export interface ExpectedRecord {
  /** the API it went through and its input, for a failure message */
  origin: string;
  metadata: RecordMetadata;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

/**
 * Compares what the independent consumer read with what was acknowledged, byte for byte, and
 * returns one line per difference (none when everything matches and nothing else was read).
 */
export function compareWithConsumed(expected: readonly ExpectedRecord[], consumed: readonly JavaRecord[]): string[] {
  const byPosition = new Map(consumed.map((record) => [`${record.partition}:${record.offset}`, record]));
  const problems: string[] = [];
  for (const want of expected) {
    const at = `${want.metadata.partition}:${want.metadata.offset}`;
    const got = byPosition.get(at);
    byPosition.delete(at);
    const differences: string[] = [];
    if (got === undefined) differences.push('not read back');
    else {
      if (!sameBytes(got.key, want.key)) differences.push(`key ${show(got.key)} instead of ${show(want.key)}`);
      if (!sameBytes(got.value, want.value)) differences.push(`value ${show(got.value)} instead of ${show(want.value)}`);
      if (got.timestamp !== want.metadata.timestamp) differences.push(`timestamp ${got.timestamp} instead of ${want.metadata.timestamp}`);
      const gotHeaders = got.headers.map(([name, value]) => `${JSON.stringify(name)}=${show(value)}`).join(', ');
      const wantHeaders = want.headers.map(([name, value]) => `${JSON.stringify(name)}=${show(value)}`).join(', ');
      if (gotHeaders !== wantHeaders) differences.push(`headers [${gotHeaders}] instead of [${wantHeaders}]`);
    }
    if (differences.length > 0) problems.push(`partition ${at} (${want.origin}): ${differences.join('; ')}`);
  }
  for (const [at] of byPosition) problems.push(`partition ${at}: read back but never acknowledged`);
  return problems;
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

function show(bytes: Buffer | null): string {
  if (bytes === null) return 'null';
  return bytes.length > 24 ? `<${bytes.length} bytes ${bytes.subarray(0, 12).toString('hex')}…>` : `<${bytes.toString('hex')}>`;
}

/** A short printable description of a generated input (Uint8Arrays as hex, long ones cut). */
export function describeInput(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return `bytes(${value.byteLength}):${Buffer.from(value).subarray(0, 16).toString('hex')}`;
    // a Buffer arrives here already turned into { type: 'Buffer', data } by its toJSON
    if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer') {
      return `Buffer:${Buffer.from((value as { data: number[] }).data.slice(0, 16)).toString('hex')}`;
    }
    if (value instanceof Map) return { Map: [...value.entries()] };
    if (typeof value === 'string' && value.length > 40) return `${value.slice(0, 40)}…(${value.length})`;
    return value === undefined ? 'undefined' : value;
  });
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
