import { MEGAN } from '../../helpers/activities';
import { COMMANDS } from '../../../src/registry/commandRegistry';
import { CommandHarness } from './commandHarness';

// Issue 13.8: every example help shows works on the default sandbox estate (what a newcomer
// types first). Run as an approver, who may run every command.

const h = new CommandHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const all = COMMANDS.flatMap((command) => command.examples.map((example) => [command.name, example] as const));
// An id that changes every run is shown as a placeholder (<job id from the jobs list>), never as a made-up id.
const examples = all.filter(([, example]) => !example.includes('<'));

it('shows a placeholder, not a made-up value, where an example needs an id of the moment', () => {
  expect(all.filter(([, example]) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(example))).toEqual([]);
  expect(examples.length).toBeGreaterThan(all.length - 4);
});

it.each(examples)('%s: "%s" answers without an error on the default estate', async (_name, example) => {
  const { text } = await h.say(example, MEGAN);
  expect(text).not.toMatch(/^Sorry, that did not work/);
});
