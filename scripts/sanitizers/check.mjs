#!/usr/bin/env node
// @ts-check
// Runs the native code's produce/flush/close cycle, a transaction and a purge (workload.mjs)
// against a real broker under a memory checker, and fails on any error or leak it reports.
//   node scripts/sanitizers/check.mjs asan       (npm run check:asan)
//   node scripts/sanitizers/check.mjs valgrind   (npm run check:valgrind)
//   ... --control: the negative control, the same run plus a producer abandoned at exit: passes
//   only when the checker reports it (proof that the check can fail).
// asan: builds an AddressSanitizer build of the addon and librdkafka (build-addon.sh asan) and runs the
// workload in Node with gcc's sanitizer runtime preloaded and leak detection on.
// valgrind: runs the workload in `node --jitless` (no generated machine code for valgrind to
// trip over) under memcheck, with the release build of the addon unstripped.
// The broker runs in this (unchecked) process's children, never under the checker.
// The checker's full report is kept in a log file whose path is printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createScriptTopic, startScriptBroker } from '../broker/script-broker.mjs';
import { summarizeAsan, summarizeValgrind } from './reports.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const tool = process.argv[2];
if (tool !== 'asan' && tool !== 'valgrind') {
  console.error('usage: node scripts/sanitizers/check.mjs asan|valgrind');
  process.exit(2);
}
const control = process.argv.includes('--control');
const logDir = mkdtempSync(join(tmpdir(), `ferrokafka-${tool}-`));
const logFile = join(logDir, `${tool}.log`);

/**
 * Builds the addon for a checker (build-addon.sh) and returns the path of its .node file.
 *
 * @param {'asan' | 'symbols'} mode
 */
function buildAddon(mode) {
  console.log(`check:${tool}: building the addon and librdkafka (${mode}; 45-50 minutes the first time on 2 cores)...`);
  const build = spawnSync('bash', [join(here, 'build-addon.sh'), mode], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the ${mode} build of the addon failed (see above)`);
  return build.stdout.trim().split('\n').pop() ?? '';
}

/** @returns {{ command: string, args: string[], env: Record<string, string> }} */
function asanCommand() {
  const runtime = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
  if (!runtime.startsWith('/') || !existsSync(runtime))
    throw new Error("gcc's AddressSanitizer runtime (libasan.so) was not found: apt-get install -y gcc");
  const addon = buildAddon('asan');
  return {
    command: process.execPath,
    args: [join(here, 'workload.mjs')],
    env: {
      LD_PRELOAD: runtime,
      FERROKAFKA_NATIVE_PATH: addon,
      // Node itself is not instrumented: its allocator calls still reach the runtime, its own
      // memory accesses are not checked. log_path: the report goes to a file, not the pipe.
      ASAN_OPTIONS: ['detect_leaks=1', 'halt_on_error=0', 'malloc_context_size=30', `log_path=${logFile}`].join(':'),
      // Leak suppressions are LeakSanitizer's (ASan's own suppressions are of another kind).
      LSAN_OPTIONS: `suppressions=${join(here, 'lsan.supp')}:print_suppressions=1`,
    },
  };
}

/** @returns {{ command: string, args: string[], env: Record<string, string> }} */
function valgrindCommand() {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    if (process.getuid?.() !== 0) throw new Error('valgrind is not installed: apt-get install -y valgrind');
    console.log('check:valgrind: installing valgrind (apt-get)...');
    const install = spawnSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind'], {
      stdio: 'inherit',
    });
    if (install.status !== 0) throw new Error('installing valgrind failed: apt-get install -y valgrind');
  }
  return {
    command: 'valgrind',
    args: [
      '--tool=memcheck',
      '--leak-check=full',
      '--show-leak-kinds=definite,possible',
      '--errors-for-leak-kinds=definite',
      '--num-callers=40',
      `--suppressions=${join(here, 'valgrind.supp')}`,
      `--log-file=${logFile}`,
      process.execPath,
      '--jitless',
      join(here, 'workload.mjs'),
    ],
    // The release build as shipped, unstripped, so the report names functions and lines.
    env: { FERROKAFKA_NATIVE_PATH: buildAddon('symbols') },
  };
}

const checked = tool === 'asan' ? asanCommand() : valgrindCommand();
console.log(`check:${tool}: starting a Kafka broker...`);
const cluster = await startScriptBroker();
let exitCode = 1;
try {
  const topic = `memory-check-${Date.now()}`;
  await createScriptTopic(cluster.bootstrapServers, topic, { partitions: 2 });
  console.log(`check:${tool}: running the workload (produce/flush/close, a transaction, a purge)...`);
  const started = Date.now();
  const child = spawn(checked.command, checked.args, {
    cwd: root,
    env: { ...process.env, ...checked.env, BROKERS: cluster.bootstrapServers, TOPIC: topic, LEAK_CONTROL: control ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const seconds = Math.round((Date.now() - started) / 1000);
  const workload = stdout.trim().split('\n').pop() ?? '';
  console.log(`check:${tool}: workload exited with ${status} after ${seconds} s: ${workload}`);
  // ASan writes <log_path>.<pid> (nothing when it has nothing to report); valgrind the one file.
  const logs = readdirSync(logDir)
    .map((file) => readFileSync(join(logDir, file), 'utf8'))
    .join('\n');
  const summary = tool === 'asan' ? summarizeAsan(logs) : summarizeValgrind(logs);
  for (const line of summary.lines) console.log(`check:${tool}: ${line}`);
  console.log(`check:${tool}: full report: ${logFile}${tool === 'asan' ? '.<pid> (none when clean)' : ''}`);
  const workloadOk = status === 0 && workload.startsWith('{');
  if (!workloadOk) console.log(`check:${tool}: FAILED: the workload did not complete`);
  if (control) {
    exitCode = workloadOk && !summary.clean ? 0 : 1;
    console.log(`check:${tool}: negative control: the abandoned producer was ${summary.clean ? 'NOT reported: FAILED' : 'reported, as it must be'}`);
  } else {
    exitCode = workloadOk && summary.clean ? 0 : 1;
    console.log(`check:${tool}: ${exitCode === 0 ? 'clean' : 'FAILED'}`);
  }
} finally {
  await cluster.stop();
}
process.exit(exitCode);
