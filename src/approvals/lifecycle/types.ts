import type { ResourceRef } from '../resourceRef';

/** Stop protection of a VM: keep its backup data, or delete it (soft delete when the vault has it on). */
export interface StopProtectionAction {
  kind: 'stopProtection';
  vm: ResourceRef;
  vault: ResourceRef;
  /** Policy the VM had, for the card and the audit trail. */
  policy?: string;
  deleteData: boolean;
  /** What happens to the data, with the vault's soft-delete state, as shown to the approver. */
  consequence: string;
}

/** Resume protection of a VM whose protection was stopped (undeleting soft-deleted data first). */
export interface ResumeProtectionAction {
  kind: 'resumeProtection';
  vm: ResourceRef;
  vault: ResourceRef;
  policy: string;
  undelete: boolean;
}

/** Move a protected VM to another policy of its vault. */
export interface ChangePolicyAction {
  kind: 'changePolicy';
  vm: ResourceRef;
  vault: ResourceRef;
  fromPolicy?: string;
  policy: string;
}

/** Create a Recovery Services vault and set its storage redundancy (checked when requested, again before the write). */
export interface CreateVaultAction {
  kind: 'createVault';
  /** The vault to create: `id` is the id it will have, `location` its region. */
  vault: ResourceRef;
  redundancy: 'GeoRedundant' | 'LocallyRedundant' | 'ZoneRedundant';
  /** What the bot chose for the requester and why (region, resource group, redundancy), shown to the approver. */
  choices: string[];
}

export type LifecycleAction = StopProtectionAction | ResumeProtectionAction | ChangePolicyAction | CreateVaultAction;
