import { nextDstEffect, effectiveUtcRunTimes } from '../../../src/backup/dst';
import type { PolicyView } from '../../../src/backup/views';
import { dstShortText, scheduleText, utcText } from '../../../src/commands/policyText';
import { policyViewModel } from '../../../src/commands/policy';

function policy(overrides: Partial<PolicyView>): PolicyView {
  const base: PolicyView = {
    name: 'pol',
    id: 'id',
    vault: 'rsv',
    vaultId: 'vault-id',
    subscriptionId: 'sub',
    resourceGroup: 'rg',
    kind: 'V1',
    frequency: 'Daily',
    runTimes: ['22:00'],
    runDays: [],
    timeZone: 'W. Europe Standard Time',
    utcRunTimes: [],
    retention: [{ tier: 'daily', count: 30, unit: 'Days' }],
    retentionSummary: 'daily 30 days',
    protectedItemsCount: 3,
  };
  const merged = { ...base, ...overrides };
  const clock = { runTimes: merged.runTimes, timeZone: merged.timeZone, referenceDate: '2024-01-01' };
  return { ...merged, utcRunTimes: effectiveUtcRunTimes(clock), nextDst: nextDstEffect(clock, new Date('2026-11-23T12:00:00Z')), ...overrides };
}

describe('policy texts', () => {
  it('daily in W. Europe: local and UTC, and the spring change moving the local run', () => {
    const p = policy({});
    expect(scheduleText(p)).toBe('Every day at 22:00 (W. Europe Standard Time)');
    expect(utcText(p)).toBe('21:00 UTC');
    expect(dstShortText(p)).toBe('28 Mar 2027: runs at 23:00 local instead of 22:00');
    const model = policyViewModel(p);
    expect(model).toMatchObject({ dstColor: 'Default', dstWeight: 'Bolder' });
    expect(model.dstFacts).toContainEqual({ title: 'To keep 22:00 local', value: 'set the policy time to 21:00 right after the last run before the change' });
  });

  it('a run that is on the previous day in UTC says so', () => {
    expect(utcText(policy({ runTimes: ['00:30'] }))).toBe('23:30 UTC (the day before)');
  });

  it('weekly and hourly schedules', () => {
    expect(scheduleText(policy({ frequency: 'Weekly', runDays: ['Sunday', 'Wednesday'], runTimes: ['02:00'] }))).toBe('Every Sunday, Wednesday at 02:00 (W. Europe Standard Time)');
    const hourly = policy({ frequency: 'Hourly', kind: 'V2', runTimes: ['08:00'], hourly: { intervalHours: 4, windowStart: '08:00', windowHours: 12 } });
    expect(scheduleText(hourly)).toBe('Every 4 h from 08:00 for 12 h (W. Europe Standard Time)');
    expect(utcText(hourly)).toBe('window starts 07:00 UTC');
  });

  it('UTC has no daylight saving', () => {
    const p = policy({ timeZone: 'UTC', runTimes: ['03:30'] });
    expect(dstShortText(p)).toBe('none (UTC has no daylight saving)');
    expect(policyViewModel(p)).toMatchObject({ dstColor: 'Default', dstFacts: [] });
  });
});
