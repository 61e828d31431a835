/**
 * Azure VM backup error codes with what they mean and what to do, condensed from Microsoft's
 * "Troubleshoot backup failures on Azure virtual machines" and "agent or extension issues" articles
 * and from the two seed articles. Job cards, alerts and digests all read this one table.
 */

export type ErrorCategory =
  | 'network'
  | 'agent'
  | 'extension'
  | 'vss'
  | 'vm-state'
  | 'limits'
  | 'permissions'
  | 'policy'
  | 'storage'
  | 'restore'
  | 'conflict'
  | 'internal'
  | 'unknown';

export interface CatalogueEntry {
  /** The code as Azure spells it. */
  code: string;
  /** Numeric codes Azure also reports for the same failure (job errorDetails carry numbers). */
  numericCodes: number[];
  /** Short title, like the heading in Microsoft's troubleshooting article. */
  title: string;
  /** What happened, in one or two sentences. */
  meaning: string;
  /** The first thing to do, in one sentence. */
  action: string;
  /** The remedies in the order to try them. */
  steps: string[];
  category: ErrorCategory;
  /** True when simply retrying later has a fair chance of succeeding. */
  retryable: boolean;
  docsUrl: string;
  /** False for the generic entry returned for codes we do not know. */
  known: boolean;
}

const VMS_TROUBLESHOOT = 'https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot';
const AGENT_TROUBLESHOOT = 'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout';
const PREPARE = 'https://learn.microsoft.com/azure/backup/backup-azure-arm-vms-prepare';

const REGION_PLACEHOLDER = '{region}';

/** The three ways the seed articles give to open outbound access for the backup extension. */
const OUTBOUND_ACCESS_STEPS = [
  `NSG: add an outbound security rule from VirtualNetwork to the service tag Storage.${REGION_PLACEHOLDER} (the region of the vault and the VM), TCP, port 443 (8443 for managed disks, 80 for unmanaged disks on an unencrypted storage account), with a priority number lower than any deny rule.`,
  'HTTP proxy: route the VM\'s HTTP/HTTPS traffic through a proxy (Windows: set the proxy for the local system account; Linux: http_proxy in /etc/environment and HttpProxy.Host / HttpProxy.Port in /etc/waagent.conf), allow inbound traffic from the virtual network on the proxy, and allow outbound Internet from the proxy in the NSG.',
  'Azure Firewall: allow the FQDN tag AzureBackup in an application rule of the firewall that filters the VM\'s subnet.',
  'Do not block 168.63.129.16 (ports 80, 443 and 32526) in the guest firewall or proxy: the agent and extensions need it.',
];

const WINDOWS_AGENT_STEPS = [
  'Windows: in services.msc check that "Windows Azure Guest Agent" is Running and restart it; if it is missing or stuck, reinstall the latest agent MSI (WaAppAgent.exe 2.6.1198.718 or later) with administrator rights, and make sure .NET 4.5 or later is installed.',
  'Linux: update the agent from the distribution repository (walinuxagent / waagent package), check it runs (ps -e), and restart it (systemctl restart walinuxagent or waagent).',
];

const EXTENSION_HEALTH_STEP =
  'In the Azure portal open the VM > Extensions and check every extension is "Provisioning succeeded"; uninstall a failed VMSnapshot / VMSnapshotLinux extension so the next backup reinstalls it.';

type EntrySpec = Omit<CatalogueEntry, 'known' | 'numericCodes'> & { numericCodes?: number[]; aliases?: string[] };

