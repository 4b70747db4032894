import { ErrorCode } from '../errors/codes.js';
import { describe } from '../errors/describe-value.js';
import { KafkaArgumentError, KafkaError } from '../errors/kafka-errors.js';
import { NativeMockCluster } from '../native/binding.js';
import { MockClusterStoppedError } from './mock-cluster-stopped-error.js';
import { apiKeyOf, apiNameOf, errorCodeOf, type MockApi, type MockErrorCode } from './mock-names.js';
import { checkOptions } from './mock-options.js';

/** Options of {@link MockCluster.start}. */
export interface MockClusterOptions {
  /** How many brokers (ids 1 to `brokers`), 1 to 64; default 3. */
  brokers?: number | undefined;
}

/** Options of {@link MockCluster.createTopic}. */
export interface MockTopicOptions {
  /** 1 to 100000; default 1. */
  partitions?: number | undefined;
  /** 1 to the number of brokers; default 1. */
  replicationFactor?: number | undefined;
}

/** One error for {@link MockCluster.pushBrokerRequestErrors}, answered after `rttMs`. */
export interface MockBrokerError {
  /** The error the request gets (`'NO_ERROR'` for a slow success). */
  error: MockErrorCode;
  /** How long the broker waits before it answers, in milliseconds; default 0. */
  rttMs?: number | undefined;
}

/** A request the mock cluster received while request tracking was on. */
export interface MockTrackedRequest {
  /** The broker that received it. */
  brokerId: number;
  /** The API's name as librdkafka spells it, e.g. `'Produce'`. */
  api: string;
  /** The API's numeric key (0 for Produce). */
  apiKey: number;
  /** When it arrived: librdkafka's monotonic clock, in microseconds. */
  timestampUs: number;
}

/** What a coordinator serves: transactions (by transactional id) or consumer groups (by group id). */
export type MockCoordinatorType = 'transaction' | 'group';

const MAX_BROKERS = 64;
/** The most partitions a mock topic may have: librdkafka allocates them all up front. */
const MAX_PARTITIONS = 100_000;
const TOPIC_ALREADY_EXISTS = 36;

/**
 * An in-process Kafka cluster for tests: librdkafka's mock cluster, hosted in this package's
 * native addon (the same librdkafka the producer uses; no JVM, no Docker). Its brokers listen on
 * 127.0.0.1 with real TCP sockets, so any Kafka client can use `bootstrapServers`. It answers
 * produce, fetch, metadata, consumer-group and transaction requests, and lets a test inject
 * faults: errors for the next requests of an API (on any broker or one broker, with a delay each),
 * leader moves, brokers going down and up, slow brokers, coordinator moves and topic errors.
 *
 * A started mock does not keep Node's event loop alive: a test runner that forgets `stop()` still
 * exits. Stop it anyway: its threads and sockets live until `stop()` (or until the object is
 * garbage-collected).
 *
 * @example
 * ```ts
 * import { Producer } from 'ferrokafka';
 * import { MockCluster } from 'ferrokafka/testing';
 *
 * const mock = await MockCluster.start({ brokers: 3 });
 * try {
 *   await mock.createTopic('orders', { partitions: 3, replicationFactor: 3 });
 *   // The next two produce requests fail with retriable errors; librdkafka retries them.
 *   mock.pushRequestErrors('Produce', ['NOT_LEADER_OR_FOLLOWER', 'REQUEST_TIMED_OUT']);
 *   const producer = new Producer({ bootstrapServers: mock.bootstrapServers });
 *   const { offset } = await producer.send({ topic: 'orders', partition: 0, value: 'hello' });
 *   await producer.close();
 * } finally {
 *   await mock.stop();
 * }
 * ```
 */
export class MockCluster {
  /** `host:port,host:port,...` of the mock brokers, for any Kafka client. */
  readonly bootstrapServers: string;
  /** The brokers' ids: 1 to the number of brokers. */
  readonly brokerIds: readonly number[];
  readonly #native: NativeMockCluster;
  readonly #partitions = new Map<string, number>();
  #stopping: Promise<void> | undefined;

