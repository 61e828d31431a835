/**
 * What a person typed, made safe to repeat inside a card sentence. Card TextBlocks are markdown:
 * repeated as is, `[x](https://evil)` becomes a link in the bot's own voice, `**` or `_` restyle
 * the sentence, `<b>` is read as HTML; and a 900 KB argument made a 900 KB reply (Teams refuses
 * messages over ~28 KB). So: one line, at most `max` characters, markdown characters escaped with
 * a backslash (the Adaptive Cards markdown escape), angle brackets shown as ‹ ›.
 */
export const MAX_ECHO_CHARS = 60;

const MARKDOWN_CHARACTERS = /[\\`*_[\]()#~|!{}]/g;

export function plainUserText(text: string, max = MAX_ECHO_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const characters = [...oneLine]; // code points, so an emoji is never cut in half
  const short = characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : oneLine;
  return short.replace(/</g, '‹').replace(/>/g, '›').replace(MARKDOWN_CHARACTERS, '\\$&');
}

/** `"text"`, made safe as above: the usual way a sentence quotes what was typed. */
export function quoted(text: string, max = MAX_ECHO_CHARS): string {
  return `"${plainUserText(text, max)}"`;
}
