// The README's four demo steps, driven in the Playground of a running `npm start` (Chromium via
// playwright-core), each checked for what the README says it shows. Usage, with the bot running:
//   npx tsx scripts/demoWalkthrough.ts http://127.0.0.1:56150 data 1
// (Playground URL, the bot's DATA_DIR for demo:approve, a run label). Prints PASS/FAIL per step.
import { chromium } from 'playwright-core';
import { PlaygroundPage } from '../test/e2e/harness/playgroundPage';
import { CONVERSATIONS } from '../test/e2e/harness/users';
import { decideAsDemoApprover } from './demoDecide';

const [url, dataDir, run] = process.argv.slice(2);
const results: string[] = [];
async function step(name: string, fn: () => Promise<string>): Promise<void> {
  try {
    results.push(`PASS run ${run} ${name}: ${await fn()}`);
  } catch (err) {
    results.push(`FAIL run ${run} ${name}: ${(err as Error).message.split('\n')[0].slice(0, 300)}`);
  }
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1600 } })).newPage();
  const pg = new PlaygroundPage(page, url);
  await pg.open();
  await step('1 help', async () => { await pg.openConversation(CONVERSATIONS.personal); const c = await pg.typeMessage('help'); await pg.waitForCardText('Azure VM Backup bot', c); return 'help card'; });
  await step('1 vms', async () => { const c = await pg.typeMessage('vms'); await pg.waitForCardText(/All VMs \(24\)/, c); return (await pg.cardText(c)).slice(0, 120); });
  await step('1 check vm-noagent-01', async () => { const c = await pg.typeMessage('check vm-noagent-01'); await pg.waitForCardText(/Not ready: \d checks? failed/, c); return 'Not ready (failing preflight)'; });
  await step('1 jobs --status warnings', async () => { const c = await pg.typeMessage('jobs --status warnings'); await pg.waitForCardText(/Backup jobs in the last 24 hours \((\d+)/, c); const t = await pg.cardText(c); if (!/Completed with warnings vm-/.test(t)) throw new Error(`no warning job listed: ${t.slice(0, 200)}`); return t.slice(0, 100); });
  await step('2 protect + choose the vault + demo:approve', async () => {
    await pg.openConversation(CONVERSATIONS.general);
    let vm = 'vm-web-03';
    let c = await pg.typeMessage(`protect ${vm}`);
    await pg.waitForCardText(/Waiting for Alex Wilber to choose a vault|already protected/, c);
    // After a restart that kept data/, vm-web-03 is protected already: the README says to ask for vm-app-02.
    if (/already protected/.test(await pg.cardText(c))) {
      vm = 'vm-app-02';
      c = await pg.typeMessage(`protect ${vm}`);
      await pg.waitForCardText('Waiting for Alex Wilber to choose a vault', c);
    }
    await c.getByRole('radio', { name: /rsv-weu-prod/ }).check();
    await pg.clickCardButton(c, 'Use this vault');
    await pg.waitForCardText('Waiting for an approver', c);
    await decideAsDemoApprover({ dataDir, playgroundUrl: url, decision: 'approve' });
    await pg.waitForCardText('Approved by Megan Bowen', c, 60_000);
    await pg.waitForCardText(new RegExp(`Protection of ${vm} is enabled in vault rsv-weu-prod`), c, 60_000);
    return `${vm}: approved by Megan Bowen, protection enabled`;
  });
  await step('3 backup vm-web-01', async () => {
    await pg.openConversation(CONVERSATIONS.personal);
    const c = await pg.typeMessage('backup vm-web-01');
    await pg.waitForCardText(/Take Snapshot (Running|Completed)/, c, 60_000);
    await pg.waitForCardText(/Transfer data to vault Running/, c, 120_000);
    await pg.waitForCardText(/Transfer data to vault Completed/, c, 300_000);
    return 'card went Take Snapshot -> Transfer Running -> Transfer Completed';
  });
  await step('4 subscribe alerts + an alert arrives', async () => {
    await pg.openConversation(CONVERSATIONS.alertsChannel);
    const c = await pg.typeMessage('subscribe alerts');
    await pg.waitForCardText(/Alerts on|already/, c);
    await pg.markCardsSeen();
    const alert = await pg.waitForNewCard(600_000);
    await pg.waitForCardText(/Backup (failed|completed with warnings): vm-/, alert);
    return (await pg.cardText(alert)).slice(0, 80);
  });
  await browser.close();
  console.log(results.join('\n'));
}
main().catch((err) => { console.log(results.join('\n')); console.error(err); process.exit(1); });
