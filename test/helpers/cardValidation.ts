import type * as AdaptiveCards from 'adaptivecards';
import { MAX_CARD_BYTES } from '../../src/bot/cards';

// The package's main entry needs a DOM at load time; the UMD bundle parses fine in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Teams renders Adaptive Cards up to 1.5; every card the bot posts declares exactly that. */
export const CARD_VERSION = '1.5';

/**
 * Properties the Adaptive Card 1.5 schema requires. The JS parser accepts most of these
 * missing (it renders nothing), so they are checked on the JSON.
 */
const REQUIRED: Record<string, string[]> = {
  TextBlock: ['text'],
  Image: ['url'],
  ImageSet: ['images'],
  FactSet: ['facts'],
  Container: ['items'],
  ActionSet: ['actions'],
  RichTextBlock: ['inlines'],
  TextRun: ['text'],
  Media: ['sources'],
  TableCell: ['items'],
  'Input.Text': ['id'],
  'Input.Number': ['id'],
  'Input.Date': ['id'],
  'Input.Time': ['id'],
  'Input.Toggle': ['id', 'title'],
  'Input.ChoiceSet': ['id'],
  'Action.OpenUrl': ['url'],
  'Action.ShowCard': ['card'],
  'Action.ToggleVisibility': ['targetElements'],
  // House rule: the card-action router dispatches on the verb, a click without one would be lost.
  'Action.Execute': ['verb'],
};

/** Keys the parser reads outside its property schema (child collections, extensions). */
const PARSED_OUTSIDE_SCHEMA = new Set(['fallback', 'requires', 'msteams', '$schema']);
const CHILD_COLLECTIONS: Record<string, string[]> = {
  AdaptiveCard: ['body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  TableCell: ['items'],
  TableRow: ['cells'],
  Table: ['rows', 'firstRowAsHeader'],
  RichTextBlock: ['inlines'],
  ActionSet: ['actions'],
  ImageSet: ['images'],
  Media: ['sources', 'captionSources'],
  'Action.ShowCard': ['card'],
};

type Json = Record<string, unknown>;

/** Accepts a botbuilder Attachment (`{ contentType, content }`) or the card JSON itself. */
export function cardContent(card: unknown): Json {
  if (isObject(card) && typeof card.contentType === 'string' && 'content' in card) {
    if (card.contentType !== 'application/vnd.microsoft.card.adaptive') {
      throw new Error(`attachment is not an Adaptive Card: ${card.contentType}`);
    }
    return card.content as Json;
  }
  if (!isObject(card)) throw new Error('card is not a JSON object');
  return card;
}

export interface CardCheckOptions {
  /** What the user typed: a card may quote it, so template-looking text from it is not a leftover. */
  userInput?: string;
}

/** Every problem found in a card; empty when Teams would render it as intended. */
export function cardProblems(card: unknown, options: CardCheckOptions = {}): string[] {
  let json: Json;
  try {
    json = cardContent(card);
  } catch (err) {
    return [(err as Error).message];
  }
  const problems: string[] = [];
  if (json.type !== 'AdaptiveCard') problems.push(`root type must be "AdaptiveCard", got ${JSON.stringify(json.type)}`);
  if (json.version !== CARD_VERSION) problems.push(`version must be "${CARD_VERSION}", got ${JSON.stringify(json.version)}`);
  const bytes = Buffer.byteLength(JSON.stringify(json), 'utf8');
  if (bytes >= MAX_CARD_BYTES) problems.push(`card is ${bytes} bytes, the limit is ${MAX_CARD_BYTES}`);
  problems.push(...parserProblems(json));
  const quoted = options.userInput?.match(/\$\{[^}]*\}?/g) ?? [];
  walk(json, '$', (node, where) => problems.push(...nodeProblems(node, where, quoted)));
  return problems;
}

/** Throws with the list of problems (and the card) when the card is not valid. */
export function assertValidCard(card: unknown, options: CardCheckOptions = {}): void {
  const problems = cardProblems(card, options);
  if (problems.length > 0) {
    const json = JSON.stringify(safeContent(card), null, 2);
    throw new Error(`Invalid Adaptive Card:\n- ${problems.join('\n- ')}\nCard: ${json.length > 4000 ? `${json.slice(0, 4000)}...` : json}`);
  }
}

