/**
 * The OS of the VMs the bot has seen, by ARM id, so job and alert cards can leave out the remedies
 * for the other OS (issue 13.8). Azure's job, protected item and container say nothing about the
 * OS (virtualMachineVersion is "Compute" or "ClassicCompute"); only the VM (storageProfile.osDisk.osType)
 * and its recovery points do (test/fixtures/azure-recordings/FINDINGS.md). A VM's OS does not
 * change, so what the VM lists and reads showed is kept for the process's life (bounded, oldest
 * forgotten first); a VM that cannot be read (deleted, forbidden) is remembered as unknown for an
 * hour, so a card for it does not ask again each time.
 */

export type OsType = 'Windows' | 'Linux';

const MAX_VMS = 50_000;
const UNKNOWN_FOR_MS = 60 * 60_000;

export class VmOsCache {
  private readonly entries = new Map<string, { os: OsType } | { unknownUntil: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes what a listing or a read showed (nothing when the VM did not say). */
  remember(vmId: string, os: OsType | undefined): void {
    if (os !== undefined && vmId !== '') this.set(vmId, { os });
  }

  /** The VM could not be read: ask again only after a while. */
  rememberUnknown(vmId: string): void {
    this.set(vmId, { unknownUntil: this.now() + UNKNOWN_FOR_MS });
  }

  /** The OS when known; null when recently found unknowable; undefined when never asked. */
  lookup(vmId: string): OsType | null | undefined {
    const entry = this.entries.get(vmId.toLowerCase());
    if (entry === undefined) return undefined;
    if ('os' in entry) return entry.os;
    return entry.unknownUntil > this.now() ? null : undefined;
  }

  private set(vmId: string, entry: { os: OsType } | { unknownUntil: number }): void {
    const key = vmId.toLowerCase();
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_VMS) this.entries.delete(this.entries.keys().next().value as string);
  }
}
