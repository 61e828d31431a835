import { ALEX, MEGAN } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { ApprovalHarness, cardOf, requestIdOf, textOf, verbsOf } from './approvalHarness';

// The bot runs on the in-process sandbox's simulated clock: time moves with advanceClock, no waiting.
describe('expiry', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('a click after the expiry time is refused for that user only; the sweep then marks the request expired', async () => {
    const posted = await h.say('protect vm-new-01 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    const expiresAt = (await h.app.services.approvals!.get(requestId))!.expiresAt;
    expect(Date.parse(expiresAt) - h.sandbox.now().getTime()).toBe(24 * 3_600_000); // APPROVAL_TTL_HOURS default

    await h.sandbox.advanceClock(24 * 60 + 1);

    const late = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    assertValidCard(late);
    expect(textOf(late)).toContain('This request has expired. Run the command again to make a new request.');
    expect(verbsOf(late)).toEqual([]);
    expect(h.protectionPuts('vm-new-01')).toHaveLength(0);
    expect(h.updatesOf(posted.resultId!)).toHaveLength(0);
    // An approver's automatic refresh no longer offers the buttons either.
    expect(verbsOf(await h.click('approvalRefresh', { requestId }, MEGAN, posted.resultId))).toEqual([]);

    // The per-minute due-check that the lease holder runs sweeps expired requests.
    await h.app.services.notify!.runDue();
    expect(await h.app.services.approvals!.sweepExpired()).toEqual({ expired: 0, interrupted: 0 });
    expect((await h.app.services.approvals!.get(requestId))?.state).toBe('expired');
    expect(await h.app.services.approvals!.store.openRequests()).toEqual([]);
    const trail = (await h.app.services.audit!.last(10)).filter((e) => e.requestId === requestId).map((e) => `${e.event} ${e.actor.name}`);
    expect(trail).toEqual(['expired bot', 'refused Megan Bowen', 'requested Alex Wilber']);
    // The sweep updates the posted card for everyone, through the outbox.
    await h.connector.waitFor(() => h.updatesOf(posted.resultId!).length > 0, 30_000, 'the expired card');
    const updated = cardOf(h.updatesOf(posted.resultId!)[0]);
    assertValidCard(updated);
    expect(textOf(updated)).toContain('without a decision; nothing was changed');
    expect(verbsOf(updated)).toEqual([]);
    expect(updated.refresh).toBeUndefined();

    // After the sweep the stored state says it, too; nothing can revive the request.
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId))).toContain('This request has expired');
    expect(h.protectionPuts('vm-new-01')).toHaveLength(0);
  });
});
