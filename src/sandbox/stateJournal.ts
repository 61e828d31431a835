import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HOUR_MS } from './model/clock';

// The sandbox's state across restarts (issue 13.2): the seed estate plus every change made since,
// as a journal of events on the simulated clock (ARM writes, control calls, the time reached).
// Replaying the journal on the same estate and seed rebuilds the same state, because the
// simulation is deterministic: same writes at the same simulated times, same random draws.
// Reads are not journaled (a status read that completes an operation early only moves its end by
// seconds: the simulated duration completes it on replay).

export type JournalEvent =
  | { at: number; kind: 'arm'; method: string; path: string; query: string; body: string }
  | { at: number; kind: 'outcome'; outcome: Record<string, unknown> }
  | { at: number; kind: 'agent'; agent: { vm: string; status: 'Ready' | 'NotReady' | 'NotInstalled' } }
  | { at: number; kind: 'runPolicy'; vault: string; policy: string }
  | { at: number; kind: 'operationPolls'; polls: number }
  | { at: number; kind: 'clock' };

interface Header {
  sandboxState: 1;
  /** Hash of the estate and seed the journal applies to. */
  basis: string;
  /** Start of the simulated clock when the journal began. */
  start: number;
}

export interface OpenedJournal {
  journal: StateJournal;
  /** Events to replay (empty when starting fresh). */
  events: JournalEvent[];
  /** Clock start to use: the journal's when it is kept. */
  start: number;
  /** Why the state starts fresh, or undefined when it is restored. */
  freshBecause?: string;
}

export class StateJournal {
  private lastClockMs = 0;
  private basis = '';
  private start = 0;

  private constructor(private readonly file: string) {}

  /** Opens `file`: its events when it was written for the same estate and seed, else a fresh journal. */
  static open(file: string, estateAndSeed: unknown, start: number): OpenedJournal {
    const basis = createHash('sha256').update(JSON.stringify(estateAndSeed)).digest('hex').slice(0, 16);
    const journal = new StateJournal(file);
    const previous = readJournal(file);
    if (previous && previous.header.basis === basis) {
      journal.basis = basis;
      journal.start = previous.header.start;
      journal.lastClockMs = Math.max(0, ...previous.events.map((event) => event.at));
      return { journal, events: previous.events, start: previous.header.start };
    }
    const freshBecause = !previous ? `no saved sandbox state in ${file}` : `the saved sandbox state in ${file} was made from another estate or seed`;
    journal.reset(basis, start);
    return { journal, events: [], start, freshBecause };
  }

  /** Back to the seed estate (control reset): the journal starts over. */
  restart(): void {
    this.reset(this.basis, this.start);
  }

  reset(basis: string, start: number): void {
    this.basis = basis;
    this.start = start;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const header: Header = { sandboxState: 1, basis, start };
    writeFileSync(this.file, `${JSON.stringify(header)}\n`);
    this.lastClockMs = start;
  }

  record(event: JournalEvent): void {
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
    if (event.at > this.lastClockMs) this.lastClockMs = event.at;
  }

  /** The time reached; written at most once per simulated hour unless forced (on close). */
  clock(at: number, force = false): void {
    if (at > this.lastClockMs && (force || at - this.lastClockMs >= HOUR_MS)) this.record({ at, kind: 'clock' });
  }
}

function readJournal(file: string): { header: Header; events: JournalEvent[] } | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  try {
    const header = JSON.parse(lines[0] ?? '') as Header;
    if (header.sandboxState !== 1) return undefined;
    // A line cut short by a crash is the last one: keep every complete event before it.
    const events: JournalEvent[] = [];
    for (const line of lines.slice(1)) {
      try {
        events.push(JSON.parse(line) as JournalEvent);
      } catch {
        break;
      }
    }
    return { header, events };
  } catch {
    return undefined;
  }
}
