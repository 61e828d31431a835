import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startPlayground, type RunningPlayground } from '../../src/devPlayground';
import { ALEX, MEGAN, PLAYGROUND_CONFIG_FILE } from './harness/users';

jest.setTimeout(120_000);

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Pids of running Playground processes (their command line names the package's cli.js) that talk to
 * `endpoint`: other Playgrounds on the machine (an `npm start`, another suite) are not this test's.
 */
function playgroundPids(endpoint: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.some((arg) => arg.includes('m365agentsplayground/cli.js')) && args.includes(endpoint);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startPlayground (src/devPlayground.ts)', () => {
  let bot: http.Server;
  let botUrl: string;
  let playground: RunningPlayground | undefined;
  const received: string[] = [];

  beforeAll(async () => {
    // A stand-in bot endpoint: the Playground waits for it before it reports "Connected".
    bot = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      // No chaining on writeHead: restify (loaded by other test files in this worker) patches it and returns nothing.
      req.on('end', () => {
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    botUrl = `http://127.0.0.1:${(bot.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await playground?.stop();
    bot.closeAllConnections();
    await new Promise((resolve) => bot.close(resolve));
  });

  it('starts the Playground on a free port with our mock users, and stop() ends its process group', async () => {
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pg-')), 'playground.log');
    playground = await startPlayground({ botUrl, port: 0, configFile: PLAYGROUND_CONFIG_FILE, logFile });
    expect(playground).toBeDefined();
    const { url, port, pid } = playground!;
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://localhost:${port}`);

    const page = await fetch(url);
    expect(await page.text()).toContain('Microsoft 365 Agents Playground');
    const { config } = (await (await fetch(`${url}/_internal/v1/config`)).json()) as { config: { currentUser: { aadObjectId: string }; users: Array<{ aadObjectId: string }> } };
    expect(config.currentUser.aadObjectId).toBe(ALEX.aadObjectId);
    expect(config.users.map((u) => u.aadObjectId)).toContain(MEGAN.aadObjectId);
    expect(fs.existsSync(logFile)).toBe(true);

    expect(isAlive(pid!)).toBe(true);
    await playground!.stop();
    playground = undefined;
    expect(isAlive(pid!)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('says clearly when the Playground cannot reach the bot, and leaves no process behind', async () => {
    const endpoint = 'http://127.0.0.1:9/api/messages';
    const before = new Set(playgroundPids(endpoint));
    await expect(startPlayground({ botUrl: 'http://127.0.0.1:9', port: 0, startTimeoutMs: 15_000, logFile: path.join(os.tmpdir(), `pg-unreachable-${process.pid}.log`) })).rejects.toThrow(
      /could not reach the bot at http:\/\/127\.0\.0\.1:9\/api\/messages/,
    );
    expect(playgroundPids(endpoint).filter((pid) => !before.has(pid))).toEqual([]);
  });

  it('returns undefined with a log line when the package is not installed (production install)', async () => {
    // A copy outside the project cannot resolve node_modules, like an install with --omit=dev.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-playground-'));
    fs.copyFileSync(path.join(ROOT, 'src', 'devPlayground.ts'), path.join(dir, 'devPlayground.ts'));
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      [
        "import { startPlayground } from './devPlayground';",
        "const logger = { info: () => undefined, warn: (_o: object, msg?: string) => console.log('WARN ' + msg) };",
        "startPlayground({ botUrl: 'http://127.0.0.1:9', port: 0, logger }).then((r) => console.log('RESULT ' + String(r)));",
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), path.join(dir, 'main.ts')], { cwd: dir });
    expect(stdout).toContain('WARN Agents Playground not installed');
    expect(stdout).toContain('RESULT undefined');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
