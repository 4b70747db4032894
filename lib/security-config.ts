import type { SaslConfig, TlsConfig } from './config.js';
import { describe } from './describe-value.js';
import { KafkaConfigError } from './errors.js';

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
  if (tls.keyPassword !== undefined) out.push(['ssl.key.password', String(tls.keyPassword)]);
  // Without an explicit CA, find the system's trust store (the vendored OpenSSL has no default path).
  if (tls.ca === undefined) out.push(['ssl.ca.location', 'probe']);
  if (tls.rejectUnauthorized === false) out.push(['enable.ssl.certificate.verification', 'false']);
  if (tls.checkHostname === false) out.push(['ssl.endpoint.identification.algorithm', 'none']);
  return out;
}

function saslProperties(sasl: SaslConfig): Array<[string, string]> {
  const mechanism = SASL_MECHANISMS[sasl.mechanism];
  if (mechanism === undefined) {
    throw new KafkaConfigError(
      `sasl.mechanism (librdkafka \`sasl.mechanism\`) must be one of ${Object.keys(SASL_MECHANISMS).map((m) => `'${m}'`).join(', ')}; got ${describe(sasl.mechanism)}`,
    );
  }
  const out: Array<[string, string]> = [['sasl.mechanism', mechanism]];
  if (sasl.mechanism !== 'oauthbearer') {
    if (typeof sasl.username !== 'string' || typeof sasl.password !== 'string') {
      throw new KafkaConfigError(`sasl.username and sasl.password (librdkafka \`sasl.username\`, \`sasl.password\`) must be strings for ${mechanism}`);
    }
    out.push(['sasl.username', sasl.username], ['sasl.password', sasl.password]);
  } else if ('oidc' in sasl) {
    const oidc = sasl.oidc;
    out.push(
      ['sasl.oauthbearer.method', 'oidc'],
      ['sasl.oauthbearer.token.endpoint.url', oidc.tokenEndpointUrl],
      ['sasl.oauthbearer.client.id', oidc.clientId],
      ['sasl.oauthbearer.client.secret', oidc.clientSecret],
    );
    if (oidc.scope !== undefined) out.push(['sasl.oauthbearer.scope', oidc.scope]);
    if (oidc.extensions !== undefined) out.push(['sasl.oauthbearer.extensions', oidc.extensions]);
  } else if (!('oauthBearerProvider' in sasl) || typeof sasl.oauthBearerProvider !== 'function') {
    throw new KafkaConfigError(
      `sasl.mechanism ${mechanism} needs username and password${mechanism === 'OAUTHBEARER' ? ', an oauthBearerProvider function or oidc settings' : ''}`,
    );
  }
  return out;
}
