import { nextDstEffect } from '../../../src/backup/dst';
import { expandCard } from '../../../src/bot/cards';
import { dstChangesViewModel } from '../../../src/commands/dst';
import { parseDays } from '../../../src/commands/subscribe';
import { dstReminderViewModel } from '../../../src/notify/dstCard';
import type { PolicyDstChange } from '../../../src/notify/dstPlanner';
import { dueOffset, reminderKey } from '../../../src/notify/dstReminders';
import type { PolicyInfo } from '../../../src/notify/ports';
import { assertValidCard } from '../../helpers/cardValidation';

/** The parts of a rendered card these tests read. */
type CardJson = { body: unknown[]; actions?: Array<{ type: string; title: string; verb?: string; data?: unknown }> };

const vault = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod', name: 'rsv-weu-prod', resourceGroup: 'rg', subscriptionId: 's', location: 'westeurope' };

function policy(extra: Partial<PolicyInfo> = {}): PolicyInfo {
  return {
    vault,
    name: 'pol-weu-nightly',
    timeZone: 'W. Europe Standard Time',
    runTimes: ['22:00'],
    frequency: 'Daily',
    instantRestoreDays: 2,
    vms: ['vm-web-01', 'vm-sql-01'],
    ...extra,
  };
}

function changeAt(now: Date, p: PolicyInfo = policy()): PolicyDstChange {
  const effect = nextDstEffect({ runTimes: p.runTimes, referenceDate: '2024-01-01', timeZone: p.timeZone }, now);
  if (effect === undefined) throw new Error('no DST change');
  return { policy: p, effect };
}

// Spring 2026 in W. Europe: Sunday 29 March, 01:00 UTC (02:00 -> 03:00 local).
const TRANSITION = Date.parse('2026-03-29T01:00:00Z');
const DAY = 86_400_000;

describe('dueOffset', () => {
  const change = changeAt(new Date(TRANSITION - 20 * DAY));

  it('is nothing before the first reminder moment', () => {
    expect(dueOffset([7, 1], change, new Date(TRANSITION - 7 * DAY - 60_000))).toBeUndefined();
  });

  it('is 7 from exactly 7 days before, then 1 from exactly 1 day before', () => {
    expect(dueOffset([7, 1], change, new Date(TRANSITION - 7 * DAY))).toBe(7);
    expect(dueOffset([7, 1], change, new Date(TRANSITION - 2 * DAY))).toBe(7);
    expect(dueOffset([7, 1], change, new Date(TRANSITION - DAY))).toBe(1);
  });

  it('is nothing once the change has happened', () => {
    expect(dueOffset([7, 1], change, new Date(TRANSITION))).toBeUndefined();
  });

  it('keys a reminder by vault, policy, local date of the change, offset and conversation', () => {
    expect(reminderKey(change, 7, 'conv-1')).toBe('dst:rsv-weu-prod:pol-weu-nightly:2026-03-29:7:conv-1');
  });
});

describe('DST reminder card', () => {
  const now = new Date(TRANSITION - 7 * DAY);
  const change = changeAt(now);

  it('shows the policy, local and UTC run times before and after, the VMs and the keep button', () => {
    const model = dstReminderViewModel(change, now);
    expect(model.title).toBe('Daylight-saving change in 7 days: policy pol-weu-nightly');
    expect(model.runs).toEqual([{ title: 'Run at 22:00', value: 'now 22:00 local (21:00 UTC); after the change 23:00 local (21:00 UTC)' }]);
    expect(model.facts).toContainEqual({ title: 'Time zone', value: 'W. Europe Standard Time (Europe/Berlin)' });
    expect(model.vms).toBe('VMs covered (2): vm-sql-01, vm-web-01');
    expect(model.showButton).toBe(true);
    expect(model.buttonTitle).toBe('Keep 22:00 local time');
    expect(model.data).toEqual({ vaultId: vault.id, policy: 'pol-weu-nightly', transitionAt: '2026-03-29T01:00:00.000Z' });
    const card = expandCard('notify-dst-reminder', model) as CardJson;
    assertValidCard(card);
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'dstKeepLocalTime', title: 'Keep 22:00 local time' })]);
  });

  it('drops the button and says so when a shift is already requested', () => {
    const model = dstReminderViewModel(change, now, { text: 'Alex Wilber asked to move the policy to 21:00.' });
    expect(model.showButton).toBe(false);
    const card = expandCard('notify-dst-reminder', model) as CardJson;
    assertValidCard(card);
    expect(card.actions ?? []).toEqual([]);
    expect(JSON.stringify(card.body)).toContain('Alex Wilber asked to move the policy to 21:00.');
  });
});

describe('dst command view', () => {
  it('lists each change with the time that keeps the local time, and the policies without DST', () => {
    const now = new Date(TRANSITION - 5 * DAY);
    const model = dstChangesViewModel({ changes: [changeAt(now)], unaffected: ['DefaultPolicy (rsv-weu-prod)'], problems: [] }, now);
    expect(model.changes[0].heading).toContain('**pol-weu-nightly** (rsv-weu-prod): Sun 29 Mar 2026, in 5 days');
    expect(model.changes[0].detail).toContain('22:00 local (21:00 UTC) becomes 23:00 local. To keep the local time, set the policy to 21:00. 2 VMs use it.');
    expect(model.unaffected).toContain('DefaultPolicy (rsv-weu-prod)');
    assertValidCard(expandCard('notify-dst-changes', model));
  });

  it('says so when nothing changes', () => {
    const model = dstChangesViewModel({ changes: [], unaffected: [], problems: ['rsv-x: the policies could not be read'] }, new Date());
    expect(model.any).toBe(false);
    assertValidCard(expandCard('notify-dst-changes', model));
  });
});

describe('parseDays (subscribe dst --days)', () => {
  it('defaults to 7 and 1, sorts and dedupes', () => {
    expect(parseDays(undefined)).toEqual([7, 1]);
    expect(parseDays('1,7,7,3')).toEqual([7, 3, 1]);
    expect(parseDays(' 14 ')).toEqual([14]);
  });

  it.each(['0', '61', 'seven', '7;1', '', '1,2,3,4,5,6', '-1'])('refuses "%s"', (raw) => {
    expect(() => parseDays(raw)).toThrow(/--days/);
  });
});
