#!/usr/bin/env node
// The `ferrokafka` command (see `ferrokafka --help`); the program itself is lib/cli/main.ts.
import { createRequire } from 'node:module';

import { main } from '../dist/esm/cli/main.js';

const { version } = createRequire(import.meta.url)('../package.json');
// Output piped into a reader that stops early (| head): nothing more to say, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
const interrupt = new AbortController();
// The first Ctrl-C (or SIGTERM, as `timeout` and service managers send) stops the run, which
// still flushes and reports what it read; a second one ends it at once.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    interrupt.abort(signal);
    process.once(signal, () => process.exit(code));
  });
}
process.exitCode = await main(process.argv, {
  version,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  interrupt: interrupt.signal,
});
