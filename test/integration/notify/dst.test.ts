import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { NotifyHarness, buttonsOf, cardOf, textOf } from './notifyHarness';

const OPS = '19:ops@thread.tacv2';
const VAULT = 'rsv-weu-prod';
const POLICY = 'pol-weu-nightly';

type Json = Record<string, unknown>;

/** The request id an approval card carries in its refresh action. */
function requestIdOf(card: Json): string {
  const refresh = card.refresh as { action: { data: { requestId: string } } } | undefined;
  if (!refresh) throw new Error(`no refresh section in ${JSON.stringify(card)}`);
  return refresh.action.data.requestId;
}

describe('DST reminders and the approved "keep local time" shift, on the sandbox', () => {
  let h: NotifyHarness;

  beforeAll(async () => {
    // Friday 20 March 2026; Europe moves to summer time on Sunday 29 March at 01:00 UTC.
    h = await new NotifyHarness().start();
  });
  afterAll(() => h.stop());

  const reminders = () => h.proactive(OPS).filter((c) => textOf(cardOf(c)).includes(`policy ${POLICY}`));

  it('lists the coming changes with the dst command', async () => {
    const text = textOf(await h.say('dst', VIEWER, OPS));
    expect(text).toContain(`**${POLICY}** (${VAULT}): Sun 29 Mar 2026, in 9 days, W. Europe Standard Time UTC+01:00 to UTC+02:00`);
    expect(text).toContain('22:00 local (21:00 UTC) becomes 23:00 local. To keep the local time, set the policy to 21:00.');
    expect(text).toMatch(/No daylight saving \(run time never moves\): .*DefaultPolicy \(rsv-weu-prod\)/);
  });

  it('dst lists every policy whose change policies announces, the hourly one too (issue 13.4)', async () => {
    // Vault by vault, so no policy is on a second page.
    let policies = '';
    for (const vault of ['rsv-weu-prod', 'rsv-weu-dev', 'rsv-eus-prod', 'rsv-neu-prod', 'rsv-test-weu']) policies += `${textOf(await h.say(`policies ${vault}`, VIEWER, OPS))}\n`;
    const announced = [...policies.matchAll(/^(\S+) · (\S+) · .*\n.*\nNext DST change: /gm)].map((m) => `**${m[1]}** (${m[2]})`);
    expect(announced).toContain('**pol-weu-enhanced-4h** (rsv-weu-prod)');
    const dst = textOf(await h.say('dst', VIEWER, OPS));
    for (const policy of announced) expect(dst).toContain(policy);
    expect(dst).toContain('To keep the local time, move the window start to 07:00 in the Azure portal (the bot moves only daily and weekly run times).');
  });

  it('posts the reminder 7 days before the change of a W. Europe Standard Time policy, not before', async () => {
    expect(textOf(await h.say('subscribe dst', ALEX, OPS))).toContain('7 and 1 days before each daylight-saving change');

    await h.advanceTo('2026-03-22T00:59:00.000Z');
    expect(await h.notify.reminders.runDue(h.sandbox.now())).toEqual([]);

    await h.advanceTo('2026-03-22T01:00:00.000Z');
    const due = await h.notify.reminders.runDue(h.sandbox.now());
    expect(due.map((r) => `${r.change.policy.name}:${r.daysBefore}`)).toContain(`${POLICY}:7`);
    // Checked again the same minute: nothing more.
    expect(await h.notify.reminders.runDue(h.sandbox.now())).toEqual([]);
    await h.drain();

    expect(reminders()).toHaveLength(1);
    const card = cardOf(reminders()[0]);
    assertValidCard(card);
    const text = textOf(card);
    expect(text).toContain(`Daylight-saving change in 7 days: policy ${POLICY}`);
    expect(text).toContain('Time zone: W. Europe Standard Time (Europe/Berlin)');
    expect(text).toContain('Run at 22:00: now 22:00 local (21:00 UTC); after the change 23:00 local (21:00 UTC)');
    expect(text).toMatch(/VMs covered \(\d+\): .*vm-web-01/);
    expect(buttonsOf(card).map((b) => [b.title, b.verb])).toEqual([['Keep 22:00 local time', 'dstKeepLocalTime']]);
  });

  it('the button files an approval; approval moves the run time and keeps time zone and retention', async () => {
    const before = await h.app.services.backup!.getPolicy(POLICY, VAULT);
    expect(before.runTimes).toEqual(['22:00']);
    const reminder = reminders()[0];
    const button = buttonsOf(cardOf(reminder))[0];

    // A viewer may not file it; a forged payload is refused.
    expect(textOf(await h.click(button.verb, button.data, VIEWER, OPS, reminder.resultId))).toContain('needs the operator role');
    expect(textOf(await h.click(button.verb, { ...button.data, transitionAt: 'soon' }, ALEX, OPS, reminder.resultId))).toContain('not valid');

    const filed = await h.click(button.verb, button.data, ALEX, OPS, reminder.resultId);
    const filedText = textOf(filed);
    expect(filedText).toContain(`Keep the local run time of policy ${POLICY}`);
    expect(filedText).toContain('Run time now: 22:00 (policy time zone)');
    expect(filedText).toContain('New run time: 21:00 (policy time zone)');
    expect(filedText).toContain('Requested by: Alex Wilber');
    const requestId = requestIdOf(filed);
    // The reminder is replaced for everyone by the request.
    const replaced = h.connector.updates(OPS).filter((u) => u.activityId === reminder.resultId);
    expect(replaced.length).toBeGreaterThanOrEqual(1);
    expect(textOf(cardOf(replaced[0]))).toContain(`Keep the local run time of policy ${POLICY}`);

    // Clicking again files nothing new.
    const again = await h.click(button.verb, button.data, ALEX, OPS, reminder.resultId);
    expect(textOf(again)).toContain('A request for this change already exists');
    expect(requestIdOf(again)).toBe(requestId);
    // Nothing was written yet.
    expect(h.sandbox.requests().filter((r) => r.method === 'PUT' && /backupPolicies/i.test(r.path))).toHaveLength(0);

    // The requester cannot approve their own request; Megan (approver) can.
    expect(textOf(await h.click('approvalApprove', { requestId }, ALEX, OPS, reminder.resultId))).toMatch(/approver/i);
    const approved = await h.click('approvalApprove', { requestId }, MEGAN, OPS, reminder.resultId);
    expect(textOf(approved)).toMatch(/approved/i);
    expect(textOf(approved)).toContain(`Policy ${POLICY} now runs at 21:00`);

    const puts = h.sandbox.requests().filter((r) => r.method === 'PUT' && /backupPolicies/i.test(r.path));
    expect(puts).toHaveLength(1);
    h.app.services.backup!.invalidateCache();
    const after = await h.app.services.backup!.getPolicy(POLICY, VAULT);
    expect(after.runTimes).toEqual(['21:00']);
    expect(after.timeZone).toBe('W. Europe Standard Time');
    expect(after.timeZone).toBe(before.timeZone);
    expect(after.retention).toEqual(before.retention);
    expect(after.retentionSummary).toBe(before.retentionSummary);
    expect(after.instantRestoreDays).toBe(before.instantRestoreDays);
    expect(after.frequency).toBe(before.frequency);
    // After the change the policy keeps 22:00 local time: 21:00 policy time is 20:00 UTC, 22:00 in summer.
    expect(after.nextDst?.runs[0]).toMatchObject({ utcTime: '20:00', localBefore: '21:00', localAfter: '22:00' });
  });

  it('the 1-day reminder says the shift is done and offers no button', async () => {
    await h.advanceTo('2026-03-28T01:00:00.000Z');
    const due = await h.notify.reminders.runDue(h.sandbox.now());
    expect(due.map((r) => `${r.change.policy.name}:${r.daysBefore}`)).toContain(`${POLICY}:1`);
    await h.drain();
    expect(reminders()).toHaveLength(2);
    const card = cardOf(reminders()[1]);
    const text = textOf(card);
    expect(text).toContain(`Daylight-saving change tomorrow: policy ${POLICY}`);
    expect(text).toContain('Done: Megan Bowen approved moving the policy to 21:00');
    expect(buttonsOf(card)).toEqual([]);
  });
});
