import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

/** How a bot process ended: by our signal, or by itself (a crash, unless it was asked to stop). */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The bot as production runs it, in its own process (`node --import tsx src/index.ts`, what `npm run
 * dev` runs), so a test can SIGKILL it mid-work and start another on the same DATA_DIR.
 */
export class BotChild {
  url = '';
  readonly output: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<ChildExit>;
  startedAt = 0;
  listeningAt = 0;

  constructor(private readonly env: Record<string, string>) {}

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once it listens (or rejects with its output if it exits first). */
  async start(timeoutMs = 90_000): Promise<this> {
    this.url = '';
    this.output.length = 0;
    this.startedAt = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'index.ts')], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PLAYGROUND: 'off', PORT: '0', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const onData = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      const listening = /Bot listening on (http:\/\/\S+)\/api\/messages/.exec(chunk.toString());
      if (listening && this.url === '') {
        this.url = listening[1];
        this.listeningAt = Date.now();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const deadline = Date.now() + timeoutMs;
    while (this.url === '') {
      if (!this.alive) throw new Error(`the bot exited before listening:\n${this.text().slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`the bot did not start within ${timeoutMs} ms:\n${this.text().slice(-3000)}`);
      await pause(50);
    }
    return this;
  }

  /** Sends `signal` and waits for the process to end. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<ChildExit> {
    if (this.alive) this.child!.kill(signal);
    return this.waitForExit();
  }

  waitForExit(): Promise<ChildExit> {
    return this.exited ?? Promise.resolve({ code: null, signal: null });
  }

  text(): string {
    return this.output.join('');
  }

  /** The JSON log lines whose message contains `msg`. */
  logs(msg: string): Array<Record<string, unknown>> {
    return this.text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter((line) => typeof line.msg === 'string' && line.msg.includes(msg));
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds, or throws `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(50);
  }
}
