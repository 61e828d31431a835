import { BackupError, InvalidInputError, NotFoundError, AmbiguousNameError, parseRetention, type BackupService } from '../../../src/backup';
import { caught, startBackupHarness, type BackupHarness } from './harness';
import { isArmWrite } from '../../helpers/armWrites';

// Write paths of the BackupService against the sandbox: backup now (202 -> operation status -> job),
// enable protection (refresh -> protectable item -> PUT -> ConfigureBackup job), policy schedule update.

let h: BackupHarness;
let service: BackupService;

beforeAll(async () => {
  h = await startBackupHarness({ startTime: '2026-03-20T12:00:00Z', operationPolls: 2 });
  service = h.service;
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.sandbox.control.reset();
  h.sandbox.control.clearFaults();
  service.invalidateCache();
  h.mark();
});

const writes = () => h.requestsSinceMark().filter(isArmWrite);
const days = (n: number) => new Date(h.sandbox.control.now().getTime() + n * 86_400_000);

describe('backup now', () => {
  it('triggers the backup, follows the operation to its job id and returns the job', async () => {
    const retention = parseRetention({ keep: '30d' }, h.sandbox.control.now());
    const job = await service.triggerBackup('vm-web-01', retention.expiry);
    expect(job).toMatchObject({ vm: 'vm-web-01', vault: 'rsv-weu-prod', operation: 'Backup', status: 'InProgress', terminal: false });
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.phases.map((p) => p.name)).toEqual(['Take Snapshot', 'Transfer data to vault']);
    const posts = writes();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ method: 'POST', status: 202 });
    expect(posts[0].path).toMatch(/protectionContainers\/iaasvmcontainer;iaasvmcontainerv2;rg-web;vm-web-01\/protectedItems\/vm;iaasvmcontainerv2;rg-web;vm-web-01\/backup$/i);
    // Followed at vault level, as the CLI and PowerShell do (FINDINGS (e)).
    const polls = h.requestsSinceMark().filter((r) => /\/vaults\/rsv-weu-prod\/backupOperations\/[0-9a-f-]+$/i.test(r.path));
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });

  it('reads only what one VM needs: no VM list, no vault list (the vault is described from the id backupStatus gives)', async () => {
    const job = await service.triggerBackup('rg-web/vm-web-01', days(30));
    expect(job.vault).toBe('rsv-weu-prod');
    const reads = h
      .requestsSinceMark()
      .filter((r) => !isArmWrite(r))
      .map((r) => r.path.split('/').slice(-2).join('/').toLowerCase());
    // Subscriptions (rg/name names no subscription), the VM, backupStatus, its item, the operation polls, the job.
    expect(reads.filter((r) => !r.startsWith('backupoperations/'))).toEqual([
      '/subscriptions',
      'virtualmachines/vm-web-01',
      'westeurope/backupstatus',
      'protecteditems/vm;iaasvmcontainerv2;rg-web;vm-web-01',
      `backupjobs/${job.id}`,
    ]);
  });

  it('follows a job to CompletedWithWarnings phase by phase', async () => {
    h.sandbox.control.setOutcome({ vm: 'rg-web/vm-web-02', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    const started = await service.triggerBackup('vm-web-02', days(30));
    const seen: string[] = [started.status];
    let job = started;
    for (let i = 0; i < 48 && !job.terminal; i++) {
      await h.sandbox.control.advanceClock(5);
      job = await service.getJob(started.id, 'rsv-weu-prod');
      if (seen[seen.length - 1] !== `${job.phases[0].status}/${job.phases[1].status}`) seen.push(`${job.phases[0].status}/${job.phases[1].status}`);
    }
    expect(seen).toContain('Completed/InProgress');
    expect(job.status).toBe('CompletedWithWarnings');
    expect(job.phases.map((p) => p.status)).toEqual(['Completed', 'Failed']);
    expect(job.errors[0].code).toBe('CopyingVHDsFromBackUpVaultTakingLongTime');
    expect(job.meaning).toMatch(/no vault copy.*2 days/);
  });

  it('counts nothing itself: a backup asked for while another runs is what Azure makes of it (the Failed job UserErrorBackupOperationInProgress)', async () => {
    await service.triggerBackup('vm-web-01', days(30));
    h.mark();
    const second = await service.triggerBackup('vm-web-01', days(30)).catch((err: unknown) => err);
    // No job list is read to count today's backups: Azure's jobs do not say which were on demand (FINDINGS (b)).
    expect(h.requestsSinceMark().filter((r) => /\/backupJobs$/i.test(r.path))).toEqual([]);
    expect(writes()).toHaveLength(1);
    // Azure answers 202 and the new job fails at once (FINDINGS (d), TF:5): the bot returns that job.
    expect(second).not.toBeInstanceOf(Error);
    expect(second).toMatchObject({ status: 'Failed', operation: 'Backup', terminal: true, errors: [expect.objectContaining({ code: 'UserErrorBackupOperationInProgress' })], phases: [] });
    expect((second as { meaning: string }).meaning).toMatch(/another backup of the VM was still in progress/);
  });

  it('refuses unprotected, ambiguous and unknown VMs and bad expiry dates without writing anything', async () => {
    const unprotected = await caught(() => service.triggerBackup('vm-web-03', days(30)));
    expect(unprotected).toBeInstanceOf(InvalidInputError);
    expect(unprotected.message).toMatch(/vm-web-03 is not protected by any vault/);
    await expect(service.triggerBackup('vm-files-01', days(30))).rejects.toBeInstanceOf(AmbiguousNameError);
    await expect(service.triggerBackup('vm-nope', days(30))).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.triggerBackup('vm-web-01', days(-1))).rejects.toThrow(/in the past/);
    await expect(service.triggerBackup('vm-web-01', new Date('nonsense'))).rejects.toThrow(/not a valid date/);
    await expect(service.triggerBackup('vm-web-01', days(365 * 100))).rejects.toThrow(/99 years/);
    expect(writes()).toEqual([]);
  });
});

