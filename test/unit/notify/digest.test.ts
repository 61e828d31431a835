import { expandCard, cardBytes, MAX_CARD_BYTES } from '../../../src/bot/cards';
import { buildDigest, type DigestInput } from '../../../src/notify/digest';
import type { JournalEntry } from '../../../src/notify/jobJournal';
import { assertValidCard } from '../../helpers/cardValidation';

const END = new Date('2026-03-24T07:00:00Z'); // 08:00 in Paris
const START = new Date('2026-03-23T07:00:00Z');

function job(vm: string, status: string, extra: Partial<JournalEntry> = {}): JournalEntry {
  return { id: `job-${vm}-${status}`, vm, vaultId: 'v1', vault: 'rsv-weu-prod', status, start: '2026-03-23T21:00:00Z', end: '2026-03-23T21:40:00Z', errorCodes: [], ...extra };
}

function input(extra: Partial<DigestInput> = {}): DigestInput {
  return {
    windowStart: START,
    windowEnd: END,
    timeZone: 'Europe/Paris',
    ended: [],
    running: [],
    protectedVms: [],
    staleBackupHours: 48,
    coverage: undefined,
    ...extra,
  };
}

function text(model: object): string {
  const card = expandCard('notify-digest', model);
  assertValidCard(card);
  // Names show non-breaking hyphens (issue 13.9): read them as the hyphens they look like.
  return JSON.stringify(card).replace(/\u2011/g, '-');
}

