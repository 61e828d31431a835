import type { JobResource } from '@azure/arm-recoveryservicesbackup';
import { startSandbox, type EstateInput, type SandboxHandle } from '../../../src/sandbox';
import { createSandboxClients, rawSandboxRequest, type SandboxClients } from '../../helpers/sandboxClients';
import { dailyPolicy, MINI_SUBSCRIPTION } from '../../helpers/sandboxEstates';

// 50 VMs x 24 nightly runs + 50 ConfigureBackup jobs = 1,250 jobs in one vault; run 2 of every VM failed.

const VM_COUNT = 50;
const RUNS = 24;
const TOTAL = VM_COUNT * RUNS + VM_COUNT;
const VAULT = 'rsv-paging';
const RG = 'rg-backup';

function pagingEstate(): EstateInput {
  const names = Array.from({ length: VM_COUNT }, (_, i) => `vm-${String(i + 1).padStart(3, '0')}`);
  return {
    seed: 9,
    clock: { start: '2025-05-20T12:00:00Z' },
    subscriptions: [{ subscriptionId: MINI_SUBSCRIPTION, displayName: 'Paging' }],
    vaults: [
      {
        name: VAULT,
        resourceGroup: RG,
        location: 'westeurope',
        policies: [{ name: 'pol-utc-0100', properties: dailyPolicy('UTC', '01:00') }],
        protectedItems: names.map((name) => ({
          vm: `rg-app/${name}`,
          policy: 'pol-utc-0100',
          history: { runs: RUNS, overrides: [{ run: 2, status: 'Failed' as const, errorCode: 'UserErrorGuestAgentStatusUnavailable' }] },
        })),
      },
    ],
    virtualMachines: names.map((name) => ({ name, resourceGroup: 'rg-app', location: 'westeurope', os: { type: 'Linux' as const, name: 'Ubuntu 22.04 LTS' } })),
  };
}

let sandbox: SandboxHandle;
let clients: SandboxClients;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: pagingEstate() });
  clients = createSandboxClients(sandbox, MINI_SUBSCRIPTION);
});

afterAll(async () => {
  await sandbox.close();
});

async function allJobs(filter?: string): Promise<JobResource[]> {
  const jobs: JobResource[] = [];
  for await (const job of clients.backup.backupJobs.list(VAULT, RG, { filter })) jobs.push(job);
  return jobs;
}

describe('jobs list paging and $filter through the SDK', () => {
  it('pages over 1,250 jobs, newest first, without duplicates, with absolute nextLinks', async () => {
    const pages: JobResource[][] = [];
    for await (const page of clients.backup.backupJobs.list(VAULT, RG).byPage()) pages.push(page);
    expect(pages.map((page) => page.length)).toEqual([200, 200, 200, 200, 200, 200, 50]);
    const jobs = pages.flat();
    expect(jobs).toHaveLength(TOTAL);
    expect(new Set(jobs.map((job) => job.name)).size).toBe(TOTAL);
    const starts = jobs.map((job) => job.properties!.startTime!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    const listCalls = sandbox.control.requests().filter((request) => request.method === 'GET' && /\/backupJobs$/i.test(request.path));
    expect(listCalls.length).toBeGreaterThanOrEqual(7);
    expect(listCalls.slice(-6).every((request) => request.query.includes('%24skipToken=') || request.query.includes('$skipToken='))).toBe(true);

    const raw = await rawSandboxRequest(sandbox, 'GET', `/subscriptions/${MINI_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}/backupJobs?api-version=2023-06-01`);
    const nextLink = (raw.body as { nextLink: string }).nextLink;
    expect(nextLink.startsWith(`${sandbox.url}/subscriptions/`)).toBe(true);
    expect(nextLink).toContain('api-version=2023-06-01');
    expect(nextLink).toContain('%24skipToken=');
  });

  it('filters by status, operation and a start-time window (12-hour clock dates)', async () => {
    const failed = await allJobs("status eq 'Failed'");
    expect(failed).toHaveLength(VM_COUNT);
    expect(failed.every((job) => job.properties?.status === 'Failed' && job.properties.startTime?.toISOString() === '2025-05-19T01:00:00.000Z')).toBe(true);

    expect(await allJobs("operation eq 'ConfigureBackup'")).toHaveLength(VM_COUNT);

    // Runs at 01:00 UTC on 15, 16 and 17 May; both bounds are inclusive.
    const window = await allJobs("operation eq 'Backup' and startTime eq '2025-05-15 01:00:00 AM' and endTime eq '2025-05-17 01:00:00 AM'");
    expect(window).toHaveLength(3 * VM_COUNT);
    expect(new Set(window.map((job) => job.properties?.startTime?.toISOString()))).toEqual(
      new Set(['2025-05-15T01:00:00.000Z', '2025-05-16T01:00:00.000Z', '2025-05-17T01:00:00.000Z']),
    );
    const completedInWindow = await allJobs(
      "status eq 'Completed' and backupManagementType eq 'AzureIaasVM' and startTime eq '2025-05-18 12:00:00 PM' and endTime eq '2025-05-19 11:59:59 PM'",
    );
    expect(completedInWindow).toHaveLength(0); // the 19 May runs all failed
    expect(await allJobs("backupManagementType eq 'MAB'")).toHaveLength(0);
  });

  it('keeps pages stable while new jobs arrive between two pages', async () => {
    sandbox.control.reset();
    const iterator = clients.backup.backupJobs.list(VAULT, RG).byPage();
    const first = (await iterator.next()).value as JobResource[];
    sandbox.control.runPolicy(VAULT, 'pol-utc-0100');
    const rest: JobResource[] = [];
    for await (const page of iterator) rest.push(...page);
    const names = [...first, ...rest].map((job) => job.name);
    expect(names).toHaveLength(TOTAL);
    expect(new Set(names).size).toBe(TOTAL);
    expect(await allJobs()).toHaveLength(TOTAL + VM_COUNT);
  });

  it('answers a bad $filter with 400 and Azure\'s guidance plus the specific problem', async () => {
    await expect(allJobs("startTime eq '2025-05-15T01:00:00Z'")).rejects.toMatchObject({
      statusCode: 400,
      code: 'BMSUserErrorInvalidInput',
      message: expect.stringMatching(/The inputs specified for Get jobs API are incorrect.*startTime '2025-05-15T01:00:00Z' is not in the format yyyy-MM-dd hh:mm:ss tt/),
    });
    await expect(allJobs("status eq 'Exploded'")).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'Exploded' is not a valid status") });
  });
});
