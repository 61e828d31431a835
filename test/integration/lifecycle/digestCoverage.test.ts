import { ALEX, VIEWER } from '../../helpers/activities';
import { NotifyHarness, cardOf, textOf } from '../notify/notifyHarness';

// The failure digest carries the estate's coverage line ("3 VMs unprotected, 2 stale"), the same
// counts as the coverage command at that moment (real bot, real SDKs, sandbox clock).

const OPS = '19:ops-coverage@thread.tacv2';

describe('digest coverage line', () => {
  let h: NotifyHarness;

  beforeAll(async () => {
    h = await new NotifyHarness().start();
  });
  afterAll(() => h.stop());

  it('says how many VMs are unprotected, stale, failing and stopped, as coverage does', async () => {
    textOf(await h.say('subscribe digest daily 08:00 Europe/Paris', ALEX, OPS));
    await h.advanceTo('2026-03-21T07:00:00.000Z');
    expect(await h.notify.digests.runDue(h.sandbox.now())).toEqual([OPS]);
    await h.drain();
    const digest = h.proactive(OPS).map((c) => textOf(cardOf(c))).find((text) => text.startsWith('Backup digest'));
    expect(digest).toBeDefined();
    const line = /Coverage: (.*)\. Type \*\*coverage\*\* for the list\./.exec(digest!);
    expect(line).not.toBeNull();
    const coverage = textOf(await h.say('coverage', VIEWER, OPS));
    const count = (label: string) => Number(new RegExp(`\\n${label}: (\\d+)`).exec(coverage)![1]);
    expect(count('Unprotected')).toBeGreaterThan(0);
    expect(line![1]).toContain(`${count('Unprotected')} VMs unprotected`);
    for (const [label, words] of [['Stale', 'stale'], ['Failing', 'failing'], ['Stopped', 'with protection stopped']] as const) {
      if (count(label) > 0) expect(line![1]).toContain(`${count(label)} ${words}`);
      else expect(line![1]).not.toContain(words);
    }
  });
});
