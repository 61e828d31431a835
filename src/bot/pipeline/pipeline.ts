import { auditWrites } from './auditWrites';
import { conversationRegistry } from './conversationRegistry';
import { errorMapping } from './errorMapping';
import { roleResolution } from './roleResolution';
import { tenantCheck } from './tenantCheck';
import type { Middleware } from './turnScope';

/**
 * The one pipeline every incoming activity runs through before its handler (teams/backupBot.ts), in
 * this order: nothing from another tenant is registered or answered beyond one sentence; the
 * conversation is remembered before anything can fail; the role is known before the routers check
 * `minRole`; failures of the handler (and its writes) become a sentence.
 */
export const PIPELINE: readonly Middleware[] = [tenantCheck, conversationRegistry, roleResolution, errorMapping, auditWrites];
