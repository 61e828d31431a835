import type { ConversationAddress, TurnRoster } from './bot/chatTypes';
import type { Storage } from './store/storage';
import type { Config, Role } from './config';
import type { Logger } from './logger';
import type { ApprovalService } from './approvals/approvalService';
import type { AuditLog } from './approvals/auditLog';
import type { NotifyServices } from './notify/notifyServices';
import type { BackupService } from './backup/backupService';
import type { TeamsPlace } from './bot/teamsPlace';
import type { JobFollower } from './commands/jobFollower';
import type { LifecycleService } from './backup/lifecycle/lifecycleService';

/** Saves conversation references for proactive messages (implemented in notify/). */
export interface ConversationHooks {
  /** `teams`: the team and channel the conversation belongs to, when Teams says so. */
  touch(reference: ConversationAddress, teams?: TeamsPlace): Promise<void>;
  retire(conversationId: string, reason: string): Promise<void>;
}

/** Resolves a user's role: the configured lists plus the owners of the approver team (approvals/roleResolver.ts). */
export interface RoleResolver {
  resolve(turn: TurnRoster, aadObjectId: string): Promise<Role>;
  /** Teams user ids of the known approvers, for approval cards' refresh lists. */
  approverUserIds(): string[];
}

/**
 * Everything a command or card action may use, built once, fully, by the composition root
 * (app.ts): every member is always there, so handlers never check for a missing service.
 * Add a field here when a new service lands; handlers receive it through their context.
 */
export interface Services {
  config: Config;
  logger: Logger;
  storage: Storage;
  /** Azure Backup over the SDKs (Azure or the sandbox). */
  backup: BackupService;
  /** Current time: the sandbox's simulated clock in sandbox mode, the system clock in Azure. */
  clock: () => Date;
  /** Where to send proactive messages (notify/conversationRegistry.ts). */
  conversations: ConversationHooks;
  roles: RoleResolver;
  /** Four-eyes approval requests (approvals/). */
  approvals: ApprovalService;
  /** Append-only audit trail of requests, decisions, refused clicks and Azure writes. */
  audit: AuditLog;
  /** Proactive messages (notify/): subscriptions, job watcher alerts, digests, DST reminders. */
  notify: NotifyServices;
  /** Keeps posted job cards (backup now) up to date until the job ends (commands/jobFollower.ts). */
  jobFollower: JobFollower;
  /** Cancel, recovery points, stop/resume protection, vault and policy creation (issue 14). */
  lifecycle: LifecycleService;
}