const SPECS: EntrySpec[] = [
  {
    code: 'ExtensionSnapshotFailedNoNetwork',
    title: 'Snapshot failed: no network connectivity on the VM',
    meaning: 'The backup extension in the VM could not reach Azure Storage to take and track the snapshot, usually because an NSG, a firewall or a missing proxy blocks outbound traffic.',
    action: `Allow outbound access from the VM to Azure Storage in its region (service tag Storage.${REGION_PLACEHOLDER}), through an HTTP proxy, or through Azure Firewall with the AzureBackup FQDN tag, then retry the backup.`,
    steps: OUTBOUND_ACCESS_STEPS,
    category: 'network',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#ExtensionSnapshotFailedNoNetwork-snapshot-operation-failed-due-to-no-network-connectivity-on-the-virtual-machine`,
  },
  {
    code: 'ExtensionSnapshotFailedNoSecureNetwork',
    title: 'Snapshot failed: no secure network channel',
    meaning: 'The extension could not open a TLS channel to Azure, typically because the .NET Framework in the VM does not use strong cryptography.',
    action: 'In the VM registry add SchUseStrongCrypto=1 (DWORD) under every .NET Framework key in HKLM\\SOFTWARE\\Microsoft, then retry the backup.',
    steps: [
      'Run regedit.exe elevated and list the .NET Framework versions under HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft.',
      'For each version add "SchUseStrongCrypto"=dword:00000001.',
      'Retry the backup.',
    ],
    category: 'network',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionsnapshotfailednosecurenetwork---the-snapshot-operation-failed-because-of-failure-to-create-a-secure-network-communication-channel`,
  },
  {
    code: 'UserErrorGuestAgentStatusUnavailable',
    title: 'VM agent unable to communicate with Azure Backup',
    meaning: 'The Azure VM agent is stopped, outdated, in an inconsistent state or not installed, so Azure Backup cannot ask it to take a snapshot.',
    action: 'Check the VM is Running with Agent status Ready (VM > Properties), restart or reinstall the VM agent, then retry the backup.',
    steps: [...WINDOWS_AGENT_STEPS, EXTENSION_HEALTH_STEP],
    category: 'agent',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#UserErrorGuestAgentStatusUnavailable-vm-agent-unable-to-communicate-with-azure-backup`,
  },
  {
    code: 'GuestAgentSnapshotTaskStatusError',
    title: 'Could not communicate with the VM agent for snapshot status',
    meaning: 'The snapshot was requested but the VM agent did not report its status: the agent is unresponsive or outdated, the snapshot task was delayed, or an application-control tool blocks IaaSBcdrExtension.exe.',
    action: 'Restart or update the VM agent, make sure nothing (AppLocker, antivirus) blocks IaaSBcdrExtension.exe, then retry the backup.',
    steps: [
      ...WINDOWS_AGENT_STEPS,
      'Linux: in /etc/waagent.conf set Extensions.Enable=y and Provisioning.Agent=auto.',
      'Exclude IaaSBcdrExtension.exe (or /var/lib on Linux) from AppLocker or other application-control rules.',
      'Keep DHCP enabled inside the guest: set a static private IP in Azure, not in the OS.',
    ],
    category: 'agent',
    retryable: true,
    docsUrl: `${AGENT_TROUBLESHOOT}#guestagentsnapshottaskstatuserror---could-not-communicate-with-the-vm-agent-for-snapshot-status`,
  },
  {
    code: 'UserErrorVmProvisioningStateFailed',
    title: 'The VM is in a failed provisioning state',
    meaning: 'A failed extension (or an update still in progress) left the VM in a failed provisioning state, which blocks the snapshot.',
    action: 'Fix or remove the failed extensions on the VM until its provisioning state is Succeeded, then retry the backup.',
    steps: [
      EXTENSION_HEALTH_STEP,
      'Resolve the errors of any other failed extension; they interfere with the backup.',
      'If the VM is still Updating, wait until it is healthy, then retry.',
    ],
    category: 'vm-state',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorvmprovisioningstatefailed---the-vm-is-in-failed-provisioning-state`,
  },
  {
    code: 'UserErrorRpCollectionLimitReached',
    title: 'The restore point collection limit has been reached',
    meaning: 'A VM can have at most 18 instant restore points; old ones were not cleaned up, usually because of a lock on the AzureBackupRG_<geo>_<n> resource group or too many backups a day.',
    action: 'Remove the lock from the AzureBackupRG_<geo>_<n> resource group and run one on-demand backup to trigger the clean-up (expect it to fail once).',
    steps: [
      'Remove any lock on the restore point resource group (AzureBackupRG_<geo>_<number>); do not lock resource groups created by Azure Backup.',
      'Trigger an on-demand backup: it starts the automatic clean-up within a few hours, even if that job fails.',
      'If backups still fail, delete the restore point collection AzureBackupRG_<VMName>_<number> in the portal (show hidden types), then retry.',
      'Keep to one backup a day: instant restore points are kept 1 to 5 days per the policy.',
    ],
    category: 'limits',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorrpcollectionlimitreached---the-restore-point-collection-max-limit-has-reached`,
  },
  {
    code: 'UserErrorKeyvaultPermissionsNotConfigured',
    title: 'Backup has no permission on the key vault of an encrypted VM',
    meaning: 'The VM\'s disks are encrypted and Azure Backup cannot read the keys and secrets it needs from the key vault.',
    action: 'Give the Backup Management Service access to the key vault (get/list on keys and secrets, or the matching RBAC role), wait a few minutes, then retry.',
    steps: [
      'In the key vault access policies (or RBAC) grant Backup Management Service the key and secret permissions listed in "Back up and restore encrypted Azure VMs".',
      'If the permissions are already set, retry after a little while: they take time to apply.',
    ],
    category: 'permissions',
    retryable: true,
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorkeyvaultpermissionsnotconfigured---backup-doesnt-have-sufficient-permissions-to-the-key-vault-for-backup-of-encrypted-vms`,
  },
  {
    code: 'ExtensionOperationFailedForManagedDisks',
    title: 'VMSnapshot extension operation failed',
    meaning: 'The snapshot of the managed disks could not be taken or its status could not be read, usually because the VM agent is unresponsive or outdated.',
    action: 'Check the VM agent and the VMSnapshot extension are healthy (restart or reinstall them), then retry the backup.',
    steps: [...WINDOWS_AGENT_STEPS, EXTENSION_HEALTH_STEP],
    category: 'extension',
    retryable: true,
    docsUrl: `${AGENT_TROUBLESHOOT}#ExtensionOperationFailed-vmsnapshot-extension-operation-failed`,
  },
  {
    code: 'BackUpOperationFailed',
    aliases: ['BackUpOperationFailedV2'],
    title: 'Backup failed with an internal error',
    meaning: 'Azure Backup hit an internal error while driving the snapshot; the usual causes are an unresponsive agent, a snapshot that could not be taken, or a lock that stops old restore points from being deleted.',
    action: 'Retry the backup in a few minutes; if it fails again, check the VM agent, the VMSnapshot extension and any lock on the AzureBackupRG_<geo>_<n> resource group.',
    steps: [
      ...WINDOWS_AGENT_STEPS,
      'Remove any lock on the AzureBackupRG_<geo>_<number> resource group.',
      'If the extension files are corrupt, reinstall the Visual C++ Redistributable (x64) shipped in C:\\Packages\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot\\<version>.',
    ],
    category: 'internal',
    retryable: true,
    docsUrl: `${AGENT_TROUBLESHOOT}#backupoperationfailed--backupoperationfailedv2---backup-fails-with-an-internal-error`,
  },
  {
    code: 'UserErrorUnsupportedDiskSize',
    title: 'A disk size is not supported by Azure Backup',
    meaning: 'A disk is larger than Azure Backup supports (32 TB, or 4 TB for encrypted disks).',
    action: 'Split the data onto disks within the supported size, remove the oversized disk, then retry the backup.',
    steps: [
      'Attach new disks within the supported size and copy the data over.',
      'Detach the oversized disk once the data is copied, then retry.',
    ],
    category: 'limits',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorunsupporteddisksize---the-configured-disk-sizes-is-currently-not-supported-by-azure-backup`,
  },
  {
    code: 'UserErrorBackupOperationInProgress',
    title: 'Another backup operation is in progress',
    meaning: 'A backup job for this VM is still running (possibly in another vault after a reconfiguration), so a new one could not start.',
    action: 'Wait for the running backup job to finish (or cancel it), then retry.',
    steps: [
      'Open the vault > Backup jobs and look for an in-progress job for this VM; wait for it or cancel it.',
      'If the VM was moved to another vault, make sure no job is still running in the old vault.',
    ],
    category: 'conflict',
    retryable: true,
    // 400249: the numeric errorCode next to this errorTitle in a recorded job list (FINDINGS (d), TF:5).
    numericCodes: [400249],
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorbackupoperationinprogress---unable-to-initiate-backup-as-another-backup-operation-is-currently-in-progress`,
  },
  {
    code: 'UserErrorCrpReportedUserError',
    title: 'Backup failed: error reported by the VM platform',
    meaning: 'The compute platform (CRP) reported an error for this VM; the real cause is in the job\'s error message details.',
    action: 'Read the job\'s error details (vault > Backup jobs > Failures) and follow the recommendation given there.',
    steps: ['Open the vault > Monitoring > Backup jobs, select the failed job and read the error message details.'],
    category: 'vm-state',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorcrpreportedusererror---backup-failed-due-to-an-error-for-details-see-job-error-message-details`,
  },
  {
    code: 'UserErrorBcmDatasourceNotPresent',
    title: 'The VM is not (actively) protected by Azure Backup',
    meaning: 'The backup was asked for a VM whose protection is stopped or paused.',
    action: 'Resume protection of the VM (or enable it again), then retry.',
    steps: ['Check the backup item in the vault: if protection is stopped, resume it with a policy.'],
    category: 'vm-state',
    retryable: false,
    docsUrl: `${AGENT_TROUBLESHOOT}#usererrorbcmdatasourcenotpresent---backup-failed-this-virtual-machine-is-not-actively-protected-by-azure-backup`,
  },
  {
    code: 'VMRestorePointInternalError',
    title: 'Antivirus blocks the backup extension',
    meaning: 'The antivirus in the VM stopped the backup extension (Event Viewer shows "Faulting application name: IaaSBcdrExtension.exe").',
    action: 'Exclude the VMSnapshot plugin folders from the antivirus, then retry the backup.',
    steps: [
      'Exclude C:\\Packages\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot from the antivirus.',
      'Exclude C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot from the antivirus.',
    ],
    category: 'extension',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#vmrestorepointinternalerror---antivirus-configured-in-the-vm-is-restricting-the-execution-of-backup-extension`,
  },
  {
    code: 'CopyingVHDsFromBackUpVaultTakingLongTime',
    title: 'Copying backed-up data timed out',
    meaning: 'The data transfer did not finish in time, because of transient storage errors or too few IOPS on the storage account.',
    action: 'Retry the backup; if it keeps timing out, follow the VM backup best practices (spread schedules, avoid saturated storage accounts).',
    steps: ['Retry the backup.', 'Spread the backup schedules of VMs sharing a storage account and avoid peak hours.'],
    category: 'storage',
    retryable: true,
    docsUrl: `${VMS_TROUBLESHOOT}#copyingvhdsfrombackupvaulttakinglongtime---copying-backed-up-data-from-vault-timed-out`,
  },
  {
    code: 'UserErrorVmNotInDesirableState',
    aliases: ['VmNotInDesirableState'],
    title: 'The VM is not in a state that allows backups',
    meaning: 'The VM is Failed or between Running and Shut down; backups need Running, Stopped or Stopped (deallocated).',
    action: 'Wait for the VM to settle in Running or Stopped, then retry the backup.',
    steps: [
      'If the VM is changing state, wait for it to finish, then retry.',
      'Linux with SELinux: exclude /var/lib/waagent from the security policy and make sure the backup extension is installed.',
      'Make sure the VM agent is installed.',
    ],
    category: 'vm-state',
    retryable: true,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrorvmnotindesirablestate---vm-is-not-in-a-state-that-allows-backups`,
  },
  {
    code: 'UserErrorFsFreezeFailed',
    title: 'Could not freeze the file systems of the Linux VM',
    meaning: 'One or more mount points could not be frozen for a file-system consistent snapshot (dirty file system, duplicate mount entries).',
    action: 'Unmount, fsck and remount the failing devices (or skip them with MountsToSkip in vmbackup.conf), then retry.',
    steps: [
      'Find the failing mount points in the extension log, unmount them, run fsck, mount them again.',
      'If a mount point cannot be unmounted, add it to MountsToSkip in the VMSnapshotLinux vmbackup.conf.',
      'Remove duplicate entries for the same mount point.',
    ],
    category: 'extension',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrorfsfreezefailed---failed-to-freeze-one-or-more-mount-points-of-the-vm-to-take-a-file-system-consistent-snapshot`,
  },
  {
    code: 'ExtensionSnapshotFailedCOM',
    aliases: ['ExtensionInstallationFailedCOM', 'ExtensionInstallationFailedMDTC', 'COMException'],
    title: 'Snapshot or extension operation failed due to a COM+ error',
    meaning: 'The Windows COM+ System Application or the Distributed Transaction Coordinator (MSDTC) is not working, so the backup extension could not run.',
    action: 'Restart the COM+ System Application service (net start COMSysApp) with MSDTC running as Network Service, then retry the backup.',
    steps: [
      'Start or restart "COM+ System Application" (elevated: net start COMSysApp).',
      'Make sure "Distributed Transaction Coordinator" runs as Network Service, then restart COM+ System Application.',
      'If it still fails, reinstall MSDTC: stop it, run msdtc -uninstall then msdtc -install, start it, then start COM+ System Application.',
    ],
    category: 'extension',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionsnapshotfailedcom--extensioninstallationfailedcom--extensioninstallationfailedmdtc---extension-installationoperation-failed-due-to-a-com-error`,
  },
  {
    code: 'ExtensionFailedVssWriterInBadState',
    title: 'Snapshot failed: VSS writers in a bad state',
    meaning: 'Some Volume Shadow Copy writers in the Windows VM are not Stable, so no application-consistent snapshot could be taken.',
    action: 'Run "vssadmin list writers" in the VM and restart the service of every writer that is not [1] Stable, then retry.',
    steps: [
      'Elevated prompt: vssadmin list writers; for each writer not in state [1] Stable restart its service (net stop / net start), in a maintenance window.',
      'If that is not enough: REG ADD "HKLM\\SOFTWARE\\Microsoft\\BcdrAgentPersistentKeys" /v SnapshotWithoutThreads /t REG_SZ /d True /f',
      'If VSS times out under load, spread the disk load, move the backup to off-peak hours or use disks with more IOPS.',
    ],
    category: 'vss',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionfailedvsswriterinbadstate---snapshot-operation-failed-because-vss-writers-were-in-a-bad-state`,
  },
  {
    code: 'ExtensionFailedVssServiceInBadState',
    title: 'Snapshot failed: VSS service in a bad state',
    meaning: 'The Volume Shadow Copy service in the Windows VM is in a bad state.',
    action: 'Restart the Volume Shadow Copy service (net stop VSS, net start VSS), then retry; restart the VM in a maintenance window if it persists.',
    steps: ['Restart "Volume Shadow Copy" in services.msc or with net stop VSS / net start VSS.', 'If it persists, restart the VM at a scheduled downtime.'],
    category: 'vss',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionfailedvssserviceinbadstate---snapshot-operation-failed-due-to-vss-volume-shadow-copy-service-in-bad-state`,
  },
  {
    code: 'ExtensionSnapshotBitlockerError',
    title: 'Snapshot failed: a drive is locked by BitLocker',
    meaning: 'VSS could not snapshot a drive that BitLocker keeps locked.',
    action: 'Unlock the drive (or turn off BitLocker on it), then retry the backup.',
    steps: ['Unlock the BitLocker drive from the Control Panel or turn BitLocker off for the VM drives, then retry.'],
    category: 'vss',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionsnapshotbitlockererror---the-snapshot-operation-failed-with-the-volume-shadow-copy-service-vss-operation-error`,
  },
  {
    code: 'ExtensionConfigParsingFailure',
    title: 'The backup extension could not parse its configuration',
    meaning: 'Permissions on the MachineKeys folder (%systemdrive%\\programdata\\microsoft\\crypto\\rsa\\machinekeys) were changed, so the extension cannot read its protected settings.',
    action: 'Reset the MachineKeys folder permissions to their defaults, delete the "Windows Azure CRP Certificate Generator" certificates, then retry.',
    steps: [
      'icacls %systemdrive%\\programdata\\microsoft\\crypto\\rsa\\machinekeys should show Everyone (R,W) and BUILTIN\\Administrators (F); reset them if not.',
      'Delete the local machine certificates issued to "Windows Azure CRP Certificate Generator".',
      'Trigger a backup.',
    ],
    category: 'extension',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionconfigparsingfailure---failure-in-parsing-the-config-for-the-backup-extension`,
  },
  {
    code: 'ExtensionStuckInDeletionState',
    title: 'The backup extension is stuck in deletion',
    meaning: 'The backup extension is in an inconsistent state that does not allow a backup.',
    action: 'Uninstall the VMSnapshot (or VMSnapshotLinux) extension from the VM; the next backup installs it again.',
    steps: ['Make sure the VM agent is installed and responsive.', EXTENSION_HEALTH_STEP, 'Retry the backup.'],
    category: 'extension',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionstuckindeletionstate---extension-state-is-not-supportive-to-backup-operation`,
  },
  {
    code: 'ExtensionFailedSnapshotLimitReachedError',
    title: 'Snapshot limit reached for some disks',
    meaning: 'Some attached disks already have the maximum number of snapshots.',
    action: 'Delete the blob snapshots you no longer need (never the disk blobs themselves), then retry.',
    steps: [
      'Delete unneeded disk blob snapshots.',
      'If soft delete is on for the disk storage accounts, shorten its retention so snapshots stay under the limit.',
      'If Azure Site Recovery also protects the VM, schedule it at another time.',
    ],
    category: 'limits',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionfailedsnapshotlimitreachederror---snapshot-operation-failed-as-snapshot-limit-is-exceeded-for-some-of-the-disks-attached`,
  },
  {
    code: 'ExtensionFailedTimeoutVMNetworkUnresponsive',
    title: 'Snapshot failed: the VM lacks resources',
    meaning: 'Network calls during the snapshot were too slow, usually because the VM is overloaded.',
    action: 'Make the snapshot go through the host (BcdrAgentPersistentKeys SnapshotMethod=firstHostThenGuest), move the backup to a quieter time, or resize the VM.',
    steps: [
      'REG ADD "HKLM\\SOFTWARE\\Microsoft\\BcdrAgentPersistentKeys" /v SnapshotMethod /t REG_SZ /d firstHostThenGuest /f',
      'REG ADD "HKLM\\SOFTWARE\\Microsoft\\BcdrAgentPersistentKeys" /v CalculateSnapshotTimeFromHost /t REG_SZ /d True /f',
      'Schedule the backup when CPU and IOPS are low, or increase the VM size.',
    ],
    category: 'vm-state',
    retryable: true,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionfailedtimeoutvmnetworkunresponsive---snapshot-operation-failed-due-to-inadequate-vm-resources`,
  },
  {
    code: 'ResourceNotFound',
    numericCodes: [320001],
    aliases: ['BCMV2VMNotFound'],
    title: 'The VM no longer exists',
    meaning: 'The protected VM was deleted but its backup policy still tries to back it up.',
    action: 'Recreate the VM with the same name and resource group, or stop protecting it (keeping or deleting its backup data).',
    steps: ['Recreate the VM with the same name in the same resource group, or', 'Stop protection of the backup item, with or without deleting its data.'],
    category: 'vm-state',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#320001-resourcenotfound---could-not-perform-the-operation-as-vm-no-longer-exists--400094-bcmv2vmnotfound---the-virtual-machine-doesnt-exist--an-azure-virtual-machine-wasnt-found`,
  },
  {
    code: 'UserErrorBCMPremiumStorageQuotaError',
    title: 'Not enough free space in the premium storage account',
    meaning: 'For premium disks on the V1 backup stack the snapshot is copied into the storage account first, and the account does not have enough free space.',
    action: 'Free space in the storage account (keep usage at about 50%, 17.5 TB) so the snapshot can be copied, then retry.',
    steps: ['Use at most about half of the premium storage account capacity so Azure Backup can copy the snapshot there.'],
    category: 'storage',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrorbcmpremiumstoragequotaerror---could-not-copy-the-snapshot-of-the-virtual-machine-due-to-insufficient-free-space-in-the-storage-account`,
  },
  {
    code: 'AzureVmOffline',
    numericCodes: [380008],
    title: 'Could not install the Recovery Services extension: the VM agent is not running',
    meaning: 'The Recovery Services extension needs the VM agent, which is not installed or not reporting.',
    action: 'Install the Azure VM agent (and check the VM configuration flags it), then retry the registration.',
    steps: WINDOWS_AGENT_STEPS,
    category: 'agent',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#380008-azurevmoffline---failed-to-install-microsoft-recovery-services-extension-as-virtual-machine--is-not-running`,
  },
  {
    code: 'ExtensionVCRedistInstallationFailure',
    title: 'Could not install the Visual C++ Redistributable for the extension',
    meaning: 'The backup extension needs a Visual C++ runtime that failed to install in the VM.',
    action: 'Install vcredist2013_x64 from the VMSnapshot plugin folder (check the Windows Installer service is not disabled), then retry.',
    steps: [
      'Run vcredist2013_x64 from C:\\Packages\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot\\<version>.',
      'Set Start=3 under HKLM\\SYSTEM\\CurrentControlSet\\Services\\Msiserver; if needed run MSIEXEC /UNREGISTER then MSIEXEC /REGISTER.',
      'Make sure antivirus exclusions allow the installation.',
    ],
    category: 'extension',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#extensionvcredistinstallationfailure---the-snapshot-operation-failed-because-of-failure-to-install-visual-c-redistributable-for-visual-studio-2012`,
  },
  {
    code: 'UserErrorRequestDisallowedByPolicy',
    title: 'An Azure Policy blocks the snapshot',
    meaning: 'An Azure Policy (often a tag or naming rule with a Deny effect) stops Azure Backup from creating its restore point resource group or collection.',
    action: 'Change the policy effect from Deny to Modify, or exclude the AzureBackupRG_<geo>_<n> resource group from it, then retry.',
    steps: [
      'Change the tag or naming policy effect from Deny to Modify, or',
      'Create the restore point resource group yourself following the naming Azure Backup expects, and exclude it from name/tag restrictions.',
    ],
    category: 'policy',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrorrequestdisallowedbypolicy---an-invalid-policy-is-configured-on-the-vm-which-is-preventing-snapshot-operation`,
  },
  {
    code: 'UserErrorSkuNotAvailable',
    title: 'Restore: the VM size is not available',
    meaning: 'The VM size chosen for the restore is not available in the target region.',
    action: 'Restore the disks instead, then create the VM from them with an available size.',
    steps: ['Use "Restore disks", then create the VM from the restored disks with a supported size (PowerShell).'],
    category: 'restore',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrorskunotavailable---vm-creation-failed-as-vm-size-selected-is-not-available`,
  },
  {
    code: 'UserErrorMarketPlaceVMNotSupported',
    title: 'Restore: the Marketplace offer is no longer available',
    meaning: 'The VM was created from a Marketplace plan that is no longer offered, so a VM cannot be created from it.',
    action: 'Restore the disks and attach the data disks to an existing VM to get the data back.',
    steps: ['Restore the disks, then attach the data disks to another VM.'],
    category: 'restore',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrormarketplacevmnotsupported---vm-creation-failed-due-to-market-place-purchase-request-being-not-present`,
  },
  {
    code: 'UserErrorInstantRpNotFound',
    title: 'Restore: the snapshot was not found',
    meaning: 'The restore used a recovery point that existed only as a snapshot (never transferred to the vault) and the snapshot is gone.',
    action: 'Restore from another recovery point, preferably one stored in the vault.',
    steps: ['Pick a different recovery point, ideally a vault-tier one.'],
    category: 'restore',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrorinstantrpnotfound---restore-failed-because-the-snapshot-of-the-vm-was-not-found`,
  },
  {
    code: 'UserErrorMigrationFromTrustedLaunchVMToNonTrustedVMNotAllowed',
    title: 'Backup cannot be configured after a Trusted Launch to standard migration',
    meaning: 'The VM was migrated from Trusted Launch to a non-Trusted-Launch VM (or reuses the name of a deleted Trusted Launch VM), which Azure Backup refuses.',
    action: 'Delete the old backup data of the previous VM (disable soft delete, stop protection with delete, re-enable soft delete), then configure protection again.',
    steps: [
      'Disable soft delete on the vault.',
      'Stop protection of the old item with "delete backup data".',
      'Re-enable soft delete and configure protection again once the deletion is done.',
    ],
    category: 'vm-state',
    retryable: false,
    docsUrl: `${VMS_TROUBLESHOOT}#usererrormigrationfromtrustedlaunchvm-tonontrustedvmnotallowed`,
  },
];

