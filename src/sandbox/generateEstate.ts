import { writeFileSync } from 'node:fs';
import { CliError, parseFlags } from './cliArgs';
import { defaultPolicyProperties } from './estate/defaultPolicy';
import type { EstateInput } from './estate/estateSchema';
import { SeededRandom } from './model/random';

// Large estates for benchmarks: `tsx src/sandbox/generateEstate.ts --scale 20000 [--vaults 50]
// [--days 30] [--seed 1] [--out estate.json]`. Deterministic by seed. About 85% of the VMs are
// protected with `days` of scheduled history (about 3% warnings, 2% failures); the rest are
// unprotected, some with preflight problems (no agent, CoreOS, 17 unmanaged disks, deallocated).

export interface GenerateOptions {
  vms: number;
  vaults?: number;
  historyDays?: number;
  seed?: number;
  /** Fixed clock start, so the history lands on known dates. */
  clockStart?: string;
}

const REGIONS: Array<{ location: string; short: string; timeZone: string }> = [
  { location: 'westeurope', short: 'weu', timeZone: 'W. Europe Standard Time' },
  { location: 'northeurope', short: 'neu', timeZone: 'GMT Standard Time' },
  { location: 'eastus', short: 'eus', timeZone: 'Eastern Standard Time' },
  { location: 'westus2', short: 'wus2', timeZone: 'Pacific Standard Time' },
  { location: 'francecentral', short: 'frc', timeZone: 'Romance Standard Time' },
  { location: 'uksouth', short: 'uks', timeZone: 'GMT Standard Time' },
  { location: 'southeastasia', short: 'sea', timeZone: 'Singapore Standard Time' },
  { location: 'australiaeast', short: 'aue', timeZone: 'AUS Eastern Standard Time' },
  { location: 'centralindia', short: 'inc', timeZone: 'India Standard Time' },
  { location: 'japaneast', short: 'jpe', timeZone: 'Tokyo Standard Time' },
];
const APPS = ['web', 'api', 'sql', 'app', 'files', 'batch', 'cache', 'etl', 'jump', 'mq'];
const SUBSCRIPTION_ID = '0b9f6a3e-2c1d-4e8f-9a7b-6c5d4e3f2a1b';

