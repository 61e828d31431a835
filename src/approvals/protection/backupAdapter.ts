import type { Services } from '../../services';
import type { ProtectionBackend } from './protectionBackend';

/** The protection calls over the app's backup service; undefined when the app runs without one. */
export function protectionBackendOf(_services: Services): ProtectionBackend | undefined {
  return undefined;
}
