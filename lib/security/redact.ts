import { SECRET_KEYS } from '../config/schema.js';

const MASK = '[redacted]';
/**
 * Shortest run of a secret that is scrubbed on its own. librdkafka quotes parts of secrets: it cuts
 * its messages at 512 bytes (a long token is echoed up to there) and quotes the unparsed tail of
 * `sasl.oauthbearer.config`. Shorter secrets are scrubbed whole only.
 */
const MIN_PART = 10;

/**
 * Removes secrets from text that librdkafka (or a token provider) produced: each secret whole, every
 * run of MIN_PART or more characters of one, and whatever follows a secret property's name
 * (`sasl.password=...`), configured or not.
 */
export class SecretScrubber {
  readonly #whole: string[];
  readonly #parts = new Set<string>();

  constructor(secrets: Iterable<string>) {
    // longest first, so a secret that holds another one goes whole
    this.#whole = [...new Set([...secrets].filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    for (const secret of this.#whole) {
      for (let i = 0; i + MIN_PART <= secret.length; i++) this.#parts.add(secret.slice(i, i + MIN_PART));
    }
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#whole) if (out.includes(secret)) out = out.split(secret).join(MASK);
    // neighbouring pieces of one secret read as one mask
    return scrubSecretProperties(this.#scrubParts(out)).replace(/(?:\[redacted\])+/g, MASK);
  }

  #scrubParts(text: string): string {
    if (this.#parts.size === 0 || text.length < MIN_PART) return text;
    let out = '';
    let copiedTo = 0;
    let maskedTo = -1;
    for (let i = 0; i + MIN_PART <= text.length; i++) {
      if (!this.#parts.has(text.slice(i, i + MIN_PART))) continue;
      if (i > maskedTo) {
        out += text.slice(copiedTo, i) + MASK;
      }
      maskedTo = i + MIN_PART;
      copiedTo = maskedTo;
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }
}

const SECRET_PROPERTY = new RegExp(
  `(${[...SECRET_KEYS].map((key) => key.replace(/[.]/g, '\\.')).join('|')})(["'\`]?\\s*[=:]\\s*)("[^"\\n]*"|'[^'\\n]*'|[^\\n]+)`,
  'g',
);

/** `sasl.password = hunter2` → `sasl.password = [redacted]`, for any secret property, known value or not. */
function scrubSecretProperties(text: string): string {
  return text.includes('.') ? text.replace(SECRET_PROPERTY, (_, key: string, separator: string) => `${key}${separator}${MASK}`) : text;
}

/**
 * The secrets a secret property's value holds: the value, and for the `key=value` lists
 * (`sasl.oauthbearer.config`, `sasl.oauthbearer.extensions`) each value on its own, since librdkafka
 * may quote one without the rest.
 */
export function secretsOf(key: string, value: string): string[] {
  if (value.length === 0) return [];
  const config = key === 'sasl.oauthbearer.config';
  if (!config && key !== 'sasl.oauthbearer.extensions') return [value];
  const values = value
    .split(config ? /\s+/ : ',')
    .map((pair) => pair.split('='))
    // in sasl.oauthbearer.config only the extensions are secret (principal, scope and times are not)
    .filter(([name, ...rest]) => rest.length > 0 && (!config || name?.startsWith('extension_') === true))
    .map(([, ...rest]) => rest.join('='))
    .filter((part) => part.length >= MIN_VALUE);
  return [value, ...values];
}

/** Shorter values of a key=value list are not scrubbed on their own (they would mask every "1"). */
const MIN_VALUE = 4;

const scrubbers = new WeakMap<readonly string[], SecretScrubber>();

/** Removes configured secrets (passwords, keys, tokens) from text that librdkafka produced. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let scrubber = scrubbers.get(secrets);
  if (scrubber === undefined) {
    scrubber = new SecretScrubber(secrets);
    scrubbers.set(secrets, scrubber);
  }
  return scrubber.scrub(text);
}
