import type { Storage } from '../store/storage';
import { errorFacts, type Logger } from '../logger';
import { KeyedMutex } from '../store/keyedMutex';
import { isListable } from '../store/listableStorage';
import { CREATE_ONLY_ETAG, isETagConflict, readItem, updateItem, writeItem, type Stored } from '../store/storeHelpers';
import { canonicalConversationId, toConversationReference, type ConversationRegistry, type SavedReference } from './conversationRegistry';
import { OutboxHistory } from './outboxHistory';
import { OutboxIndex } from './outboxIndex';
import { outboxLimits, type OutboxLimits } from './outboxLimits';
import type { ProactiveSender } from '../bot/proactiveSender';
import { classifySendFailure, failureFacts, ProactiveSendError } from '../bot/sendFailure';
import { SendSchedule, type PendingSend } from './sendSchedule';
import type { OutboxMessage } from './ports';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'dead';

/** What Storage holds per message under `outbox/item/<key>`. */
export interface OutboxRecord {
  message: OutboxMessage;
  state: OutboxState;
  tenantId: string;
  order: number;
  enqueuedAt: number;
  /** Transient failures so far (5xx, network, timeouts). */
  attempts: number;
  /** 429 answers so far. */
  throttles: number;
  notBefore: number;
  /** While 'sending': nobody else may pick the message up before this instant. */
  inFlightUntil?: number;
  /** Id of the posted (or edited) message once sent. */
  activityId?: string;
  finishedAt?: number;
  lastError?: string;
  /** For a versioned update not sent: the newer version the message already showed. */
  supersededBy?: number;
}

export interface EnqueueResult {
  queued: boolean;
  reason?: 'duplicate' | 'unknown-conversation' | 'retired';
}

export interface OutboxDeps {
  storage: Storage;
  registry: ConversationRegistry;
  sender: ProactiveSender;
  logger: Logger;
  limits?: Partial<OutboxLimits>;
  now?: () => number;
  random?: () => number;
  /**
   * True when no other process can use this store (the file store under its DATA_DIR lock): a
   * 'sending' mark found at start was then left by a process that died, and the message goes again
   * at once instead of after `inFlightTimeoutMs`.
   */
  exclusiveStore?: boolean;
}

export const OUTBOX_ITEM_PREFIX = 'outbox/item/';
export const OUTBOX_INDEX_KEY = 'outbox/index';
export const OUTBOX_HISTORY_PREFIX = 'outbox/finished';
/** Per edited message: the highest `version` an update has put on it (outbox/version/<conversation>/<activity>). */
export const OUTBOX_VERSION_PREFIX = 'outbox/version/';
/** Which version records were written on which day, so they are deleted with the finished messages. */
export const OUTBOX_VERSION_HISTORY_PREFIX = 'outbox/version-written';

const itemKey = (key: string): string => `${OUTBOX_ITEM_PREFIX}${key}`;
const versionKey = (conversationId: string, activityId: string): string => `${OUTBOX_VERSION_PREFIX}${conversationId}/${activityId}`;

interface ShownVersion {
  version: number;
}
const MAX_KEY_LENGTH = 512;

type Outcome = { requestEndedAt?: number };

/**
 * The persistent, paced queue every proactive message goes through.
 *
 * Delivery guarantee, honestly stated: at least once, and exactly once except in one window.
 * Before each HTTP call the message is marked 'sending' (with an expiry) in Storage; after the
 * connector answers, the outcome ('sent' with the activity id, a retry time, or 'dead') is written.
 * If the process dies between that mark and the outcome write, which is the whole connector round
 * trip (tens to hundreds of milliseconds, more under a slow connector), the message is sent again
 * after the restart: a duplicate rather than a lost alert. Bound: duplicates per crash are at most
 * the sends in flight at that instant, at most one per conversation and at most
 * `maxConcurrentSends` in all (test/resilience measures it). With an exclusive store (the file
 * store under its DATA_DIR lock) such messages go again as soon as the new process starts;
 * otherwise once their 'sending' mark expires (`inFlightTimeoutMs`), since another replica may
 * still be sending them. Nothing enqueued is ever dropped silently: it is sent, or parked as 'dead'
 * with a log line (403/404, too many failures).
 *
 * Run the drain loop on one replica (under a Lease): pacing is per process. Other replicas may
 * enqueue; the drainer picks their messages up from the index every `pollIntervalMs`.
 */
