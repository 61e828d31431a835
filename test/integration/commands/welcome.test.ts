import { ALEX, MEGAN, VIEWER, messageActivity, postActivity } from '../../helpers/activities';
import { CHANNEL, CommandHarness } from './commandHarness';

// Issue 13.10: a welcome card when the bot is installed in a chat or a team: what it does, how
// to start, who approves. Teams sends installationUpdate and conversationUpdate for one install.

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

function installed(conversationId: string, conversationType: 'channel' | 'groupChat' | 'personal') {
  const base = messageActivity('', { serviceUrl: h.connector.url, from: ALEX, conversationId, conversationType });
  return {
    install: { ...base, type: 'installationUpdate', action: 'add', text: undefined, entities: undefined },
    botAdded: { ...base, type: 'conversationUpdate', text: undefined, entities: undefined, membersAdded: [base.recipient] },
  };
}

it('installing in a team posts one welcome card, naming the approvers who are members, and Show all commands posts help', async () => {
  h.connector.roster = [
    { id: ALEX.id, name: ALEX.name, aadObjectId: ALEX.aadObjectId },
    { id: MEGAN.id, name: MEGAN.name, aadObjectId: MEGAN.aadObjectId },
  ];
  const before = h.connector.sent(CHANNEL).length;
  const { install, botAdded } = installed(CHANNEL, 'channel');
  expect((await postActivity(h.app.url, install)).status).toBeLessThan(300);
  expect((await postActivity(h.app.url, botAdded)).status).toBeLessThan(300);
  await h.connector.waitFor(() => h.connector.sent(CHANNEL).length > before, 10_000, 'the welcome card');

  const posted = h.sentSince(0).filter((p) => p.call.conversationId === CHANNEL && p.text.startsWith('Azure VM Backup is here'));
  expect(posted).toHaveLength(1); // installationUpdate and conversationUpdate: one card
  const welcome = posted[0];
  expect(welcome.card.msteams).toEqual({ width: 'Full' });
  expect(welcome.text).toContain('I run Azure VM backup (Recovery Services vaults) from this team');
  expect(welcome.text).toContain('Mention me (@) with a command');
  expect(welcome.text).toContain('**help**: every command you can run');
  expect(welcome.text).toContain('Megan Bowen approves protection and policy changes. Someone other than the requester must approve');
  expect(welcome.buttons.map((b) => b.title)).toEqual(['Show all commands']);

  // A second install event later (reinstall after an update) does not post it again.
  await postActivity(h.app.url, { ...install, id: 'again' });
  expect(h.sentSince(0).filter((p) => p.text.startsWith('Azure VM Backup is here'))).toHaveLength(1);

  const sentBefore = h.connector.sent(CHANNEL).length;
  const clicked = await h.click('showHelp', {}, VIEWER, welcome.call.resultId);
  expect(clicked.text).toContain('The commands you can run are in the conversation.');
  const [help] = h.sentSince(0).filter((p) => p.call.conversationId === CHANNEL).slice(sentBefore);
  expect(help.text).toContain('Azure VM Backup bot');
});

it('in a chat without an approver among its members it says how many there are, never their ids', async () => {
  h.connector.roster = [{ id: ALEX.id, name: ALEX.name, aadObjectId: ALEX.aadObjectId }];
  const chat = '19:chat-without-approvers@thread.v2';
  const { install } = installed(chat, 'groupChat');
  await postActivity(h.app.url, install);
  await h.connector.waitFor(() => h.connector.sent(chat).length > 0, 10_000, 'the welcome card in the chat');
  const [welcome] = h.sentSince(0).filter((p) => p.call.conversationId === chat);
  expect(welcome.text).toContain('from this chat');
  expect(welcome.text).toContain('1 approver is configured (none of them in this conversation)');
  expect(welcome.text).not.toContain(MEGAN.aadObjectId);
});
