import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageFactory } from 'botbuilder';
import { createLogger } from '../../src/logger';
import { ConversationRegistry } from '../../src/notify/conversationRegistry';
import { Outbox } from '../../src/notify/outbox';
import type { ProactiveSender } from '../../src/bot/proactiveSender';
import { startSandbox, type SandboxHandle } from '../../src/sandbox';
import { FileStorage } from '../../src/store/fileStorage';
import { ALEX, BOT, MEGAN, TENANT_ID } from '../helpers/activities';
import { ConnectorRecorder } from '../helpers/connectorRecorder';
import { BotChild } from './botChild';

/**
 * Teams (a recording connector), Azure (the sandbox, which outlives the bot) and a DATA_DIR, for
 * bot processes that the resilience tests kill and start again.
 */
export class ResilienceWorld {
  readonly connector = new ConnectorRecorder();
  sandbox!: SandboxHandle;
  dataDir = '';
  caFile = '';
  /** Every bot process started on this world, so a failed test cannot leave one holding the DATA_DIR. */
  private readonly bots: BotChild[] = [];

  async start(): Promise<this> {
    await this.connector.start();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilience-'));
    this.sandbox = await startSandbox({});
    this.caFile = path.join(os.tmpdir(), `resilience-ca-${process.pid}-${path.basename(this.dataDir)}.pem`);
    fs.writeFileSync(this.caFile, this.sandbox.caPem);
    return this;
  }

  async stop(): Promise<void> {
    await this.sandbox?.close();
    await this.connector.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    fs.rmSync(this.caFile, { force: true });
  }

  /** A bot process on this world's DATA_DIR and sandbox. */
  bot(env: Record<string, string> = {}): BotChild {
    const child = new BotChild({
      DATA_DIR: this.dataDir,
      SANDBOX_URL: this.sandbox.url,
      SANDBOX_CA_FILE: this.caFile,
      OPERATORS: ALEX.aadObjectId,
      APPROVERS: MEGAN.aadObjectId,
      ...env,
    });
    this.bots.push(child);
    return child;
  }

  /** Kills the bot processes a test left running (after a failed expectation): the next test starts clean. */
  async killLeftBots(): Promise<void> {
    for (const child of this.bots.splice(0)) if (child.alive) await child.stop('SIGKILL');
  }

  /**
   * Before any bot runs: registers conversations (their serviceUrl is the recorder) and queues
   * `perConversation` messages in each, whose text is their key. Returns the keys.
   */
  async seedOutbox(conversations: string[], perConversation: number): Promise<string[]> {
    const storage = new FileStorage(this.dataDir);
    const logger = createLogger('silent');
    const registry = new ConversationRegistry({ storage, logger });
    for (const id of conversations) {
      await registry.touch({ serviceUrl: this.connector.url, channelId: 'msteams', bot: BOT, conversation: { id, conversationType: 'channel', tenantId: TENANT_ID, isGroup: true, name: '' } });
    }
    const unused: ProactiveSender = { send: () => Promise.reject(new Error('not sending here')), update: () => Promise.reject(new Error('not sending here')) };
    const outbox = new Outbox({ storage, registry, sender: unused, logger });
    const keys: string[] = [];
    for (let n = 0; n < perConversation; n++) {
      for (const conversationId of conversations) {
        const key = `seed:${conversationId}:${n}`;
        await outbox.enqueue({ key, conversationId, kind: 'send', activity: MessageFactory.text(key) });
        keys.push(key);
      }
    }
    await outbox.stop();
    return keys;
  }

  /** Successful deliveries per message text (a key), counting every 2xx POST the connector answered. */
  deliveries(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.connector.sent()) {
      const text = String(call.body?.text ?? '');
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    return counts;
  }
}