describe('enable protection', () => {
  it('finds the protectable VM (no refresh when the vault lists it), PUTs the item and returns the ConfigureBackup job from the operation', async () => {
    const job = await service.enableProtection('vm-web-03', 'rsv-weu-prod', 'pol-weu-nightly');
    // The operation's Succeeded names the job, which is then Completed (FINDINGS (e)): not read.
    expect(job).toEqual({ jobId: expect.stringMatching(/^[0-9a-f-]{36}$/), vm: 'vm-web-03', vault: 'rsv-weu-prod', status: 'Completed' });
    const written = writes().map((r) => `${r.method} ${r.status} ${r.path.split('/').slice(-2).join('/')}`);
    expect(written).toEqual([expect.stringMatching(/^PUT 202 protectedItems\/vm;iaasvmcontainerv2;rg-web;vm-web-03$/i)]);
    // As the CLI (scenario:20-29): the protectable item looked up (one page, filtered by the VM's
    // name), then the PUT followed at vault level until Succeeded names the job (FINDINGS (e), (f)).
    const sequence = h
      .requestsSinceMark()
      .map((r) => `${r.method} ${r.status} ${/refreshContainers|backupFabrics\/Azure\/operationResults|backupProtectableItems|protectedItems\/[^/]+$|backupOperations/i.exec(r.path)?.[0] ?? ''}`)
      .filter((line) => !line.endsWith(' '));
    const at = (pattern: RegExp) => sequence.findIndex((line) => pattern.test(line));
    expect(sequence.filter((line) => /backupProtectableItems/.test(line))).toEqual(['GET 200 backupProtectableItems']);
    expect(at(/^PUT 202 protectedItems/)).toBeGreaterThan(at(/^GET 200 backupProtectableItems/));
    expect(sequence[sequence.length - 1]).toMatch(/^GET 200 backupOperations/);
    expect(h.requestsSinceMark().filter((r) => /\/backupJobs\//i.test(r.path))).toEqual([]);
    await h.sandbox.control.advanceClock(5);
    const vm = (await service.listVms()).find((v) => v.name === 'vm-web-03')!;
    // Azure shows IRPending (initial backup pending) until the first backup ran.
    expect(['Protected', 'IRPending']).toContain(vm.protection.state);
    expect(vm.protection).toMatchObject({ vault: 'rsv-weu-prod', policy: 'pol-weu-nightly' });
    expect((await service.preflight('vm-web-03')).checks.find((c) => c.id === 'protection')?.detail).toMatch(/rsv-weu-prod/);
    // What the outcome said without reading it is what the job shows.
    expect(await service.getJob(job.jobId)).toMatchObject({ id: job.jobId, operation: 'ConfigureBackup', status: 'Completed' });
  });

  it('a configure that Azure fails (VM agent not ready) says why and what to do; nothing is left protected', async () => {
    // vm-noagent-01 runs without a VM agent: Azure fails the operation with UserErrorGuestAgentStatusUnavailable.
    const failed = await caught(() => service.enableProtection('vm-noagent-01', 'rsv-weu-prod', 'DefaultPolicy'));
    expect(failed).toBeInstanceOf(BackupError);
    expect(failed).toMatchObject({ code: 'operation-failed', azureCode: 'UserErrorGuestAgentStatusUnavailable' });
    expect(failed.message).toMatch(/^Azure could not complete configuring protection of vm-noagent-01: .+ Check the VM is Running with Agent status Ready/);
    service.invalidateCache();
    expect((await service.listVms()).find((v) => v.name === 'vm-noagent-01')!.protection.state).toBe('NotProtected');
  });

  it('protects a VM created after the last discovery: not listed, so the vault refreshes its containers (polled to 204) and looks again', async () => {
    h.mark();
    const job = await service.enableProtection('vm-new-01', 'rsv-weu-prod', 'DefaultPolicy');
    expect(job).toMatchObject({ vm: 'vm-new-01', status: 'Completed' });
    const sequence = h
      .requestsSinceMark()
      .map((r) => `${r.method} ${r.status} ${/refreshContainers|backupFabrics\/Azure\/operationResults|backupProtectableItems|protectedItems\/[^/]+$|backupOperations/i.exec(r.path)?.[0] ?? ''}`)
      .filter((line) => !line.endsWith(' ') && !/backupOperations/.test(line));
    // softdel:16-22: the list lacks the new VM; refresh 202, its operationResults 202 ... 204; the list has it; PUT.
    expect(sequence[0]).toBe('GET 200 backupProtectableItems');
    expect(sequence[1]).toMatch(/^POST 202 refreshContainers$/i);
    expect(sequence.slice(2, -2).every((line) => /^GET 20[24] backupFabrics\/Azure\/operationResults$/.test(line))).toBe(true);
    expect(sequence.slice(-3, -2)).toEqual(['GET 204 backupFabrics/Azure/operationResults']);
    expect(sequence.slice(-2)).toEqual(['GET 200 backupProtectableItems', expect.stringMatching(/^PUT 202 protectedItems\/vm;iaasvmcontainerv2;rg-app;vm-new-01$/i)]);
  });

  it('refuses an already protected VM, a vault in another region or subscription and an unknown policy, before any write', async () => {
    const protectedElsewhere = await caught(() => service.enableProtection('vm-web-01', 'rsv-weu-dev', 'DefaultPolicy'));
    expect(protectedElsewhere).toBeInstanceOf(BackupError);
    expect(protectedElsewhere.code).toBe('conflict');
    expect(protectedElsewhere.message).toMatch(/already protected by vault rsv-weu-prod.*one vault only/);
    const region = await caught(() => service.enableProtection('vm-neu-app-01', 'rsv-weu-prod', 'DefaultPolicy'));
    expect(region.message).toMatch(/vm-neu-app-01 is in northeurope but vault rsv-weu-prod is in westeurope/);
    // Same region, other subscription: Azure protects a VM only in a vault of its own subscription.
    const otherSubscription = await caught(() => service.enableProtection('vm-web-03', 'rsv-test-weu', 'DefaultPolicy'));
    expect(otherSubscription).toBeInstanceOf(InvalidInputError);
    expect(otherSubscription.message).toMatch(/vm-web-03 is in subscription .* but vault rsv-test-weu is in .*own subscription and region/);
    const policy = await caught(() => service.enableProtection('vm-web-03', 'rsv-weu-prod', 'pol-nope'));
    expect(policy).toBeInstanceOf(NotFoundError);
    expect(policy.message).toMatch(/Its VM policies: DefaultPolicy, pol-weu-nightly/);
    await expect(service.enableProtection('vm-web-03', 'rsv-weu-prod', 'bad/policy')).rejects.toBeInstanceOf(InvalidInputError);
    expect(writes()).toEqual([]);
  });
});

describe('policy schedule update', () => {
  it('moves the run time and writes back everything else, timeZone and retention included', async () => {
    const before = await service.getPolicy('pol-weu-nightly', 'rsv-weu-prod');
    const updated = await service.updatePolicySchedule('rsv-weu-prod', 'pol-weu-nightly', [before.nextDst!.keepLocal.runTimes[0]]);
    expect(updated.runTimes).toEqual(['21:00']);
    expect(updated.utcRunTimes[0].utcTime).toBe('20:00');
    expect(updated.nextDst?.runs[0]).toMatchObject({ localBefore: '21:00', localAfter: '22:00' });
    expect(updated).toMatchObject({
      timeZone: 'W. Europe Standard Time',
      retention: before.retention,
      instantRestoreDays: before.instantRestoreDays,
      frequency: before.frequency,
      protectedItemsCount: before.protectedItemsCount,
    });
    expect(writes().map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual(['PUT pol-weu-nightly']);
    const reread = h.makeService();
    expect(await reread.getPolicy('pol-weu-nightly', 'rsv-weu-prod')).toMatchObject({ runTimes: ['21:00'], timeZone: 'W. Europe Standard Time', retention: before.retention });
  });

  it('moves weekly run days when the shift crosses midnight', async () => {
    const updated = await service.updatePolicySchedule('rsv-weu-prod', 'pol-weu-weekly', ['23:00'], { dayShift: -1 });
    expect(updated.runDays).toEqual(['Saturday']);
    expect(updated.runTimes).toEqual(['23:00']);
  });

  it('refuses hourly policies, bad times and wrong counts without writing', async () => {
    await expect(service.updatePolicySchedule('rsv-weu-prod', 'pol-weu-enhanced-4h', ['07:00'])).rejects.toThrow(/runs hourly/);
    await expect(service.updatePolicySchedule('rsv-weu-prod', 'pol-weu-nightly', ['25:00'])).rejects.toThrow(/HH:MM/);
    await expect(service.updatePolicySchedule('rsv-weu-prod', 'pol-weu-nightly', ['21:00', '22:00'])).rejects.toThrow(/exactly as many/);
    await expect(service.updatePolicySchedule('rsv-weu-prod', 'pol-weu-nightly', [])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(service.updatePolicySchedule('rsv-weu-prod', 'pol-missing', ['21:00'])).rejects.toBeInstanceOf(NotFoundError);
    expect(writes()).toEqual([]);
  });
});
