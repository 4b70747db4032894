import { channel } from 'node:diagnostics_channel';

/**
 * Channels for tracing tools (OpenTelemetry instrumentations, APMs). Messages are
 * published only when someone subscribes, so an unobserved producer pays one check.
 *
 * - `ferrokafka:producer:send`     `{ record }` when a record is accepted by send()/produce()/sendBatch()
 * - `ferrokafka:producer:delivery` `{ record, metadata, error }` when its outcome is known
 */
export const sendChannel = channel('ferrokafka:producer:send');
export const deliveryChannel = channel('ferrokafka:producer:delivery');
