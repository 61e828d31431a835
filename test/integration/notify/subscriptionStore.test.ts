import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorage } from '../../../src/store/fileStorage';
import { SubscriptionStore, alertWants, type AlertSubscription } from '../../../src/notify/subscriptionStore';

const who = { since: '2026-03-20T10:00:00.000Z', by: 'Alex Wilber' };

describe('SubscriptionStore (on FileStorage)', () => {
  let dir: string;
  let store: SubscriptionStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subs-'));
    store = new SubscriptionStore(new FileStorage(dir));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps each conversation\'s kinds apart and survives a new store instance (restart)', async () => {
    await store.set('conv-a', 'alerts', { ...who, status: 'both' });
    await store.set('conv-a', 'dst', { ...who, days: [7, 1] });
    await store.set('conv-b', 'digest', { ...who, cron: '0 8 * * 1-5', timeZone: 'Europe/Paris', label: 'weekdays at 08:00' });

    const reopened = new SubscriptionStore(new FileStorage(dir));
    expect(await reopened.forConversation('conv-a')).toEqual({ conversationId: 'conv-a', alerts: { ...who, status: 'both' }, dst: { ...who, days: [7, 1] } });
    expect((await reopened.forConversation('conv-b')).digest?.cron).toBe('0 8 * * 1-5');
    expect(await reopened.forConversation('conv-c')).toEqual({ conversationId: 'conv-c' });
    expect((await reopened.all()).map((s) => s.conversationId).sort()).toEqual(['conv-a', 'conv-b']);
  });

  it('replaces a kind when subscribing again', async () => {
    await store.set('conv-a', 'alerts', { ...who, status: 'both' });
    await store.set('conv-a', 'alerts', { ...who, status: 'failed', vault: 'rsv-weu-prod' });
    expect((await store.forConversation('conv-a')).alerts).toEqual({ ...who, status: 'failed', vault: 'rsv-weu-prod' });
  });

  it('removes one kind, reports when there was nothing, and drops empty conversations', async () => {
    await store.set('conv-a', 'alerts', { ...who, status: 'both' });
    await store.set('conv-a', 'dst', { ...who, days: [7] });
    expect(await store.remove('conv-a', 'digest')).toBe(false);
    expect(await store.remove('conv-a', 'alerts')).toBe(true);
    expect(await store.forConversation('conv-a')).toEqual({ conversationId: 'conv-a', dst: { ...who, days: [7] } });
    expect(await store.remove('conv-a', 'dst')).toBe(true);
    expect(await store.all()).toEqual([]);
  });

  it('records a digest fire time once, never moving it backwards, and not for a replaced schedule', async () => {
    await store.set('conv-a', 'digest', { ...who, cron: '0 8 * * *', timeZone: 'UTC', label: 'every day at 08:00' });
    await store.markDigestFired('conv-a', new Date('2026-03-21T08:00:00Z'), '0 8 * * *');
    await store.markDigestFired('conv-a', new Date('2026-03-20T08:00:00Z'), '0 8 * * *');
    expect((await store.forConversation('conv-a')).digest?.lastFiredAt).toBe('2026-03-21T08:00:00.000Z');
    await store.markDigestFired('conv-a', new Date('2026-03-22T08:00:00Z'), '0 9 * * *');
    expect((await store.forConversation('conv-a')).digest?.lastFiredAt).toBe('2026-03-21T08:00:00.000Z');
  });

  it('does not lose a subscription when conversations subscribe concurrently', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`conv-${i}`, 'alerts', { ...who, status: 'both' })));
    expect(await store.all()).toHaveLength(20);
  });
});

describe('alertWants', () => {
  const sub = (extra: Partial<AlertSubscription> = {}): AlertSubscription => ({ ...who, status: 'both', ...extra });

  it('takes warnings and failures for "both", in every vault', () => {
    expect(alertWants(sub(), 'rsv-weu-prod', 'Failed')).toBe(true);
    expect(alertWants(sub(), 'rsv-weu-dev', 'CompletedWithWarnings')).toBe(true);
    expect(alertWants(sub(), 'rsv-weu-dev', 'Completed')).toBe(false);
    expect(alertWants(sub(), 'rsv-weu-dev', 'InProgress')).toBe(false);
  });

  it('filters by status', () => {
    expect(alertWants(sub({ status: 'failed' }), 'v', 'CompletedWithWarnings')).toBe(false);
    expect(alertWants(sub({ status: 'failed' }), 'v', 'Failed')).toBe(true);
    expect(alertWants(sub({ status: 'warnings' }), 'v', 'Failed')).toBe(false);
    expect(alertWants(sub({ status: 'warnings' }), 'v', 'CompletedWithWarnings')).toBe(true);
  });

  it('filters by vault name, ignoring case', () => {
    expect(alertWants(sub({ vault: 'RSV-WEU-PROD' }), 'rsv-weu-prod', 'Failed')).toBe(true);
    expect(alertWants(sub({ vault: 'rsv-weu-prod' }), 'rsv-weu-dev', 'Failed')).toBe(false);
  });
});
