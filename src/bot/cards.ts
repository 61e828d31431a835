import fs from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';
import type { CardAttachment } from './chatTypes';
import { adaptiveCardAttachment } from './messages';
import { showPlaceholders } from './placeholderText';

// Templates live in <root>/cards; this file sits at the same depth in src/ and dist/.
export const CARDS_DIR = path.resolve(__dirname, '..', '..', 'cards');

/** Teams refuses messages over ~28 KB; cards are kept under this. */
export const MAX_CARD_BYTES = 28 * 1024;

const templates = new Map<string, Template>();

/**
 * adaptivecards-templating (and its expression engine) is loaded with the first card, not at start:
 * /healthz need not wait for it (issue 16); app.ts loads it right after the server listens.
 */
export function templating(): typeof import('adaptivecards-templating') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on-demand loading, see above
  return require('adaptivecards-templating') as typeof import('adaptivecards-templating');
}

function template(name: string): Template {
  let cached = templates.get(name);
  if (cached === undefined) {
    const file = path.join(CARDS_DIR, `${name}.json`);
    cached = new (templating().Template)(JSON.parse(fs.readFileSync(file, 'utf8')));
    templates.set(name, cached);
  }
  return cached;
}

/** Expands `cards/<name>.json` with a plain view model and returns the card JSON. */
export function expandCard(name: string, data: object): Record<string, unknown> {
  return showPlaceholders(template(name).expand({ $root: data })) as Record<string, unknown>;
}

export function renderCard(name: string, data: object): CardAttachment {
  return adaptiveCardAttachment(expandCard(name, data));
}

export type Tone = 'default' | 'good' | 'warning' | 'attention';

/** A short card with one sentence: errors, refusals and confirmations all look the same. */
export function messageCard(title: string, text: string, tone: Tone = 'default'): CardAttachment {
  return renderCard('message', { title, text, tone });
}

export function errorCard(text: string): CardAttachment {
  return messageCard('Sorry, that did not work', text, 'attention');
}

export function cardBytes(card: CardAttachment | object): number {
  const content = 'contentType' in card ? (card as CardAttachment).content : card;
  return Buffer.byteLength(JSON.stringify(content), 'utf8');
}
