import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Kafka as RealKafka, logLevel as realLogLevel } from 'kafkajs';

import { Kafka, logLevel } from '../../lib/kafkajs/index.js';
import { bootstrapServers } from '../helpers/kafka.js';

/** A ferrokafka/kafkajs client of the test broker, silent unless a logCreator is given. */
export function ferroKafka(extra: Partial<ConstructorParameters<typeof Kafka>[0]> = {}): Kafka {
  return new Kafka({ clientId: 'kafkajs-compat-tests', brokers: bootstrapServers().split(','), logLevel: logLevel.NOTHING, ...extra });
}

/** The real kafkajs client of the test broker. */
export function realKafka(): RealKafka {
  return new RealKafka({ clientId: 'kafkajs-compat-tests', brokers: bootstrapServers().split(','), logLevel: realLogLevel.NOTHING });
}

/**
 * Runs a program of test/kafkajs/programs/ in a child process: as written (importing 'kafkajs'), or
 * with only that import changed to 'ferrokafka/kafkajs'. Resolves with its stdout's JSON.
 */
export async function runProgram(name: string, client: 'kafkajs' | 'ferrokafka/kafkajs', env: Record<string, string>): Promise<unknown> {
  const source = fileURLToPath(new URL(`programs/${name}`, import.meta.url));
  let file = source;
  if (client !== 'kafkajs') {
    const text = readFileSync(source, 'utf8');
    const switched = text.replace("from 'kafkajs';", "from 'ferrokafka/kafkajs';");
    if (switched === text) throw new Error(`${name} has no import from 'kafkajs' to switch`);
    file = source.replace(/\.mjs$/, `.switched-${process.pid}.mjs`);
    writeFileSync(file, switched);
  }
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, stdout, stderr }));
    });
    if (code !== 0) throw new Error(`${name} with ${client} exited with ${code}: ${stderr}`);
    return JSON.parse(stdout.trim().split('\n').at(-1) as string);
  } finally {
    if (file !== source) rmSync(file, { force: true });
  }
}
