import { formatDateTime } from '../../../src/bot/dateTime';
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
