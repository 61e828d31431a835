import { readFileSync } from 'node:fs';
import { buildWorld } from '../../../src/sandbox/buildWorld';
import { EstateError, loadEstate } from '../../../src/sandbox/estate/loadEstate';
import { ESTATE_SCHEMA_FILE, estateSchemaText } from '../../../src/sandbox/estate/writeEstateSchema';
import type { EstateInput } from '../../../src/sandbox';
import { intrinsicOutcome } from '../../../src/sandbox/sim/jobs';
import { viewItem } from '../../../src/sandbox/sim/jobView';
import { miniEstate } from '../../helpers/sandboxEstates';

const START = new Date('2025-03-10T09:00:00Z');

function defaultWorld() {
  return buildWorld(loadEstate(), { seed: 1, start: START, pendingPolls: 1 });
}

function buildError(estate: EstateInput): string {
  try {
    buildWorld(loadEstate(estate), { seed: 1, start: START, pendingPolls: 1 });
  } catch (error) {
    expect(error).toBeInstanceOf(EstateError);
    return (error as Error).message;
  }
  throw new Error('expected the estate to be refused');
}

describe('sandbox estates', () => {
  it('keeps estates/estate.schema.json in step with the zod schema', () => {
    expect(readFileSync(ESTATE_SCHEMA_FILE, 'utf8')).toBe(estateSchemaText());
  });

  it('the default estate covers every preflight case', () => {
    const world = defaultWorld();
    const vm = (reference: string) => world.resolveVm(reference);
    const vaultOf = (reference: string) => world.protectionOf(vm(reference).key)?.vault.name;
    expect(world.subscriptions.size).toBe(2);
    expect(new Set([...world.vaults.values()].map((vault) => `${vault.location}:${vault.redundancy}`))).toEqual(
      new Set(['westeurope:GeoRedundant', 'westeurope:LocallyRedundant', 'northeurope:LocallyRedundant', 'eastus:ZoneRedundant']),
    );
    // another region: no vault in uksouth; vm-neu-app-01 is in northeurope
    expect([...world.vaults.values()].some((vault) => vault.location === vm('vm-uks-01').location)).toBe(false);
    expect(vm('vm-neu-app-01').location).toBe('northeurope');
    // agent missing / too old, CoreOS, Windows Server 2008 (not R2), 17 unmanaged disks, stopped
    expect(vm('vm-noagent-01').agent.status).toBe('NotInstalled');
    expect(vm('vm-oldagent-01').agent.version).toBe('2.6.1198.700');
    expect(intrinsicOutcome(vm('vm-core-01'))?.errorCode).toBe('BackUpOperationFailed'); // Azure documents no code of its own for an unsupported OS
    expect(vm('vm-win2008-01').os.name).toBe('Windows Server 2008 Enterprise');
    expect(vm('vm-disks-01').disks).toMatchObject({ managed: false, data: 17 });
    expect(vm('vm-stopped-01').powerState).toBe('deallocated');
    // already protected by another vault (same region), ambiguous name, not yet discovered
    expect(vaultOf('vm-app-01')).toBe('rsv-weu-dev');
    expect(() => vm('vm-files-01')).toThrow(/ambiguous \(rg-files\/vm-files-01, rg-files-dr\/vm-files-01\)/);
    expect(vm('rg-app/vm-new-01').discovered).toBe(false);
    // job history with a warning and a failure
    const last = (reference: string) => viewItem(world.protectionOf(vm(reference).key)!.item, world.nowMs());
    // A warning is a failed transfer: a transfer-phase code (a snapshot-phase one would make the job Failed).
    expect(last('vm-web-02')).toMatchObject({ lastBackupStatus: 'CompletedWithWarnings', lastBackupErrorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    expect(last('vm-sql-01')).toMatchObject({ lastBackupStatus: 'Failed', lastBackupErrorCode: 'UserErrorGuestAgentStatusUnavailable' });
    expect(last('vm-web-01').lastBackupStatus).toBe('Completed');
  });

  it('the default estate has DefaultPolicy everywhere and policies in several time zones, one Enhanced hourly', () => {
    const world = defaultWorld();
    const policies = [...world.vaults.values()].flatMap((vault) => [...vault.policies.values()]);
    for (const vault of world.vaults.values()) {
      expect(vault.policies.get('defaultpolicy')?.properties).toMatchObject({ instantRpRetentionRangeInDays: 2, timeZone: 'UTC' });
    }
    expect(new Set(policies.map((policy) => policy.properties.timeZone))).toEqual(
      new Set(['UTC', 'W. Europe Standard Time', 'GMT Standard Time', 'Eastern Standard Time']),
    );
    expect(policies.some((policy) => policy.properties.policyType === 'V2' && (policy.properties.schedulePolicy as { scheduleRunFrequency: string }).scheduleRunFrequency === 'Hourly')).toBe(true);
  });

  it('refuses broken estates with a sentence naming the problem', () => {
    const base = miniEstate();
    const vault = base.vaults![0];
    expect(() => loadEstate({ ...base, vaults: [{ ...vault, name: '1-bad' }] })).toThrow(/vault names are 2-50 characters/);
    expect(buildError({ ...base, vaults: [{ ...vault, protectedItems: [{ vm: 'rg-app/vm-a', policy: 'missing' }] }] })).toMatch(/policy missing .* is not defined/);
    expect(buildError({ ...base, vaults: [{ ...vault, protectedItems: [{ vm: 'rg-app/vm-zzz' }] }] })).toMatch(/No virtual machine 'rg-app\/vm-zzz'/);
    expect(buildError({ ...base, vaults: [{ ...vault, policies: [{ name: 'p', properties: { backupManagementType: 'AzureIaasVM', timeZone: 'Atlantis', schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2024-01-01T01:00:00Z'] } } }] }] })).toMatch(/policy p: 'Atlantis' is not a Windows time zone/);
    const twice = { ...vault, name: 'rsv-two', protectedItems: [{ vm: 'rg-app/vm-a', policy: 'pol-nightly' }] };
    expect(buildError({ ...base, vaults: [vault, twice] })).toMatch(/protected twice/);
    expect(() => loadEstate('/nonexistent/estate.json')).toThrow(/Cannot read the sandbox estate file/);
  });
});
