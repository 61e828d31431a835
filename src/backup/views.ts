import type { DstEffect, RunTimeView } from './dst';
import type { PowerState, AgentStatus, Redundancy } from './preflight';
import type { OsType } from './vmOs';

/**
 * The plain view models the BackupService returns. No SDK type appears here: callers (commands,
 * notifications, cards) depend on these shapes only.
 */

export type { JobRow, JobView, JobPhaseView, JobErrorView, JobStatus, PhaseStatus } from './jobPhases';
export type { PreflightResult, PreflightCheck, CheckStatus, PowerState, AgentStatus, Redundancy } from './preflight';
export type { DstEffect, RunTimeView } from './dst';
export type { CatalogueEntry } from './errorCatalogue';
export type { Retention } from './retention';

export interface VaultView {
  name: string;
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  redundancy: Redundancy;
  /** "Geo-redundant (GRS)". */
  redundancyLabel: string;
  crossRegionRestore: boolean;
  /** Azure VMs protected in the vault (any protection state). */
  protectedItemCount: number;
}

export interface VmRef {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  id: string;
  /** Known when the VM was resolved from a listing or read: cards leave out remedies for the other OS. */
  osType?: OsType;
}

export type ProtectionStateView = 'Protected' | 'ProtectionStopped' | 'ProtectionPaused' | 'BackupsSuspended' | 'ProtectionError' | 'IRPending' | 'NotProtected' | 'Unknown';

export interface ProtectionView {
  state: ProtectionStateView;
  vault?: string;
  vaultId?: string;
  policy?: string;
  /** ISO time of the last backup; undefined when the VM was never backed up. */
  lastBackupTime?: string;
  /** ISO time of the newest recovery point (Azure's lastRecoveryPoint): the last backup that succeeded, whatever came after. */
  lastRecoveryPoint?: string;
  /** Azure's lastBackupStatus (Healthy, Failed, IRPending ...). */
  lastBackupStatus?: string;
  /** Azure's healthStatus of the item (Passed, ActionRequired, ActionSuggested, Invalid). */
  health?: string;
  /** Why the item is not healthy (its first healthDetails entry), when it is not. */
  healthIssue?: HealthIssueView;
}

export interface HealthIssueView {
  /** The code name (UserErrorVmNotFoundV2), or the number when Azure gave no name. */
  code: string;
  message: string;
  /** The first thing to do. */
  action: string;
}

export interface VmSummary extends VmRef {
  region: string;
  osType?: OsType;
  /** The VM's Azure tags, when it has any (for `--tag k=v`); not known for a VM read from its vault only. */
  tags?: Record<string, string>;
  protection: ProtectionView;
}

export interface VmDetails extends VmSummary {
  size?: string;
  powerState: PowerState;
  provisioningState?: string;
  osName?: string;
  osVersion?: string;
  image?: { publisher?: string; offer?: string; sku?: string; version?: string };
  agent: { status: AgentStatus; version?: string };
  disks: { managed: boolean; dataDiskCount: number };
}

export type RetentionTier = 'daily' | 'weekly' | 'monthly' | 'yearly';

export interface RetentionRule {
  tier: RetentionTier;
  count: number;
  /** Days, Weeks, Months or Years. */
  unit: string;
}

export interface PolicyView {
  name: string;
  id: string;
  vault: string;
  vaultId: string;
  subscriptionId: string;
  resourceGroup: string;
  /** V1 (standard) or V2 (enhanced) policy. */
  kind: 'V1' | 'V2';
  frequency: 'Daily' | 'Weekly' | 'Hourly' | 'Unknown';
  /** HH:MM in the policy's time zone. */
  runTimes: string[];
  /** Days of the week for weekly schedules. */
  runDays: string[];
  /** Hourly (enhanced) schedules: every `intervalHours` from `windowStart` for `windowHours`. */
  hourly?: { intervalHours: number; windowStart: string; windowHours: number };
  /** Windows time-zone id as stored in the policy. */
  timeZone: string;
  ianaZone?: string;
  /** When Azure runs each time, in UTC (see dst.ts for the model). */
  utcRunTimes: RunTimeView[];
  instantRestoreDays?: number;
  retention: RetentionRule[];
  /** "daily 30 days, weekly 12 weeks". */
  retentionSummary: string;
  protectedItemsCount: number;
  /** The next DST change in the policy's time zone and what it does to the local run time. */
  nextDst?: DstEffect;
}

