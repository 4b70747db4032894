// @ts-check
// Writes results/<name>.{json,md,svg}: `latest` by default, `pinned` for a --pin run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { renderMarkdown } from './markdown.mjs';
import { renderSvg } from './svg-chart.mjs';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

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
  writeFileSync(
    `${base}.svg`,
    renderSvg(
      results.cells,
      `Throughput, ${environment.date.slice(0, 10)}, ${environment.cpuModel} (${environment.cores} cores), Node ${environment.nodeForClients}, ${environment.mode} mode${pinned}`,
    ),
  );
  return { json: `${base}.json`, markdown: `${base}.md`, svg: `${base}.svg` };
}
