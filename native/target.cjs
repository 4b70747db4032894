// This platform's napi-rs target name (`linux-x64-gnu`, `darwin-arm64`, ...), shared by the
// loader (native/index.cjs) and the build scripts.
'use strict';

const { readFileSync } = require('node:fs');

/** Targets with a prebuilt package (package.json "napi.targets"; README "Platforms"). */
const SUPPORTED = ['linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl', 'linux-arm64-musl', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'];

function isMusl() {
  // The C library this very process runs on: its mapped files name it (cheap, no child
  // process, and right even where /usr/bin/ldd belongs to another libc).
  try {
    const maps = readFileSync('/proc/self/maps', 'utf8');
    // Alpine maps /lib/ld-musl-<arch>.so.1; Debian's musl package maps <arch>-linux-musl/libc.so.
    if (/\/ld-musl-[^/\n]*$|\/libc\.musl-[^/\n]*$|musl[^\n]*\/libc\.so$/m.test(maps)) return true;
    if (/\/libc\.so\.6|\/libc-2\.\d+\.so/.test(maps)) return false;
  } catch {
    // No /proc (a sandbox): ask ldd and the runtime below.
  }
  try {
    const ldd = readFileSync('/usr/bin/ldd', 'utf8');
    if (ldd.includes('musl')) return true;
    if (ldd.includes('GLIBC') || ldd.includes('GNU C Library')) return false;
  } catch {
    // No ldd either (a minimal image).
  }
  try {
    const report = process.report.getReport();
    const parsed = typeof report === 'string' ? JSON.parse(report) : report;
    if (parsed.header?.glibcVersionRuntime) return false;
    return (parsed.sharedObjects || []).some((/** @type {string} */ file) => file.includes('libc.musl-') || file.includes('ld-musl-'));
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
