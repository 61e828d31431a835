import { InvalidInputError } from '../../../src/backup/backupError';
import { buildJobFilter, buildJobFilters, formatFilterDate, MAX_JOB_WINDOW_DAYS, parseJobStatusWord, parseSince } from '../../../src/backup/jobFilter';
import { recorded } from '../../helpers/recordedAzure';

describe('formatFilterDate (yyyy-MM-dd hh:mm:ss tt, UTC, 12-hour clock)', () => {
  it.each([
    ['2026-03-29T00:30:05Z', '2026-03-29 12:30:05 AM'],
    ['2026-03-29T01:05:00Z', '2026-03-29 01:05:00 AM'],
    ['2026-03-29T12:00:00Z', '2026-03-29 12:00:00 PM'],
    ['2026-03-29T13:05:09Z', '2026-03-29 01:05:09 PM'],
    ['2026-12-31T23:59:59Z', '2026-12-31 11:59:59 PM'],
  ])('%s => %s', (iso, text) => expect(formatFilterDate(new Date(iso))).toBe(text));
});

describe('the recorded filter format (FINDINGS (g))', () => {
  it('writes the dates exactly as Azure PowerShell sent them (TF:5)', () => {
    const query = recorded('TestAzureVMGetJobsTimeFilter', 5).query;
    expect(query).toContain("startTime eq '2025-01-05 02:52:09 AM' and endTime eq '2025-01-06 02:52:09 AM'");
    const ours = buildJobFilter({ since: new Date('2025-01-05T02:52:09Z'), until: new Date('2025-01-06T02:52:09Z') }, new Date('2025-01-06T02:52:10Z'));
    expect(ours).toContain("startTime eq '2025-01-05 02:52:09 AM' and endTime eq '2025-01-06 02:52:09 AM'");
  });
});

describe('buildJobFilters: windows of at most 30 days', () => {
  const now = new Date('2026-03-29T13:00:00Z');
  const range = (filter: string) => {
    const [, from, to] = /startTime eq '([^']+)' and endTime eq '([^']+)'/.exec(filter)!;
    const parse = (text: string) => {
      const [, date, h, m, sec, ampm] = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text)!;
      const hours = (Number(h) % 12) + (ampm === 'PM' ? 12 : 0);
      return Date.parse(`${date}T${String(hours).padStart(2, '0')}:${m}:${sec}Z`);
    };
    return [parse(from), parse(to)];
  };

  it('keeps one filter up to 30 days', () => {
    expect(buildJobFilters({ since: new Date(now.getTime() - MAX_JOB_WINDOW_DAYS * 86_400_000) }, now)).toHaveLength(1);
    expect(buildJobFilters({ status: 'Failed' }, now)).toEqual(["backupManagementType eq 'AzureIaasVM' and status eq 'Failed'"]);
  });

  it('splits 75 days into 3 consecutive windows, newest first, each at most 30 days, same clauses', () => {
    const since = new Date(now.getTime() - 75 * 86_400_000);
    const filters = buildJobFilters({ status: 'Failed', since }, now);
    expect(filters).toHaveLength(3);
    const ranges = filters.map(range);
    expect(ranges[0][1]).toBe(now.getTime());
    expect(ranges[2][0]).toBe(since.getTime());
    for (const [from, to] of ranges) expect(to - from).toBeLessThanOrEqual(30 * 86_400_000);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][1]).toBe(ranges[i - 1][0]);
    expect(filters.every((f) => f.startsWith("backupManagementType eq 'AzureIaasVM' and status eq 'Failed' and startTime eq '"))).toBe(true);
  });

  it('validates like buildJobFilter', () => {
    expect(() => buildJobFilters({ until: now }, now)).toThrow(InvalidInputError);
  });
});

describe('buildJobFilter', () => {
  const now = new Date('2026-03-29T13:00:00Z');

  it('always restricts to Azure VM jobs', () => {
    expect(buildJobFilter({}, now)).toBe("backupManagementType eq 'AzureIaasVM'");
  });

  it('adds status, operation and a start/end window', () => {
    const filter = buildJobFilter({ status: 'Failed', operation: 'Backup', since: new Date('2026-03-28T13:00:00Z') }, now);
    expect(filter).toBe(
      "backupManagementType eq 'AzureIaasVM' and operation eq 'Backup' and status eq 'Failed' and startTime eq '2026-03-28 01:00:00 PM' and endTime eq '2026-03-29 01:00:00 PM'",
    );
  });

  it('uses an explicit end time', () => {
    expect(buildJobFilter({ since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-03-02T00:00:00Z') }, now)).toContain("endTime eq '2026-03-02 12:00:00 AM'");
  });

  it.each([
    [{ status: 'Broken' }, /status/],
    [{ operation: "Backup' or '1'='1" }, /operation/],
    [{ since: new Date('nonsense') }, /since/],
    [{ since: new Date('2026-03-02T00:00:00Z'), until: new Date('2026-03-01T00:00:00Z') }, /before until/],
    [{ until: new Date('2026-03-01T00:00:00Z') }, /needs a start time/],
    [{ extra: 1 }, /not valid/],
  ])('refuses %p before anything reaches Azure', (options, message) => {
    expect(() => buildJobFilter(options as never, now)).toThrow(InvalidInputError);
    expect(() => buildJobFilter(options as never, now)).toThrow(message);
  });
});

describe('friendly words', () => {
  it.each([
    ['failed', 'Failed'],
    ['warnings', 'CompletedWithWarnings'],
    ['Running', 'InProgress'],
    ['completed', 'Completed'],
    ['cancelled', 'Cancelled'],
  ])('status %s => %s', (word, status) => expect(parseJobStatusWord(word)).toBe(status));

  it('refuses an unknown status word', () => expect(() => parseJobStatusWord('meh')).toThrow(/use failed, warnings, running, completed or cancelled/));

  it('reads --since spans', () => {
    const now = new Date('2026-03-29T13:00:00Z');
    expect(parseSince('24h', now).toISOString()).toBe('2026-03-28T13:00:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2026-03-22T13:00:00.000Z');
    expect(parseSince('30m', now).toISOString()).toBe('2026-03-29T12:30:00.000Z');
    expect(parseSince('2w', now).toISOString()).toBe('2026-03-15T13:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow(/like 24h or 7d/);
    expect(() => parseSince('0h', now)).toThrow(/at least 1 minute/);
    expect(() => parseSince('91d', now)).toThrow(/at most 90 days/);
  });
});
