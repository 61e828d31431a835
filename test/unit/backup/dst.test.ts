import { InvalidInputError } from '../../../src/backup/backupError';
import {
  effectiveUtcRunTimes,
  ianaZoneFor,
  nextDstEffect,
  nextTransitions,
  parseClockTime,
  shiftClockTime,
} from '../../../src/backup/dst';

const WEST_EUROPE = 'W. Europe Standard Time';

describe('time zones', () => {
  it('maps Windows ids to IANA zones and lets IANA names through', () => {
    expect(ianaZoneFor(WEST_EUROPE)).toBe('Europe/Berlin');
    expect(ianaZoneFor('Romance Standard Time')).toBe('Europe/Paris');
    expect(ianaZoneFor('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaZoneFor('UTC')).toMatch(/UTC/);
    expect(ianaZoneFor('Europe/Paris')).toBe('Europe/Paris');
  });

  it('refuses unknown zones with a sentence', () => {
    expect(() => ianaZoneFor('Middle Earth Standard Time')).toThrow(InvalidInputError);
    expect(() => ianaZoneFor('')).toThrow(/not a time zone I know/);
  });
});

describe('nextTransitions', () => {
  it('finds the last Sundays of March and October 2026 in W. Europe to the minute', () => {
    const [spring, autumn] = nextTransitions('Europe/Berlin', new Date('2026-03-01T00:00:00Z'));
    expect(spring).toEqual({ at: new Date('2026-03-29T01:00:00Z'), offsetBeforeMinutes: 60, offsetAfterMinutes: 120, kind: 'forward' });
    expect(autumn).toEqual({ at: new Date('2026-10-25T01:00:00Z'), offsetBeforeMinutes: 120, offsetAfterMinutes: 60, kind: 'back' });
  });

  it('handles the southern hemisphere (Sydney falls back in April, springs forward in October)', () => {
    const [april, october] = nextTransitions(ianaZoneFor('AUS Eastern Standard Time'), new Date('2026-01-01T00:00:00Z'));
    expect(april.at.toISOString()).toBe('2026-04-04T16:00:00.000Z');
    expect(april.kind).toBe('back');
    expect(october.at.toISOString()).toBe('2026-10-03T16:00:00.000Z');
    expect(october.kind).toBe('forward');
  });

  it('finds nothing in zones without DST', () => {
    expect(nextTransitions(ianaZoneFor('India Standard Time'), new Date('2026-01-01T00:00:00Z'))).toEqual([]);
    expect(nextDstEffect({ runTimes: ['22:00'], timeZone: 'UTC' }, new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('clock times', () => {
  it('parses and shifts HH:MM across midnight', () => {
    expect(parseClockTime('7:05')).toBe(425);
    expect(shiftClockTime('22:00', -60)).toEqual({ time: '21:00', dayShift: 0 });
    expect(shiftClockTime('00:30', -60)).toEqual({ time: '23:30', dayShift: -1 });
    expect(shiftClockTime('23:30', 60)).toEqual({ time: '00:30', dayShift: 1 });
  });

  it.each(['24:00', '12:60', 'noon', '1200', ''])('refuses %p', (text) => {
    expect(() => parseClockTime(text)).toThrow(/HH:MM on a 24-hour clock/);
  });
});

describe('effectiveUtcRunTimes (offset fixed by the run time reference date)', () => {
  it('converts a winter-dated 22:00 W. Europe run to 21:00 UTC and a summer-dated one to 20:00 UTC', () => {
    expect(effectiveUtcRunTimes({ runTimes: ['22:00'], referenceDate: '2018-01-24', timeZone: WEST_EUROPE })).toEqual([{ policyTime: '22:00', utcTime: '21:00', utcDayShift: 0 }]);
    expect(effectiveUtcRunTimes({ runTimes: ['22:00'], referenceDate: '2018-07-01', timeZone: WEST_EUROPE })[0].utcTime).toBe('20:00');
  });

  it('reports a UTC run on the previous day', () => {
    expect(effectiveUtcRunTimes({ runTimes: ['00:30'], referenceDate: '2018-01-24', timeZone: WEST_EUROPE })[0]).toEqual({ policyTime: '00:30', utcTime: '23:30', utcDayShift: -1 });
  });

  it('refuses a broken reference date', () => {
    expect(() => effectiveUtcRunTimes({ runTimes: ['22:00'], referenceDate: '2018-13-40', timeZone: WEST_EUROPE })).toThrow(InvalidInputError);
  });
});

describe('nextDstEffect for W. Europe Standard Time', () => {
  const policy = { runTimes: ['22:00'], referenceDate: '2018-01-24', timeZone: WEST_EUROPE };

  it('before the last Sunday of March: 22:00 local becomes 23:00; keeping 22:00 needs policy time 21:00', () => {
    const effect = nextDstEffect(policy, new Date('2026-03-20T12:00:00Z'))!;
    expect(effect.ianaZone).toBe('Europe/Berlin');
    expect(effect.transition).toEqual({
      at: '2026-03-29T01:00:00.000Z',
      localDate: '2026-03-29',
      offsetBefore: 'UTC+01:00',
      offsetAfter: 'UTC+02:00',
      kind: 'forward',
      deltaMinutes: 60,
    });
    expect(effect.runs).toEqual([{ policyTime: '22:00', utcTime: '21:00', utcDayShift: 0, localBefore: '22:00', localAfter: '23:00' }]);
    expect(effect.keepLocal).toEqual({ runTimes: ['21:00'], dayShift: 0 });
    expect(effect.summary).toMatch(/2026-03-29.*go forward 1 hour.*22:00 becomes 23:00.*21:00/);
  });

  it('the shifted policy runs at 22:00 local after the March change', () => {
    const shifted = nextDstEffect({ ...policy, runTimes: ['21:00'] }, new Date('2026-03-20T12:00:00Z'))!;
    expect(shifted.runs[0]).toMatchObject({ utcTime: '20:00', localBefore: '21:00', localAfter: '22:00' });
  });

  it('before the last Sunday of October the shift goes back: 21:00 -> 22:00 keeps 22:00 local', () => {
    const summer = { ...policy, runTimes: ['21:00'] };
    const effect = nextDstEffect(summer, new Date('2026-10-01T12:00:00Z'))!;
    expect(effect.transition).toMatchObject({ at: '2026-10-25T01:00:00.000Z', kind: 'back', deltaMinutes: -60 });
    expect(effect.runs[0]).toMatchObject({ utcTime: '20:00', localBefore: '22:00', localAfter: '21:00' });
    expect(effect.keepLocal.runTimes).toEqual(['22:00']);
    const after = nextDstEffect({ ...summer, runTimes: effect.keepLocal.runTimes }, new Date('2026-10-01T12:00:00Z'))!;
    expect(after.runs[0].localAfter).toBe('22:00');
  });

  it('flags a shift across midnight so weekly run days can move too', () => {
    const effect = nextDstEffect({ ...policy, runTimes: ['00:30'] }, new Date('2026-03-20T12:00:00Z'))!;
    expect(effect.keepLocal).toEqual({ runTimes: ['23:30'], dayShift: -1 });
  });

  it('right after a transition looks at the next one', () => {
    const effect = nextDstEffect(policy, new Date('2026-03-29T01:00:00Z'))!;
    expect(effect.transition.localDate).toBe('2026-10-25');
  });
});
