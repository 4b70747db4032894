// Writes results/latest.{json,md,svg} (and a dated copy of the JSON, so runs can be compared later).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { renderMarkdown } from './markdown.mjs';
import { renderSvg } from './svg-chart.mjs';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

export function writeResults(results) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${RESULTS}latest.md`, renderMarkdown(results));
  const { environment } = results;
  writeFileSync(`${RESULTS}latest.svg`, renderSvg(results.cells, `Throughput, ${environment.date.slice(0, 10)}, ${environment.cpuModel} (${environment.cores} cores), Node ${environment.nodeForClients}, ${environment.mode} mode`));
  return { json: `${RESULTS}latest.json`, markdown: `${RESULTS}latest.md`, svg: `${RESULTS}latest.svg` };
}