const WINDOWS = { type: 'Windows' as const, name: 'Windows Server 2022 Datacenter', version: '10.0.20348', image: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' } };
const UBUNTU = { type: 'Linux' as const, name: 'Ubuntu 22.04.4 LTS', version: '22.04', image: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' } };
const COREOS = { type: 'Linux' as const, name: 'CoreOS', version: '2345.3.0', image: { publisher: 'CoreOS', offer: 'CoreOS', sku: 'Stable', version: 'latest' } };

type VaultInput = NonNullable<EstateInput['vaults']>[number];
type VmInput = NonNullable<EstateInput['virtualMachines']>[number];
type ItemInput = NonNullable<VaultInput['protectedItems']>[number];

export function generateEstate(options: GenerateOptions): EstateInput {
  const vaultCount = options.vaults ?? 50;
  const days = options.historyDays ?? 30;
  const random = new SeededRandom(options.seed ?? 1);
  const vaults: VaultInput[] = Array.from({ length: vaultCount }, (_, index) => makeVault(index));
  const virtualMachines: VmInput[] = [];
  for (let index = 0; index < options.vms; index++) {
    const vaultIndex = index % vaultCount;
    const vault = vaults[vaultIndex];
    const vm = makeVm(random, index, vault.location);
    virtualMachines.push(vm);
    if (random.next() < 0.85 && readyForBackup(vm)) {
      vault.protectedItems!.push(makeItem(random, vm, index, days));
    }
  }
  return {
    description: `Generated estate: ${options.vms} VMs, ${vaultCount} vaults, ${days} days of history (seed ${options.seed ?? 1}).`,
    seed: options.seed ?? 1,
    clock: options.clockStart ? { start: options.clockStart } : undefined,
    subscriptions: [{ subscriptionId: SUBSCRIPTION_ID, displayName: 'Contoso Scale Test' }],
    vaults,
    virtualMachines,
  };
}

function makeVault(index: number): VaultInput {
  const region = REGIONS[index % REGIONS.length];
  const number = String(index + 1).padStart(2, '0');
  const runTime = `2024-01-01T${String(20 + (index % 4)).padStart(2, '0')}:00:00Z`;
  return {
    name: `rsv-${region.short}-${number}`,
    resourceGroup: `rg-backup-${number}`,
    location: region.location,
    redundancy: (['GeoRedundant', 'LocallyRedundant', 'ZoneRedundant'] as const)[index % 3],
    policies: [
      { name: 'DefaultPolicy', properties: defaultPolicyProperties() },
      {
        name: 'pol-daily',
        properties: {
          ...defaultPolicyProperties(),
          timeZone: region.timeZone,
          schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: [runTime], scheduleWeeklyFrequency: 0 },
          retentionPolicy: { retentionPolicyType: 'LongTermRetentionPolicy', dailySchedule: { retentionTimes: [runTime], retentionDuration: { count: 30, durationType: 'Days' } } },
        },
      },
    ],
    protectedItems: [],
  };
}

function makeVm(random: SeededRandom, index: number, location: string): VmInput {
  const app = APPS[index % APPS.length];
  const roll = random.next();
  const windows = random.next() < 0.6;
  const vm: VmInput = {
    name: `vm-${app}-${String(index + 1).padStart(5, '0')}`,
    resourceGroup: `rg-${app}-${String((index % 40) + 1).padStart(2, '0')}`,
    location,
    os: windows ? WINDOWS : UBUNTU,
    agent: { status: 'Ready', version: windows ? '2.7.41491.1102' : '2.9.1.1' },
    disks: { managed: true, data: random.int(0, 4), dataDiskSizeGB: 256 },
    powerState: 'running',
    tags: { app, env: index % 5 === 0 ? 'dev' : 'prod' },
  };
  if (roll < 0.03) vm.agent = { status: 'NotInstalled' };
  else if (roll < 0.04) vm.os = COREOS;
  else if (roll < 0.05) vm.disks = { managed: false, data: 17, dataDiskSizeGB: 1023 };
  else if (roll < 0.1) vm.powerState = 'deallocated';
  return vm;
}

function readyForBackup(vm: VmInput): boolean {
  return vm.powerState === 'running' && vm.agent?.status === 'Ready' && vm.os !== COREOS && (vm.disks?.data ?? 0) <= 16;
}

function makeItem(random: SeededRandom, vm: VmInput, index: number, days: number): ItemInput {
  const overrides: NonNullable<ItemInput['history']>['overrides'] = [];
  for (let run = 1; run <= days; run++) {
    const roll = random.next();
    if (roll < 0.03) overrides.push({ run, status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    else if (roll < 0.05) overrides.push({ run, status: 'Failed', errorCode: random.pick(['UserErrorGuestAgentStatusUnavailable', 'ExtensionFailedVssWriterInBadState', 'UserErrorRpCollectionLimitReached']) });
  }
  return { vm: `${vm.resourceGroup}/${vm.name}`, policy: index % 3 === 0 ? 'DefaultPolicy' : 'pol-daily', history: { runs: days, overrides } };
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2), { scale: 'int', vaults: 'int', days: 'int', seed: 'int', out: 'string', start: 'date' });
  const vms = flags.scale as number | undefined;
  if (vms === undefined || vms < 1) throw new CliError('--scale N is required (number of VMs, e.g. --scale 20000).');
  const estate = generateEstate({
    vms,
    vaults: flags.vaults as number | undefined,
    historyDays: flags.days as number | undefined,
    seed: flags.seed as number | undefined,
    clockStart: flags.start as string | undefined,
  });
  const text = JSON.stringify(estate);
  if (flags.out) writeFileSync(flags.out as string, text);
  else process.stdout.write(`${text}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof CliError ? `generateEstate: ${error.message}` : error);
    process.exit(error instanceof CliError ? 2 : 1);
  }
}
