import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastLines, runCommand } from './run-command.js';

const VALIDITY_DAYS = '30';
const OUTPUT_TAIL_LINES = 20;

/** A CA made for one test cluster and the brokers' certificate it signed, all PEM. */
export interface TlsCertificates {
  caPem: string;
  /** the broker certificate followed by the CA */
  certificateChainPem: string;
  /** the broker's unencrypted PKCS#8 private key */
  privateKeyPem: string;
}

/**
 * Makes a fresh CA and a broker certificate for `subjectAltNames` with the `openssl` CLI, in `dir`.
 * Own config files are used, so the system's openssl.cnf does not matter.
 */
export async function createTlsCertificates(dir: string, subjectAltNames: readonly string[], timeoutMs: number): Promise<TlsCertificates> {
  await mkdir(dir, { recursive: true });
  const path = (name: string): string => join(dir, name);
  const tag = randomBytes(4).toString('hex');
  await writeFile(path('ca.cnf'), caConfig(`ferrokafka test CA ${tag}`));
  await writeFile(path('broker.cnf'), brokerConfig(subjectAltNames));
  const openssl = (...args: string[]): Promise<void> => runOpenssl(args, dir, timeoutMs);
  await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path('ca.key'));
  await openssl('req', '-x509', '-new', '-config', path('ca.cnf'), '-key', path('ca.key'), '-sha256', '-days', VALIDITY_DAYS, '-out', path('ca.pem'));
  await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path('broker.key'));
  await openssl('req', '-new', '-config', path('broker.cnf'), '-key', path('broker.key'), '-out', path('broker.csr'));
  await openssl(
    'x509',
    '-req',
    '-in',
    path('broker.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-sha256',
    '-days',
    VALIDITY_DAYS,
    '-extfile',
    path('broker.cnf'),
    '-extensions',
    'broker_ext',
    '-out',
    path('broker.pem'),
  );
  const [caPem, brokerPem, privateKeyPem] = await Promise.all([
    readFile(path('ca.pem'), 'utf8'),
    readFile(path('broker.pem'), 'utf8'),
    readFile(path('broker.key'), 'utf8'),
  ]);
  return { caPem, certificateChainPem: `${brokerPem.trimEnd()}\n${caPem}`, privateKeyPem };
}

function caConfig(commonName: string): string {
  return [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    'x509_extensions = ca_ext',
    '[dn]',
    `CN = ${commonName}`,
    '[ca_ext]',
    'basicConstraints = critical, CA:TRUE',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    '',
  ].join('\n');
}

function brokerConfig(subjectAltNames: readonly string[]): string {
  return [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    '[dn]',
    'CN = localhost',
    '[broker_ext]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    `subjectAltName = ${subjectAltNames.join(', ')}`,
    '',
  ].join('\n');
}

async function runOpenssl(args: readonly string[], cwd: string, timeoutMs: number): Promise<void> {
  const result = await runCommand('openssl', args, { cwd, timeoutMs }).catch((error: unknown) => {
    throw new Error(`the openssl command is needed for a TLS listener (e.g. apt-get install openssl): ${(error as Error).message}`, { cause: error });
  });
  if (result.exitCode !== 0) {
    throw new Error(`openssl ${args[0]} failed (exit ${result.exitCode ?? result.signal}):\n${lastLines(result.output, OUTPUT_TAIL_LINES)}`);
  }
}
