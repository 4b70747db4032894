import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { ensureKafkaJars } from '../../lib/testing/index.js';
import { bootstrapServers } from './kafka.js';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./VerifyConsumer.java', import.meta.url));

export interface JavaRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

/**
 * Reads a topic from the beginning with the official Java consumer (a client independent
 * of librdkafka that understands every codec and read_committed).
 */
export async function consumeWithJava(
  topic: string,
  expected: number,
  options: { isolation?: 'read_committed' | 'read_uncommitted'; timeoutMs?: number } = {},
): Promise<JavaRecord[]> {
  const jars = await ensureKafkaJars();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const { stdout } = await run(
    'java',
    ['-cp', jars.classpath, SOURCE, bootstrapServers(), topic, String(expected), options.isolation ?? 'read_uncommitted', String(timeoutMs)],
    { maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs + 60_000 },
  );
  const bytes = (text: string | null): Buffer | null => (text === null ? null : Buffer.from(text, 'base64'));
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const raw = JSON.parse(line) as Omit<JavaRecord, 'key' | 'value' | 'headers'> & {
        key: string | null;
        value: string | null;
        headers: Array<[string, string | null]>;
      };
      return {
        ...raw,
        key: bytes(raw.key),
        value: bytes(raw.value),
        headers: raw.headers.map(([k, v]) => [Buffer.from(k, 'base64').toString('utf8'), bytes(v)]),
      };
    });
}
