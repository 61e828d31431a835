import type { Config } from './config';

// The Agents Playground's demo people (see .m365agentsplayground.yml). When `npm start` runs on
// the sandbox with no roles configured, Alex Wilber (the person at the keyboard) is an operator
// and Megan Bowen an approver, so the demo can show a whole protect -> approve flow. Never in
// azure mode: there, roles come only from OPERATORS / APPROVERS.
export const DEMO_OPERATOR = { name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' };
export const DEMO_APPROVER = { name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-000000000021', playgroundUserId: 'user-id-1' };

export function withDemoRoles(config: Config): { config: Config; applied: boolean } {
  const rolesConfigured = config.roles.operators.length > 0 || config.roles.approvers.length > 0 || config.roles.approverTeamId !== '';
  if (config.mode !== 'sandbox' || rolesConfigured) return { config, applied: false };
  const roles = { ...config.roles, operators: [DEMO_OPERATOR.aadObjectId], approvers: [DEMO_APPROVER.aadObjectId] };
  return { config: { ...config, roles }, applied: true };
}
