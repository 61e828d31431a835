import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { createSandboxClients, rawSandboxRequest, type SandboxClients } from '../../helpers/sandboxClients';
import { MINI_SUBSCRIPTION, miniEstate } from '../../helpers/sandboxEstates';

const VAULT_PATH = `/subscriptions/${MINI_SUBSCRIPTION}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-mini`;

let sandbox: SandboxHandle;
let clients: SandboxClients;

beforeAll(async () => {
  const estate = miniEstate();
  estate.vaults!.push({ name: 'rsv-empty', resourceGroup: 'rg-backup', location: 'westeurope' });
  sandbox = await startSandbox({ estate });
  clients = createSandboxClients(sandbox, MINI_SUBSCRIPTION);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => sandbox.control.reset());

describe('sandbox errors, HTTP details and fault injection', () => {
  it('answers missing resources with 404 and the ARM error envelope', async () => {
    await expect(clients.vaults.vaults.get('rg-backup', 'rsv-nope')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(clients.vaults.vaults.get('rg-nowhere', 'rsv-mini')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    const raw = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}/backupJobs/00000000-0000-0000-0000-000000000000?api-version=2023-06-01`);
    expect(raw.status).toBe(404);
    expect(raw.headers['content-type']).toContain('application/json');
    expect(raw.body).toEqual({ error: { code: 'BMSUserErrorJobNotFound', message: "Job '00000000-0000-0000-0000-000000000000' was not found in vault 'rsv-mini'." } });
    const unknown = await rawSandboxRequest(sandbox, 'GET', `/subscriptions/${MINI_SUBSCRIPTION}/providers/Microsoft.Nothing/things?api-version=2023-06-01`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'InvalidResourceType' } });
  });

  it('needs a bearer token (401 with a challenge) and an api-version (400)', async () => {
    const anonymous = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}?api-version=2023-06-01`, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect(anonymous.body).toMatchObject({ error: { code: 'AuthenticationFailed' } });
    const wrong = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}?api-version=2023-06-01`, { token: 'not-the-token' });
    expect(wrong.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    const noVersion = await rawSandboxRequest(sandbox, 'GET', VAULT_PATH);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });

  it('refuses an api-version the provider never served, as ARM does, with an error body of code and message only (FINDINGS (h))', async () => {
    const backup = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}/backupJobs?api-version=2099-01-01`);
    expect(backup.status).toBe(400);
    expect(backup.body).toEqual({ error: { code: 'NoRegisteredProviderFound', message: expect.stringContaining("API version '2099-01-01' for type 'vaults'") } });
    expect((backup.body as { error: { message: string } }).error.message).toContain('2023-06-01');
    const subscriptions = await rawSandboxRequest(sandbox, 'GET', '/subscriptions?api-version=2099-01-01');
    expect(subscriptions.status).toBe(400);
    expect(subscriptions.body).toEqual({ error: { code: 'InvalidApiVersionParameter', message: expect.stringContaining("The api-version '2099-01-01' is invalid") } });
    // A backup-domain 400 has the same envelope: no target, details or innerError.
    const refused = await rawSandboxRequest(sandbox, 'POST', `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app;vm-a/protectedItems/VM;iaasvmcontainerv2;rg-app;vm-a/backup?api-version=2023-06-01`, { body: { properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: '2020-01-01T00:00:00Z' } } });
    expect(refused.status).toBe(400);
    expect(Object.keys((refused.body as { error: Record<string, unknown> }).error).sort()).toEqual(['code', 'message']);
  });

  it('treats ARM paths case-insensitively and decodes %3B in container and item names', async () => {
    const upper = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH.toUpperCase().replace(MINI_SUBSCRIPTION.toUpperCase(), MINI_SUBSCRIPTION)}?api-version=2023-06-01`);
    expect(upper.status).toBe(200);
    expect((upper.body as { name: string }).name).toBe('rsv-mini');
    const itemPath = `${VAULT_PATH}/backupFabrics/azure/protectionContainers/IaasVMContainer%3Biaasvmcontainerv2%3Brg-app%3Bvm-a/protectedItems/vm%3BIAASVMCONTAINERV2%3Brg-app%3Bvm-a`;
    const item = await rawSandboxRequest(sandbox, 'GET', `${itemPath}?api-version=2023-06-01`);
    expect(item.status).toBe(200);
    expect((item.body as { properties: { friendlyName: string } }).properties.friendlyName).toBe('vm-a');
    expect(sandbox.control.requests().at(-1)?.path).toContain('IaasVMContainer;iaasvmcontainerv2;rg-app;vm-a');
  });

  it('rejects malformed bodies with a clear 400 and changes nothing', async () => {
    const put = await rawSandboxRequest(sandbox, 'PUT', `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/IaasVMContainer%3Biaasvmcontainerv2%3Brg-app%3Bvm-free/protectedItems/VM%3Biaasvmcontainerv2%3Brg-app%3Bvm-free?api-version=2023-06-01`, {
      body: { properties: { protectedItemType: 'Microsoft.Sql/servers/databases' } },
    });
    expect(put.status).toBe(400);
    expect((put.body as { error: { message: string } }).error.message).toContain("protectedItemType 'Microsoft.Sql/servers/databases' is not supported");
    const items = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}/backupProtectedItems?api-version=2023-06-01`);
    expect((items.body as { value: unknown[] }).value).toHaveLength(3);
  });

  it('lets an empty vault change its storage redundancy, and reports it on the vault', async () => {
    await clients.backup.backupResourceStorageConfigsNonCRR.patch('rsv-empty', 'rg-backup', { properties: { storageType: 'ZoneRedundant' } });
    const vault = await clients.vaults.vaults.get('rg-backup', 'rsv-empty');
    expect(vault.properties?.redundancySettings?.standardTierStorageRedundancy).toBe('ZoneRedundant');
    expect((await clients.backup.backupResourceStorageConfigsNonCRR.get('rsv-empty', 'rg-backup')).properties?.storageTypeState).toBe('Unlocked');
  });

  it('the SDK retries a 429 after its Retry-After (1 s) and succeeds; the request log shows both', async () => {
    sandbox.control.setFaults({ share: 1, status: 429, retryAfterSeconds: 1, pathContains: '/backupPolicies', count: 1 });
    const policy = await clients.backup.protectionPolicies.get('rsv-mini', 'rg-backup', 'pol-nightly');
    expect(policy.name).toBe('pol-nightly');
    const calls = sandbox.control.requests().filter((request) => request.path.endsWith('/backupPolicies/pol-nightly'));
    expect(calls.map((request) => request.status)).toEqual([429, 200]);
  });

  it('the SDK retries 500s and dropped connections', async () => {
    sandbox.control.setFaults({ share: 1, status: 500, pathContains: '/backupProtectedItems', count: 2 });
    const items = [];
    for await (const item of clients.backup.backupProtectedItems.list('rsv-mini', 'rg-backup')) items.push(item);
    expect(items).toHaveLength(3);
    sandbox.control.setFaults({ share: 1, status: 'reset', pathContains: '/vaults/rsv-mini', count: 1 });
    await expect(clients.vaults.vaults.get('rg-backup', 'rsv-mini')).resolves.toMatchObject({ name: 'rsv-mini' });
    const statuses = sandbox.control.requests().map((request) => request.status);
    expect(statuses.filter((status) => status === 500)).toHaveLength(2);
    expect(statuses).toContain(0);
  });

  it('a fault whose retries run out surfaces as the ARM error', async () => {
    sandbox.control.setFaults({ share: 1, status: 500, pathContains: '/backupJobs' });
    await expect(clients.backup.jobDetails.get('rsv-mini', 'rg-backup', 'x')).rejects.toMatchObject({ statusCode: 500, code: 'InternalServerError' });
    sandbox.control.clearFaults();
    await expect(clients.backup.jobDetails.get('rsv-mini', 'rg-backup', 'x')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('never injects faults on control routes, and adds latency only where asked', async () => {
    sandbox.control.setFaults({ share: 1, status: 500 });
    const clock = await rawSandboxRequest(sandbox, 'GET', '/_sandbox/clock');
    expect(clock.status).toBe(200);
    const arm = await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}?api-version=2023-06-01`);
    expect(arm.status).toBe(500);
    expect(sandbox.control.requests().every((request) => !request.path.startsWith('/_sandbox'))).toBe(true);
    sandbox.control.setFaults({ share: 0, latencyMs: 30, pathContains: 'rsv-mini' });
    const started = process.hrtime.bigint();
    await rawSandboxRequest(sandbox, 'GET', `${VAULT_PATH}?api-version=2023-06-01`);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(elapsedMs).toBeGreaterThanOrEqual(25);
  });
});
