import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

// Child processes for the benches: each server runs in its own node process (never in the load
// generator's), started with the tsx loader so the pid measured is the server itself.

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Child {
  pid: number;
  /** What the process printed after "LISTENING " (its URL), or the matched line. */
  ready: string;
  /** Sends one line on stdin, resolves with the next JSON line printed. */
  ask(line: string): Promise<any>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Line that means "ready"; its first capture group becomes `ready`. Default LISTENING <url>. */
  readyLine?: RegExp;
  nodeArgs?: string[];
  timeoutMs?: number;
}

export function spawnTs(script: string, args: string[] = [], options: SpawnOptions = {}): Promise<Child> {
  const nodeArgs = [...(options.nodeArgs ?? []), '--import', 'tsx', path.resolve(ROOT, script), ...args];
  return spawnNode(nodeArgs, options);
}

export function spawnNode(nodeArgs: string[], options: SpawnOptions = {}): Promise<Child> {
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  return attach(child, options.readyLine ?? /^LISTENING (\S+)/, options.timeoutMs ?? 120_000);
}

function attach(child: ChildProcessWithoutNullStreams, readyLine: RegExp, timeoutMs: number): Promise<Child> {
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not get ready in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.on('exit', (code) => reject(new Error(`process exited (${code}) before it was ready: ${stderr}`)));
    let ready = false;
    lines.on('line', (line) => {
      if (!ready) {
        const match = readyLine.exec(line);
        if (!match) return;
        ready = true;
        clearTimeout(timer);
        resolve({
          pid: child.pid!,
          ready: match[1] ?? line,
          ask(command) {
            return new Promise((answer) => {
              waiting.push((reply) => answer(JSON.parse(reply)));
              child.stdin.write(`${command}\n`);
            });
          },
          stop: () => stop(child),
        });
        return;
      }
      if (line.startsWith('{')) waiting.shift()?.(line);
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Resident memory of a process in MiB, from /proc. */
export function rssMiBOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
