import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from './approvalHarness';

describe('audit command', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('says so when nothing is recorded yet', async () => {
    expect(textOf(cardOf(await h.say('audit', MEGAN)))).toContain('Nothing has been recorded yet.');
  });

  it('is for approvers only', async () => {
    expect(textOf(cardOf(await h.say('audit', ALEX)))).toMatch(/\*\*audit\*\* needs the approver role and you are an operator/);
    expect(textOf(cardOf(await h.say('audit', VIEWER)))).toContain('**audit** needs the approver role and you are a viewer');
  });

  it('validates --last', async () => {
    for (const bad of ['0', '51', 'ten', '-3', '2.5']) {
      expect(textOf(cardOf(await h.say(`audit --last ${bad}`, MEGAN)))).toContain(`--last needs a whole number from 1 to 50, for example --last 10 (got "${bad}")`);
    }
    expect(textOf(cardOf(await h.say('audit everything', MEGAN)))).toContain('audit takes no words, only --last N');
  });

  it('lists the newest entries first, with who, what, outcome and ids', async () => {
    const posted = await h.say('protect vm-new-01 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    await h.click('approvalApprove', { requestId }, ALEX, posted.resultId);
    await h.click('approvalReject', { requestId, reason: 'Wrong vault: use the dev vault' }, MEGAN, posted.resultId);

    const card = cardOf(await h.say('audit --last 2', MEGAN));
    assertValidCard(card);
    const text = textOf(card);
    expect(text).toContain('The 2 most recent entries, newest first. Times are UTC.');
    expect(text.indexOf('**rejected** · Megan Bowen')).toBeLessThan(text.indexOf('**refused** · Alex Wilber'));
    expect(text).toContain('Wrong vault: use the dev vault');
    expect(text).toContain('Only approvers can approve or reject, and you are an operator');
    expect(text).toContain('enable protection of vm-new-01 (rg-app) in vault rsv-weu-prod with DefaultPolicy');
    expect(text).toContain(`request ${requestId}`);
    expect(text).not.toContain('**requested**');
  });
});
