import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_CARD_BYTES, cardBytes } from '../../../src/bot/cards';
import { generateEstate } from '../../../src/sandbox/generateEstate';
import { JOBS_PAGE_ROWS } from '../../../src/commands/jobs';
import { VIEWER } from '../../helpers/activities';
import { CommandHarness, buttonsOf, type Posted } from './commandHarness';

// A large estate (the sandbox generator: 5,000 VMs in 20 vaults with 2 days of history): lists are
// summarised with counts and paged with "Show more", and no card reaches Teams' 28 KB limit.

const estateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'large-estate-')), 'estate.json');
fs.writeFileSync(estateFile, JSON.stringify(generateEstate({ vms: 5000, vaults: 20, historyDays: 2, seed: 7 })));

const h = new CommandHarness({ env: { SANDBOX_ESTATE: estateFile } });
beforeAll(() => h.start(), 120_000);
afterAll(() => h.stop());

const largest = { bytes: 0 };
function measured<T extends { card?: Record<string, unknown> }>(posted: T): T {
  if (posted.card) {
    const bytes = cardBytes(posted.card);
    largest.bytes = Math.max(largest.bytes, bytes);
    expect(bytes).toBeLessThan(MAX_CARD_BYTES);
  }
  return posted;
}

function moreButton(posted: { card?: Record<string, unknown>; buttons?: Posted['buttons'] }) {
  return (posted.buttons ?? []).find((b) => b.verb === 'showMore' && b.title.startsWith('Show more'));
}

afterAll(() => {
  // Recorded for the report: the largest card any list produced on this estate.
  console.log(`largest list card on the 5,000-VM estate: ${largest.bytes} bytes (limit ${MAX_CARD_BYTES})`);
});

describe('vms on 5,000 VMs', () => {
  it('summarises with counts, shows a page and pages on with Show more', async () => {
    const first = measured(await h.say('vms', VIEWER));
    expect(first.text).toContain('All VMs (5000)');
    // "3812 protected, 1186 not protected, 2 initial backup pending. Last backup: ..." adds up to every VM.
    const states = first.text.split('\n')[1].split('.')[0];
    expect(states).toMatch(/^\d+ protected, \d+ not protected/);
    expect([...states.matchAll(/(\d+) [a-z ]+/g)].reduce((sum, m) => sum + Number(m[1]), 0)).toBe(5000);
    expect(first.text).toMatch(/Last backup: \d+ completed, \d+ failed, \d+ completed with warnings\./);
    expect(first.text).toContain('Showing 1-10 of 5000, sorted by name.');
    const more = moreButton(first)!;
    expect(more).toEqual({ title: 'Show more (4990 left)', verb: 'showMore', data: { list: 'vms', vault: '', unprotected: false, offset: 10, cursor: { direction: 'next', keys: [expect.any(String), expect.any(String), expect.any(String)] } } });

    const second = await h.click('showMore', more.data, VIEWER, first.call.resultId);
    measured(second);
    expect(second.text).toContain('Showing 11-20 of 5000, sorted by name.');
    const firstNames = [...first.text.matchAll(/\*\*(vm-[a-z]+-\d+)\*\*/g)].map((m) => m[1]);
    const secondNames = [...second.text.matchAll(/\*\*(vm-[a-z]+-\d+)\*\*/g)].map((m) => m[1]);
    expect(secondNames).toHaveLength(10);
    expect(secondNames.filter((name) => firstNames.includes(name))).toEqual([]);
    expect(moreButton({ buttons: buttonsFrom(second.card) })!.data.offset).toBe(20);

    // A row number still pages (buttons posted before cursors carry only the offset).
    const last = await h.click('showMore', { list: 'vms', vault: '', unprotected: false, offset: 4990 }, VIEWER);
    measured(last);
    expect(last.text).toContain('Showing 4991-5000 of 5000, sorted by name.');
    expect(moreButton({ buttons: buttonsFrom(last.card) })).toBeUndefined();
  });

  it('one vault, protected and unprotected', async () => {
    const { text: vaults } = measured(await h.say('vaults'));
    const vault = /\*\*(rsv-weu-\d+)\*\*/.exec(vaults)![1];
    const protectedList = measured(await h.say(`vms ${vault}`));
    expect(protectedList.text).toMatch(new RegExp(`VMs protected by ${vault} \\(\\d+\\)`));
    const unprotected = measured(await h.say(`vms ${vault} --unprotected`));
    expect(unprotected.text).toMatch(/Unprotected VMs in westeurope that rsv-weu-\d+ could protect \(\d+\)/);
    const more = moreButton(unprotected);
    if (more) {
      const next = await h.click('showMore', more.data, VIEWER);
      measured(next);
      expect(next.text).toMatch(/Unprotected VMs in westeurope/);
    }
  });

  it('a tampered Show more is refused with a sentence', async () => {
    for (const data of [{ list: 'vms', offset: -1 }, { list: 'secrets', offset: 0 }, { list: 'vms', offset: 'x' }, { list: 'vms', offset: 10_000_000 }]) {
      const answer = await h.click('showMore', data, VIEWER);
      expect(answer.text).toContain('This Show more button is out of date. Run the command again to get a fresh list.');
    }
    const badVault = await h.click('showMore', { list: 'vms', vault: 'no-such-vault', offset: 0 }, VIEWER);
    expect(badVault.text).toContain('I cannot find a vault called no-such-vault');
  });
});

