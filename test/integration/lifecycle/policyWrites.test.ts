import { ALEX, MEGAN, VIEWER, type TestUser } from '../../helpers/activities';
import { isArmWrite } from '../../helpers/armWrites';
import { readPolicy } from '../../../src/backup/lifecycle/policyWrite';
import { buttonsOf, inputsOf, linksOf } from '../../helpers/cardReading';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from '../approvals/approvalHarness';

// policy create / policy edit: the guided card, its server-side checks, the four-eyes request and
// the PUT backupPolicies (200 for a new policy, 202 + operation for a policy in use), over real
// HTTP with the real SDKs against the in-process sandbox.

type Json = Record<string, unknown>;
const h = new ApprovalHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const VAULT = 'rsv-weu-prod';

function policyWrites(name?: string) {
  return h.sandbox.requests().filter((r) => r.method === 'PUT' && /\/backupPolicies\/[^/]+$/i.test(r.path) && (name === undefined || r.path.toLowerCase().endsWith(`/${name.toLowerCase()}`)));
}

async function say(command: string, from: TestUser = ALEX): Promise<string> {
  return textOf(cardOf(await h.say(command, from)));
}

/** The stored run time (date and time) of a policy of the vault, as Azure returns it. */
async function runTimeOf(policy: string): Promise<string> {
  const vault = await h.app.services.backup.resolveVault(VAULT);
  const resource = await readPolicy(h.app.services.lifecycle!.azure, vault, policy);
  const schedule = (resource?.properties as { schedulePolicy?: { scheduleRunTimes?: Date[] } } | undefined)?.schedulePolicy;
  return new Date(schedule!.scheduleRunTimes![0]).toISOString();
}

async function requestCount(): Promise<number> {
  return (await h.app.services.audit!.last(1000)).filter((e) => e.event === 'requested').length;
}

/** Opens the card with a command and returns it with the message id and the submit button's data. */
async function openForm(command: string, from: TestUser = ALEX) {
  const posted = await h.say(command, from);
  const card = cardOf(posted);
  const submit = buttonsOf(card).find((b) => b.verb === 'policyFormSubmit');
  if (!submit) throw new Error(`no submit button on: ${textOf(card)}`);
  const values = Object.fromEntries(inputsOf(card).map((input) => [input.id, input.value === undefined ? '' : String(input.value)]));
  return { messageId: posted.resultId, card, data: submit.data, values };
}

/** Clicks "Ask for approval" with the form's values changed as given. */
function submit(form: { messageId?: string; data: Json; values: Record<string, string> }, changes: Record<string, unknown>, from: TestUser = ALEX): Promise<Json> {
  return h.click('policyFormSubmit', { ...form.values, ...changes, ...form.data }, from, form.messageId);
}

describe('policy create', () => {
  it('card -> request -> Megan approves -> one PUT (200); the policy is listed and in the DST plan at once', async () => {
    // The DST planner lists policies once an hour: this reads (and caches) the plan before the policy exists.
    expect(await say('dst', VIEWER)).not.toContain('pol-weu-ops');
    const form = await openForm(`policy create pol-weu-ops --vault ${VAULT}`);
    expect(textOf(form.card)).toContain('Create policy pol-weu-ops in vault rsv-weu-prod');
    expect(form.values).toMatchObject({ tier: 'Standard', frequency: 'Daily', time: '22:00', instantRestoreDays: '2', dailyDays: '30' });
    const zones = inputsOf(form.card).find((input) => input.id === 'timeZone')!.choices;
    expect(zones).toContainEqual({ title: 'Europe/Berlin (W. Europe Standard Time, UTC+01:00)', value: 'W. Europe Standard Time' });
    expect(linksOf(form.card)[0].url).toMatch(/^https:\/\/portal\.azure\.com\/#resource\/subscriptions\/.*\/vaults\/rsv-weu-prod\/backupPolicies$/);

    const asked = await submit(form, { frequency: 'Weekly', runDays: 'Tuesday,Saturday', time: '21:30', timeZone: 'W. Europe Standard Time', instantRestoreDays: '5', dailyDays: '', weeklyWeeks: '8', monthlyMonths: '6', retentionDay: 'Saturday' });
    const askedText = textOf(asked);
    expect(askedText).toContain('Create backup policy pol-weu-ops in vault rsv-weu-prod');
    expect(askedText).toContain('Waiting for an approver');
    expect(askedText).toContain('Schedule: Every Tuesday, Saturday at 21:30 (W. Europe Standard Time)');
    expect(askedText).toContain('Retention: weekly (Saturday) 8 weeks, monthly (first Saturday) 6 months');
    expect(policyWrites('pol-weu-ops')).toHaveLength(0);
    // The request card replaced the form, for everyone (the same message).
    expect(h.updatesOf(form.messageId!).length).toBe(1);

    const requestId = requestIdOf(asked);
    expect(textOf(await h.click('approvalApprove', { requestId }, ALEX, form.messageId))).toMatch(/Only approvers/);
    const done = textOf(await h.click('approvalApprove', { requestId }, MEGAN, form.messageId));
    expect(done).toContain('Approved by Megan Bowen');
    expect(done).toContain('Policy pol-weu-ops is created in vault rsv-weu-prod.');
    expect(done).toContain('Azure answer: 200 OK');
    expect(done).toMatch(/Daylight saving: .*W\. Europe/);
    expect(done).toMatch(/Azure portal: \[Backup policies of rsv-weu-prod\]\(https:\/\/portal\.azure\.com\/#resource\/.*\/backupPolicies\)/);
    expect(policyWrites('pol-weu-ops')).toHaveLength(1);
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, form.messageId))).toContain('already approved');
    expect(policyWrites('pol-weu-ops')).toHaveLength(1);

    const shown = await say(`policy pol-weu-ops --vault ${VAULT}`, VIEWER);
    expect(shown).toContain('Schedule: Every Tuesday, Saturday at 21:30 (W. Europe Standard Time)');
    expect(shown).toContain('Instant restore: 5 days');
    // A new run time is written on today's date (the sandbox's), so 21:30 means 21:30 local now.
    expect(await runTimeOf('pol-weu-ops')).toBe(`${h.sandbox.now().toISOString().slice(0, 10)}T21:30:00.000Z`);
    // The DST reminder logic sees the new policy without waiting for its hourly re-listing.
    expect(await say('dst', VIEWER)).toContain('pol-weu-ops');
    const audit = (await h.app.services.audit!.last(200)).filter((e) => e.requestId === requestId).map((e) => e.event);
    expect(audit).toEqual(expect.arrayContaining(['requested', 'approved', 'azureWrite']));
  });
});

