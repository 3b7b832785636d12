package io.steadfast.vault.outbound;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;


/** The vault's log messages. Ids are permanent: never reuse or renumber one. */
@MessageLogger(projectCode = "STEADFAST-VAULT-", length = 4)
interface VaultLogger extends BasicLogger {

    VaultLogger LOG = Logger.getMessageLogger(java.lang.invoke.MethodHandles.lookup(), VaultLogger.class, "io.steadfast.vault");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Vault opened: layout %s on %s for node %s; %d prepared branch(es) found in the journal")
    void opened(String layout, String disks, String nodeId, int prepared);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 2, value = "Vault journal damage that no copy could repair: %s. The damaged journal was kept aside; an operator must check the branches it held")
    void journalDamaged(String finding);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 6, value = "Vault journal: %s")
    void journalRepaired(String finding);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 7, value = "Vault is %s; disks out of service: %s. Replace them and run a rebuild")
    void degraded(String status, String disks);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "Vault closed: %s")
    void closed(String disks);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 4, value = "Vault could not be closed cleanly: %s")
    void closeFailed(String disks, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 5, value = "Vault XA %s on branch %s failed with code %d: %s")
    void xaFailure(String operation, String xid, int errorCode, String message);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 8, value = "Vault %s: %d of %d objects")
    void maintenanceProgress(String what, long done, long total);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 9, value = "Vault %s finished: %s")
    void maintenanceDone(String what, String report);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 10, value = "Vault journal: %s. The other copies were used; this copy's disk is out of service (the vault "
            + "is DEGRADED) until POST /api/v1/admin/vault/disks/{n}/rebuild checks it and writes a fresh copy")
    void journalCopySkipped(String finding);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 11, value = "Vault on %s cannot write committed objects to its disks: %s. They are served from memory and "
            + "kept in the journal while it retries; the vault is DEGRADED (DOWN if the applier stopped) at GET /api/v1/admin/vault")
    void applierFailing(String disks, String problem);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 12, value = "Vault on %s writes committed objects to its disks again")
    void applierRecovered(String disks);

    @Message(id = 13, value = "The vault's connection definition is invalid: %s. Its settings (config-properties of the "
            + "connection definition, written by standalone-config/configure-vault.cli from the system properties "
            + "steadfast.vault.*): layout=%s, directories=%s (%d), dataChunks=%s, parityChunks=%s, allowStripe=%s, nodeId=%s. "
            + "Allowed: layout mirror (any number of directories), parity (dataChunks + 1 directories), reed-solomon "
            + "(dataChunks + parityChunks directories) or stripe (dataChunks directories, and allowStripe=true); dataChunks "
            + "at least 1; nodeId 1-64 characters of A-Z a-z 0-9 . _ -. The vault is not opened")
    jakarta.resource.spi.InvalidPropertyException invalidConfiguration(String problem, String layout, String directories, int count,
                                                                       Integer dataChunks, Integer parityChunks, Boolean allowStripe,
                                                                       String nodeId);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 14, value = "Vault on %s cannot be opened: %s")
    void openFailed(String disks, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 15, value = "Vault index: %s. The index is derived from the segments, so nothing is lost; the start took longer")
    void indexRebuilt(String finding);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 16, value = "Vault shared with the cluster under %s: node %s writes only %s; reads that miss it look in the other "
            + "nodes' folders there, read-only")
    void shared(String clusterRoot, String nodeId, String ownFolder);

    @Message(id = 17, value = "The vault's tuning is invalid: %s. Set it as a system property (the server's property file) or an "
            + "environment variable, or leave it unset for its default; the vault is not opened")
    jakarta.resource.spi.InvalidPropertyException invalidTuning(String problem);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 18, value = "Some of the vault's threads had not ended 30 s after the adapter stopped, nor 5 s after an interrupt; "
            + "the engines were closed before, so what they had committed is in their journals")
    void threadsLeftRunning();
}
