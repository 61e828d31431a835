import fc from 'fast-check';
import { ArmError } from '../../../src/sandbox/http/arm';
import { formatJobFilterDate, jobMatches, parseJobFilter, parseJobFilterDate } from '../../../src/sandbox/routes/jobFilter';

function errorOf(action: () => unknown): ArmError {
  try {
    action();
  } catch (error) {
    return error as ArmError;
  }
  throw new Error('expected an error');
}

describe('jobs $filter', () => {
  it('reads dates on the 12-hour clock, in UTC', () => {
    expect(new Date(parseJobFilterDate('2024-01-31 09:30:00 PM', 'startTime')).toISOString()).toBe('2024-01-31T21:30:00.000Z');
    expect(new Date(parseJobFilterDate('2024-01-31 12:00:00 AM', 'startTime')).toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(new Date(parseJobFilterDate('2024-01-31 12:15:00 PM', 'startTime')).toISOString()).toBe('2024-01-31T12:15:00.000Z');
    // Azure's own example writes midnight as 00:00:00 AM.
    expect(new Date(parseJobFilterDate('2016-01-01 00:00:00 AM', 'startTime')).toISOString()).toBe('2016-01-01T00:00:00.000Z');
  });

  it('refuses ISO dates, 24-hour times and impossible dates with a 400 naming the format', () => {
    for (const text of ['2024-01-31T21:30:00Z', '2024-01-31 21:30:00', '2024-01-31 13:30:00 PM', '2024-02-30 01:00:00 AM']) {
      const error = errorOf(() => parseJobFilterDate(text, 'startTime'));
      expect(error).toBeInstanceOf(ArmError);
      expect(error.status).toBe(400);
      expect(error.message).toContain('yyyy-MM-dd hh:mm:ss tt');
      expect(error.message).toContain(text);
    }
  });

  it('formats and parses back any second', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }), (seconds) => {
        const ms = seconds * 1000;
        expect(parseJobFilterDate(formatJobFilterDate(ms), 'startTime')).toBe(ms);
      }),
    );
  });

  it('parses every supported clause, values case-insensitively', () => {
    const filter = parseJobFilter("status eq 'failed' and operation eq 'Backup' and backupManagementType eq 'AzureIaasVM' and startTime eq '2024-01-01 12:00:00 AM' and endTime eq '2024-01-02 12:00:00 AM'");
    expect([...filter.statuses!]).toEqual(['Failed']);
    expect(filter.operation).toBe('Backup');
    expect(filter.fromMs).toBe(Date.UTC(2024, 0, 1));
    expect(filter.toMs).toBe(Date.UTC(2024, 0, 2));
    const job = { id: 'a', operation: 'Backup' as const, startMs: Date.UTC(2024, 0, 1, 5) };
    expect(jobMatches(filter, job, 'Failed')).toBe(true);
    expect(jobMatches(filter, job, 'Completed')).toBe(false);
    expect(jobMatches(filter, { ...job, startMs: Date.UTC(2024, 0, 3) }, 'Failed')).toBe(false);
  });

  it('matches nothing for another backup management type', () => {
    const filter = parseJobFilter("backupManagementType eq 'MAB'");
    expect(jobMatches(filter, { id: 'a', operation: 'Backup', startMs: 0 }, 'Completed')).toBe(false);
  });

  it('answers unknown fields, operators, values and reversed windows with specific sentences', () => {
    expect(errorOf(() => parseJobFilter("vmName eq 'x'")).message).toContain("'vmName' cannot be filtered on");
    expect(errorOf(() => parseJobFilter("status ne 'Failed'")).message).toContain('is not of the form field eq');
    expect(errorOf(() => parseJobFilter("status eq 'Broken'")).message).toContain("'Broken' is not a valid status");
    expect(errorOf(() => parseJobFilter("startTime eq '2024-01-02 12:00:00 AM' and endTime eq '2024-01-01 12:00:00 AM'")).message).toContain('is after endTime');
    expect(errorOf(() => parseJobFilter("status eq 'Failed' and status eq 'Completed'")).message).toContain('more than once');
  });
});
