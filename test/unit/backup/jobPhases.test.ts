import {
  SNAPSHOT_PHASE,
  changeJobSucceeded,
  TRANSFER_PHASE,
  errorCodeOf,
  jobStatusFromPhases,
  normaliseJobStatus,
  errorCodesOf,
  toJobRow,
  toJobView,
  type RawJob,
  type RawJobError,
} from '../../../src/backup/jobPhases';
import { parseDurationSeconds } from '../../../src/backup/duration';

const JOB_ID = '/Subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-weu/backupJobs/11111111-2222-3333-4444-555555555555';

function job(status: string, tasks?: Array<[string, string, string?]>, errorDetails?: RawJobError[]): RawJob {
  return {
    id: JOB_ID,
    name: '11111111-2222-3333-4444-555555555555',
    properties: {
      jobType: 'AzureIaaSVMJob',
      entityFriendlyName: 'vm-web-01',
      operation: 'Backup',
      status,
      startTime: new Date('2026-03-01T21:00:00Z'),
      endTime: status === 'InProgress' ? undefined : new Date('2026-03-01T22:30:00Z'),
      duration: 'PT1H30M',
      errorDetails,
      extendedInfo: tasks
        ? {
            // The 2024+ task shape (FINDINGS (c)): start/end times, with the 0001-01-01 sentinel while not started or ended.
            tasksList: tasks.map(([taskId, taskStatus, duration]) => taskOf(taskId, taskStatus, duration ?? '00:10:00')),
          }
        : undefined,
    },
  };
}

const TASK_START = Date.parse('2026-03-01T21:00:00Z');
const NOT_YET = '0001-01-01T00:00:00';

function taskOf(taskId: string, status: string, duration: string) {
  if (status === 'NotStarted') return { taskId, status, startTime: NOT_YET, endTime: NOT_YET, duration: 'PT0S' };
  const ended = status !== 'InProgress';
  const end = new Date(TASK_START + (parseDurationSeconds(duration) ?? 0) * 1000).toISOString();
  return { taskId, status, startTime: new Date(TASK_START).toISOString(), endTime: ended ? end : NOT_YET, duration };
}

describe('status matrix', () => {
  it.each([
    ['Completed', 'InProgress', 'InProgress'],
    ['Completed', 'Skipped', 'Completed'],
    ['Completed', 'Completed', 'Completed'],
    ['Completed', 'Failed', 'CompletedWithWarnings'],
    ['Failed', 'Failed', 'Failed'],
    ['InProgress', 'NotStarted', 'InProgress'],
  ] as const)('snapshot %s + transfer %s => %s', (snapshot, transfer, status) => {
    expect(jobStatusFromPhases(snapshot, transfer)).toBe(status);
  });

  it('normalises status spelling', () => {
    expect(normaliseJobStatus('completedwithwarnings')).toBe('CompletedWithWarnings');
    expect(normaliseJobStatus('Canceled')).toBe('Cancelled');
    expect(normaliseJobStatus('weird')).toBe('Unknown');
    expect(normaliseJobStatus(undefined)).toBe('Unknown');
  });

  it('says which job statuses mean an approved write was made (one meaning for every executor)', () => {
    expect(['Completed', 'completedwithwarnings', 'InProgress'].map(changeJobSucceeded)).toEqual([true, true, true]);
    expect(['Failed', 'Cancelled', 'Canceled', 'Cancelling', 'weird'].map(changeJobSucceeded)).toEqual([false, false, false, false, false]);
  });
});

