import { BackupError } from '../../../src/backup';
import { createSandboxCertificate } from '../../../src/sandbox/tls';
import { caught, startBackupHarness, type BackupHarness } from './harness';

// Azure failures injected by the sandbox become BackupErrors with one clear sentence; the list cache
// saves calls and is dropped after writes.

let h: BackupHarness;

beforeAll(async () => {
  h = await startBackupHarness({ startTime: '2026-03-20T12:00:00Z' });
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.sandbox.control.clearFaults();
  h.mark();
});

describe('Azure failures become clear BackupErrors', () => {
  it('403 AuthorizationFailed: names the role to grant', async () => {
    h.sandbox.control.setFaults({ share: 1, status: 403, pathContains: '/backupPolicies' });
    const err = await caught(() => h.makeService().listPolicies('rsv-weu-prod'));
    expect(err).toBeInstanceOf(BackupError);
    expect(err).toMatchObject({ code: 'forbidden', status: 403, azureCode: 'AuthorizationFailed' });
    expect(err.message).toBe(
      "The bot is not allowed to list the backup policies of vault rsv-weu-prod (Azure answered AuthorizationFailed). Ask an administrator to give the bot's identity the Backup Contributor role (Backup Reader for read-only commands) on the vault's resource group.",
    );
  });

  it('429 throttling: says to wait the Retry-After seconds', async () => {
    h.sandbox.control.setFaults({ share: 1, status: 429, retryAfterSeconds: 7, pathContains: 'Microsoft.RecoveryServices/vaults' });
    const err = await caught(() => h.makeService().listVaults());
    expect(err).toBeInstanceOf(BackupError);
    expect(err).toMatchObject({ code: 'throttled', status: 429, retryAfterSeconds: 7 });
    expect(err.message).toBe('Azure is throttling requests right now, so I could not list the Recovery Services vaults. Try again in 7 seconds.');
  });

  it('500: says it is usually temporary', async () => {
    h.sandbox.control.setFaults({ share: 1, status: 500, pathContains: '/backupJobs' });
    const err = await caught(() => h.makeService().listJobs({ vault: 'rsv-weu-prod' }));
    expect(err).toMatchObject({ code: 'unavailable', status: 500 });
    expect(err.message).toMatch(/^Azure Backup had an internal error \(HTTP 500\) when I tried to list the backup jobs of vault rsv-weu-prod\. This is usually temporary/);
  });

  it('a dropped connection: says Azure could not be reached', async () => {
    h.sandbox.control.setFaults({ share: 1, status: 'reset', pathContains: 'Microsoft.Compute' });
    const err = await caught(() => h.makeService().listVms());
    expect(err).toMatchObject({ code: 'unavailable' });
    expect(err.message).toMatch(/^I could not reach Azure to list the virtual machines/);
  });

  it('401 with a wrong token: says the credentials were refused', async () => {
    const wrongToken = h.makeService({ sandbox: { url: h.sandbox.url, caPem: h.sandbox.caPem, token: 'not-the-token' } });
    const err = await caught(() => wrongToken.listVaults());
    expect(err).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(err.message).toMatch(/refused the bot's credentials/);
  });

  it('a CA other than the sandbox\'s is refused: TLS verification stays on', async () => {
    const other = await createSandboxCertificate();
    const untrusting = h.makeService({ sandbox: { url: h.sandbox.url, caPem: other.certPem, token: h.sandbox.token } });
    const err = await caught(() => untrusting.listVaults());
    expect(err).toMatchObject({ code: 'unavailable' });
    expect(err.message).toMatch(/could not reach Azure/);
    expect(String((err.cause as Error).message)).toMatch(/certificate/i);
  });

  it('a slow answer past the request timeout: says Azure did not answer in time', async () => {
    // Compute paths only: the late answers still reach the sandbox log after the test and must not
    // disturb the vault-list counts below.
    h.sandbox.control.setFaults({ share: 1, latencyMs: 1500, pathContains: 'Microsoft.Compute/virtualMachines' });
    const err = await caught(() => h.makeService({ requestTimeoutMs: 200 }).listVms());
    expect(err).toMatchObject({ code: 'timeout' });
    expect(err.message).toMatch(/^Azure did not answer within 0\.2 s when I tried to list the virtual machines\. Try again in a minute\.$/);
  });

  it('a single 429 is retried by the SDK, honouring Retry-After, and the call succeeds', async () => {
    h.sandbox.control.setFaults({ share: 1, status: 429, retryAfterSeconds: 1, count: 1, pathContains: '/backupPolicies' });
    const patient = h.makeService({ retry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 } });
    const policies = await patient.listPolicies('rsv-weu-dev');
    expect(policies.map((p) => p.name)).toEqual(['DefaultPolicy', 'pol-dev-daily']);
    const calls = h.requestsSinceMark().filter((r) => r.path.endsWith('/backupPolicies')).map((r) => r.status);
    expect(calls).toEqual([429, 200]);
  });
});

describe('list cache', () => {
  const vaultLists = () => h.requestsSinceMark().filter((r) => /\/providers\/Microsoft\.RecoveryServices\/vaults$/i.test(r.path)).length;

  it('serves repeated lists from the cache and refreshes after a write', async () => {
    const service = h.makeService({ cacheTtlSeconds: 60 });
    await service.listVaults();
    await service.listVaults();
    await Promise.all([service.listVms(), service.listVms()]);
    expect(vaultLists()).toBe(2); // one per subscription
    await service.updatePolicySchedule('rsv-weu-dev', 'pol-dev-daily', ['02:00']);
    await service.listVaults();
    expect(vaultLists()).toBe(4);
  });

  it('does not cache with a zero TTL, and does not keep a failed load', async () => {
    const service = h.makeService({ cacheTtlSeconds: 0 });
    await service.listVaults();
    await service.listVaults();
    expect(vaultLists()).toBe(4);
    const cached = h.makeService({ cacheTtlSeconds: 60 });
    h.sandbox.control.setFaults({ share: 1, status: 500, count: 1, pathContains: 'Microsoft.RecoveryServices/vaults' });
    await expect(cached.listVaults()).rejects.toBeInstanceOf(BackupError);
    h.sandbox.control.clearFaults();
    expect((await cached.listVaults()).length).toBe(5);
  });
});
