import { unbreakableText } from './unbreakable';

/**
 * Card renderers (Teams, the Adaptive Cards JS renderer) treat `<vm>` in a TextBlock as an HTML
 * tag and drop it, so "backup <vm>" would read "backup". Display texts get single angle quotation
 * marks instead (‹vm›). Only what people read is touched: button data, ids, URLs and input values
 * stay exactly as built. The same pass makes flags and names unbreakable (./unbreakable.ts): the
 * one place every card's display text goes through.
 */
const PLACEHOLDER = /<([^<>\s][^<>]*)>/g;

export function showPlaceholders(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(showPlaceholders);
  if (node === null || typeof node !== 'object') return node;
  const element = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element)) {
    if (key === 'data' || key === 'choices') out[key] = value; // what the bot receives back: never rewritten
    else if (typeof value === 'string' && isDisplayText(element, key)) out[key] = unbreakableText(value.replace(PLACEHOLDER, '‹$1›'));
    else out[key] = showPlaceholders(value);
  }
  return out;
}

function isDisplayText(element: Record<string, unknown>, key: string): boolean {
  const type = typeof element.type === 'string' ? element.type : '';
  if (key === 'text') return type === 'TextBlock' || type === 'TextRun';
  if (key === 'title') return type.startsWith('Action.') || (type === '' && 'value' in element); // buttons, facts
  if (key === 'value') return type === '' && 'title' in element; // a fact's value
  return key === 'fallbackText' || key === 'placeholder' || key === 'label';
}
