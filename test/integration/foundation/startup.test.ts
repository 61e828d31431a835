import { spawn } from 'node:child_process';
import path from 'node:path';

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
