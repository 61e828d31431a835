import { DateTime } from 'luxon';
import { DATE_TIME_FORMAT, formatDateTime } from '../../../src/bot/dateTime';
import { formatTime as approvalTime } from '../../../src/approvals/approvalCard';
import { formatInstant, formatShortInstant } from '../../../src/commands/presentation';
import { formatInZone } from '../../../src/notify/schedule';

// Issue 13.6: one date-time format on every card, always naming its zone.
describe('formatDateTime', () => {
  const at = '2026-03-23T21:40:00Z';

  it('always names the zone', () => {
    expect(formatDateTime(at, 'UTC')).toBe('Mon 23 Mar 2026 21:40 UTC');
    expect(formatDateTime(at, 'Europe/Paris')).toBe('Mon 23 Mar 2026 22:40 Europe/Paris');
  });

  // Alert and digest cards call formatDateTime itself.
  it('job, table, digest schedule and approval times all use it', () => {
    const expected = 'Mon 23 Mar 2026 22:40 Europe/Paris';
    expect([formatInstant(at, 'Europe/Paris'), formatShortInstant(at, 'Europe/Paris'), formatInZone(new Date(at), 'Europe/Paris')]).toEqual([expected, expected, expected]);
    expect(approvalTime(at)).toBe('Mon 23 Mar 2026 21:40 UTC');
  });

  it("reads Azure's 0001-01-01 sentinel and missing values as missing, not as a date", () => {
    expect(formatDateTime('0001-01-01T00:00:00', 'UTC')).toBe('unknown');
    expect(formatDateTime(undefined, 'UTC', 'never')).toBe('never');
    expect(formatShortInstant('', 'UTC')).toBe('-');
  });
});

// Issue 16: instants are formatted with one cached Intl formatter per zone, not luxon per value;
// the text must stay what luxon gave, in every zone (half-hour offsets, DST edges, offsets in the text).
describe('formatDateTime matches luxon', () => {
  const luxonText = (instant: string | Date, zone: string): string => {
    const when = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
    return !when.isValid || when.year < 1971 ? 'unknown' : `${when.toFormat(DATE_TIME_FORMAT)} ${zone === 'UTC' ? 'UTC' : zone}`;
  };
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'];
  // Every 29 h 13 min over four years: every hour of the day and both sides of each DST change.
  const instants = Array.from({ length: 1200 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * (29 * 60 + 13) * 60_000));

  it.each(zones)('in %s, for Dates and ISO texts with Z or an offset', (zone) => {
    for (const at of instants) {
      const iso = at.toISOString();
      for (const value of [at, iso, iso.replace('.000Z', '+05:30'), iso.replace('.000Z', '-03:00'), iso.slice(0, 16) + 'Z']) expect(formatDateTime(value, zone)).toBe(luxonText(value, zone));
    }
  });

  it('reads a zone-less text as a wall time in the zone, as before', () => {
    expect(formatDateTime('2026-03-29T02:30:00', 'Europe/Berlin')).toBe(luxonText('2026-03-29T02:30:00', 'Europe/Berlin'));
    expect(formatDateTime('2026-07-01T12:00:00', 'America/New_York')).toBe('Wed 1 Jul 2026 12:00 America/New_York');
  });

  it('says missing for placeholder years and an unknown zone', () => {
    expect(formatDateTime('1970-06-01T00:00:00Z', 'UTC')).toBe('unknown');
    expect(formatDateTime(new Date('0001-01-01T00:00:00Z'), 'Europe/Berlin', '-')).toBe('-');
    expect(formatDateTime('2026-03-23T21:40:00Z', 'Not/AZone')).toBe('unknown');
  });
});
