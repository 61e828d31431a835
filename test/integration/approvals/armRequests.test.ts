import { ALEX, MEGAN } from '../../helpers/activities';
import { armRequestKind, withLroAsOne } from '../../helpers/armRequestKinds';
import { ApprovalHarness, cardOf, requestIdOf, textOf } from './approvalHarness';

// Issue 12: the ARM requests of `protect` + approval and of one poll of a followed job, counted
// from the sandbox's request log (no times). The ids read when the request is made are handed on
// as they are: nothing is resolved twice. bench/floor.bench.ts counts the same at 20,000 VMs.

describe('ARM requests per command (issue 12)', () => {
  // No watcher ticks, and the follower polls only when the test asks: every request counted is the command's.
  const h = new ApprovalHarness('in-app', { schedulers: false });
  beforeAll(() => h.start({ JOB_FOLLOW_INTERVAL_SECONDS: '3600' }));
  afterAll(() => h.stop());

  const mark = () => h.sandbox.requests().length;
  const kindsSince = (from: number) => h.sandbox.requests().slice(from).map(armRequestKind);
  const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length;

  it('protect <vm> --vault V + approval: VM, backupStatus, policies; then lookup, PUT, the operation (no job read: Succeeded names it, Completed)', async () => {
    h.app.services.backup.invalidateCache(); // cold: every list forgotten, the vault list too
    const start = mark();
    const posted = await h.say('protect rg-neu/vm-neu-app-01 --vault rsv-neu-prod', ALEX);
    const requested = kindsSince(start);
    expect(textOf(cardOf(posted))).toContain('Enable protection for vm-neu-app-01');
    // The VM and its protection are read once and serve the refusal check, the preflight and the request.
    expect(count(requested, 'VM')).toBe(1);
    expect(count(requested, 'backupStatus')).toBe(1);
    expect(count(requested, 'policy list')).toBe(1);
    // Cold, the subscriptions (rg/name names none) and each subscription's vaults are listed: a running bot holds them 5 minutes.
    const subscriptions = count(requested, 'subscription list');
    expect(subscriptions).toBe(1);
    expect(requested.filter((k) => !['VM', 'backupStatus', 'policy list', 'subscription list', 'vault list'].includes(k))).toEqual([]);

    const approving = mark();
    const result = textOf(await h.click('approvalApprove', { requestId: requestIdOf(cardOf(posted)) }, MEGAN, posted.resultId));
    expect(result).toContain('Protection of vm-neu-app-01 is enabled in vault rsv-neu-prod with DefaultPolicy');
    expect(result).toMatch(/Job status: Completed\n/);
    // Nothing resolved again (no VM, status, vault list or policy read): the lookup that finds the
    // VM protectable (and so not protected since), the write and its operation. The job is not
    // read: the operation's Succeeded names it, and it is Completed by then (FINDINGS (e)).
    const approved = kindsSince(approving);
    expect(withLroAsOne(approved)).toEqual(['protectable lookup', 'configure PUT', 'operation poll']);
    const lookup = h.sandbox.requests().slice(approving).find((r) => armRequestKind(r) === 'protectable lookup')!;
    expect(decodeURIComponent(lookup.query)).toContain("friendlyName eq 'vm-neu-app-01'");
  });

  it('protect <vm> with the vault chosen on the card: each option vault\'s policies once; the choice resolves nothing; the approval as above', async () => {
    h.app.services.backup.invalidateCache();
    const start = mark();
    const posted = await h.say('protect rg-app/vm-app-02', ALEX);
    const card = cardOf(posted);
    const requestId = requestIdOf(card);
    const requested = kindsSince(start);
    // Two vaults of its subscription in westeurope: the card shows each one's policies (issue 13.4).
    expect(count(requested, 'VM')).toBe(1);
    expect(count(requested, 'backupStatus')).toBe(1);
    expect(count(requested, 'policy list')).toBe(2);

    const choosing = mark();
    const prod = (await h.app.services.backup.listVaultRefs()).find((v) => v.name === 'rsv-weu-prod')!;
    expect(textOf(await h.click('approvalChooseVault', { requestId, vault: prod.id, policy: 'pol-weu-nightly' }, ALEX, posted.resultId))).toContain('Waiting for an approver');
    // The VM is checked again for the chosen vault (read again only once the short cache has expired): no list of vaults or VMs, no write.
    const chose = kindsSince(choosing);
    expect(chose.filter((k) => !['VM', 'backupStatus', 'policy list'].includes(k))).toEqual([]);
    expect(chose.length).toBeLessThanOrEqual(3);

    const approving = mark();
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId))).toContain('Protection of vm-app-02 is enabled in vault rsv-weu-prod with pol-weu-nightly');
    expect(withLroAsOne(kindsSince(approving))).toEqual(['protectable lookup', 'configure PUT', 'operation poll']);
  });

  it('an approval for a VM protected since the request writes nothing and says by which vault', async () => {
    const posted = await h.say('protect rg-web/vm-web-03 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    // Someone protects it elsewhere in the meantime (Azure: one vault per VM).
    await h.app.services.backup.enableProtection('rg-web/vm-web-03', 'rsv-weu-dev', 'DefaultPolicy');
    const puts = h.protectionPuts('vm-web-03').length;
    const approving = mark();
    const result = textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId));
    expect(result).toContain('vm-web-03 is already protected by vault rsv-weu-dev');
    expect(h.protectionPuts('vm-web-03')).toHaveLength(puts);
    expect(kindsSince(approving)).not.toContain('refresh');
  });

  it('follow one job: every poll of a backup card is one request, cold; the end of a warned job adds its item and policy once', async () => {
    h.sandbox.setOutcome({ vm: 'rg-web/vm-web-02', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    const card = await h.say('backup rg-web/vm-web-02', ALEX);
    const jobId = /Job id: ([0-9a-f-]{36})/.exec(textOf(cardOf(card)))![1];
    const follower = h.app.services.jobFollower;
    expect(await follower.followed()).toContain(jobId);

    const polls: string[][] = [];
    while ((await follower.followed()).includes(jobId) && polls.length < 10) {
      await h.sandbox.advanceClock(20);
      h.app.services.backup.invalidateCache(); // cold: no cached vault or subscription list helps
      const before = mark();
      await follower.tick();
      polls.push(kindsSince(before));
    }
    expect(polls.length).toBeGreaterThanOrEqual(2);
    // While the job runs: the job, nothing else.
    for (const poll of polls.slice(0, -1)) expect(poll).toEqual(['job']);
    // Its last poll: the job, and (warnings only) its item and that item's policy, to say how long the snapshot is kept.
    expect(polls.at(-1)).toEqual(['job', 'protected item', 'policy']);
    await h.outboxSettled();
    const final = textOf(cardOf(h.updatesOf(card.resultId!).at(-1)!));
    expect(final).toMatch(/^Backup of vm-web-02\nCompleted with warnings\n/);
    expect(final).toContain('The snapshot is kept for 2 days');
  });
});