function toEntry(spec: EntrySpec): CatalogueEntry {
  const { aliases: _aliases, numericCodes, ...rest } = spec;
  return { ...rest, numericCodes: numericCodes ?? [], known: true };
}

const BY_CODE = new Map<string, CatalogueEntry>();
const BY_NUMBER = new Map<number, CatalogueEntry>();
for (const spec of SPECS) {
  const entry = toEntry(spec);
  BY_CODE.set(spec.code.toLowerCase(), entry);
  for (const alias of spec.aliases ?? []) BY_CODE.set(alias.toLowerCase(), { ...entry, code: alias });
  for (const n of entry.numericCodes) BY_NUMBER.set(n, entry);
}
// The docs pair BCMV2VMNotFound with its own number.
BY_NUMBER.set(400094, { ...BY_CODE.get('bcmv2vmnotfound')!, numericCodes: [400094] });

export interface LookupContext {
  /** Azure region of the VM (e.g. westeurope), used to name the Storage service tag. */
  region?: string;
}

/** Every known entry, in catalogue order (aliases excluded). */
export function catalogueEntries(): CatalogueEntry[] {
  return SPECS.map((spec) => BY_CODE.get(spec.code.toLowerCase())!);
}

/** True when `code` (string or number) is in the catalogue. */
export function isKnownErrorCode(code: string | number | undefined | null): boolean {
  return findEntry(code) !== undefined;
}

