import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page, Route, WebSocket } from 'playwright-core';
import { ALEX, CHANNELS, type ConversationName, type PlaygroundUser } from './users';

export const RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'e2e');
export const DOCS_SCREENSHOTS_DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'images');

const CARD = '.ac-adaptiveCard';
const COMPOSER = '[contenteditable=true][role=textbox]';
const SEEN = 'data-e2e-seen';
const HANDLE = 'data-e2e-card';
const DEFAULT_WAIT_MS = 20_000;

/** One line of the Playground's log panel, as its server streams it (/_ws/log/stream). */
export interface PlaygroundLogEntry {
  timestamp?: number;
  displayText?: string;
  activityName?: string;
  from?: string;
  to?: string;
  response?: { statusCode?: number; body?: unknown };
  [key: string]: unknown;
}

/**
 * Drives the Playground's web client like a person: pick a conversation, type, read cards,
 * click card buttons. Everything goes through the real UI, the Playground server and the bot.
 */
/** First words of the bot's welcome card (cards/welcome.json). */
export const WELCOME_TITLE = 'Azure VM Backup is here';

export class PlaygroundPage {
  private actingAs: PlaygroundUser = ALEX;
  private routeInstalled = false;
  private conversation: string = 'Personal Chat';
  /** The bot's display name in the Playground (its config file), needed to @mention it. */
  private botName = '';
  private cardCount = 0;
  readonly log: PlaygroundLogEntry[] = [];

  constructor(
    readonly page: Page,
    readonly url: string,
  ) {
    page.on('websocket', (ws) => this.recordLog(ws));
  }

  /** Opens the web client and waits until its composer is ready. */
  async open(): Promise<void> {
    // The client asks a CDN for fonts; nothing leaves this machine.
    await this.page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    const config = (await (await this.page.request.get(`${this.url}/_internal/v1/config`)).json()) as { config: { bot: { name: string } } };
    this.botName = config.config.bot.name;
    await this.page.goto(this.url);
    await this.page.locator(COMPOSER).first().waitFor({ timeout: DEFAULT_WAIT_MS });
  }

  /** Selects a chat or channel in the left rail, by the name shown there (see CONVERSATIONS). */
  async openConversation(name: ConversationName | string): Promise<void> {
    const item = this.page.getByRole('treeitem', { name: new RegExp(`(^| - )${escapeRegExp(name)}$`) });
    await item.click();
    this.conversation = name;
    await this.page.locator(COMPOSER).first().waitFor({ timeout: DEFAULT_WAIT_MS });
  }

  /**
   * Types a message as the current user (see actAs) and returns the bot's reply card.
   * In a channel it starts a new post that @mentions the bot, as Teams requires.
   */
  async typeMessage(text: string, options: { timeoutMs?: number } = {}): Promise<Locator> {
    await this.markCardsSeen();
    const composer = this.page.locator(COMPOSER).first();
    await composer.click();
    if (CHANNELS.includes(this.conversation)) {
      await this.page.keyboard.type(`@${this.botName.slice(0, 3)}`);
      await this.page.locator('#typeahead-menu [role=menuitem]').filter({ hasText: this.botName }).first().click();
      await this.page.keyboard.type(` ${text}`);
      await this.page.getByRole('button', { name: 'Post', exact: true }).click();
    } else {
      await this.page.keyboard.type(text);
      await this.page.keyboard.press('Enter');
    }
    return this.waitForNewCard(options.timeoutMs);
  }

  /**
   * The first card that appeared since the last typeMessage/markCardsSeen (e.g. a proactive alert).
   * The Playground sends installationUpdate when a conversation is first opened, and the bot
   * answers with its welcome card at any moment around then: that card counts only when asked for.
   */
  async waitForNewCard(timeoutMs = DEFAULT_WAIT_MS, options: { welcome?: boolean } = {}): Promise<Locator> {
    const unseen = this.page.locator(`${CARD}:not([${SEEN}])`);
    const fresh = (options.welcome ? unseen.filter({ hasText: WELCOME_TITLE }) : unseen.filter({ hasNotText: WELCOME_TITLE })).first();
    await fresh.waitFor({ timeout: timeoutMs });
    // The card element survives the bot's updates (the Playground re-renders inside it), so a tag
    // on it gives a handle that keeps pointing at this card while its conversation stays open.
    const handle = `card-${++this.cardCount}`;
    await fresh.evaluate((el, [attr, value]) => el.setAttribute(attr, value), [HANDLE, handle] as const);
    return this.page.locator(`[${HANDLE}="${handle}"]`);
  }

  /** Marks every card on screen as already seen, so waitForNewCard finds only later ones. */
  async markCardsSeen(): Promise<void> {
    await this.page.locator(CARD).evaluateAll((cards, attr) => cards.forEach((c) => c.setAttribute(attr, '1')), SEEN);
  }

  /** The last card on screen whose text contains `text`. */
  cardWith(text: string | RegExp): Locator {
    return this.page.locator(CARD, { hasText: hyphensEither(text) }).last();
  }

