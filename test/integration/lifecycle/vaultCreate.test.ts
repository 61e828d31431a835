import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from '../approvals/approvalHarness';

// vault create: checks before Azure, an approval card, then PUT vault + PUT backupstorageconfig,
// over real HTTP with the real SDKs against the in-process sandbox.

const h = new ApprovalHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

async function say(command: string, from = ALEX): Promise<string> {
  return textOf(cardOf(await h.say(command, from)));
}

/** Requests that change something in Azure (backupStatus is a POST that only reads). */
function azureWrites() {
  return h.sandbox.requests().filter((r) => r.method === 'PUT' || r.method === 'DELETE' || r.method === 'PATCH' || (r.method === 'POST' && !/\/backupStatus$/i.test(r.path)));
}

function vaultWrites(name: string) {
  return azureWrites().filter((r) => r.path.toLowerCase().includes(`/vaults/${name.toLowerCase()}`));
}

async function requested(): Promise<number> {
  return (await h.app.services.audit!.last(500)).filter((e) => e.event === 'requested').length;
}

describe('vault create', () => {
  it('asks for approval, then creates the vault and sets its storage redundancy, once; the vault is usable at once', async () => {
    const posted = await h.say('vault create rsv-weu-apps --region westeurope --rg rg-backup-weu --redundancy LRS', ALEX);
    const asked = textOf(cardOf(posted));
    expect(asked).toContain('Create vault rsv-weu-apps');
    expect(asked).toContain('Region: westeurope');
    expect(asked).toContain('Resource group: rg-backup-weu');
    expect(asked).toMatch(/Storage redundancy: locally redundant \(LRS\)\. Storage redundancy can no longer change once the vault protects an item/);
    expect(asked).toContain('Already in westeurope: rsv-weu-dev, rsv-weu-prod');
    expect(vaultWrites('rsv-weu-apps')).toHaveLength(0);

    const requestId = requestIdOf(cardOf(posted));
    const done = textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId));
    expect(done).toMatch(/Approved by Megan Bowen/);
    expect(done).toContain('Vault rsv-weu-apps is ready in westeurope, locally redundant (LRS)');
    expect(done).toContain('Storage redundancy: locally redundant (LRS) (unlocked)');
    expect(done).toMatch(/Security: soft delete on \(14 days\), immutability disabled, multi-user authorization disabled/);
    expect(done).toContain('[Vault rsv-weu-apps](https://portal.azure.com/#resource/subscriptions/6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-apps/overview)');
    expect(vaultWrites('rsv-weu-apps').map((r) => `${r.method} ${r.path.split('/rsv-weu-apps')[1] || '/'}`)).toEqual(['PUT /', 'PUT /backupstorageconfig/vaultstorageconfig']);
    // A second approval changes nothing.
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId))).toContain('already approved');
    expect(vaultWrites('rsv-weu-apps')).toHaveLength(2);
    // The new vault is there for the next steps: listed, with its DefaultPolicy, LRS.
    expect(await say('vaults', VIEWER)).toMatch(/rsv-weu-apps[\s\S]*Locally redundant \(LRS\)/);
    expect(await say('policies rsv-weu-apps', VIEWER)).toContain('DefaultPolicy');
    // Same name again: refused before Azure.
    expect(await say('vault create rsv-weu-apps --rg rg-backup-weu')).toContain('A vault named rsv-weu-apps already exists in resource group rg-backup-weu');
  });

  it('without --region and --rg: the region and resource group of the unprotected VMs, said on the card; GRS by default', async () => {
    const posted = await h.say('vault create rsv-neu-web', ALEX);
    const asked = textOf(cardOf(posted));
    expect(asked).toMatch(/Chosen for you: Region westeurope: \d+ of the \d+ unprotected VMs the bot sees are there/);
    expect(asked).toMatch(/Resource group rg-\w+: where the unprotected VMs of westeurope are/);
    expect(asked).toContain('Storage redundancy: geo-redundant (GRS), the default');
    // uksouth has a VM and no vault: the demo's case.
    const uks = textOf(cardOf(await h.say('vault create rsv-uks-apps --rg rg-uks', ALEX)));
    expect(uks).toContain('Region uksouth: the unprotected VM in resource group rg-uks (vm-uks-01) is there');
    expect(uks).toContain('Resource group: rg-uks');
    // All VMs of rg-eus are protected: the region of its resources.
    expect(await say('vault create rsv-eus-apps --rg rg-eus')).toContain('Region eastus: where the VMs and vaults of resource group rg-eus are');
  });
});

describe('vault create: bad input changes nothing', () => {
  it('each gets a specific sentence and no request, no Azure write', async () => {
    const before = await requested();
    const writes = azureWrites().length;
    expect(await say('vault')).toContain('What should I do with a vault? Usage: vault create');
    expect(await say('vault delete rsv-weu-prod')).toContain('"delete" is not something I do with a vault');
    expect(await say('vault create')).toContain('Which name for the new vault?');
    expect(await say('vault create r --region westeurope')).toContain('"r" has 1 characters: a vault name has 2 to 50');
    expect(await say(`vault create ${'a'.repeat(51)} --region westeurope`)).toContain('has 51 characters: a vault name has 2 to 50');
    expect(await say('vault create 1vault --region westeurope')).toContain('"1vault" does not start with a letter');
    expect(await say('vault create rsv_weu --region westeurope')).toContain('"rsv\\_weu" contains "\\_": a vault name has only letters, digits and hyphens');
    expect(await say('vault create rsv-x --region marsnorth')).toContain('The bot sees no VM in region "marsnorth"');
    expect(await say('vault create rsv-x --region "West Eurpe"')).toMatch(/did you mean westeurope/);
    expect(await say('vault create rsv-x --region westeurope --rg rg-nope')).toMatch(/The bot sees no resource group "rg-nope".*create it in the portal first/);
    expect(await say('vault create rsv-x --redundancy RAGRS')).toContain('"RAGRS" is not a storage redundancy: use GRS');
    expect(await say('vault create rsv-weu-prod --rg rg-web --region westeurope')).toContain('vault names must be unique in the subscription');
    expect(await say('vault create rsv-x --region westeurope --subscription zz')).toContain('"zz" is not a subscription id');
    expect(await say('vault create rsv-x --region westeurope --colour blue')).toContain('Unknown option --colour');
    expect(await say('vault create rsv-x --region westeurope', VIEWER)).toMatch(/operator/);
    expect(await requested()).toBe(before);
    expect(azureWrites()).toHaveLength(writes);
  });

  it('the requester cannot approve their own vault; a viewer click is refused server-side', async () => {
    const posted = await h.say('vault create rsv-own --region westeurope --rg rg-web', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    expect(textOf(await h.click('approvalApprove', { requestId }, ALEX, posted.resultId))).toMatch(/Only approvers|four-eyes/);
    expect(textOf(await h.click('approvalApprove', { requestId }, VIEWER, posted.resultId))).toMatch(/Only approvers|approver/);
    expect(vaultWrites('rsv-own')).toHaveLength(0);
  });
});
