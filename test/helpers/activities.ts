import { randomUUID } from 'node:crypto';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:bot-id', name: 'Backup' };

export interface TestUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ALEX: TestUser = { id: '29:alex', name: 'Alex Wilber', aadObjectId: '11111111-1111-4111-8111-111111111111' };
export const MEGAN: TestUser = { id: '29:megan', name: 'Megan Bowen', aadObjectId: '22222222-2222-4222-8222-222222222222' };
export const VIEWER: TestUser = { id: '29:viewer', name: 'Valerie Viewer', aadObjectId: '33333333-3333-4333-8333-333333333333' };

export interface ActivityOptions {
  serviceUrl: string;
  from?: TestUser;
  conversationId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  /** Prefix the text with an <at> mention of the bot, as Teams does in channels. */
  mention?: boolean;
}

/** What every activity from Teams carries: ids, sender, bot, conversation and tenant. */
function envelope(type: string, options: ActivityOptions): Record<string, unknown> {
  const from = options.from ?? ALEX;
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: options.conversationId ?? 'conv-personal', conversationType: options.conversationType ?? 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A Teams message activity as the Bot Connector delivers it. */
export function messageActivity(text: string, options: ActivityOptions): Record<string, unknown> {
  const mentionText = '<at>Backup</at>';
  return {
    ...envelope('message', options),
    text: options.mention ? `${mentionText} ${text}` : text,
    textFormat: 'plain',
    locale: 'en-US',
    entities: options.mention ? [{ type: 'mention', text: mentionText, mentioned: BOT }] : [],
  };
}

/** A Universal Actions click (Action.Execute) on a card posted as `replyToId`. */
export function invokeActivity(verb: string, data: Record<string, unknown>, options: ActivityOptions & { replyToId?: string }): Record<string, unknown> {
  return {
    ...envelope('invoke', options),
    name: 'adaptiveCard/action',
    replyToId: options.replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** POSTs an activity to the bot over HTTP, as the connector would. */
export async function postActivity(botUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* plain text body */
  }
  return { status: res.status, body };
}
