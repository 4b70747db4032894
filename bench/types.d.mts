// Shapes shared by the benchmark's modules, for their JSDoc (`import('../types.mjs').Scenario`).
// Types only: nothing imports this file at run time.
import type { connectAdmin } from './broker/topics.mjs';

/** Progress output of run.mjs and the setup steps. */
export type Log = (line: string) => void;

// ---- scenarios and the run plan ----

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Per-message APIs run S1, S3, S4, S5; batch APIs run S2. */
export type ApiKind = 'message' | 'batch' | 'stream';

export interface Scenario {
  id: string;
  group: string;
  title: string;
  kind: ApiKind;
  /** window: closed loop; rate: open loop; burst: everything queued at once. */
  load: 'window' | 'rate' | 'burst' | 'stream';
  size: number;
  window?: number;
  rate?: number;
  batchSize?: number;
  count?: number;
  queueMessages?: number;
  /** Contender ids, when the scenario has its own list instead of its kind's. */
  contenders?: string[];
  lingerMs: number;
  compression: Compression;
  latency: boolean;
}

export interface Timing {
  warmupMs: number;
  durationMs: number;
}

/** A scenario with the warm-up and measured durations of the mode it runs in. */
export type TimedScenario = Scenario & Timing;

export interface Contender {
  id: string;
  /** The adapter in clients/ (or raw-librdkafka, the Rust baseline). */
  client: string;
  api: string;
  kind: ApiKind;
  role: 'baseline' | 'ours' | 'peer';
  label: string;
}

export interface Mode {
  /** Scenario ids, or null for all of them. */
  scenarios: string[] | null;
  runs: number;
  timing(scenario: Scenario): Timing;
}

export interface PlannedRun {
  rep: number;
  scenario: TimedScenario;
  contender: Contender;
}

export interface RunPlan {
  runs: PlannedRun[];
  scenarios: Scenario[];
  contenders: Contender[];
  repetitions: number;
}

// ---- client adapters ----

/** The producer settings every adapter maps to its own option names. */
export interface ClientSettings {
  bootstrapServers: string;
  acks: 'all' | 0 | 1;
  idempotence: boolean;
  lingerMs: number;
  compression: Compression;
  queueMessages?: number | undefined;
  /** The ferrokafka build under test (a directory with package.json, dist/esm and native/). */
  productRoot?: string | undefined;
}

/** A delivery report as a callback: an error, or nothing (null/undefined) on success. */
export type DeliveryDone = (error?: unknown) => void;

/** How the runner drives a client: a promise per message, a callback per message, or a promise per batch. */
export type ClientApi = PromiseApi | CallbackApi | BatchApi | StreamApi;

/** A Writable in object mode that takes `{ value }` records for one topic (the bulk-stream scenario). */
export interface StreamApi {
  kind: 'stream';
  open(topic: string): {
    stream: import('node:stream').Writable;
    /** Records written through the stream and not yet reported. */
    outstanding(): number;
  };
}

export interface PromiseApi {
  kind: 'promise';
  call(topic: string, value: Buffer): Promise<unknown>;
}

export interface CallbackApi {
  kind: 'callback';
  /** Returns false when the client's queue is full (retry later); any other value: accepted. */
  call(topic: string, value: Buffer, done: DeliveryDone): unknown;
}

export interface BatchApi {
  kind: 'batch';
  call(topic: string, values: Buffer[]): Promise<unknown>;
}

export interface Versions {
  client: string | null;
  librdkafka: string | null;
}

/** What an adapter's `open(settings, api)` resolves to. */
export interface OpenedClient {
  api: ClientApi;
  versions: Versions;
  close(): Promise<unknown>;
  /** RSS right after the client's module (and native addon) loaded, when the adapter knows it. */
  rssAfterLoad?: number;
}

export interface ClientAdapter {
  open(settings: ClientSettings, api: string): Promise<OpenedClient>;
}

/** What an adapter or a client may throw: read defensively, as anything can be thrown. */
export type Thrown = { message?: string; stack?: string; code?: unknown; notSupported?: boolean } | null | undefined;

// ---- one run ----

/** The JSON spec a client process gets as argv[2] (the raw baseline gets it as flags). */
export interface RunSpec {
  client: string;
  api: string;
  bootstrapServers: string;
  topic: string;
  acks: ClientSettings['acks'];
  idempotence: boolean;
  lingerMs: number;
  compression: Compression;
  load: Scenario['load'];
  size: number;
  window?: number | undefined;
  rate?: number | undefined;
  batchSize?: number | undefined;
  count?: number | undefined;
  queueMessages?: number | undefined;
  warmupMs: number;
  durationMs: number;
  latency: boolean;
  productRoot: string;
}

export interface Counters {
  submitted: number;
  acked: number;
  failed: number;
  firstError: string | null;
}

export interface ReportWaiter {
  /** Call on every delivery report. */
  notify(): void;
  /** Resolves on the next report, or after `timeoutMs`. */
  next(timeoutMs: number): Promise<void>;
}

/** Submits one message (or one batch); false: the client's queue is full, retry later. */
export type Submit = (topic: string, payload: Buffer | Buffer[], sentAt?: number) => boolean;

/** The latency histogram (hdr-histogram-js, declared in peers.d.ts). */
export type LatencyHistogram = import('hdr-histogram-js').Histogram;

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** What happened during the measured phase. */
export interface Measured {
  acked: number;
  seconds: number;
  cpuUs: number;
  eventLoopDelayP99Ms: number | null;
}