/**
 * The catalogue entry for an Azure error code, case-insensitive, by name or number. Unknown or missing
 * codes get a generic entry that still says what to do, so callers never handle `undefined`.
 */
export function lookupError(code: string | number | undefined | null, context: LookupContext = {}): CatalogueEntry {
  const entry = findEntry(code) ?? genericEntry(code);
  return personalise(entry, context);
}

function findEntry(code: string | number | undefined | null): CatalogueEntry | undefined {
  if (code === undefined || code === null) return undefined;
  if (typeof code === 'number') return BY_NUMBER.get(code);
  const trimmed = code.trim();
  if (/^\d+$/.test(trimmed)) return BY_NUMBER.get(Number(trimmed));
  return BY_CODE.get(trimmed.toLowerCase());
}

function genericEntry(code: string | number | undefined | null): CatalogueEntry {
  const shown = code === undefined || code === null || String(code).trim() === '' ? 'Unknown' : String(code).trim();
  return {
    code: shown,
    numericCodes: [],
    title: 'Backup error',
    meaning: shown === 'Unknown' ? 'Azure reported a failure without an error code.' : `Azure reported the error ${shown}, which is not in the bot's catalogue.`,
    action: 'Read the error message in the job details and retry the backup; if it fails again, check the VM agent, the VM\'s outbound network access and the backup extension.',
    steps: [
      'Check the VM agent is Ready and up to date (VM > Properties).',
      `Check the VM can reach Azure Storage outbound (service tag Storage.${REGION_PLACEHOLDER}, proxy, or Azure Firewall FQDN tag AzureBackup).`,
      EXTENSION_HEALTH_STEP,
    ],
    category: 'unknown',
    retryable: true,
    docsUrl: VMS_TROUBLESHOOT,
    known: false,
  };
}

