// @ts-check
// Compiles lib/ to ESM (dist/esm) and CommonJS (dist/cjs), each with declarations.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const project of ['tsconfig.esm.json', 'tsconfig.cjs.json']) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The package is "type": "module"; this marks the CommonJS build as such. The marker also makes
// dist/cjs a package scope of its own, where the root's "#native" import map is not visible, so it
// maps "#native" itself: to a one-line module that loads the addon's loader (an "imports" target
// cannot point outside its own scope with ../).
mkdirSync(new URL('../dist/cjs', import.meta.url), { recursive: true });
const scope = { type: 'commonjs', imports: { '#native': './native-loader.cjs' } };
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), `${JSON.stringify(scope, null, 2)}\n`);
writeFileSync(new URL('../dist/cjs/native-loader.cjs', import.meta.url), "module.exports = require('../../native/index.cjs');\n");
