import { ArgumentError, parseArgs, tokenize } from '../../../src/bot/argParser';

describe('tokenize', () => {
  it('splits on any whitespace and keeps case', () => {
    expect(tokenize('  backup   VM-Web-01\t --keep  30d ')).toEqual(['backup', 'VM-Web-01', '--keep', '30d']);
  });

  it('drops one trailing period', () => {
    expect(tokenize('check vm-web-01.')).toEqual(['check', 'vm-web-01']);
  });

  it('groups quoted words, straight and curly quotes', () => {
    expect(tokenize('policy "Daily Policy" --vault \u201cmy vault\u201d')).toEqual(['policy', 'Daily Policy', '--vault', 'my vault']);
    expect(tokenize("policy 'a b'")).toEqual(['policy', 'a b']);
  });

  it('keeps an empty quoted argument', () => {
    expect(tokenize('job ""')).toEqual(['job', '']);
  });

  it('refuses an unclosed quote with a clear sentence', () => {
    expect(() => tokenize('policy "Daily')).toThrow(/quote is not closed/);
  });

  it('reads a flag that autocorrect turned into a dash, and non-breaking hyphens, as typed', () => {
    expect(tokenize('protect vm-web-03 \u2014vault rsv-weu-prod')).toEqual(['protect', 'vm-web-03', '--vault', 'rsv-weu-prod']);
    expect(tokenize('unprotect vm\u2011web\u201103 \u2013delete\u2011data')).toEqual(['unprotect', 'vm-web-03', '--delete-data']);
    expect(tokenize('jobs --since 2d \u2014 note')).toEqual(['jobs', '--since', '2d', '\u2014', 'note']);
  });

  it('removes HTML left by Teams clients', () => {
    expect(tokenize('<p>vms&nbsp;vault-weu</p>')).toEqual(['vms', 'vault-weu']);
  });
});

describe('parseArgs', () => {
  const spec = { vault: 'string', unprotected: 'boolean', keep: 'string' } as const;

  it('reads --flag value and --flag=value', () => {
    expect(parseArgs(['vm1', '--vault', 'V1', '--keep=30d'], spec)).toEqual({ positional: ['vm1'], flags: { vault: 'V1', keep: '30d' } });
  });

  it('reads boolean switches without consuming the next word', () => {
    expect(parseArgs(['--unprotected', 'vault-weu'], spec)).toEqual({ positional: ['vault-weu'], flags: { unprotected: true } });
  });

  it('matches flag names case-insensitively', () => {
    expect(parseArgs(['--Vault', 'x'], spec).flags).toEqual({ vault: 'x' });
  });

  it.each([
    [['--nope', 'x'], /Unknown option --nope/],
    [['--vault'], /needs a value/],
    [['--vault', '--keep', '3d'], /needs a value/],
    [['--unprotected=yes'], /takes no value/],
    [['--vault', 'a', '--vault', 'b'], /given twice/],
  ])('refuses %j', (tokens, message) => {
    expect(() => parseArgs(tokens, spec)).toThrow(ArgumentError);
    expect(() => parseArgs(tokens, spec)).toThrow(message);
  });

  it('tells commands without options that they take none', () => {
    expect(() => parseArgs(['--x'], {})).toThrow(/takes no options/);
  });
});