export class Outbox {
  private readonly limits: OutboxLimits;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly schedule: SendSchedule;
  private readonly index: OutboxIndex;
  private readonly history: OutboxHistory;
  private readonly versionHistory: OutboxHistory;
  private readonly enqueueLocks = new KeyedMutex();
  private readonly deliveries = new Set<Promise<void>>();
  /** 'sending' marks found at start in an exclusive store: left by a dead process, due at once. */
  private readonly orphaned = new Set<string>();
  private loaded?: Promise<void>;
  private running = false;
  /** Bumped by every start(), so a loop still winding down from an earlier stop() exits. */
  private loopGeneration = 0;
  private loop?: Promise<void>;
  private wake?: () => void;
  private idleWaiters: Array<() => void> = [];
  private lastPoll = 0;
  private lastPrune = 0;
  private sequence = 0;

  constructor(private readonly deps: OutboxDeps) {
    this.limits = outboxLimits(deps.limits);
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.schedule = new SendSchedule(this.limits);
    this.index = new OutboxIndex(deps.storage, OUTBOX_INDEX_KEY);
    this.history = new OutboxHistory(deps.storage, OUTBOX_HISTORY_PREFIX);
    this.versionHistory = new OutboxHistory(deps.storage, OUTBOX_VERSION_HISTORY_PREFIX);
  }

  /** Queues a message. `queued: false` when that key was queued or sent before, or the conversation cannot receive it. */
  async enqueue(input: OutboxMessage): Promise<EnqueueResult> {
    const message = validMessage(input);
    await this.ready();
    return this.enqueueLocks.runExclusive(message.key, async () => {
      const existing = await readItem<OutboxRecord>(this.deps.storage, itemKey(message.key));
      if (existing) {
        await this.adoptIfUnfinished(existing, true);
        return { queued: false, reason: 'duplicate' };
      }
      const conversation = await this.deps.registry.get(message.conversationId);
      if (!conversation || conversation.retired) {
        const reason = conversation ? 'retired' : 'unknown-conversation';
        this.deps.logger.warn({ key: message.key, conversationId: message.conversationId, reason }, 'outbox: message not queued');
        return { queued: false, reason };
      }
      const now = this.now();
      const record: OutboxRecord = {
        message,
        state: 'queued',
        tenantId: conversation.reference.conversation.tenantId ?? '',
        order: now * 1000 + (this.sequence++ % 1000),
        enqueuedAt: now,
        attempts: 0,
        throttles: 0,
        notBefore: now,
      };
      // Create-only: another replica enqueuing the same key at the same moment makes this a duplicate.
      try {
        await writeItem(this.deps.storage, itemKey(message.key), record, CREATE_ONLY_ETAG);
      } catch (err) {
        if (!isETagConflict(err)) throw err;
        // As for a key found above: the winner's record is taken in if it still has to go out.
        const winner = await readItem<OutboxRecord>(this.deps.storage, itemKey(message.key));
        if (winner) await this.adoptIfUnfinished(winner, true);
        return { queued: false, reason: 'duplicate' };
      }
      await this.index.add(message.key);
      this.schedule.add(pendingOf(record));
      this.signal();
      return { queued: true };
    });
  }

  /** Id of the message posted for `key` (to edit it later), once it has been sent. */
  async sentActivityId(key: string): Promise<string | undefined> {
    const record = await readItem<OutboxRecord>(this.deps.storage, itemKey(key));
    return record?.state === 'sent' ? record.activityId : undefined;
  }

  /** The stored record of a message (state, attempts, last error), for diagnosis and tests. */
  async record(key: string): Promise<OutboxRecord | undefined> {
    const stored = await readItem<OutboxRecord>(this.deps.storage, itemKey(key));
    if (!stored) return undefined;
    const { eTag: _eTag, ...record } = stored;
    return record;
  }