/** What every load driver gets. */
export interface LoadContext {
  submit: Submit;
  topic: string;
  counters: Counters;
  waiter: ReportWaiter;
  warmupMs: number;
  durationMs: number;
}

export interface LoadOutcome {
  measured: Measured;
  saturated: boolean;
  drainTimedOut?: boolean;
}

/** The JSON line a client process (Node child or the raw baseline) prints. */
export type ChildResult = ChildSuccess | ChildFailure;

export interface ChildSuccess {
  ok: true;
  notRun?: undefined;
  submitted: number;
  acked: number;
  failed: number;
  firstError: string | null;
  /** Not printed by the raw baseline. */
  drainTimedOut?: boolean;
  saturated?: boolean;
  measured: { acked: number; seconds: number; cpuUs: number };
  latencyMs: LatencySummary | null;
  eventLoopDelayP99Ms: number | null;
  peakRssMb: number;
  idleRssMb: number;
  /** Node clients. */
  versions?: Versions;
  /** The raw baseline. */
  librdkafkaVersion?: string;
}

export interface ChildFailure {
  ok: false;
  /** The client cannot honour a setting: recorded as not run. */
  notRun?: string;
  error?: string;
}

/** The outcome of `verifyRun`. */
export type Verdict = { status: 'ok'; reason?: undefined } | { status: 'failed'; reason: string };

/** One run in the results file: measured (then ok, or failed its verification), or not measured. */
export type RunRecord = MeasuredRecord | UnmeasuredRecord;

interface RecordKey {
  scenario: string;
  contender: string;
  rep: number;
  /** The broker kind the run used (absent in results written before there were two). */
  broker?: BrokerKind;
}

export type MeasuredRecord = RecordKey &
  Verdict & {
    wallMs: number;
    msgPerSec: number;
    mbPerSec: number;
    cpuUsPerMsg: number | null;
    /** The broker process's CPU over the whole run per acknowledged record; null for an external broker. */
    brokerCpuUsPerMsg?: number | null;
    peakRssMb: number;
    idleRssMb: number;
    latencyMs: LatencySummary | null;
    eventLoopDelayP99Ms: number | null;
    saturated: boolean;
    counts: { submitted: number; acked: number; failed: number; endOffsetDelta: number; measuredAcked: number };
    versions: Versions;
  };

/** A run that completed and passed its verification. */
export type OkRecord = Extract<MeasuredRecord, { status: 'ok' }>;

export interface UnmeasuredRecord extends RecordKey {
  status: 'failed' | 'not-run';
  reason: string | null | undefined;
  wallMs?: number;
  saturated?: undefined;
  versions?: undefined;
}

// ---- aggregation and the report ----

/** Median and spread of a few runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** The runs of one (scenario, contender), folded. */
export interface Aggregate {
  scenario: string;
  contender: string;
  status: 'ok' | 'failed' | 'not-run';
  reasons: Array<string | null | undefined>;
  runs: { ok: number; failed: number; notRun: number };
  saturatedRuns: number;
  msgPerSec: Summary | null;
  mbPerSec: Summary | null;
  cpuUsPerMsg: Summary | null;
  /** Absent in results written before it was measured. */
  brokerCpuUsPerMsg?: Summary | null;
  peakRssMb: Summary | null;
  idleRssMb: Summary | null;
  eventLoopDelayP99Ms: Summary | null;
  latencyMs: { p50: Summary | null; p99: Summary | null; p999: Summary | null; max: Summary | null } | null;
}

export interface Environment {
  date: string;
  mode: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  nodeForClients: string;
  nodeForOrchestrator: string;
  /** The broker kind every run of this file used (absent in older results: kafka). */
  brokerKind?: BrokerKind;
  /** The broker (for the mock kind too: the field predates it). */
  kafka: { version: string; bootstrapServers: string; external: boolean; partitions: number; replicationFactor: number };
  pinned: boolean;
  note: string;
  /** The ferrokafka build measured (absent in results written before it was recorded). */
  ferrokafka?: { commit: string; uncommittedFiles: number };
}

/** results/<name>.json */
export interface Results {
  environment: Environment;
  elapsedSeconds: number;
  plan: { mode: string; repetitions: number; scenarios: Scenario[]; contenders: string[] };
  versions: Record<string, Versions>;
  cells: Aggregate[];
  runs: RunRecord[];
}

export interface TargetCheck {
  name: string;
  measured: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

// ---- the orchestrator ----

/** `kafka`: a real Kafka broker (JVM); `mock`: librdkafka's mock cluster in its own process. */
export type BrokerKind = 'kafka' | 'mock';

export interface Broker {
  kind: BrokerKind;
  /** Kafka's version, 'external', or what the mock is. */
  version: string;
  bootstrapServers: string;
  pid: number | undefined;
  external: boolean;
  stop(): Promise<void>;
  /** Set when the broker answers no CreateTopics request: creates the topic out of band. */
  createTopic?: (topic: string, partitions: number) => Promise<void>;
}

export type Admin = Awaited<ReturnType<typeof connectAdmin>>;

export interface Tools {
  node: string;
  rawBinary: string | null;
  rawUnavailable: string | null;
  productRoot: string;
  clientCpu?: number;
}

export interface RunContext {
  bootstrapServers: string;
  brokerKind: BrokerKind;
  /** The local broker's process (JVM or mock host), for its CPU time; undefined for an external one. */
  brokerPid: number | undefined;
  admin: Admin;
  tools: Tools;
}

/** What a setup command did. */
export interface CommandOutcome {
  ok: boolean;
  message: string;
}
