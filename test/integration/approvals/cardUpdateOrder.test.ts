import { ALEX, MEGAN } from '../../helpers/activities';
import { Outbox } from '../../../src/notify/outbox';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from './approvalHarness';

// Issue 12, "card updates for one message go through one ordered path". The approver's click
// outlasts its deadline (50 ms here; the sandbox answers the configure calls slowly), so everyone's
// card first says "being made" and later shows the result. The "being made" update is held at the
// connector (a slow connector) while the change ends. Before the fix that update was made in the
// click's turn, beside the outbox's "approved" one, and landed last: the message ended on "being made".
describe('approval card updates: one ordered path', () => {
  const h = new ApprovalHarness('in-app', { approvalInvokeDeadlineMs: 50 });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('a slow "being made" update never lands after the result: the message ends on the result', async () => {
    const posted = await h.say('protect vm-neu-app-01', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    const outbox = h.app.services.notify.outbox;
    if (!(outbox instanceof Outbox)) throw new Error('the app sends through the persistent Outbox');
    h.sandbox.setFaults({ share: 0, latencyMs: 300, pathContains: 'protectedItems' });
    h.connector.hold((call) => call.method === 'PUT' && JSON.stringify(call.body).includes('being made'));

    const clicked = h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    const approvedPut = () => h.updatesOf(posted.resultId!).some((c) => textOf(cardOf(c)).includes('Protection of vm-neu-app-01 is enabled'));
    // Release the slow update only once the result exists and is on its way: either already at the
    // connector (two paths, racing) or queued behind the held update (one ordered path).
    await until(async () => {
      if (h.connector.heldCount === 0 || (await h.app.services.approvals.get(requestId))?.state !== 'approved') return false;
      if (approvedPut()) return true;
      const [approving, approved] = await Promise.all([outbox.record(`approval:${requestId}:approving`), outbox.record(`approval:${requestId}:approved`)]);
      return approving?.state === 'sending' && approved !== undefined;
    }, 'the approved card under way while "being made" is held');
    h.sandbox.clearFaults();
    expect(h.connector.release()).toBe(0);
    expect(textOf(await clicked)).toContain('being made');
    await outbox.drain({ timeoutMs: 15_000 });

    const updates = h.updatesOf(posted.resultId!).map((c) => textOf(cardOf(c)));
    expect(updates.some((text) => text.includes('being made'))).toBe(true);
    expect(updates.at(-1)).not.toContain('being made');
    expect(updates.at(-1)).toContain('Protection of vm-neu-app-01 is enabled');
  });
});

/** Re-checks `condition` every 10 ms until it holds (or 20 s pass). */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
