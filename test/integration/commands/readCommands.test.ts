import { ALEX, MEGAN, VIEWER } from '../../helpers/activities';
import { buttonsOf, CHANNEL, CommandHarness } from './commandHarness';
import { JOBS_PAGE_ROWS } from '../../../src/commands/jobs';

// vaults, vms, check, jobs, job, policies, policy: typed in a channel over real HTTP, answered by
// the real SDKs against the sandbox's default estate (a small Contoso estate, see src/sandbox/estates).

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

/** The sandbox requests (method, path, decoded query) made while `work` ran. */
async function requestsDuring(work: () => Promise<unknown>) {
  const before = h.sandbox.requests().length;
  await work();
  return h.sandbox.requests().slice(before).map((r) => ({ ...r, query: decodeURIComponent(r.query ?? '') }));
}

describe('vaults', () => {
  it('lists every vault with region, redundancy and protected-item count', async () => {
    const { text } = await h.say('vaults', VIEWER);
    expect(text).toContain('Recovery Services vaults (5)');
    expect(text).toContain('11 protected VMs in 5 vaults, 3 regions.');
    expect(text).toMatch(/\*\*rsv-weu-prod\*\*\nrg-backup-weu\nwesteurope\nGeo-redundant \(GRS\)\nCross-region restore\n6/);
    expect(text).toMatch(/\*\*rsv-eus-prod\*\*\nrg-backup-eus\neastus\nZone-redundant \(ZRS\)\n2/);
    expect(text).toMatch(/\*\*rsv-neu-prod\*\*\nrg-backup-neu\nnortheurope\nLocally redundant \(LRS\)\n1/);
  });

  it('takes no arguments beyond the command', async () => {
    const { text } = await h.say('vaults --all');
    expect(text).toContain('This command takes no options, and --all is not one.');
  });
});

