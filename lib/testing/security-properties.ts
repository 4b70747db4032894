import type { KafkaMechanismName, SecurityPlan } from './security-plan.js';
import type { TlsCertificates } from './tls-certificates.js';

const JAAS_LOGIN_MODULES: Readonly<Record<KafkaMechanismName, string>> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  OAUTHBEARER: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule',
};
// Kafka's dev/test validator of unsecured JWTs (alg "none"): it checks the claims' shape and times, not
// who issued the token. It is already Kafka's default for OAUTHBEARER; named so a change of default
// cannot silently swap in a validator that wants a JWKS endpoint.
const UNSECURED_VALIDATOR = 'org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler';
// The broker logs in with a token of its own too (made by the default unsecured login callback handler),
// although with PLAINTEXT as the inter-broker listener it never presents it.
const BROKER_TOKEN_SUBJECT = 'admin';

/**
 * server.properties entries for the TLS and SASL listeners of `plan` (the listeners themselves are
 * in kraft-properties.ts). TLS uses an inline PEM key store (unencrypted key, so no password), which
 * serves both SSL and SASL_SSL; clients are not asked for certificates. PLAIN users are listed in its
 * JAAS config; SCRAM users live in the cluster metadata (see scramFormatArguments); OAUTHBEARER takes
 * any unexpired unsecured JWT (see unsecured-jwt.ts).
 */
export function securityProperties(plan: SecurityPlan, certificates: TlsCertificates | undefined): Record<string, string> {
  const properties: Record<string, string> = {};
  if (plan.subjectAltNames !== undefined) {
    if (certificates === undefined) throw new Error('a TLS listener needs its certificates');
    properties['ssl.keystore.type'] = 'PEM';
    properties['ssl.keystore.certificate.chain'] = certificates.certificateChainPem;
    properties['ssl.keystore.key'] = certificates.privateKeyPem;
    properties['ssl.client.auth'] = 'none';
  }
  if (plan.mechanisms.length > 0) {
    properties['sasl.enabled.mechanisms'] = plan.mechanisms.join(',');
    for (const listener of plan.listenerNames.filter((name) => name.startsWith('SASL_'))) {
      for (const mechanism of plan.mechanisms) {
        const prefix = `listener.name.${listener.toLowerCase()}.${mechanism.toLowerCase()}`;
        properties[`${prefix}.sasl.jaas.config`] = `${JAAS_LOGIN_MODULES[mechanism]} required${jaasOptions(plan, mechanism)};`;
        if (mechanism === 'OAUTHBEARER') properties[`${prefix}.sasl.server.callback.handler.class`] = UNSECURED_VALIDATOR;
      }
    }
  }
  return properties;
}

/** The options of `mechanism`'s JAAS config on a listener, each with a leading space. */
function jaasOptions(plan: SecurityPlan, mechanism: KafkaMechanismName): string {
  if (mechanism === 'PLAIN') return plan.users.map(([name, password]) => ` user_${name}="${password}"`).join('');
  if (mechanism === 'OAUTHBEARER') return ` unsecuredLoginStringClaim_sub="${BROKER_TOKEN_SUBJECT}"`;
  return '';
}

/** `kafka-storage format` arguments that create the SCRAM credentials of every user. */
export function scramFormatArguments(plan: SecurityPlan): string[] {
  return plan.mechanisms
    .filter((mechanism) => mechanism.startsWith('SCRAM-'))
    .flatMap((mechanism) => plan.users.flatMap(([name, password]) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]));
}
