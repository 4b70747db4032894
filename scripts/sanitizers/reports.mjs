// @ts-check
// Reads the memory checkers' reports into a verdict and the figures worth quoting.

/**
 * AddressSanitizer / LeakSanitizer: every "ERROR:" is a finding (memory error or leak report).
 *
 * @param {string} log everything the runtime wrote (empty when it had nothing to report)
 * @returns {{ clean: boolean, lines: string[] }}
 */
export function summarizeAsan(log) {
  const errors = [...log.matchAll(/^==\d+==ERROR: (\w+): (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
  // The runtime's own complaints (an unreadable option or suppression file) are failures too.
  errors.push(...[...log.matchAll(/^((?:Address|Leak)Sanitizer: .*)$/gm)].map((m) => String(m[1])));
  const leakSummary = /SUMMARY: AddressSanitizer: (\d+) byte\(s\) leaked in (\d+) allocation\(s\)/.exec(log);
  const suppressed = [...log.matchAll(/^\s*(\d+)\s+(\d+)\s+(\S+)\s*$/gm)].map((m) => `${m[3]} (${m[1]} leak(s), ${m[2]} bytes)`);
  const lines = [errors.length === 0 ? 'no memory errors, no leaks (0 unsuppressed reports)' : `${errors.length} report(s): ${errors.join('; ')}`];
  if (leakSummary) lines.push(`leaked: ${leakSummary[1]} bytes in ${leakSummary[2]} allocations`);
  lines.push(`suppressed leaks: ${suppressed.length === 0 ? 'none matched' : suppressed.join(', ')}`);
  return { clean: errors.length === 0, lines };
}

/**
 * Valgrind memcheck: its ERROR SUMMARY counts memory errors and, with
 * --errors-for-leak-kinds=definite, definite leaks.
 *
 * @param {string} log
 * @returns {{ clean: boolean, lines: string[] }}
 */
export function summarizeValgrind(log) {
  const summary = /ERROR SUMMARY: (\d+) errors from (\d+) contexts \(suppressed: (\d+) from (\d+)\)/.exec(log);
  if (!summary) return { clean: false, lines: ['no ERROR SUMMARY in the valgrind log: the run did not finish under valgrind'] };
  const leak = (/** @type {string} */ kind) => new RegExp(`${kind}: ([\\d,]+) bytes in ([\\d,]+) blocks`).exec(log);
  const lines = [`${summary[1]} errors from ${summary[2]} contexts (suppressed: ${summary[3]} from ${summary[4]})`];
  const kinds = ['definitely lost', 'indirectly lost', 'possibly lost', 'still reachable', 'suppressed'];
  const leaks = kinds.map((kind) => [kind, leak(kind)]).filter(([, m]) => m);
  lines.push(
    `leak summary: ${leaks.map(([kind, m]) => `${kind} ${m?.[1]} bytes in ${m?.[2]} blocks`).join(', ') || 'no leaks possible (all freed)'}`,
  );
  const used = [...log.matchAll(/used_suppression:\s+(\d+)\s+(\S+)/g)].map((m) => `${m[2]} (${m[1]})`);
  if (used.length > 0) lines.push(`suppressions used: ${used.join(', ')}`);
  return { clean: summary[1] === '0', lines };
}