  /**
   * Deletes finished records older than `retentionMs` (runs hourly in the loop; callable directly).
   * Their keys can then be enqueued again. Returns how many records were deleted.
   * The version records of edited messages go by the same retention, counted from the first day
   * each was written. Only approval cards carry versions, and they are edited within the days an
   * approval lives, far inside the 30-day retention.
   */
  async prune(): Promise<number> {
    this.lastPrune = this.now();
    const deleted = await this.history.prune(this.now(), this.limits.retentionMs, itemKey);
    const versions = await this.versionHistory.prune(this.now(), this.limits.retentionMs, (key) => `${OUTBOX_VERSION_PREFIX}${key}`);
    if (deleted > 0 || versions > 0) this.deps.logger.info({ deleted, versions }, 'outbox: deleted finished records past their retention');
    return deleted;
  }

  /** How long the oldest message waiting in this process has waited (undefined when none), for /readyz. */
  oldestPendingAgeMs(): number | undefined {
    const order = this.schedule.oldestOrder();
    return order === undefined ? undefined : Math.max(0, this.now() - Math.floor(order / 1000));
  }

  /** Messages waiting or in flight in this process. */
  get pending(): number {
    return this.schedule.pending;
  }

  /** Starts the background drain loop (loads what a previous process left first). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run(++this.loopGeneration);
  }

  /** Stops taking new messages off the queue and waits for the sends in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.signal();
    await this.loop;
    this.loop = undefined;
    await Promise.all([...this.deliveries]);
    await this.index.flushed();
    await this.history.flushed();
    await this.versionHistory.flushed();
  }

  /**
   * Waits until every queued message has been sent or parked as dead, including messages
   * waiting out a Retry-After or a backoff. Runs the loop for the duration if it was not started.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.ready();
    const startedHere = !this.running;
    if (startedHere) this.start();
    try {
      await withTimeout(
        new Promise<void>((resolve) => {
          if (this.isIdle()) resolve();
          else this.idleWaiters.push(resolve);
        }),
        options.timeoutMs,
        () => new Error(`outbox: still ${this.schedule.pending} messages pending after ${options.timeoutMs} ms`),
      );
    } finally {
      if (startedHere) await this.stop();
    }
  }

  private ready(): Promise<void> {
    this.loaded ??= this.loadFromStorage().catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  private async loadFromStorage(): Promise<void> {
    const indexed = await this.index.load();
    const unindexed = await this.unindexedItemKeys(indexed);
    const unindexedKeys = new Set(unindexed);
    const keys = [...indexed, ...unindexed];
    let inFlight = 0;
    // Sent and dead messages leave the index by design (their item records stay): only unfinished
    // ones found outside it mean the index was damaged or a crash fell between two writes.
    let recovered = 0;
    for (let i = 0; i < keys.length; i += 100) {
      const batch = keys.slice(i, i + 100);
      const items = await this.deps.storage.read(batch.map(itemKey));
      for (const key of batch) {
        const record = items[itemKey(key)] as unknown as OutboxRecord | undefined;
        if (record?.state === 'sending') {
          inFlight++;
          if (this.deps.exclusiveStore) this.orphaned.add(key);
        }
        const isUnindexed = unindexedKeys.has(key);
        if (!record) {
          if (!isUnindexed) this.forgetInIndex(key);
        } else if (!isUnindexed || record.state === 'queued' || record.state === 'sending') {
          if (isUnindexed) recovered++;
          await this.adoptIfUnfinished(this.orphaned.has(key) ? { ...record, inFlightUntil: this.now() } : record, isUnindexed);
        }
      }
    }
    if (recovered > 0) this.deps.logger.warn({ recovered, checked: unindexed.length }, 'outbox: found unsent messages missing from the index (a damaged index or a crash between two writes); they go out now');
    this.lastPoll = this.now();
    if (keys.length > 0) {
      this.deps.logger.info(
        { pending: this.schedule.pending, wereInFlight: inFlight },
        inFlight > 0 ? 'outbox: resuming; messages that were being sent when the last process stopped go again once their mark expires' : 'outbox: resuming',
      );
    }
  }

  /**
   * Takes a stored message into the in-memory schedule if it still has to go out. `ensureIndexed`
   * repairs an index that lost the key (a crash between writing the item and the index).
   */
  /** Item keys the store holds but the index lacks (only for stores that can list their keys). */
  private async unindexedItemKeys(indexed: string[]): Promise<string[]> {
    if (!isListable(this.deps.storage)) return [];
    const known = new Set(indexed);
    const listed = await this.deps.storage.listKeys(OUTBOX_ITEM_PREFIX);
    return listed.map((key) => key.slice(OUTBOX_ITEM_PREFIX.length)).filter((key) => !known.has(key));
  }

