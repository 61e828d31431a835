import { startApp, type RunningApp } from '../../../src/app';
import { ConnectorRecorder } from '../../helpers/connectorRecorder';
import { MEGAN, VIEWER, messageActivity, postActivity, type TestUser } from '../../helpers/activities';
import { testConfig } from '../../helpers/testConfig';
import { cardOf, textOf } from './approvalHarness';

const TEAM_ID = '19:approvers@thread.tacv2';
const OWNER: TestUser = { id: '29:owner', name: 'Olivia Owner', aadObjectId: '55555555-5555-4555-8555-555555555555' };
const MEMBER: TestUser = { id: '29:member', name: 'Miguel Member', aadObjectId: '66666666-6666-4666-8666-666666666666' };

describe('roles: configured lists plus the owners of the approver team (TeamsInfo roster over HTTP)', () => {
  let app: RunningApp;
  const connector = new ConnectorRecorder();
  const rosterLookups: string[] = [];

  beforeAll(async () => {
    await connector.start();
    // The roster answers like Teams: GET /v3/conversations/{teamId}/members/{userId}.
    connector.setFaults(({ method, path, conversationId }) => {
      if (method !== 'GET' || !path.includes('/members/')) return undefined;
      const userId = path.split('/members/')[1];
      rosterLookups.push(`${conversationId} ${userId}`);
      if (userId === OWNER.aadObjectId) return { status: 200, body: { id: OWNER.id, name: OWNER.name, aadObjectId: OWNER.aadObjectId, userRole: 'owner' } };
      if (userId === MEMBER.aadObjectId) return { status: 200, body: { id: MEMBER.id, name: MEMBER.name, aadObjectId: MEMBER.aadObjectId, userRole: 'user' } };
      return { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } } };
    });
    app = await startApp(testConfig({ APPROVER_TEAM_ID: TEAM_ID }));
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    rosterLookups.length = 0;
  });

  async function roleOf(user: TestUser): Promise<string> {
    const res = await postActivity(app.url, messageActivity('whoami', { serviceUrl: connector.url, from: user }));
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.sent().length > 0);
    const text = textOf(cardOf(connector.sent()[0]));
    connector.clear();
    return /Role: (\w+)/.exec(text)?.[1] ?? text;
  }

  it('a team owner is an approver, looked up once and then cached', async () => {
    expect(await roleOf(OWNER)).toBe('approver');
    expect(await roleOf(OWNER)).toBe('approver');
    expect(rosterLookups).toEqual([`${TEAM_ID} ${OWNER.aadObjectId}`]);
  });

  it('a plain team member keeps their configured role (viewer)', async () => {
    expect(await roleOf(MEMBER)).toBe('viewer');
  });

  it('someone outside the team (roster answers 404) is a viewer, and nothing breaks', async () => {
    expect(await roleOf(VIEWER)).toBe('viewer');
    expect(rosterLookups).toEqual([`${TEAM_ID} ${VIEWER.aadObjectId}`]);
  });

  it('configured approvers need no roster lookup', async () => {
    expect(await roleOf(MEGAN)).toBe('approver');
    expect(rosterLookups).toEqual([]);
  });

  it('the refresh list of approval cards names configured approvers and the owners seen', () => {
    const ids = app.services.roles?.approverUserIds?.() ?? [];
    // Megan wrote to the bot, so her Teams id is known; otherwise her AAD MRI (8:orgid:...) would stand in.
    expect(ids).toEqual(expect.arrayContaining([MEGAN.id, OWNER.id]));
    expect(ids).not.toContain(MEMBER.id);
  });
});
