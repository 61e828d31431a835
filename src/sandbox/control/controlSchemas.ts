import { z } from 'zod';
import { TERMINAL_OUTCOMES } from '../estate/estateSchema';
import { isTransferPhaseCode } from '../sim/errorCatalog';

// Inputs of the control API, shared by the HTTP routes and the in-process SandboxControl.

export const advanceSchema = z.object({
  minutes: z.number({ message: 'minutes must be a number' }).min(0, 'minutes cannot be negative').max(60 * 24 * 400, 'minutes: at most 400 days at a time'),
});

export const outcomeSchema = z.object({
  vm: z.string().min(1, 'vm is required (a VM name, resourceGroup/name or an ARM id)'),
  status: z.enum(TERMINAL_OUTCOMES, { message: 'status must be Completed, CompletedWithWarnings or Failed' }),
  errorCode: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'errorCode must be a code name such as ExtensionSnapshotFailedNoNetwork').optional(),
  snapshotSeconds: z.number().min(0).max(86_400).optional(),
  transferDelaySeconds: z.number().min(0).max(86_400).optional(),
  transferSeconds: z.number().min(0).max(7 * 86_400).optional(),
}).refine((o) => warningProblem(o) === undefined, { message: 'CompletedWithWarnings needs a transfer-phase code' });

export const agentSchema = z.object({
  vm: z.string().min(1, 'vm is required (a VM name, resourceGroup/name or an ARM id)'),
  status: z.enum(['Ready', 'NotReady', 'NotInstalled'], { message: 'status must be Ready, NotReady or NotInstalled' }),
});

/**
 * Azure reports a backup "with warnings" only when the snapshot succeeded and the transfer failed;
 * a snapshot-phase code makes the job Failed. Returns the sentence that says so, or undefined.
 */
export function warningProblem(o: { status: string; errorCode?: string }): string | undefined {
  if (o.status !== 'CompletedWithWarnings' || o.errorCode === undefined || isTransferPhaseCode(o.errorCode)) return undefined;
  return `${o.errorCode} fails the snapshot, which Azure reports as Failed, not CompletedWithWarnings; use status Failed, or a transfer-phase code such as CopyingVHDsFromBackUpVaultTakingLongTime.`;
}

export const faultSchema = z.object({
  share: z.number().min(0, 'share is a fraction from 0 to 1').max(1, 'share is a fraction from 0 to 1'),
  status: z.union([z.literal(403), z.literal(429), z.literal(500), z.literal('reset')], { message: 'status must be 403, 429, 500 or "reset"' }).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  pathContains: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
});

export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
