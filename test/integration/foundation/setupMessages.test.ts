import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Issue 13 item 12: what a newcomer sees when starting the bot: no deprecation warning, a busy
// port named by its setting, a sandbox CLI that explains itself.

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** The node flags of `npm start` (package.json), handed to node through tsx, so the bot runs as `npm start` runs it. */
function startFlags(): string[] {
  const start: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point until it exits, or until `until` matches its output (then stops it). */
function run(entry: string, args: string[], env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, ...startFlags(), path.join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PLAYGROUND: 'off', ...env },
    });
    const out = { stdout: '', stderr: '' };
    const check = () => {
      if (until && until.test(out.stdout + out.stderr)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (chunk) => ((out.stdout += chunk), check()));
    child.stderr.on('data', (chunk) => ((out.stderr += chunk), check()));
    child.on('exit', (code) => resolve({ code, ...out }));
  });
}

async function busyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let dataDir: string;
beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-setup-'))));
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('starts without a deprecation warning (DEP0111 from restify\'s spdy is the one silenced)', async () => {
  const result = await run('src/index.ts', [], { PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir }, /Bot listening on/);
  expect(result.stderr).toContain('Bot listening on');
  expect(result.stderr).not.toMatch(/Warning/);
});

it('names PORT and suspects another running copy when the bot\'s port is taken', async () => {
  const busy = await busyPort();
  try {
    const result = await run('src/index.ts', [], { PORT: String(busy.port), SANDBOX_PORT: '0', DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Could not start: port ${busy.port} is already in use (PORT). Is another copy of the bot still running?`);
  } finally {
    await busy.close();
  }
});

it('names SANDBOX_PORT when the sandbox\'s port is taken', async () => {
  const busy = await busyPort();
  try {
    const result = await run('src/index.ts', [], { PORT: '0', SANDBOX_PORT: String(busy.port), DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${busy.port} is already in use (SANDBOX_PORT)`);
  } finally {
    await busy.close();
  }
});

it('npm run sandbox -- --help explains every option, and that the clock stands still by default', async () => {
  const result = await run('src/sandbox/cli.ts', ['--help'], {});
  expect(result.code).toBe(0);
  for (const flag of ['--port', '--ca-file', '--estate', '--scale', '--seed', '--start', '--speed']) expect(result.stdout).toContain(flag);
  expect(result.stdout).toMatch(/Default 0: the clock STANDS STILL/);
});