describe('jobs and policies on 5,000 VMs', () => {
  it('jobs: capped, counted, paged', async () => {
    const first = measured(await h.say('jobs --since 48h', VIEWER));
    expect(first.text).toContain('Backup jobs in the last 48 hours (200+)');
    expect(first.text).toContain('Only the 200 most recent jobs are listed and counted');
    // A page of JOBS_PAGE_ROWS rows, each with a Details button, well under the byte budget.
    const shown = Number(/Showing 1-(\d+) of 200\./.exec(first.text)?.[1]);
    expect(shown).toBe(JOBS_PAGE_ROWS);
    const more = moreButton(first)!;
    expect(more.data).toEqual({ list: 'jobs', vault: '', status: '', since: '48h', vm: '', offset: shown, cursor: { direction: 'older', start: expect.any(String), id: expect.any(String) } });
    const second = await h.click('showMore', more.data, VIEWER);
    measured(second);
    expect(second.text).toMatch(new RegExp(`Showing ${shown + 1}-\\d+ of 200\\.`));
    // Show more pages both ways (issue 13.7).
    expect(second.card ? buttonsOf(second.card).map((b) => b.title) : []).toContain('Show previous');
  });

  it('failed jobs of the estate, paged', async () => {
    const failed = measured(await h.say('jobs --status failed --since 48h'));
    expect(failed.text).toMatch(/all vaults · failed · newest first/);
    expect(failed.text).not.toMatch(/^(Completed|Completed with warnings|In progress)\n\*\*/m);
  });

  it('policies: 40 policies in pages', async () => {
    const first = measured(await h.say('policies', VIEWER));
    expect(first.text).toContain('VM backup policies (40)');
    const more = moreButton(first)!;
    expect(more.data.list).toBe('policies');
    const second = await h.click('showMore', more.data, VIEWER);
    measured(second);
    expect(second.text).toMatch(/Showing \d+-\d+ of 40/);
    expect(buttonsFrom(second.card).find((b) => b.title === 'Show previous')?.data).toEqual({ list: 'policies', vault: '', offset: 0, cursor: { direction: 'previous', keys: [expect.any(String), expect.any(String), expect.any(String)] } });
  });
});

function buttonsFrom(card: Record<string, unknown> | undefined): Posted['buttons'] {
  const actions = (card?.actions ?? []) as Array<{ type: string; title: string; verb: string; data: Record<string, unknown> }>;
  return actions.filter((a) => a.type === 'Action.Execute').map((a) => ({ title: a.title, verb: a.verb, data: a.data }));
}