describe('one form, one request', () => {
  it('two clicks on Ask for approval at once (double click, client retry) file one request', async () => {
    const form = await openForm(`policy create pol-weu-twice --vault ${VAULT}`);
    const requests = await requestCount();
    const [a, b] = await Promise.all([submit(form, { time: '23:00' }), submit(form, { time: '23:00' })]);
    expect(requestIdOf(a)).toBe(requestIdOf(b));
    expect(await requestCount()).toBe(requests + 1);
    // And later: the same request again, not a second one.
    expect(requestIdOf(await submit(form, { time: '23:00' }))).toBe(requestIdOf(a));
    expect(await requestCount()).toBe(requests + 1);
  });
});

describe('policy edit', () => {
  it('a policy in use: prefilled card, approval, PUT answered 202, the operation followed to Succeeded', async () => {
    const form = await openForm(`policy edit pol-weu-nightly --vault ${VAULT}`);
    expect(form.values).toMatchObject({ frequency: 'Daily', time: '22:00', timeZone: 'W. Europe Standard Time', instantRestoreDays: '2', dailyDays: '30' });
    expect(inputsOf(form.card).some((input) => input.id === 'tier')).toBe(false);
    expect(textOf(form.card)).toMatch(/It protects \d+ VMs?: Azure applies the change to each of them/);

    const asked = textOf(await submit(form, { time: '21:00', dailyDays: '45' }));
    expect(asked).toContain('Change backup policy pol-weu-nightly in vault rsv-weu-prod');
    expect(asked).toContain('Now: daily at 22:00 (W. Europe Standard Time), snapshots 2 days, keeps 30 days');
    expect(asked).toContain('New schedule: Every day at 21:00 (W. Europe Standard Time)');
    expect(asked).toMatch(/VMs affected: [1-9]\d*: Azure applies the new settings/);

    h.sandbox.setNextOperationPolls(2);
    const before = policyWrites('pol-weu-nightly').length;
    const done = textOf(await h.click('approvalApprove', { requestId: requestIdOf(cardOf(h.updatesOf(form.messageId!).at(-1)!)) }, MEGAN, form.messageId));
    expect(done).toContain('Policy pol-weu-nightly is changed in vault rsv-weu-prod.');
    expect(done).toMatch(/Azure applied it to the \d+ VMs? it protects/);
    const operation = /Azure answer: 202 Accepted, then operation ([0-9a-f-]+) read Succeeded after 3 status reads/.exec(done);
    expect(operation).not.toBeNull();
    const statusReads = h.sandbox.requests().filter((r) => r.method === 'GET' && r.path.toLowerCase().endsWith(`/backuppolicies/pol-weu-nightly/operations/${operation![1]}`));
    expect(statusReads).toHaveLength(3);
    expect(policyWrites('pol-weu-nightly')).toHaveLength(before + 1);
    expect(await say(`policy pol-weu-nightly --vault ${VAULT}`, VIEWER)).toContain('Schedule: Every day at 21:00 (W. Europe Standard Time)');
  });

  it('two requests filed from the same policy: the second approval refuses to overwrite the first', async () => {
    const first = await openForm(`policy edit pol-weu-weekly --vault ${VAULT}`);
    const second = await openForm(`policy edit pol-weu-weekly --vault ${VAULT}`);
    const firstId = requestIdOf(await submit(first, { weeklyWeeks: '20' }));
    const secondId = requestIdOf(await submit(second, { weeklyWeeks: '30' }));
    const before = policyWrites('pol-weu-weekly').length;
    const runTimeBefore = await runTimeOf('pol-weu-weekly');
    expect(textOf(await h.click('approvalApprove', { requestId: firstId }, MEGAN, first.messageId))).toContain('Policy pol-weu-weekly is changed');
    const refused = textOf(await h.click('approvalApprove', { requestId: secondId }, MEGAN, second.messageId));
    expect(refused).toContain('the change failed');
    expect(refused).toContain('Policy pol-weu-weekly was changed by someone else since this request was filed');
    expect(policyWrites('pol-weu-weekly')).toHaveLength(before + 1);
    // A retention-only change keeps the run time's date (it fixes the UTC offset): backups do not move.
    expect(await runTimeOf('pol-weu-weekly')).toBe(runTimeBefore);
    // A card opened before that change says so and shows the policy as it is now.
    const stale = textOf(await submit(first, { weeklyWeeks: '40' }));
    expect(stale).toContain('Policy pol-weu-weekly was changed since this card was posted');
  });
});

