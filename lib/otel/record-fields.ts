import type { Context, TextMapGetter, TextMapPropagator } from '@opentelemetry/api';
import { ROOT_CONTEXT, trace, type SpanContext } from '@opentelemetry/api';

import type { SendStartMessage } from '../observability/send-announcements.js';
import type { MessageFields } from './attributes.js';

/**
 * What a span needs of a record the caller gave (not checked yet: anything may come, and
 * a getter may throw; the producer itself reports a bad record).
 */
export interface RecordFields extends MessageFields {
  /** A trace context the caller already put in the record's headers (it is kept, not replaced). */
  ownContext: SpanContext | undefined;
  /**
   * Whether the caller's headers already hold one of the propagator's fields, valid or not:
   * then nothing is injected, so a record never carries two `traceparent` headers.
   */
  ownPropagationHeaders: boolean;
}

/** Reads a record's fields for its span; never throws. */
export function recordFields(record: unknown, defaultTopic: string | undefined, propagator: TextMapPropagator): RecordFields {
  const fields: RecordFields = {
    topic: undefined,
    key: undefined,
    partition: undefined,
    tombstone: false,
    ownContext: undefined,
    ownPropagationHeaders: false,
  };
  if (record === null || typeof record !== 'object') return fields;
  try {
    const { topic, key, partition, value, headers } = record as Record<string, unknown>;
    fields.topic = typeof topic === 'string' ? topic : topic === undefined ? defaultTopic : undefined;
    // Only a string key has one canonical string form (the conventions leave others out).
    if (typeof key === 'string') fields.key = key;
    if (typeof partition === 'number' && Number.isInteger(partition) && partition >= 0) fields.partition = String(partition);
    fields.tombstone = value === null;
    if (headers !== undefined && headers !== null) {
      fields.ownContext = contextInHeaders(headers, propagator);
      fields.ownPropagationHeaders = fields.ownContext !== undefined || holdsPropagationField(headers, propagator);
    }
  } catch {
    // A throwing getter: the producer reports the record as invalid; the span goes without.
  }
  return fields;
}

/** The span context a propagator finds in a record's headers (object, Map or [name, value] list), if valid. */
function contextInHeaders(headers: unknown, propagator: TextMapPropagator): SpanContext | undefined {
  const found = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, headerGetter));
  return found !== undefined && trace.isSpanContextValid(found) ? found : undefined;
}

/** Whether the headers name one of the fields the propagator writes (W3C: traceparent, tracestate). */
function holdsPropagationField(headers: unknown, propagator: TextMapPropagator): boolean {
  const fields = propagator.fields().map((field) => field.toLowerCase());
  return headerGetter.keys(headers).some((name) => fields.includes(name.toLowerCase()));
}

const headerGetter: TextMapGetter<unknown> = {
  keys(headers) {
    if (Array.isArray(headers)) return headers.map((entry) => String((entry as unknown[])[0]));
    if (headers instanceof Map) return [...headers.keys()].map(String);
    return typeof headers === 'object' && headers !== null ? Object.keys(headers) : [];
  },
  get(headers, name) {
    let value: unknown;
    if (Array.isArray(headers)) value = (headers as unknown[][]).find((entry) => Array.isArray(entry) && entry[0] === name)?.[1];
    else if (headers instanceof Map) value = headers.get(name);
    else if (typeof headers === 'object' && headers !== null) value = (headers as Record<string, unknown>)[name];
    if (Array.isArray(value)) value = value[0];
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
    return undefined;
  },
};

/** The headers the producer adds to record `index` of a call, created on first use. */
export function headersToAdd(start: SendStartMessage, index: number): Record<string, string> {
  let headers = start.headers[index];
  if (headers === undefined) {
    headers = {};
    start.headers[index] = headers;
  }
  return headers;
}

/** Writes a propagator's fields into the headers the producer adds to a record. */
export function injectInto(carrier: Record<string, string>, spanContext: Context, propagator: TextMapPropagator): void {
  propagator.inject(spanContext, carrier, headerSetter);
}

const headerSetter = {
  set(carrier: Record<string, string>, name: string, value: string): void {
    // Typed as a string, but a propagator is foreign code: anything else would fail the record.
    if (typeof name === 'string' && typeof value === 'string') carrier[name] = value;
  },
};
