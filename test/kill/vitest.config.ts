import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// `npm run test:kill`: only the three-broker kill test, without the suite's shared broker.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/kill/three-broker-kill.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
  },
});
