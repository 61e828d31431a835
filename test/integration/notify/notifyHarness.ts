import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../../src/app';
import type { NotifyServices } from '../../../src/notify/notifyServices';
import type { Outbox } from '../../../src/notify/outbox';
import { startSandbox, type SandboxControl, type SandboxHandle } from '../../../src/sandbox';
import { FileStorage } from '../../../src/store/fileStorage';
import { ConnectorRecorder, type RecordedCall } from '../../helpers/connectorRecorder';
import { invokeActivity, messageActivity, postActivity, type TestUser } from '../../helpers/activities';
import { testConfig } from '../../helpers/testConfig';

type Json = Record<string, unknown>;

/** A Friday before the spring DST change in Europe (Sunday 29 March 2026, 01:00 UTC). */
export const SANDBOX_START = '2026-03-20T12:00:00.000Z';

/**
 * The bot as Teams sees it, for proactive messages: startApp over real HTTP, the real SDKs against a
 * sandbox that outlives bot restarts (it stands for Azure), the real CloudAdapter posting to a
 * connector recorder, and the file store in a temp dir. The bot runs on the sandbox's simulated
 * clock; its timers are off and tests call the watcher and the due-checks themselves.
 */
export class NotifyHarness {
  app!: RunningApp;
  readonly connector = new ConnectorRecorder();
  sandboxHandle!: SandboxHandle;
  dataDir = '';
  private caFile = '';
  /** Ids of the activities the test sent, to tell replies from proactive posts. */
  private readonly incoming = new Set<string>();

  async start(env: Record<string, string> = {}): Promise<this> {
    await this.connector.start();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-it-'));
    this.sandboxHandle = await startSandbox({ startTime: SANDBOX_START });
    this.caFile = path.join(this.dataDir, 'sandbox-ca.pem');
    fs.writeFileSync(this.caFile, this.sandboxHandle.caPem);
    this.app = await this.startBot(env);
    return this;
  }

  /** Stops the bot (awaiting its clean shutdown) and starts a new one on the same files: a process restart. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.app.close();
    this.app = await this.startBot(env);
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.sandboxHandle?.close();
    await this.connector.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  get sandbox(): SandboxControl {
    return this.sandboxHandle.control;
  }

  get notify(): NotifyServices {
    const notify = this.app.services.notify;
    if (notify === undefined) throw new Error('notify is not wired');
    return notify;
  }

  /** Waits until everything queued in the outbox is sent (or parked). */
  async drain(): Promise<void> {
    await (this.notify.outbox as Outbox).drain({ timeoutMs: 20_000 });
  }

  async advance(minutes: number): Promise<Date> {
    await this.sandbox.advanceClock(minutes);
    return this.sandbox.now();
  }

  /** Moves the sandbox clock to an instant (forward only). */
  async advanceTo(iso: string): Promise<Date> {
    const minutes = (Date.parse(iso) - this.sandbox.now().getTime()) / 60_000;
    if (minutes < 0) throw new Error(`the sandbox clock is already past ${iso}`);
    return this.advance(minutes);
  }

  /** Types a command in a conversation and returns the card the bot replied with. */
  async say(text: string, from: TestUser, conversationId: string, conversationType: 'channel' | 'personal' = 'channel'): Promise<Json> {
    const activity = messageActivity(text, { serviceUrl: this.connector.url, from, conversationId, conversationType, mention: conversationType === 'channel' });
    const id = String(activity.id);
    this.incoming.add(id);
    const res = await postActivity(this.app.url, activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    const replyTo = () => this.connector.sent(conversationId).find((c) => c.body?.replyToId === id);
    await this.connector.waitFor(() => replyTo() !== undefined, 30_000, `the reply to "${text}"`);
    return cardOf(replyTo()!);
  }

  /** Clicks an Action.Execute button on the message `replyToId` and returns the card the clicker gets. */
  async click(verb: string, data: Json, from: TestUser, conversationId: string, replyToId?: string): Promise<Json> {
    const res = await postActivity(this.app.url, invokeActivity(verb, data, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', replyToId }));
    if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as { statusCode: number; type: string; value: Json };
    if (body.statusCode !== 200) throw new Error(`unexpected invoke response ${JSON.stringify(body)}`);
    return body.value;
  }

  /** Proactive posts (not replies to a typed command) the bot made to a conversation, oldest first. */
  proactive(conversationId: string): RecordedCall[] {
    return this.connector.sent(conversationId).filter((c) => !this.incoming.has(c.body?.replyToId));
  }

  private startBot(env: Record<string, string>): Promise<RunningApp> {
    const config = testConfig({ DATA_DIR: this.dataDir, SANDBOX_URL: this.sandboxHandle.url, SANDBOX_CA_FILE: this.caFile, ...env });
    return startApp(config, {
      storage: new FileStorage(path.join(this.dataDir, 'store')),
      clock: () => this.sandboxHandle.control.now(),
      schedulers: false,
    });
  }
}

export function cardOf(call: RecordedCall): Json {
  const attachments = call.body.attachments as Array<{ content: Json }> | undefined;
  if (!attachments?.[0]) throw new Error(`no card in ${JSON.stringify(call.body)}`);
  return attachments[0].content;
}

/** What a user reads: every TextBlock and fact. */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'TextBlock') parts.push(String(n.text));
      if (n.type === 'FactSet') (n.facts as Array<{ title: string; value: string }>).forEach((f) => parts.push(`${f.title}: ${f.value}`));
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The Action.Execute buttons of a card. */
export function buttonsOf(card: Json): Array<{ title: string; verb: string; data: Json }> {
  return ((card.actions as Array<Json> | undefined) ?? []).filter((a) => a.type === 'Action.Execute') as Array<{ title: string; verb: string; data: Json }>;
}
