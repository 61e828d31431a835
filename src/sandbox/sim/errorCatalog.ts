// Error codes the simulated jobs fail with. Names are Azure Backup's; the numeric codes are the
// sandbox's own (Azure returns numbers there too, but their mapping is not published).
// In job details: errorDetails[].errorCode = number, errorTitle = the code name, errorString = message.

export interface JobErrorInfo {
  code: string;
  numericCode: number;
  message: string;
  recommendations: string[];
  /** Which phase fails by default: snapshot -> job Failed, transfer -> job CompletedWithWarnings. */
  phase: 'snapshot' | 'transfer';
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
  },
  {
    code: 'GuestAgentSnapshotTaskStatusError',
    numericCode: 400060,
    message: 'Could not communicate with the VM agent for snapshot status.',
    recommendations: ['Restart the VM agent service (WindowsAzureGuestAgent or waagent) and retry.'],
    phase: 'snapshot',
  },
  {
    code: 'ExtensionSnapshotFailedNoNetwork',
    numericCode: 400238,
    message: 'Snapshot operation failed due to no network connectivity on the virtual machine.',
    recommendations: [
      'Allow outbound access from the VM: an NSG rule with the AzureBackup and Storage service tags, an HTTP proxy, or the AzureBackup FQDN tag on Azure Firewall.',
    ],
    phase: 'snapshot',
  },
  {
    code: 'CopyingVHDsFromBackUpVaultTakingLongTime',
    numericCode: 400262,
    message: 'Copying backed up data from vault timed out.',
    recommendations: [
      'Retry the operation after some time. If the issue persists, contact Microsoft support.',
    ],
    phase: 'transfer',
  },
  {
    code: 'ExtensionFailedVssWriterInBadState',
    numericCode: 400240,
    message: 'Snapshot operation failed because VSS writers were in a bad state.',
    recommendations: ['Restart the VSS writers that are not in a stable state (vssadmin list writers) and retry.'],
    phase: 'snapshot',
  },
  {
    code: 'UserErrorVmProvisioningStateFailed',
    numericCode: 400044,
    message: 'The VM is in a failed provisioning state.',
    recommendations: ['Restart the VM, or fix the failing extension, so that its provisioning state becomes Succeeded.'],
    phase: 'snapshot',
  },
  {
    code: 'UserErrorRpCollectionLimitReached',
    numericCode: 400170,
    message: 'The restore point collection maximum limit has been reached.',
    recommendations: ['Remove the resource lock on the restore point resource group and clean up old restore point collections.'],
    phase: 'snapshot',
  },
  {
    code: 'UserErrorKeyvaultPermissionsNotConfigured',
    numericCode: 400131,
    message: 'Backup service does not have sufficient permissions to Key Vault for backup of encrypted VMs.',
    recommendations: ['Give the Backup Management Service get/list permissions on the keys and secrets of the Key Vault.'],
    phase: 'snapshot',
  },
  {
    code: 'UserErrorUnsupportedOperatingSystem',
    numericCode: 400098,
    message: 'The operating system of the VM is not supported by Azure Backup (for example CoreOS).',
    recommendations: ['Back up this VM another way: Azure Backup supports Windows Server 2008 R2 or later and endorsed Linux distributions.'],
    phase: 'snapshot',
  },
  {
    code: 'UserErrorDiskCountLimitExceeded',
    numericCode: 400111,
    message: 'The VM has more data disks than Azure Backup supports (16 unmanaged or 32 managed).',
    recommendations: ['Detach data disks above the limit, or convert the VM to managed disks.'],
    phase: 'snapshot',
  },
];

const BY_CODE = new Map(CATALOG.map((info) => [info.code.toLowerCase(), info]));

export const DEFAULT_FAILED_CODE = 'UserErrorGuestAgentStatusUnavailable';
// A warning means the snapshot was taken and the transfer failed, so the default is a
// transfer-phase error; ExtensionSnapshotFailedNoNetwork (Azure's message speaks of the snapshot)
// stays available through setOutcome and estate overrides.
export const DEFAULT_WARNING_CODE = 'CopyingVHDsFromBackUpVaultTakingLongTime';

/** Catalogue entry for a code; codes the sandbox does not know get a generic entry. */
export function jobErrorInfo(code: string): JobErrorInfo {
  return (
    BY_CODE.get(code.toLowerCase()) ?? {
      code,
      numericCode: 400000,
      message: `The backup failed with error ${code}.`,
      recommendations: ['See https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot for this error code.'],
      phase: 'snapshot',
    }
  );
}

export function knownErrorCodes(): string[] {
  return CATALOG.map((info) => info.code);
}
