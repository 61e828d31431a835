import type { EstateInput } from '../../src/sandbox';

// Small estates for sandbox tests. Every time is fixed so outcomes do not depend on the day the
// tests run.

export const MINI_SUBSCRIPTION = '11111111-2222-4333-8444-555555555555';
export const MINI_START = '2025-03-10T09:00:00Z';

export function dailyPolicy(timeZone: string, time: string, extra: Record<string, unknown> = {}) {
  const runTime = `2024-01-01T${time}:00Z`;
  return {
    backupManagementType: 'AzureIaasVM',
    policyType: 'V1',
    instantRpRetentionRangeInDays: 2,
    schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: [runTime], scheduleWeeklyFrequency: 0 },
    retentionPolicy: { retentionPolicyType: 'LongTermRetentionPolicy', dailySchedule: { retentionTimes: [runTime], retentionDuration: { count: 30, durationType: 'Days' } } },
    timeZone,
    ...extra,
  };
}

/** One vault in westeurope with a nightly policy, three protected VMs and a few unprotected ones. */
export function miniEstate(overrides: Partial<EstateInput> = {}): EstateInput {
  const windows = { type: 'Windows' as const, name: 'Windows Server 2022 Datacenter' };
  return {
    seed: 42,
    clock: { start: MINI_START },
    subscriptions: [{ subscriptionId: MINI_SUBSCRIPTION, displayName: 'Mini' }],
    vaults: [
      {
        name: 'rsv-mini',
        resourceGroup: 'rg-backup',
        location: 'westeurope',
        policies: [{ name: 'pol-nightly', properties: dailyPolicy('W. Europe Standard Time', '22:00') }],
        protectedItems: [
          { vm: 'rg-app/vm-a', policy: 'pol-nightly', history: { runs: 3, overrides: [] } },
          { vm: 'rg-app/vm-b', policy: 'pol-nightly', history: { runs: 3, overrides: [{ run: 1, status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' }] } },
          { vm: 'rg-app/vm-c', policy: 'pol-nightly', history: { runs: 3, overrides: [{ run: 1, status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' }] } },
        ],
      },
    ],
    virtualMachines: [
      { name: 'vm-a', resourceGroup: 'rg-app', location: 'westeurope', os: windows },
      { name: 'vm-b', resourceGroup: 'rg-app', location: 'westeurope', os: windows },
      { name: 'vm-c', resourceGroup: 'rg-app', location: 'westeurope', os: windows },
      { name: 'vm-free', resourceGroup: 'rg-app', location: 'westeurope', os: windows },
      { name: 'vm-noagent', resourceGroup: 'rg-app', location: 'westeurope', os: windows, agent: { status: 'NotInstalled' } },
      { name: 'vm-core', resourceGroup: 'rg-app', location: 'westeurope', os: { type: 'Linux', name: 'CoreOS' } },
      { name: 'vm-disks', resourceGroup: 'rg-app', location: 'westeurope', os: windows, disks: { managed: false, data: 17 } },
      { name: 'vm-off', resourceGroup: 'rg-app', location: 'westeurope', os: windows, powerState: 'deallocated' },
      { name: 'vm-later', resourceGroup: 'rg-app', location: 'westeurope', os: windows, discovered: false },
      { name: 'vm-north', resourceGroup: 'rg-app', location: 'northeurope', os: windows },
    ],
    ...overrides,
  };
}
