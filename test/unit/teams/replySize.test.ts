import { CardFactory, MessageFactory, TestAdapter, type Activity } from 'botbuilder';
import { MAX_CARD_BYTES, cardBytes, messageCard } from '../../../src/bot/cards';
import { fitToTeams, limitReplySize, replyBytes } from '../../../src/teams/replySize';
import { createLogger } from '../../../src/logger';

// botbuilder's own TestAdapter runs the turn; the guard sits on the TurnContext as in production.
const logger = createLogger('silent');
const bigCard = () => CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(40 * 1024), wrap: true }] });

async function replies(send: (context: import('botbuilder').TurnContext) => Promise<unknown>): Promise<Partial<Activity>[]> {
  const adapter = new TestAdapter(async (context) => {
    limitReplySize(context, logger);
    await send(context);
  });
  await adapter.send('hi');
  return adapter.activeQueue.splice(0);
}

describe('every reply stays under the Teams size limit', () => {
  it('replaces a 40 KB card with a sentence that says why', async () => {
    const [reply] = await replies((context) => context.sendActivity(MessageFactory.attachment(bigCard())));
    const card = reply.attachments![0];
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(JSON.stringify(card.content)).toContain('too large to show in Teams');
  });

  it('replaces an oversized invoke answer (the card a click returns)', () => {
    const answer: Partial<Activity> = { type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: bigCard().content } } };
    expect(replyBytes(answer)).toBeGreaterThan(MAX_CARD_BYTES);
    fitToTeams(answer, logger);
    expect(replyBytes(answer)).toBeLessThan(MAX_CARD_BYTES);
    expect(answer.value).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
    expect(JSON.stringify(answer.value)).toContain('too large to show in Teams');
  });

  it('leaves an ordinary card alone', async () => {
    const card = messageCard('Title', 'A short sentence.');
    const [reply] = await replies((context) => context.sendActivity(MessageFactory.attachment(card)));
    expect(reply.attachments![0].content).toEqual(card.content);
  });
});
