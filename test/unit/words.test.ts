import fs from 'node:fs';
import path from 'node:path';

// Issue 13.8: what a user reads says "1 VM" / "3 VMs", never "VM(s)" or "day(s)". Every string
// the bot can show lives in src/ or cards/; comments are left out of the scan.
const ROOT = path.resolve(__dirname, '..', '..');

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

/** '...', "..." and `...` literals (roughly: enough to tell text from code such as f(s)). */
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('words on cards', () => {
  it('no "word(s)" plural in any text the bot shows', () => {
    // The sandbox stands for Azure: its messages are Azure's words, not the bot's.
    const sources = [...files(path.join(ROOT, 'src'), '.ts').filter((file) => !file.includes(`${path.sep}sandbox${path.sep}`)), ...files(path.join(ROOT, 'cards'), '.json')];
    expect(sources.length).toBeGreaterThan(50);
    const hits = sources.flatMap((file) =>
      (withoutComments(fs.readFileSync(file, 'utf8')).match(STRING_LITERAL) ?? [])
        .filter((literal) => /[A-Za-z]\(s\)/.test(literal))
        .map((literal) => `${path.relative(ROOT, file)}: ${literal}`),
    );
    expect(hits).toEqual([]);
  });
});
