import type { ConversationAddress } from '../bot/chatTypes';
import type { Storage } from '../store/storage';
import type { Logger } from '../logger';
import type { ConversationHooks } from '../services';
import type { TeamsPlace } from '../bot/teamsPlace';
import { readItem, updateItem } from '../store/storeHelpers';

/** Where a proactive message goes: the part of a conversation reference that stays valid. */
export interface SavedReference {
  serviceUrl: string;
  channelId: string;
  bot?: { id: string; name?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
}

export interface ConversationRecord {
  /** Canonical id (a channel's id without the `;messageid=` of a thread). */
  conversationId: string;
  reference: SavedReference;
  teams?: TeamsPlace;
  firstSeenAt: string;
  updatedAt: string;
  /** Set when proactive sends must skip this conversation (bot removed, blocked, uninstalled). */
  retired?: { reason: string; at: string };
}

interface RegistryIndex {
  ids: string[];
}

export const CONVERSATION_KEY_PREFIX = 'conversation/';
export const CONVERSATION_INDEX_KEY = 'conversation-index';

/**
 * A Teams channel message arrives with conversation id `19:...@thread.tacv2;messageid=123` (the
 * thread). Proactive posts go to the channel itself, so the registry keys channels without it.
 */
export function canonicalConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0];
}

export interface ConversationRegistryOptions {
  storage: Storage;
  logger: Logger;
  /** How long a touch trusts its in-memory copy before re-reading the store (another replica may have retired it). */
  cacheTtlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  fingerprint: string;
  retired: boolean;
  checkedAt: number;
}

/**
 * Conversation references for proactive messages, one item per conversation in the bot's Storage
 * (`conversation/<id>`), plus an index (`conversation-index`) because Storage cannot list keys.
 * `touch` runs on every incoming activity, so it compares with a cached copy first and writes only
 * when something that matters for sending changed (a new serviceUrl, say).
 */
export class ConversationRegistry implements ConversationHooks {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly now: () => number;
  private readonly cacheTtlMs: number;

  constructor(private readonly options: ConversationRegistryOptions) {
    this.now = options.now ?? Date.now;
    this.cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;
  }

  /** Saves or refreshes a conversation's reference; revives it if it was retired. */
  async touch(reference: ConversationAddress, teams?: TeamsPlace): Promise<void> {
    const saved = savedReferenceOf(reference);
    if (!saved) return;
    const id = saved.conversation.id;
    const fingerprint = JSON.stringify([saved, teams ?? null]);
    const cached = this.cache.get(id);
    if (cached && !cached.retired && cached.fingerprint === fingerprint && this.now() - cached.checkedAt < this.cacheTtlMs) return;

    const nowIso = new Date(this.now()).toISOString();
    let created = false;
    let revived = false;
    const written = await updateItem<ConversationRecord>(this.options.storage, keyOf(id), (current) => {
      if (current && !current.retired && sameJson(current.reference, saved) && (!teams || sameJson(current.teams, { ...current.teams, ...teams }))) return undefined;
      created = !current;
      revived = Boolean(current?.retired);
      return {
        conversationId: id,
        reference: saved,
        teams: teams || current?.teams ? { ...current?.teams, ...teams } : undefined,
        firstSeenAt: current?.firstSeenAt ?? nowIso,
        updatedAt: nowIso,
      };
    });
    if (created) await this.addToIndex(id);
    if (written) this.options.logger.info({ conversationId: id, serviceUrl: saved.serviceUrl }, created ? 'conversation registered' : revived ? 'conversation revived' : 'conversation reference refreshed');
    this.cache.set(id, { fingerprint, retired: false, checkedAt: this.now() });
  }

  /** Marks a conversation so proactive sends skip it; kept (with reason and time) for diagnosis. */
  async retire(conversationId: string, reason: string): Promise<void> {
    const id = canonicalConversationId(conversationId);
    const written = await updateItem<ConversationRecord>(this.options.storage, keyOf(id), (current) => {
      if (!current || current.retired) return undefined;
      return { ...current, retired: { reason, at: new Date(this.now()).toISOString() } };
    });
    this.cache.delete(id);
    if (written) this.options.logger.warn({ conversationId: id, reason }, 'conversation retired: proactive messages to it stop');
  }

  /** The stored record (retired or not), or undefined for a conversation never seen. */
  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const stored = await readItem<ConversationRecord>(this.options.storage, keyOf(canonicalConversationId(conversationId)));
    if (!stored) return undefined;
    const { eTag: _eTag, ...record } = stored;
    return record;
  }

  /** Every known conversation, retired ones included (filter on `retired`). */
  async list(): Promise<ConversationRecord[]> {
    const index = await readItem<RegistryIndex>(this.options.storage, CONVERSATION_INDEX_KEY);
    const ids = index?.ids ?? [];
    if (ids.length === 0) return [];
    const items = await this.options.storage.read(ids.map(keyOf));
    return ids
      .map((id) => items[keyOf(id)] as unknown as (ConversationRecord & { eTag?: string }) | undefined)
      .filter((item): item is ConversationRecord & { eTag?: string } => item !== undefined)
      .map(({ eTag: _eTag, ...record }) => record);
  }

  private async addToIndex(id: string): Promise<void> {
    await updateItem<RegistryIndex>(this.options.storage, CONVERSATION_INDEX_KEY, (index) =>
      index?.ids.includes(id) ? undefined : { ids: [...(index?.ids ?? []), id] },
    );
  }
}

/** The saved reference in the shape botbuilder's continueConversationAsync takes. */
export function toConversationReference(saved: SavedReference): ConversationAddress {
  const { id, conversationType, tenantId, isGroup } = saved.conversation;
  return {
    serviceUrl: saved.serviceUrl,
    channelId: saved.channelId,
    bot: saved.bot ? { id: saved.bot.id, name: saved.bot.name ?? '' } : undefined,
    conversation: { id, conversationType: conversationType ?? '', tenantId, isGroup: isGroup ?? false, name: '' },
  };
}

function keyOf(conversationId: string): string {
  return `${CONVERSATION_KEY_PREFIX}${conversationId}`;
}

/** Keeps what a proactive send needs and nothing that changes on every activity (user, activity id, names). */
function savedReferenceOf(reference: ConversationAddress): SavedReference | undefined {
  const conversation = reference.conversation;
  if (!conversation?.id || !reference.serviceUrl || !reference.channelId) return undefined;
  const saved: SavedReference = {
    serviceUrl: reference.serviceUrl,
    channelId: reference.channelId,
    conversation: dropUndefined({
      id: canonicalConversationId(conversation.id),
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId,
      isGroup: conversation.isGroup,
    }),
  };
  if (reference.bot?.id) saved.bot = dropUndefined({ id: reference.bot.id, name: reference.bot.name });
  return saved;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
