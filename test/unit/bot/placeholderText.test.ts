import { expandCard } from '../../../src/bot/cards';
import { showPlaceholders } from '../../../src/bot/placeholderText';

describe('placeholders in display text', () => {
  it('turn <vm> into ‹vm› where people read it, so renderers do not drop it as HTML', () => {
    const card = expandCard('help-command', { name: 'backup', summary: 'Back up <vm> now', usage: 'backup <vm> [--keep 30d]', details: '', minRole: 'operator', examples: ['backup vm-web-01'] });
    const texts = JSON.stringify(card);
    expect(texts).toContain('Usage: backup ‹vm› [\u2011\u2011keep 30d]');
    expect(texts).toContain('Back up ‹vm› now');
    expect(texts).not.toContain('<vm>');
  });

  it('leave button data, choices, ids and URLs exactly as built', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'FactSet', facts: [{ title: 'Usage <a>', value: 'x <b>' }] },
        { type: 'Input.ChoiceSet', id: 'vault<1>', choices: [{ title: 'one', value: '<raw>' }] },
        { type: 'Image', url: 'https://example.com/<img>' },
      ],
      actions: [{ type: 'Action.Execute', title: 'Run <vm>', verb: 'v<erb>', data: { text: '<keep>' } }],
    };
    expect(showPlaceholders(card)).toEqual({
      type: 'AdaptiveCard',
      body: [
        { type: 'FactSet', facts: [{ title: 'Usage ‹a›', value: 'x ‹b›' }] },
        { type: 'Input.ChoiceSet', id: 'vault<1>', choices: [{ title: 'one', value: '<raw>' }] },
        { type: 'Image', url: 'https://example.com/<img>' },
      ],
      actions: [{ type: 'Action.Execute', title: 'Run ‹vm›', verb: 'v<erb>', data: { text: '<keep>' } }],
    });
  });

  it('leave comparisons and lone brackets alone', () => {
    expect(showPlaceholders({ type: 'TextBlock', text: 'a < b and c > d, 1<2' })).toEqual({ type: 'TextBlock', text: 'a < b and c > d, 1<2' });
  });
});
