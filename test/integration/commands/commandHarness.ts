import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../../src/app';
import { cardBytes, MAX_CARD_BYTES } from '../../../src/bot/cards';
import { startSandbox, type SandboxControl, type SandboxHandle, type SandboxOptions } from '../../../src/sandbox';
import { FileStorage } from '../../../src/store/fileStorage';
import { ALEX, invokeActivity, messageActivity, postActivity, type TestUser } from '../../helpers/activities';
import { assertValidCard } from '../../helpers/cardValidation';
import { ConnectorRecorder, type RecordedCall } from '../../helpers/connectorRecorder';
import { testConfig } from '../../helpers/testConfig';

export const CHANNEL = '19:backup-ops@thread.tacv2';

type Json = Record<string, unknown>;

export interface HarnessOptions {
  /** `in-app` (default): the bot's own sandbox on its simulated clock. `external`: the test owns it, so it outlives bot restarts. */
  sandbox?: 'in-app' | 'external';
  /** Extra settings (e.g. SANDBOX_ESTATE for a large estate). */
  env?: Record<string, string>;
  /** Options of the external sandbox. */
  sandboxOptions?: SandboxOptions;
}

/** A posted card, what a user reads on it, and its buttons. */
export interface Posted {
  call: RecordedCall;
  card: Json;
  text: string;
  buttons: Array<{ title: string; verb: string; data: Json }>;
}

/**
 * The bot as Teams sees it: startApp over real HTTP, the real SDKs against the sandbox, and a
 * connector recorder for what the bot posts and edits. Every card that goes through `say`,
 * `click` or `cardsOfUpdates` is checked with the Adaptive Card validator and the 28 KB limit.
 */
export class CommandHarness {
  app!: RunningApp;
  readonly connector = new ConnectorRecorder();
  dataDir = '';
  private external?: SandboxHandle;
  private caFile = '';

  constructor(private readonly options: HarnessOptions = {}) {}

  async start(): Promise<this> {
    await this.connector.start();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commands-it-'));
    if (this.options.sandbox === 'external') {
      this.external = await startSandbox(this.options.sandboxOptions ?? {});
      this.caFile = path.join(this.dataDir, 'sandbox-ca.pem');
      fs.writeFileSync(this.caFile, this.external.caPem);
    }
    this.app = await this.startBot();
    return this;
  }

  /** A process restart: the bot stops and a new one starts on the same data dir (external sandbox only). */
  async restart(): Promise<void> {
    if (!this.external) throw new Error('restart needs the external sandbox, which survives the bot');
    await this.app.close();
    this.app = await this.startBot();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.external?.close();
    await this.connector.stop();
  }

  get control(): SandboxControl {
    const control = this.external?.control ?? this.app.sandbox?.handle?.control;
    if (!control) throw new Error('no sandbox control');
    return control;
  }

  /** Types a command in the ops channel (with the bot @mentioned) and returns the one card posted in reply. */
  async say(text: string, from: TestUser = ALEX, conversationId = CHANNEL): Promise<Posted> {
    const before = this.connector.sent(conversationId).length;
    const activity = messageActivity(text, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', mention: true });
    const res = await postActivity(this.app.url, activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    await this.connector.waitFor(() => this.connector.sent(conversationId).length > before, 45_000, `the reply to "${text}"`);
    return posted(this.connector.sent(conversationId)[before]);
  }

  /** Clicks an Action.Execute button; returns the invoke response (a card for the clicker, or a notice). */
  async click(verb: string, data: Json, from: TestUser = ALEX, replyToId?: string, conversationId = CHANNEL): Promise<{ type: string; value: unknown; card?: Json; text: string }> {
    const res = await postActivity(this.app.url, invokeActivity(verb, data, { serviceUrl: this.connector.url, from, conversationId, conversationType: 'channel', replyToId }));
    if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    if (body.statusCode !== 200) throw new Error(`invoke answered ${JSON.stringify(body)}`);
    if (body.type === 'application/vnd.microsoft.card.adaptive') {
      const card = body.value as Json;
      checkCard(card);
      return { type: body.type, value: card, card, text: textOf(card) };
    }
    return { type: body.type, value: body.value, text: String(body.value) };
  }

  /** Messages posted (anywhere) after the first `from` ones, each card checked. */
  sentSince(from: number): Posted[] {
    return this.connector.sent().slice(from).map(posted);
  }

  /** Edits (PUT) of one posted message, each card checked. */
  updatesOf(activityId: string): Posted[] {
    return this.connector
      .updates()
      .filter((call) => call.activityId === activityId)
      .map(posted);
  }

  private startBot(): Promise<RunningApp> {
    const external: Record<string, string> = this.external ? { SANDBOX_URL: this.external.url, SANDBOX_CA_FILE: this.caFile } : {};
    const config = testConfig({ DATA_DIR: this.dataDir, ...external, ...(this.options.env ?? {}) });
    // With an external sandbox the domain clock is the sandbox's simulated one, as in the bot's own.
    const clock = this.external ? () => this.external!.control.now() : undefined;
    return startApp(config, { storage: new FileStorage(path.join(this.dataDir, 'store')), clock, schedulers: false });
  }
}

function posted(call: RecordedCall): Posted {
  const card = call.body.attachments?.[0]?.content as Json | undefined;
  if (!card) throw new Error(`no card in ${JSON.stringify(call.body)}`);
  checkCard(card);
  return { call, card, text: textOf(card), buttons: buttonsOf(card) };
}

/** Valid Adaptive Card 1.5 under Teams' 28 KB limit, or the test fails here. */
export function checkCard(card: Json): void {
  assertValidCard(card);
  if (cardBytes(card) >= MAX_CARD_BYTES) throw new Error(`card is ${cardBytes(card)} bytes`);
}

/** What a user reads: every TextBlock and fact, in order. */
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

export function buttonsOf(card: unknown): Array<{ title: string; verb: string; data: Json }> {
  const buttons: Array<{ title: string; verb: string; data: Json }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.Execute') buttons.push({ title: String(n.title), verb: String(n.verb), data: (n.data ?? {}) as Json });
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return buttons;
}
