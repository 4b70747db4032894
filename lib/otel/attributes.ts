import type { Attributes } from '@opentelemetry/api';

import type { ProducerIdentity } from '../observability/send-announcements.js';

/** OpenTelemetry's messaging semantic conventions (the Kafka ones), as attribute names. */
export const ATTR = {
  system: 'messaging.system',
  operationName: 'messaging.operation.name',
  operationType: 'messaging.operation.type',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  batchCount: 'messaging.batch.message_count',
  clientId: 'messaging.client.id',
  consumerGroup: 'messaging.consumer.group.name',
  key: 'messaging.kafka.message.key',
  offset: 'messaging.kafka.offset',
  tombstone: 'messaging.kafka.message.tombstone',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
} as const;

/** The attributes every span and measurement of one producer carries. */
export interface ClientAttributes {
  /** For spans: system, client id, server address and port. */
  readonly span: Attributes;
  /** For metrics: system, server address and port (the client id would make a series per producer). */
  readonly metric: Attributes;
  readonly clientId: string;
  readonly address: string | undefined;
  readonly port: number | undefined;
}

/** What a record's span says about it (read by recordFields). */
export interface MessageFields {
  topic: string | undefined;
  key: string | undefined;
  partition: string | undefined;
  tombstone: boolean;
}

/**
 * A record's span attributes at creation, as one literal of fixed shape (fast to build; the SDK
 * drops the undefined ones).
 */
export function messageAttributes(client: ClientAttributes, operation: 'send' | 'create', fields: MessageFields): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.name': operation,
    'messaging.operation.type': operation,
    'messaging.client.id': client.clientId,
    'server.address': client.address,
    'server.port': client.port,
    'messaging.destination.name': fields.topic,
    'messaging.kafka.message.key': fields.key,
    'messaging.destination.partition.id': fields.partition,
    'messaging.kafka.message.tombstone': fields.tombstone ? true : undefined,
  };
}

const cache = new WeakMap<ProducerIdentity, ClientAttributes>();

/**
 * A producer's attributes, built once. `server.address`/`server.port` are its first bootstrap
 * server: the broker a record goes to (its partition's leader) is librdkafka's choice, not known here.
 */
export function clientAttributes(client: ProducerIdentity): ClientAttributes {
  let attributes = cache.get(client);
  if (attributes === undefined) {
    const server = firstServer(client.bootstrapServers);
    const metric: Attributes = { [ATTR.system]: 'kafka' };
    if (server !== undefined) {
      metric[ATTR.serverAddress] = server.address;
      if (server.port !== undefined) metric[ATTR.serverPort] = server.port;
    }
    attributes = {
      span: { ...metric, [ATTR.clientId]: client.clientId },
      metric,
      clientId: client.clientId,
      address: server?.address,
      port: server?.port,
    };
    cache.set(client, attributes);
  }
  return attributes;
}

/** `host:port`, `[v6]:port`, or a host alone, possibly with a `PLAINTEXT://`-style scheme. */
function firstServer(list: string): { address: string; port: number | undefined } | undefined {
  const first =
    list
      .split(',')[0]
      ?.trim()
      .replace(/^[A-Za-z_]+:\/\//, '') ?? '';
  if (first === '') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(first);
  if (match === null) return { address: first, port: undefined };
  const port = match[3] === undefined ? undefined : Number(match[3]);
  return { address: (match[1] ?? match[2]) as string, port };
}
