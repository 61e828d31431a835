import { AmbiguousNameError, BackupError, InvalidInputError, NotFoundError, SNAPSHOT_PHASE, TRANSFER_PHASE, type BackupService } from '../../../src/backup';
import { caught, startBackupHarness, SUB_MAIN, SUB_TEST, type BackupHarness } from './harness';

// Read paths of the BackupService, real SDK clients against the in-process sandbox (default estate).

let h: BackupHarness;
let service: BackupService;

beforeAll(async () => {
  h = await startBackupHarness({ startTime: '2026-03-20T12:00:00Z', pageSize: 5 });
  service = h.service;
});

afterAll(async () => {
  await h.close();
});

describe('vaults', () => {
  it('lists the vaults of every discovered subscription with region, redundancy and protected-item count', async () => {
    const vaults = await service.listVaults();
    const byName = Object.fromEntries(vaults.map((v) => [v.name, v]));
    expect(Object.keys(byName).sort()).toEqual(['rsv-eus-prod', 'rsv-neu-prod', 'rsv-test-weu', 'rsv-weu-dev', 'rsv-weu-prod']);
    expect(byName['rsv-weu-prod']).toMatchObject({ region: 'westeurope', redundancy: 'GRS', redundancyLabel: 'Geo-redundant (GRS)', protectedItemCount: 6, resourceGroup: 'rg-backup-weu', subscriptionId: SUB_MAIN });
    expect(byName['rsv-weu-dev']).toMatchObject({ redundancy: 'LRS', protectedItemCount: 1 });
    expect(byName['rsv-eus-prod']).toMatchObject({ region: 'eastus', redundancy: 'ZRS', protectedItemCount: 2 });
    expect(byName['rsv-test-weu']).toMatchObject({ subscriptionId: SUB_TEST, protectedItemCount: 1 });
  });

  it('keeps to the configured subscriptions', async () => {
    const scoped = h.makeService({ subscriptionIds: [SUB_TEST] });
    expect((await scoped.listVaults()).map((v) => v.name)).toEqual(['rsv-test-weu']);
  });

  it('resolves a vault by name, resourceGroup/name or id, and explains unknown names', async () => {
    const byName = await service.resolveVault('RSV-WEU-PROD');
    expect((await service.resolveVault('rg-backup-weu/rsv-weu-prod')).id).toBe(byName.id);
    expect((await service.resolveVault(byName.id)).name).toBe('rsv-weu-prod');
    const err = await caught(() => service.resolveVault('rsv-weu-prd'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/Did you mean rsv-weu-prod/);
    await expect(service.resolveVault('1-bad_vault')).rejects.toThrow(/not a valid vault name/);
  });
});

describe('VMs', () => {
  it('lists every VM with its protection state, last backup and health', async () => {
    const vms = await service.listVms();
    expect(vms).toHaveLength(24);
    const web01 = vms.find((vm) => vm.name === 'vm-web-01')!;
    expect(web01).toMatchObject({ resourceGroup: 'rg-web', region: 'westeurope', osType: 'Windows' });
    expect(web01.protection).toMatchObject({ state: 'Protected', vault: 'rsv-weu-prod', policy: 'pol-weu-nightly' });
    expect(Date.parse(web01.protection.lastBackupTime!)).toBeLessThan(Date.parse('2026-03-20T12:00:00Z'));
    expect(web01.protection.lastBackupStatus).toBeDefined();
    expect(web01.protection.health).toBeDefined();
    expect(vms.find((vm) => vm.name === 'vm-web-03')!.protection.state).toBe('NotProtected');
  });

  it('filters unprotected VMs, and a vault\'s protected VMs', async () => {
    const unprotected = (await service.listVms({ unprotectedOnly: true })).map((vm) => vm.name);
    expect(unprotected).toContain('vm-web-03');
    expect(unprotected).toContain('vm-uks-01');
    expect(unprotected).not.toContain('vm-web-01');
    const inVault = await service.listVms({ vault: 'rsv-weu-prod' });
    expect(inVault.map((vm) => vm.name).sort()).toEqual(['vm-batch-01', 'vm-files-01', 'vm-sql-01', 'vm-sql-02', 'vm-web-01', 'vm-web-02']);
    const candidates = (await service.listVms({ vault: 'rsv-weu-prod', unprotectedOnly: true })).map((vm) => vm.name);
    expect(candidates).toContain('vm-web-03');
    expect(candidates).not.toContain('vm-uks-01');
    expect(candidates).not.toContain('vm-neu-app-01');
  });

  it('resolves a VM by name, resourceGroup/name and ARM id, in any subscription', async () => {
    const ref = await service.resolveVm('VM-WEB-01');
    expect(ref).toEqual({ name: 'vm-web-01', resourceGroup: 'rg-web', subscriptionId: SUB_MAIN, id: `/subscriptions/${SUB_MAIN}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01`, osType: 'Windows' });
    expect((await service.resolveVm('rg-files-dr/vm-files-01')).resourceGroup).toBe('rg-files-dr');
    expect((await service.resolveVm(ref.id.toUpperCase())).name).toBe('vm-web-01');
    expect((await service.resolveVm('vm-test-01')).subscriptionId).toBe(SUB_TEST);
  });

  it('lists the candidates of an ambiguous name instead of guessing', async () => {
    const err = await caught(() => service.resolveVm('vm-files-01'));
    expect(err).toBeInstanceOf(AmbiguousNameError);
    expect((err as unknown as AmbiguousNameError).candidates).toEqual(['rg-files/vm-files-01', 'rg-files-dr/vm-files-01']);
    expect(err.message).toMatch(/Several VMs are called vm-files-01/);
  });

  it('suggests close names for an unknown VM', async () => {
    const err = await caught(() => service.resolveVm('vm-web-1'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as unknown as NotFoundError).suggestions).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-03']);
    const none = await caught(() => service.resolveVm('completely-different'));
    expect(none.message).toBe('I cannot find a VM called completely-different. Type **vms** to list the ones I can see.');
    const wrongId = await caught(() => service.resolveVm(`/subscriptions/${SUB_MAIN}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-gone`));
    expect(wrongId).toBeInstanceOf(NotFoundError);
    expect(wrongId.message).toMatch(/^I cannot find a VM called rg-web\/vm-gone\. /);
  });

  it('refuses a malformed VM name before any Azure call', async () => {
    const fresh = h.makeService();
    h.mark();
    const err = await caught(() => fresh.resolveVm('vm;drop table'));
    expect(err).toBeInstanceOf(InvalidInputError);
    await expect(fresh.resolveVm(`/subscriptions/${SUB_MAIN}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x`)).rejects.toThrow(/not the Azure resource id of a VM/);
    expect(h.requestsSinceMark()).toEqual([]);
  });

  it('reads VM details: OS, power state, agent and disks', async () => {
    const web = await service.getVmDetails('vm-web-01');
    expect(web).toMatchObject({ powerState: 'running', osType: 'Windows', osName: 'Windows Server 2022 Datacenter', agent: { status: 'Ready', version: '2.7.41491.1102' }, disks: { managed: true, dataDiskCount: 2 }, provisioningState: 'Succeeded' });
    expect(web.image?.publisher).toBe('MicrosoftWindowsServer');
    expect((await service.getVmDetails('vm-noagent-01')).agent.status).toBe('NotInstalled');
    const stopped = await service.getVmDetails('vm-stopped-01');
    expect(stopped.powerState).toBe('deallocated');
    expect(stopped.agent.status).toBe('Unknown');
    expect((await service.getVmDetails('vm-disks-01')).disks).toEqual({ managed: false, dataDiskCount: 17 });
    expect((await service.getVmDetails('vm-app-01')).osType).toBe('Linux');
  });
});

describe('preflight against the estate', () => {
  const statusOf = async (vm: string, vault?: string) => {
    const result = await service.preflight(vm, vault);
    return { result, byId: Object.fromEntries(result.checks.map((c) => [c.id, c])) };
  };

  it('passes a healthy unprotected VM with a vault in its region', async () => {
    const { result, byId } = await statusOf('vm-web-03', 'rsv-weu-prod');
    expect(result.verdict).toBe('pass');
    expect(byId.redundancy.detail).toMatch(/geo-redundant \(GRS\)/);
  });

  it('lists the vaults of the region to choose from when none is given (a choice, not a warning: issue 13.4)', async () => {
    const { byId } = await statusOf('vm-web-03');
    expect(byId.region.status).toBe('pass');
    // Only the vaults of the VM's own subscription: rsv-test-weu (Contoso Dev/Test, also westeurope) cannot protect it.
    expect(byId.region.detail).toMatch(/2 vaults are in westeurope: rsv-weu-dev, rsv-weu-prod\./);
  });

  it('fails a vault in another region and offers the right ones', async () => {
    const { byId } = await statusOf('vm-web-03', 'rsv-neu-prod');
    expect(byId.region.status).toBe('fail');
    expect(byId.region.remedy).toMatch(/rsv-weu-prod/);
  });

  it('fails when no vault exists in the VM region', async () => {
    const { byId } = await statusOf('vm-uks-01');
    expect(byId.region.status).toBe('fail');
    expect(byId.region.remedy).toMatch(/Create a Recovery Services vault in uksouth/);
  });

  it.each([
    ['vm-noagent-01', 'agent', 'fail'],
    ['vm-oldagent-01', 'agent-version', 'fail'],
    ['vm-core-01', 'os', 'fail'],
    ['vm-win2008-01', 'os', 'fail'],
    ['vm-app-02', 'os', 'pass'],
    ['vm-disks-01', 'disks', 'fail'],
    ['vm-sql-02', 'disks', 'pass'],
    ['vm-stopped-01', 'power-state', 'warn'],
  ])('%s: %s is %s', async (vm, check, status) => {
    const { byId } = await statusOf(vm, 'rsv-weu-prod');
    expect(byId[check].status).toBe(status);
    if (status !== 'pass') expect(byId[check].remedy).toMatch(/\.$/);
  });

  it('says which vault already protects a VM', async () => {
    const other = await statusOf('vm-web-01', 'rsv-weu-dev');
    expect(other.byId.protection.status).toBe('fail');
    expect(other.byId.protection.detail).toMatch(/rsv-weu-prod with policy pol-weu-nightly/);
    const own = await statusOf('vm-web-01');
    expect(own.result.vault).toBe('rsv-weu-prod');
    expect(own.byId.protection.status).toBe('warn');
  });
});

describe('jobs', () => {
  it('lists jobs across vaults newest first, paging through the sandbox pages with byPage', async () => {
    h.mark();
    const jobs = await service.listJobs({ vault: 'rsv-weu-prod', limit: 12 });
    expect(jobs).toHaveLength(12);
    const starts = jobs.map((j) => Date.parse(j.start!));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    const pages = h.requestsSinceMark().filter((r) => r.path.toLowerCase().endsWith('/backupjobs'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.slice(1).every((r) => /skiptoken/i.test(r.query))).toBe(true);
    expect(decodeURIComponent(pages[0].query)).toContain("backupManagementType eq 'AzureIaasVM'");
  });

  it('asks for a range longer than 30 days in windows of at most 30 days, as Azure PowerShell must', async () => {
    h.mark();
    const jobs = await service.listJobs({ vault: 'rsv-weu-prod', since: new Date(h.sandbox.control.now().getTime() - 75 * 86_400_000), limit: 500 });
    const queries = h
      .requestsSinceMark()
      .filter((r) => r.path.toLowerCase().endsWith('/backupjobs') && !/skiptoken/i.test(r.query))
      .map((r) => decodeURIComponent(r.query.replace(/\+/g, ' ')));
    expect(queries).toHaveLength(3);
    expect(queries.every((q) => /startTime eq '[^']+' and endTime eq '[^']+'/.test(q))).toBe(true);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length); // a job across two windows is listed once
  });

  it('filters by status server-side and maps errors through the catalogue', async () => {
    h.mark();
    const failed = await service.listJobs({ status: 'Failed', since: new Date('2026-03-01T00:00:00Z') });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((j) => j.status === 'Failed')).toBe(true);
    const sql = failed.find((j) => j.vm === 'vm-sql-01')!;
    expect(sql.errors[0].code).toMatch(/UserErrorGuestAgentStatusUnavailable|ExtensionFailedVssWriterInBadState/);
    expect(sql.errors[0].catalogue.known).toBe(true);
    const query = decodeURIComponent(h.requestsSinceMark().find((r) => r.path.toLowerCase().endsWith('/backupjobs'))!.query.replace(/\+/g, ' '));
    expect(query).toMatch(/status eq 'Failed'/);
    expect(query).toMatch(/startTime eq '2026-03-01 12:00:00 AM'/);
    expect(query).toMatch(/endTime eq '2026-03-20 12:00:00 PM'/);
  });

  it('finds the warning job of vm-web-02 and filters by VM and operation', async () => {
    const warnings = await service.listJobs({ status: 'CompletedWithWarnings' });
    expect(warnings.map((j) => j.vm)).toContain('vm-web-02');
    const web02 = await service.listJobs({ vm: 'vm-web-02', limit: 5 });
    expect(web02.length).toBe(5);
    expect(web02.every((j) => j.vm === 'vm-web-02')).toBe(true);
    const byRg = await service.listJobs({ vm: 'rg-files-dr/vm-files-01' });
    expect(byRg).toEqual([]);
    const configure = await service.listJobs({ operation: 'ConfigureBackup' });
    expect(configure.every((j) => j.operation === 'ConfigureBackup')).toBe(true);
  });

  it('refuses bad job queries before calling Azure', async () => {
    h.mark();
    await expect(service.listJobs({ limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(service.listJobs({ status: 'Broken' as never })).rejects.toThrow(/not valid/);
    await expect(service.listJobs({ vm: 'bad;name' })).rejects.toBeInstanceOf(InvalidInputError);
    expect(h.requestsSinceMark()).toEqual([]);
  });

  it('reads one job with both phases, its error, the catalogue remedy and what the warning means', async () => {
    const [warning] = await service.listJobs({ status: 'CompletedWithWarnings', vm: 'vm-web-02', limit: 1 });
    const job = await service.getJob(warning.id);
    expect(job).toMatchObject({ id: warning.id, vm: 'vm-web-02', vault: 'rsv-weu-prod', operation: 'Backup', status: 'CompletedWithWarnings', terminal: true });
    expect(job.phases.map((p) => [p.name, p.status, p.inferred])).toEqual([
      [SNAPSHOT_PHASE, 'Completed', false],
      [TRANSFER_PHASE, 'Failed', false],
    ]);
    expect(job.phases[0].durationSeconds).toBeGreaterThan(0);
    // The estate's warning is a failed transfer (a snapshot-phase code would make the job Failed).
    expect(job.errors[0].code).toBe('CopyingVHDsFromBackUpVaultTakingLongTime');
    expect(job.errors[0].catalogue.action).toContain('Retry the backup');
    expect(job.meaning).toMatch(/no vault copy/);
    expect(job.meaning).toMatch(/2 days/);
    expect((await service.getJob(warning.id, 'rsv-weu-prod')).id).toBe(warning.id);
  });

  it('reads a completed job with both phases completed', async () => {
    const [done] = await service.listJobs({ status: 'Completed', vm: 'vm-web-01', operation: 'Backup', limit: 1 });
    const job = await service.getJob(done.id);
    expect(job.phases.map((p) => p.status)).toEqual(['Completed', 'Completed']);
    expect(job.errors).toEqual([]);
    expect(job.duration).not.toBe('');
  });

  it('explains unknown and malformed job ids', async () => {
    const unknown = await caught(() => service.getJob('00000000-0000-0000-0000-000000000000'));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.message).toMatch(/no job 00000000-0000-0000-0000-000000000000 in the 5 vaults/);
    await expect(service.getJob('../../etc')).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('policies', () => {
  it('lists the VM policies of every vault with schedules in policy time and UTC', async () => {
    const policies = await service.listPolicies();
    expect(policies).toHaveLength(11);
    const nightly = policies.find((p) => p.name === 'pol-weu-nightly')!;
    expect(nightly).toMatchObject({ vault: 'rsv-weu-prod', frequency: 'Daily', runTimes: ['22:00'], timeZone: 'W. Europe Standard Time', ianaZone: 'Europe/Berlin', instantRestoreDays: 2, kind: 'V1' });
    expect(nightly.utcRunTimes[0].utcTime).toBe('21:00');
    expect(nightly.retention.length).toBeGreaterThan(0);
    expect(nightly.protectedItemsCount).toBe(3);
    const hourly = policies.find((p) => p.name === 'pol-weu-enhanced-4h')!;
    expect(hourly).toMatchObject({ kind: 'V2', frequency: 'Hourly' });
    expect(hourly.hourly?.intervalHours).toBe(4);
  });

  it('shows the next DST change for a W. Europe policy (clock at 2026-03-20)', async () => {
    const nightly = await service.getPolicy('pol-weu-nightly');
    expect(nightly.nextDst?.transition).toMatchObject({ localDate: '2026-03-29', kind: 'forward', deltaMinutes: 60 });
    expect(nightly.nextDst?.runs[0]).toMatchObject({ localBefore: '22:00', localAfter: '23:00' });
    expect(nightly.nextDst?.keepLocal.runTimes).toEqual(['21:00']);
    expect((await service.getPolicy('DefaultPolicy', 'rsv-weu-dev')).nextDst).toBeUndefined();
  });

  it('says which vaults share a policy name and suggests close names', async () => {
    const ambiguous = await caught(() => service.getPolicy('DefaultPolicy'));
    expect(ambiguous).toBeInstanceOf(AmbiguousNameError);
    expect((ambiguous as unknown as AmbiguousNameError).candidates).toHaveLength(5);
    const unknown = await caught(() => service.getPolicy('pol-weu-nigthly', 'rsv-weu-prod'));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as unknown as NotFoundError).suggestions).toContain('pol-weu-nightly');
    expect(unknown.message).toMatch(/Vault rsv-weu-prod has no policy called pol-weu-nigthly/);
    await expect(service.getPolicy('bad/name')).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('lists one vault\'s policies', async () => {
    expect((await service.listPolicies('rsv-weu-dev')).map((p) => p.name)).toEqual(['DefaultPolicy', 'pol-dev-daily']);
  });
});

describe('errors stay BackupErrors', () => {
  it('gives every failure above a sentence, never an SDK error', async () => {
    const err = await caught(() => service.getJob('00000000-0000-0000-0000-000000000001', 'rsv-weu-prod'));
    expect(err).toBeInstanceOf(BackupError);
    expect(err.message).toMatch(/^There is no job/);
  });
});
