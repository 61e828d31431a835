import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { BackupService } from '../../../src/backup';
import { rawSandboxRequest } from '../../helpers/sandboxClients';
import { loadRecordings } from '../../fidelity/recording';
import { replayRecording, summaryLine } from '../../fidelity/replay';
import { reportMeasure } from '../../helpers/measures';
import { caught, startBackupHarness, SUB_MAIN, SUB_TEST, type BackupHarness } from './harness';

// Recording mode (ARM_RECORD_DIR) on the sandbox: every ARM exchange the bot makes lands in one JSON
// file in the format of test/fixtures/azure-recordings (SOURCES.md), with no original id, name or
// token, and the fidelity suite replays it (`npm run fidelity -- <dir>`) with no difference.

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
/** Requests the sandbox saw during the recorded session. */
let seen: Array<{ method: string; status: number }>;
/** Every name and id of the estate as the sandbox sends them, gathered outside the recorded session. */
let originals: string[];
let configureFailure: Error;

type Json = Record<string, unknown>;

async function armList(pathAndQuery: string): Promise<Json[]> {
  const response = await rawSandboxRequest(h.sandbox, 'GET', pathAndQuery);
  expect(response.status).toBe(200);
  return (response.body as { value: Json[] }).value;
}

beforeAll(async () => {
  // A simulated clock far from the wall clock: the sandbox's Date headers follow it (as Azure's follow
  // its own), so the replay starts there and the backup's expiry is not in its past.
  h = await startBackupHarness({ startTime: '2025-03-10T09:00:00Z', operationPolls: 2 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-record-'));
  service = h.makeService({ recordDir: dir });

  const subscriptions = await armList('/subscriptions?api-version=2022-12-01');
  const vms = (await Promise.all(subscriptions.map((sub) => armList(`/subscriptions/${String(sub.subscriptionId)}/providers/Microsoft.Compute/virtualMachines?api-version=2026-03-01`)))).flat();
  // Read through the harness's own service: the recording service must record the session only.
  const vaults = await h.service.listVaults();
  originals = [
    SUB_MAIN,
    SUB_TEST,
    ...subscriptions.flatMap((sub) => [sub.subscriptionId, sub.tenantId, sub.displayName] as string[]),
    ...vaults.flatMap((v) => [v.name, v.resourceGroup]),
    ...vms.flatMap((vm) => [String(vm.name), String(vm.id).split('/')[4], String((vm.properties as Json).vmId)]),
    'pol-weu-nightly',
    'pol-dev-daily',
    h.sandbox.token,
    h.sandbox.url.replace(/^https:\/\//, ''),
  ].map((text) => text.toLowerCase());

  // The recorded session: what the bot's commands read and write.
  h.mark();
  await service.listVaults();
  await service.listVms();
  await service.listPolicies();
  const jobs = await service.listJobs({ limit: 5 });
  await service.getJob(jobs[0].id);
  // More than 30 days back: split into windows, each a startTime/endTime filter (FINDINGS (g)).
  await service.listJobs({ status: 'Failed', since: new Date(h.sandbox.control.now().getTime() - 40 * 86_400_000) });
  await service.triggerBackup('vm-web-01', new Date(h.sandbox.control.now().getTime() + 30 * 86_400_000));
  await service.enableProtection('vm-web-03', 'rsv-weu-prod', 'DefaultPolicy');
  // A configure protection Azure fails: the VM's agent stopped after the VM was read.
  await service.getVmDetails('vm-app-02');
  h.sandbox.control.setVmAgent({ vm: 'rg-app/vm-app-02', status: 'NotReady' });
  configureFailure = await caught(() => service.enableProtection('vm-app-02', 'rsv-weu-prod', 'DefaultPolicy'));
  seen = h.requestsSinceMark();
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
  it('writes every exchange of a session (reads, job windows, backup now, enable protection, a failing one) sanitised, consistently, in the recordings format', async () => {
    const exchanges = await recordedExchanges(seen.length);
    expect(exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(seen.map((r) => `${r.method} ${r.status}`));
    expect(exchanges.map((e) => e.seq)).toEqual(exchanges.map((_e, i) => i));

    // No original subscription, tenant, display name, resource group, vault, VM, vmId, custom policy, token or host.
    const text = JSON.stringify(exchanges).toLowerCase();
    expect(originals.length).toBeGreaterThan(60);
    for (const original of new Set(originals)) expect({ original, found: text.includes(original) ? text.slice(text.indexOf(original) - 300, text.indexOf(original) + 50) : false }).toEqual({ original, found: false });
    expect(text).not.toContain('bearer');
    expect(text).toContain('"tenantid":"00000000-0000-0000-0000-0000000');
    expect(new Date(exchanges[0].headers.date!).toISOString()).toBe('2025-03-10T09:00:00.000Z');

    // One placeholder per original, the same in paths, bodies and headers: the job the trigger led to is
    // read from the vault named in the trigger's path.
    const trigger = exchanges.find((e) => e.method === 'POST' && /\/backup$/.test(e.path))!;
    const vaultPath = /^(.*\/vaults\/[^/]+)\//.exec(trigger.path)![1];
    expect(vaultPath).toMatch(/\/subscriptions\/0{8}-0{4}-0{4}-0{4}-\d{12}\/resourceGroups\/rg\d{6}\/providers\/Microsoft\.RecoveryServices\/vaults\/vault\d{6}$/);
    expect(trigger.path).toMatch(/protectionContainers\/IaasVMContainer%3Biaasvmcontainerv2%3Brg\d{6}%3Bvm\d{6}\/protectedItems\//i);
    expect(trigger.headers['azure-asyncoperation'] ?? trigger.headers.location).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\//);
    const backupJobId = exchanges
      .filter((e) => /\/backupOperations\//.test(e.path))
      .map((e) => ((e.body as Json).properties as Json | undefined)?.jobId)
      .find((id) => typeof id === 'string') as string;
    const jobRead = exchanges.find((e) => e.method === 'GET' && e.path.endsWith(`/backupJobs/${backupJobId}`))!;
    expect(jobRead.path.startsWith(vaultPath)).toBe(true);
    expect((jobRead.body as { id: string }).id.startsWith(vaultPath)).toBe(true);
    expect(trigger.requestBody).toMatchObject({ properties: { objectType: 'IaasVMBackupRequest' } });
    // The failed configure protection is in the file as Azure answered it.
    expect(configureFailure.message).toContain('Azure could not complete configuring protection of vm-app-02');
    expect(exchanges.some((e) => (e.body as Json | undefined)?.status === 'Failed' && ((e.body as Json).error as Json | undefined)?.code === 'UserErrorGuestAgentStatusUnavailable')).toBe(true);
  });

  it('replays against a sandbox seeded from the recording alone with no difference (npm run fidelity -- <dir>: K = 0)', async () => {
    const exchanges = await recordedExchanges(seen.length);
    const [recording] = loadRecordings(dir);
    expect(recording.exchanges).toHaveLength(exchanges.length);
    const results = await replayRecording(recording);
    reportMeasure('armRecorder replay', { summary: summaryLine(results), skipped: results.filter((r) => r.skipped).length });
    const differing = results.filter((r) => r.differences.length > 0).map((r) => `#${r.index} ${r.kind}: ${r.differences.map((d) => `${d.kind} ${d.path} (${d.detail})`).join('; ')}`);
    expect(differing).toEqual([]);
    // Every exchange replayed (none skipped), nothing accepted through the allowlist.
    expect(results.filter((r) => r.skipped)).toEqual([]);
    expect(results.flatMap((r) => r.allowed)).toEqual([]);
    expect(summaryLine(results)).toBe(`fidelity: ${exchanges.length} exchanges, ${exchanges.length} match, 0 differ`);
    // The session's writes replayed as writes: a backup and two configure protections (one failing), each followed.
    const writes = results.filter((r) => /^(POST|PUT) /.test(r.kind)).map((r) => r.kind);
    expect(writes.filter((kind) => /protectedItems\/\{\}\/backup$/.test(kind))).toHaveLength(1);
    expect(writes.filter((kind) => /^PUT .*protectedItems\/\{\}$/.test(kind))).toHaveLength(2);
  });
});
