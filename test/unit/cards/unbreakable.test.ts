import fs from 'node:fs';
import path from 'node:path';
import { ArgumentError, parseArgs, tokenize } from '../../../src/bot/argParser';
import { errorCard, expandCard } from '../../../src/bot/cards';
import { unbreakableText } from '../../../src/bot/unbreakable';
import { catalogueEntries } from '../../../src/backup/errorCatalogue';
import { toJobView } from '../../../src/backup/jobPhases';
import { jobViewModel } from '../../../src/commands/jobCard';
import { alertViewModel } from '../../../src/notify/alertCard';
import { COMMANDS } from '../../../src/registry/commandRegistry';
import { rawTextOf } from '../../helpers/cardReading';

// Issue 13.9: "no line broken inside a flag or a VM name". A renderer may break a line after any
// hyphen; a non-breaking one (U+2011) looks the same and the parser reads it as '-'.

const NB = '\u2011';

/** Names of the default estate: the VMs, vaults and policies help, errors and hints talk about. */
const ESTATE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/sandbox/estates/default.json'), 'utf8')) as {
  vaults: Array<{ name: string; resourceGroup?: string; policies?: Array<{ name: string }> }>;
  virtualMachines: Array<{ name: string; resourceGroup: string }>;
};
const NAMES = [
  ...ESTATE.virtualMachines.flatMap((vm) => [vm.name, vm.resourceGroup]),
  ...ESTATE.vaults.flatMap((vault) => [vault.name, ...(vault.policies ?? []).map((p) => p.name)]),
].filter((name) => name.includes('-'));

/** The display texts of a card (text blocks, facts) and its button titles. */
function shown(card: object): string {
  const content = 'content' in card ? (card as { content: object }).content : card;
  const titles: string[] = [];
  JSON.stringify(content, (_key, value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' && (value as { type: string }).type.startsWith('Action.')) {
      titles.push(String((value as { title?: unknown }).title ?? ''));
    }
    return value;
  });
  return [rawTextOf(content), ...titles].join('\n');
}

/** Flags and estate names in the text that a line could still break inside. */
function breakable(text: string): string[] {
  const flags = [...text.matchAll(/(?<![\p{L}\p{N}_\u2011-])[-\u2011]{2}[A-Za-z][\w\u2011-]*/gu)].map((m) => m[0]).filter((flag) => flag.includes('-'));
  const names = NAMES.filter((name) => new RegExp(`(?<![\\w\\u2011-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w\\u2011-])`).test(text));
  return [...flags, ...names];
}

function rawJob(code: string, recommendations: string[]) {
  return {
    id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod/backupJobs/4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10',
    name: '4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10',
    properties: {
      jobType: 'AzureIaaSVMJob',
      entityFriendlyName: 'vm-web-02',
      containerName: 'iaasvmcontainerv2;rg-web;vm-web-02',
      operation: 'Backup',
      status: 'Failed',
      startTime: '2026-03-23T21:00:00Z',
      endTime: '2026-03-23T21:12:00Z',
      errorDetails: [{ errorCode: code, errorString: 'The operation failed.', recommendations }],
    },
  };
}

