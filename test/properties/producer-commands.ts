import fc from 'fast-check';

import {
  KafkaAbortError,
  KafkaClosedError,
  KafkaError,
  KafkaTimeoutError,
  type BatchFailure,
  type Producer,
  type ProducerRecord,
  type RawBytes,
  type RecordMetadata,
} from '../../lib/index.js';
import type { LedgerEntry, OutcomeLedger } from './outcome-ledger.js';

/** What the commands act on: one producer, its ledger, and the abort controllers handed out so far. */
export interface World {
  producer: Producer;
  ledger: OutcomeLedger;
  topic: string;
  partitions: number;
  controllers: AbortController[];
  /** close() and flush() calls left running while later commands go on */
  background: Array<Promise<unknown>>;
}

/** What the commands need to know in advance: whether close() was called, how many signals exist. */
export interface Model {
  open: boolean;
  controllers: number;
}

type Signal = 'none' | 'live' | 'aborted';
type ProducerCommand = fc.AsyncCommand<Model, World>;

let sequence = 0;

/** A record for the world's topic: an existing partition, the partitioner's choice, or one the topic lacks. */
function recordFor(world: World, partition: 'any' | 'exists' | 'missing'): ProducerRecord<RawBytes, RawBytes> {
  const value = `r${sequence++}`;
  if (partition === 'any') return { topic: world.topic, value };
  return { topic: world.topic, value, partition: partition === 'exists' ? sequence % world.partitions : world.partitions + 40 };
}

function signalFor(world: World, kind: Signal): AbortSignal | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'aborted') return AbortSignal.abort('aborted before the call');
  const controller = new AbortController();
  world.controllers.push(controller);
  return controller.signal;
}

/** The outcome of a refused or failed call must be one of ours, and say why. */
function expectKafkaError(world: World, label: string, error: unknown): KafkaError | undefined {
  if (error instanceof KafkaError) return error;
  world.ledger.problems.push(`${label}: rejected with ${(error as Error)?.constructor?.name} (${String(error)}), not a KafkaError`);
  return undefined;
}

/** Whether the producer takes a record in at the call: refused when closed or already aborted. */
function admits(world: World, signal: AbortSignal | undefined): boolean {
  return world.producer.isOpen && signal?.aborted !== true;
}

function refusedAsExpected(world: World, label: string, entry: LedgerEntry, error: KafkaError): void {
  if (entry.admitted) return;
  if (!(error instanceof KafkaClosedError || error instanceof KafkaAbortError)) {
    world.ledger.problems.push(`${label}: refused at the call with ${error.name} (${error.type}), not KafkaClosedError or KafkaAbortError`);
  }
}

class SendCommand implements ProducerCommand {
  constructor(
    readonly count: number,
    readonly signal: Signal,
    readonly partition: 'any' | 'exists' | 'missing',
  ) {}
  check = (): boolean => true;
  async run(model: Model, world: World): Promise<void> {
    const signal = signalFor(world, this.signal);
    if (this.signal === 'live') model.controllers++;
    for (let i = 0; i < this.count; i++) {
      const label = `send ${sequence}`;
      const entry = world.ledger.entry(label, admits(world, signal), true);
      world.producer.send(recordFor(world, this.partition), signal === undefined ? undefined : { signal }).then(
        (metadata) => void entry.outcomes.push({ error: null, metadata }),
        (error: unknown) => {
          const kafkaError = expectKafkaError(world, label, error);
          entry.outcomes.push({ error: kafkaError ?? null, metadata: null });
          if (kafkaError !== undefined) refusedAsExpected(world, label, entry, kafkaError);
        },
      );
    }
  }
  toString = (): string => `send(${this.count}, signal ${this.signal}, partition ${this.partition})`;
}

class SendBatchCommand implements ProducerCommand {
  constructor(
    readonly count: number,
    readonly signal: Signal,
    readonly partition: 'any' | 'exists' | 'missing',
  ) {}
  check = (): boolean => true;
  async run(model: Model, world: World): Promise<void> {
    const signal = signalFor(world, this.signal);
    if (this.signal === 'live') model.controllers++;
    const admitted = admits(world, signal);
    const records = Array.from({ length: this.count }, () => recordFor(world, this.partition));
    const entries = records.map((record) => world.ledger.entry(`sendBatch record ${String(record.value)}`, admitted, true));
    const settled = world.ledger.call(`sendBatch(${this.count})`);
    world.producer.sendBatch(records, signal === undefined ? undefined : { signal }).then(
      (metadata: RecordMetadata[]) => {
        settled();
        entries.forEach((entry, index) => void entry.outcomes.push({ error: null, metadata: metadata[index] ?? null }));
      },
      (error: unknown) => {
        settled();
        const kafkaError = expectKafkaError(world, 'sendBatch', error);
        if (kafkaError === undefined) return;
        const results = (kafkaError as BatchFailure).results;
        if (results === undefined) {
          // refused as a whole at the call: no record of it was taken in
          for (const entry of entries) {
            entry.outcomes.push({ error: kafkaError, metadata: null });
            refusedAsExpected(world, entry.label, entry, kafkaError);
          }
          return;
        }
        results.forEach((result, index) => {
          const entry = entries[index] as LedgerEntry;
          entry.outcomes.push(
            result.status === 'fulfilled' ? { error: null, metadata: result.value } : { error: result.reason as KafkaError, metadata: null },
          );
        });
      },
    );
  }
  toString = (): string => `sendBatch(${this.count}, signal ${this.signal}, partition ${this.partition})`;
}

