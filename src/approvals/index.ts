import type { Storage } from '../store/storage';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { ApprovalService, type CardUpdater } from './approvalService';
import { AuditLog } from './auditLog';
import { ExecutorRegistry, type ApprovalExecutor } from './executor';
import type { ProtectionCalls } from './protection/protectionCalls';
import { protectionExecutor } from './protection/protectionExecutor';
import { TeamRoleResolver } from './roleResolver';
import type { ShiftPolicyScheduleAction } from './types';
import { lifecycleExecutors, type LifecycleBackend } from './lifecycle/lifecycleExecutors';
import type { SavePolicyAction } from './policy/types';
import { vaultCreateExecutor } from './lifecycle/vaultCreateExecutor';

export interface ApprovalsOptions {
  config: Pick<Config, 'roles' | 'approvalTtlHours'>;
  storage: Storage;
  logger: Logger;
  /** Azure calls for enabling protection (the backup service). */
  protection?: ProtectionCalls;
  /** Executor for DST policy shifts (notify/, issue 6), when that feature is wired. */
  policyShift?: ApprovalExecutor<ShiftPolicyScheduleAction>;
  /** Stop / resume protection and policy changes (issue 14): the LifecycleService. */
  lifecycle?: LifecycleBackend;
  /** Policy create / edit (issue 14): src/approvals/policy/savePolicyExecutor.ts. */
  policyWrites?: ApprovalExecutor<SavePolicyAction>;
  /** Updates posted cards from the sweep and long-running changes (the outbox). */
  cardUpdater?: CardUpdater;
  now?: () => Date;
  /** How long a click waits for the change before answering "being made" (default 10 s; tests shorten it). */
  invokeDeadlineMs?: number;
}

export interface Approvals {
  approvals: ApprovalService;
  audit: AuditLog;
  roles: TeamRoleResolver;
}

/**
 * Builds the approval mechanism. The executors (one per kind of change) are registered here and
 * nowhere else: a new kind adds its executor to this function.
 */
export function createApprovals(options: ApprovalsOptions): Approvals {
  const executors = new ExecutorRegistry();
  if (options.protection) executors.register(protectionExecutor(options.protection));
  if (options.policyShift) executors.register(options.policyShift);
  if (options.lifecycle) for (const executor of lifecycleExecutors(options.lifecycle)) executors.register(executor);
  if (options.policyWrites) executors.register(options.policyWrites);
  if (options.lifecycle) executors.register(vaultCreateExecutor(options.lifecycle));

  const audit = new AuditLog(options.storage, options.now);
  const approvals = new ApprovalService({
    storage: options.storage,
    executors,
    audit,
    logger: options.logger,
    ttlHours: options.config.approvalTtlHours,
    now: options.now,
    cardUpdater: options.cardUpdater,
    invokeDeadlineMs: options.invokeDeadlineMs,
  });
  const roles = new TeamRoleResolver(options.config, options.logger);
  return { approvals, audit, roles };
}

export { ApprovalService, type CardUpdater, type Clicker, type ClickResult, type SweepResult } from './approvalService';
export { AuditLog, type AuditEntry, type AuditEvent } from './auditLog';
export { ExecutorRegistry, type ApprovalExecutor, type ExecutionContext } from './executor';
export { TeamRoleResolver } from './roleResolver';
export type * from './types';