  private constructor(native: NativeMockCluster, brokers: number) {
    this.#native = native;
    this.bootstrapServers = native.bootstrapServers;
    this.brokerIds = Object.freeze(Array.from({ length: brokers }, (_, index) => index + 1));
  }

  /**
   * Starts a mock cluster of `brokers` brokers (default 3) on 127.0.0.1 and free ports. Rejects
   * with a KafkaArgumentError for bad options, and with a KafkaError (`FAIL`) when the process has
   * too few free file descriptors for the brokers' listeners (about `brokers + 16`).
   */
  static async start(options?: MockClusterOptions): Promise<MockCluster> {
    const { brokers = 3 } = checkOptions('MockCluster.start options', options, ['brokers']);
    if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_BROKERS) {
      throw new KafkaArgumentError(`brokers must be an integer from 1 to ${MAX_BROKERS}, not ${String(brokers)}`);
    }
    let native: NativeMockCluster;
    try {
      native = new NativeMockCluster(brokers);
    } catch (error) {
      // E.g. too few free file descriptors for the brokers' listeners.
      throw KafkaError.fromCode(ErrorCode.FAIL, { message: `MockCluster.start: ${(error as Error).message}`, cause: error });
    }
    return new MockCluster(native, brokers);
  }

  /** Whether `stop()` was called. */
  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** Creates `topic` (a topic a client asks for is otherwise created with 4 partitions). */
  async createTopic(topic: string, options?: MockTopicOptions): Promise<void> {
    this.#live('createTopic');
    checkTopic(topic);
    const { partitions = 1, replicationFactor = 1 } = checkOptions(`the createTopic options of topic '${topic}'`, options, [
      'partitions',
      'replicationFactor',
    ]);
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new KafkaArgumentError(`partitions of topic '${topic}' must be an integer from 1 to ${MAX_PARTITIONS}, not ${String(partitions)}`);
    }
    if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > this.brokerIds.length) {
      throw new KafkaArgumentError(
        `replicationFactor of topic '${topic}' must be an integer from 1 to the number of brokers (${this.brokerIds.length}), not ${String(replicationFactor)}`,
      );
    }
    const code = this.#native.createTopic(topic, partitions, replicationFactor);
    if (code === TOPIC_ALREADY_EXISTS) throw KafkaError.fromCode(code, { message: `topic '${topic}' already exists in the mock cluster` });
    if (code !== 0) throw KafkaError.fromCode(code, { message: `the mock cluster could not create topic '${topic}'` });
    this.#partitions.set(topic, partitions);
  }

  /**
   * Makes every metadata answer report `error` for `topic` (e.g. `'TOPIC_AUTHORIZATION_FAILED'`);
   * `'NO_ERROR'` clears it. Creates the topic if it does not exist.
   */
  setTopicError(topic: string, error: MockErrorCode): void {
    this.#live('setTopicError');
    checkTopic(topic);
    this.#native.setTopicError(topic, errorCodeOf(error));
  }

  /**
   * The next requests of `api`, whichever broker they reach, get these errors, one each, in
   * order (then requests succeed again). E.g. `pushRequestErrors('Produce', ['NOT_LEADER_OR_FOLLOWER'])`;
   * `'TRANSPORT'` closes the connection instead of answering.
   */
  pushRequestErrors(api: MockApi, errors: readonly MockErrorCode[]): void {
    this.#live('pushRequestErrors');
    const key = apiKeyOf(api);
    this.#native.pushRequestErrors(key, checkErrors(errors).map(errorCodeOf));
  }

  /**
   * The next requests of `api` to broker `brokerId` get these errors, one each, in order, each
   * answered after its `rttMs` (a round-trip time above the client's request timeout makes a
   * lost response). A bare error code means no delay.
   */
  pushBrokerRequestErrors(brokerId: number, api: MockApi, errors: readonly (MockErrorCode | MockBrokerError)[]): void {
    this.#live('pushBrokerRequestErrors');
    this.#checkBroker(brokerId);
    const key = apiKeyOf(api);
    const entries = checkErrors(errors).map((entry, index) =>
      typeof entry === 'object' && entry !== null ? checkedEntry(index, entry) : { error: entry },
    );
    const rtts = entries.map(({ rttMs = 0 }) => checkMilliseconds('rttMs', rttMs));
    const code = this.#native.pushBrokerRequestErrors(
      brokerId,
      key,
      entries.map(({ error }) => errorCodeOf(error)),
      rtts,
    );
    if (code !== 0) throw KafkaError.fromCode(code, { message: `the mock cluster refused errors for broker ${brokerId}` });
  }

  /** Forgets the errors still waiting for `api` (those of `pushRequestErrors`). */
  clearRequestErrors(api: MockApi): void {
    this.#live('clearRequestErrors');
    this.#native.clearRequestErrors(apiKeyOf(api));
  }

  /**
   * Moves the leader of `topic` [`partition`] to `brokerId`. A topic the mock does not have yet is
   * created with `partition + 1` partitions (so `partition` is below 100000, as for
   * {@link MockCluster.createTopic}). A partition without a leader is refused with a
   * KafkaArgumentError: librdkafka's mock crashes the process on a Produce to such a partition;
   * take its leader's broker down (`setBrokerDown`) to make a partition unreachable instead.
   */
  setPartitionLeader(topic: string, partition: number, brokerId: number): void {
    this.#live('setPartitionLeader');
    checkTopic(topic);
    this.#checkPartition(topic, partition);
    if (brokerId === null) {
      throw new KafkaArgumentError(
        `setPartitionLeader('${topic}', ${partition}, null): a partition without a leader crashes librdkafka's mock cluster on the first Produce to it; take its leader's broker down with setBrokerDown() instead`,
      );
    }
    this.#checkBroker(brokerId);
    const code = this.#native.setPartitionLeader(topic, partition, brokerId);
    if (code !== 0) throw KafkaError.fromCode(code, { message: `topic '${topic}' has no partition ${partition} in the mock cluster` });
  }

  /** Takes broker `brokerId` down: it closes its connections and refuses new ones until `setBrokerUp`. */
  setBrokerDown(brokerId: number): void {
    this.#live('setBrokerDown');
    this.#checkBroker(brokerId);
    this.#checked(this.#native.setBrokerUp(brokerId, false), `broker ${brokerId} could not be set down`);
  }

  /** Brings broker `brokerId` back up. */
  setBrokerUp(brokerId: number): void {
    this.#live('setBrokerUp');
    this.#checkBroker(brokerId);
    this.#checked(this.#native.setBrokerUp(brokerId, true), `broker ${brokerId} could not be set up`);
  }

  /** Makes broker `brokerId` wait `rttMs` milliseconds before each answer (0 restores it). */
  setRtt(brokerId: number, rttMs: number): void {
    this.#live('setRtt');
    this.#checkBroker(brokerId);
    this.#checked(this.#native.setRtt(brokerId, checkMilliseconds('rttMs', rttMs)), `the round-trip time of broker ${brokerId} could not be set`);
  }

  /** Makes `brokerId` the coordinator of transactional id (or group id) `key`. */
  setCoordinator(type: MockCoordinatorType, key: string, brokerId: number): void {
    this.#live('setCoordinator');
    if (type !== 'transaction' && type !== 'group') {
      throw new KafkaArgumentError(`a coordinator type is 'transaction' or 'group', not ${describe(type)}`);
    }
    if (typeof key !== 'string' || key === '' || key.includes('\0')) {
      throw new KafkaArgumentError(`a coordinator key is a non-empty string without NUL bytes, not ${describe(key)}`);
    }
    this.#checkBroker(brokerId);
    this.#checked(this.#native.setCoordinator(type, key, brokerId), `the ${type} coordinator of '${key}' could not be set`);
  }

  /** How long a consumer group waits for more members before its first rebalance (librdkafka's mock: 3000 ms). */
  setGroupInitialRebalanceDelay(delayMs: number): void {
    this.#live('setGroupInitialRebalanceDelay');
    this.#native.setGroupInitialRebalanceDelay(checkMilliseconds('delayMs', delayMs));
  }

  /**
   * Starts recording which requests reach which broker (see `requests()`). Every request is kept
   * until `clearRequests()`, `stopRequestTracking()` or `stop()`: about 25 bytes each (300,000
   * produce requests added 7 MB), so a long run with tracking on should clear them now and then.
   */
  startRequestTracking(): void {
    this.#live('startRequestTracking');
    this.#native.trackRequests(true);
  }

  /** Stops recording requests (and forgets those recorded). */
  stopRequestTracking(): void {
    this.#live('stopRequestTracking');
    this.#native.trackRequests(false);
  }

  /** The requests received since tracking started (or since `clearRequests()`), oldest first. */
  requests(): MockTrackedRequest[] {
    this.#live('requests');
    return this.#native.requests().map(({ brokerId, apiKey, timestampUs }) => ({ brokerId, api: apiNameOf(apiKey), apiKey, timestampUs }));
  }

  /** Forgets the requests recorded so far. */
  clearRequests(): void {
    this.#live('clearRequests');
    this.#native.clearRequests();
  }

  /**
   * Closes every listener and connection and ends the mock's threads. Calling it again returns
   * the same promise; any other call afterwards throws a MockClusterStoppedError.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#native.stop() ?? Promise.resolve();
    return this.#stopping;
  }

  #live(operation: string): void {
    if (this.#stopping !== undefined) throw new MockClusterStoppedError(operation);
  }

  #checkBroker(brokerId: number): void {
    if (!Number.isInteger(brokerId) || brokerId < 1 || brokerId > this.brokerIds.length) {
      throw new KafkaArgumentError(`broker ${String(brokerId)} is out of range: this mock cluster has brokers 1 to ${this.brokerIds.length}`);
    }
  }

  #checkPartition(topic: string, partition: number): void {
    // A topic created here (or by a client) is not counted: the mock creates it with partition + 1
    // partitions, so the bound keeps that allocation (and the native int) in range.
    const count = this.#partitions.get(topic) ?? MAX_PARTITIONS;
    if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
      const range = this.#partitions.has(topic) ? `it has partitions 0 to ${count - 1}` : `a partition is an integer from 0 to ${MAX_PARTITIONS - 1}`;
      throw new KafkaArgumentError(`partition ${String(partition)} of topic '${topic}' is out of range: ${range}`);
    }
  }

  #checked(code: number, message: string): void {
    if (code !== 0) throw KafkaError.fromCode(code, { message: `${message}: ${KafkaError.fromCode(code).message}` });
  }
}

/** Kafka's rule for topic names; the mock checks none, and a name longer than 32767 bytes corrupts its answers. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

function checkTopic(topic: string): void {
  if (typeof topic !== 'string' || !TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    throw new KafkaArgumentError(
      `invalid topic ${describe(topic)}: a topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' or '-' (and not "." or "..")`,
    );
  }
}

/** An entry of `pushBrokerRequestErrors` with no field but `error` and `rttMs` (a misspelt delay is not silently 0). */
function checkedEntry(index: number, entry: MockBrokerError): MockBrokerError {
  checkOptions(`error ${index} of pushBrokerRequestErrors`, entry, ['error', 'rttMs']);
  return entry;
}

function checkErrors<T>(errors: readonly T[]): readonly T[] {
  if (!Array.isArray(errors) || errors.length === 0) throw new KafkaArgumentError('errors must be a non-empty array of error names or codes');
  // map() skips holes, which would reach the addon as undefined.
  for (let index = 0; index < errors.length; index++) {
    if (!(index in errors)) throw new KafkaArgumentError(`errors has a hole at index ${index}: every entry must be an error name or code`);
  }
  return errors;
}

function checkMilliseconds(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 2_147_483) {
    throw new KafkaArgumentError(`${name} must be an integer number of milliseconds from 0 to 2147483, not ${String(value)}`);
  }
  return value;
}
