import type { OutboxLimits } from './outboxLimits';
import { SlidingWindowLimiter } from './rateLimiter';

/** A message waiting in memory for its turn (its full content stays in Storage). */
export interface PendingSend {
  key: string;
  conversationId: string;
  tenantId: string;
  /** Enqueue order: FIFO within a conversation, oldest first across conversations. */
  order: number;
  /** Earliest next attempt (backoff after a failure, or another process's in-flight mark). */
  notBefore: number;
}

interface ConversationLane {
  items: PendingSend[];
  /** Key of the message being handled, if any. */
  inFlightKey?: string;
  /** Set by a 429: nothing goes to this conversation before then. */
  blockedUntil: number;
}

export type NextSend = { item: PendingSend } | { waitMs: number };

/**
 * Decides which message goes next: one in flight per conversation (so a conversation sees its
 * messages in order), the head of each conversation only when its backoff, Retry-After and both
 * rate limiters allow, and the oldest such head first.
 */
export class SendSchedule {
  private readonly lanes = new Map<string, ConversationLane>();
  private readonly keys = new Map<string, PendingSend>();
  private readonly perConversation: SlidingWindowLimiter;
  private readonly perTenant: SlidingWindowLimiter;
  private inFlightCount = 0;

  constructor(private readonly limits: OutboxLimits) {
    this.perConversation = new SlidingWindowLimiter(limits.perConversation);
    this.perTenant = new SlidingWindowLimiter(limits.perTenant);
  }

  get pending(): number {
    return this.keys.size;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** The smallest `order` among waiting and in-flight messages (orders begin with the enqueue time). */
  oldestOrder(): number | undefined {
    let oldest: number | undefined;
    for (const item of this.keys.values()) if (oldest === undefined || item.order < oldest) oldest = item.order;
    return oldest;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(item: PendingSend): void {
    if (this.keys.has(item.key)) return;
    this.keys.set(item.key, item);
    const lane = this.lane(item.conversationId);
    let i = lane.items.length;
    while (i > 0 && lane.items[i - 1].order > item.order) i--;
    lane.items.splice(i, 0, item);
  }

  /** Forgets a message (sent, dead, or finished elsewhere). */
  remove(key: string): void {
    const item = this.keys.get(key);
    if (!item) return;
    this.keys.delete(key);
    const lane = this.lanes.get(item.conversationId);
    if (!lane) return;
    lane.items = lane.items.filter((i) => i.key !== key);
    if (lane.items.length === 0 && !lane.inFlightKey && lane.blockedUntil === 0) this.lanes.delete(item.conversationId);
  }

  /** Removes and returns every queued message of a conversation (it has been retired). */
  dropConversation(conversationId: string): PendingSend[] {
    const lane = this.lanes.get(conversationId);
    if (!lane) return [];
    const dropped = lane.items.filter((item) => item.key !== lane.inFlightKey);
    dropped.forEach((item) => this.remove(item.key));
    return dropped;
  }

  /** Honour a 429's Retry-After for the whole conversation. */
  block(conversationId: string, until: number): void {
    const lane = this.lane(conversationId);
    lane.blockedUntil = Math.max(lane.blockedUntil, until);
  }

  next(now: number): NextSend {
    if (this.inFlightCount >= this.limits.maxConcurrentSends) return { waitMs: Infinity };
    let best: PendingSend | undefined;
    let waitMs = Infinity;
    for (const [conversationId, lane] of this.lanes) {
      const head = lane.items[0];
      if (!head && !lane.inFlightKey && lane.blockedUntil <= now) this.lanes.delete(conversationId);
      if (lane.inFlightKey || !head) continue;
      if (lane.blockedUntil <= now) lane.blockedUntil = 0;
      const wait = Math.max(
        lane.blockedUntil - now,
        head.notBefore - now,
        this.perConversation.waitTime(conversationId, now),
        this.perTenant.waitTime(head.tenantId, now),
        0,
      );
      if (wait > 0) waitMs = Math.min(waitMs, wait);
      else if (!best || head.order < best.order) best = head;
    }
    return best ? { item: best } : { waitMs };
  }

  /** The message is being handled: its conversation is busy and it holds a rate-limit slot. */
  begin(item: PendingSend): void {
    this.lane(item.conversationId).inFlightKey = item.key;
    this.perConversation.begin(item.conversationId);
    this.perTenant.begin(item.tenantId);
    this.inFlightCount++;
  }

  /**
   * Handling ended. `requestEndedAt` is when the HTTP call returned (the slot then counts from that
   * instant), or undefined when no request was made (the slot is simply given back).
   */
  end(item: PendingSend, requestEndedAt: number | undefined): void {
    const lane = this.lane(item.conversationId);
    lane.inFlightKey = undefined;
    this.perConversation.end(item.conversationId, requestEndedAt);
    this.perTenant.end(item.tenantId, requestEndedAt);
    this.inFlightCount--;
    if (lane.items.length === 0 && lane.blockedUntil === 0) this.lanes.delete(item.conversationId);
  }

  private lane(conversationId: string): ConversationLane {
    let lane = this.lanes.get(conversationId);
    if (!lane) this.lanes.set(conversationId, (lane = { items: [], blockedUntil: 0 }));
    return lane;
  }
}
