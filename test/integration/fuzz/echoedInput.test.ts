import { MAX_CARD_BYTES, cardBytes } from '../../../src/bot/cards';
import { ALEX, MEGAN } from '../../helpers/activities';
import { BotHarness } from '../../helpers/botHarness';
import { cardOf, textOf } from '../../helpers/cardReading';

// Issue 11 item 11: what people type comes back in cards shortened and escaped: no markdown link
// or styling in the bot's voice, no reply over Teams' ~28 KB limit (replies of 50-901 KB before).

const h = new BotHarness({ schedulers: false });
beforeAll(() => h.start());
afterAll(() => h.stop());

async function replyTo(text: string, conversationId: string) {
  const before = h.connector.sent(conversationId).length;
  await h.postMessage(text, ALEX, conversationId, 'personal');
  await h.connector.waitFor(() => h.connector.sent(conversationId).length > before, 30_000, `the reply to ${text.slice(0, 40)}`);
  return cardOf(h.connector.sent(conversationId)[before]);
}

const HUGE = 'x'.repeat(400 * 1024);
// Under the command-line limit, so each command's own sentence has to shorten what it repeats.
const LONG = 'x'.repeat(1900);

it.each([
  ['an unknown command (1,900 characters)', LONG],
  ['help for an unknown command (1,900 characters)', `help ${LONG}`],
  ['an unknown option (1,900 characters)', `vms --${LONG}`],
  ['a VM name (1,900 characters)', `backup ${LONG}`],
  ['a resource group (1,900 characters)', `backup ${LONG}/vm-web-01`],
  ['a vault name (1,900 characters)', `vms --vault ${LONG}`],
  ['a job id (1,900 characters)', `job ${LONG}`],
  ['a time span (1,900 characters)', `jobs --since ${LONG}`],
  ['a job status (1,900 characters)', `jobs --status ${LONG}`],
  ['a retention (1,900 characters)', `backup vm-web-01 --keep ${LONG}`],
  ['a schedule (1,900 characters)', `subscribe digest daily ${LONG}`],
  ['an unknown command', HUGE],
  ['an unknown command after a short one', `hlep${HUGE}`],
  ['help for an unknown command', `help ${HUGE}`],
  ['an unknown option', `vms --${HUGE}`],
  ['a VM name', `backup ${HUGE}`],
  ['a vault name', `vms --vault ${HUGE}`],
  ['a job id', `job ${HUGE}`],
  ['a time span', `jobs --since ${HUGE}`],
  ['a schedule', `subscribe digest ${HUGE}`],
  ['many words', `jobs ${'word '.repeat(60_000)}`],
])('%s of 400 KB gets a short answer', async (_what, text) => {
  const card = await replyTo(text, 'conv-huge');
  expect(cardBytes(card)).toBeLessThan(4 * 1024);
  expect(textOf(card)).not.toMatch(/x{100}/);
});

it.each([
  ['an unknown command', '[click](https://evil.example.com)'],
  ['help for an unknown command', 'help [click](https://evil.example.com)'],
  ['a VM name', 'backup [click](https://evil.example.com)'],
  ['an unknown option', 'vms --[click](https://evil.example.com)'],
  ['a time span', 'jobs --since [click](https://evil.example.com)'],
  ['a job status', 'jobs --status **[click](https://evil.example.com)**'],
])('%s written as a markdown link is shown as text, not a link', async (_what, text) => {
  const shown = textOf(await replyTo(text, 'conv-links'));
  expect(shown).toContain('\\[click\\]\\(https:');
  expect(shown).not.toMatch(/(^|[^\\])\[click\]\(/);
});

it.each(['hlep <img src=x onerror=alert(1)>', 'backup vm<b>bold</b>', 'jobs --since <script>'])('angle brackets in %s are not read as HTML', async (text) => {
  expect(textOf(await replyTo(text, 'conv-html'))).not.toMatch(/[<>]/);
});

it('a rejection reason of 900 KB typed on the card is refused without repeating it', async () => {
  const posted = await (async () => {
    const before = h.connector.sent('19:ops@thread.tacv2').length;
    await h.postMessage('protect vm-new-01 --vault rsv-weu-prod', ALEX, '19:ops@thread.tacv2');
    await h.connector.waitFor(() => h.connector.sent('19:ops@thread.tacv2').length > before, 30_000, 'the approval card');
    return h.connector.sent('19:ops@thread.tacv2')[before];
  })();
  const card = cardOf(posted);
  const requestId = (card.refresh as { action: { data: { requestId: string } } }).action.data.requestId;
  const answer = await h.invoke('approvalReject', { requestId, reason: 'r'.repeat(900 * 1024) }, MEGAN, '19:ops@thread.tacv2', posted.resultId);
  expect(cardBytes(answer.value as object)).toBeLessThan(MAX_CARD_BYTES);
  expect(JSON.stringify(answer.value)).not.toMatch(/r{200}/);
});
