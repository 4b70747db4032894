#!/usr/bin/env node
// @ts-check
// Re-renders results/latest.md and latest.svg from results/latest.json (or the JSON file given),
// e.g. after changing the report layout, without running the benchmark again.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { writeResults } from './write-results.mjs';

const file = process.argv[2] ?? fileURLToPath(new URL('../results/latest.json', import.meta.url));
const written = writeResults(JSON.parse(readFileSync(file, 'utf8')));
console.log(`wrote ${written.markdown} and ${written.svg}`);
