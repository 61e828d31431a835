import { ALEX, MEGAN, TENANT_ID, invokeActivity, messageActivity, postActivity } from '../../helpers/activities';
import { BotHarness } from '../../helpers/botHarness';
import { cardOf, textOf } from '../../helpers/cardReading';
import type { ConversationRegistry } from '../../../src/notify/conversationRegistry';

// Issue 11 item 9: with ALLOWED_TENANTS set, every activity type is checked (uninstall events too),
// against every tenant field it carries. A refused activity runs nothing: no command, no Azure
// call, no conversation remembered or retired.

const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-000000000001';
const CHANNEL = '19:ops@thread.tacv2';

const h = new BotHarness({ env: { ALLOWED_TENANTS: TENANT_ID }, schedulers: false });
beforeAll(() => h.start());
afterAll(() => h.stop());

type Json = Record<string, any>;

/** The same activity with its tenant fields set as given (undefined removes the field). */
function withTenants(activity: Json, tenants: { conversation?: string; channelData?: string; from?: string }): Json {
  const copy = structuredClone(activity);
  copy.conversation.tenantId = tenants.conversation;
  copy.channelData = tenants.channelData === undefined ? {} : { tenant: { id: tenants.channelData } };
  if (tenants.from !== undefined) copy.from.tenantId = tenants.from;
  return copy;
}

const message = (text: string) => messageActivity(text, { serviceUrl: h.connector.url, from: ALEX, conversationId: CHANNEL, conversationType: 'channel', mention: true });

/** What the conversation registry holds for a conversation (the services expose only its hooks). */
const registered = (id: string) => (h.app.services.conversations as ConversationRegistry).get(id);

const writes = () => h.sandbox.requests().filter((r) => r.method !== 'GET');

it('runs nothing for a message whose tenant fields are not all allowed, and says so once', async () => {
  const cases = [
    { conversation: OTHER_TENANT, channelData: OTHER_TENANT },
    { conversation: TENANT_ID, channelData: OTHER_TENANT }, // the mismatched second field that let a backup run
    { conversation: OTHER_TENANT, channelData: TENANT_ID },
    { conversation: TENANT_ID, channelData: TENANT_ID, from: OTHER_TENANT },
    { conversation: undefined, channelData: undefined }, // no tenant at all
  ];
  for (const tenants of cases) {
    h.connector.clear();
    const res = await postActivity(h.app.url, withTenants(message('backup vm-web-01'), tenants));
    expect(res.status).toBe(200);
    await h.connector.waitFor((calls) => calls.length > 0, 10_000, 'the refusal');
    expect(h.connector.sent().map((call) => textOf(cardOf(call)))).toEqual([expect.stringContaining('not enabled for your organisation')]);
  }
  expect(writes()).toEqual([]);
  expect(await registered(CHANNEL)).toBeUndefined();
});

it('refuses a card click with a mismatched tenant field before the action runs', async () => {
  const click = invokeActivity('backupNow', { vm: 'vm-web-01' }, { serviceUrl: h.connector.url, from: ALEX, conversationId: CHANNEL, conversationType: 'channel', replyToId: 'card-1' });
  const res = await postActivity(h.app.url, withTenants(click, { conversation: TENANT_ID, channelData: OTHER_TENANT }));
  expect(res.status).toBe(200);
  expect(textOf(res.body.value)).toContain('not enabled for your organisation');
  expect(writes()).toEqual([]);
});

it('an uninstall or bot-removed event from another tenant does not retire an allowed conversation', async () => {
  await h.postMessage('help', ALEX, CHANNEL);
  expect((await registered(CHANNEL))?.retired).toBeUndefined();

  const uninstall = { ...message('help'), type: 'installationUpdate', action: 'remove', text: undefined, entities: undefined };
  const removed = { ...message('help'), type: 'conversationUpdate', text: undefined, entities: undefined, membersRemoved: [{ id: '28:bot-id' }] };
  for (const event of [uninstall, removed]) {
    for (const tenants of [{ conversation: OTHER_TENANT, channelData: OTHER_TENANT }, { conversation: TENANT_ID, channelData: OTHER_TENANT }]) {
      expect((await postActivity(h.app.url, withTenants(event, tenants))).status).toBeLessThan(300);
      expect((await registered(CHANNEL))?.retired).toBeUndefined();
    }
  }
  // The check can pass: the same uninstall from the allowed tenant retires the conversation.
  expect((await postActivity(h.app.url, uninstall)).status).toBeLessThan(300);
  expect((await registered(CHANNEL))?.retired?.reason).toBe('uninstalled');
});

it('an install from another tenant gets no welcome card and is not remembered', async () => {
  h.connector.clear();
  const install = { ...message('help'), type: 'installationUpdate', action: 'add', text: undefined, entities: undefined, conversation: { id: '19:other@thread.tacv2', conversationType: 'channel' } };
  expect((await postActivity(h.app.url, withTenants(install, { conversation: OTHER_TENANT, channelData: OTHER_TENANT }))).status).toBeLessThan(300);
  // No fixed wait: a command from the allowed tenant, sent after it, is answered, and its answer is
  // all the connector saw (a welcome card, or the roster read before it, would be there too).
  const asked = await h.reply('whoami', MEGAN, 'conv-megan', 'personal');
  await h.outboxSettled();
  expect(h.connector.calls).toEqual([asked]);
  expect(await registered('19:other@thread.tacv2')).toBeUndefined();
  // The check can fail: the same install from the allowed tenant is welcomed and remembered.
  h.connector.clear();
  expect((await postActivity(h.app.url, withTenants(install, { conversation: TENANT_ID, channelData: TENANT_ID }))).status).toBeLessThan(300);
  expect(h.connector.sent('19:other@thread.tacv2').map((call) => textOf(cardOf(call)))).toEqual([expect.stringContaining('Mention me (@) with a command')]);
  expect(await registered('19:other@thread.tacv2')).toBeDefined();
});

it('lets the allowed tenant in', async () => {
  h.connector.clear();
  await h.postMessage('whoami', MEGAN, 'conv-megan', 'personal');
  await h.connector.waitFor((calls) => calls.length > 0, 10_000, 'the reply');
  expect(textOf(cardOf(h.connector.sent()[0]))).toContain('Role: approver');
});
