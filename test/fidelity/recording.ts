import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The exchange format (and its zod schema) lives in src, beside the recorder that writes it.
import { exchangeSchema, type Exchange } from '../../src/backup/recording/exchange';

export { exchangeSchema, type Exchange };

export interface RecordingFile {
  file: string;
  exchanges: Exchange[];
}

/** Every `*.json` file of a folder that is a JSON array of exchanges (other files are ignored). */
export function loadRecordings(dir: string): RecordingFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const raw = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
      const parsed = z.array(exchangeSchema).safeParse(raw);
      if (!parsed.success) throw new Error(`${name}: not a recording (${parsed.error.issues[0]?.message ?? 'bad format'})`);
      return { file: name, exchanges: chronological(parsed.data) };
    });
}

/** PowerShell's recorder groups exchanges by URI: the response date gives the real order (stable otherwise). */
function chronological(exchanges: Exchange[]): Exchange[] {
  return exchanges
    .map((exchange, index) => ({ exchange, index, time: Date.parse(exchange.headers.date ?? '') }))
    .sort((a, b) => (Number.isNaN(a.time) || Number.isNaN(b.time) ? 0 : a.time - b.time) || a.index - b.index)
    .map((entry) => entry.exchange);
}

/** `api-version` of the exchange's query. */
export function apiVersionOf(exchange: Exchange): string {
  return /(?:^|&)api-version=([^&]+)/.exec(exchange.query)?.[1] ?? '';
}

/** Label of the kind of request: method and the path's resource types, ids removed (e.g. "GET vaults/backupJobs/{}"). */
export function kindOf(exchange: Exchange): string {
  const segments = decodeURIComponent(exchange.path).split('/').filter(Boolean);
  const types: string[] = [];
  const providers = segments.findIndex((segment) => segment.toLowerCase() === 'providers');
  if (providers < 0) return `${exchange.method} ${segments.filter((_, i) => i % 2 === 0).join('/')}`;
  const rest = segments.slice(providers + 2);
  for (let i = 0; i < rest.length; i++) types.push(i % 2 === 0 ? rest[i] : '{}');
  return `${exchange.method} ${types.join('/')}`;
}