  private async adoptIfUnfinished(record: OutboxRecord, ensureIndexed = false): Promise<void> {
    const key = record.message.key;
    if (record.state === 'sent' || record.state === 'dead') {
      this.forgetInIndex(key);
      return;
    }
    if (this.schedule.has(key)) return;
    this.schedule.add(pendingOf(record));
    if (ensureIndexed) await this.index.add(key);
    this.signal();
  }

  private async run(generation: number): Promise<void> {
    try {
      await this.ready();
    } catch (err) {
      this.deps.logger.error(errorFacts(err), 'outbox: could not load the queue; retrying');
    }
    while (this.running && generation === this.loopGeneration) {
      try {
        if (!this.loaded) await this.ready();
        if (this.now() - this.lastPoll >= this.limits.pollIntervalMs) await this.pollOtherProcesses();
        if (this.now() - this.lastPrune >= this.limits.pruneIntervalMs) await this.prune();
        const next = this.schedule.next(this.now());
        if ('item' in next) {
          this.dispatch(next.item);
          continue;
        }
        this.notifyIfIdle();
        await this.sleep(Math.min(next.waitMs, this.limits.pollIntervalMs));
      } catch (err) {
        this.deps.logger.error(errorFacts(err, { stack: true }), 'outbox: loop error');
        await this.sleep(this.limits.backoffBaseMs);
      }
    }
  }

  private async pollOtherProcesses(): Promise<void> {
    this.lastPoll = this.now();
    const keys = (await this.index.load()).filter((key) => !this.schedule.has(key));
    if (keys.length === 0) return;
    const items = await this.deps.storage.read(keys.map(itemKey));
    for (const key of keys) {
      const record = items[itemKey(key)] as unknown as OutboxRecord | undefined;
      if (record) await this.adoptIfUnfinished(record);
    }
  }

  private dispatch(item: PendingSend): void {
    this.schedule.begin(item);
    const delivery = this.deliver(item)
      .catch((err: unknown): Outcome => {
        // Storage trouble: keep the message and try again later.
        this.deps.logger.error({ ...errorFacts(err), key: item.key }, 'outbox: delivery bookkeeping failed; will retry');
        item.notBefore = this.now() + this.limits.backoffBaseMs;
        return {};
      })
      .then((outcome) => {
        this.schedule.end(item, outcome.requestEndedAt);
        this.deliveries.delete(delivery);
        this.signal();
      });
    this.deliveries.add(delivery);
  }

