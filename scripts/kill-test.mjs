// @ts-check
// `npm run test:kill [-- --records N --kills N --partitions N --down-ms N]`: the long version of the
// three-broker kill test (default 1,000,000 records, 10 leader kills). It starts a 3-node cluster of
// its own, stops it by pid (also on failure) and prints
// `acked N / consumed N / missing 0 / duplicated 0 / order kept`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: process.env.FERROKAFKA_KILL_RECORDS ?? '1000000' },
    kills: { type: 'string', default: process.env.FERROKAFKA_KILL_COUNT ?? '10' },
    partitions: { type: 'string', default: process.env.FERROKAFKA_KILL_PARTITIONS ?? '6' },
    'down-ms': { type: 'string', default: process.env.FERROKAFKA_KILL_DOWN_MS ?? '3000' },
  },
});
for (const [name, value] of Object.entries(values)) {
  if (!/^[1-9][0-9]*$/.test(value ?? '')) {
    console.error(`kill-test: --${name} must be a positive integer; got ${JSON.stringify(value)}`);
    process.exit(2);
  }
}

for (const step of [['scripts/build-native.mjs', '--if-missing'], ['scripts/build-ts.mjs'], ['scripts/fetch-kafka.mjs']]) {
  const built = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/kill/vitest.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    FERROKAFKA_KILL_RECORDS: values.records,
    FERROKAFKA_KILL_COUNT: values.kills,
    FERROKAFKA_KILL_PARTITIONS: values.partitions,
    FERROKAFKA_KILL_DOWN_MS: values['down-ms'],
  },
});
process.exit(result.status ?? 1);