  /** Waits until the card (or any card) shows `text` (whitespace collapsed); returns that card. */
  async waitForCardText(text: string | RegExp, card?: Locator, timeoutMs = DEFAULT_WAIT_MS): Promise<Locator> {
    const target = card ?? this.cardWith(text);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Matched on the visible text with whitespace collapsed, as cardText returns it.
      const content = (await target.count()) > 0 ? collapse(await target.innerText().catch(() => '')) : '';
      if (typeof text === 'string' ? content.includes(text) : text.test(content)) return target;
      if (Date.now() > deadline) {
        throw new Error(`No card showed ${String(text)} within ${timeoutMs} ms. ${card ? `The card shows:\n${content}` : `Cards on screen:\n${await this.allCardTexts()}`}`);
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** Visible text of a card, whitespace collapsed. */
  async cardText(card: Locator): Promise<string> {
    return collapse(await card.innerText());
  }

  async allCardTexts(): Promise<string> {
    const texts = await this.page.locator(CARD).allInnerTexts();
    return texts.map((t, i) => `#${i}: ${collapse(t)}`).join('\n');
  }

  /**
   * Clicks a card button (Action.Execute / Action.Submit) as the current user and waits for the
   * Playground to return the bot's answer (the invoke response replaces the card).
   */
  async clickCardButton(card: Locator, title: string): Promise<void> {
    const button = card.getByRole('button', { name: title, exact: true });
    const answered = this.page.waitForResponse((res) => /\/_conversation\/v1\/(invoke|submit)$/.test(new URL(res.url()).pathname), { timeout: DEFAULT_WAIT_MS });
    await button.click();
    const response = await answered;
    if (response.status() >= 400) throw new Error(`The Playground answered ${response.status()} to the click on "${title}": ${await response.text()}`);
  }

  /**
   * Makes the next messages and clicks come from another Playground user. The Playground has no
   * user switcher: its web client always sends `from.id` = currentUser, and its server looks the
   * user up by that id (name, AAD object id) before calling the bot. So this rewrites `from.id`
   * in the client's requests to /_conversation/v1/*. The user must be a member of the
   * conversation: everyone is in the team and the group chat, only Alex in the personal chat.
   */
  async actAs(user: PlaygroundUser): Promise<void> {
    this.actingAs = user;
    if (this.routeInstalled) return;
    this.routeInstalled = true;
    await this.page.route('**/_conversation/v1/**', (route) => this.rewriteSender(route));
  }

  /** Runs `fn` as `user`, then switches back to whoever acted before. */
  async as<T>(user: PlaygroundUser, fn: () => Promise<T>): Promise<T> {
    const before = this.actingAs;
    await this.actAs(user);
    try {
      return await fn();
    } finally {
      await this.actAs(before);
    }
  }

  get currentUser(): PlaygroundUser {
    return this.actingAs;
  }

  /** The log panel as shown on screen (falls back to the streamed log when the panel is hidden). */
  async logPanelText(): Promise<string> {
    const shown = await this.page
      .evaluate(() => {
        let el: HTMLElement | null = document.querySelector('button[title="Clear logs"]');
        while (el && !/Connecting to your application|Click on a log item/.test(el.innerText)) el = el.parentElement;
        return el?.innerText ?? '';
      })
      .catch(() => '');
    return shown || this.log.map(formatLogEntry).join('\n');
  }

  /** Saves a screenshot under test-results/e2e/ (git-ignored); with docs, also under docs/images/ when UPDATE_DOCS_SCREENSHOTS=1. */
  async screenshot(name: string, options: { card?: Locator; docs?: boolean } = {}): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    if (options.card) await options.card.screenshot({ path: file });
    else await this.page.screenshot({ path: file, fullPage: false });
    if (options.docs && process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
      fs.mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
      fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS_DIR, `${name}.png`));
    }
    return file;
  }

  private async rewriteSender(route: Route): Promise<void> {
    const request = route.request();
    const body = request.postData();
    if (request.method() !== 'POST' || !body || this.actingAs.id === ALEX.id) return route.continue();
    const json = JSON.parse(body) as { from?: { id: string } };
    if (json.from) json.from = { ...json.from, id: this.actingAs.id };
    return route.continue({ postData: JSON.stringify(json) });
  }

  private recordLog(ws: WebSocket): void {
    if (!ws.url().includes('/_ws/log/')) return;
    ws.on('framereceived', (frame) => {
      try {
        const message = JSON.parse(String(frame.payload)) as { logAction?: string; log?: PlaygroundLogEntry };
        if (message.logAction === 'appendLog' && message.log) this.log.push(message.log);
      } catch {
        // Not a log frame.
      }
    });
  }
}

export function formatLogEntry(entry: PlaygroundLogEntry): string {
  const time = entry.timestamp ? new Date(entry.timestamp).toISOString().slice(11, 19) : '--:--:--';
  if (entry.activityName === undefined) return `[${time}] ${entry.displayText ?? ''}`;
  return `[${time}] ${entry.from ?? '?'} -> ${entry.to ?? '?'} ${entry.activityName} ${entry.response?.statusCode ?? ''} ${entry.displayText ?? ''}`.trim();
}

/** Whitespace collapsed, and non-breaking hyphens (U+2011, in flags and names: issue 13.9) read as the hyphens they show. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\u2011/g, '-').trim();
}

/** A pattern where each hyphen also matches a non-breaking one, for locators that see the page's own text. */
function hyphensEither(text: string | RegExp): RegExp {
  if (typeof text === 'string') return new RegExp(escapeRegExp(text).replace(/-/g, '[-\u2011]'));
  let source = '';
  let inClass = false;
  for (let i = 0; i < text.source.length; i++) {
    const ch = text.source[i];
    if (ch === '\\') {
      source += ch + (text.source[++i] ?? '');
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    source += ch === '-' && !inClass ? '[-\u2011]' : ch;
  }
  return new RegExp(source, text.flags);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
