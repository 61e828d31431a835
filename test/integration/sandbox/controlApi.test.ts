import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { rawSandboxRequest } from '../../helpers/sandboxClients';
import { MINI_SUBSCRIPTION, miniEstate } from '../../helpers/sandboxEstates';

// The /_sandbox control API over HTTPS, as a newcomer would drive it with curl.

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: miniEstate() });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => sandbox.control.reset());

const control = (method: string, path: string, body?: unknown) => rawSandboxRequest(sandbox, method, path, { body, token: null });
const JOBS = `/subscriptions/${MINI_SUBSCRIPTION}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-mini/backupJobs?api-version=2023-06-01`;

describe('sandbox control API', () => {
  it('reads and advances the simulated clock', async () => {
    expect((await control('GET', '/_sandbox/clock')).body).toEqual({ now: '2025-03-10T09:00:00.000Z' });
    const advanced = await control('POST', '/_sandbox/clock/advance', { minutes: 90 });
    expect(advanced.body).toEqual({ now: '2025-03-10T10:30:00.000Z' });
    expect(sandbox.control.now().toISOString()).toBe('2025-03-10T10:30:00.000Z');
  });

  it('sets the outcome of a VM\'s next backup and runs a policy now', async () => {
    expect((await control('POST', '/_sandbox/outcomes', { vm: 'vm-a', status: 'Failed', errorCode: 'ExtensionFailedVssWriterInBadState' })).status).toBe(200);
    const run = await control('POST', '/_sandbox/policies/rsv-mini/pol-nightly/run');
    expect(run.status).toBe(200);
    const jobIds = (run.body as { jobIds: string[] }).jobIds;
    expect(jobIds).toHaveLength(3);
    await control('POST', '/_sandbox/clock/advance', { minutes: 600 });
    const jobs = (await rawSandboxRequest(sandbox, 'GET', JOBS)).body as { value: Array<{ name: string; properties: { entityFriendlyName: string; status: string } }> };
    const fresh = jobs.value.filter((job) => jobIds.includes(job.name));
    expect(Object.fromEntries(fresh.map((job) => [job.properties.entityFriendlyName, job.properties.status]))).toEqual({ 'vm-a': 'Failed', 'vm-b': 'Completed', 'vm-c': 'Completed' });
  });

  it("breaks and mends a VM's guest agent: the instance view says so, and a reset restores the estate's", async () => {
    const vm = `/subscriptions/${MINI_SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-free?api-version=2026-03-01&$expand=instanceView`;
    const agentStatus = async () => ((await rawSandboxRequest(sandbox, 'GET', vm)).body as { properties: { instanceView: { vmAgent: { statuses: Array<{ displayStatus: string }> } } } }).properties.instanceView.vmAgent.statuses[0].displayStatus;
    expect(await agentStatus()).toBe('Ready');
    const set = await control('POST', '/_sandbox/agents', { vm: 'rg-app/vm-free', status: 'NotReady' });
    expect(set).toMatchObject({ status: 200, body: { vm: 'rg-app/vm-free', status: 'NotReady' } });
    expect(await agentStatus()).toBe('Not Ready');
    sandbox.control.reset();
    expect(await agentStatus()).toBe('Ready');
  });

  it('turns faults on and off, and lists ARM requests only', async () => {
    const set = await control('POST', '/_sandbox/faults', { share: 1, status: 429, retryAfterSeconds: 3, pathContains: 'backupJobs' });
    expect(set.body).toMatchObject({ share: 1, status: 429, injected: 0 });
    const throttled = await rawSandboxRequest(sandbox, 'GET', JOBS);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
    expect(throttled.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect((await control('DELETE', '/_sandbox/faults')).status).toBe(204);
    expect((await rawSandboxRequest(sandbox, 'GET', JOBS)).status).toBe(200);
    const log = (await control('GET', '/_sandbox/requests')).body as { requests: Array<{ method: string; status: number; time: string }> };
    expect(log.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(log.requests[0]).toMatchObject({ method: 'GET', time: '2025-03-10T09:00:00.000Z' });
  });

  it('resets to the seed estate', async () => {
    await control('POST', '/_sandbox/clock/advance', { minutes: 60 * 24 });
    await control('POST', '/_sandbox/policies/rsv-mini/pol-nightly/run');
    expect((await control('POST', '/_sandbox/reset')).body).toEqual({ now: '2025-03-10T09:00:00.000Z' });
    const jobs = (await rawSandboxRequest(sandbox, 'GET', JOBS)).body as { value: unknown[] };
    expect(jobs.value).toHaveLength(3 + 9);
  });

  it('answers bad input with a specific sentence and changes nothing', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/_sandbox/clock/advance', { minutes: -5 }, /minutes cannot be negative/],
      ['POST', '/_sandbox/clock/advance', { minutes: 'soon' }, /minutes must be a number/],
      ['POST', '/_sandbox/outcomes', { vm: 'vm-zzz', status: 'Failed' }, /No virtual machine 'vm-zzz'/],
      ['POST', '/_sandbox/outcomes', { vm: 'vm-a', status: 'Great' }, /status must be Completed, CompletedWithWarnings or Failed/],
      ['POST', '/_sandbox/agents', { vm: 'vm-zzz', status: 'NotReady' }, /No virtual machine 'vm-zzz'/],
      ['POST', '/_sandbox/agents', { vm: 'vm-a', status: 'Broken' }, /status must be Ready, NotReady or NotInstalled/],
      ['POST', '/_sandbox/policies/rsv-mini/nope/run', undefined, /has no policy 'nope'/],
      ['POST', '/_sandbox/policies/rsv-nope/pol-nightly/run', undefined, /No vault named 'rsv-nope'/],
      ['POST', '/_sandbox/faults', { share: 2, status: 429 }, /share is a fraction from 0 to 1/],
      ['POST', '/_sandbox/faults', { share: 1, status: 404 }, /status must be 403, 429, 500 or "reset"/],
    ];
    for (const [method, path, body, message] of cases) {
      const response = await control(method, path, body);
      expect(response.status).toBe(400);
      expect((response.body as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await control('GET', '/_sandbox/clock')).body).toEqual({ now: '2025-03-10T09:00:00.000Z' });
    expect((await control('GET', '/_sandbox/nothing')).status).toBe(404);
    const invalidJson = await rawSandboxRequest(sandbox, 'POST', '/_sandbox/clock/advance', { token: null, headers: { 'Content-Type': 'application/json' } });
    expect(invalidJson.status).toBe(400);
  });
});