/** Parse events (unknown types, invalid enum values) and the library's own validation. */
function parserProblems(json: Json): string[] {
  const problems: string[] = [];
  const context = new AC.SerializationContext();
  context.onParseElement = (element, source) => problems.push(...unknownProperties(element, source, `${element.getJsonTypeName()}`));
  context.onParseAction = (action, source) => problems.push(...unknownProperties(action, source, `${action.getJsonTypeName()}`));
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  problems.push(...unknownProperties(card, json, 'AdaptiveCard'));
  for (let i = 0; i < context.eventCount; i++) problems.push(describeEvent(context.getEventAt(i)));
  for (const event of card.validateProperties().validationEvents) problems.push(describeEvent(event));
  return problems;
}

function describeEvent(event: AdaptiveCards.IValidationEvent): string {
  return `${AC.ValidationEvent[event.event]}: ${event.message}`;
}

/** A misspelt property is silently dropped by renderers; the parser's schema knows the real names. */
function unknownProperties(parsed: AdaptiveCards.SerializableObject, source: unknown, typeName: string): string[] {
  if (!isObject(source)) return [];
  const schema = parsed.getSchema();
  const known = new Set<string>(CHILD_COLLECTIONS[typeName] ?? []);
  for (let i = 0; i < schema.getCount(); i++) known.add(schema.getItemAt(i).name);
  return Object.keys(source)
    .filter((key) => !known.has(key) && !PARSED_OUTSIDE_SCHEMA.has(key))
    .map((key) => `${typeName} has an unknown property "${key}"`);
}

function nodeProblems(node: Json, where: string, quoted: string[]): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('$') && key !== '$schema') problems.push(`${where}.${key}: template keyword left in the rendered card`);
    const ownText = typeof value === 'string' ? quoted.reduce((text, expression) => text.split(expression).join(''), value) : '';
    if (ownText.includes('${')) problems.push(`${where}.${key}: unresolved template expression ${JSON.stringify(value)}`);
  }
  const type = typeof node.type === 'string' ? node.type : undefined;
  for (const required of (type && REQUIRED[type]) || []) {
    if (isMissing(node[required])) problems.push(`${where} (${type}) is missing required property "${required}"`);
  }
  if (type === 'FactSet' && Array.isArray(node.facts)) {
    node.facts.forEach((fact, i) => {
      if (!isObject(fact) || typeof fact.title !== 'string' || typeof fact.value !== 'string') problems.push(`${where}.facts[${i}] needs a string title and value`);
    });
  }
  if (type === 'Input.ChoiceSet' && Array.isArray(node.choices)) {
    node.choices.forEach((choice, i) => {
      if (!isObject(choice) || typeof choice.title !== 'string' || typeof choice.value !== 'string') problems.push(`${where}.choices[${i}] needs a string title and value`);
    });
  }
  if (type === 'Action.Submit' && !(isObject(node.data) && typeof node.data.verb === 'string')) {
    // House rule: Action.Submit is only used as the fallback of a Universal Action and must carry its verb.
    problems.push(`${where} (Action.Submit) must carry data.verb for the card-action router`);
  }
  if ('refresh' in node && where === '$') problems.push(...refreshProblems(node.refresh));
  return problems;
}

function refreshProblems(refresh: unknown): string[] {
  if (!isObject(refresh) || !isObject(refresh.action)) return ['$.refresh needs an action'];
  const problems: string[] = [];
  if (refresh.action.type !== 'Action.Execute') problems.push('$.refresh.action must be an Action.Execute');
  if (refresh.userIds !== undefined && !(Array.isArray(refresh.userIds) && refresh.userIds.every((id) => typeof id === 'string'))) {
    problems.push('$.refresh.userIds must be a list of user ids');
  }
  return problems;
}

function walk(node: unknown, where: string, visit: (node: Json, where: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${where}[${i}]`, visit));
  } else if (isObject(node)) {
    visit(node, where);
    for (const [key, value] of Object.entries(node)) {
      // Action data is the bot's own payload, not card structure.
      if (key === 'data' && typeof node.type === 'string' && node.type.startsWith('Action.')) continue;
      walk(value, `${where}.${key}`, visit);
    }
  }
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeContent(card: unknown): unknown {
  try {
    return cardContent(card);
  } catch {
    return card;
  }
}
