import type { TurnRoster } from '../bot/chatTypes';
import type { Config, Role } from '../config';
import { errorFacts, type Logger } from '../logger';
import { roleFromConfig } from '../bot/roles';
import type { RoleResolver } from '../services';

export interface TeamRoleResolverOptions {
  /** How long a team-owner lookup is trusted; short, so removing an owner takes effect soon. */
  cacheTtlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  owner: boolean;
  until: number;
}

const DEFAULT_TTL_MS = 5 * 60_000;

/**
 * Roles from configuration (APPROVERS, OPERATORS), plus the owners of the team named by
 * APPROVER_TEAM_ID, who are approvers. The roster lookup needs a turn (the connector's token
 * and serviceUrl); its answer is cached briefly. A failed lookup counts as "not an owner":
 * it can only withhold the approver role, never grant it.
 */
export class TeamRoleResolver implements RoleResolver {
  private readonly owners = new Map<string, CacheEntry>();
  /** aadObjectId -> Teams user id (29:...), learnt from activities, for the cards' refresh lists. */
  private readonly teamsIds = new Map<string, string>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly config: Pick<Config, 'roles'>,
    private readonly logger: Logger,
    options: TeamRoleResolverOptions = {},
  ) {
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async resolve(turn: TurnRoster, aadObjectId: string): Promise<Role> {
    const id = aadObjectId.toLowerCase();
    if (id !== '' && turn.senderTeamsId !== undefined) this.teamsIds.set(id, turn.senderTeamsId);
    const configured = roleFromConfig(this.config, id);
    if (configured === 'approver' || id === '' || this.config.roles.approverTeamId === '') return configured;
    return (await this.isTeamOwner(turn, id)) ? 'approver' : configured;
  }

  /**
   * Teams user ids of everyone known to be an approver: configured ones and team owners seen
   * recently. Users whose Teams id we have not seen yet are named by their AAD MRI (8:orgid:...).
   */
  approverUserIds(): string[] {
    const aadIds = new Set(this.config.roles.approvers);
    for (const [id, entry] of this.owners) if (entry.owner) aadIds.add(id);
    return [...aadIds].map((id) => this.teamsIds.get(id) ?? `8:orgid:${id}`);
  }

  private async isTeamOwner(turn: TurnRoster, aadObjectId: string): Promise<boolean> {
    const cached = this.owners.get(aadObjectId);
    if (cached !== undefined && cached.until > this.now()) return cached.owner;
    let owner = false;
    try {
      const role = await turn.memberRole(this.config.roles.approverTeamId, aadObjectId);
      owner = typeof role === 'string' && role.toLowerCase() === 'owner';
    } catch (err) {
      // Not a member, no access to the roster, or Teams unavailable: no elevated role.
      this.logger.debug({ ...errorFacts(err), aadObjectId }, 'team owner lookup failed');
    }
    this.owners.set(aadObjectId, { owner, until: this.now() + this.ttlMs });
    return owner;
  }
}
