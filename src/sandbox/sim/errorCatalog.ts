// Error codes the simulated jobs and items report. Only codes Azure is known to send:
//  - "rec": seen in the recorded live-Azure exchanges (test/fixtures/azure-recordings, FINDINGS.md
//    sections (a) and (d)); their numeric codes are Azure's own.
//  - "doc": listed in Microsoft's troubleshooting articles
//    https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout (agent/extension)
//    https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot (VM backup)
//    Those articles publish names and messages, not numbers: the numeric codes of "doc" entries are the
//    sandbox's own (400xxx like Azure's, but not Azure's mapping, which is unpublished).
// Job errorDetails: {errorCode: <number>, errorTitle: <name>, errorString: <message>, recommendations}.
// Item healthDetails: {code: <number>, title: <name>, message, recommendations}.

export interface JobErrorInfo {
  code: string;
  numericCode: number;
  message: string;
  recommendations: string[];
  /** Which phase fails by default: snapshot -> job Failed, transfer -> job CompletedWithWarnings. */
  phase: 'snapshot' | 'transfer' | 'operation';
  source: 'rec' | 'doc';
}

const CATALOG: JobErrorInfo[] = [
  {
    code: 'UserErrorGuestAgentStatusUnavailable',
    numericCode: 400059,
    message: 'VM Agent unable to communicate with Azure Backup.',
    recommendations: [
      'Ensure the VM agent is installed, running and up to date (Windows: WaAppAgent 2.6.1198.718 or later).',
      'Make sure the VM can reach Azure Backup and Azure Storage outbound, then retry the backup.',
    ],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    code: 'GuestAgentSnapshotTaskStatusError',
    numericCode: 400060,
    message: 'Could not communicate with the VM agent for snapshot status.',
    recommendations: ['Restart the VM agent service (WindowsAzureGuestAgent or waagent) and retry.'],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    code: 'ExtensionSnapshotFailedNoNetwork',
    numericCode: 400238,
    message: 'Snapshot operation failed due to no network connectivity on the virtual machine.',
    recommendations: [
      'Allow outbound access from the VM: an NSG rule with the AzureBackup and Storage service tags, an HTTP proxy, or the AzureBackup FQDN tag on Azure Firewall.',
    ],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    code: 'CopyingVHDsFromBackUpVaultTakingLongTime',
    numericCode: 400262,
    message: 'Copying backed up data from vault timed out.',
    recommendations: ['Retry the operation after some time. If the issue persists, contact Microsoft support.'],
    phase: 'transfer',
    source: 'doc',
  },
  {
    code: 'ExtensionFailedVssWriterInBadState',
    numericCode: 400240,
    message: 'Snapshot operation failed because VSS writers were in a bad state.',
    recommendations: ['Restart the VSS writers that are not in a stable state (vssadmin list writers) and retry.'],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    code: 'UserErrorVmProvisioningStateFailed',
    numericCode: 400044,
    message: 'The VM is in a failed provisioning state.',
    recommendations: ['Restart the VM, or fix the failing extension, so that its provisioning state becomes Succeeded.'],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    code: 'UserErrorRpCollectionLimitReached',
    numericCode: 400170,
    message: 'The restore point collection maximum limit has been reached.',
    recommendations: ['Remove the resource lock on the restore point resource group and clean up old restore point collections.'],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    code: 'UserErrorKeyvaultPermissionsNotConfigured',
    numericCode: 400131,
    message: 'Backup service does not have sufficient permissions to Key Vault for backup of encrypted VMs.',
    recommendations: ['Give the Backup Management Service get/list permissions on the keys and secrets of the Key Vault.'],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    // Azure documents no specific code for an unsupported OS or too many disks; the documented
    // generic failure stands in (the bot's `check` names the real reason before anyone protects).
    code: 'BackUpOperationFailed',
    numericCode: 400001,
    message: 'Backup failed with an internal error.',
    recommendations: ['Please retry the operation in a few minutes. If the problem persists, contact Microsoft support.'],
    phase: 'snapshot',
    source: 'doc',
  },
  {
    // TF:5 (api 2024-10-01): a backup requested while another one runs becomes this Failed job.
    code: 'UserErrorBackupOperationInProgress',
    numericCode: 400249,
    message: 'Unable to initiate backup as another backup operation is currently in progress.',
    recommendations: [
      'Please wait until the previous backup operation is completed. To understand why the previous job might be taking more time than intended refer to https://go.microsoft.com/fwlink/?linkid=851524 ',
    ],
    phase: 'snapshot',
    source: 'rec',
  },
  {
    // TF:5: a failed Restore job.
    code: 'VMCreationTimeOutStorageErrorV2',
    numericCode: 400199,
    message: 'Create VM took very long time and got timed out',
    recommendations: ['Please retry the operation after some time. If problem persists, please contact Microsoft support.'],
    phase: 'operation',
    source: 'rec',
  },
  {
    // Redo:2: health of an item whose VM was deleted.
    code: 'UserErrorVmNotFoundV2',
    numericCode: 400136,
    message: "Virtual machine doesn't exist.",
    recommendations: ['Please make sure that virtual machine exists or select a different virtual machine.'],
    phase: 'snapshot',
    source: 'rec',
  },
];

const BY_CODE = new Map(CATALOG.map((info) => [info.code.toLowerCase(), info]));

export const DEFAULT_FAILED_CODE = 'UserErrorGuestAgentStatusUnavailable';
// A warning means the snapshot was taken and the transfer failed, so the default is a
// transfer-phase error.
export const DEFAULT_WARNING_CODE = 'CopyingVHDsFromBackUpVaultTakingLongTime';
/** The code of a backup requested while another backup of the item runs (TF:5). */
export const BACKUP_IN_PROGRESS_CODE = 'UserErrorBackupOperationInProgress';
/** The code a generic, unexplained failure gets. */
export const GENERIC_FAILED_CODE = 'BackUpOperationFailed';

/**
 * The healthDetails entry of an item whose last backup succeeded (scenario:119, Redo:2/19): the
 * "pre-check OK" entry, numeric code 400239.
 */
export const HEALTHY_DETAIL = {
  code: 400239,
  title: 'IaasVmHealthGreenDefault',
  message: 'Backup pre-check status of this virtual machine is OK.',
  recommendations: [] as string[],
};

/** Catalogue entry for a code; codes the sandbox does not know get a generic entry. */
export function jobErrorInfo(code: string): JobErrorInfo {
  return (
    BY_CODE.get(code.toLowerCase()) ?? {
      code,
      numericCode: 400000,
      message: `The operation failed with error ${code}.`,
      recommendations: ['See https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot for this error code.'],
      phase: 'snapshot',
      source: 'doc',
    }
  );
}

/** True when the code fails the transfer phase (the job then ends CompletedWithWarnings). */
export function isTransferPhaseCode(code: string): boolean {
  return BY_CODE.get(code.toLowerCase())?.phase === 'transfer';
}

export function knownErrorCodes(): string[] {
  return CATALOG.map((info) => info.code);
}
