import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Pure logic: no broker, seconds. `npm test` runs these first.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        // librdkafka's in-process mock cluster (ferrokafka/testing's MockCluster): no JVM, no
        // broker; one file after another, since the cases time faults against the clock.
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], fileParallelism: false, testTimeout: 30_000 },
      },
      {
        test: {
          name: 'broker',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/faults/**'],
          globalSetup: ['test/global-setup.ts'],
          // One broker on a 2-core machine: test files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
