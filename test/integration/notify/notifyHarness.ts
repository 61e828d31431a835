import type { Logger } from '../../../src/logger';
import type { NotifyServices } from '../../../src/notify/notifyServices';
import type { Outbox } from '../../../src/notify/outbox';
import type { TestUser } from '../../helpers/activities';
import { BotHarness } from '../../helpers/botHarness';
import { cardOf } from '../../helpers/cardReading';
import type { RecordedCall } from '../../helpers/connectorRecorder';

export { buttonsOf, cardOf, textOf } from '../../helpers/cardReading';

type Json = Record<string, unknown>;

/** A Friday before the spring DST change in Europe (Sunday 29 March 2026, 01:00 UTC). */
export const SANDBOX_START = '2026-03-20T12:00:00.000Z';

/**
 * The bot for proactive messages: a sandbox that outlives bot restarts (it stands for Azure), the
 * bot on its simulated clock with its timers off; tests call the watcher and the due-checks themselves.
 */
export class NotifyHarness extends BotHarness {
  constructor(options: { logger?: Logger } = {}) {
    super({ sandbox: 'external', sandboxOptions: { startTime: SANDBOX_START }, schedulers: false, logger: options.logger });
  }

  get notify(): NotifyServices {
    return this.app.services.notify;
  }

  /** Waits until everything queued in the outbox is sent (or parked). */
  async drain(): Promise<void> {
    await (this.notify.outbox as Outbox).drain({ timeoutMs: 20_000 });
  }

  async advance(minutes: number): Promise<Date> {
    await this.sandbox.advanceClock(minutes);
    return this.sandbox.now();
  }

  /** Moves the sandbox clock to an instant (forward only). */
  async advanceTo(iso: string): Promise<Date> {
    const minutes = (Date.parse(iso) - this.sandbox.now().getTime()) / 60_000;
    if (minutes < 0) throw new Error(`the sandbox clock is already past ${iso}`);
    return this.advance(minutes);
  }

  /** Types a command in a conversation and returns the card the bot replied with. */
  async say(text: string, from: TestUser, conversationId: string, conversationType: 'channel' | 'personal' = 'channel'): Promise<Json> {
    return cardOf(await this.reply(text, from, conversationId, conversationType));
  }

  /** Clicks an Action.Execute button on the message `replyToId` and returns what the clicker gets. */
  async click(verb: string, data: Json, from: TestUser, conversationId: string, replyToId?: string): Promise<Json> {
    return (await this.invoke(verb, data, from, conversationId, replyToId)).value as Json;
  }

  /** Proactive posts (not replies to a typed command) the bot made to a conversation, oldest first. */
  proactive(conversationId: string): RecordedCall[] {
    return this.connector.sent(conversationId).filter((c) => !this.typed.has(c.body?.replyToId));
  }
}
