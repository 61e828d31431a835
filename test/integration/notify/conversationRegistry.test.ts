import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConversationReference, Storage, StoreItems } from 'botbuilder';
import { createLogger } from '../../../src/logger';
import { createAdapter } from '../../../src/teams/adapter';
import { createChannelAuthentication } from '../../../src/teams/channelAuth';
import { BackupBot } from '../../../src/teams/backupBot';
import { activityEndpoint } from '../../../src/teams/activityEndpoint';
import { CARD_ACTIONS, COMMANDS } from '../../../src/registry/commandRegistry';
import { canonicalConversationId, ConversationRegistry } from '../../../src/notify/conversationRegistry';
import { teamsPlaceOf } from '../../../src/bot/teamsPlace';
import { TeamRoleResolver } from '../../../src/approvals/roleResolver';
import { startServer } from '../../../src/http/server';
import type { Services } from '../../../src/services';
import { FileStorage } from '../../../src/store/fileStorage';
import { readItem } from '../../../src/store/storeHelpers';
import { BOT, TENANT_ID, messageActivity, postActivity } from '../../helpers/activities';
import { ConnectorRecorder } from '../../helpers/connectorRecorder';
import { testConfig } from '../../helpers/testConfig';

const logger = createLogger('silent');

/** FileStorage that counts the calls reaching it, to prove touch stays cheap. */
class CountingStorage implements Storage {
  reads = 0;
  writes = 0;
  constructor(private readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> {
    this.reads++;
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.writes++;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

function reference(overrides: { serviceUrl?: string; conversationId?: string; conversationType?: string; activityId?: string; user?: string } = {}): Partial<ConversationReference> {
  return {
    activityId: overrides.activityId ?? 'activity-1',
    user: { id: overrides.user ?? '29:alex', name: 'Alex', aadObjectId: '11111111-1111-4111-8111-111111111111' },
    bot: BOT,
    conversation: { id: overrides.conversationId ?? 'a:personal-chat', conversationType: overrides.conversationType ?? 'personal', tenantId: TENANT_ID, isGroup: false, name: '' },
    channelId: 'msteams',
    locale: 'en-US',
    serviceUrl: overrides.serviceUrl ?? 'https://smba.trafficmanager.net/emea/',
  };
}

let dir: string;
let files: FileStorage;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-'));
  files = new FileStorage(dir);
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('ConversationRegistry', () => {
  it('saves what a proactive send needs, and not the user or the activity', async () => {
    const registry = new ConversationRegistry({ storage: files, logger });
    await registry.touch(reference());
    const record = await registry.get('a:personal-chat');
    expect(record).toMatchObject({
      conversationId: 'a:personal-chat',
      reference: {
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        channelId: 'msteams',
        bot: BOT,
        conversation: { id: 'a:personal-chat', conversationType: 'personal', tenantId: TENANT_ID, isGroup: false },
      },
    });
    expect(JSON.stringify(record)).not.toMatch(/29:alex|activity-1/);
    expect((await registry.list()).map((r) => r.conversationId)).toEqual(['a:personal-chat']);
  });

  it('does not write on every activity: one write for 100 touches, and no read once cached', async () => {
    const counting = new CountingStorage(files);
    const registry = new ConversationRegistry({ storage: counting, logger });
    await registry.touch(reference());
    const afterFirst = { reads: counting.reads, writes: counting.writes };
    expect(afterFirst.writes).toBe(2); // the record and the index
    for (let i = 0; i < 100; i++) await registry.touch(reference({ activityId: `activity-${i}`, user: `29:user-${i}` }));
    expect(counting.writes).toBe(afterFirst.writes);
    expect(counting.reads).toBe(afterFirst.reads);
  });

  it('compares with the stored copy when it has no cached one (a restart) and still does not write', async () => {
    await new ConversationRegistry({ storage: files, logger }).touch(reference());
    const before = await readItem(files, 'conversation/a:personal-chat');
    await new ConversationRegistry({ storage: files, logger }).touch(reference({ activityId: 'another' }));
    expect((await readItem(files, 'conversation/a:personal-chat'))?.eTag).toBe(before?.eTag);
  });

  it('refreshes the reference when the serviceUrl changes, keeping when it was first seen', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const registry = new ConversationRegistry({ storage: files, logger, now: () => clock });
    await registry.touch(reference());
    clock += 60_000;
    await registry.touch(reference({ serviceUrl: 'https://smba.trafficmanager.net/amer/' }));
    const record = await registry.get('a:personal-chat');
    expect(record?.reference.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
    expect(record?.firstSeenAt).toBe('2026-01-01T00:00:00.000Z');
    expect(record?.updatedAt).toBe('2026-01-01T00:01:00.000Z');
    expect(await registry.list()).toHaveLength(1);
  });

  it('keys a channel by the channel, not by the thread a message came from, and keeps team details', async () => {
    const registry = new ConversationRegistry({ storage: files, logger });
    const place = teamsPlaceOf({ team: { id: '19:team@thread.tacv2', name: 'Infra' }, channel: { id: '19:ops@thread.tacv2', name: 'Ops' } });
    await registry.touch(reference({ conversationId: '19:ops@thread.tacv2;messageid=1700000000000', conversationType: 'channel' }), place);
    await registry.touch(reference({ conversationId: '19:ops@thread.tacv2;messageid=1700000000999', conversationType: 'channel' }));
    expect(canonicalConversationId('19:ops@thread.tacv2;messageid=1')).toBe('19:ops@thread.tacv2');
    const records = await registry.list();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ conversationId: '19:ops@thread.tacv2', reference: { conversation: { id: '19:ops@thread.tacv2' } }, teams: { teamId: '19:team@thread.tacv2', teamName: 'Infra', channelName: 'Ops' } });
    expect(await registry.get('19:ops@thread.tacv2;messageid=42')).toEqual(records[0]);
  });

  it('keeps a retired conversation marked with reason and time, and revives it on the next activity', async () => {
    const clock = Date.UTC(2026, 2, 1);
    const registry = new ConversationRegistry({ storage: files, logger, now: () => clock });
    await registry.touch(reference());
    await registry.retire('a:personal-chat', 'BotNotInConversationRoster');
    expect((await registry.get('a:personal-chat'))?.retired).toEqual({ reason: 'BotNotInConversationRoster', at: '2026-03-01T00:00:00.000Z' });
    expect((await registry.list())[0].retired?.reason).toBe('BotNotInConversationRoster');
    await registry.touch(reference());
    expect((await registry.get('a:personal-chat'))?.retired).toBeUndefined();
  });

  it('sees a retirement made by another replica once its cache entry is older than the TTL', async () => {
    let clock = Date.UTC(2026, 2, 1);
    const mine = new ConversationRegistry({ storage: files, logger, now: () => clock, cacheTtlMs: 60_000 });
    const theirs = new ConversationRegistry({ storage: files, logger, now: () => clock });
    await mine.touch(reference());
    await theirs.retire('a:personal-chat', 'uninstalled');
    clock += 61_000;
    await mine.touch(reference());
    expect((await mine.get('a:personal-chat'))?.retired).toBeUndefined();
  });

  it('ignores a reference without conversation id, serviceUrl or channel, and a retire of an unknown id', async () => {
    const registry = new ConversationRegistry({ storage: files, logger });
    await registry.touch({ channelId: 'msteams', conversation: { id: 'x', isGroup: false, conversationType: 'personal', name: '' } });
    await registry.touch({ serviceUrl: 'https://x/', channelId: 'msteams' });
    await registry.retire('never-seen', 'uninstalled');
    expect(await registry.list()).toEqual([]);
    expect(await registry.get('never-seen')).toBeUndefined();
  });
});

describe('ConversationRegistry behind the real bot', () => {
  const connector = new ConnectorRecorder();

  beforeAll(async () => {
    await connector.start();
  });
  afterAll(async () => {
    await connector.stop();
  });

  it('registers a channel on a message and retires it when the app is uninstalled', async () => {
    const config = testConfig();
    const registry = new ConversationRegistry({ storage: files, logger });
    // Only what the help command, role resolution and the registry hooks use: no Azure service is needed here.
    const used: Pick<Services, 'config' | 'logger' | 'storage' | 'conversations' | 'roles' | 'clock'> = { config, logger, storage: files, conversations: registry, roles: new TeamRoleResolver(config, logger), clock: () => new Date() };
    const services = used as Services;
    const auth = createChannelAuthentication(config);
    const bot = new BackupBot(services, { commands: COMMANDS, cardActions: CARD_ACTIONS });
    const server = await startServer({ port: 0, activities: activityEndpoint({ adapter: createAdapter(config, logger, auth), auth, bot, logger }), logger, health: () => ({ status: 'ok' }) });
    try {
      const message = messageActivity('help', { serviceUrl: connector.url, conversationType: 'channel', conversationId: '19:ops@thread.tacv2;messageid=1700000000000', mention: true });
      expect((await postActivity(server.url, message)).status).toBe(200);
      expect(await registry.get('19:ops@thread.tacv2')).toMatchObject({ reference: { serviceUrl: connector.url, conversation: { id: '19:ops@thread.tacv2', tenantId: TENANT_ID } } });

      const uninstall = { ...message, id: 'uninstall-1', type: 'installationUpdate', action: 'remove', text: undefined, entities: undefined };
      expect((await postActivity(server.url, uninstall)).status).toBeLessThan(300);
      expect((await registry.get('19:ops@thread.tacv2'))?.retired?.reason).toBe('uninstalled');
    } finally {
      await server.close();
      await fs.rm(config.dataDir, { recursive: true, force: true });
    }
  });
});
