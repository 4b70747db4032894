import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { cancelRemoveAtExit, removeAtExit } from './process-reaper.js';

export interface FileLockOptions {
  /** give up waiting for another holder after this long */
  waitTimeoutMs: number;
  /** a lock file older than this is considered abandoned */
  staleAfterMs: number;
  /** called once if we have to wait for another process */
  onWait?: (holder: string) => void;
}

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL), so that concurrent
 * processes sharing a cache folder do not download into it at the same time.
 * A lock left by a dead process on this host, or older than `staleAfterMs`, is taken over.
 */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + options.waitTimeoutMs;
  let reportedWait = false;
  for (;;) {
    if (await tryCreateLock(lockPath)) break;
    const holder = await readHolder(lockPath);
    if (holder !== undefined && (await isAbandoned(lockPath, holder, options.staleAfterMs))) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for the lock ${lockPath} held by ${holder ?? 'an unknown process'}`);
    }
    if (!reportedWait) {
      reportedWait = true;
      options.onWait?.(holder ?? 'another process');
    }
    await sleep(250);
  }
  removeAtExit(lockPath); // an interrupted holder must not leave its lock behind
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
    cancelRemoveAtExit(lockPath);
  }
}

async function tryCreateLock(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(`${hostname()} ${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** "host pid", or undefined if the lock vanished meanwhile */
async function readHolder(lockPath: string): Promise<string | undefined> {
  try {
    return (await readFile(lockPath, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

async function isAbandoned(lockPath: string, holder: string, staleAfterMs: number): Promise<boolean> {
  const [host, pidText] = holder.split(' ');
  const pid = Number(pidText);
  if (host === hostname() && Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) return true;
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > staleAfterMs;
  } catch {
    return false;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
