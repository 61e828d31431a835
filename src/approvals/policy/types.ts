import type { PolicySettings } from '../../backup/lifecycle/policySettings';
import type { ResourceRef } from '../resourceRef';

/** Create a VM backup policy in a vault, or change one (`policy create` / `policy edit`). */
export interface SavePolicyAction {
  kind: 'savePolicy';
  mode: 'create' | 'update';
  vault: ResourceRef;
  policy: string;
  settings: PolicySettings;
  /** Updates: digest of the policy when the request was filed; the write is refused if it changed since. */
  fingerprint?: string;
  /** Updates: the policy as it is now, one line, for the approver. */
  before?: string;
  /** Updates: how many VMs the policy protects (Azure re-applies the policy to each). */
  protectedItems?: number;
}
