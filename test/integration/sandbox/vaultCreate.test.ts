import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { createSandboxClients, rawSandboxRequest, type SandboxClients } from '../../helpers/sandboxClients';

// PUT vaults/{name} and the storage configuration, through the real SDK clients over HTTPS
// (api-version 2024-04-01, the bot's), and the recorded 2021-03-01 form over raw HTTPS.
// What Azure answers: test/fixtures/azure-recordings/FINDINGS.md, "Vault create/delete".

const SUBSCRIPTION = '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c';

let sandbox: SandboxHandle;
let clients: SandboxClients;

beforeAll(async () => {
  sandbox = await startSandbox({ startTime: '2025-03-10T09:00:00Z' });
  clients = createSandboxClients(sandbox, SUBSCRIPTION);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => sandbox.control.reset());

/** A raw PUT (the recorded api-versions the SDK does not speak); an empty body reads as {}. */
async function rawPut(path: string, body: unknown): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  const response = await rawSandboxRequest(sandbox, 'PUT', path, { body });
  return { ...response, body: (response.body ?? {}) as Record<string, unknown> };
}

const vaultPath = (rg: string, name: string, apiVersion: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${name}?api-version=${apiVersion}`;

describe('vault create', () => {
  it('2024-04-01: 201 Provisioning with an Azure-AsyncOperation the SDK polls to Succeeded, then the vault with DefaultPolicy', async () => {
    const statuses: number[] = [];
    const poller = await clients.vaults.vaults.beginCreateOrUpdate('rg-web', 'rsv-new-weu', { location: 'westeurope', sku: { name: 'Standard' }, properties: {} }, { updateIntervalInMs: 10, onResponse: (r) => statuses.push(r.status) });
    const first = poller.getOperationState().result;
    const vault = await poller.pollUntilDone();
    expect(statuses[0]).toBe(201);
    expect(first === undefined || first.properties?.provisioningState === 'Provisioning').toBe(true);
    expect(vault.properties?.provisioningState).toBe('Succeeded');
    expect(vault.location).toBe('westeurope');
    expect(vault.properties?.redundancySettings?.standardTierStorageRedundancy).toBe('GeoRedundant');
    expect(vault.properties?.securitySettings?.softDeleteSettings?.softDeleteState).toBe('Enabled');
    const polls = sandbox.control.requests().filter((r) => /\/vaults\/rsv-new-weu\/operationStatus\//i.test(r.path));
    expect(polls.length).toBeGreaterThan(0);
    const policies: Array<string | undefined> = [];
    for await (const policy of clients.backup.backupPolicies.list('rsv-new-weu', 'rg-web')) policies.push(policy.name);
    expect(policies).toEqual(['DefaultPolicy']);
  });

  it('the operation status body is exactly {id, name, status} (sample:2/3), InProgress first', async () => {
    const created = await rawPut(vaultPath('rg-web', 'rsv-poll', '2024-04-01'), { location: 'westeurope', sku: { name: 'Standard' }, properties: {} });
    expect(created.status).toBe(201);
    expect((created.body.properties as Record<string, unknown>).provisioningState).toBe('Provisioning');
    const url = created.headers['azure-asyncoperation'];
    expect(url).toMatch(/\/vaults\/rsv-poll\/operationStatus\/[A-Za-z0-9_-]+\?api-version=2024-04-01$/);
    const status = await clients.vaults.getOperationStatus('rg-web', 'rsv-poll', decodeURIComponent(new URL(url).pathname.split('/').pop()!));
    expect(Object.keys(status).sort()).toEqual(['id', 'name', 'status']);
    expect(status.status).toBe('InProgress');
  });

  it('2021-03-01 (scenario:0): 201 with provisioningState Succeeded at once and no async header', async () => {
    const created = await rawPut(vaultPath('rg-web', 'rsv-legacy', '2021-03-01'), { location: 'westeurope', properties: {}, sku: { name: 'Standard' } });
    expect(created.status).toBe(201);
    expect(created.headers['azure-asyncoperation']).toBeUndefined();
    expect(created.body.sku).toEqual({ name: 'Standard' });
    expect((created.body.properties as Record<string, unknown>).provisioningState).toBe('Succeeded');
  });

  it('sets the storage redundancy until an item is protected; refuses bad names and unknown resource groups', async () => {
    await (await clients.vaults.vaults.beginCreateOrUpdate('rg-web', 'rsv-lrs', { location: 'westeurope', sku: { name: 'Standard' }, properties: {} }, { updateIntervalInMs: 10 })).pollUntilDone();
    const config = await clients.backup.backupResourceStorageConfigsNonCRR.update('rsv-lrs', 'rg-web', { properties: { storageModelType: 'LocallyRedundant', storageType: 'LocallyRedundant' } });
    expect(config.properties?.storageType).toBe('LocallyRedundant');
    expect((await clients.vaults.vaults.get('rg-web', 'rsv-lrs')).properties?.redundancySettings?.standardTierStorageRedundancy).toBe('LocallyRedundant');
    expect((await rawPut(vaultPath('rg-web', '9-starts-with-a-digit', '2024-04-01'), { location: 'westeurope' })).status).toBe(400);
    expect((await rawPut(vaultPath('rg-nowhere', 'rsv-x', '2024-04-01'), { location: 'westeurope' })).status).toBe(404);
    expect((await rawPut(vaultPath('rg-web', 'rsv-noloc', '2024-04-01'), { properties: {} })).status).toBe(400);
  });
});
