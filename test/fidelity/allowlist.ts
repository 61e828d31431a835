import type { Difference } from './compare';
import { apiVersionOf, kindOf, type Exchange } from './recording';

// THE list of accepted differences between the sandbox and the recorded Azure traffic, each with
// its reason. Two parts: kinds of exchange that are not replayed (the bot never sends them), and
// the differences accepted in the exchanges that are replayed.

interface SkippedKind {
  matches: (exchange: Exchange, kind: string) => boolean;
  reason: string;
}

const seqIn = (exchange: Exchange, file: string, from: number, to: number) =>
  (exchange.source ?? '').includes(file) && typeof exchange.seq === 'number' && exchange.seq >= from && exchange.seq <= to;

export const SKIPPED_KINDS: SkippedKind[] = [
  { matches: (_e, kind) => /^(DELETE|PATCH) vaults\/\{\}$/.test(kind), reason: 'vault delete/update: the bot creates vaults (vault create, replayed) but never deletes or patches one' },
  { matches: (_e, kind) => /vaults\/\{\}\/backupconfig\/\{\}$/i.test(kind), reason: "vault backup config (soft delete settings): the bot never reads or changes it" },
  { matches: (_e, kind) => /vaults\/\{\}\/backupResourceGuardProxies$/i.test(kind), reason: 'resource guard proxies: the bot never calls them (CLI/PowerShell check them before a delete or stop)' },
  { matches: (_e, kind) => /vaults\/\{\}\/backupEncryptionConfigs/i.test(kind), reason: 'vault encryption config: the bot never reads it' },
  { matches: (_e, kind) => /\/restore$/i.test(kind), reason: 'restore: the bot does not restore' },

  {
    // The softdel sequence (43-84: soft delete, undelete, hard delete) is replayed; this one is not.
    matches: (exchange) => seqIn(exchange, 'test_backup_scenario', 254, 254),
    reason: "containers after a hard delete: the scenario turned soft delete off through backupconfig (scenario:3), which is not replayed, so the sandbox vault still soft-deletes and keeps the item's container",
  },
];

interface AllowedDifference {
  /** Kind label of the exchange (recording.ts kindOf), as a pattern. */
  kind?: RegExp;
  /** Applies to these api-versions only. */
  apiVersions?: (version: string) => boolean;
  difference: Difference['kind'];
  /** Key path or header, as a pattern. */
  path: RegExp;
  reason: string;
}

const VAULT = /^(GET|PUT) vaults\/\{\}$/;
const VM = /^GET virtualMachines\/\{\}$/;
const ITEMS = /^GET vaults\/\{\}\/backupProtectedItems$/;
const POINTS = /recoveryPoints(\/\{\})?$/;

export const ALLOWED: AllowedDifference[] = [
  // Vaults: settings differ from vault to vault (the two vaults of Redo answer the same api-version differently).
  { kind: VAULT, difference: 'missing', path: /^tags(\.|$)/, reason: "the recorded vault's own tags (test-suite bookkeeping) are not seeded for every vault; the bot reads tags only to prefer a vault, never requires them" },
  { kind: VAULT, difference: 'missing', path: /^identity$/, reason: 'the recorded vault has a user-assigned identity; the sandbox vaults have none; the bot never reads a vault identity' },
  { kind: VAULT, difference: 'extra', path: /^properties\.(securitySettings\.immutabilitySettings|monitoringSettings|networkSettings)$/, reason: 'configured on some vaults and not others (Redo: hiagaVault has them, hiagaVault2 not; scenario has networkSettings, softdel not); the bot never reads them' },
  // Items.
  { kind: ITEMS, difference: 'extra', path: /^value\[\]\.properties\.extendedProperties$/, reason: '2025: {} on items with backups (Redo:2 anshul-vm), absent on the item whose VM was deleted (hiaganewvm1); the bot never reads it' },
  { kind: ITEMS, difference: 'missing', path: /kpisHealths\.RestoreOperationStatusKPI$/, reason: 'appears after a restore, and restores are not replayed (the bot does not restore)' },
  // Compute VM.
  { kind: VM, difference: 'missing', path: /^tags\./, reason: "the recorded VM's own tags (test-suite bookkeeping); the bot does not read VM tags" },
  {
    kind: VM,
    difference: 'missing',
    path: /^properties\.(storageProfile\.imageReference|storageProfile\.osDisk\.deleteOption|osProfile\.(secrets|requireGuestProvisionSignal|windowsConfiguration\.(patchSettings|enableVMAgentPlatformUpdates)))$/,
    reason: 'VM details the sandbox does not model (image reference, disk delete option, patch settings, secrets); the bot reads only OS, agent, disks, power and provisioning state',
  },
  // Policies.
  { kind: /^GET vaults\/\{\}\/backupPolicies$/, difference: 'missing', path: /^value\[\]$/, reason: "the recorded vault also holds a SQL log policy (HourlyLogBackup, AzureWorkload); the sandbox has VM policies only and the bot lists VM policies only" },
  // Recovery points (lifecycle's `points`).
  { kind: POINTS, difference: 'missing', path: /properties\.recoveryPointMoveReadinessInfo$/, reason: 'archive-tier readiness: the archive tier is not emulated; the bot never moves points' },
  { kind: POINTS, difference: 'extra', path: /properties\.recoveryPointProperties$/, reason: 'expiry time and rule of the point, in the api-version 2023-06-01 model the bot reads (not in the 2022-02-01 recording)' },
];

export function skippedBecause(exchange: Exchange): string | undefined {
  const kind = kindOf(exchange);
  return SKIPPED_KINDS.find((entry) => entry.matches(exchange, kind))?.reason;
}

export function allowedBecause(exchange: Exchange, difference: Difference): string | undefined {
  const kind = kindOf(exchange);
  const version = apiVersionOf(exchange);
  return ALLOWED.find(
    (entry) =>
      entry.difference === difference.kind &&
      entry.path.test(difference.path) &&
      (entry.kind === undefined || entry.kind.test(kind)) &&
      (entry.apiVersions === undefined || entry.apiVersions(version)),
  )?.reason;
}
