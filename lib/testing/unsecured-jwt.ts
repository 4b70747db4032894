/**
 * An unsecured JWT, with what an OAUTHBEARER client presents along with it. The fields match the
 * token an `oauthBearerProvider` returns, so `() => createUnsecuredJwt({ subject: 'alice' })` is one.
 */
export interface UnsecuredJwt {
  /** the compact serialization `base64url(header).base64url(claims).`: the signature is empty */
  value: string;
  /** the `exp` claim, in ms since the epoch (a whole second) */
  expiresAtMs: number;
  /** the `sub` claim, which the broker takes as the principal */
  principal: string;
}

/** Options of `createUnsecuredJwt()`. */
export interface UnsecuredJwtOptions {
  /** the principal: the `sub` claim */
  subject: string;
  /** the `iat` claim, in ms since the epoch (rounded down to a second); default now */
  issuedAtMs?: number;
  /** the `exp` claim, in ms since the epoch (rounded down to a second); default an hour after `issuedAtMs` */
  expiresAtMs?: number;
  /** more claims, e.g. `scope`; `sub`, `iat` and `exp` are always the ones above */
  claims?: Readonly<Record<string, unknown>>;
}

const HEADER = { alg: 'none' };
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Makes a JWT with algorithm "none" (RFC 7519 §6), which the OAUTHBEARER listener of
 * `startKafka({ security: { sasl: ['oauthbearer'] } })` accepts until it expires. Tests only:
 * anyone can make one, that is the point.
 */
export function createUnsecuredJwt(options: UnsecuredJwtOptions): UnsecuredJwt {
  const { subject } = options;
  if (typeof subject !== 'string' || subject === '') throw new Error('createUnsecuredJwt: subject must be a non-empty string');
  const issuedAtSeconds = wholeSeconds('issuedAtMs', options.issuedAtMs ?? Date.now());
  const expiresAtSeconds = wholeSeconds('expiresAtMs', options.expiresAtMs ?? issuedAtSeconds * 1000 + DEFAULT_LIFETIME_MS);
  const claims = { ...options.claims, sub: subject, iat: issuedAtSeconds, exp: expiresAtSeconds };
  return { value: `${base64url(HEADER)}.${base64url(claims)}.`, expiresAtMs: expiresAtSeconds * 1000, principal: subject };
}

/** A JWT NumericDate: whole seconds since the epoch. */
function wholeSeconds(option: string, ms: number): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error(`createUnsecuredJwt: ${option} must be a finite number of ms since the epoch`);
  return Math.floor(ms / 1000);
}

function base64url(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}
