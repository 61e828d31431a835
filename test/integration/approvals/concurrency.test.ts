import { ALEX, MEGAN, invokeActivity, postActivity } from '../../helpers/activities';
import { ApprovalHarness, CHANNEL, NESTOR, cardOf, requestIdOf, textOf } from './approvalHarness';

describe('exactly once under concurrent clicks', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('50 concurrent Approve invokes from two approvers: one configure-protection call, one "approved" entry', async () => {
    const posted = await h.say('protect vm-new-01 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));

    const invokes = Array.from({ length: 50 }, (_, i) =>
      postActivity(
        h.app.url,
        invokeActivity('approvalApprove', { requestId }, { serviceUrl: h.connector.url, from: i % 2 === 0 ? MEGAN : NESTOR, conversationId: CHANNEL, conversationType: 'channel', replyToId: posted.resultId }),
      ),
    );
    const responses = await Promise.all(invokes);
    expect(responses.every((r) => r.status === 200 && r.body.statusCode === 200)).toBe(true);

    // The sandbox's own request log: one PUT on the protected item, whatever the bot thinks.
    expect(h.protectionPuts('vm-new-01')).toHaveLength(1);
    const texts = responses.map((r) => textOf(r.body.value));
    expect(texts.filter((t) => t.includes('Protection of vm-new-01 is enabled'))).toHaveLength(1);
    // Every other click got an explanation (approved or being approved by the winner), for that user only.
    expect(texts.filter((t) => /already approved this request/.test(t))).toHaveLength(49);
    await h.outboxSettled();
    expect(h.updatesOf(posted.resultId!)).toHaveLength(1);

    const trail = (await h.app.services.audit!.last(200)).filter((e) => e.requestId === requestId);
    expect(trail.filter((e) => e.event === 'approved')).toHaveLength(1);
    expect(trail.filter((e) => e.event === 'refused')).toHaveLength(49);
    expect(trail.filter((e) => e.event === 'azureWrite').map((e) => e.outcome?.split(' ')[0])).toEqual(['succeeded', 'started']);
    expect((await h.app.services.approvals!.get(requestId))?.state).toBe('approved');
  });

  it('a retried invoke (same click delivered twice) does not run the change again', async () => {
    const posted = await h.say('protect vm-app-02 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    const click = invokeActivity('approvalApprove', { requestId }, { serviceUrl: h.connector.url, from: MEGAN, conversationId: CHANNEL, conversationType: 'channel', replyToId: posted.resultId });
    const first = await postActivity(h.app.url, click);
    const retry = await postActivity(h.app.url, click);
    expect(textOf(first.body.value)).toContain('Protection of vm-app-02 is enabled');
    expect(textOf(retry.body.value)).toContain('Megan Bowen already approved this request. Nothing else was done.');
    expect(h.protectionPuts('vm-app-02')).toHaveLength(1);
  });
});