describe('Azure refuses', () => {
  it('a 403 on the approved write: the card says the change failed, in a sentence, and the audit trail too', async () => {
    const form = await openForm(`policy create pol-weu-denied --vault ${VAULT}`);
    const asked = await submit(form, {});
    h.sandbox.setFaults({ share: 1, status: 403, pathContains: '/backupPolicies/pol-weu-denied', count: 1 });
    const done = textOf(await h.click('approvalApprove', { requestId: requestIdOf(asked) }, MEGAN, form.messageId));
    h.sandbox.clearFaults();
    expect(done).toContain('the change failed');
    expect(done).toContain('The bot is not allowed to read policy pol-weu-denied of vault rsv-weu-prod (Azure answered AuthorizationFailed). Ask an administrator to give the bot');
    expect(done).not.toMatch(/at .*\.ts:\d+|Error:/);
    expect(policyWrites('pol-weu-denied')).toHaveLength(0);
    expect(await say(`policy pol-weu-denied --vault ${VAULT}`, VIEWER)).toContain('Vault rsv-weu-prod has no policy called pol-weu-denied');
    const failed = (await h.app.services.audit!.last(50)).filter((e) => e.requestId === requestIdOf(asked) && e.event === 'failed');
    expect(failed).toHaveLength(1);
  });
});

