// Loads the native addon for this platform (written by hand, not generated: the build runs
// `napi build --no-js`, so it is never overwritten).
//
// Where it looks, in order:
//   1. native/ferrokafka.<target>.node          a source build in a clone (`npm run build:native`)
//   2. npm/<target>/ferrokafka.<target>.node    a clone after `npm run build:platforms`
//   3. the package ferrokafka-<target>          what users get: the optional dependency npm
//                                               installs on the matching platform only
// FERROKAFKA_NATIVE_PATH, when set, names the .node file to load instead.
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const { SUPPORTED, detectTarget } = require('./target.cjs');

const target = detectTarget();
const packageName = `ferrokafka-${target}`;
const fileName = `ferrokafka.${target}.node`;
const failures = [];

function attempt(load) {
  try {
    return load();
  } catch (error) {
    failures.push(error);
    return null;
  }
}

function loadBinding() {
  if (process.env.FERROKAFKA_NATIVE_PATH) return attempt(() => require(process.env.FERROKAFKA_NATIVE_PATH));
  for (const file of [join(__dirname, fileName), join(__dirname, '..', 'npm', target, fileName)]) {
    if (existsSync(file)) {
      const binding = attempt(() => require(file));
      if (binding) return binding;
    }
  }
  return attempt(() => require(packageName));
}

function missingBindingError() {
  const runtime = process.versions.bun
    ? `Bun ${process.versions.bun}`
    : process.versions.deno
      ? `Deno ${process.versions.deno}`
      : `Node.js ${process.version}`;
  // A file or package that exists but does not load (wrong libc, missing system library,
  // Node-API version) matters more than the candidates that are simply absent.
  const loadFailure = failures.find((error) => error && error.code !== 'MODULE_NOT_FOUND');
  const lines = [`ferrokafka: no native addon could be loaded for this platform, ${target} (${runtime}).`];
  if (loadFailure) {
    lines.push(`It was found but failed to load: ${loadFailure.message}`);
  } else if (SUPPORTED.includes(target)) {
    lines.push(
      `It comes in the package ${packageName}, an optional dependency of ferrokafka that npm installs on ${target} only, and it is not installed.`,
      'Reinstall without skipping optional dependencies (no --omit=optional / --no-optional), and do not copy node_modules between platforms: `npm install ferrokafka`.',
    );
  } else {
    lines.push(
      `There is no prebuilt package for ${target} (the package it would be is ${packageName}).`,
      `Prebuilt packages exist for: ${SUPPORTED.join(', ')}.`,
      'To build it from source, install Rust (https://rustup.rs), a C compiler, cmake, make and perl, then',
      'run `npm install github:ferrokafka/ferrokafka` (or `npm ci` in a clone of the repository), which builds',
      `native/${fileName}.`,
    );
  }
  const error = new Error(lines.join('\n'));
  error.code = 'ERR_FERROKAFKA_NATIVE_MISSING';
  error.target = target;
  error.packageName = packageName;
  if (failures.length > 0) error.cause = loadFailure || failures[failures.length - 1];
  return error;
}

const binding = loadBinding();
if (!binding) throw missingBindingError();
module.exports = binding;