describe('vms', () => {
  it('lists every VM with protection state, last backup and health, summarised with counts', async () => {
    const { text, buttons } = await h.say('vms', VIEWER);
    expect(text).toContain('All VMs (24)');
    expect(text).toContain('10 protected, 13 not protected, 1 protection stopped. Last backup: 9 completed, 1 failed, 1 completed with warnings. 2 need attention (health).');
    // One row per VM (issue 13.9): the name alone, the protection, then the last backup, health and place in small print.
    expect(text).toContain('Showing 1-10 of 24, sorted by name. Times in UTC.');
    expect(text).toMatch(/\*\*vm-eus-db-01\*\*\nProtection stopped · rsv-eus-prod\nLast backup [^\n]+ UTC: completed · rg-eus$/m);
    expect(text).toMatch(/\*\*vm-app-02\*\*\nNot protected\nrg-app · westeurope · Linux/);
    // Both VMs called vm-files-01 appear, told apart by resource group.
    expect(text).toMatch(/\*\*vm-files-01\*\*\nProtected · rsv-weu-prod · DefaultPolicy\n[^\n]+ · rg-files$/m);
    expect(text).toMatch(/\*\*vm-files-01\*\*\nNot protected\nrg-files-dr · westeurope/);
    const more = buttons.find((b) => b.verb === 'showMore')!;
    expect(more).toEqual({ title: 'Show more (14 left)', verb: 'showMore', data: { list: 'vms', vault: '', unprotected: false, offset: 10, cursor: { direction: 'next', keys: ['vm-neu-app-01', expect.any(String), expect.any(String)] } } });
    const second = await h.click(more.verb, more.data, VIEWER);
    expect(second.text).toContain('Showing 11-20 of 24, sorted by name.');
    expect(second.text).toMatch(/\*\*vm-sql-01\*\*\nProtected · rsv-weu-prod · pol-weu-nightly\nLast backup [^\n]+ UTC: failed · health action required · rg-sql/);
    // Show more pages both ways (issue 13.7): back to the first page.
    const previous = buttonsOf(second.card).find((b) => b.title === 'Show previous')!;
    expect(previous.data).toEqual({ list: 'vms', vault: '', unprotected: false, offset: 0, cursor: { direction: 'previous', keys: ['vm-neu-web-01', 'rg-neu', expect.stringMatching(/virtualMachines\/vm-neu-web-01$/)] } });
    expect((await h.click(previous.verb, previous.data, VIEWER)).text).toContain('Showing 1-10 of 24');
    // A viewer's rows offer Check on unprotected VMs only (issue 13.7).
    expect(new Set(buttons.filter((b) => b.verb !== 'showMore').map((b) => b.title))).toEqual(new Set(['Check']));
    expect(buttons.filter((b) => b.verb !== 'showMore')).toHaveLength(5);
  });

  it('rows act by state for an operator: Check and Protect an unprotected VM, Back up now a protected one', async () => {
    const { buttons, call } = await h.say('vms rsv-weu-prod --unprotected', ALEX);
    const protectedRows = (await h.say('vms rsv-weu-prod', ALEX)).buttons;
    const of = (vm: string) => buttons.filter((b) => b.data.vm === vm).map((b) => b.title);
    expect(of('rg-web/vm-web-03')).toEqual(['Check', 'Protect']);
    expect(protectedRows.filter((b) => b.data.vm === 'rg-web/vm-web-01').map((b) => b.title)).toEqual(['Back up now']);
    const check = buttons.find((b) => b.data.vm === 'rg-web/vm-web-03' && b.title === 'Check')!;
    const before = h.connector.sent(CHANNEL).length;
    expect((await h.click(check.verb, check.data, ALEX, call.resultId)).text).toContain('The preflight checks of rg-web/vm-web-03 are in the conversation.');
    const [checkCard] = h.sentSince(0).filter((p) => p.call.conversationId === CHANNEL).slice(before);
    expect(checkCard.text).toContain('Preflight checks for vm-web-03');
    expect(checkCard.buttons.map((b) => b.title)).toEqual(['Protect']);
  });

  it('lists the VMs a vault protects', async () => {
    const { text } = await h.say('vms rsv-weu-prod');
    expect(text).toContain('VMs protected by rsv-weu-prod (6)');
    const names = [...text.matchAll(/\*\*(vm-[a-z0-9-]+)\*\*/g)].map((m) => m[1]);
    expect(names).toEqual(['vm-batch-01', 'vm-files-01', 'vm-sql-01', 'vm-sql-02', 'vm-web-01', 'vm-web-02']);
    expect(text).not.toContain('Not protected');
    expect(text).toMatch(/\*\*vm-web-02\*\*\nProtected · rsv-weu-prod · pol-weu-nightly\nLast backup [^\n]+ UTC: completed with warnings · health action suggested/);
  });

  it('with --unprotected and a vault: the unprotected VMs of its subscription and region', async () => {
    const { text } = await h.say('vms rsv-weu-prod --unprotected');
    expect(text).toContain('Unprotected VMs in westeurope that rsv-weu-prod could protect (10)');
    expect(text).toContain('**vm-web-03**');
    expect(text).not.toContain('**vm-test-02**'); // westeurope, but another subscription: a vault protects only its own
    expect(text).not.toContain('**vm-neu-app-01**'); // northeurope
    expect(text).not.toContain('**vm-web-01**'); // protected
  });

  it('with --unprotected alone: every unprotected VM', async () => {
    const { text } = await h.say('vms --unprotected');
    expect(text).toContain('Unprotected VMs (13)');
    expect(text).toContain('**vm-neu-app-01**');
  });

  it('an unknown vault gets the closest names', async () => {
    const { text } = await h.say('vms rsv-weu-prd');
    expect(text).toContain('I cannot find a vault called rsv-weu-prd. Did you mean rsv-weu-prod');
  });

  it('two vault names are refused with the usage', async () => {
    const { text } = await h.say('vms rsv-weu-prod rsv-weu-dev');
    expect(text).toContain('vms takes at most one vault name');
    expect(text).toContain('Usage: vms [vault] [--unprotected]');
  });
});

