import { ALEX, MEGAN } from '../../helpers/activities';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from './approvalHarness';

// Azure accepts the protection write, then every read of the operation's status is refused (403, as
// when a role assignment is being changed): the bot cannot tell from the call whether the change happened. It must ask Azure before
// calling it failed (issue 11 item 5: "on a write whose outcome is unknown, read Azure's state").
describe('an approved write whose outcome is unknown', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('is read back from Azure and reported applied, not failed; one write', async () => {
    const posted = await h.say('protect vm-web-03 --vault rsv-weu-prod --policy pol-weu-nightly', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    // 'perations' matches the status reads (backupOperations/{id}, .../operationsStatus/{id}) but not
    // the container refresh before the write (operationResults), so only the write's outcome is hidden.
    h.sandbox.setFaults({ share: 1, status: 403, pathContains: 'perations' });
    const approved = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    h.sandbox.clearFaults();
    // The click may answer "being made" first; the outcome is recorded once the executor gives up.
    await h.connector.waitFor(() => h.updatesOf(posted.resultId!).some((c) => textOf(cardOf(c)).includes('confirmed by reading Azure')), 20_000, 'the card update').catch(() => undefined);
    const final = await h.app.services.approvals!.get(requestId);
    const text = [textOf(approved), ...h.updatesOf(posted.resultId!).map((c) => textOf(cardOf(c)))].join('\n');
    expect(final).toMatchObject({ state: 'approved', outcome: { ok: true } });
    expect(text).toContain('Protection of vm-web-03 is enabled in vault rsv-weu-prod with pol-weu-nightly (confirmed by reading Azure');
    expect(h.protectionPuts('vm-web-03')).toHaveLength(1);
  }, 120_000);
});
