// @ts-check
// Thrown by an adapter for a setting its client cannot honour; the run is recorded as "not run: <reason>".
/** @param {string} reason */
export function notSupported(reason) {
  return Object.assign(new Error(reason), { notSupported: true });
}
