import { closestName } from '../config/suggestion.js';
import { KafkaArgumentError } from '../errors/kafka-errors.js';
import { describe } from '../errors/describe-value.js';

/**
 * `options` as an object of the given fields, or a KafkaArgumentError naming what is wrong: not an
 * object, or a field it does not have (with a "did you mean"), so a misspelt option is not
 * silently left at its default.
 */
export function checkOptions<T extends object>(what: string, options: T | undefined, fields: readonly string[]): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new KafkaArgumentError(`${what} must be an object, not ${describe(options)}`);
  }
  for (const field of Object.keys(options)) {
    if (fields.includes(field)) continue;
    const hint = closestName(field, fields);
    throw new KafkaArgumentError(
      `unknown field '${field}' in ${what}${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; known fields: ${fields.join(', ')}`,
    );
  }
  return options;
}
