import { defineConfig } from 'vitest/config';

// Mutation testing runs the unit tests only: they need no broker and take seconds, so each mutant
// can be tried against them. (Broker tests are too slow to run once per mutant.)
export default defineConfig({
  test: { include: ['test/unit/**/*.test.ts'] },
});
