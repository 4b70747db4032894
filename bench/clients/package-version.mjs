// @ts-check
// The installed version of a peer, read from its package.json on disk (some packages do not
// export "./package.json", so require() of it fails).
import { readFileSync } from 'node:fs';

/**
 * @param {string} name
 * @returns {string}
 */
export function installedVersion(name) {
  const manifest = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}
