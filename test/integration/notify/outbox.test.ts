import { promises as fs } from 'node:fs';
import type { Storage } from 'botbuilder';
import type { ConversationAddress, OutgoingMessage } from '../../../src/bot/chatTypes';
import { ConversationRegistry } from '../../../src/notify/conversationRegistry';
import { OUTBOX_VERSION_HISTORY_PREFIX, OUTBOX_VERSION_PREFIX, Outbox, type OutboxRecord } from '../../../src/notify/outbox';
import type { ProactiveSender } from '../../../src/bot/proactiveSender';
import { FileStorage } from '../../../src/store/fileStorage';
import { readItem } from '../../../src/store/storeHelpers';
import { OutboxHarness, text } from './outboxHarness';

// Short backoffs so retries do not make the tests wait; pacing stays on the Teams limits.
const FAST = { backoffBaseMs: 20, backoffMaxMs: 100 };

let harness: OutboxHarness;

beforeEach(async () => {
  harness = await new OutboxHarness().start();
});

afterEach(async () => {
  await harness.stop();
});

describe('Outbox over the real adapter and files', () => {
  it('delivers a message and remembers the posted activity id', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['19:ops@thread.tacv2']);
    expect(await outbox.enqueue({ key: 'hello:1', conversationId: '19:ops@thread.tacv2', kind: 'send', activity: text('hello') })).toEqual({ queued: true });
    await outbox.drain();
    const sent = harness.recorder.sent('19:ops@thread.tacv2');
    expect(sent).toHaveLength(1);
    expect(sent[0].body.text).toBe('hello');
    expect(await outbox.sentActivityId('hello:1')).toBe(sent[0].resultId);
  });

  it('is idempotent by key: before sending, after sending and after a restart', async () => {
    const first = harness.open(FAST);
    await harness.register(first.registry, ['conv-a']);
    const message = { key: 'alert:job-1:conv-a', conversationId: 'conv-a', kind: 'send' as const, activity: text('job-1 failed') };
    expect(await first.outbox.enqueue(message)).toEqual({ queued: true });
    expect(await first.outbox.enqueue(message)).toEqual({ queued: false, reason: 'duplicate' });
    await first.outbox.drain();
    expect(await first.outbox.enqueue(message)).toEqual({ queued: false, reason: 'duplicate' });
    await first.outbox.stop();

    const second = harness.open(FAST);
    expect(await second.outbox.enqueue(message)).toEqual({ queued: false, reason: 'duplicate' });
    await second.outbox.drain();
    expect(harness.recorder.sent('conv-a')).toHaveLength(1);
  });

  it('sends a message enqueued before a restart exactly once, from the new process', async () => {
    const before = harness.open(FAST);
    await harness.register(before.registry, ['conv-a']);
    await before.outbox.enqueue({ key: 'digest:2026-03-30:conv-a', conversationId: 'conv-a', kind: 'send', activity: text('digest') });
    // The process stops before its loop ever ran: nothing was sent.
    await before.outbox.stop();
    expect(harness.recorder.calls).toHaveLength(0);

    const after = harness.open(FAST);
    await after.outbox.drain();
    const again = harness.open(FAST);
    await again.outbox.drain();
    expect(harness.recorder.sent('conv-a').map((c) => c.body.text)).toEqual(['digest']);
    expect(await again.outbox.sentActivityId('digest:2026-03-30:conv-a')).toBe(harness.recorder.sent('conv-a')[0].resultId);
  });

  it('resends a message whose send was in flight when the process died, once its mark expires', async () => {
    const limits = { ...FAST, sendTimeoutMs: 200, inFlightTimeoutMs: 400 };
    // The dying process: its connector call never answers and, once the message is marked
    // 'sending', nothing it does reaches the disk any more (it is dead).
    const files = new FileStorage(harness.dir);
    let dead = false;
    const frozenAfterDeath: Storage = {
      read: (keys) => files.read(keys),
      write: (changes) => (dead ? new Promise<void>(() => undefined) : files.write(changes)),
      delete: (keys) => (dead ? new Promise<void>(() => undefined) : files.delete(keys)),
    };
    const hangingSender: ProactiveSender = {
      send: () => {
        dead = true;
        return new Promise(() => undefined);
      },
      update: () => new Promise(() => undefined),
    };
    const registry = new ConversationRegistry({ storage: files, logger: harness.logger });
    await harness.register(registry, ['conv-a']);
    const dying = new Outbox({ storage: frozenAfterDeath, registry, sender: hangingSender, logger: harness.logger, limits });
    await dying.enqueue({ key: 'alert:job-9:conv-a', conversationId: 'conv-a', kind: 'send', activity: text('job-9 failed') });
    dying.start();
    await waitUntil(async () => dead && (await readItem<OutboxRecord>(files, 'outbox/item/alert:job-9:conv-a'))?.state === 'sending');
    void dying.stop();

    const restarted = harness.open(limits);
    expect((await restarted.outbox.record('alert:job-9:conv-a'))?.state).toBe('sending');
    await restarted.outbox.drain({ timeoutMs: 10_000 });
    expect(harness.recorder.sent('conv-a').map((c) => c.body.text)).toEqual(['job-9 failed']);
    expect((await restarted.outbox.record('alert:job-9:conv-a'))?.state).toBe('sent');
    expect(harness.logsWith('resuming; messages that were being sent')).toHaveLength(1);
  });

  it('with the store to itself (DATA_DIR lock), resends what a dead process left in flight at once, not after the mark expires', async () => {
    const limits = { ...FAST, sendTimeoutMs: 30_000, inFlightTimeoutMs: 60_000 };
    const { registry, outbox, storage } = harness.open(limits);
    await harness.register(registry, ['conv-a']);
    await outbox.enqueue({ key: 'alert:job-7:conv-a', conversationId: 'conv-a', kind: 'send', activity: text('job-7 failed') });
    await outbox.stop();
    // What a process killed during the connector call leaves: the mark, good for another minute.
    const stored = (await readItem<OutboxRecord>(storage, 'outbox/item/alert:job-7:conv-a'))!;
    await storage.write({ 'outbox/item/alert:job-7:conv-a': { ...stored, state: 'sending', inFlightUntil: Date.now() + 60_000 } });

    const files = new FileStorage(harness.dir);
    const restarted = new Outbox({ storage: files, registry: new ConversationRegistry({ storage: files, logger: harness.logger }), sender: harness.sender, logger: harness.logger, limits, exclusiveStore: true });
    const started = Date.now();
    await restarted.drain({ timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(harness.recorder.sent('conv-a').map((c) => c.body.text)).toEqual(['job-7 failed']);
  });

  it('finds queued messages the index lost (a damaged index file) and sends each once', async () => {
    const first = harness.open(FAST);
    await harness.register(first.registry, ['conv-a']);
    for (const n of [1, 2, 3]) await first.outbox.enqueue({ key: `lost:${n}`, conversationId: 'conv-a', kind: 'send', activity: text(`m${n}`) });
    await first.outbox.stop();
    const indexFile = first.storage.fileFor('outbox/index');
    await fs.truncate(indexFile, 7);
    await fs.rm(`${indexFile}.prev`, { force: true });

    const second = harness.open(FAST);
    await second.outbox.drain({ timeoutMs: 10_000 });
    expect(harness.recorder.sent('conv-a').map((c) => c.body.text).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(harness.logsWith('was quarantined')).toHaveLength(1);
    expect(harness.logsWith('missing from the index')[0]).toMatchObject({ recovered: 3 });
  });

  it('says nothing about the index after a clean stop: sent messages leave it by design', async () => {
    const first = harness.open(FAST);
    await harness.register(first.registry, ['conv-a']);
    for (const n of [1, 2]) await first.outbox.enqueue({ key: `done:${n}`, conversationId: 'conv-a', kind: 'send', activity: text(`m${n}`) });
    await first.outbox.drain({ timeoutMs: 10_000 });
    await first.outbox.stop();
    expect(harness.recorder.sent('conv-a')).toHaveLength(2);

    const second = harness.open(FAST);
    await second.outbox.drain({ timeoutMs: 10_000 });
    expect(harness.recorder.sent('conv-a')).toHaveLength(2);
    expect(harness.logsWith('missing from the index')).toHaveLength(0);
  });

  it('retires the conversation on 403 BotNotInConversationRoster, drops its queue and logs why', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-gone', 'conv-ok']);
    harness.recorder.setFaults((call) =>
      call.conversationId === 'conv-gone'
        ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } }
        : undefined,
    );
    for (const n of [1, 2, 3]) await outbox.enqueue({ key: `m${n}:gone`, conversationId: 'conv-gone', kind: 'send', activity: text(`m${n}`) });
    await outbox.enqueue({ key: 'm1:ok', conversationId: 'conv-ok', kind: 'send', activity: text('m1') });
    await outbox.drain();

    expect(harness.recorder.calls.filter((c) => c.conversationId === 'conv-gone')).toHaveLength(1);
    expect(harness.recorder.sent('conv-ok')).toHaveLength(1);
    expect((await registry.get('conv-gone'))?.retired?.reason).toBe('BotNotInConversationRoster');
    for (const n of [1, 2, 3]) expect((await outbox.record(`m${n}:gone`))?.state).toBe('dead');
    expect(await outbox.enqueue({ key: 'm4:gone', conversationId: 'conv-gone', kind: 'send', activity: text('m4') })).toEqual({ queued: false, reason: 'retired' });

    const line = harness.logsWith('no longer accepts the bot')[0];
    expect(line).toMatchObject({ conversationId: 'conv-gone', status: 403, code: 'BotNotInConversationRoster' });
    expect(JSON.stringify(harness.logLines)).not.toMatch(/bearer|authorization/i);

    // The bot is added back: the next activity revives the conversation.
    await harness.register(registry, ['conv-gone']);
    harness.recorder.setFaults(undefined);
    expect(await outbox.enqueue({ key: 'm5:gone', conversationId: 'conv-gone', kind: 'send', activity: text('m5') })).toEqual({ queued: true });
    await outbox.drain();
    expect(harness.recorder.sent('conv-gone').map((c) => c.body.text)).toEqual(['m5']);
  });

  it('gives up on 404 and retires the conversation', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-deleted']);
    harness.recorder.setFaults(() => ({ status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } }));
    await outbox.enqueue({ key: 'x', conversationId: 'conv-deleted', kind: 'send', activity: text('x') });
    await outbox.drain();
    expect(harness.recorder.calls).toHaveLength(1);
    expect((await registry.get('conv-deleted'))?.retired?.reason).toBe('ConversationNotFound');
  });

  it('retries 500s with backoff, then delivers exactly once (the SDK does not retry on its own)', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    let failures = 2;
    harness.recorder.setFaults(() => (failures-- > 0 ? { status: 500 } : undefined));
    await outbox.enqueue({ key: 'retry-me', conversationId: 'conv-a', kind: 'send', activity: text('eventually') });
    await outbox.drain();
    expect(harness.recorder.calls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(await outbox.record('retry-me')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('parks a message as dead after maxAttempts transient failures, with a log line', async () => {
    const { registry, outbox } = harness.open({ ...FAST, maxAttempts: 3 });
    await harness.register(registry, ['conv-a']);
    harness.recorder.setFaults(() => ({ status: 502 }));
    await outbox.enqueue({ key: 'doomed', conversationId: 'conv-a', kind: 'send', activity: text('never') });
    await outbox.drain();
    expect(harness.recorder.calls).toHaveLength(3);
    expect(await outbox.record('doomed')).toMatchObject({ state: 'dead', lastError: expect.stringMatching(/^502/) });
    expect(harness.logsWith('giving up after repeated failures')[0]).toMatchObject({ key: 'doomed', attempts: 3 });
    expect((await harness.open(FAST).registry.get('conv-a'))?.retired).toBeUndefined();
  });

  it('honours Retry-After on 429 for that conversation', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    let throttled = false;
    harness.recorder.setFaults((call) => {
      if (call.method !== 'POST' || throttled) return undefined;
      throttled = true;
      return { status: 429, headers: { 'Retry-After': '1' } };
    });
    await outbox.enqueue({ key: 'first', conversationId: 'conv-a', kind: 'send', activity: text('first') });
    await outbox.enqueue({ key: 'second', conversationId: 'conv-a', kind: 'send', activity: text('second') });
    await outbox.drain();
    const calls = harness.recorder.calls;
    expect(calls.map((c) => [c.status, c.body.text])).toEqual([
      [429, 'first'],
      [200, 'first'],
      [200, 'second'],
    ]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000);
    expect(await outbox.record('first')).toMatchObject({ state: 'sent', throttles: 1, attempts: 0 });
  });

  it('keeps a message through a long throttling episode (32 answers of 429 in a row: more than the old limit of 30) and delivers it once', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    let throttles = 32;
    harness.recorder.setFaults(() => (throttles-- > 0 ? { status: 429, headers: { 'Retry-After': '0' } } : undefined));
    await outbox.enqueue({ key: 'patient', conversationId: 'conv-a', kind: 'send', activity: text('patient') });
    await outbox.drain({ timeoutMs: 20_000 });
    expect(harness.recorder.sent('conv-a').map((c) => c.body.text)).toEqual(['patient']);
    expect(await outbox.record('patient')).toMatchObject({ state: 'sent', throttles: 32 });
  });

  it('parks a message throttled for longer than maxThrottledMs, with a log line', async () => {
    let clock = Date.now();
    const { registry, outbox } = harness.open({ ...FAST, maxThrottledMs: 60_000 }, harness.sender, () => clock);
    await harness.register(registry, ['conv-a']);
    harness.recorder.setFaults(() => {
      clock += 40_000;
      return { status: 429, headers: { 'Retry-After': '0' } };
    });
    await outbox.enqueue({ key: 'hopeless', conversationId: 'conv-a', kind: 'send', activity: text('hopeless') });
    await outbox.drain({ timeoutMs: 20_000 });
    expect(await outbox.record('hopeless')).toMatchObject({ state: 'dead', throttles: 2 });
    expect(harness.logsWith('throttled for longer than maxThrottledMs')[0]).toMatchObject({ key: 'hopeless', throttles: 2 });
  });

  it('edits a sent message through the same queue, by activity id or by the key it was sent under', async () => {
    const { registry, outbox, storage } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    await outbox.enqueue({ key: 'card:1', conversationId: 'conv-a', kind: 'send', activity: text('pending'), onSentKey: 'approval/req-1' });
    await outbox.enqueue({ key: 'card:1:approved', conversationId: 'conv-a', kind: 'update', updateOfKey: 'card:1', activity: text('approved') });
    await outbox.drain();
    const posted = harness.recorder.sent('conv-a')[0];
    const [update] = harness.recorder.updates('conv-a');
    expect(update.activityId).toBe(posted.resultId);
    expect(update.body.text).toBe('approved');
    expect(await readItem<{ outboxSent: Record<string, unknown> }>(storage, 'approval/req-1')).toMatchObject({
      outboxSent: { key: 'card:1', conversationId: 'conv-a', activityId: posted.resultId },
    });

    await outbox.enqueue({ key: 'card:1:expired', conversationId: 'conv-a', kind: 'update', activityId: posted.resultId!, activity: text('expired') });
    await outbox.drain();
    expect(harness.recorder.updates('conv-a').map((c) => c.body.text)).toEqual(['approved', 'expired']);
  });

  it('never lets an older version of a card overwrite a newer one, whatever order the edits were queued in', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    await outbox.enqueue({ key: 'card:4', conversationId: 'conv-a', kind: 'send', activity: text('pending') });
    await outbox.drain();
    const id = harness.recorder.sent('conv-a')[0].resultId!;
    // The final card (version 2) was queued before the "being made" one (version 1) of the same message.
    await outbox.enqueue({ key: 'card:4:approved', conversationId: 'conv-a', kind: 'update', activityId: id, version: 2, activity: text('approved') });
    await outbox.enqueue({ key: 'card:4:approving', conversationId: 'conv-a', kind: 'update', activityId: id, version: 1, activity: text('being made') });
    // An unversioned edit and one of equal version go out in queue order.
    await outbox.enqueue({ key: 'card:4:note', conversationId: 'conv-a', kind: 'update', activityId: id, activity: text('note') });
    await outbox.enqueue({ key: 'card:4:again', conversationId: 'conv-a', kind: 'update', activityId: id, version: 2, activity: text('approved again') });
    await outbox.drain();
    expect(harness.recorder.updates('conv-a').map((c) => c.body.text)).toEqual(['approved', 'note', 'approved again']);
    expect(await outbox.record('card:4:approving')).toMatchObject({ state: 'sent', supersededBy: 2 });
  });

  it('does not record a failed card edit as sent: a 500 on the PUT is retried, a 429 waits, and only the answered edit counts', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    await outbox.enqueue({ key: 'card:2', conversationId: 'conv-a', kind: 'send', activity: text('pending') });
    await outbox.drain();
    const posted = harness.recorder.sent('conv-a')[0];
    const faults = [{ status: 500 }, { status: 429, headers: { 'Retry-After': '0.3' } }];
    harness.recorder.setFaults((call) => (call.method === 'PUT' ? faults.shift() : undefined));
    await outbox.enqueue({ key: 'card:2:approved', conversationId: 'conv-a', kind: 'update', updateOfKey: 'card:2', activity: text('approved') });
    await outbox.drain();
    const puts = harness.recorder.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.status)).toEqual([500, 429, 200]);
    expect(puts[2].at - puts[1].at).toBeGreaterThanOrEqual(300);
    expect(puts.every((c) => c.activityId === posted.resultId)).toBe(true);
    expect(await outbox.record('card:2:approved')).toMatchObject({ state: 'sent', attempts: 1, throttles: 1 });
  });

  it('does not record a card edit the connector refuses (404: the message was deleted) as sent, nor retire the conversation for it', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    harness.recorder.setFaults((call) => (call.method === 'PUT' ? { status: 404, body: { error: { code: 'ActivityNotFound', message: 'gone' } } } : undefined));
    await outbox.enqueue({ key: 'card:3:done', conversationId: 'conv-a', kind: 'update', activityId: 'deleted-activity', activity: text('done') });
    await outbox.drain();
    expect(await outbox.record('card:3:done')).toMatchObject({ state: 'dead', lastError: '404 ActivityNotFound' });
    expect((await registry.get('conv-a'))?.retired).toBeUndefined();
  });

  it('queues for a Teams channel thread under the channel itself', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['19:ops@thread.tacv2;messageid=1700000000000']);
    await outbox.enqueue({ key: 't', conversationId: '19:ops@thread.tacv2;messageid=1700000000001', kind: 'send', activity: text('to the channel') });
    await outbox.drain();
    expect(harness.recorder.sent('19:ops@thread.tacv2')).toHaveLength(1);
  });

  it('refuses malformed messages and unknown conversations with a clear reason', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a']);
    await expect(outbox.enqueue({ key: '', conversationId: 'conv-a', kind: 'send', activity: text('x') })).rejects.toThrow(/key must be/);
    await expect(outbox.enqueue({ key: 'u', conversationId: 'conv-a', kind: 'update', activity: text('x') })).rejects.toThrow(/update needs activityId or updateOfKey/);
    await expect(outbox.enqueue({ key: 'k', conversationId: 'conv-a', kind: 'shout' as 'send', activity: text('x') })).rejects.toThrow(/kind must be/);
    expect(await outbox.enqueue({ key: 'k', conversationId: 'conv-never-seen', kind: 'send', activity: text('x') })).toEqual({ queued: false, reason: 'unknown-conversation' });
    await outbox.drain();
    expect(harness.recorder.calls).toHaveLength(0);
  });

  it('survives being stopped and started again at once (a lease flapping) without sending twice', async () => {
    const { registry, outbox } = harness.open(FAST);
    await harness.register(registry, ['conv-a', 'conv-b']);
    outbox.start();
    for (let i = 0; i < 10; i++) await outbox.enqueue({ key: `flap:${i}`, conversationId: i % 2 ? 'conv-a' : 'conv-b', kind: 'send', activity: text(`flap ${i}`) });
    const stopping = outbox.stop();
    outbox.start();
    await stopping;
    outbox.start();
    await outbox.drain();
    const texts = harness.recorder.sent().map((c) => c.body.text);
    expect(texts).toHaveLength(10);
    expect(new Set(texts).size).toBe(10);
  });

  it('deletes finished records once past the retention, after which a key may be used again', async () => {
    let clock = Date.now();
    const { registry, outbox } = harness.open(FAST, harness.sender, () => clock);
    await harness.register(registry, ['conv-a']);
    await outbox.enqueue({ key: 'old:1', conversationId: 'conv-a', kind: 'send', activity: text('one') });
    await outbox.enqueue({ key: 'old:2', conversationId: 'conv-a', kind: 'send', activity: text('two') });
    await outbox.drain();
    // Stored items only (each write also keeps the item's previous version as <file>.prev).
    const items = async () => (await fs.readdir(harness.dir)).filter((name) => name.endsWith('.json'));
    const filesBefore = (await items()).length;

    clock += 29 * 24 * 3_600_000;
    expect(await outbox.prune()).toBe(0);
    expect((await outbox.record('old:1'))?.state).toBe('sent');

    clock += 2 * 24 * 3_600_000;
    expect(await outbox.prune()).toBe(2);
    expect(await outbox.record('old:1')).toBeUndefined();
    expect(await outbox.sentActivityId('old:2')).toBeUndefined();
    // Two records, the day's bucket and the list of days are gone.
    expect((await items()).length).toBe(filesBefore - 3);
    expect((await fs.readdir(harness.dir)).filter((name) => name.startsWith('outbox%2Fitem%2Fold'))).toEqual([]);
    expect(await outbox.enqueue({ key: 'old:1', conversationId: 'conv-a', kind: 'send', activity: text('one again') })).toEqual({ queued: true });
  });

  it('deletes the version record of an edited card with the finished messages, once past the retention', async () => {
    let clock = Date.now();
    const { registry, outbox } = harness.open(FAST, harness.sender, () => clock);
    await harness.register(registry, ['conv-a']);
    await outbox.enqueue({ key: 'card:9', conversationId: 'conv-a', kind: 'send', activity: text('pending') });
    await outbox.drain();
    const id = harness.recorder.sent('conv-a')[0].resultId!;
    await outbox.enqueue({ key: 'card:9:approved', conversationId: 'conv-a', kind: 'update', activityId: id, version: 2, activity: text('approved') });
    await outbox.drain();
    const versionFiles = async () => (await fs.readdir(harness.dir)).filter((name) => name.startsWith('outbox%2Fversion%2F') && name.endsWith('.json'));
    expect(await versionFiles()).toHaveLength(1);

    // A later edit of the same card (same version) is sent but lists the record under no other day:
    // its retention counts from the day the record was created.
    clock += 20 * 24 * 3_600_000;
    await outbox.enqueue({ key: 'card:9:approved-again', conversationId: 'conv-a', kind: 'update', activityId: id, version: 2, activity: text('approved again') });
    await outbox.drain();
    expect(harness.recorder.updates('conv-a').map((c) => c.body.text)).toEqual(['approved', 'approved again']);

    clock += 9 * 24 * 3_600_000;
    await outbox.prune();
    expect(await versionFiles()).toHaveLength(1);

    clock += 2 * 24 * 3_600_000;
    await outbox.prune();
    expect(await versionFiles()).toEqual([]);
    // The day's list of written versions is gone; only the (now empty) list of days stays.
    expect((await fs.readdir(harness.dir)).filter((name) => name.startsWith('outbox%2Fversion-written') && name.endsWith('.json'))).toEqual(['outbox%2Fversion-written-days.json']);
  });

  it('writes the day list of version records once per card, not once per edit (N edits, one entry)', async () => {
    const files = new FileStorage(harness.dir);
    const historyWrites: string[] = [];
    const counting: Storage = {
      read: (keys) => files.read(keys),
      write: (changes) => {
        historyWrites.push(...Object.keys(changes).filter((key) => key.startsWith(OUTBOX_VERSION_HISTORY_PREFIX)));
        return files.write(changes);
      },
      delete: (keys) => files.delete(keys),
    };
    const registry = new ConversationRegistry({ storage: files, logger: harness.logger });
    await harness.register(registry, ['conv-a']);
    const outbox = new Outbox({ storage: counting, registry, sender: harness.sender, logger: harness.logger, limits: FAST });
    try {
      await outbox.enqueue({ key: 'card:7', conversationId: 'conv-a', kind: 'send', activity: text('pending') });
      await outbox.drain();
      const id = harness.recorder.sent('conv-a')[0].resultId!;
      // An approval card's life: two amendments while pending (0), approving (1), approved (2); each edit
      // drained on its own, so no group commit can merge the day-list writes.
      const edits: Array<[string, number]> = [['amended', 0], ['amended again', 0], ['being made', 1], ['approved', 2]];
      for (const [state, version] of edits) {
        await outbox.enqueue({ key: `card:7:${state}`, conversationId: 'conv-a', kind: 'update', activityId: id, version, activity: text(state) });
        await outbox.drain();
      }
      expect(harness.recorder.updates('conv-a').map((c) => c.body.text)).toEqual(edits.map(([state]) => state));
      expect(await readItem(files, `${OUTBOX_VERSION_PREFIX}conv-a/${id}`)).toMatchObject({ version: 2 });
      // One entry: the list of days and that day's bucket written once each (were 4 each, one per edit).
      expect(historyWrites.filter((key) => key === `${OUTBOX_VERSION_HISTORY_PREFIX}-days`)).toHaveLength(1);
      const buckets = historyWrites.filter((key) => key.startsWith(`${OUTBOX_VERSION_HISTORY_PREFIX}/`));
      expect(buckets).toHaveLength(1);
      expect(await readItem(files, buckets[0])).toMatchObject({ keys: [`conv-a/${id}`] });
    } finally {
      await outbox.stop();
    }
  });

  it('passes the saved reference to the sender, with the latest serviceUrl', async () => {
    const seen: ConversationAddress[] = [];
    const spy: ProactiveSender = {
      send: async (reference, activity: OutgoingMessage) => {
        seen.push(reference);
        return harness.sender.send(reference, activity);
      },
      update: (reference, id, activity) => harness.sender.update(reference, id, activity),
    };
    const { registry, outbox } = harness.open(FAST, spy);
    await registry.touch({ serviceUrl: 'https://smba.example.invalid/old/', channelId: 'msteams', conversation: { id: 'conv-a', conversationType: 'personal', isGroup: false, name: '' } });
    await harness.register(registry, ['conv-a'], 'personal');
    await outbox.enqueue({ key: 'k', conversationId: 'conv-a', kind: 'send', activity: text('x') });
    await outbox.drain();
    expect(seen[0]).toMatchObject({ serviceUrl: harness.recorder.url, channelId: 'msteams', conversation: { id: 'conv-a', tenantId: expect.any(String) } });
    expect(harness.recorder.sent('conv-a')).toHaveLength(1);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
