import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Attachment, Storage } from 'botbuilder';
import { ApprovalService, type Clicker, type CardUpdater } from '../../../src/approvals/approvalService';
import { AuditLog } from '../../../src/approvals/auditLog';
import { ExecutorRegistry, type ApprovalExecutor, type ExecutionContext } from '../../../src/approvals/executor';
import type { ExecutionOutcome, PostedCard, ShiftPolicyScheduleAction } from '../../../src/approvals/types';
import { createLogger } from '../../../src/logger';
import { FileStorage } from '../../../src/store/fileStorage';

export const ALEX: Clicker = { aadObjectId: '11111111-1111-4111-8111-111111111111', name: 'Alex Wilber', role: 'operator', userId: '29:alex' };
export const MEGAN: Clicker = { aadObjectId: '22222222-2222-4222-8222-222222222222', name: 'Megan Bowen', role: 'approver', userId: '29:megan' };
export const NESTOR: Clicker = { aadObjectId: '44444444-4444-4444-8444-444444444444', name: 'Nestor Wilke', role: 'approver', userId: '29:nestor' };
export const VALERIE: Clicker = { aadObjectId: '33333333-3333-4333-8333-333333333333', name: 'Valerie Viewer', role: 'viewer', userId: '29:viewer' };

export const SHIFT: ShiftPolicyScheduleAction = {
  kind: 'shiftPolicySchedule',
  vault: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1', name: 'v1', resourceGroup: 'rg', subscriptionId: 's', location: 'westeurope' },
  policy: 'DailyPolicy',
  timeZone: 'W. Europe Standard Time',
  currentRunTimes: ['2026-01-01T22:00:00Z'],
  newRunTimes: ['2026-01-01T21:00:00Z'],
  reason: 'Keep 22:00 local time after the DST change on 2026-03-29.',
};

/**
 * The approval mechanism is generic over executors (the extension point DST shifts use); this one
 * stands for "the Azure write" and counts its calls so exactly-once can be asserted.
 */
export class CountingExecutor implements ApprovalExecutor<ShiftPolicyScheduleAction> {
  readonly kind = 'shiftPolicySchedule' as const;
  calls: ExecutionContext[] = [];
  outcome: ExecutionOutcome = { ok: true, summary: 'Schedule moved.', facts: [{ title: 'New run time', value: '21:00 UTC' }], jobId: 'job-1', jobStatus: 'Completed' };
  failWith?: Error;
  /** When set, execute waits for this promise (a change that takes longer than a click may wait). */
  gate?: Promise<void>;

  title(action: ShiftPolicyScheduleAction): string {
    return `Shift the schedule of ${action.policy}`;
  }
  summary(action: ShiftPolicyScheduleAction): string {
    return `shift ${action.policy} in ${action.vault.name} to ${action.newRunTimes.join(', ')}`;
  }
  describe(action: ShiftPolicyScheduleAction) {
    return [{ title: 'Policy', value: action.policy }];
  }
  missingInput(): string | undefined {
    return undefined;
  }
  async execute(_action: ShiftPolicyScheduleAction, context: ExecutionContext): Promise<ExecutionOutcome> {
    this.calls.push(context);
    if (this.gate) await this.gate;
    // Yield so concurrent clicks interleave with the write, as real I/O would.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failWith) throw this.failWith;
    return this.outcome;
  }
}

/** Collects the card updates the service asks for outside a click (the outbox does this in the app). */
export class RecordingSender implements CardUpdater {
  updates: Array<{ card: PostedCard; content: Attachment; key: string }> = [];
  async updateCard(card: PostedCard, content: Attachment, key: string): Promise<void> {
    this.updates.push({ card, content, key });
  }
}

export function tempStorage(): { storage: Storage; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approvals-'));
  return { storage: new FileStorage(dir), dir };
}

export interface Harness {
  service: ApprovalService;
  audit: AuditLog;
  executor: CountingExecutor;
  sender: RecordingSender;
  clock: { now: Date };
  storage: Storage;
}

export function harness(storage: Storage = tempStorage().storage, options: { invokeDeadlineMs?: number } = {}): Harness {
  const clock = { now: new Date('2026-03-01T09:00:00Z') };
  const executor = new CountingExecutor();
  const sender = new RecordingSender();
  const audit = new AuditLog(storage, () => clock.now);
  const service = new ApprovalService({
    storage,
    executors: new ExecutorRegistry().register(executor),
    audit,
    logger: createLogger('silent'),
    ttlHours: 24,
    now: () => clock.now,
    cardUpdater: sender,
    ...options,
  });
  return { service, audit, executor, sender, clock, storage };
}

export function newRequest(h: Harness, requester: Clicker = ALEX) {
  return h.service.create({ action: SHIFT, requester: { aadObjectId: requester.aadObjectId, name: requester.name, userId: requester.userId }, checks: [], notes: [], approverUserIds: ['29:megan'] });
}

/** Text a user reads on a card: every TextBlock and fact. */
export function cardText(card: Attachment | Record<string, unknown>): string {
  const content = 'contentType' in card ? (card as Attachment).content : card;
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'TextBlock') parts.push(String(n.text));
      if (n.type === 'FactSet') (n.facts as Array<{ title: string; value: string }>).forEach((f) => parts.push(`${f.title}: ${f.value}`));
      Object.values(n).forEach(walk);
    }
  };
  walk(content);
  return parts.join('\n');
}

/** Verbs of the buttons on a card. */
export function cardVerbs(card: Attachment | Record<string, unknown>): string[] {
  const content = 'contentType' in card ? (card as Attachment).content : card;
  const verbs: string[] = [];
  const walk = (node: unknown, inRefresh: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inRefresh));
    if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute' && !inRefresh) verbs.push(String(n.verb));
      for (const [key, value] of Object.entries(n)) if (key !== 'fallback') walk(value, inRefresh || key === 'refresh');
    }
  };
  walk(content, false);
  return verbs;
}
