import { MAX_ECHO_CHARS, plainUserText, quoted } from '../../src/userText';

describe('user text repeated in a card', () => {
  it('escapes markdown so a link, bold or italics typed by someone renders as typed', () => {
    expect(plainUserText('[click](https://evil.example.com)')).toBe('\\[click\\]\\(https://evil.example.com\\)');
    expect(plainUserText('**bold** _it_ `code` ![img](x)')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\!\\[img\\]\\(x\\)');
    expect(plainUserText('a\\b')).toBe('a\\\\b');
  });

  it('shows angle brackets as ‹ › so nothing is read as HTML', () => {
    expect(plainUserText('<b>hi</b>')).toBe('‹b›hi‹/b›');
  });

  it('keeps one line and cuts long text with an ellipsis, never inside a code point', () => {
    expect(plainUserText('one\n\ntwo\tthree')).toBe('one two three');
    const long = plainUserText('x'.repeat(900 * 1024));
    expect([...long]).toHaveLength(MAX_ECHO_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(plainUserText('🙂'.repeat(100), 10)).toBe(`${'🙂'.repeat(9)}…`);
  });

  it('leaves ordinary names alone and quotes them', () => {
    expect(quoted('vm-web-01')).toBe('"vm-web-01"');
    expect(plainUserText('rg-web/vm.web-01')).toBe('rg-web/vm.web-01');
  });
});
