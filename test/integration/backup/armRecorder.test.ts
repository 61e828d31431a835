import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { BackupService } from '../../../src/backup';
import { startBackupHarness, SUB_MAIN, SUB_TEST, type BackupHarness } from './harness';

// Recording mode (ARM_RECORD_DIR) on the sandbox: every ARM exchange the bot makes lands in one JSON
// file in the format of test/fixtures/azure-recordings (SOURCES.md), with no original id, name or token.

const exchangeSchema = z
  .object({
    source: z.string(),
    seq: z.number().int(),
    method: z.enum(['GET', 'PUT', 'POST', 'PATCH', 'DELETE']),
    path: z.string().startsWith('/'),
    query: z.string(),
    requestBody: z.unknown(),
    status: z.number().int(),
    headers: z.object({ location: z.string().optional(), 'azure-asyncoperation': z.string().optional(), 'retry-after': z.string().optional(), date: z.string().optional() }).strict(),
    body: z.unknown(),
  })
  .strict();

let h: BackupHarness;
let dir: string;
let service: BackupService;

beforeAll(async () => {
  // The sandbox clock starts at the wall clock: the Date headers then agree with the times in the bodies, as with Azure.
  h = await startBackupHarness({ startTime: new Date().toISOString(), operationPolls: 2 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-record-'));
  service = h.makeService({ recordDir: dir });
});

afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function recordedExchanges(expected: number): Promise<Array<z.infer<typeof exchangeSchema>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (files.length === 1) {
      const parsed = z.array(exchangeSchema).parse(JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8')));
      if (parsed.length >= expected || Date.now() > deadline) return parsed;
    } else if (files.length > 1 || Date.now() > deadline) {
      throw new Error(`expected one recording file, found ${files.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ARM recording mode', () => {
  it('writes every exchange of a session (reads, backup now, enable protection) sanitised, consistently, in the recordings format', async () => {
    h.mark();
    const vaults = await service.listVaults();
    const vms = await service.listVms();
    await service.listPolicies();
    const jobs = await service.listJobs({ limit: 5 });
    await service.getJob(jobs[0].id);
    const backup = await service.triggerBackup('vm-web-01', new Date(h.sandbox.control.now().getTime() + 30 * 86_400_000));
    await service.enableProtection('vm-web-03', 'rsv-weu-prod', 'DefaultPolicy');
    const seen = h.requestsSinceMark();

    const exchanges = await recordedExchanges(seen.length);
    expect(exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(seen.map((r) => `${r.method} ${r.status}`));
    expect(exchanges.map((e) => e.seq)).toEqual(exchanges.map((_e, i) => i));

    const text = JSON.stringify(exchanges).toLowerCase();
    const originals = [
      SUB_MAIN,
      SUB_TEST,
      ...vaults.flatMap((v) => [v.name, v.resourceGroup]),
      ...vms.flatMap((v) => [v.name, v.resourceGroup]),
      'pol-weu-nightly',
      h.sandbox.token,
      h.sandbox.url.replace(/^https:\/\//, ''),
    ].map((s) => s.toLowerCase());
    for (const original of new Set(originals)) expect({ original, found: text.includes(original) ? text.slice(text.indexOf(original) - 300, text.indexOf(original) + 50) : false }).toEqual({ original, found: false });
    expect(text).not.toContain('bearer');

    // One placeholder per original, the same in paths, bodies and headers: the job the trigger led to is
    // read from the vault named in the trigger's path.
    const trigger = exchanges.find((e) => e.method === 'POST' && /\/backup$/.test(e.path))!;
    const vaultPath = /^(.*\/vaults\/[^/]+)\//.exec(trigger.path)![1];
    expect(vaultPath).toMatch(/\/subscriptions\/0{8}-0{4}-0{4}-0{4}-\d{12}\/resourceGroups\/rg\d{6}\/providers\/Microsoft\.RecoveryServices\/vaults\/vault\d{6}$/);
    expect(trigger.path).toMatch(/protectionContainers\/IaasVMContainer%3Biaasvmcontainerv2%3Brg\d{6}%3Bvm\d{6}\/protectedItems\//i);
    expect(trigger.headers['azure-asyncoperation'] ?? trigger.headers.location).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\//);
    const jobRead = exchanges.find((e) => e.method === 'GET' && e.path.endsWith(`/backupJobs/${backup.id}`))!;
    expect(jobRead.path.startsWith(vaultPath)).toBe(true);
    expect((jobRead.body as { id: string }).id.startsWith(vaultPath)).toBe(true);
    expect(trigger.requestBody).toMatchObject({ properties: { objectType: 'IaasVMBackupRequest' } });
  });
});
