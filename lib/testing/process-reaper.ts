import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

// Everything the harness started or created and has not cleaned up yet. When Node exits, or is
// stopped by a signal, these are killed / removed synchronously so that no JVM, temp folder or
// lock file is left behind, also when a test run fails or is interrupted.
const livePids = new Set<number>();
const pathsToRemove = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooksInstalled = false;

/** Tracks a child until it exits; SIGKILLs it if this Node process ends first. */
export function trackProcess(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return; // spawn failed; the 'error' event reports it
  installHooks();
  livePids.add(pid);
  child.once('exit', () => livePids.delete(pid));
}

/** Removes `path` (a file, or a folder recursively) when this Node process ends, unless cancelled. */
export function removeAtExit(path: string): void {
  installHooks();
  pathsToRemove.add(path);
}

export function cancelRemoveAtExit(path: string): void {
  pathsToRemove.delete(path);
}

function reapEverything(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  livePids.clear();
  for (const path of pathsToRemove) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
  pathsToRemove.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', reapEverything);
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      reapEverything();
      process.off(signal, onSignal);
      // Our listener suppressed Node's default "die on signal"; restore it unless someone
      // else (e.g. a test runner) handles the signal and decides for itself.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
