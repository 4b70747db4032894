// @ts-check
// The human-readable result: headline ratios, then one table per scenario group.
import { CONTENDERS, contenderById } from '../scenarios/contenders.mjs';
import { SCENARIOS } from '../scenarios/catalog.mjs';
import { comparisonsFor, ratio } from './comparisons.mjs';
import { fixed, ms, rate, spread } from './format.mjs';
import { checkTargets } from './targets.mjs';

/**
 * @param {import('../types.mjs').Results} results
 * @returns {string}
 */
export function renderMarkdown(results) {
  const { environment, cells, plan } = results;
  const compare = comparisonsFor(cells);
  const label = (/** @type {string} */ id) => contenderById(id)?.label ?? id;
  /** @type {string[]} */
  const lines = [];
  const push = (/** @type {string[]} */ ...more) => lines.push(...more);

  const kind = environment.brokerKind ?? 'kafka';
  push(`# ferrokafka benchmark (${environment.mode} mode, ${kind} broker${environment.pinned ? ', pinned' : ''})`, '');
  push(`${environment.date} · ${environment.cpuModel}, ${environment.cores} cores, ${environment.memoryGiB} GiB · Linux ${environment.kernel}`);
  const broker =
    kind === 'mock'
      ? "librdkafka's mock cluster, one broker in a process of its own"
      : environment.kafka.external
        ? `the broker at KAFKA_BOOTSTRAP_SERVERS (${environment.kafka.bootstrapServers})`
        : `one local Kafka ${environment.kafka.version} broker`;
  push(
    `Clients run under Node ${environment.nodeForClients}, each in its own process, against ${broker} (${environment.kafka.partitions} partitions, RF 1, fresh topic per run).`,
  );
  if (environment.ferrokafka)
    push(
      `ferrokafka under test: commit ${environment.ferrokafka.commit}${environment.ferrokafka.uncommittedFiles > 0 ? ` plus ${environment.ferrokafka.uncommittedFiles} uncommitted file(s) in the working tree` : ''}.`,
    );
  push(
    `Settings for every client: acks=all, idempotence on, linger 5 ms (0 in S3), no compression unless named. ${plan.repetitions} run(s) per cell, interleaved; median shown, spread = min–max. Total time ${Math.round(results.elapsedSeconds)} s.`,
  );
  push('', `> ${environment.note}`, '');
  push(
    kind === 'mock'
      ? 'Broker kind: **mock** (this file: the client-bound targets). The same plan on a real Kafka broker: [latest.md](latest.md). See "Broker kinds" in the bench README.'
      : 'Broker kind: **kafka** (this file). The client alone, against librdkafka\'s mock cluster (the client-bound targets): [mock.md](mock.md). See "Broker kinds" in the bench README.',
    '',
  );
  const version = (/** @type {[string, import('../types.mjs').Versions]} */ [client, v]) =>
    [client, v.client, v.librdkafka ? `(librdkafka ${v.librdkafka})` : null].filter(Boolean).join(' ');
  push(`Versions: ${Object.entries(results.versions).map(version).join(' · ')}`, '');

  push('## Headline: ferrokafka vs raw librdkafka and the peers', '');
  push(
    '| ferrokafka API | scenario | msg/s (median) | vs raw librdkafka | vs fastest peer | vs kafkajs | CPU µs/msg | CPU vs raw |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  /** @type {Array<[string, string[]]>} */
  const headline = [
    ['ferrokafka-send', ['S1-100B', 'S1-1KiB']],
    ['ferrokafka-produce', ['S1-100B', 'S1-1KiB']],
    ['ferrokafka-sendBatch', ['S2-batch100', 'S2-batch1000']],
    ['ferrokafka-writable', ['S7-writable']],
  ];
  for (const [contender, scenarios] of headline) {
    for (const scenario of scenarios) {
      const ours = compare.cell(scenario, contender);
      if (!ours) continue;
      const raw = compare.raw(scenario);
      const peer = compare.fastestPeer(scenario);
      const kafkajs = compare.kafkajs(scenario);
      push(
        `| ${label(contender)} | ${scenario} | ${rate(ours.msgPerSec?.median)} | ${ratio(ours.msgPerSec?.median, raw?.msgPerSec?.median)} | ${ratio(ours.msgPerSec?.median, peer?.msgPerSec?.median)}${peer ? ` (${label(peer.contender)})` : ''} | ${ratio(ours.msgPerSec?.median, kafkajs?.msgPerSec?.median)} | ${fixed(2)(ours.cpuUsPerMsg?.median)} | ${ratio(ours.cpuUsPerMsg?.median, raw?.cpuUsPerMsg?.median)} |`,
      );
    }
  }
  push(
    '',
    'Ratios above 1x mean ferrokafka is faster (for CPU: uses more). For S2 and S7 the raw reference is its S1-100B run (same 100 B messages, per-message produce).',
    '',
  );

  push('## Targets', '', '| target | measured | met |', '| --- | --- | --- |');
  for (const target of checkTargets(cells, compare, kind))
    push(`| ${target.name} | ${target.measured} | ${target.met === null ? 'not measured' : target.met ? 'met' : '**not met**'} |`);
  push('');
  push(
    'In the throughput tables, CPU µs/msg is the client process (all threads) during the measured phase per acknowledged record; broker CPU µs/msg is the broker process (all threads, from /proc) over the whole run, warm-up included, per record acknowledged in it (– for an external broker).',
    '',
  );

  /** @type {Record<string, string>} */
  const groupTitles = {
    S1: 'S1 throughput, per-message API',
    compression: 'Compression (S1 at 1 KiB)',
    S2: 'S2 throughput, batch API',
    S7: 'S7 throughput, bulk stream',
  };
  for (const group of Object.keys(groupTitles)) {
    const scenarios = SCENARIOS.filter((s) => s.group === group && cells.some((c) => c.scenario === s.id));
    if (scenarios.length === 0) continue;
    push(`## ${groupTitles[group]} (and S6 resources)`, '');
    for (const scenario of scenarios) {
      push(`### ${scenario.id}: ${scenario.title}`, '');
      push(
        '| client | msg/s | spread | MB/s | vs raw | CPU µs/msg | broker CPU µs/msg | peak RSS MB | status |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      );
      const raw = compare.raw(scenario.id);
      for (const cell of ordered(cells, scenario.id)) {
        push(
          `| ${label(cell.contender)} | ${rate(cell.msgPerSec?.median)} | ${spread(cell.msgPerSec, rate)} | ${fixed(1)(cell.mbPerSec?.median)} | ${ratio(cell.msgPerSec?.median, raw?.msgPerSec?.median)} | ${fixed(2)(cell.cpuUsPerMsg?.median)} | ${fixed(2)(cell.brokerCpuUsPerMsg?.median)} | ${fixed(0)(cell.peakRssMb?.median)} | ${status(cell)} |`,
        );
      }
      push('');
    }
  }

  const latencyScenarios = SCENARIOS.filter((s) => (s.group === 'S3' || s.group === 'S4') && cells.some((c) => c.scenario === s.id));
  if (latencyScenarios.length > 0) {
    push('## S3 serial round trip and S4 open-loop latency', '');
    push(
      'Latency in ms from the (intended) send time to the delivery report, HDR histogram. Event-loop delay p99: `monitorEventLoopDelay` (1 ms timer) during the measured phase, minus the 1 ms timer period; an idle Node 24 loop read 0.23 ms p99 on this machine. A saturated client (more than 1 s of messages outstanding) was stopped: its latencies only say it could not keep up.',
      '',
    );
    for (const scenario of latencyScenarios) {
      push(`### ${scenario.id}: ${scenario.title}`, '');
      push(
        '| client | msg/s | p50 | p99 | p99.9 | max | p99 vs raw | event-loop p99 | status |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      );
      const raw = compare.raw(scenario.id);
      for (const cell of ordered(cells, scenario.id)) {
        const l = cell.latencyMs;
        push(
          `| ${label(cell.contender)} | ${rate(cell.msgPerSec?.median)} | ${ms(l?.p50?.median)} | ${ms(l?.p99?.median)} | ${ms(l?.p999?.median)} | ${ms(l?.max?.median)} | ${ratio(l?.p99?.median, raw?.latencyMs?.p99?.median)} | ${ms(cell.eventLoopDelayP99Ms?.median)} | ${status(cell)} |`,
        );
      }
      push('');
    }
  }

  const memory = SCENARIOS.filter((s) => s.group === 'S6' && cells.some((c) => c.scenario === s.id));
  for (const scenario of memory) {
    push(`## S6 memory: ${scenario.title}`, '');
    push(
      'Peak RSS of the whole process (`maxRSS`) while every record is queued, then reported. "Idle producer adds": RSS after the producer connected and delivered its first record, minus RSS after its module (and native addon) loaded.',
      '',
    );
    push('| client | peak RSS MB | vs raw | idle producer adds MB | msg/s | status |', '| --- | ---: | ---: | ---: | ---: | --- |');
    const raw = compare.raw(scenario.id);
    for (const cell of ordered(cells, scenario.id)) {
      const above =
        typeof cell.peakRssMb?.median === 'number' && typeof raw?.peakRssMb?.median === 'number'
          ? `${cell.peakRssMb.median - raw.peakRssMb.median >= 0 ? '+' : ''}${(cell.peakRssMb.median - raw.peakRssMb.median).toFixed(0)} MB`
          : 'n/a';
      push(
        `| ${label(cell.contender)} | ${fixed(0)(cell.peakRssMb?.median)} | ${above} | ${fixed(1)(cell.idleRssMb?.median)} | ${rate(cell.msgPerSec?.median)} | ${status(cell)} |`,
      );
    }
    push('');
  }

  const sweep = SCENARIOS.filter((s) => s.group === 'S5' && cells.some((c) => c.scenario === s.id));
  if (sweep.length > 0) {
    push('## S5 in-flight sweep (msg/s, median)', '');
    push(`| client | ${sweep.map((s) => `${s.window} in flight`).join(' | ')} |`, `| --- | ${sweep.map(() => '---:').join(' | ')} |`);
    for (const contender of CONTENDERS.filter((c) => c.kind === 'message')) {
      const row = sweep.map((s) => {
        const cell = cells.find((c) => c.scenario === s.id && c.contender === contender.id);
        return cell === undefined ? '–' : cell.status === 'ok' ? rate(cell.msgPerSec?.median) : cell.status === 'failed' ? 'FAILED' : 'not run';
      });
      if (row.some((v) => v !== '–')) push(`| ${contender.label} | ${row.join(' | ')} |`);
    }
    push('');
  }

  const problems = cells.filter((c) => c.status !== 'ok' || c.runs.failed > 0 || c.runs.notRun > 0);
  push('## Not run and failed', '');
  if (problems.length === 0) push('Every run of every client completed and passed the delivery check (delivered = acknowledged = end-offset delta).');
  for (const cell of problems)
    push(
      `- ${cell.scenario} · ${label(cell.contender)}: ${cell.status === 'not-run' ? 'not run' : cell.status.toUpperCase()} (${cell.runs.ok} ok, ${cell.runs.failed} failed, ${cell.runs.notRun} not run): ${cell.reasons.map((reason) => String(reason).replace(/\s+/g, ' ')).join(' | ')}`,
    );
  push('');
  return lines.join('\n');
}

/**
 * @param {import('../types.mjs').Aggregate[]} cells
 * @param {string} scenario
 */
function ordered(cells, scenario) {
  const order = (/** @type {string} */ id) => CONTENDERS.findIndex((c) => c.id === id);
  return cells.filter((c) => c.scenario === scenario).sort((a, b) => order(a.contender) - order(b.contender));
}

/** @param {import('../types.mjs').Aggregate} cell */
function status(cell) {
  if (cell.status === 'not-run') return `not run: ${cell.reasons.join('; ')}`;
  if (cell.status === 'failed') return `**FAILED** (${cell.runs.failed}/${cell.runs.ok + cell.runs.failed})`;
  return cell.saturatedRuns > 0 ? `saturated in ${cell.saturatedRuns} run(s)` : 'ok';
}
