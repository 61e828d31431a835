/**
 * No line broken inside a flag or a name (issue 13.9). Card renderers (Teams, the Adaptive Cards JS
 * renderer) may break a line after any hyphen: "--" at a line's end and "keep 30d" on the next, or
 * "vm-web-" / "03". In the texts people read, every hyphen inside a flag (--keep, --delete-data) or
 * a name (vm-web-03, rsv-weu-prod, pol-weu-daily-2200) becomes a non-breaking hyphen
 * (U+2011), which looks the same; a copied command still runs, as the parser reads U+2011 as '-'.
 *
 * Left breakable: hyphenated words (on-demand, instant-restore, Geo-redundant: a break there is
 * how text wraps), numbers and dates (2-day, 2026-03-23), ids (job ids and error references are
 * copied into log searches and the portal, which take only '-'), and URLs and link targets.
 * A name is told from a word by its shape: letters first, and a digit, three parts or more, a part
 * without a vowel (rg-eus, rsv-web: Azure's abbreviations), or the resourceGroup/name form. A name
 * of two worded parts standing alone (web-app) stays breakable, unless in **bold** or `code`, where
 * the bot puts commands to type.
 */

const NB_HYPHEN = '\u2011';

/**
 * One pass, first match wins: URLs and link targets (kept), bold or code spans (commands), flags
 * with the word after them (their value: "--rg rg-web"), then hyphenated tokens (names, or words
 * left alone).
 */
const PIECES =
  /(\]\([^)\s]*\)|https?:\/\/[^\s)]+)|(\*\*[^*\n]+\*\*|`[^`\n]+`)|(?<![\p{L}\p{N}_\u2011-])(--[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ =][^\s\u2011-][^\s]*)?)|(?<![\p{L}\p{N}_.*/\u2011-])([A-Za-z0-9][A-Za-z0-9_.*]*(?:[-/][A-Za-z0-9_.*]+)+)/gu;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A display text with its flags and names made unbreakable. */
export function unbreakableText(text: string): string {
  if (!text.includes('-')) return text; // most texts: nothing to do, no regex run
  return text.replace(PIECES, (piece, link: string | undefined, span: string | undefined, flag: string | undefined, token: string | undefined) => {
    if (link !== undefined) return piece;
    if (span !== undefined) return unbreakableCommand(span);
    if (flag !== undefined) return flag.replace(/-/g, NB_HYPHEN);
    return isName(token ?? '') ? piece.replace(/-/g, NB_HYPHEN) : piece;
  });
}

/** A GUID (kept whole), else a hyphen followed by anything but a space. */
const COMMAND_HYPHENS = /(?<![0-9a-f-])[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![0-9a-f-])|-(?=[^\s])/giu;

/**
 * A command line to type (help's usage and examples, a **bold** hint): every hyphen followed by
 * anything but a space, so "--vault", "rg-web" and 'vm-web-*' hold together; a dash between words (" - ")
 * stays, and so does a job id (**job 3f2c9a1e-...**: it is copied into the portal and log searches too).
 */
export function unbreakableCommand(line: string): string {
  return line.replace(COMMAND_HYPHENS, (piece) => (piece === '-' ? NB_HYPHEN : piece));
}

function isName(token: string): boolean {
  const trimmed = token.replace(/\.+$/, ''); // "vm-web-03." at a sentence's end
  if (!trimmed.includes('-')) return false;
  if (GUID.test(trimmed)) return false; // a job id or a reference: copied elsewhere, see above
  if (trimmed.includes('/')) return true; // resourceGroup/name
  if (!/^[A-Za-z]/.test(trimmed)) return false;
  const parts = trimmed.split('-');
  // Azure's abbreviations have no vowel (rg-eus, vm-web, rsv-web); the parts of English words do.
  return /\d/.test(trimmed) || parts.length >= 3 || parts.some((part) => part.length >= 2 && !/[aeiouy]/i.test(part));
}
