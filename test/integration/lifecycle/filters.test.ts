import { VIEWER } from '../../helpers/activities';
import { CommandHarness } from '../commands/commandHarness';

// --subscription, --rg, --tag k=v and --name 'web-*' on vms and jobs, over real HTTP and the real
// SDKs against the default sandbox estate (rg-web: 5 VMs, tag app=web on 4 of them and vm-neu-web-01).

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

async function say(command: string): Promise<string> {
  return (await h.say(command, VIEWER)).text;
}

/** VM names listed on a vms card (rows start with the bold name). */
function vmNames(text: string): string[] {
  return [...text.matchAll(/^\*\*([\w.-]+)\*\*$/gm)].map((m) => m[1]).sort();
}

describe('vms filters', () => {
  it('--rg, --tag, --name, --subscription, combined, with a vault and with --unprotected', async () => {
    const rg = await say('vms --rg rg-web');
    expect(rg).toContain('VMs with resource group rg-web (5)');
    expect(vmNames(rg)).toEqual(['vm-batch-01', 'vm-stopped-01', 'vm-web-01', 'vm-web-02', 'vm-web-03']);
    expect(vmNames(await say('vms --tag app=web'))).toEqual(['vm-neu-web-01', 'vm-stopped-01', 'vm-web-01', 'vm-web-02', 'vm-web-03']);
    expect(vmNames(await say('vms --tag APP=Web --rg rg-web'))).toEqual(['vm-stopped-01', 'vm-web-01', 'vm-web-02', 'vm-web-03']);
    expect(vmNames(await say("vms --name 'vm-web-*'"))).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-03']);
    expect(vmNames(await say('vms --name vm-web-0?'))).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-03']);
    expect(vmNames(await say('vms --subscription 9c8d'))).toEqual(['vm-test-01', 'vm-test-02']);
    expect(vmNames(await say('vms --unprotected --rg rg-legacy'))).toEqual(['vm-disks-01', 'vm-noagent-01', 'vm-oldagent-01', 'vm-win2008-01']);
    // A vault's VMs come from its items (no tags there): the tags are taken from the VM list.
    const sql = await say('vms rsv-weu-prod --tag app=sql');
    expect(sql).toContain('VMs (tag app=sql) protected by rsv-weu-prod (2)');
    expect(vmNames(sql)).toEqual(['vm-sql-01', 'vm-sql-02']);
    expect(await say("vms --rg rg-web --name 'nothing-*'")).toContain('No VM matches.');
  });

  it('Show more carries the filter back', async () => {
    const clicked = await h.click('showMore', { list: 'vms', vault: '', unprotected: false, offset: 0, subscription: '', rg: 'rg-sql', tag: '', name: '' }, VIEWER);
    expect(clicked.text).toContain('VMs with resource group rg-sql (2)');
  });

  it('bad input: a specific sentence each', async () => {
    expect(await say('vms --rg rg-wbe')).toMatch(/The bot sees no VM in resource group "rg-wbe"\. Did you mean rg-web\?/);
    expect(await say('vms --tag colour=red')).toContain('No VM the bot sees has a tag "colour". Tags on the VMs: app, env.');
    expect(await say('vms --tag =red')).toContain('is not a tag: write it as key=value');
    expect(await say('vms --tag env=')).toContain('has no value after "="');
    expect(await say("vms --name 'web;*'")).toContain('is not a name pattern');
    expect(await say('vms --subscription nope')).toContain('is not a subscription id');
    expect(await say('vms --subscription 0000')).toContain('The bot sees no VM in subscription "0000"');
    expect(await say('vms --rg "bad name!"')).toContain('is not a valid resource group name');
  });
});

describe('jobs filters', () => {
  it('keeps the jobs of the VMs that match, the same set by group, tag and name', async () => {
    const all = await say('jobs --since 7d');
    const total = Number(/\((\d+)\+?\)/.exec(all)![1]);
    const byRg = await say('jobs --since 7d --rg rg-sql');
    const count = Number(/\((\d+)\)/.exec(byRg)![1]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(total);
    expect(byRg).toContain('resource group rg-sql');
    expect([...byRg.matchAll(/^(vm-[\w-]+)$/gm)].map((m) => m[1]).every((vm) => vm.startsWith('vm-sql-'))).toBe(true);
    expect(await say('jobs --since 7d --tag app=sql')).toContain(`(${count})`);
    expect(await say("jobs --since 7d --name 'vm-sql-*'")).toContain(`(${count})`);
    expect(await say('jobs --since 7d --rg rg-nope')).toContain('The bot sees no VM in resource group "rg-nope"');
  });
});