/** What Azure itself said about an error the catalogue does not know (errorDetails or healthDetails). */
export interface AzureErrorText {
  code: string;
  message?: string;
  recommendations?: string[];
}

/**
 * An entry built from Azure's own words, for codes the catalogue lacks: Azure's errorString is the
 * meaning and its recommendations are the remedy, which beats a generic "check the agent".
 */
export function azureErrorEntry(error: AzureErrorText, context: LookupContext = {}): CatalogueEntry {
  const generic = genericEntry(error.code);
  const recommendations = (error.recommendations ?? []).map((text) => text.trim()).filter((text) => text !== '');
  const message = (error.message ?? '').trim();
  return personalise(
    {
      ...generic,
      title: /^[A-Za-z][A-Za-z0-9]+$/.test(error.code) ? error.code.replace(/([a-z0-9])([A-Z])/g, '$1 $2') : generic.title,
      meaning: message || generic.meaning,
      action: recommendations[0] ?? generic.action,
      steps: recommendations.length > 0 ? recommendations : generic.steps,
    },
    context,
  );
}

function personalise(entry: CatalogueEntry, context: LookupContext): CatalogueEntry {
  const region = context.region ? context.region.replace(/\s+/g, '').toLowerCase() : '<region>';
  const fill = (text: string) => text.split(REGION_PLACEHOLDER).join(region);
  return { ...entry, meaning: fill(entry.meaning), action: fill(entry.action), steps: entry.steps.map(fill) };
}

/** Where the seed article explains outbound access for the backup extension. */
export const OUTBOUND_ACCESS_DOCS = `${PREPARE}#explicitly-allow-outbound-access`;
