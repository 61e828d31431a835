import { ALEX, VIEWER } from '../../helpers/activities';
import { linksOf } from '../../helpers/cardReading';
import { CommandHarness } from '../commands/commandHarness';

// coverage over real HTTP with the real SDKs against the in-process sandbox's default estate.

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

function count(text: string, label: string): number {
  const match = new RegExp(`\\n${label}: (\\d+)`).exec(text);
  if (!match) throw new Error(`no "${label}" fact in:\n${text}`);
  return Number(match[1]);
}

describe('coverage', () => {
  it('counts every VM in one bucket, lists the worst first with Check (and Protect for operators)', async () => {
    const vms = await h.app.services.backup.listVms();
    const unprotected = vms.filter((vm) => vm.protection.state === 'NotProtected').length;
    const card = await h.say('coverage', ALEX);
    expect(card.text).toMatch(new RegExp(`^Backup coverage\\n\\d+ VMs of ${vms.length} need attention\\n`));
    expect(count(card.text, 'Unprotected')).toBe(unprotected);
    const buckets = ['Protected', 'Unprotected', 'Stopped', 'Stale', 'Failing'].map((label) => count(card.text, label));
    const pending = /\nAwaiting first backup: (\d+)/.exec(card.text);
    expect(buckets.reduce((a, b) => a + b, 0) + (pending ? Number(pending[1]) : 0)).toBe(vms.length);
    // Failing first: vm-sql-01's last backup failed, vm-web-02's had warnings.
    const firstRows = card.text.split('**').filter((_, i) => i % 2 === 1).slice(0, 2);
    expect(firstRows.sort()).toEqual(['vm-sql-01', 'vm-web-02']);
    expect(card.text).toContain('Per subscription and region');
    expect(card.text).toMatch(/\*\*westeurope\*\* · [0-9a-f-]{36}: \d+ VMs, /);
    const check = card.buttons.find((b) => b.verb === 'checkVm');
    expect(check?.data.vm).toMatch(/\/virtualMachines\/vm-(sql-01|web-02)$/i);
    expect(card.buttons.some((b) => b.verb === 'requestProtection')).toBe(true);
    expect(linksOf(card.card).length).toBe(0);
    expect(card.text).toMatch(/\[Open in the Azure portal\]\(https:\/\/portal\.azure\.com\/#resource\/subscriptions\/.*\/backup\)/);

    const viewer = await h.say('coverage', VIEWER);
    expect(viewer.buttons.some((b) => b.verb === 'requestProtection')).toBe(false);
    expect(viewer.buttons.some((b) => b.verb === 'checkVm')).toBe(true);
  });

  it('filters by region and subscription', async () => {
    const card = await h.say('coverage --region northeurope', VIEWER);
    expect(card.text).toContain('Backup coverage (region northeurope)');
    expect(card.text).not.toContain('**westeurope**');
    const vms = await h.app.services.backup.listVms();
    const dev = vms.find((vm) => vm.name === 'vm-test-01')!.subscriptionId;
    const sub = await h.say(`coverage --subscription ${dev.slice(0, 8)}`, VIEWER);
    const inDev = vms.filter((vm) => vm.subscriptionId === dev).length;
    expect(sub.text).toMatch(new RegExp(`of ${inDev} need attention|All ${inDev} VMs`));
  });

  it('Check posts the check card of that VM', async () => {
    const vm = (await h.app.services.backup.listVms()).find((v) => v.name === 'vm-sql-01')!;
    const before = h.connector.sent().length;
    const result = await h.click('checkVm', { vm: vm.id }, VIEWER);
    expect(result.text).toContain('are in the conversation');
    const posted = h.sentSince(before);
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toContain('vm-sql-01');
    expect((await h.click('checkVm', { vm: '' }, VIEWER)).text).toContain('does not say which VM');
  });

  it('bad filters get a specific sentence', async () => {
    expect((await h.say('coverage --region westeuorpe', VIEWER)).text).toContain('The bot sees no VM in region "westeuorpe". Did you mean westeurope?');
    expect((await h.say('coverage --subscription contoso', VIEWER)).text).toContain('"contoso" is not a subscription id');
    expect((await h.say('coverage --subscription 0000aaaa', VIEWER)).text).toContain('The bot sees no VM in subscription 0000aaaa');
    expect((await h.say('coverage vm-web-01', VIEWER)).text).toContain('coverage takes no VM or vault name');
  });
});
