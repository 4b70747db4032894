import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { inspect } from 'node:util';

import { describe, expect, it, vi } from 'vitest';

import { KafkaError, Producer, type OAuthBearerToken, type ProducerConfig } from '../lib/index.js';
import { createUnsecuredJwt, startKafka } from '../lib/testing/index.js';
import { setUpSecuredCluster } from './helpers/secured-cluster.js';
import {
  createTopicOn,
  DELIVERY_TIMEOUT_MS,
  everythingReported,
  externalCluster,
  FAILURE_DEADLINE_MS,
  kafkajsClient,
  readValues,
  settle,
  type WatchedProducer,
} from './helpers/secured-kafka.js';

// OAUTHBEARER with tokens from the JS `oauthBearerProvider`, against a real broker of our own that
// validates unsecured JWTs (Kafka's dev/test validator: it checks the token's shape and times).
// librdkafka asks for a token through a refresh event; the producer calls the provider and hands the
// token over. A failure must surface as a KafkaError within the delivery timeout, never as a hang.

const HOUR_MS = 60 * 60 * 1000;
const SCRAM_USER = { username: 'bob', password: 'bob-secret' };
// With a session limit the broker ends a session when its token expires, so clients must log in again
// with a fresh token (KIP-368 re-authentication) or lose the connection. The 60 s limit itself does
// not matter within one test; short-lived tokens set the (shorter) session themselves.
const REAUTH_PROPERTY = 'listener.name.sasl_plaintext.oauthbearer.connections.max.reauth.ms';

/** The broker's INFO line for every token its validator accepted (see log4j-config.ts). */
const ACCEPTED_TOKEN = /Successfully validated token with principal (\S+): \{([^}]*)\}/;

