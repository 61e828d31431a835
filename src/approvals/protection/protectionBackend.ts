import type { CheckResult } from '../types';
import type { ResourceRef } from '../resourceRef';

/**
 * What protecting a VM needs from Azure, narrowed to these calls so approvals depend on a small
 * surface of the backup service (adapted in backupAdapter.ts). Implementations throw BackupError
 * with a user sentence for unknown or ambiguous names, missing rights and Azure failures.
 */
export interface ProtectionBackend {
  /** A VM given by name, resourceGroup/name or ARM id. */
  resolveVm(query: string): Promise<ResourceRef>;
  /** The vault that already protects the VM (in any protection state), if one does. */
  existingProtection(vm: ResourceRef): Promise<ExistingProtection | undefined>;
  /** Every vault the bot can see, with its storage redundancy in words. */
  listVaults(): Promise<Array<ResourceRef & { redundancy?: string }>>;
  /** Preflight of the VM against a vault (section 6 of the design); without a vault, the checks that need one are left out. */
  preflight(vm: ResourceRef, vault?: ResourceRef): Promise<CheckResult[]>;
  /** Names of the backup policies for Azure VMs in a vault. */
  listPolicyNames(vault: ResourceRef): Promise<string[]>;
  /** Configures protection (202 -> operation status -> ConfigureBackup job) and returns the job. */
  enableProtection(vm: ResourceRef, vault: ResourceRef, policy: string): Promise<ProtectionJob>;
}

export interface ExistingProtection {
  vault: string;
  policy?: string;
  /** Protected, IRPending, ProtectionStopped... as Azure reports it. */
  state: string;
}

export interface ProtectionJob {
  jobId: string;
  /** InProgress, Completed, CompletedWithWarnings, Failed... as Azure reports it. */
  status: string;
  operation?: string;
  /** The job's error ("code: message") when it did not complete. */
  error?: string;
  /** What to do about that error. */
  remedy?: string;
}

export const DEFAULT_POLICY = 'DefaultPolicy';
