import fc from 'fast-check';
import { MAX_CARD_BYTES, cardBytes } from '../../../src/bot/cards';
import { VIEWER } from '../../helpers/activities';
import { BotHarness } from '../../helpers/botHarness';
import { assertValidCard } from '../../helpers/cardValidation';
import { cardOf, textOf } from '../../helpers/cardReading';
import { isArmWrite } from '../../helpers/armWrites';

// Rule 3 of the house, fuzzed: whatever a person types, the bot answers with one valid card, never
// a stack trace, and a viewer's input changes nothing in Azure (no write reaches the sandbox).

const COMMANDS = ['help', 'whoami', 'vaults', 'vms', 'check', 'protect', 'backup', 'jobs', 'job', 'policies', 'policy', 'audit', 'subscribe', 'unsubscribe', 'subscriptions', 'dst', 'hlep', 'BACKUP'];
const FLAGS = ['--vault', '--unprotected', '--status', '--since', '--vm', '--keep', '--until', '--policy', '--last', '--days', '--nope', '--', '--keep=', '--since=99999d'];
const VALUES = ['vm-web-01', 'rsv-weu-prod', 'vm-files-01', 'rg-web/vm-web-01', '/subscriptions/x/resourceGroups/y', "'; DROP TABLE", '${evil}', '<at>x</at>', '"unclosed', '“curly”', '-1d', '0d', '100y', '2001-01-01', '2027-02-30', 'failed', 'weekdays 08:00', 'Mars/Phobos', '../../etc/passwd', 'é漢字🙂', 'a'.repeat(300), '%3B', 'job;id', '   '];

const word = fc.oneof(fc.constantFrom(...COMMANDS), fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES), fc.string({ maxLength: 20 }));
const commandLine = fc.array(word, { minLength: 0, maxLength: 6 }).map((words) => words.join(' '));

const h = new BotHarness({ schedulers: false });
beforeAll(() => h.start());
afterAll(() => h.stop());

it('answers 120 random command lines with one valid card each, no stack trace, and no Azure write', async () => {
  const lines = fc.sample(commandLine, { numRuns: 120, seed: 20261123 });
  const conversationId = 'conv-fuzz';
  for (const [index, line] of lines.entries()) {
    const before = h.connector.sent(conversationId).length;
    await h.postMessage(line, VIEWER, conversationId, 'personal');
    await h.connector.waitFor(() => h.connector.sent(conversationId).length > before, 30_000, `the reply to #${index} ${JSON.stringify(line)}`);
    const replies = h.connector.sent(conversationId).slice(before);
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    assertValidCard(card, { userInput: line });
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    const text = textOf(card);
    expect(text).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)|TypeError|ReferenceError|undefined is not|\[object Object\]/);
  }
  const writes = h.sandbox.requests().filter(isArmWrite);
  expect(writes).toEqual([]);
});
