import { KafkaError } from '../../lib/index.js';

/** The KafkaError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<KafkaError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (error instanceof KafkaError) return error;
    throw new Error(`expected a KafkaError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a rejection, but it resolved with ${JSON.stringify(outcome)}`);
}
