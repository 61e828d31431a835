import { cardBytes, MAX_CARD_BYTES } from '../../../src/bot/cards';
import { ALEX, type TestUser } from '../../helpers/activities';
import { BotHarness, type BotHarnessOptions } from '../../helpers/botHarness';
import { assertValidCard } from '../../helpers/cardValidation';
import { buttonsOf, textOf, type CardButton } from '../../helpers/cardReading';
import type { RecordedCall } from '../../helpers/connectorRecorder';

export { buttonsOf, textOf } from '../../helpers/cardReading';

export const CHANNEL = '19:backup-ops@thread.tacv2';

type Json = Record<string, unknown>;

/** A posted card, what a user reads on it, and its buttons. */
export interface Posted {
  call: RecordedCall;
  card: Json;
  text: string;
  buttons: CardButton[];
}

/**
 * The bot over real HTTP with its timers off (tests drive time through the sandbox). Every card that
 * goes through `say`, `click`, `sentSince` or `updatesOf` is checked with the Adaptive Card validator
 * and the 28 KB limit.
 */
export class CommandHarness extends BotHarness {
  constructor(options: Omit<BotHarnessOptions, 'schedulers'> = {}) {
    super({ ...options, schedulers: false });
  }

  /** Types a command in the ops channel (with the bot @mentioned) and returns the one card posted in reply. */
  async say(text: string, from: TestUser = ALEX, conversationId = CHANNEL): Promise<Posted> {
    return posted(await this.reply(text, from, conversationId, 'channel', 45_000));
  }

  /** Clicks an Action.Execute button; returns the invoke response (a card for the clicker, or a notice). */
  async click(verb: string, data: Json, from: TestUser = ALEX, replyToId?: string, conversationId = CHANNEL): Promise<{ type: string; value: unknown; card?: Json; text: string }> {
    const body = await this.invoke(verb, data, from, conversationId, replyToId);
    if (body.type === 'application/vnd.microsoft.card.adaptive') {
      const card = body.value as Json;
      checkCard(card);
      return { type: body.type, value: card, card, text: textOf(card) };
    }
    return { type: body.type, value: body.value, text: String(body.value) };
  }

  /** Messages posted (anywhere) after the first `from` ones, each card checked. */
  sentSince(from: number): Posted[] {
    return this.connector.sent().slice(from).map(posted);
  }

  /** Edits (PUT) of one posted message, each card checked. */
  updatesOf(activityId: string): Posted[] {
    return this.connector
      .updates()
      .filter((call) => call.activityId === activityId)
      .map(posted);
  }
}

function posted(call: RecordedCall): Posted {
  const card = call.body.attachments?.[0]?.content as Json | undefined;
  if (!card) throw new Error(`no card in ${JSON.stringify(call.body)}`);
  checkCard(card);
  return { call, card, text: textOf(card), buttons: buttonsOf(card) };
}

/** Valid Adaptive Card 1.5 under Teams' 28 KB limit, or the test fails here. */
export function checkCard(card: Json): void {
  assertValidCard(card);
  if (cardBytes(card) >= MAX_CARD_BYTES) throw new Error(`card is ${cardBytes(card)} bytes`);
}
