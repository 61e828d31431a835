import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The bot as it runs in production: `src/index.ts` in its own process (through tsx), so a request
 * that kills the process shows up as an exit instead of taking the test runner down with it.
 */
export class BotProcess {
  url = '';
  exitCode: number | null | undefined = undefined;
  stdout = '';
  stderr = '';
  private child?: ChildProcessWithoutNullStreams;
  private dataDir = '';

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<this> {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-process-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'src', 'index.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PLAYGROUND: 'off', PORT: '0', SANDBOX_PORT: '0', SANDBOX_SPEED: '0', DATA_DIR: this.dataDir, LOG_LEVEL: 'info', ...this.env },
    });
    this.child = child;
    child.stdout.on('data', (chunk) => (this.stdout += chunk));
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
    child.on('exit', (code) => (this.exitCode = code));
    this.url = await new Promise<string>((resolve, reject) => {
      const onData = () => {
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(this.stdout);
        if (match) resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.on('exit', (code) => reject(new Error(`the bot exited (${code}) before listening: ${this.stderr}`)));
    });
    return this;
  }

  /** True while the process runs and answers GET /healthz. */
  async answers(): Promise<boolean> {
    if (this.exitCode !== undefined) return false;
    try {
      const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /**
   * Resident memory in MB of the bot's process tree (tsx runs the bot in a child of the process we
   * spawn), from Linux /proc; undefined elsewhere.
   */
  rssMb(): number | undefined {
    const pid = this.child?.pid;
    if (pid === undefined) return undefined;
    try {
      return treeOf(pid).reduce((sum, id) => sum + rssKbOf(id), 0) / 1024;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.exitCode === undefined) {
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    if (this.dataDir !== '') fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function treeOf(pid: number): number[] {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(treeOf)];
}

function rssKbOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}
