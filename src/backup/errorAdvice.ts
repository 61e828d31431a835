import type { JobErrorView } from './jobPhases';
import type { OsType } from './vmOs';

export type { OsType } from './vmOs';

/**
 * What a card says about one job error: the same words on the job card (`job`, `backup`, the
 * followed card) and on the alert of that job (issue 13.8: "alert and job cards of the same job
 * with the same content").
 */
export interface ErrorAdvice {
  code: string;
  title: string;
  meaning: string;
  /** Azure's own message when it says more than the catalogue's meaning; empty otherwise. */
  message: string;
  action: string;
  steps: string[];
  docsUrl: string;
}

const MAX_STEPS = 6;
/** "Windows: ...", "Linux: ...", "Linux with SELinux: ...": a step for one OS only. */
const OS_PREFIX = /^(Windows|Linux)\b[^:]{0,30}:/;

export function errorAdvice(error: JobErrorView, osType?: OsType): ErrorAdvice {
  return {
    code: error.code,
    title: error.catalogue.title,
    meaning: error.catalogue.meaning,
    message: error.message !== error.catalogue.meaning ? error.message : '',
    action: error.catalogue.action,
    steps: adviceSteps(error.catalogue.action, [...error.catalogue.steps, ...error.recommendations], osType),
    docsUrl: error.catalogue.docsUrl,
  };
}

/**
 * True when some step of these errors is for one OS only: only then is the VM's OS worth asking
 * for (a VM read when the bot has not seen the VM yet).
 */
export function hasOsSpecificSteps(errors: JobErrorView[]): boolean {
  return errors.some((error) => [...error.catalogue.steps, ...error.recommendations].some((step) => OS_PREFIX.test(step)));
}

/**
 * The catalogue's steps, then Azure's recommendations: without the steps for another OS than the
 * VM's (when it is known), and without a step that repeats the action or another step (Azure's
 * recommendations often restate the catalogue's words).
 */
export function adviceSteps(action: string, candidates: string[], osType?: OsType): string[] {
  const kept: string[] = [];
  const seen = [words(action)];
  for (const step of candidates) {
    const os = OS_PREFIX.exec(step)?.[1];
    if (osType !== undefined && os !== undefined && os !== osType) continue;
    const key = words(step);
    if (key === '' || seen.some((other) => other.includes(key) || key.includes(other))) continue;
    seen.push(key);
    kept.push(step);
  }
  return kept.slice(0, MAX_STEPS);
}

/** Lower-case letters and digits only, so "Retry the backup." and "retry the backup" are one step. */
function words(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
