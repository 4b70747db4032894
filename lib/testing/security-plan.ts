import type { KafkaSaslMechanism, KafkaSecurityOptions } from './kafka-cluster.js';

/** The extra client listeners; each is named after its security protocol. */
export type SecuredListenerName = 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/** Kafka's own mechanism names, as in `sasl.enabled.mechanisms`. */
export type KafkaMechanismName = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER';

/** What `security` asks for, checked and spelled the way the broker wants it. */
export interface SecurityPlan {
  /** extra client listeners, in this order on every node; empty without `security` */
  listenerNames: SecuredListenerName[];
  mechanisms: KafkaMechanismName[];
  users: Array<[name: string, password: string]>;
  /** the broker certificate's names, e.g. "DNS:localhost"; undefined without TLS */
  subjectAltNames: string[] | undefined;
}

const MECHANISMS: Readonly<Record<KafkaSaslMechanism, KafkaMechanismName>> = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
  oauthbearer: 'OAUTHBEARER',
};
const DEFAULT_SUBJECT_ALT_NAMES = ['DNS:localhost', 'IP:127.0.0.1'];
// Kept to characters that need no quoting in a JAAS option key (user_<name>) or value ("..."),
// in StorageTool's --add-scram syntax, or in a SCRAM user name (where ',' and '=' are escaped).
const USER_NAME = /^[A-Za-z0-9_-]+$/;
const PASSWORD = /^[A-Za-z0-9._~!@#%^*+-]+$/;
const SUBJECT_ALT_NAME = /^(DNS|IP):[A-Za-z0-9.:*-]+$/;

export function planSecurity(security: KafkaSecurityOptions | undefined): SecurityPlan {
  const tls = security?.tls ?? false;
  const mechanisms = [...new Set(security?.sasl ?? [])].map((mechanism) => {
    const name = MECHANISMS[mechanism];
    if (name === undefined) {
      throw new Error(`security.sasl: unknown mechanism ${JSON.stringify(mechanism)}; use ${Object.keys(MECHANISMS).join(', ')}`);
    }
    return name;
  });
  const users = Object.entries(security?.users ?? {});
  if (users.length > 0 && !mechanisms.some((mechanism) => mechanism !== 'OAUTHBEARER')) {
    throw new Error(
      'security.users needs security.sasl with a password mechanism (plain, scram-sha-256, scram-sha-512) to log in with; OAUTHBEARER has no users',
    );
  }
  for (const [name, password] of users) {
    if (!USER_NAME.test(name)) throw new Error(`security.users: user name ${JSON.stringify(name)} may only hold letters, digits, '_' and '-'`);
    if (typeof password !== 'string' || !PASSWORD.test(password)) {
      throw new Error(`security.users: the password of ${name} may only hold letters, digits and . ~ ! @ # % ^ * + - (and not be empty)`);
    }
  }
  const subjectAltNames = tls === false ? undefined : [...((tls === true ? undefined : tls.subjectAltNames) ?? DEFAULT_SUBJECT_ALT_NAMES)];
  for (const name of subjectAltNames ?? []) {
    if (!SUBJECT_ALT_NAME.test(name))
      throw new Error(`security.tls.subjectAltNames: ${JSON.stringify(name)} is not like "DNS:localhost" or "IP:127.0.0.1"`);
  }
  if (subjectAltNames?.length === 0) throw new Error('security.tls.subjectAltNames must name at least one host');
  const listenerNames: SecuredListenerName[] = [];
  if (subjectAltNames !== undefined) listenerNames.push('SSL');
  if (mechanisms.length > 0) listenerNames.push('SASL_PLAINTEXT');
  if (subjectAltNames !== undefined && mechanisms.length > 0) listenerNames.push('SASL_SSL');
  return { listenerNames, mechanisms, users, subjectAltNames };
}

/** True when `security` asks for anything beyond the plain broker. */
export function wantsSecurity(security: KafkaSecurityOptions | undefined): boolean {
  return planSecurity(security).listenerNames.length > 0;
}
