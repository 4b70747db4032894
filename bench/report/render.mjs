#!/usr/bin/env node
// @ts-check
// Re-renders results/<name>.md and <name>.svg from results/<name>.json (latest.json unless a JSON
// file is given, e.g. results/mock.json), after changing the report layout, without running the
// benchmark again.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

import { writeResults } from './write-results.mjs';

const file = process.argv[2] ?? fileURLToPath(new URL('../results/latest.json', import.meta.url));
const written = writeResults(JSON.parse(readFileSync(file, 'utf8')), basename(file, '.json'));
console.log(`wrote ${written.markdown} and ${written.svg}`);
