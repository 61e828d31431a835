import type { Logger } from '../../logger';
import { createAzureClients, type RetrySettings, type SandboxConnection } from '../azureClients';
import type { BackupService } from '../backupService';
import { AzureAccess } from './azureAccess';
import { cancelJob, type CancelResult, type WriteRecorder } from './jobCancel';
import { findBackupItem, type BackupItem } from './protectedItem';
import { listRecoveryPoints, type RecoveryPointList } from './recoveryPoints';
import * as protection from './protectionChanges';
import { readVaultSecurity, type VaultSecurity } from './vaultSecurity';
import * as vaultCreate from './vaultCreate';
import { readVaultOverviews, type VaultOverview } from './vaultOverview';
import type { VaultView } from '../views';

export interface LifecycleOptions {
  mode: 'sandbox' | 'azure';
  sandbox?: SandboxConnection;
  backup: BackupService;
  logger: Logger;
  clock?: () => Date;
  retry?: RetrySettings;
  requestTimeoutMs?: number;
  /** Aborted at shutdown: the 202 polls stop (PollSettings.signal). */
  signal?: AbortSignal;
}

/**
 * The rest of the backup life cycle (issue 14): cancel, recovery points, stop / resume protection,
 * policy changes, vault and policy creation. Reads and name resolution go through the backup
 * service; the writes live here, one file per operation.
 */
export class LifecycleService {
  readonly azure: AzureAccess;

  constructor(azure: AzureAccess) {
    this.azure = azure;
  }

  /** `record` wraps the cancel request itself (the handler's `ctx.audited`). */
  cancelJob(jobId: string, vault?: string, record?: WriteRecorder): Promise<CancelResult> {
    return cancelJob(this.azure, jobId, vault, record);
  }

  recoveryPoints(vm: string): Promise<RecoveryPointList> {
    return listRecoveryPoints(this.azure, vm);
  }

  backupItem(vm: string): Promise<BackupItem | undefined> {
    return findBackupItem(this.azure, vm);
  }

  planStop(vm: string, deleteData: boolean): Promise<protection.StopPlan> {
    return protection.planStop(this.azure, vm, deleteData);
  }

  stopProtection(vm: string, deleteData: boolean): Promise<protection.ChangeResult> {
    return deleteData ? protection.deleteBackupData(this.azure, vm) : protection.stopProtection(this.azure, vm);
  }

  planResume(vm: string, policy: string) {
    return protection.planResume(this.azure, vm, policy);
  }

  resumeProtection(vm: string, policy: string): Promise<protection.ChangeResult> {
    return protection.resumeProtection(this.azure, vm, policy);
  }

  planPolicyChange(vm: string, policy: string) {
    return protection.planPolicyChange(this.azure, vm, policy);
  }

  changePolicy(vm: string, policy: string): Promise<protection.ChangeResult> {
    return protection.changePolicy(this.azure, vm, policy);
  }

  vaultSecurity(vault: Pick<VaultView, 'name' | 'subscriptionId' | 'resourceGroup'>): Promise<VaultSecurity> {
    return readVaultSecurity(this.azure, vault);
  }

  vaultOverviews(vaults: ReadonlyArray<Pick<VaultView, 'id' | 'name' | 'subscriptionId' | 'resourceGroup'>>): Promise<Map<string, VaultOverview>> {
    return readVaultOverviews(this.azure, vaults);
  }

  planVaultCreate(input: vaultCreate.VaultCreateInput): Promise<vaultCreate.VaultCreatePlan> {
    return vaultCreate.planVaultCreate(this.azure, input);
  }

  createVault(plan: vaultCreate.VaultCreatePlan): Promise<vaultCreate.VaultCreateResult> {
    return vaultCreate.createVault(this.azure, plan);
  }

  readCreatedVault(plan: Pick<vaultCreate.VaultCreatePlan, 'name' | 'resourceGroup' | 'subscriptionId'>): Promise<{ storageType?: string } | undefined> {
    return vaultCreate.readCreatedVault(this.azure, plan);
  }

  close(): void {
    this.azure.clients.close();
  }
}

export function createLifecycleService(options: LifecycleOptions): LifecycleService {
  const clients = createAzureClients({ mode: options.mode, sandbox: options.sandbox, retry: options.retry, requestTimeoutMs: options.requestTimeoutMs });
  const sandbox = options.mode === 'sandbox';
  const polling = { intervalMs: sandbox ? 200 : 3000, timeoutMs: sandbox ? 60_000 : 180_000, maxRetryAfterMs: sandbox ? 1_000 : 5_000, signal: options.signal };
  return new LifecycleService(new AzureAccess(clients, options.backup, options.logger, options.clock ?? (() => new Date()), polling));
}