  private async deliver(item: PendingSend): Promise<Outcome> {
    const stored = await readItem<OutboxRecord>(this.deps.storage, itemKey(item.key));
    if (!stored || stored.state === 'sent' || stored.state === 'dead') {
      this.schedule.remove(item.key);
      this.forgetInIndex(item.key);
      return {};
    }
    const now = this.now();
    const orphaned = this.orphaned.delete(item.key);
    if (stored.state === 'sending' && (stored.inFlightUntil ?? 0) > now && !orphaned) {
      // Another process is sending it (or a restart came before the mark expired): look again later.
      item.notBefore = stored.inFlightUntil ?? now;
      return {};
    }
    const { eTag, ...record } = stored as Stored<OutboxRecord>;
    const conversation = await this.deps.registry.get(record.message.conversationId);
    if (!conversation || conversation.retired) {
      await this.finishDead(record, `conversation ${conversation ? `retired (${conversation.retired?.reason})` : 'unknown'}`);
      return {};
    }
    const target = await this.updateTarget(record);
    if (target === 'wait') {
      item.notBefore = now + this.limits.defaultRetryAfterMs;
      return {};
    }
    if (target === 'missing') {
      await this.finishDead(record, `the message to update (${record.message.updateOfKey}) was never sent`);
      return {};
    }
    const newer = await this.newerVersionShown(record, target);
    if (newer !== undefined) {
      await this.finishSuperseded(record, target!, newer);
      return {};
    }
    if (!(await this.claim(record, eTag, now))) {
      item.notBefore = now + this.limits.defaultRetryAfterMs;
      return {};
    }
    let sent: { activityId?: string } | { error: unknown };
    try {
      sent = { activityId: await this.callConnector(record, conversation.reference, target) };
    } catch (err) {
      sent = { error: err };
    }
    const requestEndedAt = this.now();
    try {
      if ('error' in sent) await this.handleFailure(record, item, sent.error);
      else await this.finishSent(record, sent.activityId);
    } catch (err) {
      // The record still says 'sending': after inFlightTimeoutMs the message goes again, so a
      // message that did go out is sent twice (the at-least-once window, logged here).
      this.deps.logger.error({ ...errorFacts(err), key: item.key, delivered: !('error' in sent) }, 'outbox: could not record the outcome of a send');
      item.notBefore = now + this.limits.inFlightTimeoutMs;
    }
    return { requestEndedAt };
  }

  /** For an update: the activity id to edit, 'wait' while the original is still queued, 'missing' if it never went out. */
  private async updateTarget(record: OutboxRecord): Promise<string | undefined | 'wait' | 'missing'> {
    const { kind, activityId, updateOfKey } = record.message;
    if (kind !== 'update') return undefined;
    if (activityId) return activityId;
    const original = await readItem<OutboxRecord>(this.deps.storage, itemKey(updateOfKey ?? ''));
    if (original?.state === 'sent' && original.activityId) return original.activityId;
    return original?.state === 'queued' || original?.state === 'sending' ? 'wait' : 'missing';
  }

  /** Marks the message as being sent, conditionally, so two processes cannot both send it. */
  private async claim(record: OutboxRecord, eTag: string | undefined, now: number): Promise<boolean> {
    try {
      await writeItem(this.deps.storage, itemKey(record.message.key), { ...record, state: 'sending', inFlightUntil: now + this.limits.inFlightTimeoutMs }, eTag);
      return true;
    } catch (err) {
      if (isETagConflict(err)) return false;
      throw err;
    }
  }

  private async callConnector(record: OutboxRecord, saved: SavedReference, target: string | undefined): Promise<string | undefined> {
    const { message } = record;
    const reference = toConversationReference(saved);
    const call =
      message.kind === 'update' && target
        ? this.deps.sender.update(reference, target, message.activity).then(() => target)
        : this.deps.sender.send(reference, message.activity).then((result) => result.id);
    return withTimeout(call, this.limits.sendTimeoutMs, () => new ProactiveSendError(`no answer within ${this.limits.sendTimeoutMs} ms`, undefined, 'ETIMEDOUT'));
  }

  /**
   * For a versioned update: the version already shown on that message when it is higher than this
   * one's. Updates of one conversation go out one at a time in enqueue order, so checking here,
   * just before the call, is enough for this process (the only one draining: the lease holder).
   */
  private async newerVersionShown(record: OutboxRecord, target: string | undefined): Promise<number | undefined> {
    const { kind, version, conversationId } = record.message;
    if (kind !== 'update' || version === undefined || target === undefined) return undefined;
    const shown = await readItem<ShownVersion>(this.deps.storage, versionKey(conversationId, target));
    return shown !== undefined && shown.version > version ? shown.version : undefined;
  }

