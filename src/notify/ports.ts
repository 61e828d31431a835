import type { OutgoingMessage } from '../bot/chatTypes';
import type { OnAccepted } from '../backup/acceptedOperation';
import type { DstEffect } from '../backup/dst';
import type { JobStatusFilter } from '../backup/jobFilter';
import type { JobView } from '../backup/jobPhases';
import type { VmSummary } from '../backup/views';
import type { OsType } from '../backup/vmOs';
import type { ResourceRef } from '../approvals/resourceRef';

/**
 * The narrow views of other parts that notify/ depends on. The composition root adapts the real
 * services (BackupService, Outbox, Lease) to these, so notify/ stays testable and never reaches for
 * an SDK or a connector itself.
 */

/** The current instant. Production: the system clock; sandbox mode and tests: the sandbox's clock. */
export type Clock = () => Date;

/** A vault as notify holds it: the same fields as an approval request's (ARM id as the stable key; names repeat across subscriptions). */
export type VaultInfo = ResourceRef;

/** A protected VM as the digest needs it: when it last had a good backup. */
export interface ProtectedVmInfo {
  vm: string;
  vaultId: string;
  policy?: string;
  /** ISO instant of the last successful backup (a recovery point), undefined when there never was one. */
  lastSuccessfulBackup?: string;
  /** Hours between the policy's scheduled runs (24 daily, 168 weekly), when known. */
  scheduleIntervalHours?: number;
}

export interface PolicyInfo {
  vault: VaultInfo;
  name: string;
  /** Windows time-zone id as stored in the policy ("W. Europe Standard Time"); "UTC" when unset. */
  timeZone: string;
  /** Run times as HH:MM in the policy's time zone (daily and weekly policies; empty for hourly ones). */
  runTimes: string[];
  frequency: string;
  instantRestoreDays?: number;
  /** Names of the VMs the policy protects. */
  vms: string[];
  /** The next DST transition of the policy's zone after the listing time and its effect (src/backup/dst.ts). */
  nextDst?: DstEffect;
}

/** Most jobs one listJobs call returns (newest first); the watcher asks again by status when a listing is full. */
export const MAX_JOBS_PER_QUERY = 500;

/** What notify/ reads from Azure Backup (implemented over src/backup/ by the composition root). */
export interface NotifyBackup {
  listVaults(): Promise<VaultInfo[]>;
  /** Backup jobs of one vault whose start time is at or after `since` (server-side $filter), optionally one status; at most MAX_JOBS_PER_QUERY, newest first. */
  listJobs(vault: VaultInfo, since: Date, status?: JobStatusFilter): Promise<JobView[]>;
  /** Full details (phases, errors) of one job. */
  getJob(vault: VaultInfo, jobId: string): Promise<JobView>;
  /** The OS of a job's VM (for the alert's remedies); undefined when it cannot be known. Never throws. */
  vmOsType(job: JobView): Promise<OsType | undefined>;
  listProtectedVms(vault: VaultInfo): Promise<ProtectedVmInfo[]>;
  listPolicies(vault: VaultInfo): Promise<PolicyInfo[]>;
  /** Every VM the bot sees with its protection: the digest's coverage line (once per digest, not per tick). */
  coverageVms(): Promise<VmSummary[]>;
}

/** The one Azure write notify/ asks for: moving a policy's run times (approved DST shift). */
export interface PolicyScheduleWriter {
  /**
   * Re-reads the policy, refuses if its run times (HH:MM) are no longer `expectedRunTimes`, and
   * writes `newRunTimes` sending back every other field as read (time zone, retention, instant
   * restore). Returns the policy as read back after the write. `onAccepted` is told Azure's
   * operation when the write answers 202, before it is followed (the approval stores it).
   */
  updatePolicyRunTimes(vault: VaultInfo, policy: string, expectedRunTimes: string[], newRunTimes: string[], onAccepted?: OnAccepted): Promise<PolicyInfo>;
  /** A policy write Azure accepted before the bot stopped: its operation followed to its end, then the policy as read. */
  resumePolicyUpdate(vault: VaultInfo, policy: string, operationId: string): Promise<PolicyInfo>;
  /** The policy as Azure shows it now (never from a cache), or undefined when the vault has no such policy. */
  currentPolicy(vault: VaultInfo, policy: string): Promise<PolicyInfo | undefined>;
}

/** One proactive message (a post or an edit) as the outbox queues it; the one definition for every sender. */
export interface OutboxMessage {
  /**
   * Idempotency key, e.g. `alert:${jobId}:${conversationId}`: a second enqueue of a key is ignored
   * for as long as its record is kept (`retentionMs`, 30 days by default), across restarts.
   */
  key: string;
  conversationId: string;
  kind: 'send' | 'update';
  /** For 'update': the id of the message to edit... */
  activityId?: string;
  /** ...or the outbox key it was sent under (resolved when the update goes out). */
  updateOfKey?: string;
  activity: OutgoingMessage;
  /**
   * For 'update': the version of the card this edit shows (e.g. an approval's state rank). Edits of
   * one message go out one at a time in enqueue order; one whose version is lower than an edit
   * already made to that message is dropped, so an older card never overwrites a newer one (a
   * "being made" enqueued after the final "approved", say). Without a version: enqueue order only.
   */
  version?: number;
  /**
   * Optional Storage key of a record owned by the caller (an approval request, say): once sent,
   * the outbox merges `{ outboxSent: { key, conversationId, activityId, sentAt } }` into it.
   */
  onSentKey?: string;
}

/** The persistent, rate-limited queue every proactive send goes through. */
export interface OutboxPort {
  /** `queued: false` for a key seen before (reason 'duplicate') or a conversation that cannot receive it. */
  enqueue(message: OutboxMessage): Promise<{ queued: boolean; reason?: string }>;
  /** The id Teams gave the message sent under `key`, once sent (undefined before, or after its retention). */
  sentActivityId(key: string): Promise<string | undefined>;
}
