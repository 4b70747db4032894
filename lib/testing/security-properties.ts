import type { KafkaMechanismName, SecurityPlan } from './security-plan.js';
import type { TlsCertificates } from './tls-certificates.js';

const JAAS_LOGIN_MODULES: Readonly<Record<KafkaMechanismName, string>> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/**
 * server.properties entries for the TLS and SASL listeners of `plan` (the listeners themselves are
 * in kraft-properties.ts). TLS uses an inline PEM key store (unencrypted key, so no password), which
 * serves both SSL and SASL_SSL; clients are not asked for certificates. PLAIN users are listed in its
 * JAAS config; SCRAM users live in the cluster metadata (see scramFormatArguments).
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
        const users = mechanism === 'PLAIN' ? plan.users.map(([name, password]) => ` user_${name}="${password}"`).join('') : '';
        properties[`listener.name.${listener.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`] =
          `${JAAS_LOGIN_MODULES[mechanism]} required${users};`;
      }
    }
  }
  return properties;
}

/** `kafka-storage format` arguments that create the SCRAM credentials of every user. */
export function scramFormatArguments(plan: SecurityPlan): string[] {
  return plan.mechanisms
    .filter((mechanism) => mechanism !== 'PLAIN')
    .flatMap((mechanism) => plan.users.flatMap(([name, password]) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]));
}
