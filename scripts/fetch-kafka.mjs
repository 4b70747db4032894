#!/usr/bin/env node
// @ts-check
// Downloads Kafka's jars for the local test broker into the cache once (e.g. to warm a CI cache).
// Usage: node scripts/fetch-kafka.mjs [--kafka-version 4.1.1] [--cache-dir DIR]
// Needs the compiled library (npm run build:ts), Java 17+ and Maven.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'kafka-version': { type: 'string' },
    'cache-dir': { type: 'string' },
  },
});

let testing;
try {
  testing = await import('../dist/esm/testing/index.js');
} catch (error) {
  console.error(
    `fetch-kafka: cannot load dist/esm/testing/index.js; run "npm run build:ts" first (${error instanceof Error ? error.message : String(error)})`,
  );
  process.exit(1);
}

const started = Date.now();
const jars = await testing.ensureKafkaJars({
  ...(values['kafka-version'] === undefined ? {} : { kafkaVersion: values['kafka-version'] }),
  ...(values['cache-dir'] === undefined ? {} : { cacheDir: values['cache-dir'] }),
  log: (line) => console.log(`fetch-kafka: ${line}`),
});
console.log(`fetch-kafka: Kafka ${jars.version} jars in ${jars.libDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
