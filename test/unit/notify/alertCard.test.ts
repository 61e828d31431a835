import { toJobView } from '../../../src/backup/jobPhases';
import { expandCard } from '../../../src/bot/cards';
import { acknowledgedViewModel, alertViewModel } from '../../../src/notify/alertCard';
import { jobViewModel } from '../../../src/commands/jobCard';
import { textOf } from '../../helpers/cardReading';
import { assertValidCard } from '../../helpers/cardValidation';

/** The parts of a rendered card these tests read. */
type CardJson = { body: unknown[]; actions?: Array<{ type: string; title: string; verb?: string; data?: unknown }> };

const VAULT_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod';

function rawJob(status: string, snapshot: string, transfer: string, errorCode: string) {
  return {
    id: `${VAULT_ID}/backupJobs/4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10`,
    name: '4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10',
    properties: {
      jobType: 'AzureIaaSVMJob',
      entityFriendlyName: 'vm-web-02',
      operation: 'Backup',
      status,
      startTime: '2026-03-23T21:00:00Z',
      endTime: '2026-03-23T22:41:00Z',
      errorDetails: [{ errorCode, errorString: 'The operation failed.', recommendations: [] }],
      extendedInfo: {
        tasksList: [
          // The 2024+ task shape with start and end times (FINDINGS (c)).
          { taskId: 'Take Snapshot', status: snapshot, startTime: '2026-03-23T21:00:00Z', endTime: '2026-03-23T21:12:00Z', duration: 'PT12M' },
          { taskId: 'Transfer data to vault', status: transfer, startTime: '2026-03-23T21:12:00Z', endTime: '2026-03-23T22:41:00Z', duration: 'PT1H29M' },
        ],
      },
    },
  };
}

describe('alert card', () => {
  it('explains a warning: both phases, no vault copy, snapshot kept for the policy\'s instant-restore days, remedy', () => {
    const job = toJobView(rawJob('CompletedWithWarnings', 'Completed', 'Failed', 'ExtensionSnapshotFailedNoNetwork'));
    const model = alertViewModel(job, 'rsv-weu-prod', { timeZone: 'Europe/Paris', instantRestoreDays: 2, policy: 'pol-weu-nightly' });
    expect(model.title).toBe('Backup completed with warnings: vm-web-02');
    expect(model.vault).toBe('rsv-weu-prod');
    expect(model.phases).toEqual([
      { name: 'Take Snapshot', label: expect.stringMatching(/^Completed \(12 min/) },
      { name: 'Transfer data to vault', label: expect.stringMatching(/^Failed \(1 h 29 min/) },
    ]);
    expect(model.meaning).toContain('no vault copy');
    expect(model.meaning).toContain('kept for 2 days (instant-restore retention, policy pol-weu-nightly)');
    expect(model.errors[0].code).toBe('ExtensionSnapshotFailedNoNetwork');
    expect([model.errors[0].action, ...model.errors[0].steps].join(' ')).toMatch(/Storage\.|proxy|Firewall/);
    expect(model.started).toBe('Mon 23 Mar 2026 22:00 Europe/Paris');

    const card = expandCard('notify-alert', model) as CardJson;
    assertValidCard(card);
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', title: 'Back up now', verb: 'backupNow', data: { vm: 'vm-web-02' } }),
      expect.objectContaining({ type: 'Action.Execute', title: 'Acknowledge', verb: 'alertAcknowledge', data: { jobId: '4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10' } }),
    ]);
  });

  it('explains a failure with its catalogue meaning', () => {
    const job = toJobView(rawJob('Failed', 'Failed', 'Failed', 'UserErrorGuestAgentStatusUnavailable'));
    const model = alertViewModel(job, 'rsv-weu-prod', { timeZone: 'UTC' });
    expect(model.title).toBe('Backup failed: vm-web-02');
    expect(model.meaning).toContain('no snapshot and no vault copy');
    expect(model.errors[0].meaning.length).toBeGreaterThan(10);
    assertValidCard(expandCard('notify-alert', model));
  });

  it('once acknowledged, names who and when and drops the Acknowledge button', () => {
    const job = toJobView(rawJob('Failed', 'Failed', 'Failed', 'UserErrorGuestAgentStatusUnavailable'));
    const model = acknowledgedViewModel(alertViewModel(job, 'rsv-weu-prod', { timeZone: 'UTC' }), 'Alex Wilber', new Date('2026-03-24T08:05:00Z'), 'UTC');
    const card = expandCard('notify-alert', model) as CardJson;
    assertValidCard(card);
    expect((card.actions ?? []).map((a) => a.title)).toEqual(['Back up now']);
    expect(JSON.stringify(card.body)).toContain('Acknowledged by Alex Wilber on Tue 24 Mar 2026 08:05 UTC.');
  });
});

describe('alert and job card of the same job (issue 13.8)', () => {
  it.each([
    ['Failed', 'Failed', 'Failed', 'UserErrorGuestAgentStatusUnavailable'],
    ['CompletedWithWarnings', 'Completed', 'Failed', 'ExtensionSnapshotFailedNoNetwork'],
  ])('%s: the same error advice, word for word, and phases in words', (status, snapshot, transfer, code) => {
    const job = toJobView(rawJob(status, snapshot, transfer, code));
    const alert = expandCard('notify-alert', alertViewModel(job, 'rsv-weu-prod', { timeZone: 'UTC' }));
    const jobCard = expandCard('job', jobViewModel(job, { timeZone: 'UTC', canRetry: false }));
    const advice = (card: object) => textOf(card).split('\n').filter((line) => line.startsWith('Error **') || line.startsWith('**What to do:**') || line.startsWith('- ') || line.startsWith('Azure says:'));
    expect(advice(alert).length).toBeGreaterThan(2);
    expect(advice(alert)).toEqual(advice(jobCard));
    expect(JSON.stringify(alert)).not.toMatch(/"(NotStarted|InProgress)/);
  });

  it('an alert stored before the shared advice still renders when acknowledged', () => {
    const job = toJobView(rawJob('Failed', 'Failed', 'Failed', 'UserErrorGuestAgentStatusUnavailable'));
    const old = { ...alertViewModel(job, 'rsv-weu-prod', { timeZone: 'UTC' }), errors: [{ code: 'X', meaning: 'It broke.', message: '', remedy: 'Fix it.' }] };
    const card = expandCard('notify-alert', acknowledgedViewModel(old as never, 'Alex Wilber', new Date('2026-03-24T08:05:00Z'), 'UTC'));
    assertValidCard(card);
    expect(textOf(card)).toContain('**What to do:** Fix it.');
  });
});
