import { BotHarness, type BotHarnessOptions } from '../../helpers/botHarness';
import type { RecordedCall } from '../../helpers/connectorRecorder';
import { MEGAN, messageActivity, postActivity, type TestUser } from '../../helpers/activities';
import { buttonsOf } from '../../helpers/cardReading';

export { buttonsOf, cardOf, textOf, verbsOf } from '../../helpers/cardReading';

export const NESTOR: TestUser = { id: '29:nestor', name: 'Nestor Wilke', aadObjectId: '44444444-4444-4444-8444-444444444444' };
export const CHANNEL = '19:ops@thread.tacv2';

type Json = Record<string, unknown>;

/** The bot over real HTTP with two approvers (Megan, Nestor), typing and clicking in the ops channel. */
export class ApprovalHarness extends BotHarness {
  /** `external` keeps the sandbox across bot restarts (see BotHarnessOptions). */
  constructor(sandbox: 'in-app' | 'external' = 'in-app', options: Pick<BotHarnessOptions, 'approvalInvokeDeadlineMs' | 'schedulers'> = {}) {
    super({ ...options, sandbox, env: { APPROVERS: `${MEGAN.aadObjectId},${NESTOR.aadObjectId}` } });
  }

  /** Configure-protection calls the sandbox received (PUT on a protected item). */
  protectionPuts(vmName?: string) {
    return this.sandbox
      .requests()
      .filter((r) => r.method === 'PUT' && /\/protectedItems\//i.test(r.path) && (vmName === undefined || r.path.toLowerCase().endsWith(`;${vmName.toLowerCase()}`)));
  }

  /** Types a command in the ops channel and returns the card the bot posted. */
  async say(text: string, from: TestUser, conversationId = CHANNEL): Promise<RecordedCall> {
    return this.reply(text, from, conversationId);
  }

  /** Clicks an Action.Execute button and returns the card the clicker gets back. */
  async click(verb: string, data: Json, from: TestUser, replyToId?: string, conversationId = CHANNEL): Promise<Json> {
    return this.clickForCard(verb, data, from, conversationId, replyToId);
  }

  /** Clicks an Action.Submit button (older clients): a message activity carrying the button's data and no text. */
  async submit(data: Json, from: TestUser, replyToId?: string, conversationId = CHANNEL): Promise<void> {
    const activity = { ...messageActivity('', { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel' }), text: undefined, value: data, replyToId };
    const res = await postActivity(this.app.url, activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    await this.outboxSettled();
  }

  /** Card updates (updateActivity) the bot made to one posted message. */
  updatesOf(activityId: string): RecordedCall[] {
    return this.connector.updates().filter((c) => c.activityId === activityId);
  }
}

/** The request id a posted approval card refers to (its refresh action carries it). */
export function requestIdOf(card: Json): string {
  const refresh = card.refresh as { action: { data: { requestId: string } } } | undefined;
  const id = refresh?.action.data.requestId ?? buttonsOf(card).find((b) => typeof b.data.requestId === 'string')?.data.requestId;
  if (typeof id !== 'string') throw new Error('the card names no request');
  return id;
}