class ProduceCommand implements ProducerCommand {
  constructor(
    readonly count: number,
    readonly withCallback: boolean,
    readonly partition: 'any' | 'exists' | 'missing',
  ) {}
  check = (): boolean => true;
  async run(_model: Model, world: World): Promise<void> {
    for (let i = 0; i < this.count; i++) {
      const label = `produce ${sequence}`;
      const admitted = admits(world, undefined);
      const entry = world.ledger.entry(label, admitted, this.withCallback);
      let inCall = true;
      const callback = (error: KafkaError | null, metadata: RecordMetadata | null): void => {
        if (inCall) world.ledger.problems.push(`${label}: its callback ran inside produce()`);
        entry.outcomes.push({ error, metadata });
      };
      try {
        world.producer.produce(recordFor(world, this.partition), this.withCallback ? callback : undefined);
        if (!admitted) world.ledger.problems.push(`${label}: produce() on a closed producer did not throw`);
      } catch (error) {
        if (admitted || !(error instanceof KafkaClosedError)) world.ledger.problems.push(`${label}: produce() threw ${String(error)}`);
        // a synchronous throw is the record's one outcome
        entry.reported = false;
        entry.admitted = false;
      }
      inCall = false;
    }
  }
  toString = (): string => `produce(${this.count}, ${this.withCallback ? 'callback' : 'no callback'}, partition ${this.partition})`;
}

class FlushCommand implements ProducerCommand {
  constructor(
    readonly timeoutMs: number,
    readonly awaited: boolean,
  ) {}
  check = (): boolean => true;
  async run(_model: Model, world: World): Promise<void> {
    const settled = world.ledger.call(`flush(${this.timeoutMs})`);
    const closedBefore = !world.producer.isOpen;
    const flushing = world.producer.flush({ timeoutMs: this.timeoutMs }).then(
      () => {
        settled();
        // awaited and nothing sent meanwhile: nothing may be left
        if (this.awaited && world.producer.isOpen && world.producer.pending !== 0) {
          world.ledger.problems.push(`flush resolved with ${world.producer.pending} records pending`);
        }
      },
      (error: unknown) => {
        settled();
        const fine = error instanceof KafkaTimeoutError || (error instanceof KafkaClosedError && (closedBefore || !world.producer.isOpen));
        if (!fine) world.ledger.problems.push(`flush rejected with ${String(error)}`);
      },
    );
    if (this.awaited) await flushing;
    else world.background.push(flushing);
  }
  toString = (): string => `flush(${this.timeoutMs} ms, ${this.awaited ? 'awaited' : 'not awaited'})`;
}

class AbortCommand implements ProducerCommand {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.controllers > 0;
  async run(_model: Model, world: World): Promise<void> {
    world.controllers[this.pick % world.controllers.length]?.abort('aborted by the caller');
  }
  toString = (): string => `abort(${this.pick})`;
}

class CloseCommand implements ProducerCommand {
  constructor(
    readonly timeoutMs: number,
    readonly awaited: boolean,
  ) {}
  check = (): boolean => true;
  async run(model: Model, world: World): Promise<void> {
    model.open = false;
    const settled = world.ledger.call(`close(${this.timeoutMs})`);
    const closing = world.producer.close({ timeoutMs: this.timeoutMs }).then(
      (undelivered) => {
        settled();
        world.ledger.undelivered = undelivered;
      },
      (error: unknown) => {
        settled();
        world.ledger.problems.push(`close rejected with ${String(error)}`);
      },
    );
    if (this.awaited) await closing;
    else world.background.push(closing);
  }
  toString = (): string => `close(${this.timeoutMs} ms, ${this.awaited ? 'awaited' : 'not awaited'})`;
}

class WaitCommand implements ProducerCommand {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
  }
  toString = (): string => `wait(${this.ms} ms)`;
}

const count = fc.integer({ min: 0, max: 25 });
const signal = fc.constantFrom<Signal>('none', 'none', 'live', 'live', 'aborted');
const partition = fc.constantFrom<'any' | 'exists' | 'missing'>('any', 'any', 'exists', 'missing');

/** Every command, with its arguments drawn at random. */
export const producerCommands: Array<fc.Arbitrary<ProducerCommand>> = [
  fc.tuple(count, signal, partition).map(([n, s, p]) => new SendCommand(n, s, p)),
  fc.tuple(count, signal, partition).map(([n, s, p]) => new SendBatchCommand(n, s, p)),
  fc.tuple(count, fc.boolean(), partition).map(([n, c, p]) => new ProduceCommand(n, c, p)),
  fc.tuple(fc.constantFrom(1, 50, 5_000), fc.boolean()).map(([t, a]) => new FlushCommand(t, a)),
  fc.nat().map((pick) => new AbortCommand(pick)),
  fc.tuple(fc.constantFrom(1, 200, 5_000), fc.boolean()).map(([t, a]) => new CloseCommand(t, a)),
  fc.integer({ min: 0, max: 30 }).map((ms) => new WaitCommand(ms)),
];
