import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import { createLogger } from '../../../src/logger';
import { createAdapterSender } from '../../../src/teams/adapterSender';
import { ConversationRegistry } from '../../../src/notify/conversationRegistry';
import { Outbox } from '../../../src/notify/outbox';
import { BlobStorage } from '../../../src/store/blobStorage';
import { TestAzurite } from '../../helpers/azurite';
import { ConnectorRecorder } from '../../helpers/connectorRecorder';

// Two replicas' outboxes on one container: enqueuing is create-only on the service, so the same
// idempotency key enqueued by both at the same moment is queued once and sent once.
const azurite = new TestAzurite();
const connector = new ConnectorRecorder();

beforeAll(async () => {
  await Promise.all([azurite.start(), connector.start()]);
});
afterAll(async () => {
  await connector.stop();
  await azurite.stop();
});

it('queues and sends a key enqueued by two replicas at once exactly once', async () => {
  const container = `outbox-${Date.now().toString(36)}`;
  const logger = createLogger('silent');
  const replica = () => {
    const storage = new BlobStorage(azurite.container(container));
    const registry = new ConversationRegistry({ storage, logger });
    const sender = createAdapterSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
    return { registry, outbox: new Outbox({ storage, registry, sender, logger }) };
  };
  const [a, b] = [replica(), replica()];
  await a.registry.touch({ serviceUrl: connector.url, channelId: 'msteams', conversation: { id: '19:ops@thread.tacv2', isGroup: true, conversationType: 'channel', tenantId: 't', name: '' } });

  for (let i = 0; i < 5; i++) {
    const message = { key: `alert:job-${i}:19:ops@thread.tacv2`, conversationId: '19:ops@thread.tacv2', kind: 'send' as const, activity: MessageFactory.text(`alert ${i}`) };
    const results = await Promise.all([a.outbox.enqueue(message), b.outbox.enqueue(message)]);
    expect(results.filter((r) => r.queued)).toHaveLength(1);
    expect(results.filter((r) => r.reason === 'duplicate')).toHaveLength(1);
  }
  await a.outbox.drain({ timeoutMs: 30_000 });
  expect(connector.sent('19:ops@thread.tacv2').map((c) => c.body.text).sort()).toEqual(['alert 0', 'alert 1', 'alert 2', 'alert 3', 'alert 4']);
});
