import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { formatTime } from '../approvals/approvalCard';
import type { AuditEntry } from '../approvals/auditLog';
import { quoted } from '../userText';

const DEFAULT_COUNT = 20;
/** More entries would push the card towards Teams' 28 KB limit. */
const MAX_COUNT = 50;

export const auditCommand: CommandDefinition = {
  name: 'audit',
  summary: 'Show the latest entries of the audit trail: requests, decisions, refused clicks and Azure changes.',
  usage: 'audit [--last N]',
  examples: ['audit', 'audit --last 5'],
  details: `Newest first, ${DEFAULT_COUNT} entries unless --last says otherwise (1 to ${MAX_COUNT}). Each entry shows who, what, when, the outcome and the correlation id that ties it to the logs.`,
  flags: { last: 'string' },
  minRole: 'approver',
  async run({ args, services }) {
    if (args.positional.length > 0) return { card: errorCard(`audit takes no words, only --last N. Usage: ${auditCommand.usage}`) };
    const count = parseCount(args.flags.last);
    if (typeof count === 'string') return { card: errorCard(count) };
    const entries = await services.audit.last(count);
    if (entries.length === 0) return { card: renderCard('message', { title: 'Audit trail', text: 'Nothing has been recorded yet.', tone: 'default' }) };
    return {
      card: renderCard('audit', {
        heading: `The ${entries.length === 1 ? 'most recent entry' : `${entries.length} most recent entries`}, newest first. Times are UTC.`,
        entries: entries.map(entryView),
      }),
    };
  },
};

function parseCount(raw: string | true | undefined): number | string {
  if (raw === undefined) return DEFAULT_COUNT;
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_COUNT) {
    return `--last needs a whole number from 1 to ${MAX_COUNT}, for example --last 10 (got ${quoted(text)}).`;
  }
  return Number(text);
}

function entryView(entry: AuditEntry) {
  const reference = [`#${entry.seq}`];
  if (entry.requestId) reference.push(`request ${entry.requestId}`);
  if (entry.correlationId) reference.push(`correlation ${entry.correlationId}`);
  return {
    event: entry.event,
    actor: entry.actor.name || entry.actor.aadObjectId,
    at: formatTime(entry.at),
    what: entry.what,
    outcome: entry.outcome ?? '',
    reference: reference.join(' · '),
    tone: toneOf(entry),
  };
}

function toneOf(entry: AuditEntry): string {
  if (entry.event === 'refused' || entry.event === 'failed' || entry.event === 'rejected') return 'attention';
  if (entry.event === 'expired') return 'warning';
  if (entry.event === 'approved' || (entry.event === 'azureWrite' && entry.outcome?.startsWith('succeeded'))) return 'good';
  if (entry.event === 'azureWrite' && entry.outcome?.startsWith('failed')) return 'attention';
  return 'default';
}
