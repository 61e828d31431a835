import { VIEWER } from '../../helpers/activities';
import { ApprovalHarness, cardOf, textOf } from '../approvals/approvalHarness';

// `vaults`: each vault's security state (from the vault list's securitySettings), the storage it
// uses (its usages) and a portal link, over real HTTP and the real SDKs against the sandbox.

const h = new ApprovalHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

/** The lines of one vault's row: from its name to the next vault's. */
function rowOf(text: string, vault: string): string {
  const start = text.indexOf(`**${vault}**`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n**rsv-', start + 2);
  return text.slice(start, next < 0 ? undefined : next);
}

it('shows soft delete, immutability, multi-user authorization, storage used and a portal link per vault', async () => {
  const before = h.sandbox.requests().length;
  const text = textOf(cardOf(await h.say('vaults', VIEWER)));
  const reads = h.sandbox.requests().slice(before);
  const prod = rowOf(text, 'rsv-weu-prod');
  expect(prod).toContain('Security: soft delete on (14 days), immutability disabled, multi-user authorization disabled');
  expect(prod).toMatch(/Storage used: [1-9][\d.]* (GiB|TiB)/);
  expect(prod).toContain('[Open in the Azure portal](https://portal.azure.com/#resource/subscriptions/6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod/overview)');
  // One usages read per vault, one vault list per subscription for the security settings.
  const vaultCount = (text.match(/\n\*\*rsv-/g) ?? []).length + (text.startsWith('**rsv-') ? 1 : 0);
  expect(vaultCount).toBeGreaterThanOrEqual(5);
  expect(reads.filter((r) => /\/usages$/i.test(r.path))).toHaveLength(vaultCount);
});

it('a vault whose usages cannot be read says so, and the others still show', async () => {
  h.sandbox.setFaults({ share: 1, status: 403, pathContains: 'rsv-eus-prod/usages' });
  try {
    const text = textOf(cardOf(await h.say('vaults', VIEWER)));
    expect(rowOf(text, 'rsv-eus-prod')).toContain('Storage used: not read');
    expect(rowOf(text, 'rsv-weu-prod')).toMatch(/Storage used: [1-9]/);
  } finally {
    h.sandbox.clearFaults();
  }
});
