import { sendOutcomeChannel, sendStartChannel, transactionChannel } from '../observability/diagnostics.js';
import type { SendOutcomeMessage, SendStartMessage, TransactionMessage } from '../observability/send-announcements.js';
import type { CallTrace } from './call-trace.js';
import type { Instrumentation } from './instrumentation.js';
import type { TransactionSpan } from './transaction-spans.js';

/**
 * The one subscriber of the producer's tracing channels: routes each call to its producer's
 * instrumentation, or else the global one. Subscribed only while some instrumentation is enabled;
 * the outcome channels stay subscribed until the spans already started have ended.
 */
const byProducer = new WeakMap<object, Instrumentation>();
let producerCount = 0;
let global: Instrumentation | undefined;
/** A Map, not a WeakMap (cheaper per record): every announced record gets its outcome, which removes it. */
const calls = new Map<SendStartMessage, CallTrace>();
const transactions = new WeakMap<TransactionMessage, TransactionSpan>();
let inFlight = 0;
let subscribed = false;

/** The instrumentation of a producer, if any. */
export function instrumentationOf(producer: object): Instrumentation | undefined {
  return byProducer.get(producer);
}

export function globalInstrumentation(): Instrumentation | undefined {
  return global;
}

export function setProducerInstrumentation(producer: object, instrumentation: Instrumentation | undefined): void {
  if (instrumentation === undefined) {
    if (byProducer.delete(producer)) producerCount--;
  } else {
    if (!byProducer.has(producer)) producerCount++;
    byProducer.set(producer, instrumentation);
  }
  update();
}

export function setGlobalInstrumentation(instrumentation: Instrumentation | undefined): void {
  global = instrumentation;
  update();
}

/** A subscriber must never throw: diagnostics_channel would rethrow it as an uncaught exception. */
function onStart(message: unknown): void {
  const start = message as SendStartMessage;
  const instrumentation = byProducer.get(start.client.producer) ?? global;
  if (instrumentation === undefined) return;
  try {
    const trace = instrumentation.startCall(start);
    if (start.records.length === 0) return;
    calls.set(start, trace);
    inFlight++;
  } catch {
    // Tracing never breaks a send.
  }
}

function onOutcome(message: unknown): void {
  const { start, index, error, metadata } = message as SendOutcomeMessage;
  const trace = calls.get(start);
  if (trace === undefined) return;
  let done = true;
  try {
    done = trace.outcome(index, error, metadata);
  } catch {
    // ended as far as it got
  }
  if (done) {
    calls.delete(start);
    inFlight--;
    update();
  }
}

function onTransactionStart(message: unknown): void {
  const step = message as TransactionMessage;
  const instrumentation = byProducer.get(step.client.producer) ?? global;
  if (instrumentation === undefined) return;
  try {
    transactions.set(step, instrumentation.startTransaction(step));
    inFlight++;
  } catch {
    // Tracing never breaks a transaction.
  }
}

function onTransactionEnd(message: unknown): void {
  const step = message as TransactionMessage;
  const span = transactions.get(step);
  if (span === undefined) return;
  transactions.delete(step);
  inFlight--;
  try {
    span.end();
  } catch {
    // nothing more to end
  }
  update();
}

/** Subscribes while anything is enabled; stays on the outcome channels while spans are open. */
function update(): void {
  const enabled = global !== undefined || producerCount > 0;
  if (enabled && !subscribed) {
    sendStartChannel.subscribe(onStart);
    transactionChannel.start.subscribe(onTransactionStart);
    if (!outcomeSubscribed) subscribeOutcomes(true);
    subscribed = true;
  } else if (!enabled && subscribed) {
    sendStartChannel.unsubscribe(onStart);
    transactionChannel.start.unsubscribe(onTransactionStart);
    subscribed = false;
  }
  if (!enabled && inFlight === 0 && outcomeSubscribed) subscribeOutcomes(false);
}

let outcomeSubscribed = false;

function subscribeOutcomes(on: boolean): void {
  if (on) {
    sendOutcomeChannel.subscribe(onOutcome);
    transactionChannel.asyncEnd.subscribe(onTransactionEnd);
  } else {
    sendOutcomeChannel.unsubscribe(onOutcome);
    transactionChannel.asyncEnd.unsubscribe(onTransactionEnd);
  }
  outcomeSubscribed = on;
}
