import { z } from 'zod';

// The estate is the sandbox's seed: what exists in "Azure" when the sandbox starts.
// estates/estate.schema.json is generated from this file (see writeEstateJsonSchema) and a unit
// test keeps the two in step.

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ARM_NAME = /^[A-Za-z0-9][A-Za-z0-9._()-]{0,89}$/;

const guid = z.string().regex(GUID, 'expected a GUID like 00000000-0000-0000-0000-000000000000');
const armName = z.string().regex(ARM_NAME, 'expected an Azure resource name (letters, digits, . _ ( ) -)');
const isoTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2025-03-01T06:00:00Z' });
const tags = z.record(z.string(), z.string()).default({});

export const JOB_STATUSES = ['InProgress', 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'] as const;
export const TERMINAL_OUTCOMES = ['Completed', 'CompletedWithWarnings', 'Failed'] as const;
export const REDUNDANCIES = ['GeoRedundant', 'LocallyRedundant', 'ZoneRedundant'] as const;

export const subscriptionSchema = z.object({
  subscriptionId: guid,
  displayName: z.string().min(1),
  tenantId: guid.default('72f988bf-86f1-41af-91ab-2d7cd011db47'),
  state: z.enum(['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted']).default('Enabled'),
});

export const virtualMachineSchema = z.object({
  name: armName.describe('VM name; the same name may exist in several resource groups'),
  subscriptionId: guid.optional().describe('defaults to the first subscription'),
  resourceGroup: armName,
  location: z.string().min(1).describe('Azure region, e.g. westeurope'),
  size: z.string().default('Standard_D2s_v5'),
  os: z.object({
    type: z.enum(['Windows', 'Linux']),
    name: z.string().min(1).describe('as the guest reports it, e.g. "Windows Server 2022 Datacenter" or "CoreOS"'),
    version: z.string().default(''),
    image: z
      .object({ publisher: z.string(), offer: z.string(), sku: z.string(), version: z.string().default('latest') })
      .optional(),
  }),
  agent: z
    .object({
      status: z.enum(['Ready', 'NotReady', 'NotInstalled']),
      version: z.string().optional().describe('WaAppAgent / waagent version, e.g. 2.7.41491.1102'),
    })
    .default({ status: 'Ready', version: '2.7.41491.1102' }),
  powerState: z.enum(['running', 'stopped', 'deallocated', 'starting', 'stopping', 'deallocating']).default('running'),
  provisioningState: z.enum(['Succeeded', 'Failed', 'Updating']).default('Succeeded'),
  disks: z
    .object({
      managed: z.boolean().describe('false = unmanaged (VHD in a storage account) disks'),
      data: z.number().int().min(0).max(64).describe('number of data disks'),
      dataDiskSizeGB: z.number().int().min(1).default(128),
    })
    .default({ managed: true, data: 1, dataDiskSizeGB: 128 }),
  networkDrives: z.array(z.string()).default([]).describe('mapped network drives (not backed up by Azure Backup)'),
  tags,
  discovered: z
    .boolean()
    .default(true)
    .describe('false = created after the vaults last refreshed their containers: invisible as protectable until a refresh'),
  backupOutcome: z
    .object({ status: z.enum(TERMINAL_OUTCOMES), errorCode: z.string().optional() })
    .optional()
    .describe('outcome of every backup of this VM (otherwise derived from agent, OS and disks)'),
  recurringOutcomes: z
    .array(
      z.object({
        every: z.number().int().min(1).max(1000).describe('cycle length, in scheduled runs of the VM'),
        at: z.number().int().min(1).describe('which run of each cycle (1 = the first)'),
        status: z.enum(['Failed', 'CompletedWithWarnings']),
        errorCode: z.string(),
      }),
    )
    .default([])
    .describe('trouble that keeps coming back: run number n of the VM (its scheduled runs counted from the first of its history, on the simulated clock) ends so when (n - at) is a multiple of every'),
});

export const policySchema = z.object({
  name: armName,
  properties: z
    .looseObject({ backupManagementType: z.string() })
    .describe('the ARM ProtectionPolicy properties, stored and returned as given (timeZone, schedulePolicy, retentionPolicy ...)'),
});

export const historyOverrideSchema = z.object({
  run: z.number().int().min(1).describe('1 = the most recent scheduled run before the clock start, 2 = the one before ...'),
  status: z.enum(JOB_STATUSES),
  errorCode: z.string().optional(),
});

export const protectedItemSchema = z.object({
  vm: z.string().min(1).describe('"resourceGroup/vmName" (or a VM ARM id)'),
  policy: armName.default('DefaultPolicy'),
  state: z.enum(['Protected', 'ProtectionStopped']).default('Protected'),
  history: z
    .object({
      runs: z.number().int().min(0).max(2000).describe('how many past scheduled runs to create as jobs'),
      overrides: z.array(historyOverrideSchema).default([]),
    })
    .default({ runs: 0, overrides: [] }),
  ownJobs: z
    .boolean()
    .default(true)
    .describe('false = the item gets no jobs of its own (ConfigureBackup, history, DisableBackup): the vault\'s `jobs` list holds its jobs (a replayed recording that listed them)'),
});

export const explicitJobSchema = z.object({
  id: z.string().min(1),
  vm: z.string().optional().describe('"resourceGroup/vmName" of the job\'s VM'),
  entityFriendlyName: z.string().optional(),
  operation: z.enum(['Backup', 'ConfigureBackup', 'DisableBackup', 'DeleteBackupData', 'Restore']),
  status: z.enum(JOB_STATUSES),
  startTime: isoTime,
  endTime: isoTime.optional(),
  errorCode: z.string().optional(),
  policyName: z.string().optional().describe('ConfigureBackup / DisableBackup: the policy in the job\'s propertyBag'),
});

export const pendingOperationSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['ConfigureBackup', 'Backup', 'DisableBackup', 'DeleteBackupData', 'Refresh']),
  vm: z.string().optional(),
  status: z.enum(['InProgress', 'Succeeded']).default('InProgress'),
  jobId: z.string().optional(),
  polls: z.number().int().min(0).optional().describe('InProgress: status reads that still answer "in progress" before it reads Succeeded (default: never by itself)'),
});

