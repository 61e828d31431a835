import { toJobView, type RawJob } from '../../../src/backup/jobPhases';
import { jobCard, jobViewModel } from '../../../src/commands/jobCard';
import { stateOf } from '../../../src/commands/jobFollower';
import { assertValidCard } from '../../helpers/cardValidation';

const VAULT = '/subscriptions/6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod';

function job(status: string, tasks: Array<[string, string]>, extra: Partial<RawJob['properties']> = {}): RawJob {
  return {
    id: `${VAULT}/backupJobs/6e88b4b1-8180-456e-bbd9-da6c2c75d540`,
    name: '6e88b4b1-8180-456e-bbd9-da6c2c75d540',
    properties: {
      jobType: 'AzureIaaSVMJob',
      entityFriendlyName: 'vm-web-01',
      operation: 'Backup',
      status,
      startTime: '2026-11-23T22:00:00Z',
      // The 2024+ task shape: start/end times, 0001-01-01T00:00:00 while not started or not ended (FINDINGS (c)).
      extendedInfo: {
        tasksList: tasks.map(([taskId, taskStatus]) =>
          taskStatus === 'NotStarted'
            ? { taskId, status: taskStatus, startTime: '0001-01-01T00:00:00', endTime: '0001-01-01T00:00:00', duration: 'PT0S' }
            : { taskId, status: taskStatus, startTime: '2026-11-23T22:00:00Z', endTime: taskStatus === 'InProgress' ? '0001-01-01T00:00:00' : '2026-11-23T22:05:00Z', duration: 'PT5M' },
        ),
      },
      ...extra,
    },
  };
}

const running = toJobView(job('InProgress', [['Take Snapshot', 'InProgress'], ['Transfer data to vault', 'NotStarted']]));
const warning = toJobView(
  job('CompletedWithWarnings', [['Take Snapshot', 'Completed'], ['Transfer data to vault', 'Failed']], {
    endTime: '2026-11-23T22:45:00Z',
    errorDetails: [{ errorCode: 'ExtensionSnapshotFailedNoNetwork', errorString: 'Snapshot operation failed due to no network connectivity on the virtual machine.' }],
  }),
  { region: 'westeurope' },
);
const completed = toJobView(job('Completed', [['Take Snapshot', 'Completed'], ['Transfer data to vault', 'Completed']], { endTime: '2026-11-23T22:45:00Z' }));

describe('job card', () => {
  it('a running backup followed in place: phases, no duration for a phase not started, says it updates itself', () => {
    const model = jobViewModel(running, { timeZone: 'Europe/Paris', canRetry: true, following: true, requestedBy: 'Alex Wilber' });
    expect(model.statusLabel).toBe('In progress');
    expect(model.phases).toEqual([
      { name: 'Take Snapshot', status: 'Running', color: 'Accent', detail: 'since Mon 23 Nov 2026 23:00 Europe/Paris' },
      { name: 'Transfer data to vault', status: 'Not started', color: 'Default', detail: '' },
    ]);
    expect(model.footer).toBe('Requested by Alex Wilber. This card updates itself as the job moves.');
    expect(model.showRetry).toBe(false);
    expect(model.facts).toContainEqual({ title: 'Started', value: 'Mon 23 Nov 2026 23:00 Europe/Paris' });
    assertValidCard(jobCard(running, { timeZone: 'Europe/Paris', canRetry: true, following: true }));
  });

  it('a running job not followed tells how to see its progress', () => {
    expect(jobViewModel(running, { timeZone: 'UTC', canRetry: false }).footer).toBe('Type **job 6e88b4b1-8180-456e-bbd9-da6c2c75d540** again to see its progress.');
  });

  it('a warning backup: the catalogue meaning and remedy with the region, and Retry for operators only', () => {
    const operator = jobViewModel(warning, { timeZone: 'UTC', canRetry: true });
    expect(operator.statusLabel).toBe('Completed with warnings');
    expect(operator.statusColor).toBe('Warning');
    expect(operator.errors).toHaveLength(1);
    expect(operator.errors[0]).toMatchObject({ code: 'ExtensionSnapshotFailedNoNetwork', message: 'Snapshot operation failed due to no network connectivity on the virtual machine.' });
    expect(operator.errors[0].action).toContain('Storage.westeurope');
    expect(operator.errors[0].steps.join('\n')).toMatch(/NSG[\s\S]*proxy[\s\S]*Azure Firewall/);
    expect(operator.showRetry).toBe(true);
    expect(jobViewModel(warning, { timeZone: 'UTC', canRetry: false }).showRetry).toBe(false);
    assertValidCard(jobCard(warning, { timeZone: 'UTC', canRetry: true }));
  });

  it('no Retry on a completed backup nor on a failed job that is not a backup', () => {
    expect(jobViewModel(completed, { timeZone: 'UTC', canRetry: true }).showRetry).toBe(false);
    const configure = toJobView(job('Failed', [], { operation: 'ConfigureBackup' }));
    expect(jobViewModel(configure, { timeZone: 'UTC', canRetry: true }).showRetry).toBe(false);
  });

  it('"Kept until" only where a recovery point exists: none for a failed backup, the snapshot only with warnings (issue 13.4)', () => {
    const retention = 'Wed 23 Dec 2026 22:00 UTC (30 days)';
    const factsOf = (view: typeof running) => jobViewModel(view, { timeZone: 'UTC', canRetry: true, retention }).facts;
    expect(factsOf(completed)).toContainEqual({ title: 'Kept until', value: retention });
    expect(factsOf(running)).toContainEqual({ title: 'Kept until', value: `${retention}, once in the vault` });
    expect(factsOf(warning).map((f) => f.title)).not.toContain('Kept until');
    expect(factsOf(warning)).toContainEqual({ title: 'Recovery point', value: 'snapshot only, no vault copy' });
    const failed = toJobView(job('Failed', [['Take Snapshot', 'Failed'], ['Transfer data to vault', 'NotStarted']], { endTime: '2026-11-23T22:10:00Z' }));
    expect(factsOf(failed).map((f) => f.title)).not.toContain('Kept until');
    expect(factsOf(failed)).toContainEqual({ title: 'Recovery point', value: 'none' });
  });

  it('the follower edits the card only when status, a phase or the errors change', () => {
    const later = toJobView(job('InProgress', [['Take Snapshot', 'InProgress'], ['Transfer data to vault', 'NotStarted']], { duration: 'PT9M' }));
    expect(stateOf(later)).toBe(stateOf(running));
    const transferring = toJobView(job('InProgress', [['Take Snapshot', 'Completed'], ['Transfer data to vault', 'InProgress']]));
    expect(stateOf(transferring)).not.toBe(stateOf(running));
    expect(stateOf(warning)).toBe('CompletedWithWarnings|Take Snapshot=Completed,Transfer data to vault=Failed|ExtensionSnapshotFailedNoNetwork');
  });
});
