import type { Storage } from '../store/storage';
import { readItem, updateItem } from '../store/storeHelpers';
import type { DigestSchedule } from './schedule';

export type AlertStatusFilter = 'warnings' | 'failed' | 'both';

interface Subscribed {
  /** When and by whom it was set; alerts and reminders only cover what happens after `since`. */
  since: string;
  by: string;
}

export interface AlertSubscription extends Subscribed {
  /** Vault name (case-insensitive match); undefined means every vault. */
  vault?: string;
  status: AlertStatusFilter;
}

export interface DigestSubscription extends Subscribed, DigestSchedule {
  /** The scheduled fire time of the last digest sent (the next digest's window starts here). */
  lastFiredAt?: string;
}

export interface DstSubscription extends Subscribed {
  /** Days before a DST change to post a reminder, descending (e.g. [7, 1]). */
  days: number[];
}

export interface ConversationSubscriptions {
  conversationId: string;
  alerts?: AlertSubscription;
  digest?: DigestSubscription;
  dst?: DstSubscription;
}

export type SubscriptionKind = 'alerts' | 'digest' | 'dst';

interface SubscriptionsDocument {
  conversations: Record<string, ConversationSubscriptions>;
}

/** One document: the watcher and schedulers read every subscription on each tick. */
export const SUBSCRIPTIONS_KEY = 'notify/subscriptions';

/** Subscriptions per conversation, in one eTag-guarded document of the bot's Storage. */
export class SubscriptionStore {
  constructor(private readonly storage: Storage) {}

  async all(): Promise<ConversationSubscriptions[]> {
    const doc = await readItem<SubscriptionsDocument>(this.storage, SUBSCRIPTIONS_KEY);
    return Object.values(doc?.conversations ?? {});
  }

  async forConversation(conversationId: string): Promise<ConversationSubscriptions> {
    const all = await this.all();
    return all.find((s) => s.conversationId === conversationId) ?? { conversationId };
  }

  async set<K extends SubscriptionKind>(conversationId: string, kind: K, value: NonNullable<ConversationSubscriptions[K]>): Promise<void> {
    await this.mutate(conversationId, (subs) => ({ ...subs, [kind]: value }));
  }

  /** Removes one kind; returns false when the conversation had none (nothing changed). */
  async remove(conversationId: string, kind: SubscriptionKind): Promise<boolean> {
    let removed = false;
    await updateItem<SubscriptionsDocument>(this.storage, SUBSCRIPTIONS_KEY, (doc) => {
      const current = doc?.conversations[conversationId];
      if (current?.[kind] === undefined) return undefined;
      removed = true;
      const { [kind]: _dropped, ...rest } = current;
      const conversations = { ...doc!.conversations };
      if (Object.keys(rest).length <= 1) delete conversations[conversationId];
      else conversations[conversationId] = rest as ConversationSubscriptions;
      return { conversations };
    });
    return removed;
  }

  /** Records that a digest fired for `fireTime`, unless the subscription changed meanwhile. */
  async markDigestFired(conversationId: string, fireTime: Date, expectedCron: string): Promise<void> {
    await updateItem<SubscriptionsDocument>(this.storage, SUBSCRIPTIONS_KEY, (doc) => {
      const digest = doc?.conversations[conversationId]?.digest;
      if (digest === undefined || digest.cron !== expectedCron) return undefined;
      if (digest.lastFiredAt !== undefined && Date.parse(digest.lastFiredAt) >= fireTime.getTime()) return undefined;
      const conversations = { ...doc!.conversations };
      conversations[conversationId] = { ...conversations[conversationId], digest: { ...digest, lastFiredAt: fireTime.toISOString() } };
      return { conversations };
    });
  }

  /** Forgets a conversation entirely (the bot was removed from it). */
  async forget(conversationId: string): Promise<void> {
    await updateItem<SubscriptionsDocument>(this.storage, SUBSCRIPTIONS_KEY, (doc) => {
      if (doc?.conversations[conversationId] === undefined) return undefined;
      const conversations = { ...doc.conversations };
      delete conversations[conversationId];
      return { conversations };
    });
  }

  private async mutate(conversationId: string, change: (subs: ConversationSubscriptions) => ConversationSubscriptions): Promise<void> {
    await updateItem<SubscriptionsDocument>(this.storage, SUBSCRIPTIONS_KEY, (doc) => {
      const conversations = { ...(doc?.conversations ?? {}) };
      conversations[conversationId] = change(conversations[conversationId] ?? { conversationId });
      return { conversations };
    });
  }
}

/** Whether an alert subscription wants this job (vault name and status filters). */
export function alertWants(subscription: AlertSubscription, vaultName: string, status: string): boolean {
  if (subscription.vault !== undefined && subscription.vault.toLowerCase() !== vaultName.toLowerCase()) return false;
  if (status === 'Failed') return subscription.status !== 'warnings';
  if (status === 'CompletedWithWarnings') return subscription.status !== 'failed';
  return false;
}
