import type { FlagKind, ParsedArgs } from './commandTypes';
import { plainUserText } from '../userText';

export class ArgumentError extends Error {}

/**
 * Splits a command line into words. Quotes ("..", '..', and the curly quotes Teams clients type)
 * group words; extra whitespace and a trailing period are ignored; case is kept.
 */
export function tokenize(input: string): string[] {
  const text = normaliseText(input);
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let hasToken = false;
  for (const ch of text) {
    if (quote !== null) {
      if (closes(quote, ch)) quote = null;
      else current += ch;
      continue;
    }
    if (OPENING_QUOTES.includes(ch)) {
      quote = ch;
      hasToken = true;
    } else if (/\s/.test(ch)) {
      if (hasToken) tokens.push(current);
      current = '';
      hasToken = false;
    } else {
      current += ch;
      hasToken = true;
    }
  }
  if (quote !== null) throw new ArgumentError(`A quote is not closed: add the closing ${closingFor(quote)}.`);
  if (hasToken) tokens.push(current);
  return tokens;
}

/** Parses the words after the command name against the flags the command declares. */
export function parseArgs(tokens: string[], flagSpec: Record<string, FlagKind> = {}): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.startsWith('--') || token === '--') {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = (eq === -1 ? token.slice(2) : token.slice(2, eq)).toLowerCase();
    const kind = flagSpec[name];
    if (kind === undefined) {
      const known = Object.keys(flagSpec);
      const typed = plainUserText(`--${name}`);
      throw new ArgumentError(
        known.length === 0
          ? `This command takes no options, and ${typed} is not one.`
          : `Unknown option ${typed}. Options here: ${known.map((k) => `--${k}`).join(', ')}.`,
      );
    }
    if (name in flags) throw new ArgumentError(`Option --${name} is given twice; keep one.`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new ArgumentError(`Option --${name} is a switch and takes no value.`);
      flags[name] = true;
      continue;
    }
    const value = eq !== -1 ? token.slice(eq + 1) : tokens[++i];
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new ArgumentError(`Option --${name} needs a value, for example --${name} something.`);
    }
    flags[name] = value;
  }
  return { positional, flags };
}

const OPENING_QUOTES = ['"', "'", '\u201c', '\u2018'];

function closes(open: string, ch: string): boolean {
  return ch === closingFor(open) || (open === '"' && ch === '\u201d') || (open === '\u201c' && ch === '"');
}

function closingFor(open: string): string {
  if (open === '\u201c') return '\u201d';
  if (open === '\u2018') return '\u2019';
  return open;
}

function normaliseText(input: string): string {
  const text = input
    .replace(/&nbsp;/gi, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/<[^>]+>/g, ' ') // Teams may wrap typed text in <p> or leave stray markup.
    .replace(/&quot;/gi, '"')
    .replace(/&amp;/gi, '&')
    // Teams clients (and the OS under them) autocorrect a typed "--" into an en or em dash, and a
    // copied flag may carry a non-breaking hyphen: read them all as the hyphens the user meant.
    .replace(/(^|\s)[\u2013\u2014](?=\p{L})/gu, '$1--')
    .replace(/[\u2010\u2011]/g, '-')
    .trim();
  return text.endsWith('.') ? text.slice(0, -1).trimEnd() : text;
}
