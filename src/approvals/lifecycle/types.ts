import type { ResourceRef } from '../types';

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

export type LifecycleAction = StopProtectionAction | ResumeProtectionAction | ChangePolicyAction;
