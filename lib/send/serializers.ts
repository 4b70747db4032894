/** What a serializer gives: bytes, a string (sent as UTF-8), or null for "no key"/"tombstone". */
export type SerializedBytes = Buffer | Uint8Array | string | null;

/**
 * Turns a key or value into bytes. Strings are sent as UTF-8; null means "no key"/"tombstone".
 * It may return a promise (a schema registry's encoder looks schemas up over HTTP):
 * `send()`, `sendBatch()`, `produce()` and `writable()` wait for it, and records keep their send
 * order as if it were synchronous (see "Async serializers and schema registries" in the README).
 */
export type Serializer<T> = (data: T, topic: string) => SerializedBytes | PromiseLike<SerializedBytes>;

/** What can be sent without a serializer. */
export type RawBytes = Buffer | Uint8Array | string | null | undefined;

/** Built-in serializers. */
export const serializers = {
  /** UTF-8 strings. */
  string: ((data: string) => data) as Serializer<string>,
  /** JSON.stringify, sent as UTF-8. */
  json: ((data: unknown) => JSON.stringify(data)) as Serializer<unknown>,
  /** Buffers and Uint8Arrays, as they are. */
  buffer: ((data: Buffer | Uint8Array) => data) as Serializer<Buffer | Uint8Array>,
  /** A typed JSON serializer: `serializers.typedJson<Order>()` makes the producer accept only `Order` values. */
  typedJson<T>(): Serializer<T> {
    return (data: T) => JSON.stringify(data);
  },
} as const;

/** The key or value type a serializer accepts (used to infer a Producer's record types). */
export type SerializedType<S> = S extends Serializer<infer T> ? T : RawBytes;
