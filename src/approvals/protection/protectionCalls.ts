import type { BackupService, ProtectionTarget, VaultRef } from '../../backup/backupService';
import type { PreflightCheck } from '../../backup/preflight';
import type { CheckResult, EnableProtectionAction } from '../types';
import { regionalOf, resourceRefOf, type ResourceRef } from '../resourceRef';

/**
 * The backup-service calls protecting a VM makes: BackupService itself, narrowed so a review sees
 * the whole surface. No adapter in between: the VM, vault and policy read when the request is made
 * are stored with it and handed back as they are, so nothing is resolved twice.
 */
export type ProtectionCalls = Pick<BackupService, 'getVmDetails' | 'listVaultRefs' | 'preflightFor' | 'listPolicies' | 'configureProtection' | 'resumeConfigure' | 'currentProtection'>;

export const DEFAULT_POLICY = 'DefaultPolicy';

/** A vault as a request stores it, with the redundancy the card shows. */
export function storedVault(vault: VaultRef): ResourceRef & { redundancy: string } {
  return { ...resourceRefOf(vault), redundancy: vault.redundancyLabel };
}

/** A stored vault as the backup service's calls take it. */
export function vaultKeyOf(vault: ResourceRef): ProtectionTarget['vault'] {
  return regionalOf(vault);
}

/** What an approved request writes: the stored VM, vault and policy, as held. */
export function targetOf(action: EnableProtectionAction & { vault: ResourceRef; policy: string }): ProtectionTarget {
  return { vm: regionalOf(action.vm), vault: vaultKeyOf(action.vault), policy: action.policy };
}

export function checkOf(check: PreflightCheck): CheckResult {
  return { id: check.id, name: check.title, status: check.status, detail: check.detail, ...(check.remedy ? { remedy: check.remedy } : {}) };
}
