// Compiles lib/ to ESM (dist/esm) and CommonJS (dist/cjs), each with declarations.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const project of ['tsconfig.esm.json', 'tsconfig.cjs.json']) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The package is "type": "module"; this marks the CommonJS build as such.
mkdirSync(new URL('../dist/cjs', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), '{ "type": "commonjs" }\n');
// That marker also makes dist/cjs its own package scope, where the root's "#native" import
// map is not visible: point the one import of it at the loader directly.
const nativeModule = new URL('../dist/cjs/native.js', import.meta.url);
const source = readFileSync(nativeModule, 'utf8');
if (!source.includes('require("#native")')) throw new Error('dist/cjs/native.js no longer requires "#native"');
writeFileSync(nativeModule, source.replace('require("#native")', 'require("../../native/index.cjs")'));
