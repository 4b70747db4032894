// This platform's napi-rs target name (`linux-x64-gnu`, `darwin-arm64`, ...), shared by the
// loader (native/index.cjs) and the build scripts.
'use strict';

const { readFileSync } = require('node:fs');

/** Targets with a prebuilt package (package.json "napi.targets"; README "Platforms"). */
const SUPPORTED = [
  'linux-x64-gnu',
  'linux-arm64-gnu',
  'linux-x64-musl',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
];

function isMusl() {
  // Reading ldd is what napi-rs's loader does first; it is cheap and needs no child process.
  try {
    const ldd = readFileSync('/usr/bin/ldd', 'utf8');
    if (ldd.includes('musl')) return true;
    if (ldd.includes('GLIBC') || ldd.includes('GNU C Library')) return false;
  } catch {
    // No ldd (a minimal image): ask the runtime below.
  }
  try {
    const header = process.report && process.report.getReport().header;
    if (header && header.glibcVersionRuntime) return false;
    const shared = process.report.getReport().sharedObjects || [];
    return shared.some((file) => file.includes('libc.musl-') || file.includes('ld-musl-'));
  } catch {
    return false;
  }
}

/** The napi-rs name of this platform, e.g. `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`. */
function detectTarget() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

module.exports = { SUPPORTED, detectTarget, isMusl };
