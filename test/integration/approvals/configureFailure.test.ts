import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { lookupError } from '../../../src/backup/errorCatalogue';
import { ApprovalHarness, cardOf, requestIdOf, textOf, verbsOf } from './approvalHarness';

// Configure protection failing in Azure after the approval (issue 10): the VM passed the bot's checks
// when protection was requested, then its guest agent stopped (sandbox control setVmAgent). Azure's
// configure-protection operation ends Failed with UserErrorGuestAgentStatusUnavailable and no item;
// the approval card shows the failure with the catalogue's remedy, nothing is protected, and the
// audit trail records the failure. Over real HTTP (CloudAdapter), real SDKs against the sandbox.

describe('configure protection failing after approval', () => {
  const h = new ApprovalHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('shows the failure and its remedy on the approval card, protects nothing, and audits the failure', async () => {
    const posted = await h.say('protect vm-web-03 --vault rsv-weu-prod', ALEX);
    const card = cardOf(posted);
    const requestId = requestIdOf(card);
    // The agent was Ready when asked: the preflight passed and the request waits for an approver.
    expect(textOf(card)).toContain('Enable protection for vm-web-03');
    expect(textOf(card)).toContain('Waiting for an approver');

    h.sandbox.setVmAgent({ vm: 'rg-web/vm-web-03', status: 'NotReady' });
    const result = await h.click('approvalApprove', { requestId }, MEGAN, posted.resultId);
    assertValidCard(result);
    const text = textOf(result);
    expect(text).toMatch(/Approved by Megan Bowen at .* UTC, but the change failed/);
    expect(text).toContain('Azure could not complete configuring protection of vm-web-03');
    // Azure's own sentence, then the catalogue's remedy for the code.
    expect(text).toMatch(/VM agent|guest agent/i);
    const remedy = lookupError('UserErrorGuestAgentStatusUnavailable').action;
    expect(remedy).toContain('restart or reinstall the VM agent');
    expect(text).toContain(remedy);
    expect(text).not.toContain('Protection of vm-web-03 is enabled');
    expect(verbsOf(result)).toEqual([]);
    // The posted card is replaced for everyone with the same content.
    const updates = h.updatesOf(posted.resultId!);
    expect(updates).toHaveLength(1);
    expect(updates[0].body.attachments[0].content).toEqual(result);

    // One configure-protection call reached Azure, and it left nothing protected.
    expect(h.protectionPuts('vm-web-03')).toHaveLength(1);
    expect(h.protectionPuts('vm-web-03')[0].status).toBe(202);
    const vm = await h.app.services.backup.getVmDetails('vm-web-03');
    expect(vm.protection.state).toBe('NotProtected');
    expect(textOf(cardOf(await h.say('vms rsv-weu-prod', VIEWER)))).not.toContain('vm-web-03');
    // Azure's Failed ConfigureBackup job says why.
    const failedJobs = await h.app.services.backup.listJobs({ vault: 'rsv-weu-prod', operation: 'ConfigureBackup', status: 'Failed' });
    expect(failedJobs.filter((job) => job.vm === 'vm-web-03').map((job) => job.errors[0]?.code)).toEqual(['UserErrorGuestAgentStatusUnavailable']);

    const request = await h.app.services.approvals!.get(requestId);
    expect(request).toMatchObject({ state: 'failed', outcome: { ok: false } });
    expect(request!.outcome!.summary).toContain(remedy);
    const trail = (await h.app.services.audit!.last(10)).filter((e) => e.requestId === requestId);
    expect(trail.map((e) => `${e.event}${e.event === 'azureWrite' ? ` ${e.outcome?.split(':')[0]}` : ''}`)).toEqual(['failed', 'azureWrite failed', 'azureWrite started', 'approved', 'requested']);
    expect(trail.find((e) => e.event === 'failed')!.outcome).toContain('Azure could not complete configuring protection of vm-web-03');
  });

  it('asked again while the agent is still down: the preflight refuses with the same remedy, and nothing is filed', async () => {
    const open = (await h.app.services.approvals!.store.openRequests()).length;
    const refused = textOf(cardOf(await h.say('protect vm-web-03 --vault rsv-weu-prod', ALEX)));
    expect(refused).toContain('Protection cannot be requested: VM agent: The VM agent is NotReady');
    expect(refused).toContain('Restart the VM agent service');
    expect(await h.app.services.approvals!.store.openRequests()).toHaveLength(open);
    expect(h.protectionPuts('vm-web-03')).toHaveLength(1);
  });
});
