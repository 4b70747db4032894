/** What the exit check needs of a producer. */
interface Watched {
  readonly pending: number;
}

interface Entry {
  producer: WeakRef<Watched>;
  clientId: string;
  warn: (message: string) => void;
}

const watched = new Set<Entry>();
const forgotten = new FinalizationRegistry<Entry>((entry) => watched.delete(entry));
let installed = false;

/**
 * Warns when the process exits (process.exit(), or the end of the program) while a producer
 * still has records that were never reported: they are lost silently otherwise. Producers
 * are held weakly, so watching one never keeps it alive.
 */
export function watchForExit(producer: Watched, clientId: string, warn: (message: string) => void): void {
  const entry: Entry = { producer: new WeakRef(producer), clientId, warn };
  watched.add(entry);
  forgotten.register(producer, entry);
  if (installed) return;
  installed = true;
  process.on('exit', warnOfUnreported);
}

function warnOfUnreported(): void {
  for (const entry of watched) {
    const pending = entry.producer.deref()?.pending ?? 0;
    if (pending === 0) continue;
    entry.warn(
      `the process is exiting with ${pending} record(s) of producer '${entry.clientId}' never reported: they may or may not have been written. ` +
        'Call `await producer.close()` before exiting (on SIGTERM too; see the README, "Shutting down")',
    );
  }
}
