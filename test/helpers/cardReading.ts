import type { RecordedCall } from './connectorRecorder';

type Json = Record<string, unknown>;

export interface CardButton {
  title: string;
  verb: string;
  data: Json;
}

/** The Adaptive Card a recorded send or update carries. */
export function cardOf(call: RecordedCall): Json {
  const attachments = call.body.attachments as Array<{ content: Json }> | undefined;
  if (!attachments?.[0]) throw new Error(`no card in ${JSON.stringify(call.body)}`);
  return attachments[0].content;
}

/**
 * What a user reads on a card: every TextBlock, RichTextBlock (its runs as one line) and fact, in
 * order. Non-breaking hyphens (U+2011, in flags and names: issue 13.9) read as the hyphens they
 * show; `rawTextOf` keeps them.
 */
export function textOf(card: unknown): string {
  return rawTextOf(card).replace(/\u2011/g, '-');
}

/** The card's text as sent, non-breaking hyphens included. */
export function rawTextOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'TextBlock') parts.push(String(n.text));
      if (n.type === 'RichTextBlock') return void parts.push((n.inlines as Array<Json | string>).map((run) => (typeof run === 'string' ? run : String(run.text))).join(''));
      if (n.type === 'FactSet') (n.facts as Array<{ title: string; value: string }>).forEach((f) => parts.push(`${f.title}: ${f.value}`));
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The Action.Execute buttons a user sees, wherever they sit; the automatic `refresh` and Submit `fallback`s are not buttons. */
export function buttonsOf(card: unknown): CardButton[] {
  const buttons: CardButton[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.Execute') buttons.push({ title: String(n.title), verb: String(n.verb), data: (n.data ?? {}) as Json });
      for (const [key, value] of Object.entries(n)) if (key !== 'refresh' && key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return buttons;
}

export function verbsOf(card: unknown): string[] {
  return buttonsOf(card).map((b) => b.verb);
}

export interface CardInput {
  id: string;
  type: string;
  value?: unknown;
  choices: Array<{ title: string; value: string }>;
}

/** The inputs a user fills in (Input.*), with their pre-filled value and choices. */
export function inputsOf(card: unknown): CardInput[] {
  const inputs: CardInput[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (typeof n.type === 'string' && n.type.startsWith('Input.')) {
        inputs.push({ id: String(n.id), type: n.type, value: n.value, choices: (n.choices ?? []) as CardInput['choices'] });
      }
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return inputs;
}

/** The Action.OpenUrl links of a card (e.g. the Azure portal deep links). */
export function linksOf(card: unknown): Array<{ title: string; url: string }> {
  const links: Array<{ title: string; url: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.OpenUrl') links.push({ title: String(n.title), url: String(n.url) });
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return links;
}
