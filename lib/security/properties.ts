import type { SaslConfig, TlsConfig } from '../config/options.js';
import { describe } from '../errors/describe-value.js';
import { KafkaConfigError } from '../errors/kafka-errors.js';

const SASL_MECHANISMS = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
  oauthbearer: 'OAUTHBEARER',
} as const;

/** librdkafka properties for TLS and SASL. Verification stays on unless turned off explicitly. */
export function securityProperties(tls: boolean | TlsConfig | undefined, sasl: SaslConfig | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const useTls = tls !== undefined && tls !== false;
  if (tls !== undefined && typeof tls !== 'boolean' && (tls === null || typeof tls !== 'object')) {
    throw new KafkaConfigError(`tls must be true, false or an options object; got ${describe(tls)}`);
  }
  if (sasl !== undefined && (sasl === null || typeof sasl !== 'object')) {
    throw new KafkaConfigError(`sasl must be an object such as { mechanism: 'plain', username, password }; got ${describe(sasl)}`);
  }
  const protocol = useTls ? (sasl ? 'SASL_SSL' : 'SSL') : sasl ? 'SASL_PLAINTEXT' : undefined;
  if (protocol !== undefined) out.push(['security.protocol', protocol]);
  if (useTls) out.push(...tlsProperties(tls === true ? {} : tls));
  if (sasl !== undefined) out.push(...saslProperties(sasl));
  return out;
}

function tlsProperties(tls: TlsConfig): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const pem = (option: keyof TlsConfig, key: string): void => {
    const value = tls[option];
    if (value === undefined) return;
    if (typeof value !== 'string' && !Buffer.isBuffer(value)) {
      throw new KafkaConfigError(`tls.${option} (librdkafka \`${key}\`) must be a PEM string or Buffer; got ${describe(value)}`);
    }
    out.push([key, value.toString()]);
  };
  pem('ca', 'ssl.ca.pem');
  pem('cert', 'ssl.certificate.pem');
  pem('key', 'ssl.key.pem');
  if (tls.keyPassword !== undefined) {
    // A secret's value is never described, not even its shape.
    if (typeof tls.keyPassword !== 'string') throw new KafkaConfigError('tls.keyPassword (librdkafka `ssl.key.password`) must be a string');
    out.push(['ssl.key.password', tls.keyPassword]);
  }
  // Without an explicit CA, find the system's trust store (the vendored OpenSSL has no default path).
  if (tls.ca === undefined) out.push(['ssl.ca.location', 'probe']);
  // Written even when left at their defaults, so nothing else (an escape-hatch key or alias) can turn
  // verification off without the typed layer seeing a contradiction.
  out.push(['enable.ssl.certificate.verification', String(verifyFlag(tls, 'rejectUnauthorized'))]);
  out.push(['ssl.endpoint.identification.algorithm', verifyFlag(tls, 'checkHostname') ? 'https' : 'none']);
  return out;
}

function verifyFlag(tls: TlsConfig, option: 'rejectUnauthorized' | 'checkHostname'): boolean {
  const value = tls[option];
  if (value !== undefined && typeof value !== 'boolean') {
    const key = option === 'rejectUnauthorized' ? 'enable.ssl.certificate.verification' : 'ssl.endpoint.identification.algorithm';
    throw new KafkaConfigError(`tls.${option} (librdkafka \`${key}\`) must be true or false; got ${describe(value)}`);
  }
  return value !== false;
}

/**
 * A warning when credentials that an eavesdropper could reuse (a PLAIN password, an OAUTHBEARER
 * token) would cross the network unencrypted because TLS was not asked for. `tls: false` says
 * that this is intended (a local test broker, say) and silences it.
 */
export function plaintextCredentialsWarning(tls: boolean | TlsConfig | undefined, sasl: SaslConfig | undefined): string | undefined {
  if (tls !== undefined || sasl === undefined) return undefined;
  const what =
    sasl.mechanism === 'plain'
      ? 'sasl PLAIN sends the password in clear text'
      : sasl.mechanism === 'oauthbearer'
        ? 'sasl OAUTHBEARER sends its token in clear text'
        : undefined;
  if (what === undefined) return undefined;
  return (
    `${what}: the connection has no TLS (librdkafka \`security.protocol\` SASL_PLAINTEXT), so anyone on the network path can read it. ` +
    'Set tls: true (or TLS options) to encrypt it, or tls: false to say plain text is intended (e.g. a local test broker).'
  );
}

/** What ClientEvents needs to explain a failed certificate verification (see tls-diagnosis.ts). */
export interface TlsDiagnosisConfig {
  /** The trusted CA(s), PEM; undefined for the system trust store. */
  ca: string | undefined;
  /** False when an escape-hatch `ssl.ca.location` replaced the trust store: the diagnosis cannot use it. */
  caKnown: boolean;
  checkHostname: boolean;
  rejectUnauthorized: boolean;
}

