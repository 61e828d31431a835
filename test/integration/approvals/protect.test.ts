import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { inputsOf } from '../../helpers/cardReading';
import { ApprovalHarness, CHANNEL, NESTOR, buttonsOf, cardOf, requestIdOf, textOf, verbsOf } from './approvalHarness';

// protect -> approval card -> clicks, over real HTTP (CloudAdapter, anonymous), with the real SDKs
// against the in-process sandbox and the file store. Each test uses its own VM: the sandbox's
// estate is shared by the file (see src/sandbox/estates/default.json).

describe('protect and the approval card', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('approve: one configure-protection call, the card replaced for everyone, the VM protected', async () => {
    expect(textOf(cardOf(await h.say('vms rsv-neu-prod', VIEWER)))).not.toContain('vm-neu-app-01');
    const posted = await h.say('protect vm-neu-app-01', ALEX);
    const card = cardOf(posted);
    assertValidCard(card);
    const requestId = requestIdOf(card);
    // Stored before the card went out, and tied to the posted message once it did.
    const stored = await h.app.services.approvals!.get(requestId);
    expect(stored).toMatchObject({ state: 'pending', requester: { name: 'Alex Wilber' }, card: { activityId: posted.resultId } });
    expect(textOf(card)).toContain('Enable protection for vm-neu-app-01');
    expect(textOf(card)).toContain('Vault: rsv-neu-prod (rg-backup-neu)');
    expect(textOf(card)).toContain('Policy: DefaultPolicy');
    expect(textOf(card)).toContain('Waiting for an approver');
    // Everyone sees the status; the refresh section lists the approvers, who get the buttons.
    expect(verbsOf(card)).toEqual(['approvalRefresh']);
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'approvalRefresh', data: { requestId } } });
    expect((card.refresh as { userIds: string[] }).userIds).toEqual(expect.arrayContaining([`8:orgid:${NESTOR.aadObjectId}`]));

    const approverView = await h.click('approvalRefresh', { requestId }, MEGAN, posted.resultId);
    assertValidCard(approverView);
    expect(verbsOf(approverView)).toEqual(['approvalApprove', 'approvalReject', 'approvalRefresh']);
    expect(verbsOf(await h.click('approvalRefresh', { requestId }, VIEWER, posted.resultId))).toEqual(['approvalRefresh']);
    expect(h.protectionPuts('vm-neu-app-01')).toHaveLength(0);

    const result = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    assertValidCard(result);
    const text = textOf(result);
    expect(text).toMatch(/Approved by Megan Bowen at \w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d UTC/);
    expect(text).toContain('Protection of vm-neu-app-01 is enabled in vault rsv-neu-prod with DefaultPolicy');
    expect(text).toContain('Operation: Configure backup'); // words, not Azure's enum (issue 13.8)
    // Issue 13.4: the bot follows the configure operation, which Azure ends only after its job
    // (recordings scenario:28-29), so the approved card never leaves a job "In progress".
    expect(text).toMatch(/Job status: Completed\n/);
    const backupNow = buttonsOf(result).find((b) => b.verb === 'backupNow');
    expect(backupNow?.data).toEqual({ vm: expect.stringMatching(/\/virtualMachines\/vm-neu-app-01$/i) });

    expect(h.protectionPuts('vm-neu-app-01')).toHaveLength(1);
    const updates = h.updatesOf(posted.resultId!);
    expect(updates).toHaveLength(1);
    expect(updates[0].body.attachments[0].content).toEqual(result);

    // The vms command shows it in the vault now (IRPending, "Initial backup pending", is how Azure
    // shows a freshly protected VM until its first backup).
    const vms = textOf(cardOf(await h.say('vms rsv-neu-prod', VIEWER)));
    expect(vms).toMatch(/\*\*vm-neu-app-01\*\*\n(Protected|Initial backup pending) · rsv-neu-prod · DefaultPolicy/);
    // check says where the first backup is awaited (issue 13.8: "Initial backup pending in <vault>").
    expect(textOf(cardOf(await h.say('check vm-neu-app-01', VIEWER)))).toContain('Protection: Initial backup pending in rsv-neu-prod');

    const audit = textOf(cardOf(await h.say('audit --last 4', MEGAN)));
    expect(audit).toContain('**azureWrite** · Megan Bowen');
    expect(audit).toMatch(/succeeded \(job [0-9a-f-]+, (Completed|InProgress)\)/);
    expect(audit).toContain('**approved** · Megan Bowen');
    const decided = await h.app.services.approvals!.get(requestId);
    expect(audit).toContain(`correlation ${decided!.decision!.correlationId}`);
  });

  it('several vaults in the region: the requester chooses on the card, only among the stored options', async () => {
    const posted = await h.say('protect vm-web-03', ALEX);
    const card = cardOf(posted);
    assertValidCard(card);
    const requestId = requestIdOf(card);
    expect(textOf(card)).toContain('Waiting for Alex Wilber to choose a vault on this card');
    // The base card (what the Playground, and Teams beyond refresh.userIds, show) offers the choice, with nothing pre-selected.
    expect(verbsOf(card)).toEqual(['approvalChooseVault', 'approvalRefresh']);
    const vaultInput = inputsOf(card).find((i) => i.id === 'vault');
    expect(vaultInput?.choices.map((c) => c.title).join(', ')).toMatch(/rsv-weu-prod.*rsv-weu-dev|rsv-weu-dev.*rsv-weu-prod/);
    expect(vaultInput?.value ?? '').toBe('');
    // rsv-test-weu is in westeurope too but in another subscription: Azure would refuse it, so it is not offered.
    expect(vaultInput?.choices.map((c) => c.title).join(', ')).not.toContain('rsv-test-weu');
    expect((card.refresh as { userIds: string[] }).userIds).toContain(ALEX.id);
    // Each option says its redundancy and policies; the policy is the requester's pick (issue 13.4).
    const titles = vaultInput!.choices.map((c) => c.title);
    expect(titles).toContainEqual('rsv-weu-dev (rg-backup-dev) · Locally redundant (LRS) · policies DefaultPolicy, pol-dev-daily');
    expect(titles.find((t) => t.startsWith('rsv-weu-prod'))).toMatch(/^rsv-weu-prod \(rg-backup-weu\) · Geo-redundant \(GRS\) · policies .*pol-weu-nightly/);
    const policyInput = inputsOf(card).find((i) => i.id === 'policy');
    expect(policyInput?.value).toBe('DefaultPolicy');
    expect(policyInput?.choices.map((c) => c.title)).toContain('pol-weu-nightly (only in rsv-weu-prod)');

    const requesterView = await h.click('approvalRefresh', { requestId }, ALEX, posted.resultId);
    assertValidCard(requesterView);
    expect(verbsOf(requesterView)).toEqual(['approvalChooseVault', 'approvalRefresh']);
    expect(JSON.stringify(requesterView)).toContain('rsv-weu-dev');

    // Approvers cannot decide before the vault is known, nor choose it for the requester.
    expect(textOf(await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId))).toContain('Waiting for the requester to choose a vault on this card; you can decide once that is done');
    expect(textOf(await h.click('approvalChooseVault', { requestId, vault: 'x' }, MEGAN, posted.resultId))).toContain('Only Alex Wilber, who asked for this change, can choose here');
    // A vault id that is not one of the options (another region) is refused.
    const neuVault = (await h.app.services.backup.listVaults()).find((v) => v.name === 'rsv-neu-prod')!;
    expect(textOf(await h.click('approvalChooseVault', { requestId, vault: neuVault.id }, ALEX, posted.resultId))).toContain('Choose one of the vaults listed on the card');
    expect(h.updatesOf(posted.resultId!)).toHaveLength(0);

    const devVault = (await h.app.services.backup.listVaults()).find((v) => v.name === 'rsv-weu-dev')!;
    // A policy the chosen vault does not have is refused, naming the vault's own.
    const wrongPolicy = await h.click('approvalChooseVault', { requestId, vault: devVault.id, policy: 'pol-weu-nightly' }, ALEX, posted.resultId);
    expect(textOf(wrongPolicy)).toContain('Vault rsv-weu-dev has no policy called "pol-weu-nightly". Policies there: DefaultPolicy, pol-dev-daily. Nothing was changed.');
    expect(h.updatesOf(posted.resultId!)).toHaveLength(0);
    const chosen = await h.click('approvalChooseVault', { requestId, vault: devVault.id, policy: 'pol-dev-daily' }, ALEX, posted.resultId);
    assertValidCard(chosen);
    expect(textOf(chosen)).toContain('Vault: rsv-weu-dev (rg-backup-dev)');
    expect(textOf(chosen)).toContain('Policy: pol-dev-daily');
    expect(textOf(chosen)).toContain('Waiting for an approver');
    expect(h.updatesOf(posted.resultId!)).toHaveLength(1);

    const approved = await h.click('approvalApprove', { requestId }, NESTOR, posted.resultId);
    expect(textOf(approved)).toContain('Protection of vm-web-03 is enabled in vault rsv-weu-dev with pol-dev-daily');
    expect(h.protectionPuts('vm-web-03')).toHaveLength(1);
  });

  it('reject: needs a reason, records it, and nothing is written to Azure', async () => {
    const posted = await h.say('protect vm-app-02 --vault rsv-weu-prod --policy pol-weu-nightly', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    expect(textOf(cardOf(posted))).toContain('Policy: pol-weu-nightly');

    const noReason = await h.click('approvalReject', { requestId, reason: '  ' }, MEGAN, posted.resultId);
    expect(textOf(noReason)).toContain('Type a reason in the box before clicking Reject');
    expect(h.updatesOf(posted.resultId!)).toHaveLength(0);

    const rejected = await h.click('approvalReject', { requestId, reason: 'Not before the change window on Friday' }, MEGAN, posted.resultId);
    assertValidCard(rejected);
    expect(textOf(rejected)).toMatch(/Rejected by Megan Bowen at .* UTC: Not before the change window on Friday/);
    expect(verbsOf(rejected)).toEqual([]);
    expect(h.updatesOf(posted.resultId!)).toHaveLength(1);
    expect(h.protectionPuts('vm-app-02')).toHaveLength(0);

    // Too late to approve now.
    expect(textOf(await h.click('approvalApprove', { requestId }, NESTOR, posted.resultId))).toContain('Megan Bowen already rejected this request');
    expect(h.protectionPuts('vm-app-02')).toHaveLength(0);
    expect(h.updatesOf(posted.resultId!)).toHaveLength(1);
  });

  it('four-eyes: an approver may request but not approve their own request; a viewer may not approve', async () => {
    const posted = await h.say('protect vm-new-01 --vault rsv-weu-prod', MEGAN);
    const requestId = requestIdOf(cardOf(posted));

    const own = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    assertValidCard(own);
    expect(textOf(own)).toContain('You asked for this change, so someone else must approve or reject it');
    const byViewer = await h.click('approvalApprove', { requestId }, VIEWER, posted.resultId);
    expect(textOf(byViewer)).toContain('Only approvers can approve or reject, and you are a viewer');
    const byOperator = await h.click('approvalReject', { requestId, reason: 'no' }, ALEX, posted.resultId);
    expect(textOf(byOperator)).toContain('Only approvers can approve or reject, and you are an operator');

    // Refusals are answered to the clicker only: the posted card and Azure are untouched.
    expect(h.updatesOf(posted.resultId!)).toHaveLength(0);
    expect(h.protectionPuts('vm-new-01')).toHaveLength(0);
    expect((await h.app.services.approvals!.get(requestId))?.state).toBe('pending');
    const audit = textOf(cardOf(await h.say('audit --last 3', NESTOR)));
    expect(audit.match(/\*\*refused\*\*/g)).toHaveLength(3);
    expect(audit).toContain('four-eyes rule');
  });

  it('a forged card payload naming another VM changes only the stored request\'s VM', async () => {
    const posted = await h.say('protect vm-test-02 --vault rsv-test-weu', ALEX);
    const requestId = requestIdOf(cardOf(posted));

    const vmWeb02 = (await h.app.services.backup.listVms()).find((vm) => vm.name === 'vm-web-02')!;
    const forged = await h.click('approvalApprove', { requestId, vm: vmWeb02.id, vault: 'rsv-weu-dev', policy: 'pol-dev-daily' }, MEGAN, posted.resultId);
    expect(textOf(forged)).toContain('Protection of vm-test-02 is enabled in vault rsv-test-weu with DefaultPolicy');
    expect(h.protectionPuts('vm-test-02')).toHaveLength(1);
    expect(h.protectionPuts('vm-web-02')).toHaveLength(0);

    // A card naming a request that does not exist, or no valid id at all, is refused.
    expect(textOf(await h.click('approvalApprove', { requestId: '7d5b0a61-0000-4000-8000-000000000000', vm: vmWeb02.id }, MEGAN))).toContain('does not refer to a request I know');
    expect(textOf(await h.click('approvalApprove', { requestId: '../../etc/passwd' }, MEGAN))).toContain('not a valid approval request');
    expect(h.protectionPuts()).toHaveLength(3);
  });

  it('a failing preflight stops the request with the reason; a bad policy is refused; a viewer cannot protect', async () => {
    expect(textOf(cardOf(await h.say('protect vm-core-01 --vault rsv-weu-prod', ALEX)))).toMatch(/Protection cannot be requested: .*CoreOS/i);
    expect(textOf(cardOf(await h.say('protect vm-uks-01', ALEX)))).toContain('uksouth');
    expect(textOf(cardOf(await h.say('protect vm-win2008-01 --vault rsv-weu-prod', ALEX)))).toMatch(/Protection cannot be requested: Operating system: .*2008/);
    expect(textOf(cardOf(await h.say('protect rg-files-dr/vm-files-01 --vault rsv-weu-prod --policy NoSuchPolicy', ALEX)))).toContain(
      'Vault rsv-weu-prod has no policy called "NoSuchPolicy". Policies there: DefaultPolicy, pol-weu-',
    );
    expect(textOf(cardOf(await h.say('protect vm-files-01', ALEX)))).toContain('Several VMs are called vm-files-01');
    expect(textOf(cardOf(await h.say('protect vm-web-01', ALEX)))).toContain('vm-web-01 is already protected by vault rsv-weu-prod with policy pol-weu-nightly');
    expect(textOf(cardOf(await h.say('protect vm-app-02 --vault rsv-nowhere', ALEX)))).toContain('I cannot find a vault called rsv-nowhere. Type **vaults** to list the ones I can see.');
    expect(textOf(cardOf(await h.say('protect vm-stopped-01 --vault rsv-test-weu', ALEX)))).toMatch(/Protection cannot be requested: .*rsv-test-weu is in subscription .*a vault protects only VMs of its subscription and region/);
    expect(textOf(cardOf(await h.say('protect rg-files-dr/vm-files-01', VIEWER)))).toContain('**protect** needs the operator role and you are a viewer');
    expect(textOf(cardOf(await h.say('protect', ALEX)))).toContain('Name the VM to protect');
    expect(textOf(cardOf(await h.say('protect vm-nope-99', ALEX)))).toMatch(/vm-nope-99/);
    // None of these filed a request: the only open one is Megan's own (four-eyes test).
    expect(await h.app.services.approvals!.store.openRequests()).toHaveLength(1);
  });

  it('clients without Universal Actions: the Action.Submit fallback reaches the same handlers', async () => {
    // vm-app-02 was rejected above, so it can be requested again.
    const posted = await h.say('protect vm-app-02 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    const card = cardOf(posted);
    const fallbackOfRefresh = (card.actions as Array<{ fallback?: { type: string; data: Record<string, unknown> } }>).find((a) => a.fallback)?.fallback;
    expect(fallbackOfRefresh).toEqual({ type: 'Action.Submit', title: 'Refresh', data: { verb: 'approvalRefresh', requestId } });

    const before = h.connector.sent(CHANNEL).length;
    await h.submit({ verb: 'approvalRefresh', requestId }, MEGAN, posted.resultId);
    await h.connector.waitFor(() => h.connector.sent(CHANNEL).length > before);
    const approverView = cardOf(h.connector.sent(CHANNEL)[before]);
    expect(verbsOf(approverView)).toContain('approvalApprove');
    expect(JSON.stringify(approverView)).toContain(`"fallback":{"type":"Action.Submit","title":"Approve","data":{"verb":"approvalApprove","requestId":"${requestId}"}`);

    await h.submit({ verb: 'approvalApprove', requestId }, MEGAN, posted.resultId);
    await h.connector.waitFor(() => h.updatesOf(posted.resultId!).length > 0);
    expect(textOf(cardOf(h.updatesOf(posted.resultId!)[0]))).toContain('Protection of vm-app-02 is enabled in vault rsv-weu-prod');
    expect(h.protectionPuts('vm-app-02')).toHaveLength(1);
  });

  it('Azure refusing the write: the request ends failed, with Azure\'s sentence on the card and in the audit trail', async () => {
    const posted = await h.say('protect rg-files-dr/vm-files-01 --vault rsv-weu-prod', ALEX);
    const requestId = requestIdOf(cardOf(posted));
    // Throttled on every try (the SDK retries, honouring Retry-After), so the write never lands.
    h.sandbox.setFaults({ share: 1, status: 429, retryAfterSeconds: 0, pathContains: 'iaasvmcontainerv2;rg-files-dr;vm-files-01' });
    try {
      const failed = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
      assertValidCard(failed);
      expect(textOf(failed)).toMatch(/Approved by Megan Bowen at .* UTC, but the change failed/);
      expect(textOf(failed)).toContain('Azure is throttling requests right now');
      expect(verbsOf(failed)).toEqual([]);
      expect(h.updatesOf(posted.resultId!)).toHaveLength(1);
    } finally {
      h.sandbox.clearFaults();
    }
    const request = await h.app.services.approvals!.get(requestId);
    expect(request).toMatchObject({ state: 'failed', outcome: { ok: false } });
    expect(request!.outcome!.summary).toMatch(/throttling .*enable protection of vm-files-01 in vault rsv-weu-prod/);
    expect(h.protectionPuts('vm-files-01').length).toBeGreaterThan(0);
    expect(h.protectionPuts('vm-files-01').every((put) => put.status === 429)).toBe(true);
    const trail = (await h.app.services.audit!.last(10)).filter((e) => e.requestId === requestId).map((e) => `${e.event}${e.event === 'azureWrite' ? ` ${e.outcome?.split(':')[0]}` : ''}`);
    expect(trail).toEqual(['failed', 'azureWrite failed', 'azureWrite started', 'approved', 'requested']);
  });
});
