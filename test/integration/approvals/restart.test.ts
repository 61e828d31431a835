import { ALEX, MEGAN } from '../../helpers/activities';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from './approvalHarness';

// The sandbox stands for Azure and keeps running; the bot process stops and a new one starts on
// the same data directory (FileStorage), between the request and the approval.
describe('a restart between request and approval', () => {
  const h = new ApprovalHarness('external');
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('the new process finds the request, approves it once and updates the original card', async () => {
    const posted = await h.say('protect vm-web-03 --vault rsv-weu-prod --policy pol-weu-nightly', ALEX);
    const requestId = requestIdOf(cardOf(posted));

    await h.restart();

    const approved = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    expect(textOf(approved)).toContain('Protection of vm-web-03 is enabled in vault rsv-weu-prod with pol-weu-nightly');
    expect(h.protectionPuts('vm-web-03')).toHaveLength(1);
    expect(h.updatesOf(posted.resultId!)).toHaveLength(1);
    const stored = await h.app.services.approvals!.get(requestId);
    expect(stored).toMatchObject({ state: 'approved', requester: { name: 'Alex Wilber' }, card: { activityId: posted.resultId } });

    // The audit trail spans both processes, in order.
    const trail = (await h.app.services.audit!.last(10)).filter((e) => e.requestId === requestId).map((e) => e.event);
    expect(trail).toEqual(['azureWrite', 'azureWrite', 'approved', 'requested']);

    // And a second restart does not make the decided request actionable again.
    await h.restart();
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId))).toContain('Megan Bowen already approved this request');
    expect(h.protectionPuts('vm-web-03')).toHaveLength(1);
  });
});
