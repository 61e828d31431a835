import type { Config, Role } from '../config';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2 };

/** Approvers can do what operators can; operators what viewers can. */
export function hasRole(actual: Role, needed: Role): boolean {
  return RANK[actual] >= RANK[needed];
}

export function roleFromConfig(config: Pick<Config, 'roles'>, aadObjectId: string | undefined): Role {
  const id = (aadObjectId ?? '').toLowerCase();
  if (id !== '' && config.roles.approvers.includes(id)) return 'approver';
  if (id !== '' && config.roles.operators.includes(id)) return 'operator';
  return 'viewer';
}

export function describeRole(role: Role): string {
  switch (role) {
    case 'approver':
      return 'approver: you can read everything, run backups, request protection and approve or reject other people\'s requests';
    case 'operator':
      return 'operator: you can read everything, run backups and request protection';
    case 'viewer':
      return 'viewer: you can read vaults, VMs, jobs and policies';
  }
}

/** "an operator", "an approver", "a viewer": the role with its article, for sentences. */
export function withArticle(role: Role): string {
  return `${role === 'viewer' ? 'a' : 'an'} ${role}`;
}