describe('bad input changes nothing', () => {
  it('commands: a specific sentence each, no card to fill in', async () => {
    const requests = await requestCount();
    const writes = h.sandbox.requests().filter(isArmWrite).length;
    expect(await say('policy create')).toContain('Name the policy. Usage: policy create ‹name› --vault V');
    expect(await say('policy create pol-a pol-b --vault rsv-weu-prod')).toContain('Name one policy only');
    expect(await say('policy create pol-new')).toContain('Which vault? A policy belongs to one vault.');
    expect(await say('policy create 9pol --vault rsv-weu-prod')).toMatch(/"9pol" cannot name a new VM backup policy|not a valid policy name/);
    expect(await say('policy create pol_new --vault rsv-weu-prod')).toContain('3 to 150 characters, a letter first');
    expect(await say('policy create pol-weu-nightly --vault rsv-weu-prod')).toContain('Vault rsv-weu-prod already has a policy called pol-weu-nightly. To change it: **policy edit pol-weu-nightly --vault rsv-weu-prod**');
    expect(await say('policy create pol-new --vault rsv-nowhere')).toMatch(/rsv-nowhere/);
    expect(await say('policy create pol-new --vault rsv-weu-prod', VIEWER)).toContain('**policy create** needs the operator role and you are a viewer');
    expect(await say('policy edit pol-weu-nightly --vault rsv-weu-prod', VIEWER)).toContain('**policy edit** needs the operator role');
    expect(await say('policy edit pol-nope --vault rsv-weu-prod')).toContain('Vault rsv-weu-prod has no policy called pol-nope');
    expect(await say('policy edit pol-weu-enhanced-4h --vault rsv-weu-prod')).toContain('pol-weu-enhanced-4h runs hourly; the edit card handles daily and weekly schedules only');
    expect(await say('policy create pol-new --vault rsv-weu-prod --vualt x')).toContain('--vualt');
    expect(await say('policy edit "pol weu!" --vault rsv-weu-prod')).toContain('is not a valid policy name');
    expect(await requestCount()).toBe(requests);
    expect(h.sandbox.requests().filter(isArmWrite)).toHaveLength(writes);
  });

  it('card fields: the card comes back with the sentence, nothing is requested or written', async () => {
    const form = await openForm(`policy create pol-weu-bad --vault ${VAULT}`);
    const requests = await requestCount();
    const writes = h.sandbox.requests().filter(isArmWrite).length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ time: '22:10' }, 'Time: Azure runs VM backups on the hour or half hour; 22:10 is neither'],
      [{ time: 'ten' }, 'Time: give the backup time as HH:MM'],
      [{ timeZone: 'Mars/Olympus' }, 'Time zone: choose one of the listed time zones'],
      [{ instantRestoreDays: '6' }, 'Instant restore: a Standard policy keeps snapshots 1 to 5 days (got 6)'],
      [{ tier: 'Enhanced', instantRestoreDays: '31' }, 'Instant restore: an Enhanced policy keeps snapshots 1 to 30 days (got 31)'],
      [{ dailyDays: '3' }, 'Daily retention: keep points 7 to 9999 days (got 3)'],
      [{ dailyDays: '' }, 'Daily retention: a daily schedule keeps its daily points 7 to 9999 days'],
      [{ weeklyWeeks: '0' }, 'Weekly retention: keep points 1 to 5163 weeks (got 0)'],
      [{ monthlyMonths: '2000' }, 'Monthly retention: keep points 1 to 1188 months (got 2000)'],
      [{ yearlyYears: '-1' }, 'Yearly retention: "-1" is not a whole number of years'],
      [{ frequency: 'Weekly', runDays: '', dailyDays: '', weeklyWeeks: '4', instantRestoreDays: '5' }, 'Days: a weekly schedule needs at least one day'],
      [{ frequency: 'Weekly', runDays: 'Monday', dailyDays: '', weeklyWeeks: '4', instantRestoreDays: '5', retentionDay: 'Sunday' }, 'Sunday is not a backup day of this schedule (Monday)'],
      [{ frequency: 'Weekly', runDays: 'Monday', dailyDays: '', weeklyWeeks: '4', instantRestoreDays: '2', retentionDay: 'Monday' }, 'keeps snapshots exactly 5 days (got 2)'],
      [{ frequency: 'Weekly', runDays: 'Monday', dailyDays: '30', weeklyWeeks: '4', instantRestoreDays: '5', retentionDay: 'Monday' }, 'a weekly schedule makes no daily points'],
      [{ frequency: 'Hourly' }, 'Schedule: choose Daily or Weekly'],
    ];
    for (const [change, sentence] of cases) {
      const back = textOf(await submit(form, change));
      expect({ change, back }).toEqual({ change, back: expect.stringContaining(sentence) });
      expect(back).toContain('Nothing was sent. Fix these and click again:');
    }
    // The values typed are kept on the card that comes back.
    const kept = await submit(form, { time: '22:10', dailyDays: '14' });
    expect(inputsOf(kept).find((input) => input.id === 'dailyDays')?.value).toBe(14);
    expect(inputsOf(kept).find((input) => input.id === 'time')?.value).toBe('22:10');

    // Forged or edited button data: refused, recorded nowhere, nothing written.
    expect(textOf(await h.click('policyFormSubmit', { ...form.values, vault: form.data.vault, policy: 'pol-weu-bad' }, ALEX, form.messageId))).toContain('This card does not say which policy it is about');
    expect(textOf(await h.click('policyFormSubmit', { ...form.values, ...form.data, policy: 'x y' }, ALEX, form.messageId))).toMatch(/policy name|cannot name a new VM backup policy/);
    expect(textOf(await h.click('policyFormSubmit', { ...form.values, ...form.data, mode: 'update', policy: 'pol/../x' }, ALEX, form.messageId))).toContain('is not a valid policy name');
    // Names that fail the rules never reach Azure, not even as a read.
    expect(h.sandbox.requests().filter((r) => /backupPolicies\/(x y|pol\/\.\.|pol weu)/i.test(r.path))).toHaveLength(0);
    // Roles are checked on the click too, not only on the command.
    expect(textOf(await submit(form, {}, VIEWER))).toContain('This button needs the operator role and you are a viewer');
    expect(await requestCount()).toBe(requests);
    expect(h.sandbox.requests().filter(isArmWrite)).toHaveLength(writes);
    // An unchanged edit is not a request either.
    const edit = await openForm(`policy edit DefaultPolicy --vault ${VAULT}`);
    expect(textOf(await submit(edit, {}))).toContain('These are the settings the policy has now: change something first.');
    expect(await requestCount()).toBe(requests);
  });
});
