import type { AcceptedOperation } from '../backup/acceptedOperation';
import type { ConversationAddress } from '../bot/chatTypes';
import type { LifecycleAction } from './lifecycle/types';
import type { SavePolicyAction } from './policy/types';
import type { ResourceRef } from './resourceRef';

/**
 * What an approval request asks to change. A discriminated union so one mechanism (store, card,
 * eTag state machine, audit) serves every kind of change; each kind has one executor.
 * Payloads only ever come from our own store: card data carries nothing but the request id.
 */
export type ApprovalAction = EnableProtectionAction | ShiftPolicyScheduleAction | LifecycleAction | SavePolicyAction;
export type ApprovalKind = ApprovalAction['kind'];

export interface EnableProtectionAction {
  kind: 'enableProtection';
  vm: ResourceRef;
  /** Unset while the requester still has to pick one of `vaultOptions`. */
  vault?: ResourceRef;
  /** Unset until the vault is known; then the given policy or DefaultPolicy. */
  policy?: string;
  /** Policy named by the requester (--policy), checked against the vault once it is chosen. */
  requestedPolicy?: string;
  /** Vaults in the VM's region the requester may pick from (only when there is more than one). */
  vaultOptions?: VaultOption[];
}

/** A vault the requester may pick, with what tells the options apart (requests stored before these were added lack them). */
export type VaultOption = ResourceRef & {
  /** "Geo-redundant (GRS)". */
  redundancy?: string;
  /** The vault's VM backup policies, by name. */
  policies?: string[];
};

/** DST policy shift (issue 6): keep the local run time by moving `scheduleRunTimes`. */
export interface ShiftPolicyScheduleAction {
  kind: 'shiftPolicySchedule';
  vault: ResourceRef;
  policy: string;
  /** Windows time-zone id of the policy, shown on the card and sent back unchanged. */
  timeZone: string;
  currentRunTimes: string[];
  newRunTimes: string[];
  /** Why, in one sentence (e.g. "Keep 22:00 W. Europe Standard Time after the DST change on 2026-10-25"). */
  reason: string;
}

export type ApprovalState = 'pending' | 'approving' | 'approved' | 'rejected' | 'expired' | 'failed';

export const OPEN_STATES: readonly ApprovalState[] = ['pending', 'approving'];

export interface Person {
  aadObjectId: string;
  name: string;
  /** Teams user id (29:...), kept so the card's refresh section can name the user. */
  userId?: string;
}

export interface CheckResult {
  /** Stable id of the check (e.g. region, agent), when the preflight gives one. */
  id?: string;
  name: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  remedy?: string;
}

export interface Fact {
  title: string;
  value: string;
}

/** A button on the card once the change is done (e.g. "Back up now"). */
export interface FollowUpAction {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export interface ExecutionOutcome {
  ok: boolean;
  /** One sentence for the card: what happened. */
  summary: string;
  facts: Fact[];
  jobId?: string;
  jobStatus?: string;
  followUps?: FollowUpAction[];
}

export interface Decision {
  by: Person;
  at: string;
  correlationId: string;
  reason?: string;
}

export interface PostedCard {
  activityId: string;
  conversation: ConversationAddress;
}

export interface ApprovalRequest {
  id: string;
  action: ApprovalAction;
  requester: Person;
  createdAt: string;
  expiresAt: string;
  state: ApprovalState;
  /** Preflight results at request time; warnings are shown on the card. */
  checks: CheckResult[];
  /** Things the approver should know (e.g. "no policy given: DefaultPolicy"). */
  notes: string[];
  /** Who may see Approve/Reject through the card's refresh section (Teams user ids, max 60). */
  approverUserIds: string[];
  decision?: Decision;
  /**
   * Azure's operation for the approved write, stored as soon as Azure accepted it (202) and before
   * it is followed: a restart follows this operation to its end (ApprovalService.resumeInterrupted).
   */
  operation?: AcceptedOperation;
  outcome?: ExecutionOutcome;
  card?: PostedCard;
  updatedAt: string;
}
