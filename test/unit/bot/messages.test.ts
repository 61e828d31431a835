import { CardFactory, MessageFactory } from 'botbuilder';
import { adaptiveCardAttachment, cardMessage } from '../../../src/bot/messages';
import { messageCard } from '../../../src/bot/cards';

// The kit builds plain schema objects instead of calling botbuilder's factories (issue 12): they
// must stay exactly what botbuilder builds, down to property order (JSON sizes and the wire format).
describe('kit message factories match botbuilder', () => {
  const content = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hello' }] };

  it('an Adaptive Card attachment is CardFactory.adaptiveCard', () => {
    expect(adaptiveCardAttachment(content)).toStrictEqual(CardFactory.adaptiveCard(content));
    expect(JSON.stringify(adaptiveCardAttachment(content))).toBe(JSON.stringify(CardFactory.adaptiveCard(content)));
  });

  it('a card message is MessageFactory.attachment, inputHint included', () => {
    const card = messageCard('Title', 'Some text', 'good');
    expect(cardMessage(card)).toStrictEqual(MessageFactory.attachment(card));
    expect(JSON.stringify(cardMessage(card))).toBe(JSON.stringify(MessageFactory.attachment(card)));
  });
});
