import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import type { Logger } from '../../src/logger';
import { startSandbox, type SandboxControl, type SandboxHandle, type SandboxOptions } from '../../src/sandbox';
import { FileStorage } from '../../src/store/fileStorage';
import { Outbox } from '../../src/notify/outbox';
import { invokeActivity, messageActivity, postActivity, type TestUser } from './activities';
import { ConnectorRecorder, type RecordedCall } from './connectorRecorder';
import { testConfig } from './testConfig';

export interface BotHarnessOptions {
  /**
   * `in-app` (default): the bot starts the sandbox in its process and runs on its simulated clock.
   * `external`: the test owns the sandbox, which stands for Azure and outlives bot restarts; the bot
   * reaches it through SANDBOX_URL / SANDBOX_CA_FILE and still runs on its simulated clock.
   */
  sandbox?: 'in-app' | 'external';
  sandboxOptions?: SandboxOptions;
  /** Settings on top of testConfig(), for every start. */
  env?: Record<string, string>;
  /** The background runner's timers: job follower, watcher, due-check (default on, as in production; the lease renewal and the outbox run either way). */
  schedulers?: boolean;
  /** The bot's logger (default: silent, per testConfig). */
  logger?: Logger;
  /** How long an approval click waits for the change before answering "being made" (the app's default unless set). */
  approvalInvokeDeadlineMs?: number;
}

export interface InvokeResponse {
  statusCode: number;
  type: string;
  value: unknown;
}

/**
 * The bot as Teams sees it: startApp over real HTTP, the real SDKs against the sandbox, a connector
 * recorder for what the bot posts and edits, and the file store in a temp data dir.
 */
export class BotHarness {
  app!: RunningApp;
  readonly connector = new ConnectorRecorder();
  dataDir = '';
  /** Ids of the messages the test typed, to tell replies from proactive posts. */
  protected readonly typed = new Set<string>();
  protected external?: SandboxHandle;
  private caFile = '';

  constructor(protected readonly options: BotHarnessOptions = {}) {}

  async start(env: Record<string, string> = {}): Promise<this> {
    await this.connector.start();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-it-'));
    if (this.options.sandbox === 'external') {
      this.external = await startSandbox(this.options.sandboxOptions ?? {});
      this.caFile = path.join(this.dataDir, 'sandbox-ca.pem');
      fs.writeFileSync(this.caFile, this.external.caPem);
    }
    this.app = await this.startBot(env);
    return this;
  }

  /** A process restart: the bot stops cleanly and a new one starts on the same data dir (external sandbox only). */
  async restart(env: Record<string, string> = {}): Promise<void> {
    if (!this.external) throw new Error('restart needs the external sandbox, which survives the bot');
    await this.app.close();
    this.app = await this.startBot(env);
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.external?.close();
    await this.connector.stop();
    if (this.dataDir !== '') fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  get sandbox(): SandboxControl {
    const control = this.external?.control ?? this.app.sandbox?.handle?.control;
    if (!control) throw new Error('no sandbox control');
    return control;
  }

  /** Posts a typed message (channels get the bot's @mention, as Teams sends it) and returns the activity sent. */
  async postMessage(text: string, from: TestUser, conversationId: string, conversationType: 'channel' | 'personal' = 'channel'): Promise<Record<string, unknown>> {
    const activity = messageActivity(text, { serviceUrl: this.connector.url, from, conversationId, conversationType, mention: conversationType === 'channel' });
    const res = await postActivity(this.app.url, activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    return activity;
  }

  /**
   * Types a command and waits for the bot's answer to it: the first message posted in reply to that
   * activity (its replyToId), so concurrent commands and proactive posts cannot be mistaken for it.
   * The one say-and-wait every integration harness builds on.
   */
  async reply(text: string, from: TestUser, conversationId: string, conversationType: 'channel' | 'personal' = 'channel', timeoutMs = 30_000): Promise<RecordedCall> {
    const id = String((await this.postMessage(text, from, conversationId, conversationType)).id);
    this.typed.add(id);
    const answer = () => this.connector.sent(conversationId).find((call) => call.body?.replyToId === id);
    await this.connector.waitFor(() => answer() !== undefined, timeoutMs, `the reply to "${text}"`);
    return answer()!;
  }

  /** Clicks an Action.Execute button and returns the card the clicker gets back (anything else is an error here). */
  async clickForCard(verb: string, data: Record<string, unknown>, from: TestUser, conversationId: string, replyToId?: string): Promise<Record<string, unknown>> {
    const body = await this.invoke(verb, data, from, conversationId, replyToId);
    if (body.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`unexpected invoke response ${JSON.stringify(body)}`);
    return body.value as Record<string, unknown>;
  }

  /** Clicks an Action.Execute button (adaptiveCard/action invoke) on the message `replyToId`. */
  async invoke(verb: string, data: Record<string, unknown>, from: TestUser, conversationId: string, replyToId?: string): Promise<InvokeResponse> {
    const res = await postActivity(this.app.url, invokeActivity(verb, data, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', replyToId }));
    if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as InvokeResponse;
    if (body.statusCode !== 200) throw new Error(`unexpected invoke response ${JSON.stringify(body)}`);
    await this.outboxSettled();
    return body;
  }

  /**
   * Waits until the outbox has sent what it holds. Everyone's copy of a clicked card is edited
   * through the outbox (one ordered path per message, issue 12), just after the clicker's answer.
   */
  async outboxSettled(timeoutMs = 15_000): Promise<void> {
    const outbox = this.app.services.notify.outbox;
    if (outbox instanceof Outbox) await outbox.drain({ timeoutMs });
  }

  private startBot(env: Record<string, string>): Promise<RunningApp> {
    const external: Record<string, string> = this.external ? { SANDBOX_URL: this.external.url, SANDBOX_CA_FILE: this.caFile } : {};
    const config = testConfig({ DATA_DIR: this.dataDir, ...external, ...(this.options.env ?? {}), ...env });
    const handle = this.external;
    return startApp(config, {
      storage: new FileStorage(path.join(this.dataDir, 'store')),
      clock: handle ? () => handle.control.now() : undefined,
      schedulers: this.options.schedulers,
      logger: this.options.logger,
      approvalInvokeDeadlineMs: this.options.approvalInvokeDeadlineMs,
    });
  }
}
