import { decideAsDemoApprover } from '../../scripts/demoDecide';
import { startE2eStack, type E2eStack } from './harness/stack';
import { CONVERSATIONS, MEGAN } from './harness/users';

jest.setTimeout(240_000);

// The day-to-day flows of issue 7, typed and clicked in the Playground's web client. Each test
// builds on the estate left by the previous one (vm-web-03 gets protected, then backed up).
describe('operations in the Agents Playground (Chromium)', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startE2eStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('vms lists protected and unprotected VMs with their last backup', async () => {
    await stack.scenario('vms', async (pg) => {
      await pg.openConversation(CONVERSATIONS.personal);
      const card = await pg.typeMessage('vms');
      await pg.waitForCardText(/All VMs \(\d+\)/, card);
      const text = await pg.cardText(card);
      expect(text).toMatch(/vm-app-01 Protected · rsv-weu-dev · pol-dev-daily Last backup .* UTC: completed · rg-app/);
      expect(text).toMatch(/vm-app-02 Not protected rg-app · westeurope · Linux/);

      // Rows act (issue 13.7): Alex, an operator, gets Check and Protect on unprotected rows, Back up now on protected ones.
      expect(await card.getByRole('button', { name: 'Protect', exact: true }).count()).toBeGreaterThan(0);
      expect(await card.getByRole('button', { name: 'Back up now', exact: true }).count()).toBeGreaterThan(0);
      await pg.markCardsSeen();
      await card.getByRole('button', { name: 'Check', exact: true }).first().click();
      const checked = await pg.waitForNewCard();
      await pg.waitForCardText('Preflight checks for', checked);

      const jobs = await pg.typeMessage('jobs --status warnings');
      await pg.waitForCardText(/Backup jobs in the last 24 hours/, jobs);
      await pg.markCardsSeen();
      await jobs.getByRole('button', { name: 'Details', exact: true }).first().click();
      const details = await pg.waitForNewCard();
      await pg.waitForCardText(/Completed with warnings .*Job id/, details);
    });
  });

  it('check explains what blocks a VM and what is fine', async () => {
    await stack.scenario('check', async (pg) => {
      await pg.openConversation(CONVERSATIONS.personal);
      const blocked = await pg.typeMessage('check vm-noagent-01');
      await pg.waitForCardText('Preflight checks for vm-noagent-01', blocked);
      const text = await pg.cardText(blocked);
      expect(text).toMatch(/Not ready: \d+ checks? failed/);
      expect(text).toMatch(/Fail VM agent: No VM agent reports from this VM/);
      expect(text).toMatch(/Pass Operating system/);

      const ready = await pg.typeMessage('check vm-web-03');
      await pg.waitForCardText('Preflight checks for vm-web-03', ready);
      expect(await pg.cardText(ready)).toMatch(/Ready/);
    });
  });

  it('protect, as the README says: protect vm-web-03 in General, choose the vault on the card, npm run demo:approve', async () => {
    await stack.scenario('protect-readme', async (pg) => {
      const demoApprove = () => decideAsDemoApprover({ dataDir: stack.dataDir, playgroundUrl: stack.playground.url, decision: 'approve' });
      await pg.openConversation(CONVERSATIONS.general);
      const card = await pg.typeMessage('protect vm-web-03');
      // The base card (all the Playground shows) says who must do what, and offers it.
      await pg.waitForCardText('Waiting for Alex Wilber to choose a vault', card);
      expect(await pg.cardText(card)).toMatch(/Alex Wilber: several vaults are in vm-web-03's region\. Pick the vault and the policy that will protect it and click Use this vault/);
      // Each vault says its redundancy and policies; nothing is pre-selected (issue 13.4).
      expect(await pg.cardText(card)).toMatch(/rsv-weu-dev \(rg-backup-dev\) · Locally redundant \(LRS\) · policies DefaultPolicy, pol-dev-daily/);
      expect(await card.getByRole('radio', { checked: true }).count()).toBe(0);
      // Run too early, the demo approver says what is missing instead of a bare "Nothing was changed".
      await expect(demoApprove()).rejects.toThrow(/waits for Alex Wilber to choose a vault: in the Playground, pick one on the card and click "Use this vault"/);

      await card.getByRole('radio', { name: /rsv-weu-prod/ }).check();
      await pg.clickCardButton(card, 'Use this vault');
      await pg.waitForCardText('Waiting for an approver', card);
      expect(await pg.cardText(card)).toMatch(/Vault rsv-weu-prod .*Policy DefaultPolicy/);
      // The requester (an operator) has no Approve button: four-eyes.
      expect(await card.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);

      const result = await demoApprove();
      expect(result.cardText).toContain('Approved by Megan Bowen');
      await pg.waitForCardText('Approved by Megan Bowen', card);
      await pg.waitForCardText('Protection of vm-web-03 is enabled in vault rsv-weu-prod', card);
      // The configure job has ended when the card says so: not "ConfigureBackup / InProgress" (issue 13.4).
      expect(await pg.cardText(card)).toMatch(/Operation Configure backup Job status Completed/);
      await pg.screenshot('approval-approved', { card, docs: true });

      const vms = await pg.typeMessage('vms rsv-weu-prod');
      await pg.waitForCardText(/VMs protected by rsv-weu-prod/, vms);
      expect(await pg.cardText(vms)).toMatch(/vm-web-03 (Initial backup pending|Protected) · rsv-weu-prod/);
    });
  });

  it('backup: the same card moves through Take Snapshot and Transfer data to vault as the sandbox clock advances', async () => {
    await stack.scenario('backup-phases', async (pg) => {
      await pg.openConversation(CONVERSATIONS.personal);
      const card = await pg.typeMessage('backup vm-web-01');
      await pg.waitForCardText('Backup of vm-web-01', card);
      expect(await pg.cardText(card)).toMatch(/Take Snapshot Running/);

      await stack.advanceUntil(/Take Snapshot Completed .*Transfer data to vault Running/, { card });
      await pg.screenshot('backup-transferring', { card, docs: true });
      await stack.advanceUntil(/Transfer data to vault Completed/, { card, stepMinutes: 30 });
      const text = await pg.cardText(card);
      expect(text).toMatch(/^Backup of vm-web-01\b.* Completed VM vm-web-01/);
      expect(text).toContain('The snapshot was taken and the recovery point was transferred to the vault.');
    });
  });

  it('alerts: a subscribed channel gets a card when a job completes with warnings', async () => {
    await stack.scenario('alert-warnings', async (pg) => {
      await pg.openConversation(CONVERSATIONS.alertsChannel);
      const subscribed = await pg.typeMessage('subscribe alerts --status both');
      await pg.waitForCardText('Alerts on', subscribed);

      stack.sandbox.setOutcome({ vm: 'vm-web-02', status: 'CompletedWithWarnings' });
      await pg.markCardsSeen();
      stack.sandbox.runPolicy('rsv-weu-prod', 'pol-weu-nightly');
      const alert = await stack.advanceUntil('Backup completed with warnings: vm-web-02', { stepMinutes: 20 });
      const text = await pg.cardText(alert);
      expect(text).toMatch(/Take Snapshot Completed .*Transfer data to vault Failed/);
      expect(text).toMatch(/no vault copy/);
      expect(text).toMatch(/What to do/);
      await pg.screenshot('alert-warnings', { card: alert, docs: true });
    });
  });

  it('protect: Megan approves in the UI on her own view of the card, and everyone sees it', async () => {
    await stack.scenario('protect-approve', async (pg) => {
      await pg.openConversation(CONVERSATIONS.general);
      const card = await pg.typeMessage('protect vm-app-02 --vault rsv-weu-prod');
      await pg.waitForCardText('Waiting for an approver', card);
      expect(await pg.cardText(card)).toMatch(/Enable protection for vm-app-02/);
      expect(await card.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);

      await pg.as(MEGAN, async () => {
        // The Playground does not run the card's user-specific refresh; Megan asks for her view.
        await pg.clickCardButton(card, 'Refresh');
        await card.getByRole('button', { name: 'Approve', exact: true }).waitFor();
        await pg.clickCardButton(card, 'Approve');
      });
      await pg.waitForCardText('Approved by Megan Bowen', card);
      await pg.waitForCardText('Protection of vm-app-02 is enabled in vault rsv-weu-prod', card);
      await expect(decideAsDemoApprover({ dataDir: stack.dataDir, playgroundUrl: stack.playground.url, decision: 'approve' })).rejects.toThrow(/No approval request is waiting/);
    });
  });
});
