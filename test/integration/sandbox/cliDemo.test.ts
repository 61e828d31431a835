import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSandboxDemo } from '../../../scripts/sandbox-demo';

// "Done when": the CLI serves the routes and writes its CA file; a script using only the published
// SDK packages, trusting that file and a static token, runs the whole flow.

const ROOT = path.resolve(__dirname, '../../..');
let child: ChildProcess | undefined;
let dir: string;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

function startCli(args: string[]): Promise<string> {
  child = spawn(process.execPath, ['-r', 'tsx/cjs', 'src/sandbox/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (https:\/\/\S+)/.exec(output);
      if (match && output.includes('Press Ctrl+C')) resolve(match[1]);
    });
    child!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child!.once('exit', (code) => reject(new Error(`sandbox CLI exited with ${code}: ${output}`)));
  });
}

describe('npm run sandbox + the SDK-only demo script', () => {
  it('starts, writes the CA file, and the demo protects a VM and follows a backup to Completed', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-'));
    const caFile = path.join(dir, 'ca.pem');
    const url = await startCli(['--port', '0', '--ca-file', caFile, '--start', '2025-03-10T09:00:00Z']);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const lines: string[] = [];
    const result = await runSandboxDemo({ url, caPem: readFileSync(caFile, 'utf8'), log: (line) => lines.push(line) });
    expect(result.vaults).toEqual(['rsv-weu-prod', 'rsv-weu-dev', 'rsv-neu-prod', 'rsv-eus-prod']);
    expect(result.protectable).toContain('vm-new-01');
    expect(result.protectedVm).toBe('vm-new-01');
    expect(result.configureJob.status).toBe('Completed');
    expect(result.backupJob).toMatchObject({ status: 'Completed', tasks: ['Take Snapshot: Completed', 'Transfer data to vault: Completed'] });
    expect(result.filteredJobs).toBeGreaterThan(10);
    expect(lines.some((line) => line.includes('Take Snapshot: Completed, Transfer data to vault: InProgress'))).toBe(true);
  });

  it('refuses bad flags with one sentence and exit code 2', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-'));
    await expect(startCli(['--prot', '1'])).rejects.toThrow(/exited with 2: sandbox: Unknown option '--prot'/);
  });
});