/** Undefined without TLS. `caLocation` is the `ssl.ca.location` finally written ('probe' is ours). */
export function tlsDiagnosis(tls: boolean | TlsConfig | undefined, caLocation: string | undefined): TlsDiagnosisConfig | undefined {
  if (tls === undefined || tls === false) return undefined;
  const options = tls === true ? {} : tls;
  return {
    caKnown: options.ca !== undefined || caLocation === 'probe',
    ca: options.ca === undefined ? undefined : options.ca.toString(),
    checkHostname: options.checkHostname !== false,
    rejectUnauthorized: options.rejectUnauthorized !== false,
  };
}

/** The OIDC client-credentials settings, each checked: the native layer takes strings only. */
function oidcProperties(oidc: unknown): Array<[string, string]> {
  if (oidc === null || typeof oidc !== 'object') {
    throw new KafkaConfigError(
      `sasl.oidc must be an object { tokenEndpointUrl, clientId, clientSecret, scope?, extensions? }; got ${describe(oidc)}`,
    );
  }
  const settings = oidc as Record<string, unknown>;
  const out: Array<[string, string]> = [['sasl.oauthbearer.method', 'oidc']];
  const fields: Array<[field: string, key: string, required: boolean, secret: boolean]> = [
    ['tokenEndpointUrl', 'sasl.oauthbearer.token.endpoint.url', true, false],
    ['clientId', 'sasl.oauthbearer.client.id', true, false],
    ['clientSecret', 'sasl.oauthbearer.client.secret', true, true],
    ['scope', 'sasl.oauthbearer.scope', false, false],
    ['extensions', 'sasl.oauthbearer.extensions', false, true],
  ];
  for (const [field, key, required, secret] of fields) {
    const value = settings[field];
    if (value === undefined && !required) continue;
    if (typeof value !== 'string' || value === '') {
      // A secret's value is never described, not even its shape.
      const got = secret ? '' : `; got ${describe(value)}`;
      throw new KafkaConfigError(`sasl.oidc.${field} (librdkafka \`${key}\`) must be a non-empty string${got}`);
    }
    out.push([key, value]);
  }
  return out;
}

/**
 * The typed option that owns an escape-hatch key in this configuration, if any: with `tls.ca`
 * the trusted CAs are pinned (no `ssl.ca.location` may add others), with `tls.cert`/`tls.key` the
 * client identity is given (no second one by file), and with `sasl` every SASL setting comes from it
 * (no `sasl.oauthbearer.config` or unsecured-JWT switch may stand in for the token provider).
 */
export function securityOwner(key: string, tls: boolean | TlsConfig | undefined, sasl: SaslConfig | undefined): string | undefined {
  const options = typeof tls === 'object' && tls !== null ? tls : undefined;
  if (options?.ca !== undefined && (key === 'ssl.ca.location' || key === 'ssl.ca.certificate.stores')) return 'tls.ca';
  if (options?.cert !== undefined && (key === 'ssl.certificate.location' || key.startsWith('ssl.keystore.'))) return 'tls.cert';
  if (options?.key !== undefined && (key === 'ssl.key.location' || key.startsWith('ssl.keystore.'))) return 'tls.key';
  if (sasl !== undefined && (key.startsWith('sasl.') || key.startsWith('enable.sasl.'))) return 'sasl';
  return undefined;
}

function saslProperties(sasl: SaslConfig): Array<[string, string]> {
  // own entries only: a mechanism named 'constructor' must not find Object.prototype's
  const mechanism = Object.hasOwn(SASL_MECHANISMS, sasl.mechanism) ? SASL_MECHANISMS[sasl.mechanism] : undefined;
  if (mechanism === undefined) {
    const unsupported = String(sasl.mechanism) === 'aws' ? " (KafkaJS's 'aws' mechanism (AWS IAM) is not supported)" : '';
    throw new KafkaConfigError(
      `sasl.mechanism (librdkafka \`sasl.mechanism\`) must be one of ${Object.keys(SASL_MECHANISMS)
        .map((m) => `'${m}'`)
        .join(', ')}; got ${describe(sasl.mechanism)}${unsupported}`,
    );
  }
  const out: Array<[string, string]> = [['sasl.mechanism', mechanism]];
  if (sasl.mechanism !== 'oauthbearer') {
    if (typeof sasl.username !== 'string' || typeof sasl.password !== 'string') {
      throw new KafkaConfigError(
        `sasl.username and sasl.password (librdkafka \`sasl.username\`, \`sasl.password\`) must be strings for ${mechanism}`,
      );
    }
    out.push(['sasl.username', sasl.username], ['sasl.password', sasl.password]);
  } else if ('oidc' in sasl) {
    out.push(...oidcProperties(sasl.oidc));
  } else if (!('oauthBearerProvider' in sasl) || typeof sasl.oauthBearerProvider !== 'function') {
    throw new KafkaConfigError(
      `sasl.mechanism ${mechanism} needs username and password${mechanism === 'OAUTHBEARER' ? ', an oauthBearerProvider function or oidc settings' : ''}`,
    );
  }
  return out;
}