describe('check', () => {
  it('a ready VM: every check passes or warns, with the vault redundancy', async () => {
    const { text } = await h.say('check rg-web/vm-web-01', VIEWER);
    expect(text).toContain('Preflight checks for vm-web-01');
    expect(text).toContain('Vault: rsv-weu-prod: Geo-redundant (GRS), westeurope');
    expect(text).toContain('Pass\n**Vault in the VM region**: VM and vault rsv-weu-prod are both in westeurope.');
    expect(text).toMatch(/\*\*Vault storage redundancy\*\*: Vault rsv-weu-prod storage is [^\n]*cannot be changed once items are protected/);
    // A viewer is told who can act, and gets no button.
    expect(text).toContain('An operator can back it up now with **backup rg-web/vm-web-01**.');
    expect((await h.say('check rg-web/vm-web-01', VIEWER)).buttons).toEqual([]);
  });

  it('a healthy unprotected VM is plainly ready, and an operator gets a Protect button that files the request', async () => {
    const checked = await h.say('check vm-web-03', ALEX);
    expect(checked.text).toContain('Ready: every check passed.');
    expect(checked.text).toContain('Click **Protect** (or type **protect rg-web/vm-web-03**) to request protection');
    expect(checked.buttons.map((b) => b.title)).toEqual(['Protect']);

    const before = h.connector.sent(CHANNEL).length;
    const clicked = await h.click(checked.buttons[0].verb, checked.buttons[0].data, ALEX, checked.call.resultId);
    expect(clicked.text).toContain('The protection request is posted in the conversation');
    const [request] = h.sentSince(before).filter((p) => p.text.includes('Approval request'));
    expect(request.text).toContain('Enable protection for vm-web-03');
    expect(request.text).toContain('Waiting for Alex Wilber to choose a vault on this card');
    // A viewer's click is refused before anything is asked.
    expect((await h.click(checked.buttons[0].verb, checked.buttons[0].data, VIEWER)).text).toMatch(/needs the operator role/);
  });

  it('a failing check says to fix it and check again, never to request protection', async () => {
    const { text, buttons } = await h.say('check vm-noagent-01', ALEX);
    expect(text).toMatch(/Not ready: \d+ checks? failed/);
    expect(text).toContain('Fix what failed above, then type **check rg-legacy/vm-noagent-01** again');
    expect(text).not.toMatch(/to request protection/);
    expect(text).toContain('Agent: Not installed'); // not Azure's "NotInstalled" (issue 13.8)
    expect(buttons).toEqual([]);
  });

  it('a stopped VM: warns it is backed up crash-consistent, with the remedy', async () => {
    const { text } = await h.say('check vm-stopped-01');
    expect(text).toContain('Power state: deallocated');
    expect(text).toContain('Warning\n**Power state**: The VM is deallocated: it is still backed up, but the recovery point is only crash-consistent.');
    expect(text).toContain('What to do: Start the VM before the backup if you need an application-consistent recovery point.');
    // rsv-test-weu is in westeurope too, but in another subscription: it cannot protect this VM.
    expect(text).toContain('Vaults in westeurope: rsv-weu-dev (LRS), rsv-weu-prod (GRS)');
  });

  it('CoreOS, no agent, too many unmanaged disks: each fails with what to do', async () => {
    expect((await h.say('check vm-core-01')).text).toMatch(/Not ready: [\s\S]*Fail\n\*\*Operating system\*\*: [^\n]*CoreOS[^\n]*\nWhat to do: /);
    expect((await h.say('check vm-noagent-01')).text).toMatch(/Fail\n\*\*VM agent\*\*: [^\n]*\nWhat to do: /);
    expect((await h.say('check vm-disks-01')).text).toMatch(/Fail\n\*\*Data disks\*\*: 17 unmanaged data disks[^\n]*16[^\n]*\nWhat to do: /);
  });

  it('an ambiguous name lists the candidates instead of guessing', async () => {
    const { text } = await h.say('check vm-files-01');
    expect(text).toContain('Several VMs are called vm-files-01: rg-files/vm-files-01, rg-files-dr/vm-files-01. Say which one with resourceGroup/name.');
  });

  it('an unknown name gets the closest names', async () => {
    const { text } = await h.say('check vm-web-1');
    expect(text).toContain('I cannot find a VM called vm-web-1. Did you mean vm-web-01, vm-web-02, vm-web-03?');
  });

  it('a malformed name or a missing one gets a sentence, and nothing is asked of Azure', async () => {
    const requests = await requestsDuring(async () => {
      expect((await h.say('check')).text).toContain('Which VM should I check?');
      expect((await h.say('check "vm web 01"')).text).toMatch(/VM name/i);
    });
    expect(requests.filter((r) => /virtualMachines\/vm/i.test(r.path))).toEqual([]);
  });
});

