import { ALEX } from '../../helpers/activities';
import { NotifyHarness, buttonsOf, cardOf, textOf } from './notifyHarness';

// Issue 13.8: "remedies tailored to the VM's OS ... alert and job cards of the same job with the
// same content". The agent error's catalogue entry has a step for each OS, labelled.
const OPS = '19:ops@thread.tacv2';
const ERROR = 'UserErrorGuestAgentStatusUnavailable';
const WINDOWS_STEP = 'Windows: in services.msc';
const LINUX_STEP = 'Linux: update the agent';

/** The advice lines of a job or alert card: the error, what to do and the steps. */
function advice(card: unknown): string[] {
  return textOf(card)
    .split('\n')
    .filter((line) => line.startsWith('Error **') || line.startsWith('**What to do:**') || line.startsWith('- ') || line.startsWith('Azure says:'));
}

describe('remedies for the VM\'s OS on alert and job cards, on the sandbox', () => {
  let h: NotifyHarness;
  const vmReads = (vm: string) => h.sandbox.requests().filter((r) => r.method === 'GET' && r.path.toLowerCase().endsWith(`/virtualmachines/${vm}`));

  beforeAll(async () => {
    h = await new NotifyHarness().start();
    await h.say('subscribe alerts --status failed', ALEX, OPS);
    expect((await h.notify.watcher.tick()).alertsQueued).toBe(0);

    h.sandbox.setOutcome({ vm: 'vm-sql-01', status: 'Failed', errorCode: ERROR }); // Windows
    h.sandbox.setOutcome({ vm: 'vm-app-01', status: 'Failed', errorCode: ERROR }); // Linux
    h.sandbox.setOutcome({ vm: 'vm-test-01', status: 'Failed', errorCode: ERROR }); // Linux, its read forbidden below
    h.sandbox.runPolicy('rsv-weu-prod', 'pol-weu-nightly');
    h.sandbox.runPolicy('rsv-weu-dev', 'pol-dev-daily');
    h.sandbox.runPolicy('rsv-test-weu', 'DefaultPolicy');
    // The bot may not read this VM (a role on the vault only): its OS cannot be known.
    h.sandbox.setFaults({ share: 1, status: 403, pathContains: 'virtualMachines/vm-test-01' });
    await h.advance(4 * 60);
    expect((await h.notify.watcher.tick()).failedVaults).toEqual([]);
    await h.drain();
  });
  afterAll(() => h.stop());

  const alertFor = (vm: string) => {
    const found = h.proactive(OPS).map(cardOf).find((card) => textOf(card).startsWith(`Backup failed: ${vm}`));
    if (!found) throw new Error(`no alert for ${vm}: ${h.proactive(OPS).map((c) => textOf(cardOf(c)).split('\n')[0]).join(' | ')}`);
    return found;
  };
  const jobIdOf = (alert: unknown) => String(buttonsOf(alert).find((b) => b.verb === 'alertAcknowledge')!.data.jobId);

  it.each([
    ['vm-sql-01', WINDOWS_STEP, LINUX_STEP],
    ['vm-app-01', LINUX_STEP, WINDOWS_STEP],
  ])('%s: the alert and `job <id>` show only the steps for its OS, word for word the same', async (vm, own, other) => {
    const alert = alertFor(vm);
    expect(textOf(alert)).toContain(own);
    expect(textOf(alert)).not.toContain(other);

    const jobCard = await h.say(`job ${jobIdOf(alert)}`, ALEX, OPS);
    expect(advice(jobCard).length).toBeGreaterThan(2);
    expect(advice(jobCard)).toEqual(advice(alert));
  });

  it('reads each VM once: the alert read it, `job <id>` asks Azure nothing more about it', async () => {
    expect(vmReads('vm-app-01')).toHaveLength(1);
    await h.say(`job ${jobIdOf(alertFor('vm-app-01'))}`, ALEX, OPS);
    expect(vmReads('vm-app-01')).toHaveLength(1);
  });

  it('a VM that cannot be read: both OSs\' steps, labelled, on the alert and the job card alike', async () => {
    const alert = alertFor('vm-test-01');
    expect(textOf(alert)).toContain(WINDOWS_STEP);
    expect(textOf(alert)).toContain(LINUX_STEP);
    const jobCard = await h.say(`job ${jobIdOf(alert)}`, ALEX, OPS);
    expect(advice(jobCard)).toEqual(advice(alert));
    // The refusal is remembered: the job card did not ask again.
    expect(vmReads('vm-test-01').map((r) => r.status)).toEqual([403]);
  });
});
