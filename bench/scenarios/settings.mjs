// @ts-check
// The producer settings every client gets in every run (each adapter maps them to its own option names).
export const COMMON_SETTINGS = Object.freeze({
  acks: 'all',
  idempotence: true,
  lingerMs: 5,
  compression: 'none',
});

/** Partitions of the fresh topic created for each run. */
export const PARTITIONS = 3;

/**
 * Un-acked messages a throughput run keeps outstanding at most (the backpressure bound; it starts
 * at 1,000 and grows with acknowledgements, see runner/loads/window-load.mjs). 10,000 measurably
 * capped raw librdkafka here; 50,000 stays below librdkafka's 100,000-message queue.
 */
export const THROUGHPUT_WINDOW = 50_000;