  /** The message already shows a newer card: this update is done without a call (never overwrites it). */
  private async finishSuperseded(record: OutboxRecord, target: string, newer: number): Promise<void> {
    const { key, conversationId } = record.message;
    const finishedAt = this.now();
    const finished: OutboxRecord = { ...record, message: withoutActivity(record.message), state: 'sent', activityId: target, supersededBy: newer, finishedAt, inFlightUntil: undefined };
    await writeItem(this.deps.storage, itemKey(key), finished);
    this.schedule.remove(key);
    this.forgetInIndex(key, finishedAt);
    this.deps.logger.info({ key, conversationId, version: record.message.version, shown: newer }, 'outbox: update skipped, the message already shows a newer version');
  }

  private async finishSent(record: OutboxRecord, activityId: string | undefined): Promise<void> {
    const { key, conversationId, onSentKey, kind, version } = record.message;
    if (kind === 'update' && version !== undefined && activityId !== undefined) await this.raiseShownVersion(conversationId, activityId, version);
    const sentAt = this.now();
    const finished: OutboxRecord = { ...record, message: withoutActivity(record.message), state: 'sent', activityId, finishedAt: sentAt, inFlightUntil: undefined, lastError: undefined };
    await writeItem(this.deps.storage, itemKey(key), finished);
    this.schedule.remove(key);
    this.forgetInIndex(key, sentAt);
    if (onSentKey) {
      await updateItem<Record<string, unknown>>(this.deps.storage, onSentKey, (current) => ({ ...current, outboxSent: { key, conversationId, activityId, sentAt } }));
    }
  }

  /**
   * Records that the message now shows `version` (when higher). The day list gets the record once,
   * when the record is created, and before it: the pruning counts a record's retention from its first
   * day, so later raises add nothing (they used to add a write to the day list and its bucket each),
   * and a crash between the two leaves an entry that deletes nothing, never a record nobody deletes.
   */
  private async raiseShownVersion(conversationId: string, activityId: string, version: number): Promise<void> {
    const key = versionKey(conversationId, activityId);
    const shown = await readItem<ShownVersion>(this.deps.storage, key);
    if (shown !== undefined && shown.version >= version) return;
    if (shown === undefined) await this.versionHistory.finished(`${conversationId}/${activityId}`, this.now());
    await updateItem<ShownVersion>(this.deps.storage, key, (current) => (current !== undefined && current.version >= version ? undefined : { version }));
  }

  private async handleFailure(record: OutboxRecord, item: PendingSend, err: unknown): Promise<void> {
    const facts = failureFacts(err);
    // A 404 on an edit means the message was deleted, not that the conversation is gone.
    const verdict = record.message.kind === 'update' && facts.statusCode === 404 ? ({ kind: 'rejected' } as const) : classifySendFailure(err);
    const lastError = `${facts.statusCode ?? 'network'}${facts.code ? ` ${facts.code}` : ''}`;
    const now = this.now();
    const log = { key: record.message.key, conversationId: record.message.conversationId, status: facts.statusCode, code: facts.code };

    if (verdict.kind === 'gone') {
      this.deps.logger.warn(log, 'outbox: the conversation no longer accepts the bot; retiring it and dropping its messages');
      await this.deps.registry.retire(record.message.conversationId, facts.code ?? `HTTP ${facts.statusCode}`);
      await this.finishDead(record, lastError);
      for (const other of this.schedule.dropConversation(record.message.conversationId)) {
        const stored = await this.record(other.key);
        if (stored) await this.finishDead(stored, `conversation retired after ${lastError}`);
      }
      return;
    }
    if (verdict.kind === 'rejected') {
      this.deps.logger.error(log, 'outbox: the connector rejected the message; parked as dead');
      await this.finishDead(record, lastError);
      return;
    }
    if (verdict.kind === 'throttled') {
      const throttles = record.throttles + 1;
      if (now - record.enqueuedAt > this.limits.maxThrottledMs) {
        this.deps.logger.error({ ...log, throttles, throttledForMs: now - record.enqueuedAt }, 'outbox: throttled for longer than maxThrottledMs; parked as dead');
        await this.finishDead({ ...record, throttles }, lastError);
        return;
      }
      const until = now + (verdict.retryAfterMs ?? this.limits.defaultRetryAfterMs);
      this.schedule.block(record.message.conversationId, until);
      this.deps.logger.info({ ...log, retryAfterMs: until - now }, 'outbox: throttled (429); waiting as asked');
      await this.requeue(record, item, { throttles, notBefore: until, lastError });
      return;
    }
    const attempts = record.attempts + 1;
    if (attempts >= this.limits.maxAttempts) {
      this.deps.logger.error({ ...log, attempts }, 'outbox: giving up after repeated failures; parked as dead');
      await this.finishDead({ ...record, attempts }, lastError);
      return;
    }
    const delay = this.backoff(attempts);
    this.deps.logger.warn({ ...log, attempts, retryInMs: delay }, 'outbox: send failed; will retry');
    await this.requeue(record, item, { attempts, notBefore: now + delay, lastError });
  }

