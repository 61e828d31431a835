import fs from 'node:fs';
import path from 'node:path';
import { CARDS_DIR, MAX_CARD_BYTES, cardBytes, expandCard, renderCard } from '../../../src/bot/cards';
import { assertValidCard, cardProblems } from '../../helpers/cardValidation';

const SAMPLES_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'card-samples');

const templates = fs.readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
const samples = fs.readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();

function sample(name: string): object {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, `${name}.json`), 'utf8'));
}

describe('card templates', () => {
  it('finds the templates', () => {
    expect(templates.length).toBeGreaterThanOrEqual(4);
  });

  it('every template in cards/ has a sample view model in test/fixtures/card-samples/', () => {
    const missing = templates.filter((t) => !samples.includes(t));
    expect(missing).toEqual([]);
  });

  it('every sample belongs to a template (no orphans left after a rename)', () => {
    expect(samples.filter((s) => !templates.includes(s))).toEqual([]);
  });

  describe.each(templates)('%s', (name) => {
    it('renders its sample into a valid Adaptive Card 1.5 under 28 KB', () => {
      const card = expandCard(name, sample(name));
      expect(card.version).toBe('1.5');
      // Issue 13.9: tables and long lines use the whole width Teams gives a card.
      expect(card.msteams).toEqual({ width: 'Full' });
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
      assertValidCard(card);
    });

    it('is valid as a botbuilder attachment too', () => {
      const attachment = renderCard(name, sample(name));
      expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardProblems(attachment)).toEqual([]);
    });
  });
});

describe('assertValidCard', () => {
  const base = (extra: Record<string, unknown> = {}, body: unknown[] = [{ type: 'TextBlock', text: 'Hello', wrap: true }]) => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...extra,
  });

  it('accepts Universal Actions: Action.Execute buttons, an Action.Submit fallback and a refresh', () => {
    const card = base({
      refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: 'approval.refresh', data: { requestId: 'r1' } }, userIds: ['29:megan'] },
      actions: [
        { type: 'Action.Execute', title: 'Approve', verb: 'approval.approve', data: { requestId: 'r1' }, style: 'positive' },
        { type: 'Action.Submit', title: 'Reject', data: { verb: 'approval.reject', requestId: 'r1' } },
        { type: 'Action.OpenUrl', title: 'Docs', url: 'https://learn.microsoft.com/azure/backup/' },
      ],
    });
    expect(cardProblems(card)).toEqual([]);
  });

  it('accepts containers, columns, fact sets, tables and inputs with labels', () => {
    const card = base({}, [
      { type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: 'vm-web-01', weight: 'Bolder' }] },
      { type: 'ColumnSet', columns: [{ type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: 'Take Snapshot' }] }] },
      { type: 'FactSet', facts: [{ title: 'Vault', value: 'rsv-prod-weu' }] },
      { type: 'Table', firstRowAsHeader: true, columns: [{ width: 1 }], rows: [{ type: 'TableRow', cells: [{ type: 'TableCell', items: [{ type: 'TextBlock', text: 'c' }] }] }] },
      { type: 'Input.Text', id: 'reason', label: 'Reason', isRequired: true, errorMessage: 'Give a reason' },
      { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Go', verb: 'go' }] },
    ]);
    expect(cardProblems(card)).toEqual([]);
  });

  const broken: Array<[string, object, RegExp]> = [
    ['an unknown element type', base({}, [{ type: 'TextBlox', text: 'x' }]), /UnknownElementType/],
    ['an unknown action type', base({ actions: [{ type: 'Action.Launch', title: 'x' }] }), /UnknownActionType/],
    ['an invalid enum value', base({}, [{ type: 'TextBlock', text: 'x', size: 'Huge' }]), /InvalidPropertyValue.*size/],
    ['a misspelt property', base({}, [{ type: 'TextBlock', text: 'x', wieght: 'Bolder' }]), /unknown property "wieght"/],
    ['a TextBlock without text', base({}, [{ type: 'TextBlock', wrap: true }]), /missing required property "text"/],
    ['an Action.OpenUrl without url', base({ actions: [{ type: 'Action.OpenUrl', title: 'x' }] }), /url/],
    ['an Action.Execute without verb', base({ actions: [{ type: 'Action.Execute', title: 'x' }] }), /missing required property "verb"/],
    ['an Action.Submit without data.verb', base({ actions: [{ type: 'Action.Submit', title: 'x', data: {} }] }), /data\.verb/],
    ['a fact without value', base({}, [{ type: 'FactSet', facts: [{ title: 'a' }] }]), /facts\[0\]/],
    ['a refresh that is not Action.Execute', base({ refresh: { action: { type: 'Action.Submit', title: 'r', data: { verb: 'x' } } } }), /refresh\.action must be an Action\.Execute/],
    ['duplicate ids', base({}, [{ type: 'TextBlock', text: 'a', id: 'x' }, { type: 'TextBlock', text: 'b', id: 'x' }]), /DuplicateId/],
    ['a required input without label', base({}, [{ type: 'Input.Text', id: 'a', isRequired: true, errorMessage: 'e' }]), /RequiredInputsShouldHaveLabel/],
    ['version 1.6 (Teams renders 1.5)', { ...base(), version: '1.6' }, /version must be "1.5"/],
    ['a missing root type', { version: '1.5', body: [] }, /root type/],
    ['an unresolved template expression', base({}, [{ type: 'TextBlock', text: 'VM ${vm}' }]), /unresolved template expression/],
    ['a template keyword left over', base({}, [{ type: 'TextBlock', text: 'x', $when: 'true' }]), /template keyword/],
    ['a card of 28 KB or more', base({}, [{ type: 'TextBlock', text: 'x'.repeat(MAX_CARD_BYTES) }]), /limit is 28672/],
  ];

  it.each(broken)('refuses %s', (_what, card, expected) => {
    expect(() => assertValidCard(card)).toThrow(expected);
  });

  it('refuses an attachment that is not an Adaptive Card', () => {
    expect(() => assertValidCard({ contentType: 'application/vnd.microsoft.card.hero', content: {} })).toThrow(/not an Adaptive Card/);
  });

  it('checks the rendered template, so a sample that lacks a field fails', () => {
    expect(() => assertValidCard(expandCard('message', { title: 'only a title' }))).toThrow(/unresolved template expression/);
  });
});