describe('buildDigest', () => {
  it('links to the jobs of the vaults with failures in the portal', () => {
    const vaultId = '/subscriptions/6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod';
    const model = buildDigest(input({ ended: [job('vm-a', 'Failed', { vaultId }), job('vm-b', 'Completed', { vaultId })] }));
    expect(model.links).toEqual([{ title: 'Jobs of rsv-weu-prod in the portal', url: `https://portal.azure.com/#resource${vaultId}/backupJobs` }]);
    expect(buildDigest(input({ ended: [job('vm-b', 'Completed', { vaultId })] })).links).toEqual([]);
  });

  it('carries the coverage line when the VMs could be read, none when not', () => {
    const counts = { failing: 1, unprotected: 3, stale: 2, stopped: 0, pending: 1, protected: 17, unknown: 0 };
    const model = buildDigest(input({ coverage: counts }));
    expect(model.coverage).toBe('Coverage: 3 VMs unprotected, 2 stale, 1 failing. Type **coverage** for the list.');
    expect(text(model)).toContain('Coverage: 3 VMs unprotected, 2 stale, 1 failing.');
    expect(buildDigest(input({ coverage: { ...counts, failing: 0, unprotected: 0, stale: 0 } })).coverage).toBe('Coverage: all 18 VMs protected and backed up.');
    expect(buildDigest(input()).coverage).toBe('');
    expect(text(buildDigest(input()))).not.toContain('Coverage');
  });

  it('says "nothing to report" in one line when all went well', () => {
    const model = buildDigest(input({ ended: [job('vm-a', 'Completed'), job('vm-b', 'Completed')], protectedVms: [{ vm: 'vm-a', vault: 'rsv-weu-prod', lastSuccessfulBackup: '2026-03-23T21:40:00Z' }] }));
    expect(model.nothingToReport).toBe(true);
    expect(model.summary).toBe('Nothing to report: 2 backup jobs ended (2 completed), no failures, no warnings, no stale or stuck backups.');
    const card = expandCard('notify-digest', model) as { body: Array<{ type: string; text?: string }> };
    assertValidCard(card);
    // Title, window and the one line: no sections.
    expect(card.body.map((b) => b.type)).toEqual(['TextBlock', 'TextBlock', 'TextBlock']);
  });

  it('shows the window in the subscription zone', () => {
    expect(buildDigest(input()).window).toBe('Mon 23 Mar 2026 08:00 Europe/Paris to Tue 24 Mar 2026 08:00 Europe/Paris');
  });

  it('counts by status and groups failed and warning jobs by vault with the catalogue remedy', () => {
    const model = buildDigest(
      input({
        ended: [
          job('vm-a', 'Completed'),
          job('vm-b', 'CompletedWithWarnings', { errorCodes: ['ExtensionSnapshotFailedNoNetwork'] }),
          job('vm-c', 'Failed', { errorCodes: ['UserErrorGuestAgentStatusUnavailable'], vault: 'rsv-eus-prod', vaultId: 'v2' }),
        ],
        running: [{ id: 'r1', vm: 'vm-d', vault: 'rsv-weu-prod', start: '2026-03-24T06:00:00Z' }],
      }),
    );
    expect(model.nothingToReport).toBe(false);
    expect(model.summary).toBe('3 backup jobs ended (1 completed, 1 completed with warnings, 1 failed); 1 running now');
    expect(model.counts).toEqual([
      { title: 'Completed', value: '1' },
      { title: 'Completed with warnings', value: '1' },
      { title: 'Failed', value: '1' },
    ]);
    expect(model.vaults.map((v) => v.headline)).toEqual(['**rsv-eus-prod**: 1 failed', '**rsv-weu-prod**: 1 with warnings']);
    expect(model.vaults[1].jobs[0].text).toBe('vm-b: Completed with warnings at Mon 23 Mar 2026 22:40 Europe/Paris (ExtensionSnapshotFailedNoNetwork)');
    expect(model.vaults[1].remedies[0].text).toMatch(/^\*\*ExtensionSnapshotFailedNoNetwork\*\*: .+/);
    expect(model.vaults[1].remedies.map((r) => r.text).join(' ')).toContain('only the snapshot exists');
    expect(model.vaults[0].remedies[0].text).toMatch(/^\*\*UserErrorGuestAgentStatusUnavailable\*\*/);
    expect(text(model)).toContain('rsv-eus-prod');
  });

  it('lists VMs whose last good backup is older than the threshold (or never), oldest first', () => {
    const model = buildDigest(
      input({
        protectedVms: [
          { vm: 'fresh', vault: 'v', lastSuccessfulBackup: '2026-03-23T21:00:00Z' },
          { vm: 'old', vault: 'v', lastSuccessfulBackup: '2026-03-21T06:00:00Z' },
          { vm: 'never', vault: 'v' },
          { vm: 'older', vault: 'v', lastSuccessfulBackup: '2026-03-19T06:00:00Z' },
        ],
      }),
    );
    expect(model.stale.map((l) => l.text.split(' ')[0])).toEqual(['never', 'older', 'old']);
    expect(model.stale[2].text).toBe('old (v): last good backup Sat 21 Mar 2026 07:00 Europe/Paris, 3 days ago');
    expect(model.staleTitle).toBe('VMs without a successful backup (recovery point) in the last 48 h');
    expect(text(model)).toContain('no successful backup on record');
  });

  it('counts the last successful recovery point against STALE_BACKUP_HOURS for every VM, and says what that means for its schedule (issue 13.5)', () => {
    // END is Tue 24 Mar 07:00 UTC: vm-batch-01's last good backup is 100 h old, on a weekly policy.
    const model = buildDigest(
      input({
        protectedVms: [
          { vm: 'vm-batch-01', vault: 'v', policy: 'pol-weu-weekly', lastSuccessfulBackup: '2026-03-20T03:00:00Z', scheduleIntervalHours: 168 },
          { vm: 'weekly-late', vault: 'v', policy: 'pol-weekly', lastSuccessfulBackup: '2026-03-15T01:00:00Z', scheduleIntervalHours: 168 },
          { vm: 'daily-late', vault: 'v', policy: 'DefaultPolicy', lastSuccessfulBackup: '2026-03-21T01:00:00Z', scheduleIntervalHours: 24 },
          { vm: 'daily-fresh', vault: 'v', policy: 'DefaultPolicy', lastSuccessfulBackup: '2026-03-23T01:00:00Z', scheduleIntervalHours: 24 },
        ],
      }),
    );
    expect(model.stale.map((l) => l.text.split(' ')[0])).toEqual(['weekly-late', 'vm-batch-01', 'daily-late']);
    expect(model.stale[1].text).toMatch(/^vm-batch-01 \(v\): last good backup .*, 4 days ago; policy pol-weu-weekly runs every 7 days, so no run was missed yet$/);
    expect(model.stale[0].text).toMatch(/; policy pol-weekly runs every 7 days: 1 scheduled run without a recovery point$/);
    expect(model.stale[2].text).toMatch(/; policy DefaultPolicy runs daily: 3 scheduled runs without a recovery point$/);
    expect(model.nothingToReport).toBe(false);
  });

  it('lists jobs running longer than 24 h', () => {
    const model = buildDigest(
      input({
        running: [
          { id: 'r1', vm: 'vm-short', vault: 'v', start: '2026-03-24T01:00:00Z' },
          { id: 'r2', vm: 'vm-long', vault: 'v', start: '2026-03-22T21:00:00Z' },
        ],
      }),
    );
    expect(model.longRunning.map((l) => l.text)).toEqual(['vm-long (v): running since Sun 22 Mar 2026 22:00 Europe/Paris, 34 h']);
    expect(model.nothingToReport).toBe(false);
  });

  it('stays under the card size limit on a very bad night, saying what is not shown', () => {
    const ended = Array.from({ length: 400 }, (_, i) =>
      job(`vm-${String(i).padStart(3, '0')}`, i % 2 ? 'Failed' : 'CompletedWithWarnings', { vault: `rsv-${i % 20}`, vaultId: `v${i % 20}`, errorCodes: ['ExtensionSnapshotFailedNoNetwork', 'UserErrorGuestAgentStatusUnavailable'] }),
    );
    const protectedVms = Array.from({ length: 300 }, (_, i) => ({ vm: `stale-${i}`, vault: 'v' }));
    const model = buildDigest(input({ ended, protectedVms }));
    const card = expandCard('notify-digest', model);
    assertValidCard(card);
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(model.more).toContain('more vaults with failures');
    expect(model.more).toContain('285 more VMs without a recent backup');
  });
});
