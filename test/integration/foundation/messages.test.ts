import { startApp, type RunningApp } from '../../../src/app';
import { COMMANDS } from '../../../src/registry/commandRegistry';
import type { ConversationRegistry } from '../../../src/notify/conversationRegistry';
import { ConnectorRecorder } from '../../helpers/connectorRecorder';
import { ALEX, MEGAN, VIEWER, messageActivity, postActivity } from '../../helpers/activities';
import { testConfig } from '../../helpers/testConfig';
import { cardOf, rawTextOf, textOf } from '../../helpers/cardReading';

describe('a message activity over real HTTP (anonymous channel)', () => {
  let app: RunningApp;
  const connector = new ConnectorRecorder();

  beforeAll(async () => {
    await connector.start();
    app = await startApp(testConfig());
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  async function ask(text: string, options: Partial<Parameters<typeof messageActivity>[1]> & { raw?: boolean } = {}): Promise<string> {
    const { raw, ...activityOptions } = options;
    const activity = messageActivity(text, { serviceUrl: connector.url, ...activityOptions });
    const res = await postActivity(app.url, activity);
    expect(res.status).toBe(200);
    await connector.waitFor((calls) => calls.length > 0);
    const reply = connector.sent()[0];
    expect(reply.conversationId).toBe((activity.conversation as any).id);
    return (raw ? rawTextOf : textOf)(cardOf(reply));
  }

  it('answers GET /healthz with status, version, mode, store and whether this replica leads', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), mode: 'sandbox', storage: expect.any(String), leader: true });
  });

  it('replies to help with the commands the role may run, and names the others (issue 13.7)', async () => {
    const text = await ask('help');
    for (const command of COMMANDS.filter((c) => c.minRole !== 'approver')) expect(text).toContain(`**${command.name}**: `);
    expect(text).toContain('You are an operator: these are the commands you can run.');
    expect(text).toContain('Not shown, as your role cannot run them: approvers also run **audit**');
    expect(text).not.toContain('**audit**: ');
    connector.clear();
    const viewer = await ask('help', { from: VIEWER });
    expect(viewer).not.toContain('**backup**: ');
    expect(viewer).toMatch(/operators also run [^;]*\*\*backup\*\*[^;]*; approvers also run \*\*audit\*\*/);
    connector.clear();
    const approver = await ask('help', { from: MEGAN });
    for (const command of COMMANDS) expect(approver).toContain(`**${command.name}**: `);
    expect(approver).not.toContain('Not shown');
  });

  it('shows examples with non-breaking hyphens (no line break inside a flag or VM name), and a copied example runs (issue 13.9)', async () => {
    const text = await ask('help check', { raw: true });
    const example = 'check vm\u2011app\u201102 \u2011\u2011vault rsv\u2011weu\u2011prod';
    expect(text).toContain(example);
    expect(text).not.toContain('check vm-app-02 --vault');
    connector.clear();
    const answer = await ask(example);
    expect(answer).toContain('vm-app-02');
    expect(answer).not.toMatch(/Unknown option|cannot find|not one/i);
  });

  it('strips the channel @mention using the entities and keeps argument case', async () => {
    const text = await ask('help   WhoAmI.', { mention: true, conversationType: 'channel', conversationId: '19:abc@thread.tacv2' });
    expect(text).toContain('whoami');
    expect(text).toContain('Show your role');
  });

  it('suggests the closest command for a typo', async () => {
    const text = await ask('hlep');
    expect(text).toContain('I don\'t know the command "hlep". Did you mean **help**?');
  });

  it('tells each user their role', async () => {
    expect(await ask('whoami', { from: MEGAN })).toContain('Role: approver');
    connector.clear();
    expect(await ask('whoami', { from: ALEX })).toContain('Role: operator');
    connector.clear();
    expect(await ask('whoami', { from: VIEWER })).toContain('Role: viewer');
  });

  it('refuses a body over the 1 MB limit with 413 and runs nothing', async () => {
    const activity = messageActivity('help', { serviceUrl: connector.url });
    const res = await postActivity(app.url, { ...activity, padding: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    // No fixed wait: a command sent after it is answered first and alone, so the refused one ran nothing.
    expect(await ask('whoami', { from: MEGAN })).toContain('Role: approver');
    expect(connector.calls).toHaveLength(1);
  });

  it('answers a bad option with the usage line', async () => {
    expect(await ask('help --all')).toContain('This command takes no options');
  });
});

describe('with an app id configured', () => {
  let app: RunningApp;
  const connector = new ConnectorRecorder();

  beforeAll(async () => {
    await connector.start();
    app = await startApp(testConfig({ MicrosoftAppId: '9f0a3b1c-1111-4222-8333-444455556666', MicrosoftAppPassword: 'not-a-real-secret' }));
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
  });

  it('refuses an unauthenticated POST with 401 and runs nothing', async () => {
    const res = await postActivity(app.url, messageActivity('help', { serviceUrl: connector.url, conversationId: 'conv-unauthenticated' }));
    expect(res.status).toBe(401);
    // The adapter answers 401 before any turn starts (a turn runs before the response), so nothing can
    // come later. Every turn that runs registers its conversation first; counting connector calls could
    // not fail here (with an app id a reply needs an AAD token first, so none reaches the recorder).
    expect(await registered(app, 'conv-unauthenticated')).toBeUndefined();
  });

  it('refuses a forged bearer token with 401', async () => {
    const res = await postActivity(app.url, messageActivity('help', { serviceUrl: connector.url, conversationId: 'conv-forged' }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
    expect(res.status).toBe(401);
    expect(await registered(app, 'conv-forged')).toBeUndefined();
  });
});

/** What the conversation registry holds for a conversation. */
function registered(app: RunningApp, id: string) {
  return (app.services.conversations as ConversationRegistry).get(id);
}
