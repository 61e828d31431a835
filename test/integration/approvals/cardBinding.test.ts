import { ALEX, MEGAN } from '../../helpers/activities';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from './approvalHarness';

// Issue 11 item 8: card data is untrusted. A button on card A made to carry request B's id must not
// decide B, nor replace A's message for everyone: the click is refused, recorded, and nothing changes.

describe('a click names a request that is not the card clicked', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('approve, reject, choose-vault and refresh carrying request B on card A are refused and change nothing', async () => {
    const cardA = await h.say('protect vm-new-01 --vault rsv-weu-prod', ALEX);
    const cardB = await h.say('protect vm-app-02 --vault rsv-weu-prod', ALEX);
    const requestB = requestIdOf(cardOf(cardB));
    expect(requestIdOf(cardOf(cardA))).not.toBe(requestB);

    for (const [verb, data] of [
      ['approvalApprove', { requestId: requestB }],
      ['approvalReject', { requestId: requestB, reason: 'forged' }],
      ['approvalChooseVault', { requestId: requestB, vault: 'rsv-weu-prod' }],
      ['approvalRefresh', { requestId: requestB }],
    ] as const) {
      const answer = await h.click(verb, data, MEGAN, cardA.resultId);
      expect({ verb, text: textOf(answer) }).toEqual({ verb, text: expect.stringContaining('does not belong to the request it names') });
    }
    // The Action.Submit fallback (older clients) is held to the same rule.
    await h.submit({ verb: 'approvalApprove', requestId: requestB }, MEGAN, cardA.resultId);

    expect(h.protectionPuts()).toHaveLength(0);
    expect((await h.app.services.approvals!.get(requestB))?.state).toBe('pending');
    expect(h.updatesOf(cardA.resultId!)).toHaveLength(0);
    expect(h.updatesOf(cardB.resultId!)).toHaveLength(0);
    const refused = (await h.app.services.audit!.last(50)).filter((e) => e.requestId === requestB && e.event === 'refused');
    expect(refused).toHaveLength(5);
    expect(refused[0].what).toContain('clicked on a card that is not this request\'s');
  });

  it('the same click on the request\'s own card goes through and replaces that card', async () => {
    const posted = await h.say('protect vm-test-02 --vault rsv-test-weu', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    const answer = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    expect(textOf(answer)).toContain('Approved by Megan Bowen');
    expect(h.protectionPuts('vm-test-02')).toHaveLength(1);
    expect(h.updatesOf(posted.resultId!)).toHaveLength(1);
  });
});
