import type { Parameters } from 'fast-check';

/**
 * fast-check parameters for one property: `base` runs in CI, times FERROKAFKA_PROPERTY_RUNS for a
 * long run (e.g. FERROKAFKA_PROPERTY_RUNS=10). FERROKAFKA_PROPERTY_SEED replays a reported failure
 * (fast-check prints the seed and path of a counterexample).
 */
export function propertyParameters<T>(base: number): Parameters<T> {
  const factor = Number(process.env.FERROKAFKA_PROPERTY_RUNS ?? 1);
  const seed = process.env.FERROKAFKA_PROPERTY_SEED;
  return {
    numRuns: Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1))),
    ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
  };
}
