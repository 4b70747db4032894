import { connect } from 'node:net';

// Just enough of the Kafka wire protocol for readiness probes, so the harness needs no client library.
// Only non-flexible request versions are used: request header v1, response header v0.

const CLIENT_ID = 'ferrokafka-testing';
let nextCorrelationId = 1;

export interface KafkaRequest {
  apiKey: number;
  apiVersion: number;
  body: Buffer;
}

/** Sends one request on a fresh connection and resolves with the response body (after the header). */
export function kafkaRoundTrip(host: string, port: number, request: KafkaRequest, timeoutMs: number): Promise<ResponseReader> {
  const correlationId = nextCorrelationId++;
  const clientId = Buffer.from(CLIENT_ID, 'utf8');
  const header = Buffer.alloc(10 + clientId.length);
  header.writeInt16BE(request.apiKey, 0);
  header.writeInt16BE(request.apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  clientId.copy(header, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + request.body.length, 0);

  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | undefined, reader?: ResponseReader): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error !== undefined) reject(error);
      else if (reader !== undefined) resolve(reader);
    };
    const timer = setTimeout(() => finish(new Error(`no response from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => socket.write(Buffer.concat([size, header, request.body])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const frameLength = received.readInt32BE(0);
      if (received.length < 4 + frameLength) return;
      const reader = new ResponseReader(received.subarray(4, 4 + frameLength));
      const echoedId = reader.int32();
      if (echoedId !== correlationId) finish(new Error(`correlation id ${echoedId} does not match ${correlationId}`));
      else finish(undefined, reader);
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error(`${host}:${port} closed the connection before responding`)));
  });
}

/** Sequential reader of big-endian Kafka primitive types. */
export class ResponseReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  int16(): number {
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** STRING or NULLABLE_STRING (length -1 is null) */
  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const value = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}
