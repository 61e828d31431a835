import fs from 'node:fs';
import path from 'node:path';
import { CARDS_DIR, expandCard } from '../../../src/bot/cards';

// Issue 13.9: the Warning text colour is a light yellow/orange in most host themes (#e69500 in the
// Playground: 2.3:1 on white), readable only as a short bold label. Sentences and headings that warn
// use the default colour (in a warning-styled container where they need to stand out), whose
// foreground every host theme makes readable on white and on dark.
const SAMPLES_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'card-samples');
const MAX_WARNING_TEXT = 30;

function warningTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => warningTexts(child, out));
  else if (node && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    if ((element.type === 'TextBlock' || element.type === 'TextRun') && element.color === 'Warning') out.push(String(element.text));
    Object.values(element).forEach((child) => warningTexts(child, out));
  }
  return out;
}

describe('warning colour', () => {
  const templates = fs.readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));

  it.each(templates)('%s: only short labels are written in the Warning colour', (name) => {
    const sample = JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, `${name}.json`), 'utf8'));
    const long = warningTexts(expandCard(name, sample)).filter((text) => text.length > MAX_WARNING_TEXT);
    expect(long).toEqual([]);
  });
});
