import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConnectorRecorder } from '../../helpers/connectorRecorder';
import { messageActivity, postActivity } from '../../helpers/activities';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function runIndex(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'src', 'index.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PLAYGROUND: 'off', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('start-up with bad settings', () => {
  it('prints one clear line per problem and exits with code 2', async () => {
    const { code, stderr } = await runIndex({ PORT: 'abc', APPROVERS: 'not-a-guid' });
    expect(code).toBe(2);
    expect(stderr).toContain('Configuration error: PORT: expected a TCP port number from 0 to 65535 (got "abc")');
    expect(stderr).toContain('Configuration error: APPROVERS: expected a comma-separated list of AAD object ids');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe('graceful shutdown', () => {
  const connector = new ConnectorRecorder();
  beforeAll(() => connector.start());
  afterAll(() => connector.stop());

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-shutdown-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'src', 'index.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PLAYGROUND: 'off', PORT: '0', SANDBOX_PORT: '0', SANDBOX_SPEED: '0', DATA_DIR: dataDir },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const botUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)","mode"/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
    });

    connector.setDelay(1_500); // the reply to Teams is still on its way when SIGTERM arrives
    const inFlight = postActivity(botUrl, messageActivity('help', { serviceUrl: connector.url }));
    await connector.waitFor((calls) => calls.length > 0, 30_000, 'the reply to start');
    child.kill('SIGTERM');

    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    expect(connector.sent()).toHaveLength(1);
    await expect(fetch(`${botUrl}/healthz`)).rejects.toThrow(); // the server is closed
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
