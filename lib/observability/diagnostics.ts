import { channel, tracingChannel } from 'node:diagnostics_channel';

/**
 * Channels for tracing tools (OpenTelemetry instrumentations, APMs). Messages are
 * published only when someone subscribes, so an unobserved producer pays one check.
 *
 * - `ferrokafka:producer:send`     `{ record }` when a record is accepted by send()/produce()/sendBatch()
 * - `ferrokafka:producer:delivery` `{ record, metadata, error }` when its outcome is known
 * - `ferrokafka:producer:send:start` a {@link SendStartMessage} per call (send, produce, sendBatch,
 *   a writable stream's burst), before its records are checked; a subscriber may add headers
 * - `ferrokafka:producer:send:outcome` a {@link SendOutcomeMessage} per record of an announced call, once
 * - `tracing:ferrokafka:producer:transaction:*` (a `TracingChannel`) around initTransactions,
 *   commitTransaction, abortTransaction and sendOffsetsToTransaction
 */
export const sendChannel = channel('ferrokafka:producer:send');
export const deliveryChannel = channel('ferrokafka:producer:delivery');
export const sendStartChannel = channel('ferrokafka:producer:send:start');
export const sendOutcomeChannel = channel('ferrokafka:producer:send:outcome');
export const transactionChannel = tracingChannel('ferrokafka:producer:transaction');
