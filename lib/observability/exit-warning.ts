import type { EventEmitter } from 'node:events';

import { defaultLogger, type LogEntry } from './log.js';

interface Entry {
  producer: WeakRef<EventEmitter & { readonly pending: number }>;
  clientId: string;
  /** The user's logger, if any: never a closure over the producer, which would keep it alive. */
  logger: ((entry: LogEntry) => void) | undefined;
}

const watched = new Set<Entry>();
const forgotten = new FinalizationRegistry<Entry>((entry) => watched.delete(entry));
let installed = false;

/**
 * Warns when the process exits (process.exit(), or the end of the program) while a producer
 * still has records that were never reported: they are lost silently otherwise. Producers
 * are held weakly, so watching one never keeps it alive.
 */
export function watchForExit(
  producer: EventEmitter & { readonly pending: number },
  clientId: string,
  logger: ((entry: LogEntry) => void) | undefined,
): void {
  const entry: Entry = { producer: new WeakRef(producer), clientId, logger };
  watched.add(entry);
  forgotten.register(producer, entry);
  if (installed) return;
  installed = true;
  process.on('exit', warnOfUnreported);
}

function warnOfUnreported(): void {
  for (const entry of watched) {
    const producer = entry.producer.deref();
    const pending = producer?.pending ?? 0;
    if (producer === undefined || pending === 0) continue;
    const warning: LogEntry = {
      level: 4,
      facility: 'EXIT',
      message:
        `the process is exiting with ${pending} record(s) of producer '${entry.clientId}' never reported: they may or may not have been written. ` +
        'Call `await producer.close()` before exiting (on SIGTERM too; see the README, "Shutting down")',
    };
    if (entry.logger !== undefined) entry.logger(warning);
    else if (producer.listenerCount('log') > 0) producer.emit('log', warning);
    else defaultLogger(warning);
  }
}
