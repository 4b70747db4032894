#!/usr/bin/env node
// @ts-check
// Prints the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`),
// and the share of time in native code vs JS, to see where the time per message goes.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length !== 1) {
  console.error('usage: node bench/profile-summary.mjs [--top N] <file.cpuprofile>');
  process.exit(2);
}
/** @type {{ nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number } }>, samples: number[], timeDeltas: number[] }} */
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
/** @type {Map<number, number>} */
const selfMicros = new Map();
// timeDeltas[i] is the time before sample i; attribute it to that sample's node.
profile.samples.forEach((id, index) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});

/** @type {Map<string, number>} */
const perFunction = new Map();
let total = 0;
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (node === undefined) continue; // (every sample names one of the profile's nodes)
  const { callFrame } = node;
  const where = callFrame.url ? `${callFrame.url.replace(/^file:\/\/.*?\/(bench|dist|node_modules)\//, '$1/')}:${callFrame.lineNumber + 1}` : '';
  const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
  perFunction.set(key, (perFunction.get(key) ?? 0) + micros);
  total += micros;
}
const rows = [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
for (const [name, micros] of rows)
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(1).padStart(8)} ms  ${name}`);
