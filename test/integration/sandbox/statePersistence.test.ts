import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { rawSandboxRequest } from '../../helpers/sandboxClients';

// Issue 13.2 (sandbox side): with a state file, Ctrl-C and a restart find the sandbox where it was
// (clock, protected VMs, jobs with the same ids), or it says that it starts fresh.

const SUB = '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod`;
const ITEM = `${VAULT}/backupFabrics/Azure/protectionContainers/IaasVMContainer%3Biaasvmcontainerv2%3Brg-web%3Bvm-web-03/protectedItems/VM%3Biaasvmcontainerv2%3Brg-web%3Bvm-web-03`;
const API = 'api-version=2023-06-01';
const START = '2026-03-02T10:00:00Z';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function snapshot(sandbox: SandboxHandle): Promise<{ now: string; jobs: string[]; item: number }> {
  const jobs = await rawSandboxRequest(sandbox, 'GET', `${VAULT}/backupJobs?${API}`);
  const item = await rawSandboxRequest(sandbox, 'GET', `${ITEM}?${API}`);
  const list = (jobs.body as { value: Array<{ name: string; properties: { status: string; operation: string; entityFriendlyName: string } }> }).value;
  return { now: sandbox.control.now().toISOString(), jobs: list.map((job) => `${job.name} ${job.properties.operation} ${job.properties.entityFriendlyName} ${job.properties.status}`), item: item.status };
}

describe('sandbox state across restarts', () => {
  it('restores the clock, the protection, the jobs and their ids after a restart with the same state file', async () => {
    const stateFile = path.join(dir, 'sandbox-state.jsonl');
    const first = await startSandbox({ startTime: START, stateFile, retryAfterSeconds: 0 });
    expect(first.state).toMatchObject({ restored: false, detail: expect.stringContaining('starts fresh') });
    await rawSandboxRequest(first, 'POST', `${VAULT}/backupFabrics/Azure/refreshContainers?${API}`);
    await first.control.advanceClock(1);
    const policyId = `${VAULT}/backupPolicies/pol-weu-nightly`;
    const put = await rawSandboxRequest(first, 'PUT', `${ITEM}?${API}`, {
      body: { properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-03`, policyId } },
    });
    expect(put.status).toBe(202);
    await first.control.advanceClock(30);
    first.control.setOutcome({ vm: 'vm-web-01', status: 'Failed', errorCode: 'UserErrorRpCollectionLimitReached' });
    await first.control.advanceClock(26 * 60); // the nightly run fires; vm-web-01's fails
    const before = await snapshot(first);
    expect(before.item).toBe(200);
    await first.close();

    const second = await startSandbox({ startTime: '2030-01-01T00:00:00Z', stateFile, retryAfterSeconds: 0 });
    try {
      expect(second.state).toMatchObject({ restored: true, detail: expect.stringContaining('restored') });
      expect(await snapshot(second)).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it('starts fresh, and says so, when the saved state was made from another seed', async () => {
    const stateFile = path.join(dir, 'sandbox-state.jsonl');
    const first = await startSandbox({ startTime: START, stateFile, seed: 1 });
    await first.control.advanceClock(90);
    await first.close();
    const second = await startSandbox({ startTime: START, stateFile, seed: 2 });
    try {
      expect(second.state).toMatchObject({ restored: false, detail: expect.stringContaining('another estate or seed') });
      expect(second.control.now().toISOString()).toBe('2026-03-02T10:00:00.000Z');
    } finally {
      await second.close();
    }
  });
});
