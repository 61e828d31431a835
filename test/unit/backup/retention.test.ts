import { InvalidInputError } from '../../../src/backup/backupError';
import { parseRetention } from '../../../src/backup/retention';

const now = new Date('2026-01-15T10:00:00Z');

function expectRefusal(input: { keep?: string; until?: string }, message: RegExp) {
  let error: unknown;
  try {
    parseRetention(input, now);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as Error).message).toMatch(message);
}

describe('parseRetention', () => {
  it('defaults to 30 days', () => {
    const r = parseRetention({}, now);
    expect(r).toMatchObject({ source: 'default', days: 30 });
    expect(r.expiry.toISOString()).toBe('2026-02-14T10:00:00.000Z');
    expect(r.description).toBe('30 days (until 2026-02-14)');
  });

  it.each([
    ['30d', '2026-02-14T10:00:00.000Z'],
    ['1d', '2026-01-16T10:00:00.000Z'],
    ['12w', '2026-04-09T10:00:00.000Z'],
    ['6m', '2026-07-15T10:00:00.000Z'],
    ['1y', '2027-01-15T10:00:00.000Z'],
    ['99y', '2125-01-15T10:00:00.000Z'],
    ['2 weeks', '2026-01-29T10:00:00.000Z'],
    ['3 Months', '2026-04-15T10:00:00.000Z'],
  ])('--keep %s', (keep, expiry) => {
    const r = parseRetention({ keep }, now);
    expect(r.source).toBe('keep');
    expect(r.expiry.toISOString()).toBe(expiry);
  });

  it('--until keeps the recovery point through the whole day, in the given time zone', () => {
    expect(parseRetention({ until: '2027-01-31' }, now).expiry.toISOString()).toBe('2027-01-31T23:59:59.000Z');
    expect(parseRetention({ until: '2027-01-31' }, now, 'Europe/Paris').expiry.toISOString()).toBe('2027-01-31T22:59:59.000Z');
    expect(parseRetention({ until: '2026-01-16' }, now).source).toBe('until');
  });

  it.each([
    [{ keep: '0d' }, /at least 1 day/],
    [{ keep: '100y' }, /at most 99 years/],
    [{ keep: '36500000d' }, /not a retention length/],
    [{ keep: 'forever' }, /not a retention length: use a number and a unit/],
    [{ keep: '30' }, /not a retention length/],
    [{ keep: '30x' }, /not a retention length/],
    [{ keep: '-5d' }, /not a retention length/],
    [{ until: '2025-12-31' }, /in the past/],
    [{ until: '2026-01-15' }, /today/],
    [{ until: '31/01/2027' }, /YYYY-MM-DD/],
    [{ until: '2027-02-30' }, /not a real calendar date/],
    [{ until: '2126-01-01' }, /at most 99 years/],
    [{ keep: '30d', until: '2027-01-31' }, /either --keep or --until/],
  ])('refuses %p with a clear sentence', (input, message) => expectRefusal(input, message));

  it('refuses an unknown time zone', () => {
    expect(() => parseRetention({}, now, 'Mars/Olympus')).toThrow(/time zone/);
  });
});
