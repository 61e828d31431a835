import { formatDuration, parseDurationSeconds, secondsBetween } from '../../../src/backup/duration';

describe('durations', () => {
  it.each([
    ['PT12.4272909S', 12.4272909],
    ['PT1H2M3S', 3723],
    ['P1DT2H', 93600],
    ['PT1H15M', 4500],
    ['PT1.5H', 5400],
    ['pt10m', 600],
    ['PT0S', 0],
    ['00:05:12', 312],
    ['00:00:01.5', 1.5],
    ['1.02:00:00', 93600],
  ])('parses %s', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBeCloseTo(seconds, 2);
  });

  it.each(['', '  ', 'PT5X', 'soon', '5 minutes', undefined, null])('returns undefined for %p', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });

  it.each([
    [0, '0 s'],
    [12.9, '12 s'],
    [250, '4 min 10 s'],
    [3600, '1 h'],
    [3660, '1 h 1 min'],
    [3723, '1 h 2 min'],
    [183600, '2 d 3 h'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('formats unknown durations as empty text', () => {
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(-1)).toBe('');
  });

  it('measures between two dates only in order', () => {
    expect(secondsBetween(new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:01:00Z'))).toBe(60);
    expect(secondsBetween(new Date('2024-01-01T00:01:00Z'), new Date('2024-01-01T00:00:00Z'))).toBeUndefined();
    expect(secondsBetween(undefined, new Date())).toBeUndefined();
  });
});
