// @ts-check
// Writes results/<name>.{json,md,svg}: `latest` for the kafka broker kind, `mock` for the mock
// kind, `pinned` / `pinned-mock` for a --pin run. One file set per broker kind: each kind is run on
// its own (a mock run needs no JVM), and a file describes one session on one broker.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { renderMarkdown } from './markdown.mjs';
import { renderSvg } from './svg-chart.mjs';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * @param {import('../types.mjs').BrokerKind} kind
 * @param {boolean} pinned
 */
export const resultsName = (kind, pinned) => (kind === 'mock' ? (pinned ? 'pinned-mock' : 'mock') : pinned ? 'pinned' : 'latest');

/**
 * @param {import('../types.mjs').Results} results
 * @param {string} [name]
 */
export function writeResults(results, name = 'latest') {
  mkdirSync(RESULTS, { recursive: true });
  const base = `${RESULTS}${name}`;
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(results));
  const { environment } = results;
  const pinned = environment.pinned ? ', broker and client pinned to separate CPUs' : '';
  const broker = environment.brokerKind === 'mock' ? ', librdkafka mock broker' : '';
  writeFileSync(
    `${base}.svg`,
    renderSvg(
      results.cells,
      `Throughput, ${environment.date.slice(0, 10)}, ${environment.cpuModel} (${environment.cores} cores), Node ${environment.nodeForClients}, ${environment.mode} mode${broker}${pinned}`,
    ),
  );
  return { json: `${base}.json`, markdown: `${base}.md`, svg: `${base}.svg` };
}
