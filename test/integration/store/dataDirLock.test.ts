import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLock, DataDirLockedError, LOCK_FILE } from '../../../src/store/dataDirLock';

let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'datadir-lock-'));
});

afterEach(async () => {
  children.splice(0).forEach((child) => child.kill('SIGKILL'));
  await fs.rm(dir, { recursive: true, force: true });
});

/** A real process that stays alive until killed. */
async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

async function writeLock(pid: number, host = os.hostname()): Promise<void> {
  await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid, host, startedAt: '2026-12-01T10:00:00.000Z' }));
}

describe('DATA_DIR lock (one process per file store)', () => {
  it('refuses while another live process holds it, naming the pid, the directory and what to do', async () => {
    const other = await liveProcess();
    await writeLock(other.pid!);
    const error = await DataDirLock.acquire(dir).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`DATA_DIR ${dir} is in use by another bot process (pid ${other.pid} on ${os.hostname()}`);
    expect((error as Error).message).toMatch(/stop that process, or give this one its own DATA_DIR/);
    // The holder's lock is untouched.
    expect(JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(other.pid);
  });

  it('takes over a lock left by a process that is no longer running, and says whose it was', async () => {
    const pid = await deadPid();
    await writeLock(pid);
    const lock = await DataDirLock.acquire(dir);
    expect(lock.tookOverFrom?.pid).toBe(pid);
    expect(JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    await expect(fs.access(path.join(dir, LOCK_FILE))).rejects.toThrow();
  });

  it('never takes over a lock from another host (its pid cannot be checked from here)', async () => {
    await writeLock(await deadPid(), 'another-host');
    await expect(DataDirLock.acquire(dir)).rejects.toThrow(/pid \d+ on another-host/);
  });

  it('lets exactly one of two processes racing for a stale lock win', async () => {
    await writeLock(await deadPid());
    const results = await Promise.allSettled([
      DataDirLock.acquire(dir, { pid: 900001, isAlive: (pid) => pid === 900002 }),
      DataDirLock.acquire(dir, { pid: 900002, isAlive: (pid) => pid === 900001 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(DataDirLockedError)]);
  });

  it('is released on close, so the next process starts without a takeover', async () => {
    const first = await DataDirLock.acquire(dir);
    await first.release();
    const second = await DataDirLock.acquire(dir);
    expect(second.tookOverFrom).toBeUndefined();
    await second.release();
  });
});
