// @ts-check
// Freezes the product under test: a copy of package.json, dist/esm and the native addon, taken when
// the run starts, so that a rebuild of the working tree during a 40-minute run cannot mix two
// versions of ferrokafka in one comparison. Also records which commit (and how dirty) it was.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SNAPSHOT = fileURLToPath(new URL('../.build/product/', import.meta.url));

/** @returns {{ root: string, commit: string, dirtyFiles: number }} */
export function snapshotProduct() {
  rmSync(SNAPSHOT, { recursive: true, force: true });
  mkdirSync(`${SNAPSHOT}native`, { recursive: true });
  cpSync(`${ROOT}package.json`, `${SNAPSHOT}package.json`);
  cpSync(`${ROOT}dist/esm`, `${SNAPSHOT}dist/esm`, { recursive: true });
  for (const name of readdirSync(`${ROOT}native`)) {
    // The addon and its loader (index.cjs and the platform detection it requires, target.cjs).
    if (name.endsWith('.node') || name.endsWith('.cjs')) cpSync(`${ROOT}native/${name}`, `${SNAPSHOT}native/${name}`);
  }
  const git = (/** @type {string[]} */ ...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  let commit = 'unknown';
  let dirtyFiles = 0;
  try {
    commit = git('rev-parse', '--short', 'HEAD');
    // bench/ itself is not the product
    dirtyFiles = git('status', '--porcelain', '--', '.', ':!bench').split('\n').filter(Boolean).length;
  } catch {
    // not a git checkout
  }
  return { root: SNAPSHOT, commit, dirtyFiles };
}