describe('toJobView', () => {
  it('maps a job with both phases from the task list', () => {
    const view = toJobView(job('Completed', [['Take Snapshot', 'Completed', '00:04:10'], ['Transfer data to vault', 'Completed', '01:25:50']]));
    expect(view).toMatchObject({
      id: '11111111-2222-3333-4444-555555555555',
      vm: 'vm-web-01',
      vault: 'rsv-weu',
      resourceGroup: 'rg-backup',
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      operation: 'Backup',
      status: 'Completed',
      terminal: true,
      start: '2026-03-01T21:00:00.000Z',
      end: '2026-03-01T22:30:00.000Z',
      duration: '1 h 30 min',
      durationSeconds: 5400,
      errors: [],
    });
    expect(view.vaultId).toMatch(/\/vaults\/rsv-weu$/);
    expect(view.phases).toEqual([
      expect.objectContaining({ name: SNAPSHOT_PHASE, status: 'Completed', duration: '4 min 10 s', inferred: false }),
      expect.objectContaining({ name: TRANSFER_PHASE, status: 'Completed', duration: '1 h 25 min', inferred: false }),
    ]);
    expect(view.meaning).toMatch(/transferred to the vault/);
  });

  it('explains CompletedWithWarnings: snapshot only, kept for the instant-restore days, no vault copy', () => {
    const view = toJobView(
      job('CompletedWithWarnings', [['Take Snapshot', 'Completed'], ['Transfer data to vault', 'Failed']], [
        { errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime', errorString: 'Copying backed up data from vault timed out', recommendations: ['Retry'] },
      ]),
      { instantRestoreDays: 2 },
    );
    expect(view.status).toBe('CompletedWithWarnings');
    expect(view.meaning).toMatch(/no vault copy/);
    expect(view.meaning).toMatch(/2 days/);
    expect(view.errors[0]).toMatchObject({ code: 'CopyingVHDsFromBackUpVaultTakingLongTime', message: 'Copying backed up data from vault timed out', recommendations: ['Retry'] });
    expect(view.errors[0].catalogue.known).toBe(true);
  });

  it('says "the policy\'s instant-restore days" when the retention is not known', () => {
    expect(toJobView(job('CompletedWithWarnings')).meaning).toMatch(/policy's instant-restore days/);
  });

  it('explains a transfer that is still running and a skipped transfer', () => {
    expect(toJobView(job('InProgress', [['Take Snapshot', 'Completed'], ['Transfer data to vault', 'InProgress']])).meaning).toMatch(/instant restore is already possible/);
    expect(toJobView(job('InProgress', [['Take Snapshot', 'InProgress'], ['Transfer data to vault', 'NotStarted']])).meaning).toMatch(/taking the snapshot/);
    expect(toJobView(job('Completed', [['Take Snapshot', 'Completed'], ['Transfer data to vault', 'Skipped']])).meaning).toMatch(/skipped/);
  });

  it('infers phases of finished backup jobs from the matrix when there is no task list, never for running ones', () => {
    expect(toJobView(job('Failed')).phases.map((p) => [p.status, p.inferred])).toEqual([
      ['Failed', true],
      ['Failed', true],
    ]);
    expect(toJobView(job('CompletedWithWarnings')).phases.map((p) => p.status)).toEqual(['Completed', 'Failed']);
    expect(toJobView(job('InProgress')).phases).toEqual([]);
    expect(toJobView(job('InProgress')).terminal).toBe(false);
  });

  it('maps errors through the catalogue, with the region in network remedies', () => {
    const view = toJobView(job('Failed', undefined, [{ errorCode: 'ExtensionSnapshotFailedNoNetwork', errorString: '' }]), { region: 'westeurope' });
    expect(view.errors[0].message).toBe(view.errors[0].catalogue.meaning);
    expect(view.errors[0].catalogue.action).toContain('Storage.westeurope');
    expect(view.meaning).toMatch(/failed/);
  });

  it('describes ConfigureBackup jobs', () => {
    const raw = job('Completed');
    raw.properties!.operation = 'ConfigureBackup';
    const view = toJobView(raw);
    expect(view.phases).toEqual([]);
    expect(view.meaning).toMatch(/Protection is configured/);
  });

  it('falls back on start/end for the duration and accepts string dates', () => {
    const view = toJobView({ id: JOB_ID, properties: { operation: 'Backup', status: 'Failed', startTime: '2026-03-01T21:00:00Z', endTime: '2026-03-01T21:02:00Z' } });
    expect(view.durationSeconds).toBe(120);
    expect(view.id).toBe('11111111-2222-3333-4444-555555555555');
  });
});

describe('errorCodeOf', () => {
  it('prefers a known code wherever Azure put it', () => {
    expect(errorCodeOf({ errorCode: 'UserErrorGuestAgentStatusUnavailable' })).toBe('UserErrorGuestAgentStatusUnavailable');
    expect(errorCodeOf({ errorCode: 400001, errorTitle: 'ExtensionSnapshotFailedNoNetwork' })).toBe('ExtensionSnapshotFailedNoNetwork');
    expect(errorCodeOf({ errorCode: 400001, errorString: 'Error: UserErrorRpCollectionLimitReached - the collection is full' })).toBe('UserErrorRpCollectionLimitReached');
    expect(errorCodeOf({ errorCode: 320001, errorString: 'Could not perform the operation as VM no longer exists.' })).toBe('320001');
  });

  it('keeps an unknown code or number as is', () => {
    expect(errorCodeOf({ errorCode: 'BrandNewError' })).toBe('BrandNewError');
    expect(errorCodeOf({ errorCode: 123456 })).toBe('123456');
    expect(errorCodeOf({})).toBe('Unknown');
  });

  it('turns a numeric code into its named catalogue entry in the view', () => {
    const view = toJobView(job('Failed', undefined, [{ errorCode: 320001, errorString: 'VM no longer exists' }]));
    expect(view.errors[0].code).toBe('ResourceNotFound');
  });
});

// Issue 16: a listing builds rows (what a list line shows) for its 200 jobs; the card's view of the
// same job must agree with the row on every field the row has, error codes included.
describe('toJobRow', () => {
  const errors: RawJobError[] = [{ errorCode: 320001, errorString: 'VM no longer exists' }, { errorCode: 'UserErrorGuestAgentStatusUnavailable' }, { errorCode: 'BrandNewError' }];
  const jobs: RawJob[] = [
    job('Completed'),
    job('Failed', undefined, errors),
    job('InProgress', [['Take Snapshot', 'InProgress']]),
    { ...job('Completed'), properties: { ...job('Completed').properties, containerName: 'iaasvmcontainerv2;rg-web;vm-web-01', duration: undefined } },
    { name: 'bare' },
  ];

  it.each(jobs.map((raw, i) => [i, raw] as const))('job %i: the row has the view\'s list fields and error codes', (_i, raw) => {
    const { rawErrors, ...row } = toJobRow(raw);
    const view = toJobView(raw);
    expect(view).toMatchObject(row);
    expect(errorCodesOf({ rawErrors })).toEqual(view.errors.map((error) => error.code));
  });

  it('names the vault, the VM resource group and the catalogue codes', () => {
    const row = toJobRow(jobs[3]);
    expect(row).toMatchObject({ vault: 'rsv-weu', vaultId: expect.stringMatching(/vaults\/rsv-weu$/), vmResourceGroup: 'rg-web', duration: '1 h 30 min', status: 'Completed' });
    expect(errorCodesOf(toJobRow(jobs[1]))).toEqual(['ResourceNotFound', 'UserErrorGuestAgentStatusUnavailable', 'BrandNewError']);
  });
});
