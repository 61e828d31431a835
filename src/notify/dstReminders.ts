import { cardMessage } from '../bot/messages';
import { errorFacts, type Logger } from '../logger';
import { dstReminderCard, dstReminderViewModel, type ShiftNote } from './dstCard';
import type { DstPlanner, PolicyDstChange } from './dstPlanner';
import type { Clock, OutboxPort } from './ports';
import type { SubscriptionStore } from './subscriptionStore';

export const DEFAULT_REMINDER_DAYS = [7, 1];

const DAY_MS = 86_400_000;

export interface DstRemindersOptions {
  planner: DstPlanner;
  subscriptions: SubscriptionStore;
  outbox: OutboxPort;
  logger: Logger;
  clock: Clock;
  /** What is already under way for this policy and transition (a filed or approved shift). */
  shiftNote?: (change: PolicyDstChange) => Promise<ShiftNote | undefined>;
}

export interface DueReminder {
  conversationId: string;
  change: PolicyDstChange;
  daysBefore: number;
  key: string;
}

/**
 * Posts "N days before the DST change" reminders to `dst` subscribers, per policy. `runDue(now)`
 * is the scheduler (called each minute); the outbox's idempotency key makes each reminder go once.
 */
export class DstReminders {
  /** Keys queued by this process, so the per-minute check does not ask the outbox again. */
  private readonly queued = new Set<string>();

  constructor(private readonly options: DstRemindersOptions) {}

  async due(now: Date): Promise<DueReminder[]> {
    const subscribers = (await this.options.subscriptions.all()).filter((s) => s.dst !== undefined);
    if (subscribers.length === 0) return [];
    const plan = await this.options.planner.plan(now);
    const due: DueReminder[] = [];
    for (const subs of subscribers) {
      for (const change of plan.changes) {
        const daysBefore = dueOffset(subs.dst!.days, change, now);
        if (daysBefore === undefined) continue;
        due.push({ conversationId: subs.conversationId, change, daysBefore, key: reminderKey(change, daysBefore, subs.conversationId) });
      }
    }
    return due;
  }

  async runDue(now: Date = this.options.clock()): Promise<DueReminder[]> {
    const sent: DueReminder[] = [];
    for (const reminder of await this.due(now)) {
      if (this.queued.has(reminder.key)) continue;
      try {
        const note = await this.options.shiftNote?.(reminder.change);
        const model = dstReminderViewModel(reminder.change, now, note);
        await this.options.outbox.enqueue({
          key: reminder.key,
          conversationId: reminder.conversationId,
          kind: 'send',
          activity: { ...cardMessage(dstReminderCard(model)), summary: model.title },
        });
        this.queued.add(reminder.key);
        sent.push(reminder);
      } catch (err) {
        this.options.logger.warn({ ...errorFacts(err), key: reminder.key }, 'dst: could not queue a reminder, will retry next minute');
      }
    }
    return sent;
  }
}

/**
 * The reminder due now: among the offsets whose moment (transition minus N x 24 h) has passed, the closest to the change. A subscriber who joins 3 days before a change gets
 * the 7-day reminder once, late, and the 1-day one on time; never a burst of stale ones.
 */
export function dueOffset(days: number[], change: PolicyDstChange, now: Date): number | undefined {
  const at = Date.parse(change.effect.transition.at);
  if (now.getTime() >= at) return undefined;
  const passed = days.filter((d) => now.getTime() >= at - d * DAY_MS);
  return passed.length === 0 ? undefined : Math.min(...passed);
}

export function reminderKey(change: PolicyDstChange, daysBefore: number, conversationId: string): string {
  return `dst:${change.policy.vault.name}:${change.policy.name}:${change.effect.transition.localDate}:${daysBefore}:${conversationId}`;
}
