/** The open streams that share one AbortSignal, behind one 'abort' listener. */
interface AbortGroup {
  readonly members: Set<() => void>;
  readonly listener: () => void;
}

const groups = new WeakMap<AbortSignal, AbortGroup>();

/**
 * Calls `onAbort` when `signal` fires. However many open streams share one signal (an
 * application's shutdown signal given to every stream), the signal gets one listener: no
 * MaxListenersExceededWarning, and nothing is left on the signal once the last stream stops watching.
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): void {
  let group = groups.get(signal);
  if (group === undefined) {
    const members = new Set<() => void>();
    const listener = (): void => {
      groups.delete(signal);
      // Each member stops watching as it is destroyed: iterate over a copy.
      for (const member of [...members]) member();
      members.clear();
    };
    group = { members, listener };
    groups.set(signal, group);
    signal.addEventListener('abort', listener, { once: true });
  }
  group.members.add(onAbort);
}

/** Stops watching `signal` for `onAbort`; the listener goes with the last member. */
export function unwatchAbort(signal: AbortSignal, onAbort: () => void): void {
  const group = groups.get(signal);
  if (group === undefined || !group.members.delete(onAbort) || group.members.size > 0) return;
  groups.delete(signal);
  signal.removeEventListener('abort', group.listener);
}
