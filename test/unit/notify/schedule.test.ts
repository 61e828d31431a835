import { ScheduleError, dueFireTime, nextFireTime, parseDigestSchedule } from '../../../src/notify/schedule';

const parse = (text: string, tz = 'UTC') => parseDigestSchedule(text.split(' '), tz);

describe('parseDigestSchedule', () => {
  it.each([
    ['daily 08:00', '0 8 * * *', 'every day at 08:00'],
    ['every day 8:05', '5 8 * * *', 'every day at 08:05'],
    ['weekdays 08:00', '0 8 * * 1-5', 'weekdays at 08:00'],
    ['Weekdays at 17:30', '30 17 * * 1-5', 'weekdays at 17:30'],
    ['mondays 09:30', '30 9 * * 1', 'Mondays at 09:30'],
    ['friday 16:00', '0 16 * * 5', 'Fridays at 16:00'],
    ['weekends 10:00', '0 10 * * 0,6', 'weekends at 10:00'],
  ])('reads the friendly form "%s"', (text, cron, label) => {
    expect(parse(text)).toEqual({ cron, timeZone: 'UTC', label });
  });

  it('takes a trailing IANA zone, with its canonical spelling', () => {
    expect(parse('weekdays 08:00 europe/paris')).toMatchObject({ cron: '0 8 * * 1-5', timeZone: 'Europe/Paris' });
    expect(parse('daily 08:00 utc').timeZone).toBe('UTC');
  });

  it('uses the default zone when none is given', () => {
    expect(parse('daily 08:00', 'America/New_York').timeZone).toBe('America/New_York');
  });

  it('accepts a 5-field cron as five words or one quoted word, with a zone', () => {
    expect(parse('0 8 * * 1-5 Europe/Paris')).toEqual({ cron: '0 8 * * 1-5', timeZone: 'Europe/Paris', label: 'cron 0 8 * * 1-5' });
    expect(parseDigestSchedule(['30 7 * * MON-FRI', 'Asia/Tokyo'], 'UTC')).toMatchObject({ cron: '30 7 * * MON-FRI', timeZone: 'Asia/Tokyo' });
    expect(parse('0 */6 * * *').cron).toBe('0 */6 * * *');
  });

  it.each([
    ['', /Say when the digest should arrive/],
    ['daily', /Give one time after "daily"/],
    ['daily 25:00', /"25:00" is not a time of day/],
    ['daily 8', /"8" is not a time of day/],
    ['daily 08:00 Mars/Olympus', /"Mars\/Olympus" is not a time zone I know/],
    ['daily 08:00 Paris', /"Paris" is not a time zone I know/],
    // The typed text is repeated with its markdown escaped (Teams shows "0 8 * *").
    ['0 8 * *', /could not read "0 8 \\\* \\\*" as a schedule/],
    ['0 0 8 * * *', /seconds are not supported/],
    ['61 8 * * *', /"61 8 \\\* \\\* \\\*" is not a valid cron expression/],
    ['*/15 * * * *', /more than once an hour/],
    ['0,30 8 * * *', /more than once an hour/],
    ['sometimes', /could not read "sometimes"/],
  ])('refuses "%s" with a clear sentence', (text, message) => {
    expect(() => parse(text)).toThrow(ScheduleError);
    expect(() => parse(text)).toThrow(message);
  });
});

describe('nextFireTime', () => {
  const weekdaysParis = { cron: '0 8 * * 1-5', timeZone: 'Europe/Paris' };

  it('computes the next fire in the schedule zone (winter: UTC+1)', () => {
    // Friday 2026-03-20 10:00 UTC -> Monday 2026-03-23 08:00 Paris = 07:00 UTC.
    expect(nextFireTime(weekdaysParis, new Date('2026-03-20T10:00:00Z')).toISOString()).toBe('2026-03-23T07:00:00.000Z');
  });

  it('follows the zone across its DST change (summer: UTC+2)', () => {
    // DST starts Sunday 2026-03-29 in Paris: Monday 30th 08:00 local is 06:00 UTC.
    expect(nextFireTime(weekdaysParis, new Date('2026-03-27T07:00:00Z')).toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('is strictly after the given instant', () => {
    const at = new Date('2026-03-23T07:00:00Z');
    expect(nextFireTime(weekdaysParis, at).toISOString()).toBe('2026-03-24T07:00:00.000Z');
  });
});

describe('dueFireTime', () => {
  const daily = { cron: '0 8 * * *', timeZone: 'America/New_York' };

  it('is undefined before the first fire time', () => {
    expect(dueFireTime(daily, new Date('2026-06-01T13:00:00Z'), new Date('2026-06-02T11:59:59Z'))).toBeUndefined();
  });

  it('is the fire time once reached (08:00 New York in June is 12:00 UTC)', () => {
    expect(dueFireTime(daily, new Date('2026-06-01T13:00:00Z'), new Date('2026-06-02T12:00:00Z'))?.toISOString()).toBe('2026-06-02T12:00:00.000Z');
  });

  it('is not due again at the same fire time once it has fired', () => {
    const fired = new Date('2026-06-02T12:00:00Z');
    expect(dueFireTime(daily, fired, new Date('2026-06-02T12:30:00Z'))).toBeUndefined();
  });

  it('returns only the latest missed occurrence after downtime', () => {
    expect(dueFireTime(daily, new Date('2026-06-01T13:00:00Z'), new Date('2026-06-05T15:00:00Z'))?.toISOString()).toBe('2026-06-05T12:00:00.000Z');
  });
});
