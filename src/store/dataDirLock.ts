import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTextIfExists } from './readTextIfExists';

/** What the lock file says about its holder. */
export interface DataDirLockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export const LOCK_FILE = 'bot.lock';
/** Holder pid of a lock file another process has created but not yet filled in. */
const BEING_WRITTEN = -1;

/** A second process on the same DATA_DIR: refused, with what to do about it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly directory: string,
    readonly holder: DataDirLockHolder,
  ) {
    super(
      `DATA_DIR ${directory} is in use by another bot process (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
        'The file store allows one process per DATA_DIR: stop that process, or give this one its own DATA_DIR. ' +
        '(Several replicas need the blob store.)',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLockOptions {
  /** Is `pid` a running process on this host? Default: signal 0. */
  isAlive?: (pid: number) => boolean;
  pid?: number;
  host?: string;
}

/**
 * One process per DATA_DIR for the file store: two processes on one directory lose writes (each
 * serialises writes only in memory, and both would drain the outbox). The lock is a file created
 * exclusively (O_EXCL) that names its holder; a lock left by a process that is no longer running
 * on this host is taken over. A lock from another host cannot be checked and is never taken over:
 * delete it by hand once that host is stopped (the error says which).
 */
export class DataDirLock {
  private constructor(
    readonly file: string,
    readonly holder: DataDirLockHolder,
    /** The dead holder whose lock was taken over, if any. */
    readonly tookOverFrom?: DataDirLockHolder,
  ) {}

  static async acquire(directory: string, options: DataDirLockOptions = {}): Promise<DataDirLock> {
    const isAlive = options.isAlive ?? processIsAlive;
    const me: DataDirLockHolder = { pid: options.pid ?? process.pid, host: options.host ?? os.hostname(), startedAt: new Date().toISOString() };
    await fs.mkdir(directory, { recursive: true });
    const file = path.join(directory, LOCK_FILE);
    let tookOverFrom: DataDirLockHolder | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await createExclusive(file, me)) return new DataDirLock(file, me, tookOverFrom);
      const current = await readHolder(file);
      if (current === undefined) continue; // released meanwhile, or unreadable and removed: try again
      if (current.pid === BEING_WRITTEN) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const stale = current.host === me.host && (current.pid === me.pid || !isAlive(current.pid));
      if (!stale) throw new DataDirLockedError(directory, current);
      tookOverFrom = current;
      // Take over by renaming the stale file away first: of two processes racing for it, only one
      // rename succeeds on the same file; the loser finds the winner's fresh lock on its next try.
      const aside = `${file}.stale-${me.pid}`;
      await fs.rename(file, aside).then(
        () => fs.rm(aside, { force: true }),
        () => undefined,
      );
    }
    const current = await readHolder(file);
    throw new DataDirLockedError(directory, current ?? { pid: -1, host: 'unknown', startedAt: 'unknown' });
  }

  /** Removes the lock if it is still ours. */
  async release(): Promise<void> {
    const current = await readHolder(this.file);
    if (current && current.pid === this.holder.pid && current.host === this.holder.host && current.startedAt === this.holder.startedAt) {
      await fs.rm(this.file, { force: true });
    }
  }
}

async function createExclusive(file: string, holder: DataDirLockHolder): Promise<boolean> {
  try {
    await fs.writeFile(file, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** The holder named in the lock file; an unreadable lock file (torn by a crash) is removed. */
async function readHolder(file: string): Promise<DataDirLockHolder | undefined> {
  const raw = await readTextIfExists(file);
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<DataDirLockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt) };
  } catch {
    // fall through
  }
  // A lock file written partly (the process died between create and write) names nobody alive.
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat && Date.now() - stat.mtimeMs > 5_000) await fs.rm(file, { force: true });
  else return { pid: BEING_WRITTEN, host: os.hostname(), startedAt: 'just now' };
  return undefined;
}

function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