/** A principal no other test uses, to find this test's tokens in the broker log. */
function uniqueSubject(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}`;
}

/** A provider that counts its calls. */
function countingProvider(make: () => OAuthBearerToken | Promise<OAuthBearerToken>): {
  provider: () => Promise<OAuthBearerToken>;
  calls: () => number;
} {
  let calls = 0;
  return {
    provider: async () => {
      calls += 1;
      return make();
    },
    calls: () => calls,
  };
}

/** `base64url(json)`, to build tokens by hand. */
function part(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

describe('createUnsecuredJwt', () => {
  it('makes base64url({"alg":"none"}).base64url(claims). with sub, iat and exp in whole seconds', () => {
    const token = createUnsecuredJwt({ subject: 'alice', issuedAtMs: 1_700_000_000_500, expiresAtMs: 1_700_003_600_900, claims: { scope: 'write' } });
    const [header, claims, signature, ...rest] = token.value.split('.');
    expect(rest).toEqual([]);
    expect(signature).toBe('');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'none' });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toEqual({
      scope: 'write',
      sub: 'alice',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    expect(token.expiresAtMs).toBe(1_700_003_600_000);
    expect(token.principal).toBe('alice');
  });

  it('lives an hour by default, and refuses an empty subject', () => {
    const before = Date.now();
    const token = createUnsecuredJwt({ subject: 'alice' });
    expect(token.expiresAtMs).toBeGreaterThan(before + HOUR_MS - 2_000);
    expect(token.expiresAtMs).toBeLessThanOrEqual(Date.now() + HOUR_MS);
    expect(() => createUnsecuredJwt({ subject: '' })).toThrow(/subject/);
  });
});

describe('startKafka({ security: { sasl: ["oauthbearer"] } }) checks its input', () => {
  it('refuses users without a password mechanism to log in with', async () => {
    await expect(startKafka({ security: { sasl: ['oauthbearer'], users: { alice: 'secret' } } })).rejects.toThrow(/password mechanism/);
  });
});

describe.skipIf(externalCluster)('OAUTHBEARER with the JS token provider against a real broker', () => {
  const brokerLog: string[] = [];
  const secured = setUpSecuredCluster({
    security: { tls: true, sasl: ['oauthbearer', 'scram-sha-256'], users: { [SCRAM_USER.username]: SCRAM_USER.password } },
    brokerProperties: { [REAUTH_PROPERTY]: '60000' },
    log: (line) => brokerLog.push(line),
  });
  const { producer } = secured;

  /** A producer on the SASL_PLAINTEXT listener that logs in with OAUTHBEARER tokens from `provider`. */
  function oauthProducer(provider: () => Promise<OAuthBearerToken> | OAuthBearerToken, config: Partial<ProducerConfig> = {}): WatchedProducer {
    return producer({
      bootstrapServers: secured.cluster.listeners.saslPlaintext!,
      sasl: { mechanism: 'oauthbearer', oauthBearerProvider: provider },
      ...config,
    });
  }

  /** The claims of every token of `subject` the broker accepted so far, in order. */
  function acceptedTokens(subject: string): string[] {
    return brokerLog.flatMap((line) => {
      const match = ACCEPTED_TOKEN.exec(line);
      return match !== null && match[1] === subject ? [match[2]!] : [];
    });
  }

  /** Sends one record that cannot be delivered, and checks it fails in time with a KafkaError. */
  async function expectSendToFail(target: WatchedProducer, topic: string): Promise<KafkaError> {
    const outcome = await settle(target.producer.send({ topic, value: 'never delivered' }));
    expect(outcome.value).toBeUndefined();
    expect(outcome.error).toBeInstanceOf(KafkaError);
    expect(outcome.elapsedMs).toBeLessThan(FAILURE_DEADLINE_MS);
    return outcome.error as KafkaError;
  }

  it('offers OAUTHBEARER on SASL_PLAINTEXT and SASL_SSL listeners on 127.0.0.1', () => {
    for (const address of [secured.cluster.listeners.saslPlaintext, secured.cluster.listeners.saslSsl]) {
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });

  it('delivers with a token from the provider, which the broker validates as its sub; KafkaJS reads it back with its own token', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const subject = uniqueSubject('alice');
    const { provider, calls } = countingProvider(() => ({ ...createUnsecuredJwt({ subject }), principal: 'alice', extensions: {} }));
    const target = oauthProducer(provider);
    const sent = await Promise.all(['oauth-1', 'oauth-2'].map((value) => target.producer.send({ topic, value })));
    expect(sent.map((meta) => meta.offset)).toEqual([0, 1]);
    expect(target.errors).toEqual([]);
    // librdkafka asks once per token lifetime (an hour here)
    expect(calls()).toBe(1);
    expect(acceptedTokens(subject)).not.toEqual([]);

    // an independent client, with a token of its own, on the same listener
    const readerSubject = uniqueSubject('reader');
    const reader = createUnsecuredJwt({ subject: readerSubject });
    const client = kafkajsClient(secured.cluster.listeners.saslPlaintext!, {
      sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: reader.value }) },
    });
    expect(await readValues(client, topic, 2)).toEqual(['oauth-1', 'oauth-2']);
    expect(acceptedTokens(readerSubject)).not.toEqual([]);
  });

  it('delivers over SASL_SSL too, and accepts a synchronous provider', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const subject = uniqueSubject('tls');
    const target = producer({
      bootstrapServers: secured.cluster.listeners.saslSsl!,
      tls: { ca: secured.caPem },
      sasl: { mechanism: 'oauthbearer', oauthBearerProvider: () => createUnsecuredJwt({ subject }) },
    });
    await expect(target.producer.send({ topic, value: 'over tls' })).resolves.toMatchObject({ topic, offset: 0 });
    expect(target.errors).toEqual([]);
    expect(acceptedTokens(subject)).not.toEqual([]);
  });

  it('keeps the password mechanisms working next to OAUTHBEARER', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const target = producer({ bootstrapServers: secured.cluster.listeners.saslPlaintext!, sasl: { mechanism: 'scram-sha-256', ...SCRAM_USER } });
    await expect(target.producer.send({ topic, value: 'scram' })).resolves.toMatchObject({ topic, offset: 0 });
    expect(target.errors).toEqual([]);
  });

  it('refreshes a short-lived token before it expires, and keeps delivering after the first one expired', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const subject = uniqueSubject('refresher');
    const started = Date.now();
    // librdkafka asks for the next token at 80 % of the lifetime it is told (4 s of 5 s here). The JWT
    // itself lives 10 s, so a connection that logged in just before a refresh still has ≥ 5 s, and the
    // broker's re-authentications stay well apart (it refuses two within a second).
    const { provider, calls } = countingProvider(() => ({
      ...createUnsecuredJwt({ subject, expiresAtMs: Date.now() + 10_000 }),
      expiresAtMs: Date.now() + 5_000,
    }));
    const target = oauthProducer(provider, { deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    const firstExpiry = started + 10_000;
    const offsets: number[] = [];
    // past the first JWT's expiry: the broker ends the session then, unless a refreshed token renewed it
    while (Date.now() < firstExpiry + 4_000) {
      offsets.push((await target.producer.send({ topic, value: `record-${offsets.length}` })).offset);
      await sleep(1_000);
    }
    expect(offsets).toEqual([...offsets.keys()]);
    expect(target.errors).toEqual([]);
    expect(calls()).toBeGreaterThanOrEqual(3);
    // the broker accepted more than the first token: the refreshed ones reached it
    expect(new Set(acceptedTokens(subject)).size, brokerLog.join('\n')).toBeGreaterThanOrEqual(2);
  });

  it('cuts off a connection whose token expired unrefreshed (which is what makes the test above mean something)', { timeout: 120_000 }, async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const stale = createUnsecuredJwt({ subject: uniqueSubject('stale'), expiresAtMs: Date.now() + 4_000 });
    // librdkafka is told the token lives an hour, so it never asks for another one
    const target = oauthProducer(() => ({ ...stale, expiresAtMs: Date.now() + HOUR_MS }), { deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    await expect(target.producer.send({ topic, value: 'while valid' })).resolves.toMatchObject({ offset: 0 });
    const invalidToken = (): boolean => target.errors.some((error) => error.type === 'AUTHENTICATION' && error.message.includes('invalid_token'));
    const deadline = Date.now() + 40_000;
    let failure: unknown;
    while ((failure === undefined || !invalidToken()) && Date.now() < deadline) {
      failure ??= (await settle(target.producer.send({ topic, value: 'after expiry?' }))).error;
      await sleep(500);
    }
    expect(failure).toBeInstanceOf(KafkaError);
    expect(invalidToken(), everythingReported(target)).toBe(true);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('identity provider unreachable'))],
    [
      'throws synchronously',
      () => {
        throw new Error('identity provider unreachable');
      },
    ],
  ] as const)('a provider that %s: the send fails in time with the provider’s reason, the producer stays closable', async (_, failing) => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const { provider, calls } = countingProvider(failing);
    const target = oauthProducer(provider, { deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    const failure = await expectSendToFail(target, topic);
    expect(calls()).toBeGreaterThanOrEqual(1);
    const reported = target.errors.find((error) => error.type === 'AUTHENTICATION');
    expect(reported, everythingReported(target)).toBeInstanceOf(KafkaError);
    expect(reported!.message).toBe('Failed to acquire SASL OAUTHBEARER token: identity provider unreachable');
    // the record's own rejection names the cause, not just "timed out"
    expect(failure.type).toBe('MSG_TIMED_OUT');
    expect(failure.message).toContain(
      'the last client error was AUTHENTICATION: Failed to acquire SASL OAUTHBEARER token: identity provider unreachable',
    );
    expect((failure.cause as KafkaError).type).toBe('AUTHENTICATION');
  });

  it('recovers when the provider fails once: librdkafka asks again (after 10 s) and the record is delivered', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const subject = uniqueSubject('retry');
    const { provider, calls } = countingProvider(() => {
      if (calls() === 1) throw new Error('first attempt fails');
      return createUnsecuredJwt({ subject });
    });
    const target = oauthProducer(provider, { deliveryTimeoutMs: 20_000 });
    await expect(target.producer.send({ topic, value: 'second token' })).resolves.toMatchObject({ offset: 0 });
    expect(calls()).toBe(2);
    expect(target.errors.map((error) => error.message)).toEqual(['Failed to acquire SASL OAUTHBEARER token: first attempt fails']);
    expect(acceptedTokens(subject)).not.toEqual([]);
  });

  // Tokens the broker's validator refuses; librdkafka is told a future expiry, so only the broker judges.
  const refused: Array<[string, () => string]> = [
    ['an expired JWT', () => createUnsecuredJwt({ subject: 'alice', issuedAtMs: Date.now() - 2 * HOUR_MS, expiresAtMs: Date.now() - HOUR_MS }).value],
    [
      'a JWT signed with HS256 (not an unsecured one)',
      () => `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'alice', exp: Date.now() / 1000 + 3600 })}.c2lnbmF0dXJl`,
    ],
    ['a JWT without exp', () => `${part({ alg: 'none' })}.${part({ sub: 'alice', iat: Math.floor(Date.now() / 1000) })}.`],
    ['no JWT at all', () => 'not-a-jwt'],
  ];
  it.each(refused)('%s: an authentication error, and the send fails in time', async (_, value) => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const { provider, calls } = countingProvider(() => ({ value: value(), expiresAtMs: Date.now() + HOUR_MS, principal: 'alice' }));
    const target = oauthProducer(provider, { deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
    const failure = await expectSendToFail(target, topic);
    expect(calls()).toBe(1);
    const authentication = target.errors.find((error) => error.type === 'AUTHENTICATION');
    expect(authentication, everythingReported(target)).toBeInstanceOf(KafkaError);
    expect(authentication!.message).toMatch(/SASL authentication error: \{"status":"invalid_token"\}/);
    expect(failure.message).toContain('the last client error was AUTHENTICATION');
    expect((failure.cause as KafkaError).type).toBe('AUTHENTICATION');
  });

  // A token librdkafka refuses (here: expiresAtMs already past, "Must supply an unexpired token") is
  // reported to it as a token failure, so it raises an authentication error and asks again later.
  it('a token librdkafka refuses (expiry already past) is reported like a provider failure', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const target = oauthProducer(() => ({ ...createUnsecuredJwt({ subject: 'alice' }), expiresAtMs: Date.now() - 1_000 }), {
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
    });
    const failure = await expectSendToFail(target, topic);
    const reported = target.errors.find((error) => error.type === 'AUTHENTICATION');
    expect(reported, everythingReported(target)).toBeInstanceOf(KafkaError);
    expect(reported!.message).toMatch(/unexpired token/);
    expect((failure.cause as KafkaError | undefined)?.type).toBe('AUTHENTICATION');
  });

  // librdkafka refuses a token or extension value with a byte outside %x21-7E locally, and its error
  // text repeats the whole value (cut at 512 bytes): those values are secrets as soon as they are handed over.
  const LONG_CLAIM = { padding: 'p'.repeat(600) };
  const badTokens: Array<[string, (jwt: string) => string, Record<string, unknown>]> = [
    ['a trailing non-breaking space', (jwt) => `${jwt}\u00a0`, {}],
    ['a byte-order mark from a token file', (jwt) => `\ufeff${jwt}`, {}],
    ['a trailing non-breaking space, the token longer than librdkafka quotes', (jwt) => `${jwt}\u00a0`, LONG_CLAIM],
  ];
  it.each(badTokens)(
    'a token librdkafka refuses locally (%s) never shows: not in events, the record’s error or its cause, logs or inspect',
    async (_, spoil, claims) => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const jwt = createUnsecuredJwt({ subject: uniqueSubject('spoilt'), claims }).value;
      const target = oauthProducer(() => ({ value: spoil(jwt), expiresAtMs: Date.now() + HOUR_MS, principal: 'alice' }), {
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      });
      const failure = await expectSendToFail(target, topic);
      const reported = target.errors.find((error) => error.type === 'AUTHENTICATION');
      expect(reported, everythingReported(target)).toBeInstanceOf(KafkaError);
      // librdkafka's reason is kept, the token in it is not
      expect(reported!.message).toMatch(/^Failed to acquire SASL OAUTHBEARER token: .*visible characters.*\[redacted\]/);
      expect((failure.cause as KafkaError).type).toBe('AUTHENTICATION');
      const visible = [everythingReported(target), String(failure), inspect(failure, { depth: 10 }), inspect(target.producer, { depth: 10 })].join(
        '\n',
      );
      for (const part of jwt.split('.').filter((p) => p.length > 0)) expect(visible.includes(part.slice(0, 40)), 'the token leaked').toBe(false);
    },
  );

  it('an extension value librdkafka refuses never shows either', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const extension = `extension-canary-${randomUUID()}\u00a0`;
    const target = oauthProducer(() => ({ ...createUnsecuredJwt({ subject: uniqueSubject('ext') }), extensions: { traceId: extension } }), {
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
    });
    const failure = await expectSendToFail(target, topic);
    const reported = target.errors.find((error) => error.type === 'AUTHENTICATION');
    expect(reported!.message, everythingReported(target)).toMatch(/extension values must only consist of .*\[redacted\]/);
    const visible = [everythingReported(target), String(failure), inspect(failure, { depth: 10 })].join('\n');
    expect(visible.includes('extension-canary'), 'the extension value leaked').toBe(false);
  });

  it('nor on stderr, where client errors go when nobody listens', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const jwt = createUnsecuredJwt({ subject: uniqueSubject('stderr') }).value;
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const unwatched = new Producer({
      bootstrapServers: secured.cluster.listeners.saslPlaintext!,
      tls: false,
      sasl: { mechanism: 'oauthbearer', oauthBearerProvider: () => ({ value: `${jwt}\u00a0`, expiresAtMs: Date.now() + HOUR_MS }) },
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
    });
    try {
      const outcome = await settle(unwatched.send({ topic, value: 'never delivered' }));
      expect(outcome.error).toBeInstanceOf(KafkaError);
    } finally {
      await unwatched.close({ timeoutMs: 5_000 });
      spy.mockRestore();
    }
    expect(written.join('')).toContain('Failed to acquire SASL OAUTHBEARER token');
    expect(written.join('').includes(jwt.split('.')[1]!.slice(0, 40)), 'the token leaked to stderr').toBe(false);
  });
});