export const vaultSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{1,49}$/, 'vault names are 2-50 characters: a letter first, then letters, digits or hyphens'),
  subscriptionId: guid.optional().describe('defaults to the first subscription'),
  resourceGroup: armName,
  location: z.string().min(1),
  redundancy: z.enum(REDUNDANCIES).default('GeoRedundant'),
  crossRegionRestore: z.boolean().default(false),
  tags,
  identity: z.enum(['None', 'SystemAssigned']).default('None').describe('managed identity of the vault'),
  extraProperties: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('ARM vault properties merged over the generated ones (private endpoint connections, alert settings ...)'),
  policies: z.array(policySchema).default([]).describe('DefaultPolicy is added when absent, as Azure does'),
  protectedItems: z.array(protectedItemSchema).default([]),
  jobs: z.array(explicitJobSchema).default([]).describe('jobs with fixed ids and times (used by fidelity tests)'),
  operations: z.array(pendingOperationSchema).default([]).describe('asynchronous operations already under way'),
});

export const estateSchema = z.object({
  $schema: z.string().optional(),
  description: z.string().optional(),
  seed: z.number().int().optional().describe('seed for ids and durations (SandboxOptions.seed wins)'),
  clock: z.object({ start: isoTime }).optional().describe('fixed start of the simulated clock; default: now rounded down to the hour'),
  subscriptions: z.array(subscriptionSchema).min(1),
  vaults: z.array(vaultSchema).default([]),
  virtualMachines: z.array(virtualMachineSchema).default([]),
});

export type EstateInput = z.input<typeof estateSchema>;
export type Estate = z.output<typeof estateSchema>;
export type EstateVault = z.output<typeof vaultSchema>;
export type EstateVm = z.output<typeof virtualMachineSchema>;
export type EstatePolicy = z.output<typeof policySchema>;
export type EstateProtectedItem = z.output<typeof protectedItemSchema>;
export type EstateJob = z.output<typeof explicitJobSchema>;
export type EstateOperation = z.output<typeof pendingOperationSchema>;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type TerminalOutcome = (typeof TERMINAL_OUTCOMES)[number];
export type Redundancy = (typeof REDUNDANCIES)[number];

export function estateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(estateSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