  private async requeue(record: OutboxRecord, item: PendingSend, change: Partial<OutboxRecord>): Promise<void> {
    const next: OutboxRecord = { ...record, ...change, state: 'queued', inFlightUntil: undefined };
    await writeItem(this.deps.storage, itemKey(record.message.key), next);
    item.notBefore = next.notBefore;
  }

  private async finishDead(record: OutboxRecord, reason: string): Promise<void> {
    const { key, conversationId } = record.message;
    const finishedAt = this.now();
    await writeItem(this.deps.storage, itemKey(key), { ...record, state: 'dead', lastError: reason, finishedAt, inFlightUntil: undefined });
    this.schedule.remove(key);
    this.forgetInIndex(key, finishedAt);
    this.deps.logger.warn({ key, conversationId, reason }, 'outbox: message parked as dead (not sent)');
  }

  /**
   * Drops a finished key from the index without waiting: the item record already says 'sent' or
   * 'dead', which is what counts, and a key left in the index is cleaned up on the next load.
   * With `finishedAt`, also files the key for deletion once past the retention.
   */
  private forgetInIndex(key: string, finishedAt?: number): void {
    const warn = (err: unknown) => this.deps.logger.warn({ ...errorFacts(err), key }, 'outbox: could not update the index; will clean up on next load');
    this.index.remove(key).catch(warn);
    if (finishedAt !== undefined) this.history.finished(key, finishedAt).catch(warn);
  }

  /** Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.limits.backoffMaxMs, this.limits.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  private isIdle(): boolean {
    return this.schedule.pending === 0 && this.schedule.inFlight === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private sleep(ms: number): Promise<void> {
    // stop() may have been called while the loop was busy (no sleeper to wake then).
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function pendingOf(record: OutboxRecord): PendingSend {
  return {
    key: record.message.key,
    conversationId: record.message.conversationId,
    tenantId: record.tenantId,
    order: record.order,
    notBefore: record.state === 'sending' ? (record.inFlightUntil ?? record.notBefore) : record.notBefore,
  };
}

function withoutActivity(message: OutboxMessage): OutboxMessage {
  const { activity: _activity, ...rest } = message;
  return { ...rest, activity: {} };
}

function validMessage(input: OutboxMessage): OutboxMessage {
  const problems: string[] = [];
  if (typeof input?.key !== 'string' || input.key.length === 0 || input.key.length > MAX_KEY_LENGTH) problems.push(`key must be a string of 1-${MAX_KEY_LENGTH} characters`);
  if (typeof input?.conversationId !== 'string' || input.conversationId.length === 0) problems.push('conversationId is required');
  if (input?.kind !== 'send' && input?.kind !== 'update') problems.push("kind must be 'send' or 'update'");
  if (input?.kind === 'update' && !input.activityId && !input.updateOfKey) problems.push('an update needs activityId or updateOfKey');
  if (!input?.activity || typeof input.activity !== 'object') problems.push('activity must be an object');
  if (problems.length > 0) throw new TypeError(`outbox: invalid message: ${problems.join('; ')}`);
  return { ...input, conversationId: canonicalConversationId(input.conversationId) };
}

function withTimeout<T>(promise: Promise<T>, ms: number | undefined, error: () => Error): Promise<T> {
  if (ms === undefined || !Number.isFinite(ms)) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
