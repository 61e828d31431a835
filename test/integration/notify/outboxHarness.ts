import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { MessageFactory, type Activity } from 'botbuilder';
import { createAdapter } from '../../../src/teams/adapter';
import { createLogger, type Logger } from '../../../src/logger';
import { createAdapterSender } from '../../../src/teams/adapterSender';
import { ConversationRegistry } from '../../../src/notify/conversationRegistry';
import { Outbox } from '../../../src/notify/outbox';
import type { OutboxLimits } from '../../../src/notify/outboxLimits';
import type { ProactiveSender } from '../../../src/bot/proactiveSender';
import { FileStorage } from '../../../src/store/fileStorage';
import { BOT, TENANT_ID } from '../../helpers/activities';
import { testConfig } from '../../helpers/testConfig';
import { ConnectorRecorder } from '../../helpers/connectorRecorder';

/** Everything an outbox test needs: a connector recorder, the real adapter sender, files in a temp dir. */
export class OutboxHarness {
  readonly recorder = new ConnectorRecorder();
  readonly logLines: Array<Record<string, unknown>> = [];
  readonly logger: Logger;
  readonly sender: ProactiveSender;
  dir = '';
  private readonly outboxes: Outbox[] = [];

  constructor() {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) this.logLines.push(JSON.parse(line));
        done();
      },
    });
    this.logger = createLogger('debug', sink);
    // The production adapter (CloudAdapter in anonymous mode, with the bot's onTurnError), as the
    // bot runs locally: a turn-error handler that swallowed connector errors once hid every 429/403/500.
    const adapter = createAdapter(testConfig({ DATA_DIR: os.tmpdir() }), this.logger);
    this.sender = createAdapterSender(adapter, '');
  }

  async start(): Promise<this> {
    await this.recorder.start();
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-'));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(this.outboxes.map((o) => o.stop()));
    await this.recorder.stop();
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  /** A fresh "process": new FileStorage, registry and outbox over the same directory. */
  open(limits: Partial<OutboxLimits> = {}, sender: ProactiveSender = this.sender, now?: () => number): { storage: FileStorage; registry: ConversationRegistry; outbox: Outbox } {
    const storage = new FileStorage(this.dir, { logger: this.logger });
    const registry = new ConversationRegistry({ storage, logger: this.logger, now });
    const outbox = new Outbox({ storage, registry, sender, logger: this.logger, limits, now });
    this.outboxes.push(outbox);
    return { storage, registry, outbox };
  }

  /** Registers conversations whose serviceUrl is the recorder, as an incoming activity would. */
  async register(registry: ConversationRegistry, ids: string[], conversationType = 'channel'): Promise<void> {
    for (const id of ids) {
      await registry.touch({
        serviceUrl: this.recorder.url,
        channelId: 'msteams',
        bot: BOT,
        conversation: { id, conversationType, tenantId: TENANT_ID, isGroup: conversationType !== 'personal', name: '' },
      });
    }
  }

  logsWith(msg: string): Array<Record<string, unknown>> {
    return this.logLines.filter((line) => typeof line.msg === 'string' && line.msg.includes(msg));
  }
}

export function text(value: string): Partial<Activity> {
  return MessageFactory.text(value);
}