describe('flags and names in card texts cannot break (issue 13.9)', () => {
  it('hyphens inside flags and names become non-breaking; words, numbers, dates, ids and URLs stay as they are', () => {
    expect(unbreakableText('Option --keep needs a value, for example --delete-data.')).toBe(`Option ${NB}${NB}keep needs a value, for example ${NB}${NB}delete${NB}data.`);
    expect(unbreakableText('Did you mean **--keep 30d**?')).toBe(`Did you mean **${NB}${NB}keep 30d**?`);
    expect(unbreakableText('**cancel 4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10 --vault rsv-weu-prod**')).toBe(`**cancel 4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10 ${NB}${NB}vault rsv${NB}weu${NB}prod**`);
    expect(unbreakableText('I cannot find a VM called vm-web-99. Did you mean vm-web-03?')).toBe(`I cannot find a VM called vm${NB}web${NB}99. Did you mean vm${NB}web${NB}03?`);
    expect(unbreakableText('Last backup: completed · rg-eus · vm-web')).toBe(`Last backup: completed · rg${NB}eus · vm${NB}web`);
    expect(unbreakableText('Vault rsv-weu-prod, policy pol-weu-daily-2200, **policy edit p --vault rg-web**')).toBe(
      `Vault rsv${NB}weu${NB}prod, policy pol${NB}weu${NB}daily${NB}2200, **policy edit p ${NB}${NB}vault rg${NB}web**`,
    );
    const untouched = [
      'on-demand backups, instant-restore retention, Geo-redundant (GRS), a 2-day snapshot, 2026-03-23T21:00Z, Showing 1-10 of 24 - a dash',
      'See [the article](https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot#vm-agent-x) or https://go.microsoft.com/fwlink/?linkid=851524.',
      'no hyphen at all',
      // Ids are copied into log searches and the portal, which want '-'.
      'Job 4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10, job d2065375-6aad-43da-83a0-e55de8fe1f0c, reference 7b4600a1-04d9-44ac-af7f-111013232092.',
      // A job id in a bold command (cancel's and the job card's footers) too.
      'Type **job 4f2c9d3e-1b7a-4c61-9a55-0d7e2b8f6a10** to see it end.',
    ];
    for (const text of untouched) expect(unbreakableText(text)).toBe(text);
  });

  it('a copied flag or name still parses as typed', () => {
    const copied = unbreakableText('backup vm-web-02 --keep 90d');
    expect(copied).toContain(NB);
    expect(parseArgs(tokenize(copied), { keep: 'string' })).toEqual({ positional: ['backup', 'vm-web-02'], flags: { keep: '90d' } });
  });

  it('help: the overview and every command\'s card (usage, details, examples)', () => {
    const cards = [
      ...COMMANDS.map((c) => expandCard('help-command', { name: c.name, summary: c.summary, usage: c.usage, details: c.details ?? '', minRole: c.minRole, examples: c.examples })),
      expandCard('help', { role: 'an approver', commands: COMMANDS.map((c) => ({ name: c.name, summary: c.summary, example: c.examples[0] ?? '' })), others: '' }),
    ];
    const texts = cards.map(shown).join('\n');
    // Help names flags and estate names in its sentences, not only in its examples.
    expect(texts).toMatch(/[\u2011]{2}vault/);
    expect(texts).toContain(`vm${NB}web${NB}01`);
    expect(breakable(texts)).toEqual([]);
  });

  it('the error catalogue on job and alert cards: actions, steps and Azure\'s recommendations', () => {
    const entries = catalogueEntries();
    expect(entries.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const entry of entries) {
      const job = toJobView(rawJob(entry.code, ['Run the backup again with --keep 7d on vm-web-02.']), { region: 'westeurope' });
      for (const card of [expandCard('job', jobViewModel(job, { timeZone: 'UTC', canRetry: true })), expandCard('notify-alert', alertViewModel(job, 'rsv-weu-prod', { timeZone: 'UTC' }))]) {
        const text = shown(card);
        expect(text).toContain(`vm${NB}web${NB}02`);
        found.push(...breakable(text).map((piece) => `${entry.code}: ${piece}`));
      }
    }
    expect(found).toEqual([]);
  });

  it('hints and refusals: the parser\'s errors and usage lines on error cards', () => {
    const sentences: string[] = [];
    for (const command of COMMANDS) {
      const flags = command.flags ?? {};
      const first = Object.keys(flags)[0];
      const attempts = [['--nope'], ...(first ? [[`--${first}`], [`--${first}=1`, `--${first}=2`]] : [])];
      for (const tokens of attempts) {
        try {
          parseArgs(tokens, flags);
        } catch (err) {
          if (err instanceof ArgumentError) sentences.push(`${err.message} Usage: ${command.usage}`);
        }
      }
      sentences.push(`Which one? Usage: ${command.usage}`);
    }
    expect(sentences.join(' ')).toMatch(/Unknown option --nope\. Options here: --/);
    const texts = sentences.map((sentence) => shown(errorCard(sentence))).join('\n');
    expect(breakable(texts)).toEqual([]);
  });
});