describe('jobs', () => {
  it('lists the last 24 hours, newest first, with counts by status', async () => {
    const { text, buttons } = await h.say('jobs', VIEWER);
    expect(text).toMatch(/^Backup jobs in the last 24 hours \((\d+)\)\nall vaults · any status · newest first/);
    const total = Number(/\((\d+)\)/.exec(text)![1]);
    const counts = [...text.matchAll(/^(\d+)\n(Failed|Warnings|Running|Completed)$/gm)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    // The first page lists JOBS_PAGE_ROWS of them (issue 13.9: lists stay short); Show more has the rest.
    const starts = [...text.matchAll(/^\w{3} (\d{1,2} \w{3}) \d{4} (\d{2}:\d{2}) UTC$/gm)].map((m) => m[1]);
    expect(total).toBeGreaterThan(JOBS_PAGE_ROWS);
    expect(starts.length).toBe(JOBS_PAGE_ROWS);
    expect(text).toContain(`Showing 1-${JOBS_PAGE_ROWS} of ${total}.`);
    expect(buttons.map((b) => b.title)).toContain(`Show more (${total - JOBS_PAGE_ROWS} left)`);
  });

  it('filters by status and time span in Azure ($filter), not in the bot', async () => {
    let text = '';
    const requests = await requestsDuring(async () => {
      text = (await h.say('jobs --status failed --since 7d')).text;
    });
    expect(text).toContain('Backup jobs in the last 7 days (3)');
    expect(text).toContain('all vaults · failed · newest first');
    // The counters count the whole window; the list shows the failed ones (issue 13.7).
    expect(text).toMatch(/^3\nFailed\n\d+\nWarnings\n\d+\nRunning\n[1-9]\d*\nCompleted$/m);
    expect(text).toContain('Showing 1-3 of 3.');
    expect(text).toContain('UserErrorGuestAgentStatusUnavailable · job ');
    // One filtered list per vault (the rows, filtered in Azure), one unfiltered per vault for the counters.
    const jobLists = requests.filter((r) => /\/backupJobs$/i.test(r.path));
    const failedOnly = jobLists.filter((r) => /status eq 'Failed'/.test(r.query));
    expect(failedOnly.length).toBe(5);
    expect(jobLists.length).toBe(10);
    for (const r of failedOnly) expect(r.query).toMatch(/\$filter=.*status eq 'Failed'.*startTime eq '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (AM|PM)'/);
  });

  it('every row has a Details button that posts the job card; the list stays (issue 13.7)', async () => {
    const listed = await h.say('jobs --status failed --since 7d', VIEWER);
    const details = listed.buttons.filter((b) => b.title === 'Details');
    expect(details).toHaveLength(3);
    const before = h.connector.sent(CHANNEL).length;
    const clicked = await h.click(details[0].verb, details[0].data, VIEWER, listed.call.resultId);
    expect(clicked.text).toMatch(/The details of job [0-9a-f-]+ are in the conversation\./);
    const [jobCard] = h.sentSince(0).filter((p) => p.call.conversationId === CHANNEL).slice(before);
    expect(jobCard.text).toMatch(/^Backup of vm-[a-z0-9-]+\nFailed\n/);
    expect(jobCard.text).toContain(`Job id: ${String(details[0].data.jobId)}`);
    expect((await h.click(details[0].verb, { jobId: '' }, VIEWER)).text).toContain('does not say which job');
  });

  it('one vault, warnings only', async () => {
    const { text } = await h.say('jobs --vault rsv-weu-prod --status warnings --since 7d');
    expect(text).toContain('vault rsv-weu-prod · completed with warnings · newest first');
    expect(text).toMatch(/^Completed with warnings\n\*\*vm-web-02\*\* · Backup · rsv-weu-prod$/m);
    expect(text).toMatch(/^\d+\nFailed\n1\nWarnings\n\d+\nRunning\n[1-9]\d*\nCompleted$/m);
    expect(text).toContain('Showing 1-1 of 1.');
    expect(text).not.toMatch(/^(Failed|Completed)\n\*\*/m); // no row of another status
  });

  it('one VM', async () => {
    const { text } = await h.say('jobs --vm vm-sql-01 --since 7d');
    const vms = [...text.matchAll(/\*\*(vm-[a-z0-9-]+)\*\* · /g)].map((m) => m[1]);
    expect(vms.length).toBeGreaterThan(0);
    expect(new Set(vms)).toEqual(new Set(['vm-sql-01']));
  });

  it('bad filters get one sentence each and no Azure call', async () => {
    const requests = await requestsDuring(async () => {
      expect((await h.say('jobs --status nope')).text).toContain('"nope" is not a job status: use failed, warnings, running, completed or cancelled.');
      expect((await h.say('jobs --since 1y')).text).toContain('"1y" is not a time span: use a number and m, h, d or w, like 24h or 7d.');
      expect((await h.say('jobs --since 200d')).text).toContain('The time span can be at most 90 days.');
      expect((await h.say('jobs --colour red')).text).toContain('Unknown option --colour.');
    });
    expect(requests.filter((r) => /backupJobs/i.test(r.path))).toEqual([]);
  });

  it('an unknown VM gets the closest names', async () => {
    expect((await h.say('jobs --vm vm-sql-3')).text).toContain('I cannot find a VM called vm-sql-3. Did you mean vm-sql-01, vm-sql-02?');
  });
});

describe('job', () => {
  async function failedJobId(): Promise<string> {
    const { text } = await h.say('jobs --status failed --vm vm-sql-01 --since 7d');
    return /UserErrorGuestAgentStatusUnavailable · job ([0-9a-f-]{36})/.exec(text)![1];
  }

  it('shows both phases, the error code, its meaning and what to do, with Retry for operators', async () => {
    const id = await failedJobId();
    const { text, buttons } = await h.say(`job ${id}`, ALEX);
    expect(text).toContain('Backup of vm-sql-01\nFailed');
    expect(text).toContain(`Job id: ${id}`);
    expect(text).toMatch(/Phases\nTake Snapshot\nFailed\n[\s\S]*Transfer data to vault\nFailed/);
    expect(text).toContain('The backup failed: no snapshot and no vault copy were created for this run.');
    expect(text).toContain('Error **UserErrorGuestAgentStatusUnavailable**');
    expect(text).toMatch(/\*\*What to do:\*\* /);
    expect(buttons).toEqual([{ title: 'Retry backup', verb: 'retryBackup', data: { jobId: id } }]);
  });

  it('viewers see the same job without the Retry button', async () => {
    const id = await failedJobId();
    const { text, buttons } = await h.say(`job ${id}`, VIEWER);
    expect(text).toContain('Error **UserErrorGuestAgentStatusUnavailable**');
    expect(buttons).toEqual([]);
  });

  it('a completed job has no Retry button, even for an approver', async () => {
    const { text } = await h.say('jobs --status completed --vault rsv-weu-dev --since 7d');
    const id = /job ([0-9a-f-]{36})/.exec(text)![1];
    const job = await h.say(`job ${id} --vault rsv-weu-dev`, MEGAN);
    expect(job.text).toContain('Completed\n');
    expect(job.text).toContain('The snapshot was taken and the recovery point was transferred to the vault.');
    expect(job.buttons).toEqual([]);
  });

  it('an unknown or malformed job id gets one sentence', async () => {
    expect((await h.say('job 00000000-0000-4000-8000-000000000000')).text).toContain('There is no job 00000000-0000-4000-8000-000000000000 in the 5 vaults the bot can see.');
    expect((await h.say('job not/a/job')).text).toContain('"not/a/job" is not a job id');
    expect((await h.say('job')).text).toContain('Which job?');
  });
});

describe('policies and policy', () => {
  it('policies of a vault: schedule in its time zone and UTC, retention, instant restore, protected count, next DST', async () => {
    const { text } = await h.say('policies rsv-weu-prod', VIEWER);
    expect(text).toContain('Backup policies in rsv-weu-prod (4)');
    // Three short lines per policy (issue 13.9): name, then schedule (local and UTC), retention and instant restore, then DST.
    expect(text).toContain(
      [
        'pol-weu-nightly · rsv-weu-prod · Standard · 3 VMs',
        'Every day at 22:00 (W. Europe Standard Time), 21:00 UTC · keeps daily 30 days · instant restore 2 days',
      ].join('\n'),
    );
    expect(text).toMatch(/Next DST change: \d{1,2} \w{3} \d{4}: runs at 23:00 local instead of 22:00/);
    expect(text).toContain('DefaultPolicy · rsv-weu-prod · Standard · 1 VM\nEvery day at 03:30 (UTC) · keeps daily 30 days · instant restore 2 days\npol-weu-enhanced-4h');
    expect(text).toContain('pol-weu-enhanced-4h · rsv-weu-prod · Enhanced · 1 VM\nEvery 4 h from 08:00 for 12 h (W. Europe Standard Time), window starts 07:00 UTC');
  });

  it('policies of every vault', async () => {
    const { text } = await h.say('policies');
    expect(text).toMatch(/^VM backup policies \(\d+\)/);
    expect(text).toContain('pol-eus-daily · rsv-eus-prod');
    expect(text).toContain('(Eastern Standard Time)');
  });

  it('one policy: the next DST change and how to keep the local time', async () => {
    const { text } = await h.say('policy pol-weu-nightly');
    expect(text).toContain('Policy pol-weu-nightly\nVault rsv-weu-prod (rg-backup-weu) · Standard policy');
    expect(text).toContain('Schedule: Every day at 22:00 (W. Europe Standard Time)\nIn UTC: 21:00 UTC\nTime zone: W. Europe Standard Time (Europe/Berlin)');
    expect(text).toContain('Instant restore: 2 days of snapshots\nProtected VMs: 3');
    expect(text).toContain('Retention\nDaily: 30 days');
    expect(text).toMatch(/Change: \d{1,2} \w{3} \d{4}, UTC\+0[12]:00 to UTC\+0[12]:00/);
    expect(text).toMatch(/Local run time: 22:00 before, 23:00 after|Local run time: 2[23]:00 before, 2[23]:00 after/);
    expect(text).toMatch(/To keep 22:00 local: set the policy time to 21:00 right after the last run before the change/);
  });

  it('DefaultPolicy exists in every vault: the vault is asked for, and --vault picks it', async () => {
    expect((await h.say('policy DefaultPolicy')).text).toContain('Several vaults have a policy called DefaultPolicy');
    const { text } = await h.say('policy DefaultPolicy --vault rsv-weu-dev');
    expect(text).toContain('Vault rsv-weu-dev (rg-backup-dev)');
    expect(text).toContain('UTC has no daylight-saving change coming');
  });

  it('an unknown policy gets the policies of the vault', async () => {
    const { text } = await h.say('policy pol-weu-nigthly --vault rsv-weu-prod');
    expect(text).toContain('Vault rsv-weu-prod has no policy called pol-weu-nigthly. Its VM policies: DefaultPolicy, pol-weu-nightly, pol-weu-weekly, pol-weu-enhanced-4h.');
  });
});
