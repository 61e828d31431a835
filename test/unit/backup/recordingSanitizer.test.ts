import { RecordingSanitizer } from '../../../src/backup/recording/sanitizer';
import { loadRecording } from '../../helpers/recordedAzure';

// The sanitiser of the recording mode on real, unsanitised traffic: the PowerShell SessionRecords
// hold the test subscription, tenant and principal ids and real resource names (SOURCES.md).

function sanitise(file: string): { text: string; sanitizer: RecordingSanitizer } {
  const exchanges = loadRecording(file);
  const sanitizer = new RecordingSanitizer();
  for (const e of exchanges) sanitizer.learn(decodeURIComponent(e.path), e.query, e.requestBody, e.body, Object.values(e.headers ?? {}));
  const cleaned = exchanges.map((e) => ({
    path: sanitizer.cleanPath(e.path),
    query: sanitizer.cleanString(e.query),
    requestBody: sanitizer.clean(e.requestBody),
    headers: Object.fromEntries(Object.entries(e.headers ?? {}).map(([k, v]) => [k, /location|asyncoperation/.test(k) ? sanitizer.cleanUrl(v) : v])),
    body: sanitizer.clean(e.body),
  }));
  return { text: JSON.stringify(cleaned), sanitizer };
}

describe('recording sanitiser', () => {
  it('leaves no subscription, tenant, principal id or resource name of a real PowerShell session (Redo, TF)', () => {
    for (const file of ['TestAzureVMRedoProtection', 'TestAzureVMGetJobsTimeFilter']) {
      const original = JSON.stringify(loadRecording(file));
      const { text } = sanitise(file);
      const originals = ['38304e13-357e-405e-9e9a-220351dcce8c', '72f988bf-86f1-41af-91ab-2d7cd011db47', '608ca1e9-e854-46c6-984f-d812d0e657e6', 'hiagarg', 'hiagavault', 'hiaganewvm1', 'hiaga-adhoc-vm', 'hiaga-adhoc-vault', 'anssingh', 'hiagauseridentity', 'hiagaczr-rg'];
      for (const name of originals.filter((n) => original.toLowerCase().includes(n))) expect(text.toLowerCase()).not.toContain(name);
      expect(text).not.toMatch(/[?&](t|c|s|h)=/); // signed async-operation URL parameters (Redo's 202s carry them)
    }
  });

  it("replaces a subscription's display name and a VM's own vmId, and leaves the same words elsewhere alone", () => {
    const sanitizer = new RecordingSanitizer();
    const subscriptions = { value: [{ subscriptionId: '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c', tenantId: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7', displayName: 'Contoso Production' }] };
    const vm = { name: 'vm-web-01', properties: { vmId: '8137141e-64a3-4ca7-b819-3b6cf9b1050e' } };
    const job = { properties: { operation: 'Backup', activityId: '11111111-2222-4333-8444-555555555555' } };
    sanitizer.learn(subscriptions, vm, job);
    const text = JSON.stringify(sanitizer.clean([subscriptions, vm, job]));
    for (const original of ['6b1f3c2a', '3e4f5a6b', 'Contoso Production', '8137141e']) expect(text).not.toContain(original);
    expect(text).toMatch(/"displayName":"subscription\d{6}"/);
    // Not identities: the job's own activity id and the operation name are kept as Azure sent them.
    expect(text).toContain('"operation":"Backup"');
    expect(text).toContain('11111111-2222-4333-8444-555555555555');
  });

  it('maps each original to one placeholder everywhere in the file (paths, ids, container names, URLs)', () => {
    const { text } = sanitise('TestAzureVMRedoProtection');
    const vaultIds = new Set(text.match(/resourceGroups\/rg\d{6}\/providers\/Microsoft\.RecoveryServices\/vaults\/vault\d{6}/g));
    expect(vaultIds.size).toBe(2); // hiagaVault and hiagaVault2, each always the same
    expect(text).toMatch(/VM;iaasvmcontainerv2;rg\d{6};vm\d{6}/);
    expect(text).toMatch(/https:\/\/management\.azure\.com\/subscriptions\/00000000-0000-0000-0000-0000000000\d\d\//);
    expect(text).toContain('DefaultPolicy'); // built-in names stay
  });

  it('redacts secrets and people, keeps the rest', () => {
    const s = new RecordingSanitizer();
    const body = { properties: { storageAccountKey: 'abc', configBlobUri: 'https://acct.blob.core.windows.net/c/b?sv=2020&sig=SECRET', tags: { Owner: 'alice' }, status: 'Completed' } };
    s.learn(body);
    expect(s.clean(body)).toEqual({ properties: { storageAccountKey: '[redacted]', configBlobUri: 'https://res000001.blob.core.windows.net/c/b?sv=[redacted]&sig=[redacted]', tags: { Owner: '[redacted]' }, status: 'Completed' } });
  });
});
