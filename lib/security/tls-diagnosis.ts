import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';

import type { TlsDiagnosisConfig } from './properties.js';

const PROBE_TIMEOUT_MS = 3_000;

/** `ssl://127.0.0.1:9093/bootstrap: SSL handshake failed: ...` → the address librdkafka connected to. */
const BROKER_ADDRESS = /^(?:sasl_)?ssl:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\//i;

/** librdkafka's hint on every verification failure; it blames the CA location even for a host-name mismatch. */
export const LIBRDKAFKA_VERIFY_HINT = /: broker certificate could not be verified, verify that ssl\.ca\.location[^(]*(\([^)]*\))?/;

export function brokerAddress(message: string): { host: string; port: number } | undefined {
  const match = BROKER_ADDRESS.exec(message);
  const host = match?.[1];
  if (match === null || host === undefined) return undefined;
  return { host: host.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

/**
 * Says why librdkafka could not verify a broker's certificate, by looking at it: a handshake of our
 * own, which verifies the chain against the same CA but not the host name, then a host-name check
 * like librdkafka's. Undefined when the broker cannot be reached or nothing more can be said.
 */
export function diagnoseCertificate(host: string, port: number, tls: TlsDiagnosisConfig): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    const done = (finding: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(finding);
    };
    const timer = setTimeout(() => done(undefined), PROBE_TIMEOUT_MS);
    timer.unref();
    socket.unref();
    socket.once('error', () => done(undefined));
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      if (!socket.authorized) {
        done(
          `the broker's certificate (${names(certificate)}, issued by ${certificate.issuer?.CN ?? 'an unnamed CA'}) is not signed by a CA the client trusts ` +
            `(${String(socket.authorizationError)}): give that CA as tls.ca`,
        );
      } else if (tls.checkHostname && checkServerIdentity(host, certificate) !== undefined) {
        done(
          `the broker's certificate is trusted but holds ${names(certificate)}, not ${host}, the address the client connected to ` +
            `(host-name verification, tls.checkHostname): connect by a name the certificate holds, or have it reissued for ${host}`,
        );
      } else {
        done(undefined);
      }
    });
  });
}

function names(certificate: PeerCertificate): string {
  const alt = certificate.subjectaltname;
  if (alt !== undefined && alt !== '') return `the names ${alt.replace(/IP Address:/g, 'IP:')}`;
  return `the common name ${certificate.subject?.CN ?? '(none)'}`;
}
