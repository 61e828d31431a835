import { ALEX, VIEWER } from '../../helpers/activities';
import { buttonsOf, CommandHarness } from './commandHarness';

// Issue 12: "Show more" pages by cursor (the last row shown), not by row number. The list
// is live and newest first: with offsets, 3 new jobs pushed 3 rows of page 1 onto page 2.
// Over real HTTP against the sandbox's default estate; the new jobs are real backups started by the bot.

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const jobIds = (text: string) => [...text.matchAll(/job ([0-9a-f-]{36})/g)].map((m) => m[1]);

it('jobs: Show more after 3 new jobs neither repeats nor skips a row, and Show previous ends right before page 2', async () => {
  const first = await h.say('jobs --since 7d', VIEWER);
  const page1 = jobIds(first.text);
  expect(page1.length).toBeGreaterThan(3);
  const more = first.buttons.find((b) => b.verb === 'showMore' && b.title.startsWith('Show more'))!;
  expect(more.data).toMatchObject({ list: 'jobs', since: '7d', offset: page1.length, cursor: { direction: 'older', id: page1.at(-1) } });
  // Page 2 as it is before anything new happens: the rows that must follow page 1.
  const page2Before = jobIds((await h.click(more.verb, more.data, VIEWER)).text);
  expect(page2Before.length).toBeGreaterThanOrEqual(3);

  for (const vm of ['vm-web-01', 'vm-web-02', 'vm-sql-01']) expect((await h.say(`backup ${vm}`, ALEX)).text).toContain(vm);
  const fresh = jobIds((await h.say('jobs --since 7d', VIEWER)).text);
  // The 3 new jobs are on top now: every older row moved 3 places down.
  expect(fresh.slice(0, 3).filter((id) => page1.includes(id))).toEqual([]);
  expect(fresh.slice(3)).toEqual(page1.slice(0, fresh.length - 3));

  const page2 = await h.click(more.verb, more.data, VIEWER);
  const page2Ids = jobIds(page2.text);
  expect(page2Ids.filter((id) => page1.includes(id))).toEqual([]);
  expect(page2Ids).toEqual(page2Before);
  expect(page2.text).toContain(`Showing ${page1.length + 4}-`);

  const previous = buttonsOf(page2.card!).find((b) => b.title === 'Show previous')!;
  expect(previous.data).toMatchObject({ cursor: { direction: 'newer', id: page2Ids[0] } });
  // The page just before page 2 in today's list: it ends on page 1's last row (a page may hold a
  // different number of rows, as many as fit the card, so it can reach a new job at the top).
  const back = jobIds((await h.click(previous.verb, previous.data, VIEWER)).text);
  expect(back.at(-1)).toBe(page1.at(-1));
  expect(back.filter((id) => page2Ids.includes(id))).toEqual([]);
  const today = [...fresh.slice(0, 3), ...page1];
  expect(today.slice(today.length - back.length)).toEqual(back);
});

it('a forged cursor is refused like any bad button data, and changes nothing', async () => {
  const answer = await h.click('showMore', { list: 'jobs', since: '7d', offset: 0, cursor: { direction: 'sideways', start: '', id: 'x' } }, VIEWER);
  expect(answer.text).toContain('This Show more button is out of date. Run the command again to get a fresh list.');
});

// vms and policies are sorted by name, not newest first, but they change too: a VM that gets
// protected leaves `vms --unprotected`, so with row numbers page 2 skipped the row that moved up.
const vmNames = (text: string) => [...new Set([...text.replace(/\u2011/g, '-').matchAll(/\bvm-[a-z0-9-]+\b/g)].map((m) => m[0]))];

it('vms --unprotected: Show more after a VM of page 1 was protected neither skips nor repeats a row', async () => {
  const first = await h.say('vms --unprotected', VIEWER);
  const page1 = vmNames(first.text);
  expect(page1.length).toBe(10);
  expect(page1).toContain('vm-app-02');
  const more = first.buttons.find((b) => b.verb === 'showMore' && b.title.startsWith('Show more'))!;
  expect(more.data).toMatchObject({ list: 'vms', unprotected: true, offset: 10, cursor: { direction: 'next', keys: [page1.at(-1), expect.any(String), expect.any(String)] } });
  const page2Before = vmNames((await h.click(more.verb, more.data, VIEWER)).text);
  expect(page2Before.length).toBeGreaterThanOrEqual(2);

  // vm-app-02 (page 1) is protected meanwhile: every later row moves up one place.
  await h.app.services.backup.enableProtection('rg-app/vm-app-02', 'rsv-weu-prod', 'DefaultPolicy');
  const fresh = vmNames((await h.say('vms --unprotected', VIEWER)).text);
  expect(fresh).not.toContain('vm-app-02');
  expect(fresh.at(-1)).toBe(page2Before[0]);

  const page2 = await h.click(more.verb, more.data, VIEWER);
  expect(vmNames(page2.text)).toEqual(page2Before);
  // The count is today's: page 2 starts right after page 1's last row, now row 9.
  expect(page2.text).toContain('Showing 10-');
  const previous = buttonsOf(page2.card!).find((b) => b.title === 'Show previous')!;
  expect(previous.data).toMatchObject({ cursor: { direction: 'previous', keys: [page2Before[0], expect.any(String), expect.any(String)] } });
  const back = vmNames((await h.click(previous.verb, previous.data, VIEWER)).text);
  expect(back.at(-1)).toBe(page1.at(-1));
  expect(back).not.toContain('vm-app-02');
});

it('a forged vms or policies cursor is refused like any bad button data', async () => {
  for (const data of [
    { list: 'vms', offset: 0, cursor: { direction: 'next', keys: [] } },
    { list: 'policies', offset: 0, cursor: { direction: 'up', keys: ['a'] } },
    { list: 'vms', offset: 0, cursor: { direction: 'next', keys: ['x'.repeat(2000)] } },
  ]) {
    expect((await h.click('showMore', data, VIEWER)).text).toContain('This Show more button is out of date. Run the command again to get a fresh list.');
  }
});
