import { z } from 'zod';
import { errorCard } from '../../bot/cards';
import type { CardActionDefinition } from '../../bot/commandTypes';
import { hasRole } from '../../bot/roles';
import { DEFAULT_SINCE, jobsCard } from '../jobs';
import { MAX_OFFSET } from '../paging';
import { jobCursorSchema } from '../jobCursor';
import { keyCursorSchema } from '../listCursor';
import { policiesCard } from '../policies';
import { vmsCard } from '../vms';
import { filterFromData } from '../filterFlags';

export const SHOW_MORE_VERB = 'showMore';

// The click carries the listing's query back; every field is checked as typed input would be
// (the list functions resolve vault and VM names and parse status and time span again).
const text = z.string().trim().max(500);
const offset = z.number().int().min(0).max(MAX_OFFSET);
const optional = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

const filter = { subscription: text.optional(), rg: text.optional(), tag: text.optional(), name: text.optional() };

const dataSchema = z.discriminatedUnion('list', [
  z.object({ list: z.literal('vms'), vault: text.optional(), unprotected: z.boolean().optional(), offset, cursor: keyCursorSchema.optional(), ...filter }),
  z.object({ list: z.literal('jobs'), vault: text.optional(), status: text.optional(), since: text.optional(), vm: text.optional(), offset, cursor: jobCursorSchema.optional(), ...filter }),
  z.object({ list: z.literal('policies'), vault: text.optional(), offset, cursor: keyCursorSchema.optional() }),
]);

/** "Show more" on the vms, jobs and policies lists: the next page replaces the card for the clicker. */
export const showMoreAction: CardActionDefinition = {
  verb: SHOW_MORE_VERB,
  minRole: 'viewer',
  async run({ data, services, user }) {
    const parsed = dataSchema.safeParse(data);
    if (!parsed.success) return { card: errorCard('This Show more button is out of date. Run the command again to get a fresh list.') };
    const request = parsed.data;
    const timeZone = services.config.defaultTimeZone;
    switch (request.list) {
      case 'vms':
        return { card: await vmsCard(services.backup, { vault: optional(request.vault), unprotected: request.unprotected === true, filter: filterFromData(request) }, request.cursor ?? request.offset, timeZone, hasRole(user.role, 'operator')) };
      case 'jobs': {
        const query = { vault: optional(request.vault), status: optional(request.status), since: optional(request.since) ?? DEFAULT_SINCE, vm: optional(request.vm), filter: filterFromData(request) };
        return { card: await jobsCard(services.backup, query, request.cursor ?? request.offset, services.clock(), timeZone) };
      }
      case 'policies':
        return { card: await policiesCard(services.backup, optional(request.vault), request.cursor ?? request.offset) };
    }
  },
};
